/**
 * What a USL curve must give before a replica is sized on it, and what it says when the replica
 * runs past its peak: shared by the inline `capacity.usl` (refine.ts), the curve fitted from
 * `capacity.fit` (checked where the file is fitted) and the sizing note (capacity.ts).
 */
import { type UslParams, uslPeak, uslThroughput } from '../fit/usl-model.js';
import { QUANTITY_RANGE } from '../profile/limits.js';
import { formatNumber } from '../units/format.js';

/**
 * Why a replica cannot be sized on the curve at concurrency n, or null: each coefficient finite
 * and inside what an inline `capacity.usl` accepts (0 ≤ σ ≤ 1, 0 ≤ κ ≤ 1e12, 1e-9/s ≤ λ ≤ 1e12/s),
 * and the capacity X(n) a rate a profile accepts (a `capacity: 1e-12/s` is refused; a curve that
 * comes to the same must be too, or the planner divides by it).
 */
export function uslCapacityProblem(params: UslParams, n: number): string | null {
  const { sigma, kappa, lambda } = params;
  const rate = QUANTITY_RANGE.rate;
  const number = QUANTITY_RANGE.number;
  if (!Number.isFinite(sigma) || sigma < 0 || sigma > 1) return `σ = ${sigma}: contention must be from 0 to 1`;
  if (!Number.isFinite(kappa) || kappa < 0) return `κ = ${kappa}: coherency must be a number from 0`;
  if (kappa > number.max) return `κ = ${formatNumber(kappa)} is above ${number.maxText}, the largest number capplan accepts`;
  if (!Number.isFinite(lambda) || !(lambda > 0)) return `λ = ${lambda}/s: the throughput of one client must be greater than 0/s`;
  if (lambda < rate.min) return `λ = ${formatNumber(lambda)}/s is below ${rate.minText}, the smallest rate capplan accepts`;
  if (lambda > rate.max) return `λ = ${formatNumber(lambda)}/s is above ${rate.maxText}`;
  const x = uslThroughput(params, n);
  if (!Number.isFinite(x) || !(x >= rate.min)) {
    return `a replica at concurrency ${n} completes X(${n}) = ${formatNumber(x)}/s, below ${rate.minText}, the smallest capacity capplan accepts`;
  }
  if (x > rate.max) return `a replica at concurrency ${n} completes X(${n}) = ${formatNumber(x)}/s, above ${rate.maxText}`;
  return null;
}

/** The note for a replica run past the curve's peak N* (throughput falls as concurrency rises), or null. */
export function uslPastPeak(params: UslParams, n: number): string | null {
  const peak = uslPeak(params);
  if (peak.concurrency === null || !(n > peak.concurrency)) return null;
  return `concurrency ${n} is past the USL peak N* = ${formatNumber(peak.concurrency)}: throughput falls as concurrency rises; run at most ${Math.max(1, Math.floor(peak.concurrency))} in flight per replica`;
}
