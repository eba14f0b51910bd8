/**
 * Sizing a phase's components together, the way a layered queueing solver does: callees first,
 * so that a caller whose workers block on its calls sees their response times in its holding
 * time; retried calls amplify the load they send, and timeouts make that amplification depend
 * on the callee's own latency, so the pass repeats to a fixed point.
 */
import type { CallContext, SizingContext } from '../kinds/kind.js';
import { kindNamed } from '../kinds/registry.js';
import { checkedSurvival, leastExact, pathLatency, pathSurvival, type Inversion } from '../model/path-latency.js';
import { expectedAttempts } from '../model/retries.js';
import { lawScv } from '../model/service-law.js';
import type { ResolvedPhase } from '../profile/load.js';
import { edgeKey, PathBuilder } from './path-model.js';
import { callsPerVisit, type GraphEdge, type RequestGraph } from './request-graph.js';
import { atMostTarget, heldTime, type HeldCallee } from './held-time.js';
import { SizingMemo, type SettingsNumbering } from './share-sizing.js';
import { arrivalsScv, arrivalVariability, scvChange, type ArrivalVariability } from './arrival-cv.js';
import { followPools, poolFloors, poolLinks } from './pools.js';
import { regionDataShare } from './regions.js';
import type { CallPlan, PhaseWorkload, SizedComponent } from './types.js';

/** The most passes of the retry fixed point. */
const MAX_PASSES = 30;

/** Per-edge figures of the call graph after sizing, for the plan and --explain (as the plan's CallPlan names them). */
export type EdgeFigures = { edge: GraphEdge } & Pick<CallPlan, 'callsPerVisit' | 'timeoutProbability' | 'retryProbability' | 'expectedAttempts' | 'waitScale' | 'callP95'> & {
  /** How the call's timeout probability and p95 were inverted (the less exact of the two; `contour` without them): analyse.ts notes the others. */
  inversion: Inversion;
};

/** The result of sizing one phase. */
export interface LayeredSizing {
  sized: Map<string, SizedComponent>;
  /** Load multiplier from retried calls, per component (absent: 1; empty when no call is retried). */
  amplification: Map<string, number>;
  /** Probability that one attempt fails or times out, per edge key. */
  failures: Map<string, number>;
  /** Factor on a callee's wait as seen by a blocking caller's finite threads, per edge key. */
  waitScales: Map<string, number>;
  edges: EdgeFigures[];
  passes: number;
}

