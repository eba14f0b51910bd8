/**
 * Service-time laws as mixtures of Erlang distributions: phase-type laws with an exact
 * Laplace–Stieltjes transform, built from two moments (exponential, balanced-means H2, mixed
 * Erlang) or as the mixture of operation types that share one server. Seconds; pure functions.
 */
import type { Complex } from './complex.js';

/** One branch of an Erlang mixture: `phases` exponential phases of rate `rate`, taken with `probability`. */
export interface ErlangBranch {
  probability: number;
  phases: number;
  /** Rate of each phase (per second). */
  rate: number;
}

/** A service-time law: a finite mixture of Erlang distributions (a phase-type law). */
export interface ServiceLaw {
  branches: ErlangBranch[];
}

/**
 * The most phases a fitted Erlang branch gets. Squared coefficients of variation below 1/64
 * (cv < 0.125, down to deterministic) are fitted as Erlang-64, a little more variable than
 * asked: the waits it gives are slightly longer than the true ones (the safe side), by at most
 * λE[S²] ∝ 1 + 1/64 in the mean, 1.6 %.
 */
export const MAX_PHASES = 64;

/** An exponential law with mean `meanS`. */
export function exponentialLaw(meanS: number): ServiceLaw {
  checkMean(meanS);
  return { branches: [{ probability: 1, phases: 1, rate: 1 / meanS }] };
}

/** The m-th raw moment E[S^m] (m = 1, 2, 3) of a law, in seconds^m. */
export function lawMoment(law: ServiceLaw, m: 1 | 2 | 3): number {
  /*
   * Erlang(k, r) raw moments (Ross, Introduction to Probability Models, §5.2.3, the gamma
   * distribution): E[X^m] = k(k+1)…(k+m−1)/r^m; a mixture's moments are the weighted sums.
   */
  let sum = 0;
  for (let j = 0; j < law.branches.length; j++) {
    const b = law.branches[j]!;
    let rising = 1;
    for (let i = 0; i < m; i++) rising *= b.phases + i;
    sum += (b.probability * rising) / b.rate ** m;
  }
  return sum;
}

/**
 * Mean of a law (seconds): lawMoment(law, 1) with its rising factorial and power written out,
 * k·1 = k and r ** 1 = r exactly (test/model/service-law.test.ts holds the two equal bit for bit).
 * The mean is asked for on every queue solved; the general loop and its `**` were ~20 ms of
 * profile at 5,000 × 20.
 */
export function lawMean(law: ServiceLaw): number {
  let sum = 0;
  for (let j = 0; j < law.branches.length; j++) {
    const b = law.branches[j]!;
    sum += (b.probability * b.phases) / b.rate;
  }
  return sum;
}

/** Squared coefficient of variation Var[S]/E[S]² of a law. */
export function lawScv(law: ServiceLaw): number {
  const m1 = lawMoment(law, 1);
  return lawMoment(law, 2) / (m1 * m1) - 1;
}

/** The Laplace–Stieltjes transform E[e^{−sS}] = Σ p_i (r_i/(r_i + s))^{k_i} at a complex s. */
export function lawTransform(law: ServiceLaw, s: Complex): Complex {
  lawTransformInto(law, s.re, s.im, scratch, 0);
  return { re: scratch[0]!, im: scratch[1]! };
}

const scratch = new Float64Array(2);

/** lawTransform at s = sRe + i·sIm, written to out[at] (real part) and out[at + 1] (imaginary): no object per evaluation (a path evaluates thousands of stages at each of its contour points). */
export function lawTransformInto(law: ServiceLaw, sRe: number, sIm: number, out: Float64Array, at: number): void {
  let re = 0;
  let im = 0;
  for (let j = 0; j < law.branches.length; j++) {
    const b = law.branches[j]!;
    erlangTransformInto(b.rate, b.phases, sRe, sIm, term);
    re += b.probability * term[0]!;
    im += b.probability * term[1]!;
  }
  out[at] = re;
  out[at + 1] = im;
}

const term = new Float64Array(2);

/** One Erlang branch's transform (r/(r + s))^k at s = sRe + i·sIm into out[0] (re), out[1] (im). */
export function erlangTransformInto(rate: number, phases: number, sRe: number, sIm: number, out: Float64Array): void {
  // r/(r + s) = r·(r + s̄)/|r + s|², then its k-th power by repeated squaring.
  const dr = rate + sRe;
  const n = rate / (dr * dr + sIm * sIm);
  let xr = n * dr;
  let xi = -n * sIm;
  let pr = 1;
  let pi = 0;
  let k = phases;
  while (k > 0) {
    if (k & 1) {
      const t = pr * xr - pi * xi;
      pi = pr * xi + pi * xr;
      pr = t;
    }
    k >>= 1;
    if (k > 0) {
      const t = xr * xr - xi * xi;
      xi = 2 * xr * xi;
      xr = t;
    }
  }
  out[0] = pr;
  out[1] = pi;
}

