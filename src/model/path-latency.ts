/**
 * End-to-end response time along a request path: the exact distribution of a sum of M/M/c
 * response times (with fractional visit counts and constant per-visit delays), its mean and
 * its percentiles. Seconds and per-second rates; pure functions.
 */
import { add, div, mul, power, scale, type Complex } from './complex.js';
import { erlangC } from './queueing.js';
import { brentRoot } from './root.js';
import { contour } from './talbot.js';

/** One component on the request path: an M/M/c queue visited `visits` times per request. */
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

/**
 * p-quantile of the end-to-end response time = the sum over stages of visit-count many independent M/M/c response times (exact, not a sum of percentiles). Infinity if any visited stage is unstable.
 * `guessS`, a value believed near the quantile (e.g. the quantile at a neighbouring load), only
 * narrows the search: the result is the same root to the same tolerance.
 */
export function pathResponseTimePercentile(stages: readonly PathStage[], p: number, guessS?: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
  const path = compilePath(stages);
  if (path === 'unstable') return Infinity;
  if (path.visits.length === 0) return 0;
  const groups = shiftGroups(path);
  const tail = 1 - p;
  const survival = (t: number): number => pathSurvival(path, groups, t);
  /*
   * Upper bracket by Cantelli's inequality P(T − m ≥ a) ≤ σ²/(σ² + a²): at a = σ·√(1/(1−p) − 1)
   * the tail is at most 1 − p. It is loose for high p, so widen from m + σ by doubling and
   * stop at the first point past the quantile.
   */
  const sd = Math.sqrt(path.varianceS2);
  const cantelli = path.meanS + sd * Math.sqrt(1 / tail - 1);
  if (guessS !== undefined && guessS > path.minShiftS && guessS < cantelli) {
    const root = newtonNear((t) => pathTail(path, groups, t), tail, guessS, path.minShiftS, cantelli);
    if (root !== null) return root;
  }

  // Nothing ends before the smallest shift; its atom (no visit at all) may hold the quantile.
  let lo = path.minShiftS;
  let excessLo = survival(lo) - tail;
  if (excessLo <= 0) return lo;
  let hi = Math.min(path.meanS + sd, cantelli);
  let excessHi = survival(hi) - tail;
  while (excessHi > 0 && hi < cantelli) {
    lo = hi;
    excessLo = excessHi;
    hi = Math.min(cantelli, path.meanS + 2 * (hi - path.meanS));
    excessHi = survival(hi) - tail;
  }
  if (excessHi > 0) return hi;
  return brentRoot((t) => survival(t) - tail, lo, hi, excessLo, excessHi);
}

/*
 * Newton's method on excess(t) = P(T > t) − (1 − p), whose derivative is −f(t), f the density,
 * from a guess near the root; each step stays inside the bracket the signs so far give. Null
 * when a step leaves it or the density vanishes: the caller then brackets from scratch.
 */
function newtonNear(tailAt: (t: number) => Tail, tail: number, guessS: number, floorS: number, ceilingS: number): number | null {
  let lo = floorS;
  let hi = ceilingS;
  let t = guessS;
  for (let i = 0; i < 12; i++) {
    const { survival, density } = tailAt(t);
    const excess = survival - tail;
    if (excess === 0) return t;
    if (excess > 0) lo = t;
    else hi = t;
    if (!(density > 0)) return null;
    const next = t + excess / density;
    if (!(next > lo && next < hi)) return null;
    if (Math.abs(next - t) <= 1e-12 * next) return next;
    t = next;
  }
  return null;
}

/** Mean end-to-end response time (Σ visits × (mean response + constant delay)). */
export function pathMeanResponseTime(stages: readonly PathStage[]): number {
  const path = compilePath(stages);
  return path === 'unstable' ? Infinity : path.meanS;
}

/** The response-time law of one visit: W + S, W = 0 w.p. 1 − C else Exp(θ), S ~ Exp(μ). */
interface VisitLaw {
  mu: number;
  theta: number;
  waitProbability: number;
}

/** Deterministic visits of a stage, and its extra visit when that adds no delay. */
interface BaseFactor {
  stage: number;
  visits: number;
  extraVisitProbability: number;
}

/** Stages whose extra visit (taken w.p. f) adds the same constant delay. */
interface DelayClass {
  delayS: number;
  members: { stage: number; extraVisitProbability: number }[];
}

/** Outcomes of the extra visits that share one total shift: per class, how many were taken. */
interface ShiftGroup {
  shiftS: number;
  extraCounts: number[][];
  /** Probability of the group. */
  mass: number;
  /** Probability of the group with no visit at all (the time is then exactly shiftS). */
  atom: number;
}

interface CompiledPath {
  visits: VisitLaw[];
  base: BaseFactor[];
  classes: DelayClass[];
  /** The shift of whole visits, Σ n_i·d_i: the least the path can take. */
  minShiftS: number;
  meanS: number;
  varianceS2: number;
}

