/**
 * A SimModel's request program compiled to parallel typed arrays (one entry per step), so the
 * engine reads fields by index without touching objects; checked for well-formedness first.
 */
import type { SimModel, Step } from './model.js';

/** Step codes. */
export const OP_VISIT = 0;
export const OP_RELEASE = 1;
export const OP_SPAWN = 2;
export const OP_BRANCH = 3;
export const OP_JUMP = 4;
export const OP_END = 5;
export const OP_FORK = 6;
export const OP_JOIN = 7;

const CODES: Record<Step['op'], number> = { visit: OP_VISIT, release: OP_RELEASE, spawn: OP_SPAWN, branch: OP_BRANCH, jump: OP_JUMP, end: OP_END, fork: OP_FORK, join: OP_JOIN };

/** The program as arrays indexed by step. */
export interface CompiledSteps {
  op: Int32Array;
  station: Int32Array;
  dist: Int32Array;
  whole: Int32Array;
  frac: Float64Array;
  delay: Float64Array;
  limiter: Int32Array;
  hold: Uint8Array;
  attempts: Int32Array;
  fail: Float64Array;
  timeout: Float64Array;
  /** spawn and jump: where to go; a held visit: where its request goes on when the visit fails; fork: where the parent goes on. */
  target: Int32Array;
  branchStart: Int32Array;
  branchCount: Int32Array;
  branchCum: Float64Array;
  branchTarget: Int32Array;
  classStart: Int32Array;
  classCount: Int32Array;
  classCum: Float64Array;
}

/** Compiles (and checks) a model's steps; throws on a malformed program (a bug in the builder). */
export function compileSteps(model: SimModel): CompiledSteps {
  const steps = model.steps;
  const n = steps.length;
  const problem = checkSteps(model);
  if (problem) throw new Error(`internal: malformed simulation program: ${problem}`);
  const c: CompiledSteps = {
    op: new Int32Array(n), station: new Int32Array(n), dist: new Int32Array(n), whole: new Int32Array(n), frac: new Float64Array(n),
    delay: new Float64Array(n), limiter: new Int32Array(n).fill(-1), hold: new Uint8Array(n), attempts: new Int32Array(n).fill(1),
    fail: new Float64Array(n), timeout: new Float64Array(n), target: new Int32Array(n), branchStart: new Int32Array(n),
    branchCount: new Int32Array(n), branchCum: new Float64Array(0), branchTarget: new Int32Array(0), classStart: new Int32Array(n),
    classCount: new Int32Array(n).fill(1), classCum: new Float64Array(0),
  };
  const branchCum: number[] = [];
  const branchTarget: number[] = [];
  const classCum: number[] = [];
  steps.forEach((s, i) => {
    c.op[i] = CODES[s.op];
    if (s.op === 'visit') {
      c.station[i] = s.station;
      c.dist[i] = s.dist;
      c.whole[i] = s.whole;
      c.frac[i] = s.frac;
      c.delay[i] = s.delayS;
      c.limiter[i] = s.limiter ?? -1;
      c.hold[i] = s.hold ? 1 : 0;
      // A held visit's target is where its request goes on when the visit fails (VisitStep.skipTo).
      if (s.hold) c.target[i] = s.skipTo!;
      c.attempts[i] = s.attempts;
      c.fail[i] = s.failProbability;
      c.timeout[i] = s.timeoutS;
      if (s.classShares.length > 1) {
        c.classStart[i] = classCum.length;
        c.classCount[i] = s.classShares.length;
        let sum = 0;
        for (const share of s.classShares) classCum.push((sum += share));
      }
    } else if (s.op === 'spawn') {
      c.target[i] = s.target;
      c.whole[i] = s.whole;
      c.frac[i] = s.frac;
    } else if (s.op === 'jump') {
      c.target[i] = s.target;
    } else if (s.op === 'fork') {
      // The members' first steps as a branch's targets (no probabilities); target: where the parent goes on.
      c.target[i] = s.after;
      c.branchStart[i] = branchTarget.length;
      c.branchCount[i] = s.targets.length;
      for (const t of s.targets) {
        branchCum.push(0);
        branchTarget.push(t);
      }
    } else if (s.op === 'branch') {
      c.branchStart[i] = branchCum.length;
      c.branchCount[i] = s.targets.length;
      let sum = 0;
      s.targets.forEach((t, k) => {
        branchCum.push((sum += s.probabilities[k]!));
        branchTarget.push(t);
      });
    }
  });
  c.branchCum = Float64Array.from(branchCum);
  c.branchTarget = Int32Array.from(branchTarget);
  c.classCum = Float64Array.from(classCum);
  return c;
}

