/**
 * End-to-end response time along a request path: the percentile of the whole path's time (not
 * a sum of percentiles) by numerical inversion of its Laplace–Stieltjes transform, and its mean.
 * Stages are queues with any wait and phase-type service law (queue-model.ts), visited a random
 * number of times, in sequence or as exclusive alternatives (path-tree.ts). Seconds; pure.
 */
import { pathSharpness, poleClusters } from './sharpness.js';
import { checkContour, contour, thirdContour, type ContourNode } from './talbot.js';
import { seriesTail, type Fallback } from './fourier.js';
import { cantelliBound, contourTail, contourTailDerivatives, groupedTail, lastRemembered, quantileFromSurvival, type GroupTransform, type GroupTransformMany, type ShiftGroup, type Steps, type Tail } from './inversion.js';
import { evaluateGroup, evaluatePath, pathMoments, pathShifts, visitedStages, type PathModel, type PathNode } from './path-tree.js';
import { evaluateGroupMany, evaluatesAtOnce } from './path-program-many.js';
import { splitTail, type CheckedTail } from './split-inversion.js';
import { visitTail } from './visit-tail.js';
import { waitPlusServiceSurvival } from './queueing.js';
import { isExponential } from './service-law.js';
import { forkJoinLaw, forkJoinQuantile, hasParallel, summedTree, type ForkJoinLaw } from './path-parallel.js';
import { tailInterpolant } from './tail-interpolant.js';

/**
 * The most distinct total constant delays the exact method inverts one by one. Beyond it the
 * percentile is the bound q_p(C) + D_max (see pathLatency).
 */
export const MAX_SHIFT_GROUPS = 32;

/** The end-to-end figures of a path. */
export interface PathLatency {
  /** The p-quantile (seconds); Infinity when a visited stage is unstable. */
  percentileS: number;
  meanS: number;
  /** `exact`: the inverted transform; `bound`: an upper bound (too many combinations of delays, or a law too sharp to invert: see `inversion`). */
  method: 'exact' | 'bound';
  /**
   * How the transform was inverted: `contour` (Talbot), `series` (the Fourier series, for laws
   * too sharp for the contour), `cantelli` (neither settled: the bound m + σ·√(p/(1 − p))).
   */
  inversion: Inversion;
  /** Distinct total constant delays (shift groups) the path has, or null beyond the limit. */
  groups: number | null;
  /**
   * A path with parallel calls (path-parallel.ts): `max`, each parallel entry's time is its
   * slowest member's (the members' CDFs multiplied, the rest convolved on a grid); `sum`, its
   * members' sum (an upper bound: the composed law did not reach p within its horizon). Absent
   * without parallel calls.
   */
  forkJoin?: 'max' | 'sum';
}

/**
 * How a path's percentile was found (PathLatency.inversion): Talbot's contour; the Fourier series
 * (also outcome by outcome, split-inversion.ts) where the contour is not trusted; one visit's law
 * in the time domain (visit-tail.ts) where neither settles; Cantelli's upper bound where nothing does.
 * Only 'cantelli' is a bound: the others are the figure to the digits printed.
 */
export type Inversion = 'contour' | 'series' | 'time-domain' | 'cantelli';

/** From the least exact (a bound) to the most. */
const EXACTNESS: readonly Inversion[] = ['cantelli', 'time-domain', 'series', 'contour'];

/** The least exact of the inversions behind one figure ('contour' where none is given). */
export function leastExact(found: readonly (Inversion | undefined)[]): Inversion {
  return EXACTNESS.find((i) => found.includes(i)) ?? 'contour';
}

/**
 * The sharpness (pathSharpness) up to which the Talbot contour is trusted without a check: an
 * Erlang-16 law is inverted to ~1e-13 absolute, an Erlang-24 to ~1e-9, an Erlang-64 (cv 0.125
 * and below) only to ~2e-2 (test/model/inversion-sharp.test.ts).
 */
