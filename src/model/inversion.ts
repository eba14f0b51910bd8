/**
 * Survival functions and quantiles of nonnegative random times given by their Laplace–Stieltjes
 * transforms, as mixtures of constant shifts: T = D_g + C_g with probability mass P_g, where C_g
 * has a transform without shifts (the Talbot contour cannot invert e^{−sD}).
 */
import type { Complex } from './complex.js';
import { brentRoot } from './root.js';
import { contour, type ContourNode } from './talbot.js';

/** A part of the law: shift D_g, mass P_g = G_g(0), and the atom G_g(∞) (the mass with C_g = 0). */
export interface ShiftGroup {
  shiftS: number;
  mass: number;
  atom: number;
}

/** Evaluates the (unshifted) transform of group `index` at a complex s. */
export type GroupTransform = (index: number, s: Complex) => Complex;

/** Evaluates group `index`'s transform at the points (re[q], im[q]), q < count, into outRe/outIm (as GroupTransform would, point by point). */
export type GroupTransformMany = (index: number, re: Float64Array, im: Float64Array, count: number, outRe: Float64Array, outIm: Float64Array) => void;

/** P(T > t) and the density f(t) of T's continuous part. */
export interface Tail {
  survival: number;
  density: number;
  /** f'(t), where the inversion gives it (the contour does, from the same transform values): Newton's method then takes Halley's steps. */
  slope?: number;
}

/**
 * P(T > t) = Σ_g P(D_g + C_g > t): the mass of groups not yet shifted past t, each other group's
 * tail at τ = t − D_g inverted on Weideman's Talbot contour (talbot.ts):
 *   P(C_g > τ, group) ≈ Im Σ_k ω_k·(P_g − G_g(z_k/τ)).
 */
export function groupedSurvival(groups: readonly ShiftGroup[], transform: GroupTransform, t: number): number {
  return groupedTail(groups, transform, t).survival;
}

/*
 * The survival as groupedSurvival, and from the same transform values the density: the inverse
 * of the continuous part G(s) − atom is Im Σ (h/π)·e^{z_k}·z'_k·(G − atom)/τ = Im Σ ω_k·z_k·(G − atom)/τ.
 */
/** P(T > t) and the density at t, from one pass over the contour (`nodes`: another contour's; `many`: the transform at many points at once, the same values). */
export function groupedTail(groups: readonly ShiftGroup[], transform: GroupTransform, t: number, nodes: readonly ContourNode[] = contour, many?: GroupTransformMany): Tail {
  let total = 0;
  let density = 0;
  let slope = 0;
  groups.forEach((group, index) => {
    const tau = t - group.shiftS;
    if (tau < 0) total += group.mass;
    else if (tau === 0) total += group.mass - group.atom;
    else {
      const one = contourTail(group, index, transform, tau, nodes, many);
      total += one.survival;
      density += one.density;
      slope += one.slope;
    }
  });
  return { survival: Math.min(1, Math.max(0, total)), density, slope };
}

/*
 * The density's derivative from the same values: f' has the transform s·(G(s) − atom) − f(0+), and
 * the constant's inverse is an impulse at 0, which the contour's sum gives as ~0 at τ > 0, so
 *   f'(τ) ≈ Im Σ ω_k·z_k²·(G − atom)/τ².
 */
/** One group's P(C_g > τ, group), density and its derivative at τ > 0 on the contour (unclamped); `nodes`, another contour's; `many`, the transform at all nodes at once. */
export function contourTail(group: ShiftGroup, index: number, transform: GroupTransform, tau: number, nodes: readonly ContourNode[] = contour, many?: GroupTransformMany): Required<Tail> {
  let sum = 0;
  let dens = 0;
  let slope = 0;
  const values = many !== undefined ? atNodes(index, many, tau, nodes) : null;
  for (let q = 0; q < nodes.length; q++) {
    const node = nodes[q]!;
    const g = values !== null ? { re: values.re[q]!, im: values.im[q]! } : transform(index, { re: node.z.re / tau, im: node.z.im / tau });
    const w = node.weight;
    sum += w.re * -g.im + w.im * (group.mass - g.re);
    const wzRe = w.re * node.z.re - w.im * node.z.im;
    const wzIm = w.re * node.z.im + w.im * node.z.re;
    dens += wzRe * g.im + wzIm * (g.re - group.atom);
    const wzzRe = wzRe * node.z.re - wzIm * node.z.im;
    const wzzIm = wzRe * node.z.im + wzIm * node.z.re;
    slope += wzzRe * g.im + wzzIm * (g.re - group.atom);
  }
  return { survival: sum, density: dens / tau, slope: slope / (tau * tau) };
}

