/**
 * The per-stage arithmetic of a path transform (path-tree.ts), on numbers kept in typed arrays:
 * a path's thousands of stages are evaluated at 18 contour points for each of a dozen or so
 * trial times of the percentile search, so each stage's laws are read once into flat buffers
 * (one shape for every stage, no object per evaluation) and its k-visit transform is formed in
 * place. Every value is computed with the same operations, in the same order, as
 * repeat-visits.ts's visitPartsInto / repeatedFromParts and complex.ts's power, so the results
 * are bit-for-bit those of the object-based functions. Pure (buffers are caches).
 */
import { comonotoneWeight, type VisitLaw } from './repeat-visits.js';
import { waitTransform } from './wait-law.js';

/** A stage list's laws as numbers, with per-stage buffers for the parts at the current point. */
export interface StageParts {
  /** Stages read so far (a builder's stage list only grows). */
  count: number;
  /** Service branches of stage i are branches [first[i], first[i + 1]). */
  first: Int32Array;
  probability: Float64Array;
  phases: Float64Array;
  rate: Float64Array;
  /** 1: the exponential wait (waitProbability, conditionalRate); 0: another law (read from the stage). */
  exponential: Uint8Array;
  waitProbability: Float64Array;
  conditionalRate: Float64Array;
  waitScale: Float64Array;
  /** 1 when the stage's visits correlate (it has `repeat`). */
  repeat: Uint8Array;
  /** Six numbers a stage: S*(s), W*(f·s), S*(s)·W*(f·s) (re, im each), valid for the evaluation in `stamps`. */
  values: Float64Array;
  stamps: Float64Array;
  /** The last two visit counts asked of each stage and their comonotone weights (a stage's counts rarely change). */
  weightK: Float64Array;
  weightB: Float64Array;
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
  for (const st of stages) branches += st.service.branches.length;
  const p: StageParts = {
    count: n,
    first: new Int32Array(n + 1),
    probability: new Float64Array(branches),
    phases: new Float64Array(branches),
    rate: new Float64Array(branches),
    exponential: new Uint8Array(n),
    waitProbability: new Float64Array(n),
    conditionalRate: new Float64Array(n),
    waitScale: new Float64Array(n),
    repeat: new Uint8Array(n),
    values: new Float64Array(6 * n),
    stamps: new Float64Array(n),
    weightK: new Float64Array(2 * n).fill(-1),
    weightB: new Float64Array(2 * n),
    laws: stages,
  };
  let at = 0;
  for (let i = 0; i < n; i++) {
    const st = stages[i]!;
    p.first[i] = at;
    for (const b of st.service.branches) {
      p.probability[at] = b.probability;
      p.phases[at] = b.phases;
      p.rate[at] = b.rate;
      at++;
    }
    const w = st.wait;
    if (w.kind === 'exponential') {
      p.exponential[i] = 1;
      p.waitProbability[i] = w.waitProbability;
      p.conditionalRate[i] = w.conditionalRate;
    }
    p.waitScale[i] = st.waitScale ?? 1;
    p.repeat[i] = st.repeat ? 1 : 0;
  }
  p.first[n] = at;
  if (old !== undefined) {
    // Keep what the shorter list had computed (its stamps still name their evaluations).
    p.values.set(old.values);
    p.stamps.set(old.stamps);
    p.weightK.set(old.weightK);
    p.weightB.set(old.weightB);
  }
  return p;
}

/** The real and imaginary part last formed by stageVisits / powerOf. */
let outRe = 0;
let outIm = 0;

/** The real part of the last result. */
export function resultRe(): number {
  return outRe;
}

/** The imaginary part of the last result. */
export function resultIm(): number {
  return outIm;
}

/**
 * Stage `i`'s k ≥ 1 visits at s = sRe + i·sIm (read with resultRe/resultIm), its one-visit parts
 * computed once per `evaluation`:
 *   k = 1: S*(s)·W*(f·s);  no correlation: (S*·W*)^k;
 *   correlated (repeat-visits.ts): S*(s)^k · [(1 − b)·W*(f·s)^k + b·W*(k·f·s)].
 */