export const CONTOUR_SHARPNESS = 16;

/** The p-quantile and the mean of a path's total time; `guessS`, a value believed near the quantile, only narrows the search. */
export function pathLatency(model: PathModel, p: number, guessS?: number): PathLatency {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const visited = visitedStages(model);
  if ([...visited].some((i) => model.stages[i]!.unstable)) return { percentileS: Infinity, meanS: Infinity, method: 'exact', inversion: 'contour', groups: null };
  if (visited.size === 0) return { percentileS: 0, meanS: 0, method: 'exact', inversion: 'contour', groups: 1 };
  if (hasParallel(model.root)) return forkJoinLatency(model, p);
  const moments = pathMoments(model);
  const shifts = pathShifts(model, MAX_SHIFT_GROUPS);
  if (shifts === null) {
    /*
     * Too many combinations of constant delays to invert each. T = C + D, with C the path's
     * time without its constant delays and D ≤ D_max the delays actually taken, so T ≤ C + D_max
     * on every outcome and q_p(T) ≤ q_p(C) + D_max: an upper bound, exact when every delay is
     * taken on every request.
     */
    const flat = quantileOf(model, [0], p, { ...moments, minShiftS: 0 }, true);
    return { percentileS: flat.percentileS + moments.maxShiftS, meanS: moments.meanS, method: 'bound', inversion: flat.inversion, groups: null };
  }
  const q = quantileOf(model, shifts, p, { ...moments, ...(guessS !== undefined ? { guessS } : {}) }, false);
  return { percentileS: q.percentileS, meanS: moments.meanS, method: q.inversion === 'cantelli' ? 'bound' : 'exact', inversion: q.inversion, groups: shifts.length };
}

/** P(T > t) for the path's total time T (exact while the delay combinations stay within MAX_SHIFT_GROUPS, else an upper bound by the same argument as pathLatency). */
export function pathSurvival(model: PathModel, t: number): number {
  return checkedSurvival(model, t).survival;
}

/** P(T > t) and how it was found (`cantelli`: the one-sided Chebyshev bound, an upper bound on the survival, conservative for a timeout). */
export function checkedSurvival(model: PathModel, t: number): { survival: number; inversion: Inversion } {
  const visited = visitedStages(model);
  if ([...visited].some((i) => model.stages[i]!.unstable)) return { survival: 1, inversion: 'contour' };
  if (visited.size === 0) return { survival: t < 0 ? 1 : 0, inversion: 'contour' };
  if (hasParallel(model.root)) return { survival: Math.min(1, Math.max(0, 1 - lawOfForkJoin(model).cdf(t))), inversion: 'contour' };
  const shifts = pathShifts(model, MAX_SHIFT_GROUPS);
  if (shifts === null) return survivalOf(model, [0], true, t - pathMoments(model).maxShiftS, t);
  return survivalOf(model, shifts, false, t, t);
}

/**
 * The p-quantile and mean of a path with parallel calls: the composed law's root (path-parallel.ts),
 * or, where it does not reach p within its horizon, the quantile of the path with each parallel
 * entry's members summed (max ≤ sum on every outcome: an upper bound), said by `forkJoin: 'sum'`.
 */
function forkJoinLatency(model: PathModel, p: number): PathLatency {
  const law = lawOfForkJoin(model);
  const q = forkJoinQuantile(law, p);
  const moments = law.moments;
  const base = q !== null ? { percentileS: q, method: 'exact' as const, inversion: 'contour' as const, groups: null, forkJoin: 'max' as const } : { ...pathLatency({ stages: model.stages, root: summedTree(model.root) }, p), method: 'bound' as const, forkJoin: 'sum' as const };
  // The mean is integrated only when read (a sweep reads the percentile at thousands of loads).
  return Object.defineProperty(base, 'meanS', { get: () => moments().meanS, enumerable: true }) as PathLatency;
}