/** Derivatives of a group's tail contourTailDerivatives gives: S, S′, …, S⁽⁴⁾. */
export const TAIL_DERIVATIVES = 5;

/*
 * The tail and its first four derivatives from one pass over the contour: S(τ) as contourTail sums
 * it (the same terms, in the same order), and S⁽ʲ⁾ = −f⁽ʲ⁻¹⁾ for j ≥ 1, the transform of f⁽ʲ⁻¹⁾
 * being s^{j−1}·(G − atom) less terms whose inverses are impulses at 0 (~0 at τ > 0), so
 *   f⁽ʲ⁻¹⁾(τ) ≈ Im Σ ω_k·z_k^j·(G − atom)/τ^j.
 * Each further derivative multiplies the terms by z_k/τ, so its rounding grows with it: a caller
 * checks what it builds from them against S itself (tail-interpolant.ts).
 */
/** One group's P(C_g > τ, group) and its derivatives S′ … S⁽⁴⁾ at τ > 0 into out[0 … 4] (unclamped). */
export function contourTailDerivatives(group: ShiftGroup, index: number, transform: GroupTransform, tau: number, out: Float64Array, nodes: readonly ContourNode[] = contour, many?: GroupTransformMany): void {
  let sum = 0;
  let d1 = 0;
  let d2 = 0;
  let d3 = 0;
  let d4 = 0;
  const values = many !== undefined ? atNodes(index, many, tau, nodes) : null;
  for (let q = 0; q < nodes.length; q++) {
    const node = nodes[q]!;
    const g = values !== null ? { re: values.re[q]!, im: values.im[q]! } : transform(index, { re: node.z.re / tau, im: node.z.im / tau });
    const w = node.weight;
    sum += w.re * -g.im + w.im * (group.mass - g.re);
    const bRe = g.re - group.atom;
    const bIm = g.im;
    const zRe = node.z.re;
    const zIm = node.z.im;
    // a = ω·z^j, j = 1 … 4; Im(a·b) added to the j-th sum.
    let aRe = w.re * zRe - w.im * zIm;
    let aIm = w.re * zIm + w.im * zRe;
    d1 += aRe * bIm + aIm * bRe;
    let t = aRe * zRe - aIm * zIm;
    aIm = aRe * zIm + aIm * zRe;
    aRe = t;
    d2 += aRe * bIm + aIm * bRe;
    t = aRe * zRe - aIm * zIm;
    aIm = aRe * zIm + aIm * zRe;
    aRe = t;
    d3 += aRe * bIm + aIm * bRe;
    t = aRe * zRe - aIm * zIm;
    aIm = aRe * zIm + aIm * zRe;
    aRe = t;
    d4 += aRe * bIm + aIm * bRe;
  }
  out[0] = sum;
  out[1] = -d1 / tau;
  out[2] = -d2 / (tau * tau);
  out[3] = -d3 / (tau * tau * tau);
  out[4] = -d4 / (tau * tau * tau * tau);
}

/** `f` remembering its last argument and value: a pure function of t asked twice in a row at one t is evaluated once. */
export function lastRemembered<T>(f: (t: number) => T): (t: number) => T {
  let lastT = NaN;
  let last: T | undefined;
  return (t) => {
    if (!Object.is(t, lastT) || last === undefined) {
      last = f(t);
      lastT = t;
    }
    return last;
  };
}

/** Group `index`'s transform at the contour's points z_k/τ, asked at once. */
function atNodes(index: number, many: GroupTransformMany, tau: number, nodes: readonly ContourNode[]): { re: Float64Array; im: Float64Array } {
  const m = nodes.length;
  const sRe = new Float64Array(m);
  const sIm = new Float64Array(m);
  for (let q = 0; q < m; q++) {
    sRe[q] = nodes[q]!.z.re / tau;
    sIm[q] = nodes[q]!.z.im / tau;
  }
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  many(index, sRe, sIm, m, re, im);
  return { re, im };
}

