/**
 * A long sequence of visits compiled once into typed arrays: the shape of a flat request path
 * (thousands of stages, each visited 0 or 1 … times, one constant delay per visit count), whose
 * transform a percentile search evaluates at hundreds of points. path-tree.ts's general walk reads
 * each item's node, its counts' objects and its stage's delay, and tests that every count shifts
 * alike, at every point; the program has done that once. It runs the same operations in the same
 * order as the walk's one-term product (walkEntries in path-tree.ts), so its results are those of
 * the walk bit for bit (test/model/path-program.test.ts). Pure (programs are caches).
 */
import type { PathNode, PathStageLaw } from './path-types.js';
import { erlangTransformInto } from './service-law.js';
import { stageVisits, type StageParts } from './stage-parts.js';

/** A sequence of visit items, each of whose counts shift alike: item i's counts are [first[i], first[i + 1]). */
export interface SequenceProgram {
  items: number;
  stage: Int32Array;
  first: Int32Array;
  count: Float64Array;
  probability: Float64Array;
  /** Each item's shift key (shiftKey of its first count × its stage's delay; 0 when flat). */
  key: Float64Array;
}

/** Compiled programs of a sequence node, for the stage list they read, with and without shifts (null: not of the compiled shape). */
interface Compiled {
  stages: readonly PathStageLaw[];
  shifted: SequenceProgram | null | undefined;
  flat: SequenceProgram | null | undefined;
}

const bySequence = new WeakMap<PathNode, Compiled>();

/** Below this many items a sequence is walked: the lookup would cost more than the walk saves. */
export const MIN_PROGRAM_ITEMS = 16;

/** The program of a sequence node of only one-shift visits (compiled on first use), or null when it has another shape. */
export function sequenceProgram(node: PathNode & { kind: 'sequence' }, stages: readonly PathStageLaw[], flat: boolean): SequenceProgram | null {
  let known = bySequence.get(node);
  if (known === undefined || known.stages !== stages) {
    known = { stages, shifted: undefined, flat: undefined };
    bySequence.set(node, known);
  }
  if (flat) {
    if (known.flat === undefined) known.flat = compile(node, stages, true);
    return known.flat;
  }
  if (known.shifted === undefined) known.shifted = compile(node, stages, false);
  return known.shifted;
}

/** Shifts are keyed in picoseconds (path-tree.ts's shiftKey, repeated here to keep the import one-way). */
function keyOf(shiftS: number): number {
  return Math.round(shiftS * 1e12);
}

function compile(node: PathNode & { kind: 'sequence' }, stages: readonly PathStageLaw[], flat: boolean): SequenceProgram | null {
  let counts = 0;
  for (let i = 0; i < node.items.length; i++) {
    const item = node.items[i]!;
    if (item.kind !== 'visit' || item.counts.length === 0) return null;
    const d = flat ? 0 : stages[item.stage]!.constantDelayS;
    const key = keyOf(item.counts[0]!.count * d);
    for (let j = 0; j < item.counts.length; j++) if (keyOf(item.counts[j]!.count * d) !== key) return null;
    counts += item.counts.length;
  }
  const n = node.items.length;
  const program: SequenceProgram = {
    items: n,
    stage: new Int32Array(n),
    first: new Int32Array(n + 1),
    count: new Float64Array(counts),
    probability: new Float64Array(counts),
    key: new Float64Array(n),
  };
  let at = 0;
  for (let i = 0; i < n; i++) {
    const item = node.items[i] as PathNode & { kind: 'visit' };
    const d = flat ? 0 : stages[item.stage]!.constantDelayS;
    program.stage[i] = item.stage;
    program.first[i] = at;
    program.key[i] = keyOf(item.counts[0]!.count * d);
    for (let j = 0; j < item.counts.length; j++) {
      const c = item.counts[j]!;
      program.count[at] = c.count;
      program.probability[at] = c.probability;
      at++;
    }
  }
  program.first[n] = at;
  return program;
}

/**
 * The one term (key, re, im) of the program's product into out[0..2]: Π_i Σ_j p_ij·V_i(k_ij),
 * V_i(k) the k-visit transform of item i's stage (1 for k = 0 or at s = 0; 0 as s → ∞, `parts`
 * null and not `zero`), summed and multiplied as walkEntries does. One visit to a stage with an
 * exponential wait, the common case, is formed here (oneVisit), the rest by stageVisits.
 */