/** Each path's composed law, once (a plan reads the law of one path for its mean, its percentile and its tail). */
const forkJoinLaws = new WeakMap<PathModel, ForkJoinLaw>();

function lawOfForkJoin(model: PathModel): ForkJoinLaw {
  let law = forkJoinLaws.get(model);
  if (law === undefined) {
    law = forkJoinLaw(model, exactCdf, (sub) => pathMoments(sub));
    forkJoinLaws.set(model, law);
  }
  return law;
}

/**
 * P(T ≤ t) of a path without parallel calls, prepared once for the many points a fork-join
 * composition reads: a law the contour follows (pathSharpness within CONTOUR_SHARPNESS, few delay
 * combinations) keeps its shift groups and transform, as survivalOf's first case reads them, and
 * reads each group's tail up to `horizonS` from its interpolant (tail-interpolant.ts: a few dozen
 * inversions, each giving the tail and four of its derivatives, for the thousands of points the
 * grids read, checked to 1e-11 against the inversion's own values); any other is checkedSurvival point by point.
 */
function exactCdf(model: PathModel, horizonS: number): (t: number) => number {
  const closed = closedFormCdf(model, model.root);
  if (closed !== null) return closed;
  const visited = visitedStages(model);
  if (visited.size === 0) return (t) => (t < 0 ? 0 : 1);
  if ([...visited].some((i) => model.stages[i]!.unstable)) return () => 0;
  const shifts = pathShifts(model, MAX_SHIFT_GROUPS);
  if (shifts !== null && pathSharpness(model) <= CONTOUR_SHARPNESS) {
    const { groups, transform, many } = groupsOf(model, shifts, false);
    const tails = groups.map((group, index) => tailInterpolant((tau, out) => contourTailDerivatives(group, index, transform, tau, out, contour, many), horizonS - group.shiftS).survival);
    // groupedTail's sum, each group's tail read from its interpolant.
    return (t) => {
      let total = 0;
      for (let index = 0; index < groups.length; index++) {
        const group = groups[index]!;
        const tau = t - group.shiftS;
        if (tau < 0) total += group.mass;
        else if (tau === 0) total += group.mass - group.atom;
        else total += tails[index]!(tau);
      }
      return 1 - Math.min(1, Math.max(0, total));
    };
  }
  return (t) => 1 - checkedSurvival(model, t).survival;
}

/**
 * P(T ≤ t) in closed form where the part is one visit of an M/M/c-like stage (exponential wait,
 * exponential service, a constant delay D), or a choice of such visits: T = D + W + S with
 * W = 0 w.p. 1 − C, else Exp(θ/f) (f the wait factor), S ~ Exp(μ) (queueing.ts); null otherwise.
 * The members of a fan-out are mostly such visits, read at thousands of points.
 */
function closedFormCdf(model: PathModel, node: PathNode): ((t: number) => number) | null {
  if (node.kind === 'sequence') return node.items.length === 1 ? closedFormCdf(model, node.items[0]!) : null;
  if (node.kind === 'choice') {
    const rest = Math.max(0, 1 - node.branches.reduce((s, b) => s + b.probability, 0));
    const parts = node.branches.map((b) => ({ p: b.probability, cdf: closedFormCdf(model, b.node) }));
    if (parts.some((b) => b.cdf === null)) return null;
    return (t) => {
      if (t < 0) return 0;
      let f = rest;
      for (const b of parts) f += b.p * b.cdf!(t);
      return f;
    };
  }
  if (node.kind !== 'visit' || node.counts.length !== 1 || node.counts[0]!.count !== 1 || node.counts[0]!.probability !== 1) return null;
  const law = model.stages[node.stage]!;
  if (law.unstable || law.wait.kind !== 'exponential' || !isExponential(law.service)) return null;
  const c = law.wait.waitProbability;
  const theta = law.wait.conditionalRate / (law.waitScale ?? 1);
  const mu = law.service.branches[0]!.rate;
  const d = law.constantDelayS;
  if (!(theta > 0) || !(mu > 0) || !Number.isFinite(mu)) return null;
  return (t) => (t < d ? 0 : 1 - waitPlusServiceSurvival(t - d, c, theta, mu));
}

