/**
 * What a blocking caller's worker is held for: its callees' answers, each counted at most at the
 * callee's target utilisation (layers.ts sizes callers with it).
 */
import type { CallContext } from '../kinds/kind.js';
import { visitedStages, type PathModel, type PathNode } from '../model/path-tree.js';
import { pathTimeMoments } from '../model/path-latency.js';
import { solveQueue } from '../model/queue-model.js';
import { lawMean } from '../model/service-law.js';
import { attemptSecondMoment, expectedAttempts } from '../model/retries.js';
import { formatDuration, formatNumber } from '../units/format.js';
import { edgeKey, PathBuilder, type PathComponent } from './path-model.js';
import { callsPerVisit, type GraphEdge, type RequestGraph } from './request-graph.js';
import type { QueueModel, SizedComponent } from './types.js';

/** A callee as its blocking callers count it: its queue, and a note when that queue was taken at its target utilisation. */
export interface HeldCallee extends PathComponent {
  /** The utilisation the queue was taken at, when the callee is beyond its target (or saturated); else absent. */
  cappedAt?: number;
}

/** Beyond this utilisation no target caps a callee's queue for its callers (a target of 100 % would leave no finite wait). */
const MAX_HELD_UTILIZATION = 0.99;

/**
 * The callee's queue as a blocking caller is sized against it. A callee past its target
 * utilisation is in violation (at its replica limit, or saturated with no finite wait at all);
 * its callers are sized for it as it will be once that violation is resolved: the same servers
 * and laws at its target utilisation, ρ = u (the arrival rate u·c / E[hold]). So the caller's
 * hold never shrinks when the callee gets slower (a saturated callee counted as free would
 * under-size every caller), and never exceeds what a callee meeting its target would cost.
 */
export function atMostTarget(c: SizedComponent): HeldCallee {
  const q = c.queue;
  const cap = Math.min(c.targetUtilization, MAX_HELD_UTILIZATION);
  if (q === null) return c;
  const split = q.byOperation;
  const over = (x: Omit<QueueModel, 'byOperation'>) => x.wait === null || x.utilization > cap;
  if (!over(q) && !(split && (over(split.reads.queue) || over(split.writes.queue)))) return c;
  const capped = cappedQueue(q, cap);
  if (capped === null) return c;
  const queue: QueueModel = capped;
  // A database's reads and writes wait on their own nodes (QueueModel.byOperation): each is counted at most at the target too.
  if (split) {
    const reads = cappedQueue(split.reads.queue, cap);
    const writes = cappedQueue(split.writes.queue, cap);
    if (reads === null || writes === null) return c;
    queue.byOperation = { reads: { ...split.reads, queue: reads }, writes: { ...split.writes, queue: writes } };
  }
  return { queue, cappedAt: cap };
}

/** The queue at utilisation `cap` when it is past it (the same servers and laws), as it is otherwise; null when no finite wait comes of it. */
function cappedQueue(q: Omit<QueueModel, 'byOperation'>, cap: number): Omit<QueueModel, 'byOperation'> | null {
  const { byOperation: _own, ...rest } = q as QueueModel;
  if (q.wait !== null && q.utilization <= cap) return rest;
  const law = { branches: q.holding ?? q.service };
  const arrivalRate = (cap * q.servers) / lawMean(law);
  const s = solveQueue({ servers: q.servers, arrivalRate, service: law, arrivals: q.arrivals });
  if (!s.stable || s.wait === null) return null;
  return { ...rest, arrivalRate, utilization: s.utilization, wait: s.wait };
}

/**
 * The hold of one visit's blocking members of a parallel entry: the time of the slowest, mean and
 * variance of the max of independent members (path-parallel.ts), each member one call of its
 * callee (a oneOf member's alternatives, a probable member's call, as branches); null when a
 * member is called other than once per visit or may be retried (the caller then sums them: an
 * upper bound), 'unbounded' when a member's time is.
 */
