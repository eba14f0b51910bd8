/**
 * The per-stage arithmetic of a path transform (path-tree.ts), on numbers kept in typed arrays:
 * a path's thousands of stages are evaluated at 18 contour points for each of a dozen or so
 * trial times of the percentile search, so each stage's laws are read once into flat buffers
 * (one shape for every stage, no object per evaluation) and its k-visit transform is formed in
 * place. Every value is computed with the same operations, in the same order, as
 * repeat-visits.ts's visitPartsInto / repeatedFromParts and complex.ts's power, so the results
 * are bit-for-bit those of the object-based functions. Pure (buffers are caches).
 */
import { comonotoneWeight, freshShare, returnWait, type VisitLaw } from './repeat-visits.js';
import { powerInto } from './complex.js';
import { erlangTransformInto, lawMoment } from './service-law.js';

/** A stage list's laws as numbers, with per-stage buffers for the parts at the current point. */
export interface StageParts {
  /** Stages read so far (a builder's stage list only grows). */
  count: number;
  /** Stage i's service branches are [first[i], waitFirst[i]) of the branch arrays, its Pollaczek–Khinchine wait's [waitFirst[i], first[i + 1]). */
  first: Int32Array;
  probability: Float64Array;
  phases: Float64Array;
  rate: Float64Array;
  /** 1: the exponential wait (waitProbability, conditionalRate); 0: Pollaczek–Khinchine (arrivalRate, rho). */
  exponential: Uint8Array;
  waitFirst: Int32Array;
  arrivalRate: Float64Array;
  rho: Float64Array;
  waitProbability: Float64Array;
  conditionalRate: Float64Array;
  waitScale: Float64Array;
  /** 1 when the stage's visits correlate (it has `repeat`). */
  repeat: Uint8Array;
  /** The returning wait W_r (repeat-visits.ts's returnWait): P(W_r > 0) and its rate; rate 0 where there is none. */
  returnProbability: Float64Array;
  returnRate: Float64Array;
  /** The point s of the current evaluation (re, im). */
  point: Float64Array;
  /** Six numbers a stage: S*(s), W*(f·s), S*(s)·W*(f·s) (re, im each), valid for the evaluation in `stamps`. */
  values: Float64Array;
  stamps: Float64Array;
  /** The last two visit counts asked of each stage and their comonotone weights (a stage's counts rarely change). */
  weightK: Float64Array;
  weightB: Float64Array;
  /**
   * The first stage whose law is equal to stage i's, number for number (sameLaw): its parts and
   * visits are stage i's, computed once an evaluation (a path of 3,000 copies of one component
   * has one such stage, not 3,000).
   */
  canon: Int32Array;
  /** 1 for a canonical stage with copies: only these keep their last k-visit result (a lookup costs more than it saves on a stage of its own). */
  copied: Uint8Array;
  /** Per canonical stage, the last visit count asked (kSeen), the evaluation it was asked in (kStamps) and its result (kValues: re, im). */
  kSeen: Float64Array;
  kStamps: Float64Array;
  kValues: Float64Array;
  laws: readonly VisitLaw[];
}

const byStages = new WeakMap<readonly VisitLaw[], StageParts>();

/** The flat form of a stage list, read once and extended when the list has grown. */
export function stagePartsOf(stages: readonly VisitLaw[]): StageParts {
  const known = byStages.get(stages);
  if (known !== undefined && known.count === stages.length) return known;
  const parts = readStages(stages, known);
  byStages.set(stages, parts);
  return parts;
}

