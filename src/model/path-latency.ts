/**
 * End-to-end response time along a request path: the percentile of the whole path's time (not
 * a sum of percentiles) by numerical inversion of its Laplace–Stieltjes transform, and its mean.
 * Stages are queues with any wait and phase-type service law (queue-model.ts), visited a random
 * number of times, in sequence or as exclusive alternatives (path-tree.ts). Seconds; pure.
 */
import { erlangC } from './queueing.js';
import { groupedTail, quantileFromSurvival, type ShiftGroup, type Tail } from './inversion.js';
import { evaluateGroup, evaluatePath, pathMoments, pathShifts, visitedStages, type PathModel, type PathNode, type PathStageLaw } from './path-tree.js';
import { exponentialLaw } from './service-law.js';

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
  /** `exact`: the inverted transform; `bound`: an upper bound, because the delays have too many combinations. */
  method: 'exact' | 'bound';
  /** Distinct total constant delays (shift groups) the path has, or null beyond the limit. */
  groups: number | null;
}

/** The p-quantile and the mean of a path's total time; `guessS`, a value believed near the quantile, only narrows the search. */
export function pathLatency(model: PathModel, p: number, guessS?: number): PathLatency {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const visited = visitedStages(model);
  if ([...visited].some((i) => model.stages[i]!.unstable)) return { percentileS: Infinity, meanS: Infinity, method: 'exact', groups: null };
  if (visited.size === 0) return { percentileS: 0, meanS: 0, method: 'exact', groups: 1 };
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
    return { percentileS: flat + moments.maxShiftS, meanS: moments.meanS, method: 'bound', groups: null };
  }
  return { percentileS: quantileOf(model, shifts, p, { ...moments, ...(guessS !== undefined ? { guessS } : {}) }, false), meanS: moments.meanS, method: 'exact', groups: shifts.length };
}

/** P(T > t) for the path's total time T (exact while the delay combinations stay within MAX_SHIFT_GROUPS, else an upper bound by the same argument as pathLatency). */
export function pathSurvival(model: PathModel, t: number): number {
  const visited = visitedStages(model);
  if ([...visited].some((i) => model.stages[i]!.unstable)) return 1;
  if (visited.size === 0) return t < 0 ? 1 : 0;
  const shifts = pathShifts(model, MAX_SHIFT_GROUPS);
  if (shifts === null) return survivalOf(model, [0], true)(t - pathMoments(model).maxShiftS);
  return survivalOf(model, shifts, false)(t);
}

function survivalOf(model: PathModel, keys: readonly number[], flat: boolean): (t: number) => number {
  const tail = tailOf(model, keys, flat);
  return (t) => tail(t).survival;
}

/** P(T > t) and the density at t for the path's shift groups `keys`. */
function tailOf(model: PathModel, keys: readonly number[], flat: boolean): (t: number) => Tail {
  const masses = evaluatePath(model, 'zero', flat);
  const atoms = evaluatePath(model, 'infinity', flat);
  const groups: ShiftGroup[] = keys.map((k) => ({ shiftS: k / 1e12, mass: masses.get(k)?.re ?? 0, atom: atoms.get(k)?.re ?? 0 }));
  const transform = (g: number, s: { re: number; im: number }) => evaluateGroup(model, s, keys[g]!, flat);
  return (t) => groupedTail(groups, transform, t);
}

function quantileOf(
  model: PathModel,
  keys: readonly number[],
  p: number,
  moments: { meanS: number; varianceS2: number; minShiftS: number; guessS?: number },
  flat: boolean,
): number {
  const minS = flat ? 0 : moments.minShiftS;
  const tail = tailOf(model, keys, flat);
  return quantileFromSurvival((t) => tail(t).survival, p, { minS, meanS: moments.meanS, varianceS2: moments.varianceS2, ...(moments.guessS !== undefined ? { guessS: moments.guessS } : {}) }, tail);
}

/** One component on the request path as an M/M/c queue visited `visits` times per request (independent visits). */
export interface PathStage {
  servers: number;
  arrivalRate: number;
  /** μ, the service rate of one server. */
  serviceRate: number;
  /** Mean visits per request, a real ≥ 0: n + f means n visits, plus one more with probability f. */
  visits: number;
  /** A constant added to every visit (e.g. a network round trip). */
  constantDelayS?: number;
}

/** p-quantile of the sum over M/M/c stages of visit-count many independent response times (exact; Infinity if a visited stage is unstable; an upper bound beyond MAX_SHIFT_GROUPS delay combinations); `guessS` only narrows the search. */
export function pathResponseTimePercentile(stages: readonly PathStage[], p: number, guessS?: number): number {
  return pathLatency(mmcPath(stages), p, guessS).percentileS;
}

/** Mean end-to-end response time (Σ visits × (mean response + constant delay)). */
export function pathMeanResponseTime(stages: readonly PathStage[]): number {
  const model = mmcPath(stages);
  if ([...visitedStages(model)].some((i) => model.stages[i]!.unstable)) return Infinity;
  return pathMoments(model).meanS;
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

function mmcPath(stages: readonly PathStage[]): PathModel {
  stages.forEach(checkStage);
  const laws: PathStageLaw[] = stages.map((st) => {
    const theta = st.servers * st.serviceRate - st.arrivalRate;
    const stable = theta > 0;
    return {
      wait: { kind: 'exponential', waitProbability: stable ? erlangC(st.servers, st.arrivalRate / st.serviceRate) : 1, conditionalRate: stable ? theta : 1 },
      service: exponentialLaw(1 / st.serviceRate),
      constantDelayS: st.constantDelayS ?? 0,
      ...(stable ? {} : { unstable: true }),
    };
  });
  const items: PathNode[] = stages.map((st, i) => ({ kind: 'visit', stage: i, counts: visitCounts(st.visits) }));
  return { stages: laws, root: { kind: 'sequence', items } };
}

function checkStage(stage: PathStage, index: number): void {
  const where = `stages[${index}]`;
  if (!Number.isInteger(stage.servers) || stage.servers < 1) {
    throw new RangeError(`${where}.servers must be an integer >= 1, got ${stage.servers}`);
  }
  if (!(stage.arrivalRate >= 0) || !Number.isFinite(stage.arrivalRate)) {
    throw new RangeError(`${where}.arrivalRate must be a finite number >= 0, got ${stage.arrivalRate}`);
  }
  if (!(stage.serviceRate > 0) || !Number.isFinite(stage.serviceRate)) {
    throw new RangeError(`${where}.serviceRate must be a finite number > 0, got ${stage.serviceRate}`);
  }
  if (!(stage.visits >= 0) || !Number.isFinite(stage.visits)) {
    throw new RangeError(`${where}.visits must be a finite number >= 0, got ${stage.visits}`);
  }
  const delayS = stage.constantDelayS ?? 0;
  if (!(delayS >= 0) || !Number.isFinite(delayS)) {
    throw new RangeError(`${where}.constantDelayS must be a finite number >= 0, got ${stage.constantDelayS}`);
  }
}
