/**
 * The tail of a path whose law no single inversion follows (path-latency.ts): a near-deterministic
 * stage of one time scale beside a much slower one (a 1 ms in-process stage and a 2 s call written
 * `deterministic`, each fitted as Erlang-64), where the Talbot contour misses the slow stage's
 * pole of order 64 and the Fourier series needs tens of thousands of terms to resolve the fast
 * one. The path is split into the outcomes of its choices and visit counts, and in each outcome
 * the fastest sharp service time is convolved, by quadrature against its closed-form density,
 * with the tail of the rest, which the checked inversion then follows. Seconds; pure.
 */
import type { Tail } from './inversion.js';
import { correlatedVisits } from './repeat-visits.js';
import { evaluatePath, pathShifts, type PathModel, type PathNode, type PathStageLaw } from './path-tree.js';

/** The checked inversion of a path's tail (path-latency.ts) without the Cantelli bound, prepared once per path: null at a t where it does not settle. */
export type CheckedTail = (model: PathModel) => (t: number) => Tail | null;

/** The most outcomes (choice branches × visit counts) a path is split into. */
export const MAX_OUTCOMES = 64;
/** Service orders above this (the contour's limit, path-latency.ts's CONTOUR_SHARPNESS) are convolved out; beyond MAX_ORDER the closed forms' loops are too long. */
const SHARP_ORDER = 16;
const MAX_ORDER = 100_000;
/** Two quadratures (panels of 2σ and of σ) must agree to this in the survival. */
const QUADRATURE_TOL = 1e-10;
const MAX_DEPTH = 1;

/** One outcome of a path's choices and visit counts: its probability and the visits, each with a fixed count. */
interface Outcome {
  weight: number;
  visits: { stage: number; count: number }[];
}

/** The path's outcomes, or null beyond MAX_OUTCOMES (outcomes of probability 0 dropped). */
export function pathOutcomes(root: PathNode, limit = MAX_OUTCOMES): Outcome[] | null {
  const walk = (node: PathNode): Outcome[] | null => {
    // A parallel node as its members' sum (an upper bound on their max: path-parallel.ts gives the max).
    if (node.kind === 'parallel') return walk({ kind: 'sequence', items: node.members });
    if (node.kind === 'visit') return node.counts.filter((c) => c.probability > 0).map((c) => ({ weight: c.probability, visits: c.count > 0 ? [{ stage: node.stage, count: c.count }] : [] }));
    if (node.kind === 'sequence') {
      let acc: Outcome[] = [{ weight: 1, visits: [] }];
      for (const item of node.items) {
        const next = walk(item);
        if (next === null || acc.length * next.length > limit) return null;
        acc = acc.flatMap((a) => next.map((b) => ({ weight: a.weight * b.weight, visits: [...a.visits, ...b.visits] })));
      }
      return acc;
    }
    const out: Outcome[] = [];
    const rest = 1 - node.branches.reduce((s, b) => s + b.probability, 0);
    if (rest > 1e-12) out.push({ weight: rest, visits: [] });
    for (const b of node.branches) {
      if (!(b.probability > 0)) continue;
      const inner = walk(b.node);
      if (inner === null || out.length + inner.length > limit) return null;
      for (const o of inner) out.push({ weight: o.weight * b.probability, visits: o.visits });
    }
    return out;
  };
  return walk(root);
}

/** P(T > t) and the density at t for the path's time T, outcome by outcome (prepared once: call the result per t); null where an outcome's tail does not settle, or (for every t) with too many outcomes. */
export function splitTail(model: PathModel, inner: CheckedTail): (t: number) => Tail | null {
  const outcomes = pathOutcomes(model.root);
  if (outcomes === null) return () => null;
  const tails = outcomes.map((o) => ({ weight: o.weight, tail: outcomeTail(model.stages, o.visits, inner, 0) }));
  return (t) => {
    let survival = 0;
    let density = 0;
    for (const o of tails) {
      const one = o.tail(t);
      if (one === null) return null;
      survival += o.weight * one.survival;
      density += o.weight * one.density;
    }
    return { survival: Math.min(1, Math.max(0, survival)), density };
  };
}