/** Mean and variance of a path's time: with parallel calls, each parallel entry's time the slowest member's (path-parallel.ts), else pathMoments. */
export function pathTimeMoments(model: PathModel): { meanS: number; varianceS2: number } {
  if (!hasParallel(model.root)) return pathMoments(model);
  return lawOfForkJoin(model).moments();
}

/*
 * Cantelli's (one-sided Chebyshev) inequality, P(T − m ≥ a) ≤ σ²/(σ² + a²) for a > 0 (Grimmett &
 * Stirzaker, Probability and Random Processes, 3rd ed., problem 7.11.9); 1 at or below the mean.
 */
function cantelliSurvival(meanS: number, varianceS2: number, t: number): number {
  return t > meanS ? varianceS2 / (varianceS2 + (t - meanS) ** 2) : 1;
}

/**
 * P(T > t) by the contour where the law is smooth enough to trust it (pathSharpness) or where the
 * N = 48 contour agrees to 1e-10 (agree), else as checkedTail (the contour's value where both agree to
 * 1e-9), else Cantelli's upper bound on T's survival at `boundAtS` (T's own time: for a flat law
 * `t` is the time without the delays).
 */
function survivalOf(model: PathModel, keys: readonly number[], flat: boolean, t: number, boundAtS: number): { survival: number; inversion: Inversion } {
  const { groups, transform, many } = groupsOf(model, keys, flat);
  if (pathSharpness(model) <= CONTOUR_SHARPNESS) return { survival: groupedTail(groups, transform, t, contour, many).survival, inversion: 'contour' };
  // groupedTail's value is this reading clamped (the same sum in the same order): one pass over the contour serves both.
  const a = reading(groups, transform, t, contour, many);
  const onContour = Math.min(1, Math.max(0, a.survival));
  if (agree(a, reading(groups, transform, t, checkContour(), many))) return { survival: onContour, inversion: 'contour' };
  const series = checkedTail(model, groups, transform, many)(t) ?? (flat ? null : splitTail(model, checkedTailOf)(t));
  if (series !== null) return Math.abs(series.survival - onContour) <= 1e-9 ? { survival: onContour, inversion: 'contour' } : { survival: series.survival, inversion: 'series' };
  // Last before the bound, one visit in the time domain (visit-tail.ts).
  const visit = flat ? null : (visitTail(model, t)?.(t) ?? null);
  if (visit !== null) return { survival: visit.survival, inversion: 'time-domain' };
  const { meanS, varianceS2 } = pathMoments(model);
  return { survival: cantelliSurvival(meanS, varianceS2, boundAtS), inversion: 'cantelli' };
}

/**
 * The tail of a law too sharp to trust the contour alone: the Fourier series (fourier.ts); for a
 * group whose series does not settle (τ far beyond the law's sharp part: the terms needed grow as
 * τ/σ), the contour, unless a pole cluster of order K > CONTOUR_SHARPNESS and rate r has r·τ in
 * [1, 4K] (the contour misses an Erlang-k for r·τ from ~8 to ~1.5k: test/model/inversion-sharp.test.ts);
 * null where neither is trusted.
 */
function checkedTail(model: PathModel, groups: readonly ShiftGroup[], transform: GroupTransform, many: GroupTransformMany | undefined): (t: number) => Tail | null {
  const risky = poleClusters(model).filter((c) => c.order > CONTOUR_SHARPNESS);
  const fallback: Fallback = (group, index, tau) => (risky.some((c) => c.rate * tau >= 1 && c.rate * tau <= 4 * c.order) ? null : contourTail(group, index, transform, tau, contour, many));
  return (t) => seriesTail(groups, transform, t, fallback, many);
}

