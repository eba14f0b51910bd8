/**
 * A compiled sequence (path-program.ts) evaluated at many points in one pass, stage by stage:
 * a round of the Fourier series asks a long path's transform at up to ~70 points of one line, a
 * contour at 18 to 64 points, and reading each stage's law once for all of them, instead of once a
 * point, halves the work. Each
 * point's value is formed with the operations, in the order, of runSequence (and so of the walk,
 * path-tree.ts): results bit for bit the same (test/model/path-program.test.ts). Pure (buffers are
 * scratch).
 */
import { erlangTransformInto } from './service-law.js';
import { setPoint, stagePartsOf, stageVisits, type StageParts } from './stage-parts.js';
import { MIN_PROGRAM_ITEMS, sequenceProgram, type SequenceProgram } from './path-program.js';
import { evaluateGroup, reserveEvaluations } from './path-tree.js';
import type { PathModel } from './path-types.js';

/** Whether evaluateGroupMany takes the path in one pass over its stages (a long flat path), not point by point. */
export function evaluatesAtOnce(model: PathModel, flat: boolean): boolean {
  return programOf(model, flat) !== null;
}

function programOf(model: PathModel, flat: boolean): SequenceProgram | null {
  const root = model.root;
  return root.kind === 'sequence' && root.items.length >= MIN_PROGRAM_ITEMS ? sequenceProgram(root, model.stages, flat) : null;
}

/** evaluateGroup at the points (re[q], im[q]), q < count, into outRe/outIm: a long flat path in one pass over its stages (runSequenceMany), else point by point. */
export function evaluateGroupMany(model: PathModel, key: number, flat: boolean, re: Float64Array, im: Float64Array, count: number, outRe: Float64Array, outIm: Float64Array): void {
  const program = programOf(model, flat);
  if (program !== null && count > 0) {
    const firstEvaluation = reserveEvaluations(count);
    if (runSequenceMany(program, stagePartsOf(model.stages), firstEvaluation, re, im, count, outRe, outIm) === key) return;
    outRe.fill(0, 0, count);
    outIm.fill(0, 0, count);
    return;
  }
  for (let q = 0; q < count; q++) {
    const g = evaluateGroup(model, { re: re[q]!, im: im[q]! }, key, flat);
    outRe[q] = g.re;
    outIm[q] = g.im;
  }
}

/**
 * The program's one term at the points (re[q], im[q]), q < m, into outRe/outIm; returns its
 * shift key. Evaluations firstEvaluation … firstEvaluation + m − 1 are this call's (stage-parts.ts's
 * buffers are stamped with them where a stage is formed there).
 */
export function runSequenceMany(program: SequenceProgram, p: StageParts, firstEvaluation: number, re: Float64Array, im: Float64Array, m: number, outRe: Float64Array, outIm: Float64Array): number {
  const s = scratchFor(m, p.count);
  const { accRe, accIm, vRe, vIm } = s;
  const { stage, first, count, probability, key } = program;
  for (let q = 0; q < m; q++) {
    accRe[q] = 1;
    accIm[q] = 0;
  }
  let oneKey = 0;
  for (let i = 0; i < program.items; i++) {
    const from = first[i]!;
    const to = first[i + 1]!;
    // The item's one count with visits (k > 0), -1 with none, -2 with more than one.
    let visited = -1;
    for (let j = from; j < to; j++) if (count[j]! !== 0) visited = visited === -1 ? j : -2;
    if (visited === -2) {
      itemByCounts(program, p, i, firstEvaluation, re, im, m, s);
    } else {
      // One pass over the points: the counts' mixture b (the same sums, in the same order, as
      // itemByCounts forms in bRe/bIm) and its product into the accumulator. Most items are
      // "0 or 1 visit" (a fractional visit count), where this is two passes instead of four.
      if (visited >= 0) visitsMany(p, stage[i]!, count[visited]!, firstEvaluation, re, im, m, s);
      for (let q = 0; q < m; q++) {
        let x = 0;
        let y = 0;
        for (let j = from; j < to; j++) {
          const pr = probability[j]!;
          const tx = j === visited ? vRe[q]! * pr : 1 * pr;
          const ty = j === visited ? vIm[q]! * pr : 0 * pr;
          if (j === from) {
            x = tx;
            y = ty;
          } else {
            x = x + tx;
            y = y + ty;
          }
        }
        const aRe = accRe[q]!;
        const aIm = accIm[q]!;
        accRe[q] = aRe * x - aIm * y;
        accIm[q] = aRe * y + aIm * x;
      }
    }
    oneKey += key[i]!;
  }
  for (let q = 0; q < m; q++) {
    outRe[q] = accRe[q]!;
    outIm[q] = accIm[q]!;
  }
  return oneKey;
}

