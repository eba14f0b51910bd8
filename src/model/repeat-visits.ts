/**
 * Repeated visits of one request to one queue: the law of the total time of k consecutive
 * visits, whose waits are positively correlated (a request that waited leaves a long queue
 * behind for its own next visit). Seconds; pure functions.
 */
import { mul, power, scale, add, type Complex } from './complex.js';
import { lawMoment, lawScv, lawTransformInto, type ServiceLaw } from './service-law.js';
import { waitMean, waitProbabilityOf, waitSecondMoment, waitTransform, waitTransformInto, type WaitLaw } from './wait-law.js';

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
  return momentsOf(v, f * waitMean(v.wait), f * f * waitSecondMoment(v.wait));
}

function momentsOf(v: VisitLaw, ew: number, ew2: number): { mean: number; variance: number; waitVariance: number } {
  const waitVariance = Math.max(0, ew2 - ew * ew);
  const es = lawMoment(v.service, 1);
  const serviceVariance = Math.max(0, lawMoment(v.service, 2) - es * es);
  return { mean: ew + es, variance: waitVariance + serviceVariance, waitVariance };
}

/**
 * The wait of a visit that rejoins the queue it has just left, when it differs from the queue's
 * wait W (null: it does not, the service being exponential). The backlog a returning visit finds
 * is the work that joined behind it during its last visit: whole services, not the residual of
 * one in progress, which is what sets the M/G/1 (Pollaczek–Khinchine) and M/G/c (Allen–Cunneen)
 * waits' factor (1 + c²)/2. So the returning wait keeps P(W > 0) and takes the mean
 * E[W]·2/(1 + c²), in the exponential shape: W_r = 0 w.p. 1 − P(W > 0), else
 * Exp(P(W > 0)/E[W_r]). It is the M/M/c wait of the same utilisation when the queue is an M/G/c.
 * Measured against a seeded simulation (docs/model.md, "Repeated visits"): on one queue of one
 * server the mean of ten back-to-back visits is within 6 % of the simulated one with c² = 0.25,
 * where the Pollaczek–Khinchine wait was 16–27 % short, and within 8 % with c² = 4, where it was
 * 59–91 % long.
 */
export function returnWait(v: VisitLaw): { waitProbability: number; conditionalRate: number } | null {
  // Most stages: no correlation, or one exponential branch (a path reads thousands of stages).
  if (!v.repeat || !(v.repeat.sameQueue > 0)) return null;
  const bs = v.service.branches;
  if (bs.length === 1 && bs[0]!.phases === 1) return null;
  const known = returnWaits.get(v);
  if (known !== undefined) return known;
  let r: { waitProbability: number; conditionalRate: number } | null = null;
  const scv = lawScv(v.service);
  const pw = waitProbabilityOf(v.wait);
  const ew = waitMean(v.wait);
  if (Math.abs(scv - 1) > 1e-9 && pw > 0 && ew > 0 && Number.isFinite(ew)) {
    r = { waitProbability: pw, conditionalRate: pw / ((ew * 2) / (1 + scv)) };
  }
  returnWaits.set(v, r);
  return r;
}

const returnWaits = new WeakMap<VisitLaw, { waitProbability: number; conditionalRate: number } | null>();

/**
 * The share of a request's k visits whose wait is a fresh queue's W: the first, and each later
 * one that goes to another replica (probability 1 − q); the others, (1 − 1/k)·q, wait W_r.
 */
export function freshShare(v: VisitLaw, k: number): number {
  const q = v.repeat?.sameQueue ?? 0;
  return 1 / k + (1 - 1 / k) * (1 - q);
}

/**
 * Mean and variance of one of k visits' response time, its wait the mixture of W (share α,
 * freshShare) and W_r (returnWait), scaled by f. Without W_r it is visitMoments.
 */
export function mixedVisitMoments(v: VisitLaw, k: number): { mean: number; variance: number; waitVariance: number } {
  const r = k > 1 ? returnWait(v) : null;
  if (r === null) return visitMoments(v);
  const f = v.waitScale ?? 1;
  const a = freshShare(v, k);
  const ew = f * (a * waitMean(v.wait) + ((1 - a) * r.waitProbability) / r.conditionalRate);
  const ew2 = f * f * (a * waitSecondMoment(v.wait) + ((1 - a) * 2 * r.waitProbability) / r.conditionalRate ** 2);
  return momentsOf(v, ew, ew2);
}

