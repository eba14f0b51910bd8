/**
 * The call graph of a phase: who calls whom (with probabilities, alternatives, blocking,
 * retries, timeouts), visits per request derived from call probabilities, the order in which
 * components are sized (callees first), and where each synchronous component sits on the
 * request path with the probability that a request reaches it there.
 */
import { callEdges, type CallEdge } from '../kinds/calls.js';
import { followsCalls, ownVisits } from '../kinds/visits.js';
import type { ResolvedPhase } from '../profile/load.js';
import { formatNumber, formatPercent } from '../units/format.js';

/** An edge with its caller. */
export interface GraphEdge extends CallEdge {
  from: string;
  /** The edge's key in per-edge maps (path-model.ts edgeKey), built once with the edge: the fixed point asks for it many times. */
  key: string;
}

/** Where a synchronous component sits on the request path. */
export interface Placement {
  /** The caller under which the path places it (null for an entry). */
  parent: string | null;
  /** The edge that reaches it there (null for an entry). */
  edge: GraphEdge | null;
  /** Probability that a request reaches this position (product of call probabilities on the way). */
  reach: number;
}

/** The call graph of one phase. */
export interface RequestGraph {
  names: string[];
  /** Outgoing edges by caller, in `calls` order. */
  edges: Map<string, GraphEdge[]>;
  /** Incoming edges by callee. */
  callers: Map<string, GraphEdge[]>;
  /** Components off the synchronous path (workers, async: true). */
  async: Set<string>;
  /** Every component, each after all it calls (profile order otherwise). */
  calleeFirst: string[];
  /** Synchronous components on the request path in call order (depth first from the entries). */
  order: string[];
  /** Placement of each component in `order`. */
  placement: Map<string, Placement>;
  /** Visits per request of each component before retries (its own keys, or derived from call probabilities). */
  visits: Map<string, number>;
  /** Components whose visits were derived from call probabilities (no perRequest given). */
  derived: Set<string>;
  /** Whether any component declares calls. */
  declared: boolean;
  notes: string[];
}

