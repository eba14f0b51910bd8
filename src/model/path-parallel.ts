/**
 * The time of a request path with parallel calls (fork-join), in the time domain. A parallel
 * node's members start together and are independent, so its time is M = max_i T_i with
 *   F_M(t) = Π_i F_{T_i}(t)
 * (the CDF of the max of independent variables is the product of their CDFs). A subtree without
 * a parallel node keeps its exact law (the caller's inversion of its Laplace transform); a
 * choice mixes its branches' CDFs; a sequence that holds a parallel node adds independent times,
 * so its CDF is the convolution of its items' laws, taken on a grid (GRID_CELLS cells up to a
 * horizon past the path's percentiles; midpoint rule, error O(h²) where the laws are smooth).
 * The transform of a max has no closed form, so the rest of the path is not inverted through it.
 * Seconds; pure (the exact inversion is passed in, so that this module needs no other).
 */
import type { PathModel, PathNode } from './path-types.js';
import { brentRoot } from './root.js';
import { linearConvolution } from './fft.js';

/**
 * P(T ≤ t) of a path without parallel nodes, prepared once per path (the caller's exact inversion);
 * `horizonS`, where the composition's grids end: the caller may prepare the law for reads up to it.
 */
export type ExactCdf = (model: PathModel, horizonS: number) => (t: number) => number;

/** Mean and variance of a path without parallel nodes. */
export type ExactMoments = (model: PathModel) => { meanS: number; varianceS2: number };

/** Cells of the grid a sum with a parallel node is convolved on. */
export const GRID_CELLS = 1024;

/** Points of the composite Simpson rule a parallel node's moments are integrated on (even). */
const MOMENT_CELLS = 512;

/**
 * Standard deviations past the mean of the members' sum where the grids end: the sum is an upper
 * bound on the max pathwise, and a law of queues and phase-type services has an exponential tail,
 * P(T > m + 14σ) below e^{−15} ≈ 3e-7 for an exponential (σ = m), far less for a sum.
 */
const HORIZON_SIGMAS = 14;

/** A law as the composition reads it: its CDF, mean and second moment. */
interface Law {
  cdf: (t: number) => number;
  /** Mean and second moment, found on first use (a percentile alone needs neither: a sweep reads thousands). */
  moments: () => { mean: number; second: number };
  /** Whether a grid (a convolution) is behind it: its CDF is interpolated, not exact to the inversion's digits. */
  grid: boolean;
}

/** Whether a path tree has a parallel node. */
export function hasParallel(node: PathNode): boolean {
  if (node.kind === 'parallel') return true;
  if (node.kind === 'sequence') return node.items.some(hasParallel);
  if (node.kind === 'choice') return node.branches.some((b) => hasParallel(b.node));
  return false;
}

/** The tree with every parallel node replaced by the sequence of its members: its time is at least the path's on every outcome (max ≤ sum). */
export function summedTree(node: PathNode): PathNode {
  if (node.kind === 'parallel') return { kind: 'sequence', items: node.members.map(summedTree) };
  if (node.kind === 'sequence') return hasParallel(node) ? { kind: 'sequence', items: node.items.map(summedTree) } : node;
  if (node.kind === 'choice') return hasParallel(node) ? { kind: 'choice', branches: node.branches.map((b) => ({ probability: b.probability, node: summedTree(b.node) })) } : node;
  return node;
}

/** The law of a path with parallel nodes: P(T ≤ t), mean and variance, and whether a grid stands behind the CDF. */
export interface ForkJoinLaw {
  cdf: (t: number) => number;
  /** Mean and variance, found on first use. */
  moments: () => { meanS: number; varianceS2: number };
  /** Where the grids end (s): past it the CDF is taken as 1 − (its value there). */
  horizonS: number;
  grid: boolean;
}

/** The law of a path that may hold parallel nodes (one without any is the exact law, as `exact` gives it). */
export function forkJoinLaw(model: PathModel, exact: ExactCdf, moments: ExactMoments): ForkJoinLaw {
  const horizonS = horizonOf(model, model.root, moments);
  const law = lawOf(model, model.root, exact, moments, horizonS);
  const found = once(() => {
    const m = law.moments();
    return { meanS: m.mean, varianceS2: Math.max(0, m.second - m.mean * m.mean) };
  });
  return { cdf: law.cdf, moments: found, horizonS, grid: law.grid };
}