/** Sizes every component of a phase for a workload (peak or mean). */
export function sizeLayers(
  phase: ResolvedPhase,
  graph: RequestGraph,
  workload: PhaseWorkload,
  /** sharing: the solve's settings numbering, to share a sizing between components with equal inputs (share-sizing.ts); absent: each sized on its own. */
  base: Pick<SizingContext, 'targets' | 'percentile' | 'explanations'> & { sharing?: SettingsNumbering | null },
  fits: Readonly<Record<string, SizingContext['fittedUsl']>>,
  /** false: a sizing read only for its replica counts, such as the off-peak one: `edges` is left empty and the kinds skip their texts (SizingContext.replicasOnly). */
  edgeFigures = true,
): LayeredSizing {
  const { allEdges, retried, holders, held, blockingCallers, timed, failing } = graphParts(graph);
  const links = poolLinks(phase);
  // Every reader takes an edge absent from `failures` as 0 (`?? 0`): only the edges that can fail are set (5,000 components: 8,000 sets a sizing were a tenth of its own time).
  const failures = new Map<string, number>();
  for (let i = 0; i < failing.length; i++) failures.set(failing[i]!.key, failing[i]!.failureRate);
  const threads = new Map<string, number>();
  let result: { sized: Map<string, SizedComponent>; amplification: Map<string, number>; waitScales: Map<string, number> } | null = null;
  let passes = 0;
  const byName = componentsByName(phase.components);
  const regionShare = phase.regions?.share ?? 1;
  const dataShare = phase.regions ? regionDataShare(phase.regions) : 1;
  // The fitted curves by component name, own keys only (an index into the record missed by name, a slow lookup per component, and found Object.prototype's keys).
  const fitted = new Map<string, SizingContext['fittedUsl']>();
  for (const name of Object.keys(fits)) fitted.set(name, fits[name]!);
  /*
   * Each component's c_a² by QNA (arrival-cv.ts) from its callers' utilisations, which the
   * sizing decides: the first pass takes every caller at the target utilisation, each later pass
   * the previous pass's, until the c_a² settle. It runs from a Poisson entry too: a callee of a
   * high-variance service sees its caller's bursty departures. A stream whose c_a² is exactly 1
   * (Poisson arrivals through exponential services) keeps the Poisson models and no text, so such
   * a plan is the one without.
   */
  const entryCv = workload.arrivalCv ?? 1;
  const poissonEntry = entryCv === 1;
  let variability: Map<string, ArrivalVariability> = arrivalVariability(graph, entryCv, () => null, base.targets.cpuUtilization);
  for (; passes < MAX_PASSES; passes++) {
    const amplification = retried ? amplify(graph, failures) : new Map<string, number>();
    const waitScales = finiteCallers(graph, allEdges, amplification, failures, threads);
    const sized = new Map<string, SizedComponent>();
    // What blocking callers are held by: each callee as it is, or at its target utilisation when it is beyond it.
    const heldView = new Map<string, HeldCallee>();
    const contexts = new Map<string, SizingContext>();
    // One sizing per distinct sizing input this pass (share-sizing.ts), relabelled for the other components.
    const memo = base.sharing ? new SizingMemo(base.sharing) : null;
    for (let i = 0; i < graph.calleeFirst.length; i++) {
      const name = graph.calleeFirst[i]!;
      const { component: c, kind } = byName.get(name)!;
      const model: CallContext = {
        derivedVisits: graph.derived.has(name) ? graph.visits.get(name)! : null,
        loadFactor: amplification.get(name) ?? 1,
        held: holders.has(name) ? heldTime(graph, heldView, failures, waitScales, name, !edgeFigures) : null,
      };
      const v = variability.get(name)!;
      if (!poissonEntry || v.scv !== 1) {
        model.arrivalScv = v.scv;
        model.arrivalText = v.text;
      }
      // A literal, not `{ ...base, … }`: spreading then adding keys cost microseconds an object here (V8 12, thousands of components a pass).
      const ctx: SizingContext = { name, path: c.path, workload, targets: base.targets, percentile: base.percentile, fittedUsl: fitted.get(name) ?? null, model, replicasOnly: !edgeFigures, explanations: base.explanations !== false, regionShare, dataShare };
      let full = ctx;
      if (links.length) {
        contexts.set(name, ctx);
        // The connection pools this component's replicas hold (pools.ts): its pooled adapters are sized already.
        const floors = poolFloors(links, sized, name);
        if (floors.length) full = { ...ctx, floors };
      }
      const one = memo ? memo.size(c.settings, full, () => kind.size(c.settings as never, full)) : kind.size(c.settings as never, full);
      sized.set(name, one);
      if (held.has(name)) heldView.set(name, atMostTarget(one));
    }
    if (links.length) {
      followPools(links, sized, (name, floors, fixed) => {
        const c = phase.components.find((k) => k.name === name)!;
        return kindNamed(c.settings.kind)!.size({ ...c.settings, replicas: { max: fixed } } as never, { ...contexts.get(name)!, floors });
      });
    }
    result = { sized, amplification, waitScales };
    // Retries: an attempt is retried when it fails or outlasts its timeout. Keep the largest
    // retry probability seen, so the passes climb monotonically to a (conservative) fixed point.
    const builder = new PathBuilder(graph, sized, failures, waitScales);
    let changed = false;
    for (let i = 0; i < blockingCallers.length; i++) {
      const name = blockingCallers[i]!;
      const c = sized.get(name);
      if (c === undefined) continue;
      const pool = c.replicas * ((c.detail.workersPerReplica as number | undefined) ?? Infinity);
      if (pool < (threads.get(name) ?? Infinity)) {
        threads.set(name, pool);
        changed = true;
      }
    }
    for (let i = 0; i < timed.length; i++) {
      const e = timed[i]!;
      const late = pathSurvival(builder.oneCall(e.to, e), e.timeoutS!);
      const q = Math.min(1, e.failureRate + (1 - e.failureRate) * late);
      const key = edgeKey(e);
      if (q > (failures.get(key) ?? 0) + 1e-9) {
        failures.set(key, q);
        changed = true;
      }
    }
    const next = arrivalVariability(graph, entryCv, (n) => {
      const q = sized.get(n)?.queue;
      return q ? { queueScv: arrivalsScv(q.arrivals), utilization: q.utilization, serviceScv: lawScv({ branches: q.service }), servers: q.servers } : null;
    }, base.targets.cpuUtilization);
    if (scvChange(variability, next) > 1e-6) changed = true;
    variability = next;
    if (!changed) break;
  }
  const { sized, amplification, waitScales } = result!;
  const builder = new PathBuilder(graph, sized, failures, waitScales);
  const edges = (edgeFigures ? allEdges : []).map((e): EdgeFigures => {
    const callee = sized.get(e.to);
    // One call's law matters where a timeout cuts it (the percentile is the costly part).
    const oneCall = callee?.queue && !graph.async.has(e.to) && e.timeoutS !== null ? builder.oneCall(e.to, e) : null;
    const q = failures.get(edgeKey(e)) ?? 0;
    const late = oneCall && e.timeoutS !== null ? checkedSurvival(oneCall, e.timeoutS) : null;
    const p95 = oneCall ? pathLatency(oneCall, base.percentile) : null;
    return {
      edge: e,
      callsPerVisit: callsPerVisit(graph, e),
      timeoutProbability: late ? late.survival : null,
      retryProbability: q,
      expectedAttempts: expectedAttempts(e.retries, q),
      waitScale: waitScales.get(edgeKey(e)) ?? 1,
      callP95: p95 ? p95.percentileS : null,
      // Without a timed call, neither figure: the contour's (leastExact of none), without its array a call.
      inversion: oneCall ? leastExact([late?.inversion, p95?.inversion]) : 'contour',
    };
  });
  return { sized, amplification, failures, waitScales, edges, passes: passes + 1 };
}