function readStages(stages: readonly VisitLaw[], old: StageParts | undefined): StageParts {
  const n = stages.length;
  let branches = 0;
  for (let i = 0; i < n; i++) {
    const st = stages[i]!;
    branches += st.service.branches.length + (st.wait.kind === 'exponential' ? 0 : st.wait.service.branches.length);
  }
  const p: StageParts = {
    count: n,
    first: new Int32Array(n + 1),
    probability: new Float64Array(branches),
    phases: new Float64Array(branches),
    rate: new Float64Array(branches),
    exponential: new Uint8Array(n),
    waitFirst: new Int32Array(n + 1),
    arrivalRate: new Float64Array(n),
    rho: new Float64Array(n),
    waitProbability: new Float64Array(n),
    conditionalRate: new Float64Array(n),
    waitScale: new Float64Array(n),
    repeat: new Uint8Array(n),
    returnProbability: new Float64Array(n),
    returnRate: new Float64Array(n),
    point: new Float64Array(2),
    values: new Float64Array(6 * n),
    stamps: new Float64Array(n),
    weightK: new Float64Array(2 * n).fill(-1),
    weightB: new Float64Array(2 * n),
    canon: new Int32Array(n),
    copied: new Uint8Array(n),
    kSeen: new Float64Array(n),
    kStamps: new Float64Array(n),
    kValues: new Float64Array(2 * n),
    laws: stages,
  };
  // Earlier canonical stages by their first service rate: the candidates to compare a stage with.
  const byRate = new Map<number, number[]>();
  let at = 0;
  for (let i = 0; i < n; i++) {
    const st = stages[i]!;
    p.first[i] = at;
    for (let j = 0; j < st.service.branches.length; j++) {
      const b = st.service.branches[j]!;
      p.probability[at] = b.probability;
      p.phases[at] = b.phases;
      p.rate[at] = b.rate;
      at++;
    }
    const w = st.wait;
    p.waitFirst[i] = at;
    if (w.kind === 'exponential') {
      p.exponential[i] = 1;
      p.waitProbability[i] = w.waitProbability;
      p.conditionalRate[i] = w.conditionalRate;
    } else {
      p.arrivalRate[i] = w.arrivalRate;
      p.rho[i] = w.arrivalRate * lawMoment(w.service, 1);
      for (let j = 0; j < w.service.branches.length; j++) {
        const b = w.service.branches[j]!;
        p.probability[at] = b.probability;
        p.phases[at] = b.phases;
        p.rate[at] = b.rate;
        at++;
      }
    }
    p.waitScale[i] = st.waitScale ?? 1;
    p.repeat[i] = st.repeat ? 1 : 0;
    const back = returnWait(st);
    if (back !== null) {
      p.returnProbability[i] = back.waitProbability;
      p.returnRate[i] = back.conditionalRate;
    }
    const rate = st.service.branches[0]?.rate ?? 0;
    const candidates = byRate.get(rate);
    const same = candidates?.find((j) => sameLaw(stages[j]!, st));
    p.canon[i] = same ?? i;
    if (same !== undefined) p.copied[same] = 1;
    else {
      if (candidates === undefined) byRate.set(rate, [i]);
      else if (candidates.length < MAX_CANDIDATES) candidates.push(i);
    }
  }
  p.first[n] = at;
  p.waitFirst[n] = at;
  if (old !== undefined) {
    // Keep what the shorter list had computed (its stamps still name their evaluations).
    p.point.set(old.point);
    p.values.set(old.values);
    p.stamps.set(old.stamps);
    p.weightK.set(old.weightK);
    p.weightB.set(old.weightB);
    p.kSeen.set(old.kSeen);
    p.kStamps.set(old.kStamps);
    p.kValues.set(old.kValues);
  }
  return p;
}

/** Branches equal number for number (Object.is: −0 and NaN too). */
function sameBranches(a: readonly { probability: number; phases: number; rate: number }[], b: readonly { probability: number; phases: number; rate: number }[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (!Object.is(x.probability, y.probability) || !Object.is(x.phases, y.phases) || !Object.is(x.rate, y.rate)) return false;
  }
  return true;
}

/** Whether two laws have equal numbers wherever stageVisits reads them (service branches, the wait, its scale, the correlation of repeated visits): then their results are equal bit for bit. */
function sameLaw(a: VisitLaw, b: VisitLaw): boolean {
  if (a === b) return true;
  if (!Object.is(a.waitScale ?? 1, b.waitScale ?? 1) || !sameBranches(a.service.branches, b.service.branches)) return false;
  const r = a.repeat;
  const q = b.repeat;
  if ((r === undefined) !== (q === undefined)) return false;
  if (r !== undefined && q !== undefined && !(Object.is(r.sameQueue, q.sameQueue) && Object.is(r.slope, q.slope) && Object.is(r.servers, q.servers))) return false;
  const v = a.wait;
  const w = b.wait;
  if (v.kind === 'exponential') return w.kind === 'exponential' && Object.is(v.waitProbability, w.waitProbability) && Object.is(v.conditionalRate, w.conditionalRate);
  return w.kind === 'pollaczek-khinchine' && Object.is(v.arrivalRate, w.arrivalRate) && sameBranches(v.service.branches, w.service.branches);
}

/** The most earlier stages of one service rate compared with a new stage (beyond, it is its own canonical stage: only sharing is lost). */
const MAX_CANDIDATES = 8;

/**
 * Where the helpers below take their complex argument (arg) and leave their result (tmp), as
 * (re, im): typed arrays, since numbers in module variables are boxed on every write, and so
 * are numbers passed to a call that is not inlined.
 */
const arg = new Float64Array(2);
const tmp = new Float64Array(2);