/** P(T > t) and the density at t as survivalOf finds them, null where the series does not settle: what splitTail inverts in each outcome. */
const checkedTailOf: CheckedTail = (model) => {
  const shifts = pathShifts(model, MAX_SHIFT_GROUPS);
  if (shifts === null) return () => null;
  const { groups, transform, many } = groupsOf(model, shifts, false);
  if (pathSharpness(model) <= CONTOUR_SHARPNESS) return (t) => withoutSlope(groupedTail(groups, transform, t, contour, many));
  const series = checkedTail(model, groups, transform, many);
  return (t) => {
    const a = reading(groups, transform, t, contour, many);
    if (agree(a, reading(groups, transform, t, checkContour(), many))) return { survival: Math.min(1, Math.max(0, a.survival)), density: a.density };
    const b = series(t);
    return b === null ? null : withoutSlope(b);
  };
};

/** A tail without f': the percentile search then takes Newton's steps on it (inversion.ts's newtonNear), as the searches of the fallbacks do. */
function withoutSlope(tail: Tail): Tail {
  return { survival: tail.survival, density: tail.density };
}

/** The shift groups `keys` of the path, their masses and atoms, and their transforms. */
function groupsOf(model: PathModel, keys: readonly number[], flat: boolean): { groups: ShiftGroup[]; transform: GroupTransform; many: GroupTransformMany | undefined } {
  const masses = evaluatePath(model, 'zero', flat);
  const atoms = evaluatePath(model, 'infinity', flat);
  const groups: ShiftGroup[] = keys.map((k) => ({ shiftS: k / 1e12, mass: masses.get(k)?.re ?? 0, atom: atoms.get(k)?.re ?? 0 }));
  const transform = (g: number, s: { re: number; im: number }) => evaluateGroup(model, s, keys[g]!, flat);
  // A long flat path is evaluated at a contour's or a series round's points in one pass over its stages.
  const many: GroupTransformMany | undefined = evaluatesAtOnce(model, flat) ? (g, re, im, count, outRe, outIm) => evaluateGroupMany(model, keys[g]!, flat, re, im, count, outRe, outIm) : undefined;
  return { groups, transform, many };
}

/** P(T > t) and the density at t on one contour, unclamped (groupedTail clamps to [0, 1], where two wild values would agree). */
function reading(groups: readonly ShiftGroup[], transform: GroupTransform, t: number, nodes: readonly ContourNode[], many: GroupTransformMany | undefined): Tail {
  let survival = 0;
  let density = 0;
  for (let index = 0; index < groups.length; index++) {
    const group = groups[index]!;
    const tau = t - group.shiftS;
    if (tau <= 0) survival += tau < 0 ? group.mass : group.mass - group.atom;
    else {
      const one = contourTail(group, index, transform, tau, nodes, many);
      survival += one.survival;
      density += one.density;
    }
  }
  return { survival, density };
}

/**
 * Whether two contours' readings of P(T > t) agree within 1e-10, and in [0, 1]: their errors on a
 * law too sharp for them are unrelated, so agreement means both are right (over 76,000 Erlang-k
 * laws, k = 17 … 4,000, r·τ = 0.1 … 10^4, the error where N = 36 and 48 agreed was at most
 * 3.3e-9; test/model/inversion-sharp.test.ts).
 */
function agree(a: Tail, b: Tail): boolean {
  return Math.abs(a.survival - b.survival) <= 1e-10 && a.survival >= -1e-10 && a.survival <= 1 + 1e-10;
}