/**
 * The extra variance of k consecutive visits over k independent ones, 2·Σ_{i<j} Cov(T_i, T_j),
 * and the weight b of the comonotone waits that carries it.
 *
 * Covariance of visits (derived here; measured against a seeded simulation over a grid in
 * test/model/repeat-visits-grid.test.ts). With one server, the customers a visit of length T_j
 * leaves behind are those that joined during it. Some are new arrivals (rate λ(1 − pq)); the rest
 * are the customers that were ahead of it, finished, and came back to the same queue (each with
 * probability p·q: p that it has visits left, q that it picks this queue again). When every
 * request makes k visits back to back, that second flow dominates: the same customers cycle
 * through the queue together. So the next visit's wait grows with the last one's time by the
 * slope
 *   r = ρ + q·p·(1 − ρ),   p = 1 − (H_k − 1)/(k − 1)   (H_k = Σ_{i≤k} 1/i),
 * p being the mean, over the visits j = 1..k − 1 of a request, of (k − j)/(k − j + 1): the chance
 * that a customer still ahead at the j-th visit has visits left (those ahead at the first have
 * done more). Cov(T_i, T_j) = a·r^{|i−j|}·Var(T) (c = 1) or a·r^{|i−j|}·Var(W) (c > 1: only the
 * backlog beyond c delays the next visit, and a longer service of one's own lets the other c − 1
 * servers drain it), with the amplitude a = q + (1 − q)·p·q: the next visit meets the same queue
 * with probability q, and on another replica it still finds the returns of the customers that were
 * ahead of it (their share q of them). Without the returns
 * (p = 0) the slope is ρ, the Poisson-arrivals argument of the first model, which was up to 27 %
 * low at ten visits.
 *
 * The k waits are then a mixture: independent copies with probability 1 − b, one wait
 * repeated k times (kW, comonotone) with probability b. Both have mean kE[W], and
 *   Var = k·Var(T) + b·(k² − k)·Var(W),
 * so b = 2Σ_{i<j}Cov / ((k² − k)Var(W)), capped at 1 (W being the mixed wait, mixedVisitMoments).
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
  const m = mixedVisitMoments(v, k);
  let b = 0;
  if (m.waitVariance > 0) {
    const base = r.servers === 1 ? m.variance : m.waitVariance;
    const q = Math.min(1, r.sameQueue);
    const p = returnShare(k);
    const rho = Math.min(r.slope, 1);
    const slope = rho + q * p * (1 - rho);
    const amplitude = q + (1 - q) * p * q;
    const extra = 2 * amplitude * laggedSum(slope, k) * base;
    b = Math.min(1, extra / ((k * k - k) * m.waitVariance));
  }
  byCount.set(k, b);
  return b;
}

/** p = 1 − (H_k − 1)/(k − 1), the mean of (k − j)/(k − j + 1) over j = 1..k − 1 (H_k by its asymptotic series past 64). */
function returnShare(k: number): number {
  if (k < 2) return 0;
  let h: number;
  if (k <= 64) {
    h = 0;
    for (let i = 1; i <= k; i++) h += 1 / i;
  } else h = Math.log(k) + 0.5772156649015329 + 1 / (2 * k) - 1 / (12 * k * k);
  return 1 - (h - 1) / (k - 1);
}

/** Whether k visits of this law differ from k independent ones (a comonotone weight or a returning wait). */
export function correlatedVisits(v: VisitLaw, k: number): boolean {
  return k > 1 && (comonotoneWeight(v, k) > 0 || returnWait(v) !== null);
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
  const m = mixedVisitMoments(v, k);
  const b = comonotoneWeight(v, k);
  return { mean: k * m.mean, variance: k * m.variance + b * (k * k - k) * m.waitVariance };
}

/**
 * The transform of the total time of k consecutive visits: S*(s)^k · [(1 − b)·M*(s)^k + b·M*(ks)],
 * M the mixed wait α·W + (1 − α)·W_r (freshShare, returnWait; M = W when there is no W_r).
 */
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
  if (k === 1) return mul(serviceT, waitT);
  const f = v.waitScale ?? 1;
  const r = returnWait(v);
  const a = r === null ? 1 : freshShare(v, k);
  const service = power(serviceT, k);
  const independent = power(r === null ? waitT : mixedWait(waitT, r, a, s.re * f, s.im * f), k);
  if (b === 0) return mul(service, independent);
  const ks = scale(s, k * f);
  const alone = waitTransform(v.wait, ks);
  const together = r === null ? alone : mixedWait(alone, r, a, ks.re, ks.im);
  return mul(service, add(scale(independent, 1 - b), scale(together, b)));
}

/**
 * α·W*(x) + (1 − α)·W_r*(x), W*(x) given, W_r the returning wait (atom plus exponential:
 * (1 − C) + C·θ/(θ + x), Gross & Harris §2.3), at x = xRe + i·xIm. stage-parts.ts repeats these
 * operations in this order.
 */
function mixedWait(w: Complex, r: { waitProbability: number; conditionalRate: number }, a: number, xRe: number, xIm: number): Complex {
  const c = r.waitProbability;
  const theta = r.conditionalRate;
  const dr = theta + xRe;
  const n = (c * theta) / (dr * dr + xIm * xIm);
  const rRe = 1 - c + n * dr;
  const rIm = -n * xIm;
  return { re: a * w.re + (1 - a) * rRe, im: a * w.im + (1 - a) * rIm };
}