/** A phase's component of each name (the first of a name) with its kind. */
type NamedComponents = Map<string, { component: ResolvedPhase['components'][number]; kind: NonNullable<ReturnType<typeof kindNamed>> }>;

/** The last components array componentsByName was asked for, and its answer (one, not one per phase: a map per phase of 5,000 components would stay alive as long as the profile). */
let lastNamed: { components: ResolvedPhase['components']; named: NamedComponents } | null = null;

/** Each component by name with its kind, found once for the peak and the mean sizing of a phase (and again only for another components array). */
function componentsByName(components: ResolvedPhase['components']): NamedComponents {
  if (lastNamed !== null && lastNamed.components === components) return lastNamed.named;
  const named: NamedComponents = new Map();
  for (const c of components) {
    if (named.has(c.name)) continue;
    const kind = kindNamed(c.settings.kind);
    if (!kind) throw new Error(`internal: unknown kind ${c.settings.kind} passed validation`);
    named.set(c.name, { component: c, kind });
  }
  lastNamed = { components, named };
  return named;
}

/** What sizeLayers reads of a graph's edges, the same for every pass and every sizing of the graph. */
interface GraphParts {
  allEdges: GraphEdge[];
  /** Whether any call is retried (without retries every multiplier is exactly 1: amplify's pass is skipped). */
  retried: boolean;
  /** Callers holding a worker on a synchronous callee (heldTime's edges), and those callees (who need a held view). */
  holders: Set<string>;
  held: Set<string>;
  /** Components with a blocking call, in `sized` (calleeFirst) order: their thread pools bound their callers' share (finiteCallers). */
  blockingCallers: string[];
  /** Retried calls with a timeout to a synchronous callee, in edge order: their failure probability depends on the callee's latency. */
  timed: GraphEdge[];
  /** The edges whose own failure rate is not 0, in edge order (the others start absent from `failures`, read as 0). */
  failing: GraphEdge[];
}