/*
 * Where N = 36 and N = 48 differ, N = 48 is the closer (more nodes follow a sharper law) and a third
 * contour, N = 64, tells whether it is right: where N = 48 and 64 agree to 1e-10, N = 48 was within
 * 1e-9 of the law (closed-form Erlang-k, k = 17 … 3,529, and sums of 5 … 800 stages against the
 * Fourier series: test/model/inversion-trust.test.ts). Then the true tail at the N = 36 root is
 * 1 − p to within |b − (1 − p)| + 1e-9, and Newton's step to the true root is that over the
 * density (N = 48's, which N = 64's must match to 1 %, and N = 36's to 10 %). Below 5e-8 of the
 * root, half the 1e-7 under which quantileOf keeps the contour's root after the series, the root
 * stands: the series' verdict, for 32 transform values instead of its hundreds (a long path of
 * many stages, whose N = 36 reading is off by ~1e-8, needs this at every percentile).
 */
function contourRootStands(groups: readonly ShiftGroup[], transform: GroupTransform, many: GroupTransformMany | undefined, rootS: number, tail: number, a: Tail, b: Tail): boolean {
  const density = b.density;
  if (!(density > 0) || !(Math.abs(a.density - density) <= 0.1 * density)) return false;
  if (!(Math.abs(b.survival - tail) + 1e-9 <= 5e-8 * rootS * density)) return false;
  const c = reading(groups, transform, rootS, thirdContour(), many);
  return agree(b, c) && Math.abs(c.density - density) <= 0.01 * density;
}

/** Thrown inside a percentile search when the Fourier series does not settle. */
class Unresolved extends Error {}

/**
 * The p-quantile by the contour; for a law sharper than CONTOUR_SHARPNESS it is checked at the
 * root by a second contour (N = 48; the two must agree to 1e-10), then by the Fourier series
 * (fourier.ts): its tail there must be 1 − p to 1e-9, or Newton's step to its root below 1e-7 of
 * the root (past the six digits capplan prints; a long path's contour is off by ~3e-8); else one
 * Newton step on the series corrects a root off by less than 1e-3, and a root further off is
 * solved again on the series; where the series does not settle either,
 * Cantelli's upper bound m + σ·√(p/(1 − p)) (inversion.ts), said so by `inversion`.
 */