/** Moments and support bound used to bracket a quantile. */
export interface QuantileHints {
  /** The least value T takes (its smallest shift). */
  minS: number;
  meanS: number;
  varianceS2: number;
  /** A value believed near the quantile (e.g. the quantile at a neighbouring load): only narrows the search. */
  guessS?: number;
}

/**
 * The p-quantile of T from its survival function. Given `tailAt` (survival and density), by
 * Newton's method from the guess, else from a start the moments give (startFromMoments: two or
 * three evaluations in all, newtonNear; `steps`: where its steps go without f'); where Newton
 * cannot settle it (an atom at the quantile, a step out of the bracket), or without `tailAt`, by
 * bracketedQuantile.
 */
export function quantileFromSurvival(survival: (t: number) => number, p: number, hints: QuantileHints, tailAt?: (t: number) => Tail, steps: Steps = 'tail'): number {
  const tail = 1 - p;
  const cantelli = cantelliBound(p, hints);
  const g = hints.guessS;
  if (tailAt !== undefined) {
    const start = g !== undefined && g > hints.minS && g < cantelli ? g : startFromMoments(p, hints, cantelli);
    if (start > hints.minS && start < cantelli) {
      const found = newtonNear(tailAt, tail, start, hints.minS, cantelli, steps);
      if (found !== null) return found.density * Math.sqrt(Math.max(0, hints.varianceS2)) < PLATEAU * tail ? pastPlateau(survival, p, hints, found.root) : found.root;
    }
  }
  const root = bracketedQuantile(survival, p, hints);
  return onPlateau(survival, tail, root, hints) ? pastPlateau(survival, p, hints, root) : root;
}

/*
 * A tail flat at the percentile: P(T > t) stays at 1 − p over a stretch of t, as when exactly 5 %
 * of requests take a call with a fixed 1 s delay and the rest finish in tens of milliseconds
 * (P(T > t) = 0.05 + 0.95·P(fast > t) from ~0.3 s to 1 s). The p95 is then the stretch's right
 * end, past 1 s, but the tail is within its inversion's error of 1 − p all along, so a search
 * stops anywhere on it (946 ms on that path). And the figure is ill-conditioned: 4.9 % of requests
 * would make it ~0.1 s, 5.1 % ~1 s. Where the tail's fall across 1 % of the law's spread, or its
 * density times that spread, is below PLATEAU of 1 − p (a regular tail falls by about 1 % there),
 * the percentile is taken at the stretch's right end: the least t with P(T > t) ≤ (1 − PLATEAU)(1 − p),
 * the conservative reading (past the 1 s delay by microseconds on that path).
 */
const PLATEAU = 1e-6;

/** Whether the tail is flat at `root`: it falls by less than PLATEAU of 1 − p over the next 1 % of the law's spread. */
function onPlateau(survival: (t: number) => number, tail: number, root: number, hints: QuantileHints): boolean {
  const step = 0.01 * Math.sqrt(Math.max(0, hints.varianceS2));
  if (!(step > 0) || !Number.isFinite(root)) return false;
  return survival(root + step) > (1 - PLATEAU) * tail;
}

/** The right end of a flat stretch of the tail at 1 − p from `root` on: where it falls below (1 − PLATEAU)(1 − p). */
function pastPlateau(survival: (t: number) => number, p: number, hints: QuantileHints, root: number): number {
  return bracketedQuantile(survival, 1 - (1 - PLATEAU) * (1 - p), { minS: root, meanS: hints.meanS, varianceS2: hints.varianceS2 });
}

/*
 * Upper bracket by Cantelli's inequality P(T − m ≥ a) ≤ σ²/(σ² + a²): at a = σ·√(1/(1−p) − 1)
 * the tail is at most 1 − p.
 */
/** An upper bound on the p-quantile of any law with these mean and variance (Cantelli's inequality). */
export function cantelliBound(p: number, hints: QuantileHints): number {
  const sd = Math.sqrt(Math.max(0, hints.varianceS2));
  return hints.meanS + sd * Math.sqrt(1 / (1 - p) - 1);
}

