/**
 * A request path as a tree: visits to stages (with a distribution of the visit count), sequences
 * and exclusive alternatives. Its transform is a finite sum Σ_g e^{−sD_g}·G_g(s) over the
 * distinct total constant delays D_g; this module builds those groups, evaluates each G_g, and
 * gives the mean and variance of the whole. Seconds; pure functions.
 */
import type { Complex } from './complex.js';
import { repeatedMoments, correlatedVisits } from './repeat-visits.js';
import type { PathModel, PathNode } from './path-types.js';
import { setPoint, stagePartsOf, stageVisits, type StageParts } from './stage-parts.js';
import { MIN_PROGRAM_ITEMS, runSequence, sequenceProgram } from './path-program.js';

export type { PathModel, PathNode, PathStageLaw } from './path-types.js';

type Terms = Map<number, Complex>;
/** Where the transforms are taken: at a complex s, at s = 0 (masses) or as s → ∞ (atoms). */
type Point = { s: Complex } | 'zero' | 'infinity';

/** Shifts are keyed in picoseconds so that sums reached in different orders coincide. */
export function shiftKey(shiftS: number): number {
  return Math.round(shiftS * 1e12);
}

/** The distinct total shifts of the path, or null when there are more than `limit`. */
export function pathShifts(model: PathModel, limit: number): number[] | null {
  const walk = (node: PathNode): ReadonlySet<number> | null => {
    // A parallel node as its members' sum (an upper bound on their max: path-parallel.ts gives the max).
    if (node.kind === 'parallel') return walk({ kind: 'sequence', items: node.members });
    if (node.kind === 'visit') {
      const d = model.stages[node.stage]!.constantDelayS;
      // Most stages have no constant delay: every count shifts by 0 (the shared set, only read).
      if (d === 0 && node.counts.length > 0) return ONLY_ZERO;
      const shifts = new Set<number>();
      for (let i = 0; i < node.counts.length; i++) shifts.add(shiftKey(node.counts[i]!.count * d));
      return shifts;
    }
    if (node.kind === 'sequence') {
      let acc: ReadonlySet<number> = ONLY_ZERO;
      for (let i = 0; i < node.items.length; i++) {
        const next = walk(node.items[i]!);
        if (next === null) return null;
        // Adding a shift of 0 leaves every sum as it was (a long path of undelayed stages: no set per item).
        if (next === ONLY_ZERO) continue;
        const sum = new Set<number>();
        for (const a of acc) for (const b of next) sum.add(a + b);
        if (sum.size > limit) return null;
        acc = sum;
      }
      return acc;
    }
    const out = new Set<number>();
    if (node.branches.reduce((s, b) => s + b.probability, 0) < 1 - 1e-12) out.add(0);
    for (let i = 0; i < node.branches.length; i++) {
      const keys = walk(node.branches[i]!.node);
      if (keys === null) return null;
      for (const k of keys) out.add(k);
    }
    return out.size > limit ? null : out;
  };
  const keys = walk(model.root);
  return keys === null ? null : [...keys].sort((a, b) => a - b);
}

/** The shifts of a visit to a stage without a constant delay, and of an empty sequence: {0}. Never written to. */
const ONLY_ZERO: ReadonlySet<number> = new Set([0]);

/**
 * Evaluates the grouped transform Σ_g e^{−sD_g}G_g(s) as the map D_g ↦ G_g(s); `flat` drops every
 * shift; `compiled: false` walks every node (the reference path-program.ts's programs are tested against).
 */
export function evaluatePath(model: PathModel, point: Point, flat = false, compiled = true): Terms {
  const out: Terms = new Map();
  for (const e of evaluateEntries(model, point, flat, compiled)) out.set(e.key, { re: e.re, im: e.im });
  return out;
}

/** One term of the grouped transform: shift key and value. */
interface Entry {
  key: number;
  re: number;
  im: number;
}

