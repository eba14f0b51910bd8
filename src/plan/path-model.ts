/**
 * From the call graph and the sized components to path models (model/path-tree.ts): the
 * end-to-end request path, and the subtree one call of a component sets off (what a blocking
 * caller waits for, what a timeout cuts). Pure.
 */
import { attemptCounts, expectedAttempts } from '../model/retries.js';
import { visitCounts } from '../model/path-latency.js';
import type { PathModel, PathNode, PathStageLaw } from '../model/path-tree.js';
import type { QueueModel } from './types.js';
import { callsPerVisit, type GraphEdge, type RequestGraph } from './request-graph.js';
import { formatNumber } from '../units/format.js';

/** What the path needs of a sized component. */
export interface PathComponent {
  queue: QueueModel | null;
}

/** The most nodes an expanded path tree may have (shared callees are expanded under each caller). */
const MAX_PATH_NODES = 4096;

class PathTooLarge extends Error {}

/** Per graph, the nodes callNode builds for a component's call tree, capped at MAX_PATH_NODES + 1. */
const treeSizes = new WeakMap<RequestGraph, Map<string, number>>();

/**
 * The nodes the expanded tree under `name` has (callNode: one for the component, then its
 * synchronous calls' trees), counted without building it and capped at MAX_PATH_NODES + 1; once
 * per graph and component. A tree past the limit was built up to it and dropped before: at
 * 5,000 components a few thousand nodes per phase and path, for nothing.
 */
function treeSize(graph: RequestGraph, name: string): number {
  let sizes = treeSizes.get(graph);
  if (!sizes) treeSizes.set(graph, (sizes = new Map()));
  const known = sizes.get(name);
  if (known !== undefined) return known;
  let n = 1;
  for (const e of graph.edges.get(name) ?? []) {
    if (graph.async.has(e.to)) continue;
    n = Math.min(MAX_PATH_NODES + 1, n + treeSize(graph, e.to));
  }
  sizes.set(name, n);
  return n;
}

/** Probability that one attempt of a call fails or times out, by edge key (absent: 0). */
export type EdgeFailures = ReadonlyMap<string, number>;

/** The key of an edge in EdgeFailures. */
export function edgeKey(e: GraphEdge): string {
  return e.key;
}

/** What a stage's law reads of a queue. */
export type StageQueue = Pick<QueueModel, 'service' | 'wait' | 'constantDelayS' | 'sameQueue' | 'utilization' | 'servers'>;

/** The path-stage law of a component's queue (null when it has none). */
export function stageLaw(q: StageQueue | null): PathStageLaw | null {
  if (q === null) return null;
  const service = { branches: q.service.map((b) => ({ ...b })) };
  if (q.wait === null) return { wait: { kind: 'exponential', waitProbability: 1, conditionalRate: 1 }, service, constantDelayS: q.constantDelayS, unstable: true };
  return {
    wait: q.wait,
    service,
    constantDelayS: q.constantDelayS,
    repeat: { sameQueue: q.sameQueue, slope: q.utilization, servers: q.servers },
  };
}

/** Where a stage's law comes from: a component's queue (or one of a database's per-operation queues) seen with a wait factor; null for the unbounded stage. */
export type StageSource = { name: string; op: 'reads' | 'writes' | undefined; waitScale: number } | null;

/** The queue a visit of `op` to a component joins: a database's per-operation queue where it has them, else its own. */
export function operationQueue(queue: QueueModel, op: 'reads' | 'writes' | undefined): QueueModel {
  return op === undefined ? queue : (queue.byOperation?.[op].queue ?? queue);
}

/** The stage law of a source (null where the component has no queue), as stageOf builds it; `queueOf` gives the queue a component's visits of an operation join. */
export function sourceLaw(source: StageSource, queueOf: (name: string, op: 'reads' | 'writes' | undefined) => StageQueue | null): PathStageLaw | null {
  if (source === null) return unboundedStage();
  const law = stageLaw(queueOf(source.name, source.op));
  if (law === null) return null;
  return source.waitScale === 1 ? law : { ...law, waitScale: source.waitScale };
}

/** A stage that makes any path through it unbounded. */
function unboundedStage(): PathStageLaw {
  return { wait: { kind: 'exponential', waitProbability: 1, conditionalRate: 1 }, service: { branches: [{ probability: 1, phases: 1, rate: 1 }] }, constantDelayS: 0, unstable: true };
}

/** Builds path trees over one phase's sized components. */
export class PathBuilder {
  private readonly stages: PathStageLaw[] = [];
  /** Where each stage's law came from (stages[i] is sourceLaw(sources[i], components)). */
  readonly sources: StageSource[] = [];
  private nodes = 0;
  private readonly stageIndex = new Map<string, number>();

  constructor(
    private readonly graph: RequestGraph,
    private readonly components: ReadonlyMap<string, PathComponent>,
    private readonly failures: EdgeFailures,
    /** Factor on the callee's wait as seen through a blocking edge (by edge key; absent: 1). */
    private readonly waitScales: ReadonlyMap<string, number> = new Map(),
  ) {}