/**
 * The p-quantile of a path with parallel nodes: the root of F(t) = p by Brent's method on the
 * composed CDF; null when F stays below p up to the horizon (the caller then takes the summed
 * path's quantile, an upper bound).
 */
export function forkJoinQuantile(law: ForkJoinLaw, p: number): number | null {
  const f = (t: number) => law.cdf(t) - p;
  const fa = f(0);
  if (fa >= 0) return 0;
  const fb = f(law.horizonS);
  if (!(fb >= 0)) return null;
  return brentRoot(f, 0, law.horizonS, fa, fb);
}

/** Where the grids under `node` end: the mean of the members' sum plus HORIZON_SIGMAS of its standard deviations. */
function horizonOf(model: PathModel, node: PathNode, moments: ExactMoments): number {
  const m = moments({ stages: model.stages, root: summedTree(node) });
  return m.meanS + HORIZON_SIGMAS * Math.sqrt(m.varianceS2);
}

/** The law of `node`; `horizonS`, the root's horizon, past every point the composition reads below it. */
function lawOf(model: PathModel, node: PathNode, exact: ExactCdf, moments: ExactMoments, horizonS: number): Law {
  if (!hasParallel(node)) {
    const sub = { stages: model.stages, root: node };
    const cdf = exact(sub, horizonS);
    return {
      cdf: (t) => (t < 0 ? 0 : cdf(t)),
      moments: once(() => {
        const m = moments(sub);
        return { mean: m.meanS, second: m.varianceS2 + m.meanS * m.meanS };
      }),
      grid: false,
    };
  }
  if (node.kind === 'parallel') {
    const members = node.members.map((n) => lawOf(model, n, exact, moments, horizonS));
    const cdf = (t: number) => {
      let f = 1;
      for (let i = 0; i < members.length; i++) f *= members[i]!.cdf(t);
      return f;
    };
    return { cdf, moments: once(() => integratedMoments(cdf, horizonOf(model, node, moments))), grid: members.some((m) => m.grid) };
  }
  if (node.kind === 'choice') {
    const rest = Math.max(0, 1 - node.branches.reduce((s, b) => s + b.probability, 0));
    const branches = node.branches.filter((b) => b.probability > 0).map((b) => ({ p: b.probability, law: lawOf(model, b.node, exact, moments, horizonS) }));
    return {
      cdf: (t) => {
        if (t < 0) return 0;
        let f = rest;
        for (const b of branches) f += b.p * b.law.cdf(t);
        return f;
      },
      moments: once(() => ({
        mean: branches.reduce((s, b) => s + b.p * b.law.moments().mean, 0),
        second: branches.reduce((s, b) => s + b.p * b.law.moments().second, 0),
      })),
      grid: branches.some((b) => b.law.grid),
    };
  }
  // A sequence with a parallel item: the items without one keep their exact law together; each other item is convolved in.
  const items = (node as Extract<PathNode, { kind: 'sequence' }>).items;
  const plain = items.filter((n) => !hasParallel(n));
  const laws: Law[] = [];
  if (plain.length > 0) laws.push(lawOf(model, { kind: 'sequence', items: plain }, exact, moments, horizonS));
  for (const n of items) if (hasParallel(n)) laws.push(lawOf(model, n, exact, moments, horizonS));
  const horizon = horizonOf(model, node, moments);
  let acc = laws[0]!;
  for (let i = 1; i < laws.length; i++) acc = convolve(acc, laws[i]!, horizon);
  return acc;
}

/*
 * E[M] = ∫₀^∞ (1 − F(t)) dt and E[M²] = ∫₀^∞ 2t·(1 − F(t)) dt for a nonnegative M, by the
 * composite Simpson rule on [0, H] (the mass past the horizon is left out: below ~3e-7).
 */