const maxShiftCombinations = 4096;
/** Fractional visit parts closer than this to 0 or 1 are taken as whole visits. */
const visitSnap = 1e-12;

function compilePath(stages: readonly PathStage[]): CompiledPath | 'unstable' {
  const visits: VisitLaw[] = [];
  const base: BaseFactor[] = [];
  const classByDelay = new Map<number, DelayClass>();
  let fixedShiftS = 0;
  let meanS = 0;
  let varianceS2 = 0;
  stages.forEach(checkStage);
  for (const stage of stages) {
    if (stage.visits === 0) continue;
    const { servers, arrivalRate, serviceRate: mu } = stage;
    const theta = servers * mu - arrivalRate;
    if (!(theta > 0)) return 'unstable';
    const waitProbability = erlangC(servers, arrivalRate / mu);
    const stageIndex = visits.push({ mu, theta, waitProbability }) - 1;
    const delayS = stage.constantDelayS ?? 0;
    let whole = Math.floor(stage.visits);
    let fraction = stage.visits - whole;
    if (fraction < visitSnap) fraction = 0;
    if (fraction > 1 - visitSnap) {
      whole += 1;
      fraction = 0;
    }
    /*
     * Moments of a random sum (Ross, Introduction to Probability Models, §3.4, compound
     * random variables): N ∈ {n, n + 1} visits, P(N = n + 1) = f, each Y = R + d with
     *   E[R] = C/θ + 1/μ,  Var[R] = 1/μ² + C(2 − C)/θ²  (W and S independent);
     *   E[ΣY] = E[N]·E[Y],  Var[ΣY] = E[N]·Var[Y] + Var[N]·E[Y]²,  Var[N] = f(1 − f).
     */
    const visitMeanS = waitProbability / theta + 1 / mu + delayS;
    const visitVarianceS2 = 1 / mu ** 2 + (waitProbability * (2 - waitProbability)) / theta ** 2;
    meanS += stage.visits * visitMeanS;
    varianceS2 += stage.visits * visitVarianceS2 + fraction * (1 - fraction) * visitMeanS ** 2;
    fixedShiftS += whole * delayS;

    if (fraction > 0 && delayS > 0) {
      let delayClass = classByDelay.get(delayS);
      if (delayClass === undefined) {
        delayClass = { delayS, members: [] };
        classByDelay.set(delayS, delayClass);
      }
      delayClass.members.push({ stage: stageIndex, extraVisitProbability: fraction });
      if (whole > 0) base.push({ stage: stageIndex, visits: whole, extraVisitProbability: 0 });
    } else {
      base.push({ stage: stageIndex, visits: whole, extraVisitProbability: fraction });
    }
  }
  const classes = [...classByDelay.values()].sort((a, b) => a.delayS - b.delayS);
  return { visits, base, classes, minShiftS: fixedShiftS, meanS, varianceS2 };
}

/*
 * A stage visited n + f times with a per-visit delay d > 0 shifts the total by d·(its extra
 * visit), a discrete random amount that no phase-type law carries. So condition on the extra
 * visits: stages whose extra visit adds the same d form one class, and only the number k of
 * extra visits taken in each class matters for the shift D = D_fixed + Σ_j k_j·d_j. Outcomes
 * with the same D form one group whose continuous part is inverted once at t − D.
 */
function shiftGroups(path: CompiledPath): ShiftGroup[] {
  const combinations = path.classes.reduce((n, c) => n * (c.members.length + 1), 1);
  if (combinations > maxShiftCombinations) {
    throw new RangeError(
      `too many distinct constant delays on fractionally visited stages (${combinations} shift combinations, at most ${maxShiftCombinations})`,
    );
  }
  const byShift = new Map<number, number[][]>();
  const counts = path.classes.map(() => 0);
  for (let i = 0; i < combinations; i++) {
    let rest = i;
    let shiftS = path.minShiftS;
    path.classes.forEach((delayClass, j) => {
      counts[j] = rest % (delayClass.members.length + 1);
      rest = Math.floor(rest / (delayClass.members.length + 1));
      shiftS += (counts[j] ?? 0) * delayClass.delayS;
    });
    const list = byShift.get(shiftS);
    if (list === undefined) byShift.set(shiftS, [[...counts]]);
    else list.push([...counts]);
  }
  const ones = path.visits.map(() => ({ re: 1, im: 0 }));
  const zeros = path.visits.map(() => ({ re: 0, im: 0 }));
  return [...byShift.entries()]
    .sort(([a], [b]) => a - b)
    .map(([shiftS, extraCounts]) => {
      const group: ShiftGroup = { shiftS, extraCounts, mass: 0, atom: 0 };
      // A Laplace–Stieltjes transform at s = 0 is the total mass and at s → ∞ the atom at 0.
      group.mass = groupTransform(path, group, ones).re;
      group.atom = groupTransform(path, group, zeros).re;
      return group;
    });
}