  /**
   * The end-to-end path: every entry (a synchronous component nobody calls) with its visits, then
   * what it calls. A call graph whose paths expand past MAX_PATH_NODES (many shared callees in
   * layers) is taken flat instead: each component on the path once, with all its visits.
   */
  endToEnd(): PathModel {
    const g = this.graph;
    if (g.declared) {
      // Nobody calls an entry: it has no incoming edges (looked up by name, not a set of the called built from every caller list).
      const entries = g.names.filter((n) => (g.callers.get(n)?.length ?? 0) === 0 && !g.async.has(n));
      const nodes = entries.reduce((sum, n) => Math.min(MAX_PATH_NODES + 1, sum + treeSize(g, n)), 0);
      const tree = nodes <= MAX_PATH_NODES ? this.guarded(() => ({ kind: 'sequence' as const, items: entries.map((n) => this.callNode(n, g.visits.get(n) ?? 1, null)) })) : null;
      if (nodes > MAX_PATH_NODES) this.flattened = true;
      if (tree) return { stages: this.stages, root: tree };
    }
    return { stages: this.stages, root: this.flat(g.order, 1) };
  }

  /** One call of `name` (one visit, with its downstream per visit), made through `via` when given. */
  oneCall(name: string, via: GraphEdge | null = null): PathModel {
    const edge = via && via.retries > 0 ? { ...via, retries: 0 } : via;
    const tree = treeSize(this.graph, name) <= MAX_PATH_NODES ? this.guarded(() => this.callNode(name, 1, edge)) : null;
    if (tree === null) this.flattened = true;
    if (tree) return { stages: this.stages, root: tree };
    return { stages: this.stages, root: this.flat(this.below(name), 1 / (this.graph.visits.get(name) || 1)) };
  }

  /** Whether the last tree had to be taken flat (too many paths to expand). */
  flattened = false;

  /** Parallel entries the trees built so far hold as parallel nodes (the slowest member's time). */
  forks = 0;

  /** Why parallel entries were summed instead (an upper bound), one line each. */
  readonly forkNotes: string[] = [];

  private guarded(build: () => PathNode): PathNode | null {
    this.nodes = 0;
    try {
      return build();
    } catch (error) {
      if (!(error instanceof PathTooLarge)) throw error;
      this.flattened = true;
      return null;
    }
  }

  /** Components in order, each visited once with its visits × scale. */
  private flat(names: readonly string[], scale: number): PathNode {
    const items: PathNode[] = [];
    for (let i = 0; i < names.length; i++) {
      const n = names[i]!;
      const visits = (this.graph.visits.get(n) ?? 1) * scale;
      const stages = this.visitStages(n, 1);
      for (let k = 0; k < stages.length; k++) {
        const { stage, share } = stages[k]!;
        const v = visits * share;
        items.push(Number.isFinite(v) && v < 1e12 ? { kind: 'visit', stage, counts: visitCounts(v) } : { kind: 'visit', stage: this.unbounded(), counts: [{ count: 1, probability: 1 }] });
      }
    }
    return { kind: 'sequence', items };
  }

  /** `name` and every synchronous component it reaches, depth first. */
  private below(name: string): string[] {
    const out: string[] = [];
    const stack = [name];
    while (stack.length) {
      const n = stack.pop()!;
      if (out.includes(n) || (n !== name && this.graph.async.has(n))) continue;
      out.push(n);
      const calls = this.graph.edges.get(n) ?? [];
      for (let i = calls.length - 1; i >= 0; i--) stack.push(calls[i]!.to);
    }
    return out;
  }