/** The law of the service time scaled by `factor` (every duration × factor). */
export function scaleLaw(law: ServiceLaw, factor: number): ServiceLaw {
  if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`factor must be a finite number > 0, got ${factor}`);
  return { branches: law.branches.map((b) => ({ ...b, rate: b.rate / factor })) };
}

/** A mixture of laws: with probability weight_i (normalised), the service follows law_i (operation types sharing one server). */
export function mixLaws(parts: readonly { weight: number; law: ServiceLaw }[]): ServiceLaw {
  const total = parts.reduce((sum, p) => sum + p.weight, 0);
  if (!(total > 0) || !Number.isFinite(total)) throw new RangeError('a mixture needs a positive total weight');
  const branches: ErlangBranch[] = [];
  for (const part of parts) {
    if (!(part.weight >= 0)) throw new RangeError(`mixture weights must be >= 0, got ${part.weight}`);
    if (part.weight === 0) continue;
    for (const b of part.law.branches) branches.push({ ...b, probability: (b.probability * part.weight) / total });
  }
  return { branches: mergeBranches(branches) };
}

/**
 * A phase-type law with the given mean and squared coefficient of variation (scv = cv²), matched
 * on those two moments (Tijms, A First Course in Stochastic Models, 2003, §2.3 "fitting
 * distributions", and Appendix B):
 * - scv = 1: the exponential;
 * - scv > 1: the hyperexponential H2 with balanced means, p1/μ1 = p2/μ2:
 *     p1 = ½(1 + √((scv − 1)/(scv + 1))),  μ1 = 2p1/m,  μ2 = 2(1 − p1)/m;
 * - 1/k ≤ scv < 1 (k ≥ 2): the mixture of Erlang(k−1, μ) and Erlang(k, μ),
 *     p = (k·scv − √(k(1 + scv) − k²·scv)) / (1 + scv),  μ = (k − p)/m,
 *   Erlang(k−1) with probability p, Erlang(k) with 1 − p;
 * - scv < 1/MAX_PHASES, down to 0 (deterministic): Erlang(MAX_PHASES, MAX_PHASES/m).
 */
export function fitLaw(meanS: number, scv: number): ServiceLaw {
  checkMean(meanS);
  if (!(scv >= 0) || !Number.isFinite(scv)) throw new RangeError(`scv must be a finite number >= 0, got ${scv}`);
  if (Math.abs(scv - 1) < 1e-12) return exponentialLaw(meanS);
  if (scv > 1) {
    const p1 = 0.5 * (1 + Math.sqrt((scv - 1) / (scv + 1)));
    return {
      branches: [
        { probability: p1, phases: 1, rate: (2 * p1) / meanS },
        { probability: 1 - p1, phases: 1, rate: (2 * (1 - p1)) / meanS },
      ],
    };
  }
  if (scv <= 1 / MAX_PHASES) return { branches: [{ probability: 1, phases: MAX_PHASES, rate: MAX_PHASES / meanS }] };
  const k = Math.ceil(1 / scv - 1e-12);
  const p = Math.max(0, (k * scv - Math.sqrt(Math.max(0, k * (1 + scv) - k * k * scv))) / (1 + scv));
  const rate = (k - p) / meanS;
  const branches: ErlangBranch[] = [{ probability: 1 - p, phases: k, rate }];
  if (p > 0) branches.unshift({ probability: p, phases: k - 1, rate });
  return { branches };
}

/** A short name for a law: "exponential", "H2", "E4", "mixed Erlang E3/E4", "mixture of 4". */
export function lawName(law: ServiceLaw): string {
  const bs = law.branches;
  if (bs.length === 1) return bs[0]!.phases === 1 ? 'exponential' : `E${bs[0]!.phases}`;
  if (bs.every((b) => b.phases === 1)) return `H${bs.length}`;
  if (bs.length === 2 && bs[0]!.rate === bs[1]!.rate) return `mixed Erlang E${bs[0]!.phases}/E${bs[1]!.phases}`;
  return `Erlang mixture of ${bs.length}`;
}

/** Whether a law is exactly one exponential. */
export function isExponential(law: ServiceLaw): boolean {
  return law.branches.length === 1 && law.branches[0]!.phases === 1;
}

function mergeBranches(branches: readonly ErlangBranch[]): ErlangBranch[] {
  const out: ErlangBranch[] = [];
  for (const b of branches) {
    const same = out.find((o) => o.phases === b.phases && Math.abs(o.rate - b.rate) <= 1e-12 * b.rate);
    if (same) same.probability += b.probability;
    else out.push({ ...b });
  }
  return out;
}

function checkMean(meanS: number): void {
  if (!(meanS > 0) || !Number.isFinite(meanS)) throw new RangeError(`mean must be a finite number > 0, got ${meanS}`);
}