const graphPartsCache = new WeakMap<RequestGraph, GraphParts>();

/** The graph's edge sets sizeLayers reads, built once per graph (a phase is sized at peak and at the mean; phases with equal calls share a graph). */
function graphParts(graph: RequestGraph): GraphParts {
  let parts = graphPartsCache.get(graph);
  if (parts === undefined) {
    const allEdges = [...graph.edges.values()].flat();
    const holding = allEdges.filter((e) => e.blocking && !graph.async.has(e.to));
    parts = {
      allEdges,
      retried: allEdges.some((e) => e.retries > 0),
      holders: new Set(holding.map((e) => e.from)),
      held: new Set(holding.map((e) => e.to)),
      blockingCallers: graph.calleeFirst.filter((n) => graph.edges.get(n)?.some((e) => e.blocking)),
      timed: allEdges.filter((e) => e.retries !== 0 && e.timeoutS !== null && !graph.async.has(e.to)),
      failing: allEdges.filter((e) => !Object.is(e.failureRate, 0)),
    };
    graphPartsCache.set(graph, parts);
  }
  return parts;
}

/** A graph's retried calls with a timeout to a synchronous callee (their retry probability depends on the callee's load), from the graph's cached parts. */
export function timedEdges(graph: RequestGraph): readonly GraphEdge[] {
  return graphParts(graph).timed;
}

/**
 * A blocking caller's calls come from a finite set of threads: N = replicas × workers. An
 * arriving call never finds itself queued, and in a closed population an arrival sees the queue
 * of the other N − 1 (the arrival theorem); Schweitzer's approximation scales the population's
 * share of the queue by (N − 1)/N (Schweitzer 1979; the lower-layer step of the Method of
 * Layers, Rolia & Sevcik 1995). With s the share of the callee's arrivals from this caller, the
 * wait seen is the open-model wait × (1 − s/N): the callee's own service alone for one thread.
 */
function finiteCallers(
  graph: RequestGraph,
  edges: readonly GraphEdge[],
  amplification: ReadonlyMap<string, number>,
  failures: ReadonlyMap<string, number>,
  threads: ReadonlyMap<string, number>,
): Map<string, number> {
  const out = new Map<string, number>();
  // No blocking caller's pool known yet (the first pass, or none blocks): no edge has a factor (5,000 components: 8,000 lookups a pass for nothing).
  if (threads.size === 0) return out;
  for (let i = 0; i < edges.length; i++) {
    const e = edges[i]!;
    const n = threads.get(e.from);
    if (!e.blocking || n === undefined || !Number.isFinite(n) || graph.async.has(e.to)) continue;
    const calls = (graph.visits.get(e.from) ?? 1) * (amplification.get(e.from) ?? 1) * callsPerVisit(graph, e) * expectedAttempts(e.retries, failures.get(edgeKey(e)) ?? 0);
    const arrivals = (graph.visits.get(e.to) ?? 0) * (amplification.get(e.to) ?? 1);
    if (!(arrivals > 0)) continue;
    const share = Math.min(1, calls / arrivals);
    out.set(edgeKey(e), Math.max(0, 1 - share / n));
  }
  return out;
}

/**
 * Load multipliers from retries, callers first: a component's multiplier is the average over
 * its incoming calls, weighted by caller visits × probability, of the caller's own multiplier
 * × the call's expected attempts Σ_{k=0..r} q^k (a retried call repeats everything below it).
 */
export function amplify(graph: RequestGraph, failures: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = graph.calleeFirst.length - 1; i >= 0; i--) {
    const name = graph.calleeFirst[i]!;
    const incoming = graph.callers.get(name) ?? [];
    let weight = 0;
    let sum = 0;
    for (let j = 0; j < incoming.length; j++) {
      const e = incoming[j]!;
      const w = (graph.visits.get(e.from) ?? 1) * e.probability;
      weight += w;
      sum += w * (out.get(e.from) ?? 1) * expectedAttempts(e.retries, failures.get(edgeKey(e)) ?? 0);
    }
    out.set(name, weight > 0 ? sum / weight : 1);
  }
  return out;
}
