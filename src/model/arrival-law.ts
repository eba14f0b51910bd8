/**
 * Renewal arrival streams that are not Poisson (workload.arrivalCv): the interarrival law fitted
 * on its mean and squared coefficient of variation, and the streams a balancer makes of it at one
 * replica (every n-th arrival, or each arrival with probability p). Each keeps an exact Laplace–
 * Stieltjes transform, so GI/M/c (gi-m-c.ts) solves the queue it feeds exactly. Seconds and
 * per-second rates; pure functions.
 */
import { fitLaw, lawTransform, type ServiceLaw } from './service-law.js';

/** The largest arrival cv a profile may give (c_a² = 100): beyond it the H2's rare branch is too rare to mean anything. */
export const MAX_ARRIVAL_CV = 10;

/**
 * A renewal stream as one queue sees it: a base stream with interarrival scv `scv` (cv²), of
 * which the queue receives every `every`-th arrival (round-robin over `every` replicas) or each
 * arrival with probability `keep` (random balancing over 1/keep replicas). Poisson is scv 1.
 */
export interface RenewalStream {
  /** c² of the base stream's interarrival times. */
  scv: number;
  /** Round-robin: every n-th arrival of the base stream (1: all). */
  every: number;
  /** Random balancing: each arrival kept with this probability (1: all). */
  keep: number;
}

/**
 * The interarrival law of the base stream at rate λ: the same two-moment phase-type fit as a
 * service time (service-law.ts fitLaw; Tijms 2003, §2.3): c² > 1 an H2 with balanced means,
 * 1/k ≤ c² < 1 a mixture of Erlang(k−1) and Erlang(k), c² = 1 the exponential.
 */
export function interarrivalLaw(rate: number, scv: number): ServiceLaw {
  return fitLaw(1 / rate, scv);
}

/**
 * c² of the interarrival time the queue sees, exactly for a renewal stream:
 * - every n-th arrival: a sum of n independent interarrivals, c² = c_0²/n;
 * - each arrival kept with probability p: a geometric sum of interarrivals, c² = p·c_0² + 1 − p
 *   (Whitt, The Queueing Network Analyzer, Bell System Tech. J. 62(9), 1983, eq. 40).
 */
export function streamScv(s: RenewalStream): number {
  return (s.keep * s.scv + 1 - s.keep) / s.every;
}

/**
 * The real Laplace–Stieltjes transform A*(s) of the interarrival time at the queue, whose
 * arrival rate is `rate` (the base stream runs at rate · every / keep):
 * - every n-th arrival: A*(s) = A_0*(s)^n;
 * - kept with probability p: A*(s) = p·A_0*(s) / (1 − (1 − p)·A_0*(s)) (a geometric sum).
 */
export function streamTransform(s: RenewalStream, rate: number): (x: number) => number {
  const law = interarrivalLaw((rate * s.every) / s.keep, s.scv);
  const base = (x: number) => lawTransform(law, { re: x, im: 0 }).re;
  if (s.keep < 1) return (x: number) => {
    const a = base(x);
    return (s.keep * a) / (1 - (1 - s.keep) * a);
  };
  if (s.every > 1) return (x: number) => base(x) ** s.every;
  return base;
}

/** c² of a stream of c² `scv` of which each arrival is kept with probability p (QNA's splitting, Whitt 1983 eq. 40): p·c² + 1 − p; `scv` itself when p ≥ 1. */
export function thinnedScv(scv: number, p: number): number {
  if (scv === 1 || !(p < 1)) return scv;
  return p * scv + 1 - p;
}

/**
 * ln A*(s) of streamTransform, for real s ≥ 0 where A*(s) underflows (GI/M/c in light traffic
 * with smooth arrivals, gi-m-c.ts): the Erlang mixture by log-sum-exp, a power as a multiple,
 * the geometric sum as ln p + ln A_0* − ln(1 − (1 − p)·A_0*).
 */
export function streamLogTransform(s: RenewalStream, rate: number): (x: number) => number {
  const law = interarrivalLaw((rate * s.every) / s.keep, s.scv);
  const base = (x: number) => {
    const logs = law.branches.map((b) => Math.log(b.probability) + b.phases * Math.log(b.rate / (b.rate + x)));
    const top = Math.max(...logs);
    return top + Math.log(logs.reduce((sum, l) => sum + Math.exp(l - top), 0));
  };
  if (s.keep < 1) return (x: number) => {
    const l = base(x);
    return Math.log(s.keep) + l - Math.log1p(-(1 - s.keep) * Math.exp(l));
  };
  if (s.every > 1) return (x: number) => s.every * base(x);
  return base;
}