/** Item i of the program as a mixture over its counts, count by count (an item with visits at more than one count): b in s.bRe/s.bIm, then multiplied into the accumulator. */
function itemByCounts(program: SequenceProgram, p: StageParts, i: number, firstEvaluation: number, re: Float64Array, im: Float64Array, m: number, s: Scratch): void {
  const { accRe, accIm, bRe, bIm, vRe, vIm } = s;
  const { stage, first, count, probability } = program;
  const from = first[i]!;
  const to = first[i + 1]!;
  for (let j = from; j < to; j++) {
    const k = count[j]!;
    const pr = probability[j]!;
    if (k !== 0) visitsMany(p, stage[i]!, k, firstEvaluation, re, im, m, s);
    for (let q = 0; q < m; q++) {
      const x = k === 0 ? 1 * pr : vRe[q]! * pr;
      const y = k === 0 ? 0 * pr : vIm[q]! * pr;
      if (j === from) {
        bRe[q] = x;
        bIm[q] = y;
      } else {
        bRe[q] = bRe[q]! + x;
        bIm[q] = bIm[q]! + y;
      }
    }
  }
  for (let q = 0; q < m; q++) {
    const aRe = accRe[q]!;
    const aIm = accIm[q]!;
    const x = bRe[q]!;
    const y = bIm[q]!;
    accRe[q] = aRe * x - aIm * y;
    accIm[q] = aRe * y + aIm * x;
  }
}

/**
 * Stage `stage`'s k visits at every point into s.vRe/s.vIm: one visit with an exponential wait
 * formed here as path-program.ts's oneVisit forms it (a stage with copies once a call, kept in a
 * slot); anything else by stageVisits, point by point.
 */
function visitsMany(p: StageParts, stage: number, k: number, firstEvaluation: number, re: Float64Array, im: Float64Array, m: number, s: Scratch): void {
  const i = p.canon[stage]!;
  const { vRe, vIm } = s;
  if (k !== 1 || p.exponential[i] === 0) {
    for (let q = 0; q < m; q++) {
      setPoint(p, re[q]!, im[q]!);
      stageVisits(p, stage, k, firstEvaluation + q, one);
      vRe[q] = one[0]!;
      vIm[q] = one[1]!;
    }
    return;
  }
  const copied = p.copied[i] === 1;
  let at = 0;
  if (copied) {
    if (s.slotStamp[i] === firstEvaluation) {
      at = 2 * m * s.slotOf[i]!;
      for (let q = 0; q < m; q++) {
        vRe[q] = s.slots[at + 2 * q]!;
        vIm[q] = s.slots[at + 2 * q + 1]!;
      }
      return;
    }
    const slot = s.used++;
    if (s.slots.length < 2 * m * s.used) {
      const grown = new Float64Array(4 * m * s.used);
      grown.set(s.slots);
      s.slots = grown;
    }
    s.slotStamp[i] = firstEvaluation;
    s.slotOf[i] = slot;
    at = 2 * m * slot;
  }
  const e = erlang;
  const bFrom = p.first[i]!;
  const bTo = p.waitFirst[i]!;
  const f = p.waitScale[i]!;
  const c = p.waitProbability[i]!;
  const theta = p.conditionalRate[i]!;
  for (let q = 0; q < m; q++) {
    const sRe = re[q]!;
    const sIm = im[q]!;
    let serviceRe = 0;
    let serviceIm = 0;
    for (let b = bFrom; b < bTo; b++) {
      erlangTransformInto(p.rate[b]!, p.phases[b]!, sRe, sIm, e);
      serviceRe += p.probability[b]! * e[0]!;
      serviceIm += p.probability[b]! * e[1]!;
    }
    const wRe = f !== 1 ? sRe * f : sRe;
    const wIm = f !== 1 ? sIm * f : sIm;
    let waitRe = 1;
    let waitIm = 0;
    if (c !== 0) {
      const dr = theta + wRe;
      const n = (c * theta) / (dr * dr + wIm * wIm);
      waitRe = 1 - c + n * dr;
      waitIm = -n * wIm;
    }
    const x = serviceRe * waitRe - serviceIm * waitIm;
    const y = serviceRe * waitIm + serviceIm * waitRe;
    vRe[q] = x;
    vIm[q] = y;
    if (copied) {
      s.slots[at + 2 * q] = x;
      s.slots[at + 2 * q + 1] = y;
    }
  }
}

/** Per-point buffers of one call, and the k = 1 values of stages with copies (slotOf[i] for canonical stage i, valid while slotStamp[i] is the call's first evaluation). */
interface Scratch {
  accRe: Float64Array;
  accIm: Float64Array;
  bRe: Float64Array;
  bIm: Float64Array;
  vRe: Float64Array;
  vIm: Float64Array;
  slotStamp: Float64Array;
  slotOf: Int32Array;
  slots: Float64Array;
  used: number;
}

let scratch: Scratch = newScratch(64, 0);

function newScratch(m: number, stages: number): Scratch {
  return {
    accRe: new Float64Array(m),
    accIm: new Float64Array(m),
    bRe: new Float64Array(m),
    bIm: new Float64Array(m),
    vRe: new Float64Array(m),
    vIm: new Float64Array(m),
    slotStamp: new Float64Array(stages),
    slotOf: new Int32Array(stages),
    slots: new Float64Array(0),
    used: 0,
  };
}

/** The scratch buffers, large enough for m points and `stages` stages (one call runs at a time: it is synchronous). */
function scratchFor(m: number, stages: number): Scratch {
  if (scratch.accRe.length < m || scratch.slotStamp.length < stages) {
    const next = newScratch(Math.max(m, scratch.accRe.length), Math.max(stages, scratch.slotStamp.length));
    next.slots = scratch.slots;
    next.slotStamp.set(scratch.slotStamp);
    scratch = next;
  }
  scratch.used = 0;
  return scratch;
}

/** One stage's visits at one point, and one Erlang branch's transform. */
const one = new Float64Array(2);
const erlang = new Float64Array(2);