/** Sets the point s of the evaluations that follow (read by stageVisits from the buffers, not passed: a double passed to a call that is not inlined is boxed). */
export function setPoint(p: StageParts, sRe: number, sIm: number): void {
  p.point[0] = sRe;
  p.point[1] = sIm;
}

/**
 * Stage `i`'s k ≥ 1 visits at the point setPoint gave, written to out[0] (re) and out[1] (im),
 * its one-visit parts computed once per `evaluation`:
 *   k = 1: S*(s)·W*(f·s);  no correlation: (S*·W*)^k;
 *   correlated (repeat-visits.ts): S*(s)^k · [(1 − b)·W*(f·s)^k + b·W*(k·f·s)].
 */
export function stageVisits(p: StageParts, stage: number, k: number, evaluation: number, out: Float64Array): void {
  const i = p.canon[stage]!;
  if (p.copied[i] === 0) {
    visitsOf(p, i, k, evaluation, out);
    return;
  }
  if (p.kStamps[i] === evaluation && p.kSeen[i] === k) {
    out[0] = p.kValues[2 * i]!;
    out[1] = p.kValues[2 * i + 1]!;
    return;
  }
  visitsOf(p, i, k, evaluation, out);
  p.kStamps[i] = evaluation;
  p.kSeen[i] = k;
  p.kValues[2 * i] = out[0]!;
  p.kValues[2 * i + 1] = out[1]!;
}

/** stageVisits of a canonical stage, computed. */
function visitsOf(p: StageParts, i: number, k: number, evaluation: number, out: Float64Array): void {
  const v = p.values;
  const j = 6 * i;
  if (p.stamps[i] !== evaluation) {
    stagePartsAt(p, i, v, j);
    v[j + 4] = v[j]! * v[j + 2]! - v[j + 1]! * v[j + 3]!;
    v[j + 5] = v[j]! * v[j + 3]! + v[j + 1]! * v[j + 2]!;
    p.stamps[i] = evaluation;
  }
  if (k === 1) {
    out[0] = v[j + 4]!;
    out[1] = v[j + 5]!;
    return;
  }
  if (p.repeat[i] === 0) {
    arg[0] = v[j + 4]!;
    arg[1] = v[j + 5]!;
    powerOf(k);
    out[0] = tmp[0]!;
    out[1] = tmp[1]!;
    return;
  }
  // repeatedFromParts: service = power(S, k), independent = power(M, k), M = W or the mixed wait.
  arg[0] = v[j]!;
  arg[1] = v[j + 1]!;
  powerOf(k);
  const serviceRe = tmp[0]!;
  const serviceIm = tmp[1]!;
  const theta = p.returnRate[i]!;
  const f = p.waitScale[i]!;
  const a = theta === 0 ? 1 : freshShare(p.laws[i]!, k);
  if (theta === 0) {
    arg[0] = v[j + 2]!;
    arg[1] = v[j + 3]!;
  } else mixedWaitAt(p, i, v[j + 2]!, v[j + 3]!, a, p.point[0]! * f, p.point[1]! * f);
  powerOf(k);
  const indRe = tmp[0]!;
  const indIm = tmp[1]!;
  const b = weightOf(p, i, k);
  if (b === 0) {
    out[0] = serviceRe * indRe - serviceIm * indIm;
    out[1] = serviceRe * indIm + serviceIm * indRe;
    return;
  }
  // waitTransform(wait, scale(s, k·f)) (mixed), then mul(service, add(scale(independent, 1 − b), scale(together, b))).
  const kf = k * f;
  const ksRe = p.point[0]! * kf;
  const ksIm = p.point[1]! * kf;
  arg[0] = ksRe;
  arg[1] = ksIm;
  waitAt(p, i);
  if (theta !== 0) {
    mixedWaitAt(p, i, tmp[0]!, tmp[1]!, a, ksRe, ksIm);
    tmp[0] = arg[0]!;
    tmp[1] = arg[1]!;
  }
  const sumRe = indRe * (1 - b) + tmp[0]! * b;
  const sumIm = indIm * (1 - b) + tmp[1]! * b;
  out[0] = serviceRe * sumRe - serviceIm * sumIm;
  out[1] = serviceRe * sumIm + serviceIm * sumRe;
}

/** α·W*(x) + (1 − α)·W_r*(x) into arg, W*(x) = (wRe, wIm) given, as repeat-visits.ts's mixedWait forms it. */
function mixedWaitAt(p: StageParts, i: number, wRe: number, wIm: number, a: number, xRe: number, xIm: number): void {
  const c = p.returnProbability[i]!;
  const theta = p.returnRate[i]!;
  const dr = theta + xRe;
  const n = (c * theta) / (dr * dr + xIm * xIm);
  const rRe = 1 - c + n * dr;
  const rIm = -n * xIm;
  arg[0] = a * wRe + (1 - a) * rRe;
  arg[1] = a * wIm + (1 - a) * rIm;
}