/** What one evaluation of a path's transform reads. */
interface Evaluation {
  model: PathModel;
  flat: boolean;
  /** At s = 0 (every visit's transform is 1). */
  zero: boolean;
  /** The stage buffers at a complex point (setPoint), or null at s = 0 and s → ∞. */
  parts: StageParts | null;
  stamp: number;
  /** Long sequences of one-shift visits run as compiled programs (path-program.ts). */
  compiled: boolean;
}

function evaluateEntries(model: PathModel, point: Point, flat: boolean, compiled = true): Entry[] {
  // Each stage's one-visit parts S*(s), W*(s) and their product, evaluated once per point, kept
  // as numbers in buffers reused from one evaluation to the next (stage-parts.ts: no objects per
  // stage and point).
  const at = point === 'zero' || point === 'infinity' ? null : point.s;
  const parts = at ? stagePartsOf(model.stages) : null;
  if (at && parts) setPoint(parts, at.re, at.im);
  const ev: Evaluation = { model, flat, zero: point === 'zero', parts, stamp: ++evaluations, compiled };
  return walkEntries(model.root, ev);
}

/** One stage's k visits, left in visitResult[0] (re) and [1] (im): numbers in variables a closure captures would be boxed on every write. */
function visitsInto(ev: Evaluation, stage: number, k: number): void {
  const res = visitResult;
  if (k === 0 || ev.zero) {
    res[0] = 1;
    res[1] = 0;
    return;
  }
  if (ev.parts === null) {
    res[0] = 0;
    res[1] = 0;
    return;
  }
  stageVisits(ev.parts, stage, k, ev.stamp, res);
}

/** The grouped transform of `node` at the evaluation `ev` describes (a plain function, not a closure per evaluation, so that V8 optimises it). */
function walkEntries(node: PathNode, ev: Evaluation): Entry[] {
  // A parallel node's transform is taken as its members' sum's (an upper bound on their max: path-parallel.ts gives the max).
  if (node.kind === 'parallel') return walkEntries({ kind: 'sequence', items: node.members }, ev);
  const { model, flat } = ev;
  const res = visitResult;
  if (node.kind === 'visit') {
    const d = flat ? 0 : model.stages[node.stage]!.constantDelayS;
    const out: Entry[] = [];
    for (const c of node.counts) {
      visitsInto(ev, node.stage, c.count);
      add(out, shiftKey(c.count * d), res[0]! * c.probability, res[1]! * c.probability);
    }
    return out;
  }
  if (node.kind === 'sequence') {
    if (ev.compiled && node.items.length >= MIN_PROGRAM_ITEMS) {
      const program = sequenceProgram(node, model.stages, flat);
      if (program !== null) {
        runSequence(program, ev.parts, ev.zero, ev.stamp, term);
        return [{ key: term[0]!, re: term[1]!, im: term[2]! }];
      }
    }
    // While the product has one term it is kept in numbers (a long flat path multiplies
    // thousands of stages in): the same products, in the same order, as on the entries.
    let acc: Entry[] | null = null;
    let oneKey = 0;
    let oneRe = 1;
    let oneIm = 0;
    for (const item of node.items) {
      if (item.kind === 'visit' && item.counts.length > 0 && oneShift(item, flat ? 0 : model.stages[item.stage]!.constantDelayS)) {
        // Every visit count shifts alike (one term): the term walk(item) would give, summed in
        // the same order, multiplied in without building it (long flat paths).
        const d = flat ? 0 : model.stages[item.stage]!.constantDelayS;
        let bRe = 0;
        let bIm = 0;
        for (let j = 0; j < item.counts.length; j++) {
          const c = item.counts[j]!;
          visitsInto(ev, item.stage, c.count);
          const re = res[0]! * c.probability;
          const im = res[1]! * c.probability;
          if (j === 0) {
            bRe = re;
            bIm = im;
          } else {
            bRe += re;
            bIm += im;
          }
        }
        const bKey = shiftKey(item.counts[0]!.count * d);
        if (acc === null) {
          const re = oneRe * bRe - oneIm * bIm;
          oneIm = oneRe * bIm + oneIm * bRe;
          oneRe = re;
          oneKey += bKey;
          continue;
        }
        for (let j = 0; j < acc.length; j++) {
          const a = acc[j]!;
          const re = a.re * bRe - a.im * bIm;
          a.im = a.re * bIm + a.im * bRe;
          a.re = re;
          a.key += bKey;
        }
        continue;
      }
      const next = walkEntries(item, ev);
      if (acc === null) acc = [{ key: oneKey, re: oneRe, im: oneIm }];
      if (next.length === 1) {
        const b = next[0]!;
        for (const a of acc) {
          const re = a.re * b.re - a.im * b.im;
          a.im = a.re * b.im + a.im * b.re;
          a.re = re;
          a.key += b.key;
        }
        continue;
      }
      const product: Entry[] = [];
      for (const a of acc) for (const b of next) add(product, a.key + b.key, a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re);
      acc = product;
    }
    return acc ?? [{ key: oneKey, re: oneRe, im: oneIm }];
  }
  const out: Entry[] = [];
  const rest = 1 - node.branches.reduce((s, b) => s + b.probability, 0);
  if (rest > 1e-12) add(out, 0, rest, 0);
  for (const b of node.branches) for (const e of walkEntries(b.node, ev)) add(out, e.key, e.re * b.probability, e.im * b.probability);
  return out;
}