/*
 * A start for Newton's method: the p-quantile of the gamma law with T − minS's mean and variance
 * (shape a = m²/v, scale v/m), by the Wilson–Hilferty cube-root normal approximation
 * (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 1, 2nd ed., §18.8):
 *   q ≈ a·θ·(1 − 1/(9a) + z·√(1/(9a)))³,
 * z the standard normal p-quantile by Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4). Only a
 * start: a sum of stage times is near gamma-shaped, so this lands within a few per cent.
 */
function startFromMoments(p: number, hints: QuantileHints, cantelli: number): number {
  const m = hints.meanS - hints.minS;
  const v = Math.max(0, hints.varianceS2);
  if (!(m > 0) || !(v > 0)) return 0.5 * (Math.max(hints.minS, hints.meanS) + cantelli);
  const shape = (m * m) / v;
  const c = 1 / (9 * shape);
  const cube = 1 - c + normalQuantile(p) * Math.sqrt(c);
  const q = hints.minS + m * Math.max(0, cube) ** 3;
  return q > hints.minS && q < cantelli ? q : 0.5 * (Math.max(hints.minS, hints.meanS) + cantelli);
}

/** The p-quantile of the gamma law with these moments (above the least value): startFromMoments's estimate, a few per cent off for a sum of stage times. */
export function momentQuantile(p: number, hints: QuantileHints): number {
  return startFromMoments(p, hints, cantelliBound(p, hints));
}

/* Abramowitz & Stegun 26.2.23: the upper-tail normal quantile, |error| < 4.5e-4. */
function normalQuantile(p: number): number {
  const q = p < 0.5 ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(q));
  const x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  return p < 0.5 ? -x : x;
}

/**
 * The p-quantile of T from its survival function alone: bracketed by Cantelli's inequality,
 * solved by Brent's method (before a guess, widening steps from it narrow the bracket). The
 * fallback of quantileFromSurvival and the reference its tests hold it to.
 */
export function bracketedQuantile(survival: (t: number) => number, p: number, hints: QuantileHints): number {
  const tail = 1 - p;
  // Cantelli's bound is loose for high p, so widen from m + σ by doubling and stop at the first point past the quantile.
  const sd = Math.sqrt(Math.max(0, hints.varianceS2));
  const cantelli = cantelliBound(p, hints);
  const g = hints.guessS;
  let lo = hints.minS;
  let excessLo = survival(lo) - tail;
  if (excessLo <= 0) return lo;
  if (g !== undefined && g > lo && g < cantelli) {
    // Walk from the guess towards the root in widening steps until the sign changes: a bracket
    // of a few per cent instead of the Cantelli one.
    let a = g;
    let ea = survival(a) - tail;
    if (ea === 0) return a;
    let step = 0.02 * g;
    for (let i = 0; i < 8; i++) {
      const b = ea > 0 ? Math.min(cantelli, a + step) : Math.max(lo, a - step);
      const eb = survival(b) - tail;
      if ((eb > 0) !== (ea > 0)) return ea > 0 ? brentRoot((t) => survival(t) - tail, a, b, ea, eb) : brentRoot((t) => survival(t) - tail, b, a, eb, ea);
      if (b === cantelli || b === lo) break;
      a = b;
      ea = eb;
      step *= 2;
    }
  }
  let hi = Math.max(lo, Math.min(hints.meanS + sd, cantelli));
  let excessHi = survival(hi) - tail;
  for (let i = 0; excessHi > 0 && hi < cantelli && i < 64; i++) {
    lo = hi;
    excessLo = excessHi;
    const next = Math.min(cantelli, hints.meanS + 2 * Math.max(hi - hints.meanS, sd));
    // Doubling may not move a value whose spread is below its rounding: jump to the bound.
    hi = next > hi ? next : cantelli;
    excessHi = survival(hi) - tail;
  }
  if (excessHi > 0) return hi;
  return brentRoot((t) => survival(t) - tail, lo, hi, excessLo, excessHi);
}

