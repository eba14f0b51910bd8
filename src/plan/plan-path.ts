/**
 * A planned phase's queues and request path rebuilt from the plan's own data (its queue models
 * and call graphs), at any load factor with the topology held: what `capplan sweep` evaluates
 * between plans. Holds of blocking calls, retry probabilities and the finite-thread factors stay
 * as planned at the peak.
 */
import { pathLatency } from '../model/path-latency.js';
import type { PathModel, PathStageLaw } from '../model/path-tree.js';
import { solveQueue } from '../model/queue-model.js';
import { waitPlusServicePercentile } from '../model/queueing.js';
import { isExponential, lawMean, type ServiceLaw } from '../model/service-law.js';
import { edgeKey, operationQueue, PathBuilder, sourceLaw, type StageQueue, type StageSource } from './path-model.js';
import { edgeKeyOf, type GraphEdge, type RequestGraph } from './request-graph.js';
import type { CallPlan, PhasePlan, QueueModel } from './types.js';

/** A queue model with its arrivals × s and its wait solved again (the servers and laws as planned). */
export function queueAt(q: QueueModel, s: number): QueueModel {
  if (s === 1) return q;
  const at: QueueModel = oneQueueAt(q, s);
  // A database's read and write queues scale with it (QueueModel.byOperation).
  if (q.byOperation) at.byOperation = { reads: { ...q.byOperation.reads, queue: oneQueueAt(q.byOperation.reads.queue, s) }, writes: { ...q.byOperation.writes, queue: oneQueueAt(q.byOperation.writes.queue, s) } };
  return at;
}

function oneQueueAt(q: Omit<QueueModel, 'byOperation'>, s: number): Omit<QueueModel, 'byOperation'> {
  const arrivalRate = q.arrivalRate * s;
  const sol = solvedAt(q, arrivalRate);
  const { byOperation: _own, ...rest } = q as QueueModel;
  return { ...rest, arrivalRate, wait: sol.wait, waitMethod: sol.method, exact: sol.exact, utilization: sol.utilization };
}

/** A queue's wait solved again at another arrival rate (the servers and laws as planned). */
function solvedAt(q: Omit<QueueModel, 'byOperation'>, arrivalRate: number): ReturnType<typeof solveQueue> {
  const service: ServiceLaw = { branches: q.holding ?? q.service };
  return solveQueue({ servers: q.servers, arrivalRate, service, arrivals: q.arrivals });
}

/** What a stage reads of oneQueueAt(q, s), without copying the rest of the queue's plan. */
function stageQueueAt(q: QueueModel, s: number): StageQueue {
  if (s === 1) return q;
  const sol = solvedAt(q, q.arrivalRate * s);
  return { service: q.service, wait: sol.wait, constantDelayS: q.constantDelayS, sameQueue: q.sameQueue, utilization: sol.utilization, servers: q.servers };
}

/** The p-quantile of one visit to a queue at load factor s, plus its constant delay (Infinity once saturated); `guessS` only narrows the search; `onBound` is told when it is Cantelli's upper bound (too sharp to invert). */
export function queueLatencyAt(q: QueueModel, p: number, s: number, guessS?: number, onBound?: () => void): number {
  const at = queueAt(q, s);
  if (at.wait === null) return Infinity;
  const service: ServiceLaw = { branches: at.service };
  if (at.wait.kind === 'exponential' && isExponential(service)) {
    const c = at.wait.waitProbability;
    return waitPlusServicePercentile(p, c, c > 0 ? at.wait.conditionalRate : Infinity, 1 / lawMean(service)) + at.constantDelayS;
  }
  const model: PathModel = { stages: [{ wait: at.wait, service, constantDelayS: 0 }], root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] } };
  const guess = guessS !== undefined ? guessS - at.constantDelayS : undefined;
  const r = pathLatency(model, p, guess !== undefined && guess > 0 ? guess : undefined);
  if (r.inversion === 'cantelli') onBound?.();
  return r.percentileS + at.constantDelayS;
}

/**
 * The end-to-end path of a planned phase at load factor s (1: as planned). The path's tree and
 * where each of its stages comes from do not change with the load (visits, retries and wait
 * factors are held as planned; a queue that saturates is still a stage), so they are built once
 * per phase and only the stages' laws are found again at each load, from the queues of the
 * components they name: a sweep of 5,000 components built the tree and solved every
 * component's queue at each of its ~200 loads. test/plan/plan-path-shape.test.ts holds it to a
 * path built afresh.
 */
export function planPathAt(phase: PhasePlan, s: number): PathModel {
  const shape = shapes.get(phase);
  if (shape !== undefined) {
    const stages = stagesAt(shape, s);
    if (stages !== null) return { stages, root: shape.root };
  }
  const { graph, failures, waitScales } = pathInputs(phase);
  const components = new Map(phase.components.map((c) => [c.name, { queue: c.queue ? queueAt(c.queue, s) : null }]));
  const builder = new PathBuilder(graph, components, failures, waitScales);
  const model = builder.endToEnd();
  // The planned queue of each component a stage reads (a later component of a name wins, as in the Map above).
  const named = new Set(builder.sources.map((x) => x?.name));
  const queues = new Map<string, QueueModel | null>();
  for (const c of phase.components) if (named.has(c.name)) queues.set(c.name, c.queue);
  shapes.set(phase, { root: model.root, sources: builder.sources, queues });
  return model;
}

