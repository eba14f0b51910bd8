/** Cross-field checks shared by kind schemas, reported as positioned zod issues. */
import type * as z from 'zod';
import type { UslParams } from '../fit/usl-model.js';
import { formatNumber } from '../units/format.js';
import { uslCapacityProblem } from './usl-bounds.js';

type Ctx = z.RefinementCtx;

/** A component needs one way to know its capacity, and `capacity` must agree with `workers / serviceTime`. */
export function checkCapacity(
  v: { capacity?: unknown; serviceTime?: number | undefined; workers?: number | undefined; operations?: { serviceTime?: number | undefined }[] | undefined },
  ctx: Ctx,
  opts: { alternatives?: string[] } = {},
): void {
  const { capacity, serviceTime } = v;
  const workers = v.workers ?? 1;
  const timedOperations = v.operations !== undefined && v.operations.every((o) => o.serviceTime !== undefined);
  if (capacity === undefined && serviceTime === undefined && !timedOperations) {
    // "capacity, serviceTime or operations, each with a serviceTime": the alternatives are whole phrases.
    const ways = ['capacity (e.g. 1000/s)', 'serviceTime (e.g. 20ms)', ...(opts.alternatives ?? [])];
    ctx.addIssue({
      code: 'custom',
      path: [],
      message: `needs ${ways.slice(0, -1).join(', ')} or ${ways[ways.length - 1]}`,
      params: { hint: 'capacity is what one replica completes per second at 100 % busy; serviceTime with workers gives it as workers / serviceTime' },
    });
    return;
  }
  if (typeof capacity === 'number' && serviceTime !== undefined) {
    const implied = workers / serviceTime;
    if (Math.abs(implied - capacity) / capacity > 0.01) {
      ctx.addIssue({
        code: 'custom',
        path: ['capacity'],
        message: `capacity ${formatNumber(capacity)}/s disagrees with workers / serviceTime = ${workers} / ${formatNumber(serviceTime)} s = ${formatNumber(implied)}/s`,
        params: { hint: 'give capacity, or serviceTime with workers, not both' },
      });
    }
  }
  if (capacity !== null && typeof capacity === 'object') {
    const c = capacity as { usl?: unknown; fit?: unknown };
    if ((c.usl === undefined) === (c.fit === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'give exactly one of capacity.usl or capacity.fit', params: {} });
    }
    if (serviceTime !== undefined || v.workers !== undefined) {
      // Name only the keys written: "drop serviceTime and workers" under a lone workers sends the reader looking for a serviceTime.
      const written = [...(serviceTime !== undefined ? ['serviceTime'] : []), ...(v.workers !== undefined ? ['workers'] : [])];
      ctx.addIssue({
        code: 'custom',
        path: ['capacity'],
        message: `a USL capacity${c.fit !== undefined && c.usl === undefined ? ' (fitted)' : ''} sets the per-replica rate and concurrency itself; drop ${written.join(' and ')}`,
        params: {},
      });
    }
    // Coefficients each in range can still give a capacity no `capacity:` rate could be (X(N) below 1e-9/s).
    const usl = (capacity as { usl?: UslParams }).usl;
    const concurrency = (capacity as { concurrency?: unknown }).concurrency;
    if (usl !== undefined && typeof concurrency === 'number') {
      const problem = uslCapacityProblem(usl, concurrency);
      if (problem) ctx.addIssue({ code: 'custom', path: ['capacity', 'concurrency'], message: problem, params: { hint: 'check the units of λ and the size of κ; a lower concurrency gives a larger X(N)' } });
    }
  }
}

/** Replica bounds must be ordered. */
export function checkReplicaBounds(v: { replicas?: { min?: number | undefined; max?: number | undefined } | undefined }, ctx: Ctx): void {
  const r = v.replicas;
  if (r?.min !== undefined && r.max !== undefined && r.min > r.max) {
    ctx.addIssue({ code: 'custom', path: ['replicas'], message: `replicas.min ${r.min} is above replicas.max ${r.max}`, params: {} });
  }
}
