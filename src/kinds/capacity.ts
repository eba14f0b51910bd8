/** Resolving a component's per-replica capacity from its settings. */
import { uslThroughput } from '../fit/usl.js';
import { formatDuration, formatNumber } from '../units/format.js';
import type { ReplicaCapacity, SizingContext, UslParams } from './kind.js';
import { operationsMeanS, type ShapeSettings } from './service-shape.js';
import { uslPastPeak } from './usl-bounds.js';

/** The capacity-related settings shared by kinds. */
export interface CapacitySettings extends ShapeSettings {
  capacity?: number | { usl?: UslParams; fit?: string; concurrency: number } | undefined;
  serviceTime?: number | undefined;
  workers?: number | undefined;
}

/**
 * Per-replica capacity μ and its M/M/c shape (c servers of rate μ/c):
 * - `capacity` given: μ = capacity; c = workers (default 1); S = c / μ;
 * - `serviceTime` S and `workers` c: μ = c / S (a replica is c servers each completing 1/S per second);
 * - a USL curve at concurrency N: μ = X(N) = λN / (1 + σ(N−1) + κN(N−1)), c = N (Gunther, GCaP 2007).
 * The profile schema has already refused missing or contradictory settings (refine.ts).
 */
export function resolveCapacity(s: CapacitySettings, ctx: SizingContext, unit: string): ReplicaCapacity {
  // The same settings are sized at peak and off-peak, and pass after pass: resolve (and word) them once.
  const known = resolved.get(s);
  if (known !== undefined && known.unit === unit && known.fittedUsl === ctx.fittedUsl) return known.capacity;
  const capacity = resolveOnce(s, ctx, unit);
  resolved.set(s, { unit, fittedUsl: ctx.fittedUsl, capacity });
  return capacity;
}

/** Capacities already resolved, by the settings object they came from (settings are not changed once validated; the result is read, never changed). */
const resolved = new WeakMap<CapacitySettings, { unit: string; fittedUsl: UslParams | null; capacity: ReplicaCapacity }>();

function resolveOnce(s: CapacitySettings, ctx: SizingContext, unit: string): ReplicaCapacity {
  const cap = s.capacity;
  if (cap !== undefined && typeof cap === 'object') {
    const params = cap.usl ?? ctx.fittedUsl;
    if (!params) throw new Error(`internal: ${ctx.name}: capacity.fit was not fitted before sizing`);
    const n = cap.concurrency;
    const x = uslThroughput(params, n);
    const pastPeak = uslPastPeak(params, n);
    const notes: string[] = pastPeak === null ? [] : [pastPeak];
    const source = cap.usl ? 'capacity.usl' : `fit of ${cap.fit}`;
    return {
      perReplica: x,
      workers: n,
      perWorker: x / n,
      derivation: `μ = X(N) = λN / (1 + σ(N−1) + κN(N−1)) = ${formatNumber(params.lambda)} × ${n} / (1 + ${formatNumber(params.sigma)} × ${n - 1} + ${formatNumber(params.kappa)} × ${n} × ${n - 1}) = ${formatNumber(x)} ${unit} (USL, ${source})`,
      notes,
    };
  }
  const workers = s.workers ?? 1;
  if (typeof cap === 'number') {
    return {
      perReplica: cap,
      workers,
      perWorker: cap / workers,
      derivation: `μ = capacity = ${formatNumber(cap)} ${unit} per replica, c = ${workers} worker${workers === 1 ? '' : 's'} (S = c / μ = ${formatDuration(workers / cap)})`,
      notes: [],
    };
  }
  const fromOperations = s.serviceTime === undefined ? operationsMeanS(s) : null;
  const serviceTime = s.serviceTime ?? fromOperations;
  if (serviceTime === null) throw new Error(`internal: ${ctx.name}: no capacity or serviceTime reached sizing`);
  const mu = workers / serviceTime;
  return {
    perReplica: mu,
    workers,
    perWorker: 1 / serviceTime,
    derivation: `μ = c / S = ${workers} / ${formatDuration(serviceTime)}${fromOperations !== null ? ' (the operations’ mean)' : ''} = ${formatNumber(mu)} ${unit} per replica`,
    notes: [],
  };
}