/** The value of one shift group's transform at s (the whole tree is evaluated: groups share its factors). */
export function evaluateGroup(model: PathModel, s: Complex, key: number, flat = false): Complex {
  for (const e of evaluateEntries(model, { s }, flat)) if (e.key === key) return { re: e.re, im: e.im };
  return ZERO;
}

const ZERO: Complex = { re: 0, im: 0 };

/** Reserves `count` evaluation numbers for an evaluation at many points (path-program-many.ts): the first of them. */
export function reserveEvaluations(count: number): number {
  const first = evaluations + 1;
  evaluations += count;
  return first;
}

/** Whether every count of a visit node has the same total shift (its terms then add up to one). */
function oneShift(node: { counts: readonly { count: number }[] }, delayS: number): boolean {
  const first = shiftKey(node.counts[0]!.count * delayS);
  for (let j = 1; j < node.counts.length; j++) if (shiftKey(node.counts[j]!.count * delayS) !== first) return false;
  return true;
}

/** The result of one stage's visits in evaluateEntries (one evaluation runs at a time: the walk is synchronous). */
const visitResult = new Float64Array(2);

/** The one term of a compiled sequence (key, re, im). */
const term = new Float64Array(3);

/** Evaluations so far: a stage's buffered parts belong to the evaluation that stamped them. */
let evaluations = 0;

function add(entries: Entry[], key: number, re: number, im: number): void {
  for (const e of entries) {
    if (e.key === key) {
      e.re += re;
      e.im += im;
      return;
    }
  }
  entries.push({ key, re, im });
}

/** Mean, variance and the least and greatest total shift of the path (a model is read-only: asked again of the last one, the answer is kept). */
export function pathMoments(model: PathModel): PathMomentsOf {
  if (model !== lastMoments.model) lastMoments = { model, moments: findMoments(model) };
  return lastMoments.moments;
}

export interface PathMomentsOf {
  readonly meanS: number;
  readonly varianceS2: number;
  readonly minShiftS: number;
  readonly maxShiftS: number;
}

/**
 * pathMoments' last answer: a plan asks it of the end-to-end path for the inversion and again for
 * the latency culprit (5,000 components: ~2 ms a phase). One entry, not a WeakMap: the sizing asks
 * it of thousands of one-call paths, each once.
 */
let lastMoments: { model: PathModel | null; moments: PathMomentsOf } = { model: null, moments: { meanS: 0, varianceS2: 0, minShiftS: 0, maxShiftS: 0 } };

/**
 * A node's mean, second moment, least and greatest shift, as walk (findMoments) leaves them for
 * its caller, which reads them before it walks another node: no object per node (5,000 × 20:
 * ~37 MB of them).
 */