/**
 * Whether the held visit at step i is released before step `end` and nothing between releases
 * more than it holds: its block (its blocking calls, each held callee's own block, its release,
 * its other calls) lies in (i, end).
 */
function closesAt(steps: readonly Step[], i: number, end: number): boolean {
  let depth = 1;
  let closed = false;
  for (let k = i + 1; k < end; k++) {
    const s = steps[k]!;
    if (s.op === 'visit' && s.hold) depth++;
    else if (s.op === 'release' && --depth === 0) closed = true;
    if (depth < 0) return false;
  }
  return closed;
}

/** What is wrong with a model's program, or null. */
export function checkSteps(model: SimModel): string | null {
  const n = model.steps.length;
  for (const [i, s] of model.steps.entries()) {
    // Programs run forward only (targets after the step), so every request ends and rates follow in one pass.
    const inRange = (t: number) => Number.isInteger(t) && t > i && t < n;
    if (s.op === 'visit') {
      if (!(s.station >= 0 && s.station < model.stations.length)) return `step ${i}: no station ${s.station}`;
      if (!(s.dist >= 0 && s.dist < model.dists.length)) return `step ${i}: no distribution ${s.dist}`;
      if (s.limiter !== null && !(s.limiter >= 0 && s.limiter < model.limiters.length)) return `step ${i}: no limiter ${s.limiter}`;
      if (!(s.whole >= 0 && Number.isInteger(s.whole) && s.frac >= 0 && s.frac < 1)) return `step ${i}: visits must be a whole part and a fraction in [0, 1)`;
      if (s.hold && (s.whole !== 1 || s.frac !== 0)) return `step ${i}: a held visit is made exactly once`;
      if (s.hold && !(s.skipTo !== undefined && inRange(s.skipTo) && closesAt(model.steps, i, s.skipTo))) return `step ${i}: a held visit needs the step after its block (skipTo), past its release`;
      if (!(s.attempts >= 1 && Number.isInteger(s.attempts))) return `step ${i}: attempts must be a whole number ≥ 1`;
      const classes = model.stations[s.station]!.classes.length;
      if (classes > 1 && s.classShares.length !== classes) return `step ${i}: needs ${classes} class shares`;
    } else if (s.op === 'spawn' || s.op === 'jump') {
      if (!inRange(s.target)) return `step ${i}: target ${s.target} out of range`;
    } else if (s.op === 'fork') {
      if (s.targets.length === 0 || !s.targets.every(inRange) || !inRange(s.after)) return `step ${i}: bad parallel members`;
      // Each member's block ends with its own join, before the next member's first step (and the last before `after`).
      const ends = [...s.targets.slice(1), s.after];
      if (!s.targets.every((t, k) => t < ends[k]! && model.steps[ends[k]! - 1]?.op === 'join')) return `step ${i}: each parallel member must end with a join`;
    } else if (s.op === 'branch') {
      if (s.targets.length === 0 || s.targets.length !== s.probabilities.length || !s.targets.every(inRange)) return `step ${i}: bad alternatives`;
      const sum = s.probabilities.reduce((a, b) => a + b, 0);
      if (Math.abs(sum - 1) > 1e-9 || s.probabilities.some((p) => !(p >= 0))) return `step ${i}: probabilities must sum to 1`;
    }
  }
  if (n === 0 || model.steps[n - 1]!.op !== 'end') return 'the program must finish with end';
  return null;
}