function integratedMoments(cdf: (t: number) => number, horizonS: number): { mean: number; second: number } {
  const n = MOMENT_CELLS;
  const h = horizonS / n;
  let mean = 0;
  let second = 0;
  for (let i = 0; i <= n; i++) {
    const t = i * h;
    const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
    const tail = 1 - cdf(t);
    mean += w * tail;
    second += w * 2 * t * tail;
  }
  return { mean: (mean * h) / 3, second: (second * h) / 3 };
}

/*
 * The law of A + B for independent A, B ≥ 0 on the grid t_j = j·h, h = H/N:
 *   P(A + B ≤ t_j) = P(B = 0)·F_A(t_j) + Σ_{k<j} P(t_k < B ≤ t_{k+1})·F_A(t_j − t_{k+½})
 * (B's mass in each cell taken at its midpoint: the midpoint rule, error c·h² for smooth laws).
 * The same sum on the grid of step 2h (its midpoints are the odd points of the fine grid, so no
 * further evaluations) cancels the h² term by Richardson's extrapolation, (4·G_h − G_2h)/3, at
 * the even points; between them the CDF is Catmull–Rom's cubic (error O(h⁴)), past the horizon
 * its last value. Mean and second moment add exactly. Both sums are linear convolutions, taken by
 * the FFT (fft.ts: O(N log N), round-off ~1e-15) rather than term by term (O(N²)).
 */
function convolve(a: Law, b: Law, horizonS: number): Law {
  const n = GRID_CELLS;
  const h = horizonS / n;
  const aAt = new Float64Array(n + 1);
  const aHalf = new Float64Array(n);
  const bAt = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) {
    aAt[j] = a.cdf(j * h);
    bAt[j] = b.cdf(j * h);
  }
  for (let k = 0; k < n; k++) aHalf[k] = a.cdf((k + 0.5) * h);
  const m = n / 2;
  // B's mass in each cell of the fine and the coarse grid, taken once (the sums below read each ~m times).
  const bFine = new Float64Array(n);
  for (let k = 0; k < n; k++) bFine[k] = Math.max(0, bAt[k + 1]! - bAt[k]!);
  const bCoarse = new Float64Array(m);
  for (let k = 0; k < m; k++) bCoarse[k] = Math.max(0, bAt[2 * k + 2]! - bAt[2 * k]!);
  const aOdd = new Float64Array(m);
  for (let r = 0; r < m; r++) aOdd[r] = aAt[2 * r + 1]!;
  // Σ_{k<j} bFine[k]·aHalf[j − 1 − k] and Σ_{k<i} bCoarse[k]·aAt[2(i − 1 − k) + 1]: linear convolutions.
  const fineSum = linearConvolution(bFine, aHalf);
  const coarseSum = linearConvolution(bCoarse, aOdd);
  const grid = new Float64Array(m + 1);
  for (let i = 0; i <= m; i++) {
    const j = 2 * i;
    const fine = bAt[0]! * aAt[j]! + (j > 0 ? fineSum[j - 1]! : 0);
    const coarse = bAt[0]! * aAt[j]! + (i > 0 ? coarseSum[i - 1]! : 0);
    grid[i] = Math.min(1, Math.max(0, (4 * fine - coarse) / 3));
  }
  const step = 2 * h;
  const cdf = (t: number) => {
    if (t < 0) return 0;
    const x = t / step;
    if (x >= m) return grid[m]!;
    const i = Math.floor(x);
    const r = x - i;
    const p0 = grid[Math.max(0, i - 1)]!;
    const p1 = grid[i]!;
    const p2 = grid[i + 1]!;
    const p3 = grid[Math.min(m, i + 2)]!;
    // Catmull–Rom: the cubic through p1, p2 with slopes (p2 − p0)/2 and (p3 − p1)/2.
    const v = p1 + 0.5 * r * (p2 - p0 + r * (2 * p0 - 5 * p1 + 4 * p2 - p3 + r * (3 * (p1 - p2) + p3 - p0)));
    return Math.min(1, Math.max(0, v));
  };
  const sum = once(() => {
    const x = a.moments();
    const y = b.moments();
    return { mean: x.mean + y.mean, second: x.second + y.second + 2 * x.mean * y.mean };
  });
  return { cdf, moments: sum, grid: true };
}

/** f's value, found on the first call and kept. */
function once<T>(f: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value as T;
  };
}
