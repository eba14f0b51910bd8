/**
 * Non-preemptive priority M/M/c: mean waiting time per class (Cobham's formula) and an
 * approximate per-class waiting-time percentile. Seconds and per-second rates; pure functions.
 */
import { erlangC } from './queueing.js';

/** Mean waiting time per class for a non-preemptive priority M/M/c queue with identical exponential service (rate μ per server); classes in priority order, index 0 highest. Cobham (1954): W_k = W0 / ((1 − σ_{k−1})(1 − σ_k)), σ_k = Σ_{i≤k} λ_i/(cμ), W0 = C(c, λ/μ)/(cμ). Infinity for classes with σ_k ≥ 1. */
export function priorityMmcMeanWaits(
  servers: number,
  serviceRate: number,
  classArrivalRates: readonly number[],
  /** erlangC(servers, Σ rates / serviceRate) when the caller has it already (the same number): not computed again. */
  totalWaitProbability?: number,
): number[] {
  if (!Number.isInteger(servers) || servers < 1) {
    throw new RangeError(`servers must be an integer >= 1, got ${servers}`);
  }
  if (!(serviceRate > 0) || !Number.isFinite(serviceRate)) {
    throw new RangeError(`serviceRate must be a finite number > 0, got ${serviceRate}`);
  }
  classArrivalRates.forEach((rate, k) => {
    if (!(rate >= 0) || !Number.isFinite(rate)) {
      throw new RangeError(`classArrivalRates[${k}] must be a finite number >= 0, got ${rate}`);
    }
  });
  const capacity = servers * serviceRate;
  const totalRate = classArrivalRates.reduce((sum, rate) => sum + rate, 0);
  /*
   * Cobham (1954), non-preemptive priorities in M/M/c with one service rate μ for every class
   * (Larson & Odoni, Urban Operations Research, §4.9.3, eqs. 4.111–4.112; Gross & Harris,
   * Fundamentals of Queueing Theory, "multiserver nonpreemptive priorities"):
   *   W_q^{(k)} = W_0 / ((1 − σ_{k−1})(1 − σ_k)),   σ_k = Σ_{i=1..k} λ_i/(cμ),  σ_0 = 0,
   *   W_0 = P{all c servers busy} · E[time until the first server frees] = C(c, λ/μ) · 1/(cμ).
   * W_0 is the same for every class: an arrival finds all servers busy with the FCFS
   * probability (the number in system does not depend on the order of service when every class
   * has the same exponential service), and then waits Exp(cμ) for the first server to free.
   * When the total load reaches c, erlangC is 1: lower classes then always have a backlog, every
   * server is always busy and W_0 = 1/(cμ) is still the right residual, so classes with
   * σ_k < 1 keep finite waits and the rest wait forever.
   */
  const w0 = (totalWaitProbability ?? erlangC(servers, totalRate / serviceRate)) / capacity;
  const waits: number[] = [];
  let cumulativeRate = 0;
  let sigmaPrevious = 0;
  for (const rate of classArrivalRates) {
    cumulativeRate += rate;
    const sigma = cumulativeRate / capacity;
    waits.push(sigma >= 1 ? Infinity : w0 / ((1 - sigmaPrevious) * (1 - sigma)));
    sigmaPrevious = sigma;
  }
  return waits;
}

/**
 * An approximate p-quantile of a class's waiting time: P(W_k > t) ≈ C·exp(−t·C/W_k), treating
 * the conditional wait as exponential with mean W_k/C. This is an approximation: the
 * probability of waiting at all, C, and the conditional mean W_k/C are exact (every class
 * finds all servers busy with the FCFS probability C, and W_k is Cobham's exact mean), but
 * the conditional distribution of a priority class's wait is not exponential in general
 * (Davis 1966 gives the exact, more involved law). It is exact for a single class, where the
 * queue is M/M/c FCFS and W given W > 0 is Exp(cμ − λ), and the exponential shape is the
 * natural maximum-entropy fit to the exact mean.
 */
export function priorityWaitPercentile(p: number, waitProbability: number, meanWaitS: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  if (!(waitProbability >= 0 && waitProbability <= 1)) {
    throw new RangeError(`waitProbability must be in [0, 1], got ${waitProbability}`);
  }
  if (!(meanWaitS >= 0)) throw new RangeError(`meanWaitS must be >= 0, got ${meanWaitS}`);
  if (meanWaitS === Infinity) return Infinity;
  /*
   * Exponential tail with an atom at zero: P(W > t) = C·e^{−t/m}, m = W_k/C (the conditional
   * mean); the p-quantile is m·ln(C/(1 − p)) when C > 1 − p, else 0.
   */
  const tail = 1 - p;
  if (waitProbability <= tail || meanWaitS === 0) return 0;
  return (meanWaitS / waitProbability) * Math.log(waitProbability / tail);
}