  /** Visits of `name` (mean `count`, attempts of `edge`), then its calls, per its call entries. */
  private callNode(name: string, count: number, edge: GraphEdge | null): PathNode {
    if (++this.nodes > MAX_PATH_NODES) throw new PathTooLarge();
    const items: PathNode[] = [];
    if (count > 0) {
      const stages = this.visitStages(name, edge ? this.waitScales.get(edgeKey(edge)) ?? 1 : 1);
      for (let k = 0; k < stages.length; k++) {
        const { stage, share } = stages[k]!;
        const mean = count * share;
        // Visits beyond any count a request can make (a caller with almost no visits of its own) make the path unbounded.
        const counts = Number.isFinite(mean) && mean < 1e12 ? this.counts(mean, edge) : null;
        items.push(counts ? { kind: 'visit', stage, counts } : { kind: 'visit', stage: this.unbounded(), counts: [{ count: 1, probability: 1 }] });
      }
    }
    const out = (this.graph.edges.get(name) ?? []).filter((e) => !this.graph.async.has(e.to));
    const entries = [...new Set(out.map((e) => e.entry))];
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const group = out.filter((e) => e.entry === entry);
      const first = group[0]!;
      if (first.member !== null) {
        items.push(...this.parallelNodes(name, group, count));
        continue;
      }
      items.push(this.entryNode(group, count));
    }
    return items.length === 1 ? items[0]! : { kind: 'sequence', items };
  }

  /** One `calls` entry (a call, or a oneOf's alternatives) of `count` visits of its caller. */
  private entryNode(group: readonly GraphEdge[], count: number): PathNode {
    const first = group[0]!;
    const child = (e: GraphEdge) => {
      const m = callsPerVisit(this.graph, e) * count;
      return this.callNode(e.to, e.probability > 0 ? m / e.probability : 0, e);
    };
    if (first.alternative || first.probability < 1) return { kind: 'choice', branches: group.map((e) => ({ probability: e.probability, node: child(e) })) };
    return child(first);
  }

  /**
   * A parallel entry of `name`'s `count` visits: its members start together and the entry ends
   * with the slowest (a parallel node: path-parallel.ts), once per visit. One visit (count 1), or
   * at most one (count < 1: the fork with probability count), is exact; other counts make one
   * node's members stand for several forks, which a max of the totals would understate, so the
   * members are summed instead (an upper bound on each fork's time) and a note says so.
   */
  private parallelNodes(name: string, group: readonly GraphEdge[], count: number): PathNode[] {
    const members = [...new Set(group.map((e) => e.member))].map((j) => group.filter((e) => e.member === j));
    if (members.length === 1) return [this.entryNode(members[0]!, count)];
    if (count > 1 + 1e-9) {
      this.forkNotes.push(`${name} makes its parallel calls (${members.map((m) => m.map((e) => e.to).join('/')).join(', ')}) on each of its ${formatNumber(count)} visits per request, which the path does not take apart: their times are summed, an upper bound on the slowest`);
      return members.map((m) => this.entryNode(m, count));
    }
    if (!(count > 0)) return [];
    this.forks++;
    const fork: PathNode = { kind: 'parallel', members: members.map((m) => this.entryNode(m, 1)) };
    return [count >= 1 - 1e-9 ? fork : { kind: 'choice', branches: [{ probability: count, node: fork }] }];
  }

  /** The visit-count distribution: n + f logical visits, each retried per the edge's attempts. */
  private counts(mean: number, edge: GraphEdge | null): { count: number; probability: number }[] {
    const logical = visitCounts(mean);
    if (edge === null || edge.retries === 0) return logical;
    const q = this.failures.get(edgeKey(edge)) ?? 0;
    if (q === 0) return logical;
    // Many visits: their attempts' sum is close to its mean; keep the convolution small.
    if (mean > 16) return visitCounts(mean * expectedAttempts(edge.retries, q));
    const attempts = attemptCounts(edge.retries, q);
    const out = new Map<number, number>();
    for (const l of logical) {
      let dist = new Map<number, number>([[0, 1]]);
      for (let i = 0; i < l.count; i++) {
        const next = new Map<number, number>();
        for (const [k, p] of dist) for (const a of attempts) next.set(k + a.count, (next.get(k + a.count) ?? 0) + p * a.probability);
        dist = next;
      }
      for (const [k, p] of dist) out.set(k, (out.get(k) ?? 0) + p * l.probability);
    }
    return [...out.entries()].sort((a, b) => a[0] - b[0]).map(([count, probability]) => ({ count, probability }));
  }

  /** A stage that makes any path through it unbounded. */
  private unbounded(): number {
    this.sources.push(null);
    return this.stages.push(unboundedStage()) - 1;
  }

  /**
   * The stages one visit of `name` may join, each with its share of the visits: the component's
   * queue, or, for a database whose reads and writes wait on different nodes (QueueModel.byOperation),
   * the read replicas' and the primary's. None for a component without a queue.
   */
  private visitStages(name: string, waitScale: number): { stage: number; share: number }[] {
    const split = this.components.get(name)?.queue?.byOperation;
    if (split === undefined) {
      const stage = this.stageOf(name, waitScale);
      return stage === null ? [] : [{ stage, share: 1 }];
    }
    const out: { stage: number; share: number }[] = [];
    for (const op of ['reads', 'writes'] as const) {
      const stage = this.stageOf(name, waitScale, op);
      if (stage !== null && split[op].share > 0) out.push({ stage, share: split[op].share });
    }
    return out;
  }

  private stageOf(name: string, waitScale: number, op?: 'reads' | 'writes'): number | null {
    // The name alone for a wait seen as it is (almost every stage): no key text built per call.
    const base = op === undefined ? name : `${name}:${op}`;
    const key = waitScale === 1 ? base : `${base}×${waitScale}`;
    const known = this.stageIndex.get(key);
    if (known !== undefined) return known;
    const source = { name, op, waitScale };
    const law = sourceLaw(source, (n, o) => {
      const queue = this.components.get(n)?.queue ?? null;
      return queue === null ? null : operationQueue(queue, o);
    });
    if (law === null) return null;
    this.sources.push(source);
    const index = this.stages.push(law) - 1;
    this.stageIndex.set(key, index);
    return index;
  }
}