/** The call graph of a phase. */
export function buildRequestGraph(phase: ResolvedPhase): RequestGraph {
  const comps = phase.components;
  const names = comps.map((c) => c.name);
  const byName = new Map(comps.map((c) => [c.name, c]));
  const settingsOf = (n: string) => byName.get(n)!.settings as Record<string, unknown>;
  const async = new Set(comps.filter((c) => (c.settings as { async?: boolean }).async ?? c.settings.kind === 'worker').map((c) => c.name));
  const edges = new Map<string, GraphEdge[]>();
  const callers = new Map<string, GraphEdge[]>(names.map((n) => [n, []]));
  for (const c of comps) {
    const out: GraphEdge[] = [];
    for (const e of callEdges(c.settings as Record<string, unknown>)) {
      const callee = byName.get(e.to);
      if (callee === undefined) continue;
      // A call to a queue consumer (async) only enqueues: it holds no worker of the caller, blocking or not.
      // `to` is the callee's own name string (equal text): maps by name then find it by identity,
      // not by comparing the texts. The fields written out, in the order `{ ...e, from, key }`
      // gives them: a spread copies the edge and then adds two properties outside the object
      // (~2,000 edges of 1,000 components, alive through the phase's solving).
      const edge: GraphEdge = { to: callee.name, probability: e.probability, entry: e.entry, alternative: e.alternative, blocking: e.blocking && !async.has(callee.name), retries: e.retries, timeoutS: e.timeoutS, failureRate: e.failureRate, member: e.member, from: c.name, key: edgeKeyOf(c.name, e) };
      out.push(edge);
      callers.get(edge.to)!.push(edge);
    }
    edges.set(c.name, out);
  }
  const declared = comps.some((c) => (edges.get(c.name) ?? []).length > 0);

  // Callees first: depth-first post-order in profile order (validation refused cycles).
  const calleeFirst: string[] = [];
  const done = new Set<string>();
  const post = (n: string) => {
    if (done.has(n)) return;
    done.add(n);
    for (const e of edges.get(n) ?? []) post(e.to);
    calleeFirst.push(n);
  };
  names.forEach(post);

  // Visits: a component's own keys; without perRequest but reached by a call with a
  // probability, the sum over its callers of caller visits × call probability (callers first).
  const visits = new Map<string, number>();
  const derived = new Set<string>();
  for (const n of [...calleeFirst].reverse()) {
    const s = settingsOf(n);
    const incoming = callers.get(n)!;
    if (incoming.length > 0 && followsCalls(s)) {
      visits.set(n, incoming.reduce((sum, e) => sum + (visits.get(e.from) ?? 1) * e.probability, 0));
      derived.add(n);
    } else {
      visits.set(n, ownVisits(s));
    }
  }

  // The path: entries are synchronous components nobody calls; depth first in call order.
  const order: string[] = [];
  const placement = new Map<string, Placement>();
  const notes: string[] = [];
  if (!declared) {
    for (const n of names) if (!async.has(n)) {
      order.push(n);
      placement.set(n, { parent: null, edge: null, reach: 1 });
    }
    notes.push('no component declares calls: the request path is taken to be every synchronous component in profile order (workers are off the path); add calls: to describe it');
  } else {
    const called = new Set(comps.flatMap((c) => (edges.get(c.name) ?? []).map((e) => e.to)));
    const visit = (n: string, parent: string | null, edge: GraphEdge | null, reach: number) => {
      if (placement.has(n) || async.has(n)) {
        const at = placement.get(n);
        if (at && edge && Math.abs(at.reach - reach) > 1e-9) {
          notes.push(`${n} is called from several places reached with different probabilities; the path counts all its visits where it is first reached (under ${at.parent ?? 'the entry'})`);
        }
        return;
      }
      placement.set(n, { parent, edge, reach });
      order.push(n);
      for (const e of edges.get(n) ?? []) visit(e.to, n, e, reach * e.probability);
    };
    const entries = names.filter((n) => !called.has(n) && !async.has(n));
    for (const n of entries) visit(n, null, null, 1);
    // Several entries read as one request visiting each in turn: most often a component left out of
    // its caller's calls (a network or disk nobody calls is the links or devices every request uses).
    const served = entries.filter((n) => settingsOf(n).kind !== 'network' && settingsOf(n).kind !== 'disk');
    if (served.length > 1) {
      const shown = served.length > 5 ? `${served.slice(0, 5).join(', ')} and ${served.length - 5} more` : served.join(', ');
      notes.push(`several synchronous components nobody calls are entry points (${shown}): the path takes each request through every one in turn; add a component to its caller's calls, or mark it async when it is off the request path`);
    }
  }
  for (const n of order) {
    const reach = placement.get(n)!.reach;
    if (reach < 1 - 1e-9 && reach > 0 && !derived.has(n)) {
      const note = perRequestNote(n, settingsOf(n), visits.get(n)!, reach);
      if (note !== null) notes.push(note);
    }
  }
  return { names, edges, callers, async, calleeFirst, order, placement, visits, derived, declared, notes: [...new Set(notes)] };
}

/**
 * Expected calls per visit of the caller along one edge: the call probability when the callee's
 * visits come from it (derived) or the caller is a queue consumer; otherwise the callee's visits
 * shared among its synchronous callers in proportion to caller visits × probability.
 */
export function callsPerVisit(graph: RequestGraph, e: GraphEdge): number {
  // Each edge's figure once per graph (a graph and its edges are read-only once built; phases with equal calls share one).
  let byEdge = perVisitCache.get(graph);
  if (byEdge === undefined) perVisitCache.set(graph, (byEdge = new Map()));
  let calls = byEdge.get(e);
  if (calls === undefined) byEdge.set(e, (calls = callsPerVisitOf(graph, e)));
  return calls;
}

/** callsPerVisit's figures already found, by graph then edge. */
const perVisitCache = new WeakMap<RequestGraph, Map<GraphEdge, number>>();

function callsPerVisitOf(graph: RequestGraph, e: GraphEdge): number {
  if (graph.derived.has(e.to) || graph.async.has(e.from)) return e.probability;
  const weight = (x: GraphEdge) => (graph.visits.get(x.from) ?? 1) * x.probability;
  const total = syncCallerWeight(graph, e.to, weight);
  const callerVisits = graph.visits.get(e.from) ?? 1;
  if (!(total > 0) || !(callerVisits > 0)) return e.probability;
  return ((graph.visits.get(e.to) ?? 1) * weight(e)) / total / callerVisits;
}