function weightOf(p: StageParts, i: number, k: number): number {
  const at = 2 * i;
  if (p.weightK[at] === k) return p.weightB[at]!;
  if (p.weightK[at + 1] === k) return p.weightB[at + 1]!;
  const b = comonotoneWeight(p.laws[i]!, k);
  p.weightK[at + 1] = p.weightK[at]!;
  p.weightB[at + 1] = p.weightB[at]!;
  p.weightK[at] = k;
  p.weightB[at] = b;
  return b;
}

/** S*(s) and W*(f·s) of stage i into out[at..at + 3] (lawTransformInto, waitTransformInto). */
function stagePartsAt(p: StageParts, i: number, out: Float64Array, at: number): void {
  arg[0] = p.point[0]!;
  arg[1] = p.point[1]!;
  branchesAt(p, p.first[i]!, p.waitFirst[i]!);
  out[at] = tmp[0]!;
  out[at + 1] = tmp[1]!;
  const f = p.waitScale[i]!;
  if (f !== 1) {
    arg[0] = p.point[0]! * f;
    arg[1] = p.point[1]! * f;
  }
  waitAt(p, i);
  out[at + 2] = tmp[0]!;
  out[at + 3] = tmp[1]!;
}

/** Σ p_b (r_b/(r_b + s))^{k_b} over branches [from, to) at s = arg into tmp, as lawTransformInto forms it. */
function branchesAt(p: StageParts, from: number, to: number): void {
  const sRe = arg[0]!;
  const sIm = arg[1]!;
  let re = 0;
  let im = 0;
  for (let b = from; b < to; b++) {
    erlangTransformInto(p.rate[b]!, p.phases[b]!, sRe, sIm, tmp);
    re += p.probability[b]! * tmp[0]!;
    im += p.probability[b]! * tmp[1]!;
  }
  tmp[0] = re;
  tmp[1] = im;
}

/** W*(s) of stage i at s = arg into tmp, as wait-law.ts's waitTransform forms it. */
function waitAt(p: StageParts, i: number): void {
  if (p.exponential[i] === 0) {
    pollaczekKhinchineAt(p, i);
    return;
  }
  /* Atom plus exponential: (1 − C) + C·θ/(θ + s) (Gross & Harris, §2.3), as wait-law.ts forms it. */
  const c = p.waitProbability[i]!;
  if (c === 0) {
    tmp[0] = 1;
    tmp[1] = 0;
    return;
  }
  const sRe = arg[0]!;
  const sIm = arg[1]!;
  const theta = p.conditionalRate[i]!;
  const dr = theta + sRe;
  const n = (c * theta) / (dr * dr + sIm * sIm);
  tmp[0] = 1 - c + n * dr;
  tmp[1] = -n * sIm;
}

/*
 * Pollaczek–Khinchine transform of the M/G/1 FCFS wait (Kleinrock vol. 1, §5.7, eq. 5.106),
 *   W*(s) = (1 − ρ)s / (s − λ + λB*(s)),
 * with wait-law.ts's operations: B*(s) as lawTransform, the quotient by Smith's algorithm (complex.ts's div).
 */
function pollaczekKhinchineAt(p: StageParts, i: number): void {
  const sRe = arg[0]!;
  const sIm = arg[1]!;
  if (sRe === 0 && sIm === 0) {
    tmp[0] = 1;
    tmp[1] = 0;
    return;
  }
  const lambda = p.arrivalRate[i]!;
  const rho = p.rho[i]!;
  branchesAt(p, p.waitFirst[i]!, p.first[i + 1]!);
  const denRe = sRe - lambda + lambda * tmp[0]!;
  const denIm = sIm + lambda * tmp[1]!;
  const xRe = (1 - rho) * sRe;
  const xIm = (1 - rho) * sIm;
  if (Math.abs(denRe) >= Math.abs(denIm)) {
    const r = denIm / denRe;
    const den = denRe + denIm * r;
    tmp[0] = (xRe + xIm * r) / den;
    tmp[1] = (xIm - xRe * r) / den;
    return;
  }
  const r = denRe / denIm;
  const den = denRe * r + denIm;
  tmp[0] = (xRe * r + xIm) / den;
  tmp[1] = (xIm * r - xRe) / den;
}

/** arg^n for a whole n ≥ 1 into tmp (complex.ts's power). */
function powerOf(n: number): void {
  powerInto(arg[0]!, arg[1]!, n, tmp);
}