function forkHold(graph: RequestGraph, builder: PathBuilder, failures: ReadonlyMap<string, number>, group: readonly GraphEdge[]): { meanS: number; varianceS2: number } | null | 'unbounded' {
  const members = [...new Set(group.map((e) => e.member))].map((j) => group.filter((e) => e.member === j));
  if (members.length < 2) return null;
  for (const e of group) {
    if (Math.abs(callsPerVisit(graph, e) - e.probability) > 1e-9) return null;
    if (e.retries > 0 && (failures.get(edgeKey(e)) ?? 0) > 0) return null;
  }
  let stages: PathModel['stages'] = [];
  const nodes: PathNode[] = members.map((m) => {
    const branches = m.map((e) => {
      const call = builder.oneCall(e.to, e);
      stages = call.stages;
      return { probability: e.probability, node: call.root };
    });
    return branches.length === 1 && branches[0]!.probability >= 1 ? branches[0]!.node : { kind: 'choice', branches };
  });
  const model: PathModel = { stages, root: { kind: 'parallel', members: nodes } };
  if ([...visitedStages(model)].some((i) => model.stages[i]!.unstable)) return 'unbounded';
  const r = pathTimeMoments(model);
  return Number.isFinite(r.meanS) ? r : 'unbounded';
}

/**
 * The downstream time a worker of `name` is held per operation by its blocking calls: per call
 * edge, N calls (mean m × expected attempts) of the callee's answer R (its visit and everything
 * below), independent:  E[H] = Σ E[N]E[R],  Var[H] = Σ (E[N]Var[R] + Var[N]E[R]²); the blocking
 * members of a parallel entry count once, as their slowest (forkHold). Callees
 * beyond their target utilisation count at it (atMostTarget).
 */
export function heldTime(
  graph: RequestGraph,
  callees: ReadonlyMap<string, HeldCallee>,
  failures: ReadonlyMap<string, number>,
  waitScales: ReadonlyMap<string, number>,
  name: string,
  /** true: leave `parts` empty (they are --explain text). */
  replicasOnly: boolean,
): CallContext['held'] {
  const blocking = (graph.edges.get(name) ?? []).filter((e) => e.blocking && !graph.async.has(e.to) && callees.has(e.to));
  if (blocking.length === 0) return null;
  const builder = new PathBuilder(graph, callees, failures, waitScales);
  let meanS = 0;
  let varianceS2 = 0;
  const parts: string[] = [];
  const summed: GraphEdge[] = [];
  // A parallel entry's blocking members hold the worker until the slowest has answered: one hold, their max.
  for (const entry of [...new Set(blocking.filter((e) => e.member !== null).map((e) => e.entry))]) {
    const group = blocking.filter((e) => e.member !== null && e.entry === entry);
    const fork = forkHold(graph, builder, failures, group);
    if (fork === null) {
      summed.push(...group);
      if (!replicasOnly && new Set(group.map((e) => e.member)).size > 1) parts.push(`parallel ${group.map((e) => e.to).join(', ')}: summed, an upper bound on the slowest (a member called other than once per visit, or retried)`);
      continue;
    }
    if (fork === 'unbounded') {
      parts.push(`parallel ${group.map((e) => e.to).join(', ')} (unbounded: not counted)`);
      continue;
    }
    meanS += fork.meanS;
    varianceS2 += fork.varianceS2;
    if (!replicasOnly) parts.push(`parallel ${group.map((e) => e.to).join(', ')}: the slowest, ${formatDuration(fork.meanS)}`);
  }
  for (const e of blocking) {
    if (e.member !== null && !summed.includes(e)) continue;
    const call = builder.oneCall(e.to, e);
    const r = pathTimeMoments(call);
    if (!Number.isFinite(r.meanS) || [...visitedStages(call)].some((i) => call.stages[i]!.unstable)) {
      parts.push(`${e.to} (unbounded: not counted)`);
      continue;
    }
    const q = failures.get(edgeKey(e)) ?? 0;
    const attempts = expectedAttempts(e.retries, q);
    const attemptsSecond = attemptSecondMoment(e.retries, q);
    const m = callsPerVisit(graph, e);
    const fraction = m - Math.floor(m);
    const n = m * attempts;
    const varN = m * (attemptsSecond - attempts * attempts) + fraction * (1 - fraction) * attempts * attempts;
    meanS += n * r.meanS;
    varianceS2 += n * r.varianceS2 + varN * r.meanS * r.meanS;
    if (replicasOnly) continue;
    const scale = waitScales.get(edgeKey(e));
    const capped = callees.get(e.to)?.cappedAt;
    parts.push(
      `${e.to} ${formatNumber(n)} × ${formatDuration(r.meanS)}` +
        (capped !== undefined ? ` (beyond its target utilisation: counted at ${formatNumber(capped * 100)} %)` : '') +
        (scale !== undefined && scale < 1 ? ` (its waits × ${formatNumber(scale)}: ${name}'s threads never queue behind themselves)` : ''),
    );
  }
  // Every blocking call counted or said why not: `blocking` is not empty here.
  return { meanS, varianceS2, parts };
}
