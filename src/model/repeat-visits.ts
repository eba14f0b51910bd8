/**
 * Repeated visits of one request to one queue: the law of the total time of k consecutive
 * visits, whose waits are positively correlated (a request that waited leaves a long queue
 * behind for its own next visit). Seconds; pure functions.
 */
import { mul, power, scale, add, type Complex } from './complex.js';
import { lawMoment, lawTransformInto, type ServiceLaw } from './service-law.js';
import { waitMean, waitSecondMoment, waitTransform, waitTransformInto, type WaitLaw } from './wait-law.js';

/** One visited stage: its wait and service laws and how its consecutive visits correlate. */
export interface VisitLaw {
  wait: WaitLaw;
  service: ServiceLaw;
  /** The wait this path sees is the queue's wait × waitScale (default 1). */
  waitScale?: number;
  /**
   * How consecutive visits of one request correlate; absent or 0: independent visits.
   * `sameQueue` is the probability that the next visit joins the same queue (1 for one queue,
   * 1/n for a random or round-robin choice among n replicas); `slope` is the utilisation ρ;
   * `servers` is c of the queue.
   */
  repeat?: { sameQueue: number; slope: number; servers: number };
}

/** Mean and variance of one visit's response time W + S. */
export function visitMoments(v: VisitLaw): { mean: number; variance: number; waitVariance: number } {
  const f = v.waitScale ?? 1;
  const ew = f * waitMean(v.wait);
  const waitVariance = Math.max(0, f * f * waitSecondMoment(v.wait) - ew * ew);
  const es = lawMoment(v.service, 1);
  const serviceVariance = Math.max(0, lawMoment(v.service, 2) - es * es);
  return { mean: ew + es, variance: waitVariance + serviceVariance, waitVariance };
}

/**
 * The extra variance of k consecutive visits over k independent ones, 2·Σ_{i<j} Cov(T_i, T_j),
 * and the weight b of the comonotone waits that carries it.
 *
 * Covariance of visits (derived here; checked against a seeded simulation in
 * test/model/repeat-visits.test.ts): with one server, the customers left behind by a visit of
 * length T_j are those that arrived during it, about Poisson(λT_j), and each adds one service
 * to the next visit's wait, so E[W_{j+1} | T_j] = λE[S]·T_j and
 *   Cov(T_j, T_{j+1}) = ρ·Var(T),   Cov(T_i, T_j) = ρ^{|i−j|}·Var(T)   (c = 1).
 * With c > 1 servers only the backlog in excess of c delays the next visit, and a longer
 * service of one's own lets the other c − 1 servers drain it: the covariance comes from the
 * waits alone, Cov(T_i, T_j) ≈ ρ^{|i−j|}·Var(W). Both are multiplied by q, the probability
 * that the next visit joins the same queue.
 *
 * The k waits are then a mixture: independent copies with probability 1 − b, one wait
 * repeated k times (kW, comonotone) with probability b. Both have mean kE[W], and
 *   Var = k·Var(T) + b·(k² − k)·Var(W),
 * so b = 2Σ_{i<j}Cov / ((k² − k)Var(W)), capped at 1.
 */
export function comonotoneWeight(v: VisitLaw, k: number): number {
  const r = v.repeat;
  if (!r || k < 2 || !(r.sameQueue > 0) || !(r.slope > 0)) return 0;
  let byCount = weights.get(v);
  if (!byCount) {
    byCount = new Map();
    weights.set(v, byCount);
  }
  const known = byCount.get(k);
  if (known !== undefined) return known;
  const m = visitMoments(v);
  let b = 0;
  if (m.waitVariance > 0) {
    const base = r.servers === 1 ? m.variance : m.waitVariance;
    const extra = 2 * r.sameQueue * laggedSum(Math.min(r.slope, 1), k) * base;
    b = Math.min(1, extra / ((k * k - k) * m.waitVariance));
  }
  byCount.set(k, b);
  return b;
}

/** Weights already computed, per law and visit count (laws are immutable once built). */
const weights = new WeakMap<VisitLaw, Map<number, number>>();

/**
 * Σ_{d=1..k−1} (k − d)·x^d: by the sum for small k, else in closed form
 * x·(k − 1 − kx + x^k)/(1 − x)², which needs no loop over thousands of visits.
 */
function laggedSum(x: number, k: number): number {
  if (k <= 64 || x > 1 - 1e-6) {
    let sum = 0;
    let power = 1;
    for (let d = 1; d < Math.min(k, 1e6); d++) {
      power *= x;
      if (power === 0) break;
      sum += (k - d) * power;
    }
    return sum;
  }
  return (x * (k - 1 - k * x + x ** k)) / (1 - x) ** 2;
}

/** Mean and variance of the total time of k consecutive visits. */
export function repeatedMoments(v: VisitLaw, k: number): { mean: number; variance: number } {
  const m = visitMoments(v);
  const b = comonotoneWeight(v, k);
  return { mean: k * m.mean, variance: k * m.variance + b * (k * k - k) * m.waitVariance };
}

/** The transform of the total time of k consecutive visits: S*(s)^k · [(1 − b)·W*(s)^k + b·W*(ks)]. */
export function repeatedTransform(v: VisitLaw, k: number, s: Complex, b = comonotoneWeight(v, k)): Complex {
  if (k === 0) return { re: 1, im: 0 };
  const [serviceT, waitT] = visitParts(v, s);
  return repeatedFromParts(v, k, s, serviceT, waitT, b);
}

/** One visit's service and (scaled) wait transforms at s, S*(s) and W*(f·s): the parts repeatedFromParts takes. */
export function visitParts(v: VisitLaw, s: Complex): [Complex, Complex] {
  visitPartsInto(v, s.re, s.im, scratch, 0);
  return [{ re: scratch[0]!, im: scratch[1]! }, { re: scratch[2]!, im: scratch[3]! }];
}

const scratch = new Float64Array(4);

/** visitParts at s = sRe + i·sIm into out[at..at + 3]: S*(s) (re, im), then W*(f·s) (re, im). */
export function visitPartsInto(v: VisitLaw, sRe: number, sIm: number, out: Float64Array, at: number): void {
  const f = v.waitScale ?? 1;
  lawTransformInto(v.service, sRe, sIm, out, at);
  if (f === 1) waitTransformInto(v.wait, sRe, sIm, out, at + 2);
  else waitTransformInto(v.wait, sRe * f, sIm * f, out, at + 2);
}

/** repeatedTransform from the one-visit parts already evaluated at s (a path evaluates them once per stage). */
export function repeatedFromParts(v: VisitLaw, k: number, s: Complex, serviceT: Complex, waitT: Complex, b = comonotoneWeight(v, k)): Complex {
  if (k === 0) return { re: 1, im: 0 };
  const service = k === 1 ? serviceT : power(serviceT, k);
  const independent = k === 1 ? waitT : power(waitT, k);
  if (b === 0) return mul(service, independent);
  const together = waitTransform(v.wait, scale(s, k * (v.waitScale ?? 1)));
  return mul(service, add(scale(independent, 1 - b), scale(together, b)));
}