/**
 * The end-to-end path of a planned phase at a retry fixed point (retry-load.ts): each
 * component's queue at its own load factor and each retried call's attempts at the point's
 * retry probabilities; built afresh (the attempts change the tree), for phases with a timed retry.
 */
export function retryPathAt(phase: PhasePlan, point: { factors: ReadonlyMap<string, number>; failures: ReadonlyMap<string, number>; scale: number }): PathModel {
  if (point.scale === 1) return planPathAt(phase, 1);
  const { graph, waitScales } = pathInputs(phase);
  const components = new Map(phase.components.map((c) => [c.name, { queue: c.queue ? queueAt(c.queue, point.factors.get(c.name) ?? point.scale) : null }]));
  return new PathBuilder(graph, components, point.failures, waitScales).endToEnd();
}

/** A phase's end-to-end path without its stages' laws: the tree, and each stage's source. */
interface PathShape {
  root: PathModel['root'];
  sources: readonly StageSource[];
  /** The planned queues the sources read, by component. */
  queues: ReadonlyMap<string, QueueModel | null>;
}

const shapes = new WeakMap<PhasePlan, PathShape>();

/** The laws of a path's stages at load factor s, each component's queue solved once; null if a source has no queue (then the path is built afresh). */
function stagesAt(shape: PathShape, s: number): PathStageLaw[] | null {
  const queueOf = (name: string, op: 'reads' | 'writes' | undefined): StageQueue | null => {
    const q = shape.queues.get(name) ?? null;
    return q === null ? null : stageQueueAt(operationQueue(q, op), s);
  };
  const stages: PathStageLaw[] = new Array(shape.sources.length);
  for (let i = 0; i < shape.sources.length; i++) {
    const law = sourceLaw(shape.sources[i]!, queueOf);
    if (law === null) return null;
    stages[i] = law;
  }
  return stages;
}

/** The call graph of a phase with its edges' retry probabilities and wait factors (as planned at the peak). */
interface PathInputs {
  graph: RequestGraph;
  failures: Map<string, number>;
  waitScales: Map<string, number>;
}

/** Built once per planned phase (a sweep evaluates thousands of loads; plans are not changed once made). */
const inputsByPhase = new WeakMap<PhasePlan, PathInputs>();

function pathInputs(phase: PhasePlan): PathInputs {
  const known = inputsByPhase.get(phase);
  if (known) return known;
  const graph = requestGraphOf(phase);
  const failures = new Map<string, number>();
  const waitScales = new Map<string, number>();
  // Each call by its edge key, a caller's first call of that key (finding the caller, then the call, by scan cost edges × components).
  const calls = new Map<string, CallPlan>();
  for (const c of phase.components) {
    for (const k of c.callGraph) {
      const key = edgeKeyOf(c.name, k);
      if (!calls.has(key)) calls.set(key, k);
    }
  }
  for (const e of [...graph.edges.values()].flat()) {
    const call = calls.get(edgeKey(e))!;
    failures.set(edgeKey(e), call.retryProbability);
    if (call.waitScale !== 1) waitScales.set(edgeKey(e), call.waitScale);
  }
  const inputs = { graph, failures, waitScales };
  inputsByPhase.set(phase, inputs);
  return inputs;
}

/** The call graph of a planned phase, from its components' callGraph (visits before retries). */
export function requestGraphOf(phase: PhasePlan): RequestGraph {
  const names = phase.components.map((c) => c.name);
  const edges = new Map<string, GraphEdge[]>();
  const callers = new Map<string, GraphEdge[]>(names.map((n) => [n, []]));
  for (const c of phase.components) {
    const out = c.callGraph.map(
      (k): GraphEdge => ({ from: c.name, to: k.to, probability: k.probability, entry: k.entry, alternative: k.alternative, blocking: k.blocking, retries: k.retries, timeoutS: k.timeout, failureRate: k.failureRate, member: k.member ?? null, key: edgeKeyOf(c.name, k) }),
    );
    edges.set(c.name, out);
    for (const e of out) callers.get(e.to)?.push(e);
  }
  const visits = new Map(phase.components.map((c) => [c.name, c.visits / ((c.detail.retryAmplification as number | undefined) ?? 1)]));
  return {
    names,
    edges,
    callers,
    async: new Set(phase.components.filter((c) => !c.synchronous).map((c) => c.name)),
    calleeFirst: names,
    order: phase.system.path,
    placement: new Map(),
    visits,
    derived: new Set(phase.components.filter((c) => c.detail.derivedVisits !== undefined).map((c) => c.name)),
    declared: phase.components.some((c) => c.callGraph.length > 0),
    notes: [],
  };
}
