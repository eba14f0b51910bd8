/**
 * The end-to-end percentile of a request path with no load at all: every queue's wait taken to 0
 * (W = 0 with probability 1), each visit its service time and fixed delay only, and no call
 * failing (so no retries). Any load only adds waits and retries, so this is a lower bound on the
 * path's percentile at any replica count: a target below it cannot be met by sizing. Pure.
 */
import { pathLatency } from '../model/path-latency.js';
import { pathMoments } from '../model/path-tree.js';
import type { PathModel } from '../model/path-types.js';
import type { WaitLaw } from '../model/wait-law.js';
import { PathBuilder, type PathComponent } from './path-model.js';
import type { RequestGraph } from './request-graph.js';
import type { ComponentPlan, QueueModel } from './types.js';

/** No wait: W = 0 with probability 1. */
const NO_WAIT: WaitLaw = { kind: 'exponential', waitProbability: 0, conditionalRate: 1 };

/** A queue as it is with no load: the same servers and service law, no wait. */
function idle<Q extends Omit<QueueModel, 'byOperation'>>(q: Q): Q {
  return { ...q, wait: NO_WAIT, utilization: 0 };
}

/** Components on the path up to which the unloaded percentile is inverted exactly; beyond, the bound is the path's least total fixed delay (one inversion of thousands of stages is tens of milliseconds a phase). */
const EXACT_PATH = 256;

/**
 * A lower bound on the path's percentile `p` at any load (seconds): the exact percentile with
 * every queue idle and no call failing, or on a path of more than EXACT_PATH components its least
 * total fixed delay (a time no request beats).
 */
export function unloadedPathPercentileS(graph: RequestGraph, byName: ReadonlyMap<string, ComponentPlan>, p: number, pathLength: number, loaded: PathModel): number {
  // A long path's bound is its least total fixed delay, which the loaded path has too (waits and
  // retries add no shift to its fastest outcome): no idle copy of every queue (0.2 s over a
  // 5,000-component, 20-phase plan).
  if (pathLength > EXACT_PATH) return pathMoments(loaded).minShiftS;
  const components = new Map<string, PathComponent>();
  for (const [name, c] of byName) {
    const q = c.queue;
    if (q === null) {
      components.set(name, { queue: null });
      continue;
    }
    const byOperation = q.byOperation
      ? { reads: { ...q.byOperation.reads, queue: idle(q.byOperation.reads.queue) }, writes: { ...q.byOperation.writes, queue: idle(q.byOperation.writes.queue) } }
      : undefined;
    components.set(name, { queue: { ...idle(q), ...(byOperation ? { byOperation } : {}) } });
  }
  const model = new PathBuilder(graph, components, new Map()).endToEnd();
  return pathLatency(model, p).percentileS;
}
