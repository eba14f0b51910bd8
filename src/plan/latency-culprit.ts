/**
 * Which component an end-to-end latency violation should name: the one whose time, taken off the
 * request path, lowers the end-to-end percentile most. Pure.
 *
 * Ranking by Σ visits × p95 alone misleads at a tail percentile: a call taken by 5 % of requests
 * to a provider that answers in 600 ms counts 0.05 × 615 ms = 31 ms there, below a 91 ms service
 * every request visits, yet at p95 that branch is the whole tail (the path's p95 of 602 ms falls
 * to 101 ms without it, and only to 600 ms without the service). So the candidates the two rankings
 * name first (by visits × p95, and by one visit's p95) are each taken off the path in turn (their
 * stage takes no time; their calls stay) and the path's percentile is inverted again; the
 * candidate whose removal lowers it most is named, with the percentile the path would have.
 * On a path of more than EXACT_PATH components (one inversion each is tens of milliseconds, and a
 * plan of 5,000 components misses its target in every phase) the change is estimated from the
 * path's moments instead: the exact percentile moved by the difference of the gamma law's
 * percentiles with and without the candidate (its own visits' mean and variance taken off the
 * path's, as an independent part of the sum), which for a sum of thousands of stages is close to
 * the inversion's, at no cost beyond the candidate's own moments.
 */
import { momentQuantile } from '../model/inversion.js';
import { pathLatency, visitCounts } from '../model/path-latency.js';
import { pathMoments, type PathModel, type PathNode, type PathStageLaw } from '../model/path-tree.js';
import type { LayeredSizing } from './layers.js';
import { PathBuilder, stageLaw, type PathComponent } from './path-model.js';
import type { RequestGraph } from './request-graph.js';
import type { ComponentPlan } from './types.js';

/** Most candidates taken off the path. */
const MAX_CANDIDATES = 8;
/** Components on the path up to which each candidate's removal is inverted exactly (beyond: estimated from the moments). */
const EXACT_PATH = 256;

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
  /** The path's exact percentile, which the estimate on a long path starts from. */
  endS: number,
  full: PathModel,
): LatencyCulprit | null {
  const share = (c: ComponentPlan) => c.visits * (c.latencyP95 ?? 0);
  const bySum = [...onPath].sort((a, b) => share(b) - share(a) || a.name.localeCompare(b.name));
  const byVisit = [...onPath].sort((a, b) => (b.latencyP95 ?? 0) - (a.latencyP95 ?? 0) || a.name.localeCompare(b.name));
  const candidates: ComponentPlan[] = [];
  for (let i = 0; candidates.length < MAX_CANDIDATES && i < onPath.length; i++) {
    for (const c of [bySum[i]!, byVisit[i]!]) if (candidates.length < MAX_CANDIDATES && !candidates.includes(c)) candidates.push(c);
  }
  const exact = onPath.length <= EXACT_PATH;
  const m = exact ? null : pathMoments(full);
  const fullGamma = m === null ? 0 : momentQuantile(percentile, { minS: m.minShiftS, meanS: m.meanS, varianceS2: m.varianceS2 });
  let best: LatencyCulprit | null = null;
  for (const c of candidates) {
    let withoutS: number;
    if (m === null) {
      const without = new Map<string, PathComponent>(byName);
      without.set(c.name, { queue: null });
      withoutS = pathLatency(new PathBuilder(graph, without, layers.failures, layers.waitScales).endToEnd(), percentile).percentileS;
    } else {
      // The candidate's own visits' moments, taken off the path's as an independent part of the sum.
      const own = ownMoments(c);
      const hints = { minS: Math.max(0, m.minShiftS - own.minShiftS), meanS: Math.max(0, m.meanS - own.meanS), varianceS2: Math.max(0, m.varianceS2 - own.varianceS2) };
      withoutS = Math.max(0, endS + momentQuantile(percentile, hints) - fullGamma);
    }
    if (best === null || withoutS < best.withoutS) best = { component: c, withoutS };
  }
  return best;
}

/** Mean, variance and least value of a component's visits in one request (its reads and writes apart for a database split by node). */
function ownMoments(c: ComponentPlan): { meanS: number; varianceS2: number; minShiftS: number } {
  const q = c.queue;
  const parts = q?.byOperation ? [q.byOperation.reads, q.byOperation.writes] : q ? [{ share: 1, queue: q }] : [];
  const stages: PathStageLaw[] = [];
  const items: PathNode[] = [];
  for (const part of parts) {
    const law = stageLaw(part.queue);
    if (law === null || !(c.visits * part.share > 0)) continue;
    items.push({ kind: 'visit', stage: stages.push(law) - 1, counts: visitCounts(c.visits * part.share) });
  }
  if (items.length === 0) return { meanS: 0, varianceS2: 0, minShiftS: 0 };
  return pathMoments({ stages, root: { kind: 'sequence', items } });
}