/** The visit whose service is the fastest sharp Erlang that can be taken out (one branch, order above SHARP_ORDER, uncorrelated visits), or −1. */
function sharpestFast(stages: readonly PathStageLaw[], visits: readonly { stage: number; count: number }[]): number {
  // Only beside another service time: a sharp service alone (its waits aside) is the series' to follow.
  if (visits.filter((v) => stages[v.stage]!.service.branches.some((b) => b.phases > 0)).length < 2) return -1;
  let best = -1;
  let bestMeanS = Infinity;
  visits.forEach((v, i) => {
    const law = stages[v.stage]!;
    const bs = law.service.branches;
    if (bs.length !== 1 || law.unstable) return;
    const order = bs[0]!.phases * v.count;
    if (!(order > SHARP_ORDER && order <= MAX_ORDER) || correlatedVisits(law, v.count)) return;
    const meanS = order / bs[0]!.rate;
    if (meanS < bestMeanS) {
      best = i;
      bestMeanS = meanS;
    }
  });
  return best;
}

/** A stage with no service time (its wait and delay kept): what remains of a visit whose service was taken out. */
function withoutService(law: PathStageLaw): PathStageLaw {
  return { ...law, service: { branches: [{ probability: 1, phases: 0, rate: law.service.branches[0]!.rate }] } };
}

/** The path of one outcome's visits, in sequence, each with its count. */
function outcomeModel(stages: readonly PathStageLaw[], visits: readonly { stage: number; count: number }[]): PathModel {
  return { stages, root: { kind: 'sequence', items: visits.map((v) => ({ kind: 'visit', stage: v.stage, counts: [{ count: v.count, probability: 1 }] })) } };
}

/**
 * One outcome's tail. Its time is X + R, X ~ Erlang(N, r) the fastest sharp service (k visits
 * of an Erlang-n: N = k·n) and R the rest (X's own waits and delays included), independent, R at
 * least its one constant delay D. Conditioning on X (convolution):
 *   P(X + R > t) = P(X > t − D) + ∫_0^{t−D} f_X(x)·P(R > t − x) dx,
 *   f_{X+R}(t) = a·f_X(t − D) + ∫_0^{t−D} f_X(x)·f_R(t − x) dx,
 * a = P(R = D) (R's atom). The integral by composite Gauss–Legendre quadrature over X's mass
 * (mean ± 12σ, 20σ on the right: beyond, Erlang's tails are below 1e-20 for N > 16), panels of
 * 2σ and then of σ; the two must agree to 1e-10, else null. With no sharp service to take out,
 * or only one and nothing else to convolve it with, the checked inversion (`inner`).
 */
function outcomeTail(stages: readonly PathStageLaw[], visits: readonly { stage: number; count: number }[], inner: CheckedTail, depth: number): (t: number) => Tail | null {
  const fast = depth < MAX_DEPTH ? sharpestFast(stages, visits) : -1;
  if (fast < 0) return visits.length === 0 ? (t) => ({ survival: t < 0 ? 1 : 0, density: 0 }) : inner(outcomeModel(stages, visits));
  const v = visits[fast]!;
  const law = stages[v.stage]!;
  const n = law.service.branches[0]!.phases * v.count;
  const rate = law.service.branches[0]!.rate;
  const restStages = [...stages, withoutService(law)];
  const rest = visits.map((w, i) => (i === fast ? { stage: stages.length, count: w.count } : w));
  const restModel = outcomeModel(restStages, rest);
  const key = pathShifts(restModel, 1)![0]!;
  const delayS = key / 1e12;
  const atom = evaluatePath(restModel, 'infinity').get(key)?.re ?? 0;
  const restTail = outcomeTail(restStages, rest, inner, depth + 1);
  const x = erlangOf(n, rate);
  return (t) => {
    const top = t - delayS;
    const base = { survival: x.survival(top), density: atom * x.density(top) };
    const from = Math.max(0, x.meanS - 12 * x.sdS);
    const to = Math.min(top, x.meanS + 20 * x.sdS);
    if (!(to > from)) return base;
    const count = Math.ceil((to - from) / (2 * x.sdS));
    const coarse = panels(t, from, to, count, x.density, restTail);
    if (coarse === null) return null;
    const fine = panels(t, from, to, 2 * count, x.density, restTail);
    if (fine === null || !(Math.abs(fine.survival - coarse.survival) <= QUADRATURE_TOL)) return null;
    return { survival: base.survival + fine.survival, density: base.density + fine.density };
  };
}