function quantileOf(
  model: PathModel,
  keys: readonly number[],
  p: number,
  moments: { meanS: number; varianceS2: number; minShiftS: number; guessS?: number },
  flat: boolean,
): { percentileS: number; inversion: Inversion } {
  const minS = flat ? 0 : moments.minShiftS;
  const { groups, transform, many } = groupsOf(model, keys, flat);
  // A law the contour follows is searched with f' too (Halley's steps on ln P(T > t), inversion.ts);
  // a sharper one as before, since the points the search visits decide which check follows.
  const smooth = pathSharpness(model, moments) <= CONTOUR_SHARPNESS;
  const tail = (t: number): Tail => (smooth ? groupedTail(groups, transform, t, contour, many) : withoutSlope(groupedTail(groups, transform, t, contour, many)));
  const hints = { minS, meanS: moments.meanS, varianceS2: moments.varianceS2 };
  const percentileS = quantileFromSurvival((t) => tail(t).survival, p, { ...hints, ...(moments.guessS !== undefined ? { guessS: moments.guessS } : {}) }, tail);
  if (smooth) return { percentileS, inversion: 'contour' };
  // Newton's method on the series below starts where the check at the contour's root has just
  // summed it: the same value, once (~140 transform values of a long path).
  const checked = lastRemembered(checkedTail(model, groups, transform, many));
  const series = (t: number): Tail => {
    const r = checked(t);
    if (r === null) throw new Unresolved();
    return r;
  };
  if (Number.isFinite(percentileS)) {
    const a = reading(groups, transform, percentileS, contour, many);
    const b = reading(groups, transform, percentileS, checkContour(), many);
    if (agree(a, b) || contourRootStands(groups, transform, many, percentileS, 1 - p, a, b)) return { percentileS, inversion: 'contour' };
  }
  try {
    if (Number.isFinite(percentileS)) {
      const at = series(percentileS);
      const excess = at.survival - (1 - p);
      // Newton's step to the series' root: where it is below 1e-7 of the root (past the six digits capplan prints), the contour's root stands.
      const step = at.density > 0 ? excess / at.density : Infinity;
      if (Math.abs(excess) <= 1e-9 || Math.abs(step) <= 1e-7 * percentileS) return { percentileS, inversion: 'contour' };
      // Only a little off: one Newton step on the series leaves an error of order step².
      if (Math.abs(excess) <= 1e-6 && Math.abs(step) <= 1e-3 * percentileS) return { percentileS: percentileS + step, inversion: 'series' };
    }
    // From the contour's root: where it is only a little off, Newton's method settles in a step or two.
    const near = percentileS > minS && Number.isFinite(percentileS) ? { guessS: percentileS } : {};
    const onSeries = (steps: Steps, halley: boolean) =>
      quantileFromSurvival((t) => series(t).survival, p, { ...hints, ...near }, halley ? series : (t) => withoutSlope(series(t)), steps);
    // Steps on ln P(T > t) first, Halley's with the series' f' (a long path's p95 then settles in
    // two evaluations of the series after the contour's root, not three), then Newton's; where the
    // series does not settle at a point they visit, the steps on the tail, which visit other
    // points. A figure any of them finds is the series' (the same to its ~1e-10), so each search
    // tried before the last only adds figures: three deterministic stages at 0.8 req/s were
    // Cantelli's bound with the steps on the tail alone (test/model/quantile-steps.test.ts).
    for (const halley of [true, false]) {
      try {
        return { percentileS: onSeries('log', halley), inversion: 'series' };
      } catch (e) {
        if (!(e instanceof Unresolved)) throw e;
      }
    }
    return { percentileS: onSeries('tail', false), inversion: 'series' };
  } catch (e) {
    if (!(e instanceof Unresolved)) throw e;
  }
  // The series does not settle: outcome by outcome, the fastest sharp stage convolved out (split-inversion.ts).
  const splitAt = flat ? () => null : splitTail(model, checkedTailOf);
  const split = (t: number): Tail => {
    const r = splitAt(t);
    if (r === null) throw new Unresolved();
    return r;
  };
  const near = percentileS > minS && Number.isFinite(percentileS) ? { guessS: percentileS } : {};
  try {
    return { percentileS: quantileFromSurvival((t) => split(t).survival, p, { ...hints, ...near }, split), inversion: 'series' };
  } catch (e) {
    if (!(e instanceof Unresolved)) throw e;
  }
  // One visit: its tail in the time domain (visit-tail.ts), exact to a stated bracket; the root lies below Cantelli's bound, the grid's horizon.
  const bound = Math.max(minS, cantelliBound(p, hints));
  const visitAt = flat ? null : visitTail(model, bound, 1 - p);
  if (visitAt !== null) {
    const visit = (t: number): Tail => {
      const r = visitAt(t);
      if (r === null) throw new Unresolved();
      return r;
    };
    try {
      return { percentileS: quantileFromSurvival((t) => visit(t).survival, p, { ...hints, ...near }, visit), inversion: 'time-domain' };
    } catch (e) {
      if (!(e instanceof Unresolved)) throw e;
    }
  }
  return { percentileS: bound, inversion: 'cantelli' };
}

/** The count distribution of `visits` = n + f visits: n w.p. 1 − f, n + 1 w.p. f. */
export function visitCounts(visits: number): { count: number; probability: number }[] {
  if (!(visits >= 0) || !Number.isFinite(visits)) throw new RangeError(`visits must be a finite number >= 0, got ${visits}`);
  let whole = Math.floor(visits);
  let fraction = visits - whole;
  if (fraction < 1e-12) fraction = 0;
  if (fraction > 1 - 1e-12) {
    whole += 1;
    fraction = 0;
  }
  return fraction === 0 ? [{ count: whole, probability: 1 }] : [{ count: whole, probability: 1 - fraction }, { count: whole + 1, probability: fraction }];
}