export function runSequence(program: SequenceProgram, parts: StageParts | null, zero: boolean, evaluation: number, out: Float64Array): void {
  const { stage, first, count, probability, key } = program;
  const res = visit;
  let oneKey = 0;
  let oneRe = 1;
  let oneIm = 0;
  for (let i = 0; i < program.items; i++) {
    const from = first[i]!;
    const to = first[i + 1]!;
    let bRe = 0;
    let bIm = 0;
    for (let j = from; j < to; j++) {
      const k = count[j]!;
      if (k === 0 || zero) {
        res[0] = 1;
        res[1] = 0;
      } else if (parts === null) {
        res[0] = 0;
        res[1] = 0;
      } else if (k !== 1 || !oneVisit(parts, stage[i]!, evaluation, res)) stageVisits(parts, stage[i]!, k, evaluation, res);
      const p = probability[j]!;
      const re = res[0]! * p;
      const im = res[1]! * p;
      if (j === from) {
        bRe = re;
        bIm = im;
      } else {
        bRe += re;
        bIm += im;
      }
    }
    const re = oneRe * bRe - oneIm * bIm;
    oneIm = oneRe * bIm + oneIm * bRe;
    oneRe = re;
    oneKey += key[i]!;
  }
  out[0] = oneKey;
  out[1] = oneRe;
  out[2] = oneIm;
}

/**
 * One visit S*(s)·W*(f·s) to a stage into out, with stage-parts.ts's operations in its order
 * (stagePartsAt, branchesAt, waitAt, visitsOf), its buffers read and kept: from the evaluation's
 * buffered parts, or formed here for an exponential wait (Gross & Harris, §2.3: (1 − C) + C·θ/(θ + s))
 * and buffered. False for a Pollaczek–Khinchine wait not yet formed: stageVisits then forms it.
 * Called for every stage at every point, it does what the general functions do without their
 * calls through module-level buffers, which V8 does not inline at this depth.
 */
function oneVisit(p: StageParts, stage: number, evaluation: number, out: Float64Array): boolean {
  const i = p.canon[stage]!;
  const v = p.values;
  const at = 6 * i;
  if (p.stamps[i] === evaluation) {
    out[0] = v[at + 4]!;
    out[1] = v[at + 5]!;
    return true;
  }
  if (p.exponential[i] === 0) return false;
  const sRe = p.point[0]!;
  const sIm = p.point[1]!;
  // S*(s) = Σ_b p_b·(r_b/(r_b + s))^{k_b} (branchesAt).
  const e = erlang;
  let serviceRe = 0;
  let serviceIm = 0;
  const to = p.waitFirst[i]!;
  for (let b = p.first[i]!; b < to; b++) {
    erlangTransformInto(p.rate[b]!, p.phases[b]!, sRe, sIm, e);
    serviceRe += p.probability[b]! * e[0]!;
    serviceIm += p.probability[b]! * e[1]!;
  }
  // W*(f·s) (waitAt).
  const f = p.waitScale[i]!;
  const wRe = f !== 1 ? sRe * f : sRe;
  const wIm = f !== 1 ? sIm * f : sIm;
  const c = p.waitProbability[i]!;
  let waitRe = 1;
  let waitIm = 0;
  if (c !== 0) {
    const theta = p.conditionalRate[i]!;
    const dr = theta + wRe;
    const n = (c * theta) / (dr * dr + wIm * wIm);
    waitRe = 1 - c + n * dr;
    waitIm = -n * wIm;
  }
  v[at] = serviceRe;
  v[at + 1] = serviceIm;
  v[at + 2] = waitRe;
  v[at + 3] = waitIm;
  const re = serviceRe * waitRe - serviceIm * waitIm;
  const im = serviceRe * waitIm + serviceIm * waitRe;
  v[at + 4] = re;
  v[at + 5] = im;
  p.stamps[i] = evaluation;
  out[0] = re;
  out[1] = im;
  return true;
}

/** One stage's visits in runSequence, and one Erlang branch's transform in oneVisit (one evaluation runs at a time: it is synchronous). */
const visit = new Float64Array(2);
const erlang = new Float64Array(2);