/*
 * Newton's method on excess(t) = P(T > t) − (1 − p), whose derivative is −f(t), f the density,
 * from a guess near the root; each step stays inside the bracket the signs so far give. Null
 * when a step leaves it or the density vanishes: the caller then brackets from scratch.
 *
 * Where the tail comes with f'(t) (the contour's, from the same transform values; path-latency.ts
 * passes it for the laws the contour follows without a check), the steps are taken on
 * h(t) = ln(P(T > t)/(1 − p)) (nextPoint), the same root: a path's tail is near exponential, so h
 * is near straight. The step is Halley's (Householder's method of order 2; Press et al., Numerical
 * Recipes, 3rd ed., §9.4.2), with
 *   h' = −f/S,  h'' = −f'/S − h'²,  t ← t − 2hh'/(2h'² − hh''),
 * while its correction to Newton's step on h is moderate (|hh''| ≤ h'², a factor within [2/3, 2]),
 * else Newton's on h. From the moments' start, 3.5 % off on the largest bundled plan's path, the
 * first step lands within ~1e-13 of the root (Newton's step on h alone, ~4e-7; on the tail, 2e-3)
 * and the second evaluation confirms it: two evaluations of the tail where Newton's steps on the
 * tail took four (test/model/quantile-steps.test.ts). Where a step on h leaves the bracket, the
 * step is Newton's on the tail; on tails without f' too, unless the caller asks for steps on h
 * (`steps`): the Fourier series' search gives up at the first point where the series does not
 * settle, so the points it visits decide which method finds the figure, and path-latency.ts tries
 * both. The stopping rules hold for every step: each converges at least quadratically, which the
 * second rule measures from the steps.
 */
function newtonNear(tailAt: (t: number) => Tail, tail: number, guessS: number, floorS: number, ceilingS: number, steps: Steps): { root: number; density: number } | null {
  let lo = floorS;
  let hi = ceilingS;
  let t = guessS;
  let before = Infinity;
  for (let i = 0; i < 12; i++) {
    const { survival, density, slope } = tailAt(t);
    const excess = survival - tail;
    if (excess === 0) return { root: t, density };
    if (excess > 0) lo = t;
    else hi = t;
    if (!(density > 0)) return null;
    const next = nextPoint(t, survival, density, slope, steps, excess, tail, lo, hi);
    if (!(next > lo && next < hi)) return null;
    const step = Math.abs(next - t);
    // Quadratic convergence: a step below 1e-8 leaves an error of order 1e-16, below the inversion's
    // own. The tail probability must agree too: where the inversion cannot follow the law (a
    // near-deterministic path), a wild density can make a step small far from the root.
    if (step <= 1e-8 * next && Math.abs(excess) <= 1e-9) return { root: next, density };
    // Two steps show the convergence: d_k ≈ C·d_{k−1}², so next's error is ≈ C·d_k² = d_k³/d_{k−1}².
    // Where that is below 1e-12 of the root (six digits are printed) and the steps shrink as they
    // should, next stands without one more evaluation of the tail.
    if (step <= 0.01 * before && Math.abs(excess) <= 1e-6 && step ** 3 <= 1e-12 * next * before * before) return { root: next, density };
    before = step;
    t = next;
  }
  return null;
}

/** Where newtonNear steps without f': on ln P(T > t) ('log', Newton's step on h) or on the tail itself ('tail'). With f', the steps are always on the logarithm. */
export type Steps = 'log' | 'tail';

/** newtonNear's next point from the tail at t: a step on ln P(T > t) (Halley's with f') where it stays inside (lo, hi); else Newton's step on the tail. */
function nextPoint(t: number, survival: number, density: number, slope: number | undefined, steps: Steps, excess: number, tail: number, lo: number, hi: number): number {
  if ((slope !== undefined || steps === 'log') && survival > 0 && tail > 0) {
    // h = ln(S/tail), h' = −f/S, h'' = −f'/S − h'².
    const h = Math.log1p(excess / tail);
    const d1 = -density / survival;
    let next = t - h / d1;
    if (slope !== undefined) {
      const d2 = -slope / survival - d1 * d1;
      const bend = h * d2;
      if (Math.abs(bend) <= d1 * d1) next = t - (2 * h * d1) / (2 * d1 * d1 - bend);
    }
    if (next > lo && next < hi) return next;
  }
  return t + excess / density;
}