/** Each graph's callee → Σ over its synchronous callers of caller visits × call probability. */
const callerWeights = new WeakMap<RequestGraph, Map<string, number>>();

/** The weight callsPerVisit shares a callee's visits by, summed once per graph and callee (3,000 callers of one API made it quadratic). */
function syncCallerWeight(graph: RequestGraph, callee: string, weight: (x: GraphEdge) => number): number {
  let sums = callerWeights.get(graph);
  if (!sums) callerWeights.set(graph, (sums = new Map()));
  let total = sums.get(callee);
  if (total === undefined) {
    total = 0;
    for (const x of graph.callers.get(callee)!) if (!graph.async.has(x.from)) total += weight(x);
    sums.set(callee, total);
  }
  return total;
}

/** The keys that state a kind's visits per user request. */
const VISIT_KEYS: Readonly<Record<string, string>> = { database: 'readsPerRequest and writesPerRequest', cache: 'opsPerRequest', disk: 'iopsPerRequest', service: 'perRequest', adapter: 'perRequest', agent: 'perRequest', worker: 'perRequest' };

/**
 * A component whose own keys give its visits per user request but which the calls reach on only
 * some requests: the requests that reach it make visits ÷ reach each, which a key written per
 * call (as the calls' probability suggests) would not mean. Said, so the figure is not misread.
 */
function perRequestNote(n: string, s: Record<string, unknown>, visits: number, reach: number): string | null {
  const keys = VISIT_KEYS[s.kind as string];
  if (keys === undefined || !(visits > 0)) return null;
  // Keys written (a database's absent reads or writes default to 0, which says nothing).
  const given = keys.split(' and ').filter((k) => s[k] !== undefined && s[k] !== 0);
  if (given.length === 0) return null;
  const one = given.length === 1;
  return `${n}: ${given.join(' and ')} count${one ? 's' : ''} per user request, and the calls reach ${n} on ${formatPercent(reach)} of requests, so each request that reaches it makes ${formatNumber(visits / reach)} visits (${formatNumber(visits)} ÷ ${formatNumber(reach)}); if ${one ? 'it is' : 'they are'} per call, multiply ${one ? 'it' : 'them'} by ${formatNumber(reach)}`;
}

/** The key of an edge from `from` (GraphEdge.key): caller, callee and the caller's `calls` entry. */
export function edgeKeyOf(from: string, e: Pick<CallEdge, 'to' | 'entry'>): string {
  return `${from}→${e.to}#${e.entry}`;
}

/** The settings keys buildRequestGraph reads (calls and blocking for the edges, kind and async for the path, the rest for visits: ownVisits, followsCalls). */
const GRAPH_KEYS = ['kind', 'calls', 'async', 'blocking', 'perRequest', 'readsPerRequest', 'writesPerRequest', 'cacheHitRatio', 'opsPerRequest', 'iopsPerRequest'] as const;

/**
 * Whether two phases have the same call graph: the same components in the same order, each with
 * the same settings object or with equal values for every key the graph reads. Growth phases
 * usually re-tune a few components' service times, so each phase can reuse the last one's graph
 * (building it cost a few milliseconds and a few megabytes per thousand components and phase).
 */
export function sameGraphInputs(a: Pick<ResolvedPhase, 'components'>, b: Pick<ResolvedPhase, 'components'>): boolean {
  const x = a.components;
  const y = b.components;
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    const p = x[i]!;
    const q = y[i]!;
    if (p.name !== q.name) return false;
    if (p.settings === q.settings) continue;
    const s = p.settings as Record<string, unknown>;
    const t = q.settings as Record<string, unknown>;
    for (const k of GRAPH_KEYS) {
      if (s[k] === t[k]) continue;
      // Only `calls` is structured (plain validated data: names and call objects).
      if (k !== 'calls' || JSON.stringify(s[k]) !== JSON.stringify(t[k])) return false;
    }
  }
  return true;
}