/*
 * Laplace–Stieltjes transform of one visit (Gross & Harris, §2.3, for the law of W + S):
 *   R*(s) = μ/(μ + s) · [(1 − C) + C·θ/(θ + s)],
 * and of the group: Π_base R_i*(s)^{n_i}·(1 − f_i + f_i·R_i*(s)) times, per delay class j,
 * the k_j-th elementary term Σ_{|A| = k_j} Π_{i∈A} f_i R_i*(s) Π_{i∉A} (1 − f_i).
 */
function groupTransform(path: CompiledPath, group: ShiftGroup, visitTransforms: readonly Complex[]): Complex {
  let product: Complex = { re: 1, im: 0 };
  for (const factor of path.base) {
    const r = at(visitTransforms, factor.stage);
    product = mul(product, power(r, factor.visits));
    if (factor.extraVisitProbability > 0) {
      const f = factor.extraVisitProbability;
      product = mul(product, { re: 1 - f + f * r.re, im: f * r.im });
    }
  }
  const classTerms = path.classes.map((delayClass) => {
    let terms: Complex[] = [{ re: 1, im: 0 }];
    for (const member of delayClass.members) {
      const f = member.extraVisitProbability;
      const r = at(visitTransforms, member.stage);
      const taken = { re: f * r.re, im: f * r.im };
      const next: Complex[] = [];
      for (let k = 0; k <= terms.length; k++) {
        const skip = k < terms.length ? scale(at(terms, k), 1 - f) : { re: 0, im: 0 };
        next.push(k > 0 ? add(skip, mul(at(terms, k - 1), taken)) : skip);
      }
      terms = next;
    }
    return terms;
  });
  let sum: Complex = { re: 0, im: 0 };
  for (const extra of group.extraCounts) {
    let term: Complex = { re: 1, im: 0 };
    extra.forEach((k, j) => {
      term = mul(term, at(at(classTerms, j), k));
    });
    sum = add(sum, term);
  }
  return mul(product, sum);
}

function visitTransform(visit: VisitLaw, sRe: number, sIm: number): Complex {
  const service = div({ re: visit.mu, im: 0 }, { re: visit.mu + sRe, im: sIm });
  const wait = div({ re: visit.theta, im: 0 }, { re: visit.theta + sRe, im: sIm });
  const c = visit.waitProbability;
  return mul(service, { re: 1 - c + c * wait.re, im: c * wait.im });
}

/** The survival P(T > t) of the path and its density f(t) = −dP/dt. */
interface Tail {
  survival: number;
  density: number;
}

function pathSurvival(path: CompiledPath, groups: readonly ShiftGroup[], t: number): number {
  return pathTail(path, groups, t).survival;
}

function pathTail(path: CompiledPath, groups: readonly ShiftGroup[], t: number): Tail {
  let total = 0;
  let density = 0;
  for (const group of groups) {
    const tau = t - group.shiftS;
    if (tau < 0) total += group.mass;
    else if (tau === 0) total += group.mass - group.atom;
    else {
      const inverted = invertedTail(path, group, tau);
      total += inverted.survival;
      density += inverted.density;
    }
  }
  return { survival: Math.min(1, Math.max(0, total)), density };
}

/*
 * On the contour, the survival is Im Σ ω_k·(P − G(z_k/τ)) (see talbot.ts) and the density, the
 * inverse of the continuous part G(s) − atom, is Im Σ (h/π)·e^{z_k}·z'_k·(G − atom)/τ
 * = Im Σ ω_k·z_k·(G − atom)/τ: both from the same transform values.
 */
function invertedTail(path: CompiledPath, group: ShiftGroup, tau: number): Tail {
  let sum = 0;
  let density = 0;
  const n = path.visits.length;
  const transforms: Complex[] = new Array<Complex>(n);
  for (const node of contour) {
    const sRe = node.z.re / tau;
    const sIm = node.z.im / tau;
    for (let i = 0; i < n; i++) transforms[i] = visitTransform(path.visits[i]!, sRe, sIm);
    const g = path.classes.length === 0 ? baseProduct(path, transforms) : groupTransform(path, group, transforms);
    const w = node.weight;
    // Im(ω·(P − G))
    sum += w.re * -g.im + w.im * (group.mass - g.re);
    // Im(ω·z·(G − atom))
    const wzRe = w.re * node.z.re - w.im * node.z.im;
    const wzIm = w.re * node.z.im + w.im * node.z.re;
    density += wzRe * g.im + wzIm * (g.re - group.atom);
  }
  return { survival: sum, density: density / tau };
}

/** The group transform of a path without delay classes: the product over its base factors (as groupTransform, without its class sums). */
function baseProduct(path: CompiledPath, visitTransforms: readonly Complex[]): Complex {
  let product: Complex = { re: 1, im: 0 };
  for (const factor of path.base) {
    const r = visitTransforms[factor.stage]!;
    product = mul(product, power(r, factor.visits));
    if (factor.extraVisitProbability > 0) {
      const f = factor.extraVisitProbability;
      product = mul(product, { re: 1 - f + f * r.re, im: f * r.im });
    }
  }
  return product;
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

function at<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`internal: index ${index} out of range`);
  return item;
}