export function stageVisits(p: StageParts, i: number, k: number, sRe: number, sIm: number, evaluation: number): void {
  const v = p.values;
  const j = 6 * i;
  if (p.stamps[i] !== evaluation) {
    stagePartsAt(p, i, sRe, sIm, v, j);
    v[j + 4] = v[j]! * v[j + 2]! - v[j + 1]! * v[j + 3]!;
    v[j + 5] = v[j]! * v[j + 3]! + v[j + 1]! * v[j + 2]!;
    p.stamps[i] = evaluation;
  }
  if (k === 1) {
    outRe = v[j + 4]!;
    outIm = v[j + 5]!;
    return;
  }
  if (p.repeat[i] === 0) {
    powerOf(v[j + 4]!, v[j + 5]!, k);
    return;
  }
  // repeatedFromParts: service = power(S, k), independent = power(W, k).
  powerOf(v[j]!, v[j + 1]!, k);
  const serviceRe = outRe;
  const serviceIm = outIm;
  powerOf(v[j + 2]!, v[j + 3]!, k);
  const indRe = outRe;
  const indIm = outIm;
  const b = weightOf(p, i, k);
  if (b === 0) {
    outRe = serviceRe * indRe - serviceIm * indIm;
    outIm = serviceRe * indIm + serviceIm * indRe;
    return;
  }
  // waitTransform(wait, scale(s, k·f)), then mul(service, add(scale(independent, 1 − b), scale(together, b))).
  const kf = k * p.waitScale[i]!;
  waitAt(p, i, sRe * kf, sIm * kf);
  const sumRe = indRe * (1 - b) + outRe * b;
  const sumIm = indIm * (1 - b) + outIm * b;
  outRe = serviceRe * sumRe - serviceIm * sumIm;
  outIm = serviceRe * sumIm + serviceIm * sumRe;
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
function stagePartsAt(p: StageParts, i: number, sRe: number, sIm: number, out: Float64Array, at: number): void {
  let re = 0;
  let im = 0;
  for (let b = p.first[i]!, end = p.first[i + 1]!; b < end; b++) {
    const rate = p.rate[b]!;
    const dr = rate + sRe;
    const n = rate / (dr * dr + sIm * sIm);
    let xr = n * dr;
    let xi = -n * sIm;
    let pr = 1;
    let pi = 0;
    let k = p.phases[b]!;
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
    re += p.probability[b]! * pr;
    im += p.probability[b]! * pi;
  }
  out[at] = re;
  out[at + 1] = im;
  const f = p.waitScale[i]!;
  if (f === 1) waitAt(p, i, sRe, sIm);
  else waitAt(p, i, sRe * f, sIm * f);
  out[at + 2] = outRe;
  out[at + 3] = outIm;
}

/** W*(s) of stage i into (outRe, outIm): the exponential wait inline, any other law through waitTransform. */
function waitAt(p: StageParts, i: number, sRe: number, sIm: number): void {
  if (p.exponential[i] === 0) {
    const t = waitTransform(p.laws[i]!.wait, { re: sRe, im: sIm });
    outRe = t.re;
    outIm = t.im;
    return;
  }
  /* Atom plus exponential: (1 − C) + C·θ/(θ + s) (Gross & Harris, §2.3), as wait-law.ts forms it. */
  const c = p.waitProbability[i]!;
  if (c === 0) {
    outRe = 1;
    outIm = 0;
    return;
  }
  const theta = p.conditionalRate[i]!;
  const dr = theta + sRe;
  const n = (c * theta) / (dr * dr + sIm * sIm);
  outRe = 1 - c + n * dr;
  outIm = -n * sIm;
}

/** x^n for a whole n ≥ 1 into (outRe, outIm), the operations of complex.ts's power. */
function powerOf(xRe: number, xIm: number, n: number): void {
  let re = 1;
  let im = 0;
  let baseRe = xRe;
  let baseIm = xIm;
  let k = n;
  while (k > 0) {
    if (k % 2 === 1) {
      const t = re * baseRe - im * baseIm;
      im = re * baseIm + im * baseRe;
      re = t;
    }
    const t = baseRe * baseRe - baseIm * baseIm;
    baseIm = baseRe * baseIm + baseIm * baseRe;
    baseRe = t;
    k = Math.floor(k / 2);
  }
  outRe = re;
  outIm = im;
}