const nodeMoments = new Float64Array(4);

function findMoments(model: PathModel): PathMomentsOf {
  const out = nodeMoments;
  const walk = (node: PathNode): void => {
    // A parallel node as its members' sum (an upper bound on their max: path-parallel.ts gives the max).
    if (node.kind === 'parallel') return walk({ kind: 'sequence', items: node.members });
    if (node.kind === 'visit') {
      const law = model.stages[node.stage]!;
      let mean = 0;
      let second = 0;
      let min = Infinity;
      let max = -Infinity;
      for (let i = 0; i < node.counts.length; i++) {
        const c = node.counts[i]!;
        const r = c.count === 0 ? null : repeatedMoments(law, c.count);
        const m = (r === null ? 0 : r.mean) + c.count * law.constantDelayS;
        mean += c.probability * m;
        second += c.probability * ((r === null ? 0 : r.variance) + m * m);
        if (c.probability > 0) {
          min = Math.min(min, c.count * law.constantDelayS);
          max = Math.max(max, c.count * law.constantDelayS);
        }
      }
      out[0] = mean;
      out[1] = second;
      out[2] = Number.isFinite(min) ? min : 0;
      out[3] = Number.isFinite(max) ? max : 0;
      return;
    }
    if (node.kind === 'sequence') {
      let mean = 0;
      let variance = 0;
      let min = 0;
      let max = 0;
      for (let i = 0; i < node.items.length; i++) {
        walk(node.items[i]!);
        mean += out[0]!;
        variance += out[1]! - out[0]! * out[0]!;
        min += out[2]!;
        max += out[3]!;
      }
      out[0] = mean;
      out[1] = variance + mean * mean;
      out[2] = min;
      out[3] = max;
      return;
    }
    let mean = 0;
    let second = 0;
    const rest = 1 - node.branches.reduce((s, b) => s + b.probability, 0);
    let min = rest > 1e-12 ? 0 : Infinity;
    let max = 0;
    for (let i = 0; i < node.branches.length; i++) {
      const b = node.branches[i]!;
      walk(b.node);
      mean += b.probability * out[0]!;
      second += b.probability * out[1]!;
      min = Math.min(min, out[2]!);
      max = Math.max(max, out[3]!);
    }
    out[0] = mean;
    out[1] = second;
    out[2] = Number.isFinite(min) ? min : 0;
    out[3] = max;
  };
  walk(model.root);
  const [mean, second, min, max] = out;
  return { meanS: mean!, varianceS2: Math.max(0, second! - mean! * mean!), minShiftS: min!, maxShiftS: max! };
}

/** The stages the path visits with a positive probability. */
export function visitedStages(model: PathModel): Set<number> {
  const out = new Set<number>();
  const walk = (node: PathNode): void => {
    // A parallel node as its members' sum (an upper bound on their max: path-parallel.ts gives the max).
    if (node.kind === 'parallel') return walk({ kind: 'sequence', items: node.members });
    if (node.kind === 'visit') {
      if (node.counts.some((c) => c.count > 0 && c.probability > 0)) out.add(node.stage);
    } else if (node.kind === 'sequence') node.items.forEach(walk);
    else for (const b of node.branches) if (b.probability > 0) walk(b.node);
  };
  walk(model.root);
  return out;
}

/** Whether any stage of the path has correlated repeated visits that matter (weight b > 0 or a returning wait). */
export function hasCorrelatedVisits(model: PathModel): boolean {
  const walk = (node: PathNode): boolean => {
    // A parallel node as its members' sum (an upper bound on their max: path-parallel.ts gives the max).
    if (node.kind === 'parallel') return walk({ kind: 'sequence', items: node.members });
    if (node.kind === 'visit') return node.counts.some((c) => correlatedVisits(model.stages[node.stage]!, c.count));
    if (node.kind === 'sequence') return node.items.some(walk);
    return node.branches.some((b) => walk(b.node));
  };
  return walk(model.root);
}
