/**
 * The tail of one visit's time D + W + S in the time domain, where the transform methods fail
 * (a wait behind near-deterministic operations far apart: path-latency.ts falls back here before
 * Cantelli's bound). W is bracketed on a grid (wait-grid.ts) and convolved with the exact service
 * law S = Σ_b p_b·Erlang(k_b, r_b):
 *   P(W↓ + S > τ) = P(W↓ > τ) + Σ_{jh ≤ τ} g↓_j · P(S > τ − jh),
 * and likewise for W↑; since W↓ ≤ W ≤ W↑, the true tail lies between the two, and the figure is
 * their midpoint. Seconds; pure.
 */
import type { Tail } from './inversion.js';
import type { PathModel, PathStageLaw } from './path-tree.js';
import type { ServiceLaw } from './service-law.js';
import type { WaitLaw } from './wait-law.js';
import { poissonSums, waitGrid, type WaitGrid } from './wait-grid.js';

/** Grid cells of the first try; doubled while the bracket is too wide, up to MAX_CELLS. */
export const FIRST_CELLS = 2048;
/** The most grid cells: an M/G/1 wait costs four FFTs of 4·cells points and cells × Σ_b k_b Poisson terms (65,536 cells: some 100 ms). */
export const MAX_CELLS = 65536;
/**
 * The bracket is accepted where its half-width in probability is at most 1e-3 of the tail or of
 * τ·density (so a quantile read off the midpoint is within 1e-3 of itself, relative, of the true one).
 */
export const RELATIVE_TOLERANCE = 1e-3;
/** The most phases of a branch the time domain sums (a fitted law has at most 64; test laws go to thousands). */
export const MAX_TIME_DOMAIN_PHASES = 10_000;
/** A bracket narrower than this in probability stands whatever the tail (a timeout's late fraction of 1e-8 ± 1e-9 is as good as exact). */
export const ABSOLUTE_TOLERANCE = 1e-9;

/** The single visited stage of a path of one visit (count 1 with probability 1), or null. */
function singleVisit(model: PathModel): PathStageLaw | null {
  let node = model.root;
  while (node.kind === 'sequence' && node.items.length === 1) node = node.items[0]!;
  if (node.kind !== 'visit' || node.counts.length !== 1) return null;
  const only = node.counts[0]!;
  if (only.count !== 1 || only.probability !== 1) return null;
  return model.stages[node.stage] ?? null;
}

/**
 * P(T > t) and T's density for a path of one visit, at t up to `horizonS`, by the grid bracket;
 * null for any other path. The function returns null where the bracket stays wider than
 * RELATIVE_TOLERANCE (or ABSOLUTE_TOLERANCE) at MAX_CELLS, or beyond the horizon; given `target`
 * (a quantile search for P(T > t) = target), a bracket wholly on one side of it also stands: far
 * from the root only the side matters. The grid is built on the first call (and refined there if
 * needed) and kept.
 */
export function visitTail(model: PathModel, horizonS: number, target?: number): ((t: number) => Tail | null) | null {
  const stage = singleVisit(model);
  if (stage === null || stage.unstable) return null;
  const delayS = stage.constantDelayS;
  const spanS = horizonS - delayS;
  if (!(spanS > 0) || !Number.isFinite(spanS)) return null;
  const scale = stage.waitScale ?? 1;
  if (!(scale > 0)) return null;
  const service = stage.service;
  // Each Poisson sum costs up to k terms, per cell and per evaluation: laws of more phases are left to the bound.
  const waitService = stage.wait.kind === 'pollaczek-khinchine' ? stage.wait.service.branches : [];
  if ([...service.branches, ...waitService].some((b) => !(b.phases <= MAX_TIME_DOMAIN_PHASES))) return null;
  let cells = FIRST_CELLS;
  let grid: CumulativeGrid | null = null;
  const build = (): boolean => {
    // `cells` points 0, h, …, spanS (a power of two: the M/G/1 wait's FFTs take 4·cells points).
    const g = cachedGrid(stage.wait, scale, spanS / (cells - 1), cells - 1);
    if (g === null) return false;
    grid = g;
    return true;
  };
  return (t) => {
    const tau = t - delayS;
    if (tau < 0) return { survival: 1, density: 0 };
    if (tau > spanS * (1 + 1e-12)) return null;
    for (;;) {
      if (grid === null && !build()) return null;
      const g = grid!;
      const low = bracketTail(g.down, g.downCdf, g.stepS, service, tau);
      const high = bracketTail(g.up, g.upCdf, g.stepS, service, tau);
      const survival = 0.5 * (low.survival + high.survival);
      const density = 0.5 * (low.density + high.density);
      const half = 0.5 * Math.abs(high.survival - low.survival);
      if (half <= RELATIVE_TOLERANCE * Math.max(survival, tau * density) || half <= ABSOLUTE_TOLERANCE) return { survival, density };
      if (target !== undefined && (low.survival - target) * (high.survival - target) > 0) return { survival, density };
      if (cells >= MAX_CELLS) return null;
      cells *= 2;
      grid = null;
    }
  };
}

