/**
 * The survival and density of a grouped law (inversion.ts) by the Fourier-series method on the
 * Bromwich line with Euler summation: slower than the Talbot contour, but it follows laws as
 * sharp as near-deterministic paths, where the contour's 18 points cannot (docs/model.md).
 */
import type { GroupTransform, GroupTransformMany, ShiftGroup, Tail } from './inversion.js';

/*
 * Abate & Whitt, "The Fourier-series method for inverting transforms of probability
 * distributions", Queueing Systems 10 (1992), §1 and algorithm EULER (also Abate, Choudhury &
 * Whitt, "An introduction to numerical transform inversion", 1999, §5): for f with transform F,
 *   f(τ) ≈ (e^{A/2}/τ)·[½·Re F(a) + Σ_{k≥1} (−1)^k·Re F(a + iπk/τ)],   a = A/(2τ),
 * with aliasing error Σ_{j≥1} e^{−jA}·f((2j+1)τ), at most e^{−A}/(1 − e^{−A}) for |f| ≤ 1 (the
 * survival): A = 28 gives 7e-13, and roundoff grows by e^{A/2} ≈ 1.2e6 (~1e-10 in all). The
 * alternating tail is summed by Euler's binomial average of the partial sums s_n … s_{n+m},
 *   E(n) = Σ_{j=0}^{m} C(m, j)·2^{−m}·s_{n+j},   m = 11,
 * and n doubles from 16 until E(n) and E(n/2) agree, for the survival (F = (P − G(s))/s) to
 * 1e-10 absolute and the density (F = G(s) − atom) to 1e-9 relative. Discontinuities at τ = 0 give
 * smooth alternating terms, which Euler's average sums; the shifts, the other jumps a path's law
 * has, are taken out by the grouping (inversion.ts), so that the terms that remain decay.
 */
const A = 28;
const EULER_M = 11;
const FIRST_N = 16;
/** The most terms one group's series may take before it is declared unresolved. */
export const MAX_SERIES_TERMS = 8192;
const SURVIVAL_TOL = 1e-10;
const DENSITY_TOL = 1e-9;

/** Binomial weights C(m, j)·2^{−m}, j = 0 … m. */
const eulerWeights = (() => {
  const w: number[] = [];
  let c = 1;
  for (let j = 0; j <= EULER_M; j++) {
    w.push(c / 2 ** EULER_M);
    c = (c * (EULER_M - j)) / (j + 1);
  }
  return w;
})();

/** Where a group's series does not settle: that group's tail at τ by another method, or null (unresolved). */
export type Fallback = (group: ShiftGroup, index: number, tau: number) => Tail | null;

/**
 * P(T > t), the density at t and its derivative by the Fourier series (a group whose series does not settle within
 * MAX_SERIES_TERMS by `fallback`), or null where neither resolves a group; `many`, the transform at
 * many points at once (the same values, faster for a long path).
 */
export function seriesTail(groups: readonly ShiftGroup[], transform: GroupTransform, t: number, fallback: Fallback = () => null, many?: GroupTransformMany): Tail | null {
  let survival = 0;
  let density = 0;
  // f'(t): every group's, where each has one (a fallback may not); a group shifted past t adds none.
  let slope: number | undefined = 0;
  for (let index = 0; index < groups.length; index++) {
    const group = groups[index]!;
    const tau = t - group.shiftS;
    if (tau < 0) survival += group.mass;
    else if (tau === 0) {
      survival += group.mass - group.atom;
      slope = undefined;
    } else {
      const one = groupSeries(group, index, many ?? oneByOne(transform), tau) ?? fallback(group, index, tau);
      if (one === null) return null;
      survival += one.survival;
      density += one.density;
      slope = slope === undefined || one.slope === undefined ? undefined : slope + one.slope;
    }
  }
  return slope === undefined ? { survival: Math.min(1, Math.max(0, survival)), density } : { survival: Math.min(1, Math.max(0, survival)), density, slope };
}

/** One group's tail at τ > 0 (see the block comment above). */
function groupSeries(group: ShiftGroup, index: number, transform: GroupTransformMany, tau: number): Tail | null {
  const a = A / (2 * tau);
  const step = Math.PI / tau;
  // Partial sums of the survival (x), density (y) and slope (z) series, term k alternating in sign.
  const xs: number[] = [];
  const ys: number[] = [];
  const zs: number[] = [];
  let x = 0;
  let y = 0;
  let z = 0;
  const scale = Math.exp(A / 2) / tau;
  let last: Tail | null = null;
  for (let n = FIRST_N; n <= MAX_SERIES_TERMS; n *= 2) {
    // The terms this n adds, their transform values asked at once.
    const from = xs.length;
    const count = n + EULER_M + 1 - from;
    const at = { re: new Float64Array(count), im: new Float64Array(count), gRe: new Float64Array(count), gIm: new Float64Array(count) };
    for (let q = 0; q < count; q++) {
      at.re[q] = a;
      at.im[q] = (from + q) * step;
    }
    transform(index, at.re, at.im, count, at.gRe, at.gIm);
    for (let k = from; k <= n + EULER_M; k++) {
      const im = k * step;
      const gRe = at.gRe[k - from]!;
      const gIm = at.gIm[k - from]!;
      // (P − G)/s: the real part of (P − g)·conj(s)/|s|².
      const nRe = group.mass - gRe;
      const nIm = -gIm;
      const xk = (nRe * a + nIm * im) / (a * a + im * im);
      const yk = gRe - group.atom;
      // Re[s·(G(s) − atom)]: f' has the transform s·(G − atom) − f(0+), and the constant's
      // alternating partial sums (±f(0+)/2) have an Euler average of exactly 0.
      const zk = a * yk - im * gIm;
      const sign = k === 0 ? 0.5 : k % 2 === 1 ? -1 : 1;
      x += sign * xk;
      y += sign * yk;
      z += sign * zk;
      xs.push(x);
      ys.push(y);
      zs.push(z);
    }
    let ex = 0;
    let ey = 0;
    let ez = 0;
    for (let j = 0; j <= EULER_M; j++) {
      ex += eulerWeights[j]! * xs[n + j]!;
      ey += eulerWeights[j]! * ys[n + j]!;
      ez += eulerWeights[j]! * zs[n + j]!;
    }
    // The slope is the series' value at the n that settles the survival and density; it only shapes
    // the percentile search's steps (Halley's), whose stopping rules check the tail itself.
    const now = { survival: scale * ex, density: scale * ey, slope: scale * ez };
    if (last !== null && Math.abs(now.survival - last.survival) <= SURVIVAL_TOL && Math.abs(now.density - last.density) <= DENSITY_TOL * Math.max(Math.abs(now.density), 1 / tau)) return now;
    last = now;
  }
  return null;
}

/** A GroupTransform asked point by point. */
function oneByOne(transform: GroupTransform): GroupTransformMany {
  return (index, re, im, count, outRe, outIm) => {
    for (let q = 0; q < count; q++) {
      const g = transform(index, { re: re[q]!, im: im[q]! });
      outRe[q] = g.re;
      outIm[q] = g.im;
    }
  };
}

