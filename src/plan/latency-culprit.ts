/**
 * Which component an end-to-end latency violation should name: the one whose time, taken off the
 * request path, lowers the end-to-end percentile most. Pure.
 *
 * Ranking by Σ visits × p95 alone misleads at a tail percentile: a call taken by 5 % of requests
 * to a provider that answers in 600 ms counts 0.05 × 615 ms = 31 ms there, below a 91 ms service
 * every request visits, yet at p95 that branch is the whole tail (the path's p95 of 602 ms falls
 * to 99 ms without it, and to 600 ms without the service). So the candidates the two rankings
 * name first (by visits × p95, and by one visit's p95) are each taken off the path in turn (their
 * stage takes no time; their calls stay) and the path's percentile is inverted again; the
 * candidate whose removal lowers it most is named, with the percentile the path would have.
 */
import { pathLatency } from '../model/path-latency.js';
import type { LayeredSizing } from './layers.js';
import { PathBuilder, type PathComponent } from './path-model.js';
import type { RequestGraph } from './request-graph.js';
import type { ComponentPlan } from './types.js';

/** Most candidates taken off the path, each one inversion of the whole path. */
const MAX_CANDIDATES = 8;
/** Candidates × components on the path at most (but never fewer than two candidates): a path of thousands of stages takes tens of ms per inversion. */
const CANDIDATE_STAGES = 4096;

export interface LatencyCulprit {
  component: ComponentPlan;
  /** The end-to-end percentile with this component's own time taken off the path (seconds). */
  withoutS: number;
}

/** The on-path component whose own time sets the end-to-end percentile most (null without one). */
export function latencyCulprit(
  onPath: readonly ComponentPlan[],
  graph: RequestGraph,
  byName: ReadonlyMap<string, ComponentPlan>,
  layers: Pick<LayeredSizing, 'failures' | 'waitScales'>,
  percentile: number,
): LatencyCulprit | null {
  const share = (c: ComponentPlan) => c.visits * (c.latencyP95 ?? 0);
  const bySum = [...onPath].sort((a, b) => share(b) - share(a) || a.name.localeCompare(b.name));
  const byVisit = [...onPath].sort((a, b) => (b.latencyP95 ?? 0) - (a.latencyP95 ?? 0) || a.name.localeCompare(b.name));
  const limit = Math.max(2, Math.min(MAX_CANDIDATES, Math.floor(CANDIDATE_STAGES / Math.max(1, onPath.length))));
  const candidates: ComponentPlan[] = [];
  for (let i = 0; candidates.length < limit && i < onPath.length; i++) {
    for (const c of [bySum[i]!, byVisit[i]!]) if (candidates.length < limit && !candidates.includes(c)) candidates.push(c);
  }
  let best: LatencyCulprit | null = null;
  for (const c of candidates) {
    const without = new Map<string, PathComponent>(byName);
    without.set(c.name, { queue: null });
    const withoutS = pathLatency(new PathBuilder(graph, without, layers.failures, layers.waitScales).endToEnd(), percentile).percentileS;
    if (best === null || withoutS < best.withoutS) best = { component: c, withoutS };
  }
  return best;
}