/*
 * Gauss–Legendre nodes and weights on [−1, 1] by Newton's method on the Legendre polynomial's
 * three-term recurrence (Press et al., Numerical Recipes, 3rd ed., §4.6.1, gauleg): exact for
 * polynomials of degree 15 with 8 nodes.
 */
const LEGENDRE_NODES = 8;
const legendre = (() => {
  const n = LEGENDRE_NODES;
  const nodes: number[] = [];
  const weights: number[] = [];
  for (let i = 0; i < n; i++) {
    let z = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 1;
    for (let it = 0; it < 100; it++) {
      let p1 = 1;
      let p2 = 0;
      for (let j = 0; j < n; j++) {
        const p3 = p2;
        p2 = p1;
        p1 = ((2 * j + 1) * z * p2 - j * p3) / (j + 1);
      }
      dp = (n * (z * p1 - p2)) / (z * z - 1);
      const step = p1 / dp;
      z -= step;
      if (Math.abs(step) < 1e-15) break;
    }
    nodes.push(z);
    weights.push(2 / ((1 - z * z) * dp * dp));
  }
  return { nodes, weights };
})();

/** ∫_from^to f(x)·R(t − x) dx, of R's survival and density, on `count` equal panels. */
function panels(t: number, from: number, to: number, count: number, f: (x: number) => number, restTail: (u: number) => Tail | null): Tail | null {
  const h = (to - from) / count;
  let survival = 0;
  let density = 0;
  for (let c = 0; c < count; c++) {
    const mid = from + (c + 0.5) * h;
    for (let i = 0; i < LEGENDRE_NODES; i++) {
      const x = mid + 0.5 * h * legendre.nodes[i]!;
      const w = 0.5 * h * legendre.weights[i]! * f(x);
      if (w === 0) continue;
      const r = restTail(t - x);
      if (r === null) return null;
      survival += w * r.survival;
      density += w * r.density;
    }
  }
  return { survival, density };
}

/*
 * Erlang(N, r) (Ross, Introduction to Probability Models, §5.2.3): density r^N x^{N−1} e^{−rx}/(N−1)!
 * in logs, survival P(Poisson(rx) ≤ N − 1) summed from its largest term outwards (no underflow of
 * e^{−rx} for large rx).
 */
function erlangOf(n: number, rate: number): { meanS: number; sdS: number; density: (x: number) => number; survival: (x: number) => number } {
  let logFactorial = 0;
  for (let j = 2; j < n; j++) logFactorial += Math.log(j);
  const density = (x: number): number => (x > 0 ? Math.exp(n * Math.log(rate) + (n - 1) * Math.log(x) - rate * x - logFactorial) : 0);
  const survival = (x: number): number => {
    if (!(x > 0)) return 1;
    const y = rate * x;
    const top = Math.min(n - 1, Math.floor(y));
    let logTop = -y + top * Math.log(y);
    for (let j = 2; j <= top; j++) logTop -= Math.log(j);
    let sum = 0;
    let term = 1;
    for (let j = top; j >= 0 && term > 1e-18; j--) {
      sum += term;
      term *= j / y;
    }
    term = 1;
    for (let j = top + 1; j <= n - 1; j++) {
      term *= y / j;
      if (term < 1e-18) break;
      sum += term;
    }
    return Math.min(1, sum * Math.exp(logTop));
  };
  return { meanS: n / rate, sdS: Math.sqrt(n) / rate, density, survival };
}
