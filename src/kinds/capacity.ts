/** Resolving a component's per-replica capacity from its settings. */
import { uslPeak, uslThroughput } from '../fit/usl.js';
import { formatDuration, formatNumber } from '../units/format.js';
import type { ReplicaCapacity, SizingContext, UslParams } from './kind.js';

/** The capacity-related settings shared by kinds. */
export interface CapacitySettings {
  capacity?: number | { usl?: UslParams; fit?: string; concurrency: number } | undefined;
  serviceTime?: number | undefined;
  workers?: number | undefined;
}

/** Relative disagreement tolerated between `capacity` and `workers / serviceTime`. */
const CONSISTENCY_TOLERANCE = 0.01;

/**
 * Per-replica capacity μ and its M/M/c shape (c servers of rate μ/c):
 * - `capacity` given: μ = capacity; c = workers (default 1); S = c / μ;
 * - `serviceTime` S and `workers` c: μ = c / S (a replica is c servers each completing 1/S per second);
 * - a USL curve at concurrency N: μ = X(N) = λN / (1 + σ(N−1) + κN(N−1)), c = N (Gunther, GCaP 2007).
 * Returns an error message when the settings are missing or contradict each other.
 */
export function resolveCapacity(
  s: CapacitySettings,
  ctx: SizingContext,
  unit: string,
): { ok: true; value: ReplicaCapacity } | { ok: false; message: string; hint: string } {
  const cap = s.capacity;
  if (cap !== undefined && typeof cap === 'object') {
    const params = cap.usl ?? ctx.fittedUsl;
    if (!params) {
      return { ok: false, message: 'capacity needs usl coefficients or a fit file', hint: 'give capacity.usl { sigma, kappa, lambda } or capacity.fit: results.csv' };
    }
    const n = cap.concurrency;
    const x = uslThroughput(params, n);
    const peak = uslPeak(params);
    const notes: string[] = [];
    if (peak.concurrency !== null && n > peak.concurrency) {
      notes.push(
        `concurrency ${n} is past the USL peak N* = ${formatNumber(peak.concurrency)}: throughput falls as concurrency rises; run at most ${Math.floor(peak.concurrency)} in flight per replica`,
      );
    }
    const source = cap.usl ? 'capacity.usl' : `fit of ${cap.fit}`;
    return {
      ok: true,
      value: {
        perReplica: x,
        workers: n,
        perWorker: x / n,
        derivation: `μ = X(N) = λN / (1 + σ(N−1) + κN(N−1)) = ${formatNumber(params.lambda)} × ${n} / (1 + ${formatNumber(params.sigma)} × ${n - 1} + ${formatNumber(params.kappa)} × ${n} × ${n - 1}) = ${formatNumber(x)} ${unit} (USL, ${source})`,
        notes,
      },
    };
  }
  const workers = s.workers ?? 1;
  if (typeof cap === 'number') {
    if (s.serviceTime !== undefined) {
      const implied = workers / s.serviceTime;
      if (Math.abs(implied - cap) / cap > CONSISTENCY_TOLERANCE) {
        return {
          ok: false,
          message: `capacity ${formatNumber(cap)} ${unit} disagrees with workers / serviceTime = ${workers} / ${formatDuration(s.serviceTime)} = ${formatNumber(implied)} ${unit}`,
          hint: 'give capacity, or serviceTime with workers, not both',
        };
      }
    }
    return {
      ok: true,
      value: {
        perReplica: cap,
        workers,
        perWorker: cap / workers,
        derivation: `μ = capacity = ${formatNumber(cap)} ${unit} per replica, c = ${workers} worker${workers === 1 ? '' : 's'} (S = c / μ = ${formatDuration(workers / cap)})`,
        notes: [],
      },
    };
  }
  if (s.serviceTime !== undefined) {
    const mu = workers / s.serviceTime;
    return {
      ok: true,
      value: {
        perReplica: mu,
        workers,
        perWorker: 1 / s.serviceTime,
        derivation: `μ = c / S = ${workers} / ${formatDuration(s.serviceTime)} = ${formatNumber(mu)} ${unit} per replica`,
        notes: [],
      },
    };
  }
  return { ok: false, message: 'needs a capacity (e.g. 1000/s) or a serviceTime (e.g. 20ms)', hint: 'capacity is what one replica completes per second at 100 % busy' };
}