type CumulativeGrid = WaitGrid & { downCdf: Float64Array; upCdf: Float64Array };

/**
 * The last few grids by their inputs: a plan asks for the same queue's percentile more than once
 * (the replica search, then the chosen count's figures).
 */
const recentGrids = new Map<string, CumulativeGrid | null>();
const RECENT_GRIDS = 8;

function cachedGrid(wait: WaitLaw, scale: number, stepS: number, cells: number): CumulativeGrid | null {
  const law = wait.kind === 'exponential' ? `e${wait.waitProbability},${wait.conditionalRate}` : `p${wait.arrivalRate}:${wait.service.branches.map((b) => `${b.probability},${b.phases},${b.rate}`).join(';')}`;
  const key = `${law}|${scale}|${stepS}|${cells}`;
  if (recentGrids.has(key)) return recentGrids.get(key)!;
  const g = waitGrid(wait, scale, stepS, cells);
  const out = g === null ? null : { ...g, downCdf: cumulative(g.down), upCdf: cumulative(g.up) };
  if (recentGrids.size >= RECENT_GRIDS) recentGrids.delete(recentGrids.keys().next().value!);
  recentGrids.set(key, out);
  return out;
}

function cumulative(pmf: Float64Array): Float64Array {
  const out = new Float64Array(pmf.length);
  let s = 0;
  for (let i = 0; i < pmf.length; i++) out[i] = s += pmf[i]!;
  return out;
}

/**
 * P(W + S > τ) and its density for W on the grid (pmf, its cumulative sums) and the exact S.
 * Per branch only the cells where P(S_b > τ − jh) is neither 0 nor 1 to 1e-18 are summed one by
 * one (x = r(τ − jh) in [k − 8√k − 10, k + 12√k + 45]: the Poisson tails beyond are below 1e-18
 * for k ≤ 10⁴), the rest by the cumulative sums.
 */
function bracketTail(pmf: Float64Array, cdf: Float64Array, h: number, service: ServiceLaw, tau: number): Tail {
  const last = Math.min(pmf.length - 1, Math.floor(tau / h + 1e-9));
  // P(W > τ): the grid mass beyond the last point at or below τ.
  let survival = Math.max(0, 1 - cdf[last]!);
  let density = 0;
  for (const b of service.branches) {
    const k = b.phases;
    const xLow = Math.max(0, k - 8 * Math.sqrt(k) - 10);
    const xHigh = k + 12 * Math.sqrt(k) + 45;
    // j ≤ last; S_b > τ − jh surely for τ − jh < xLow/r (j > jLow), surely not for τ − jh > xHigh/r (j < jHigh).
    const jHigh = Math.max(0, Math.ceil((tau - xHigh / b.rate) / h));
    const jLow = Math.min(last, Math.floor((tau - xLow / b.rate) / h));
    let sum = jLow < last ? cdf[last]! - (jLow >= 0 ? cdf[jLow]! : 0) : 0;
    let dens = 0;
    for (let j = jHigh; j <= jLow; j++) {
      const w = pmf[j]!;
      if (w === 0) continue;
      const ps = poissonSums(k, b.rate * (tau - j * h));
      sum += w * ps.below;
      dens += w * b.rate * ps.top;
    }
    survival += b.probability * sum;
    density += b.probability * dens;
  }
  return { survival: Math.min(1, survival), density };
}
