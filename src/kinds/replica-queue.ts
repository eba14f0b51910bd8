/**
 * The queue a request joins at a horizontally scaled component: n replicas of c workers, a
 * balancing policy, a service law, and (for blocking calls) the longer time a worker is held.
 * Its waiting-time law, response-time percentile, and the least replica count meeting a budget.
 */
import { pathLatency, type Inversion } from '../model/path-latency.js';
import { solveQueue, type Arrivals, type QueueSolution } from '../model/queue-model.js';
import { leastCountMeeting, waitPlusServicePercentile } from '../model/queueing.js';
import { isExponential, lawMean, type ServiceLaw } from '../model/service-law.js';
import type { QueueModel } from '../plan/types.js';
import type { Balancing, ServiceDistribution } from './service-shape.js';

/** A component's replicas as queues. */
export interface ReplicaQueueSpec {
  /** Workers (servers) per replica, c. */
  workers: number;
  /** The service law of one operation's own work. */
  service: ServiceLaw;
  /** What holds a worker per operation when its calls block (own work + downstream time); null when nothing blocks. */
  holding: ServiceLaw | null;
  /** How requests reach the replicas; `shared-queue`: every replica pulls from one queue (workers). */
  balancing: Balancing | 'shared-queue';
  /** A constant added to each visit that occupies no worker (a provider's own latency). */
  constantDelayS: number;
  /** The law one operation type's service time was given as, and its cv (default: exponential). */
  given?: { distribution: ServiceDistribution; cv: number };
  /** c² of the interarrival times of the stream reaching the component (workload.arrivalCv at the entry, QNA downstream: plan/arrival-cv.ts); absent or 1: Poisson. */
  arrivalScv?: number;
}

/** The queue at n replicas carrying λ in total. */
export interface ReplicaQueue {
  /** Servers of the queue a request joins (n·c when least-request pools them). */
  servers: number;
  /** Arrival rate at that queue. */
  arrivalRate: number;
  arrivals: Arrivals;
  /** Probability that a request's next visit joins the same queue. */
  sameQueue: number;
  solution: QueueSolution;
  /** Description of the balancing model, for --explain. */
  model: string;
}

/**
 * Balancing (replica-queue.ts, docs/model.md):
 * - random: each replica receives a Poisson share λ/n (thinning of a Poisson stream): n
 *   independent queues of c servers;
 * - round-robin: replica i receives every n-th arrival, Erlang-n interarrival times: exactly
 *   an E_n/G/c queue at each replica (gi-m-c.ts);
 * - least-request: approximated as one pooled queue of n·c servers (the balancer keeps every
 *   replica's backlog near equal, so a free worker anywhere rarely idles while others queue).
 */
export function replicaQueue(spec: ReplicaQueueSpec, lambda: number, n: number): ReplicaQueue {
  const law = spec.holding ?? spec.service;
  const scv = spec.arrivalScv ?? 1;
  const poisson = scv === 1;
  if ((spec.balancing === 'least-request' && n > 1) || spec.balancing === 'shared-queue') {
    const servers = n * spec.workers;
    const pooled: Arrivals = poisson ? { kind: 'poisson' } : { kind: 'renewal', scv, every: 1, keep: 1 };
    return {
      servers,
      arrivalRate: lambda,
      arrivals: pooled,
      sameQueue: 1,
      solution: solveQueue({ servers, arrivalRate: lambda, service: law, arrivals: pooled }),
      model:
        spec.balancing === 'shared-queue'
          ? `one shared queue served by ${n} × ${spec.workers} = ${servers} workers`
          : `least-request ≈ one pooled queue of ${n} × ${spec.workers} = ${servers} workers (approximation)`,
    };
  }
  const roundRobin = spec.balancing === 'round-robin' && n > 1;
  const arrivals: Arrivals = poisson
    ? roundRobin
      ? { kind: 'erlang', phases: n }
      : { kind: 'poisson' }
    : { kind: 'renewal', scv, every: roundRobin ? n : 1, keep: roundRobin ? 1 : 1 / n };
  return {
    servers: spec.workers,
    arrivalRate: lambda / n,
    arrivals,
    sameQueue: n > 1 ? 1 / n : 1,
    solution: solveQueue({ servers: spec.workers, arrivalRate: lambda / n, service: law, arrivals }),
    model: poisson
      ? n === 1
        ? 'one replica'
        : spec.balancing === 'round-robin'
          ? `round-robin: each replica gets every ${n}th arrival (Erlang-${n} interarrivals)`
          : `random: each replica gets a Poisson share λ/${n}`
      : n === 1
        ? 'one replica'
        : roundRobin
          ? `round-robin: each replica gets every ${n}th arrival (c_a² = c²/${n})`
          : `random: each replica gets each arrival with probability 1/${n} (c_a² = c²/${n} + 1 − 1/${n})`,
  };
}

/**
 * A visit's p-quantile and how it was found: `cantelli` where the time of a visit is too sharp to
 * invert (near-deterministic parts far apart: a bound, which the component notes); the closed
 * form of M/M/c counts as exact (`contour`).
 */
export interface VisitLatency {
  percentileS: number;
  inversion: Inversion;
}

/** The p-quantile of one visit's time W + S (without the constant delay); Infinity when unstable. */
export function visitLatency(spec: ReplicaQueueSpec, q: ReplicaQueue, p: number): VisitLatency {
  const sol = q.solution;
  if (!sol.stable || sol.wait === null) return { percentileS: Infinity, inversion: 'contour' };
  if (sol.wait.kind === 'exponential' && isExponential(spec.service)) {
    const mu = 1 / lawMean(spec.service);
    // A conditional wait rate of 0 (cμ − λ rounding to 0 at the edge of stability) is a wait
    // without end: the percentile is not met, as for an unstable queue.
    if (sol.wait.waitProbability > 0 && !(sol.wait.conditionalRate > 0)) return { percentileS: Infinity, inversion: 'contour' };
    return { percentileS: waitPlusServicePercentile(p, sol.wait.waitProbability, sol.wait.waitProbability > 0 ? sol.wait.conditionalRate : Infinity, mu), inversion: 'contour' };
  }
  const r = pathLatency({ stages: [{ wait: sol.wait, service: spec.service, constantDelayS: 0 }], root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] } }, p);
  return { percentileS: r.percentileS, inversion: r.inversion };
}

/** visitLatency's quantile alone. */
export function visitPercentile(spec: ReplicaQueueSpec, q: ReplicaQueue, p: number): number {
  return visitLatency(spec, q, p).percentileS;
}

/** The p-quantile of the own service time alone: what no replica count goes below. */
export function servicePercentile(spec: ReplicaQueueSpec, p: number): number {
  if (isExponential(spec.service)) return -Math.log1p(-p) * lawMean(spec.service);
  const idle = { kind: 'exponential' as const, waitProbability: 0, conditionalRate: 1 };
  return pathLatency({ stages: [{ wait: idle, service: spec.service, constantDelayS: 0 }], root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] } }, p).percentileS;
}

/** Least n whose visit p-quantile at λ/n (per the balancing policy) is within the budget; null when none up to maxReplicas. */
export function leastReplicasWithin(spec: ReplicaQueueSpec, lambda: number, p: number, budgetS: number, maxReplicas: number): number | null {
  return leastReplicasQueue(spec, lambda, p, budgetS, maxReplicas)?.n ?? null;
}

/** leastReplicasWithin's count with its queue and visit p-quantile there (null without a search: λ = 0), or null when no count meets the budget. */
export interface ReplicasWithin {
  n: number;
  /** The queue at n and its visit p-quantile, as the search evaluated them (replicaQueue, visitPercentile); null for λ = 0 (no search). */
  at: { queue: ReplicaQueue; percentileS: number; inversion: Inversion } | null;
}

/**
 * leastReplicasWithin with the search's own figures at its answer: the search's answer is the
 * last count it found meeting the budget (leastCountMeeting), so the queue and quantile it
 * evaluated there are the ones a caller would compute again at n (pure functions of spec, λ, n, p).
 */
export function leastReplicasQueue(spec: ReplicaQueueSpec, lambda: number, p: number, budgetS: number, maxReplicas: number): ReplicasWithin | null {
  if (!Number.isFinite(lambda)) return null;
  if (budgetS < servicePercentile(spec, p)) return null;
  if (lambda === 0) return { n: 1, at: null };
  let met: { n: number; queue: ReplicaQueue; percentileS: number; inversion: Inversion } | null = null;
  const meets = (n: number) => {
    const queue = replicaQueue(spec, lambda, n);
    const { percentileS, inversion } = visitLatency(spec, queue, p);
    if (!(percentileS <= budgetS)) return false;
    met = { n, queue, percentileS, inversion };
    return true;
  };
  const holdingMean = lawMean(spec.holding ?? spec.service);
  const n = leastCountMeeting(Math.floor((lambda * holdingMean) / spec.workers) + 1, maxReplicas, meets);
  if (n === null) return null;
  const last = met as { n: number; queue: ReplicaQueue; percentileS: number; inversion: Inversion } | null;
  return { n, at: last !== null && last.n === n ? { queue: last.queue, percentileS: last.percentileS, inversion: last.inversion } : null };
}

/** One queue of `spec.workers` servers at `arrivalRate` (a database node, a cache shard, a disk), as the plan's queue model. */
export function singleQueueModel(spec: ReplicaQueueSpec, arrivalRate: number, replicas: number, sameQueue: number): { queue: QueueModel; replicaQueue: ReplicaQueue } {
  /*
   * At one replica every balancing but a shared queue gives the same queue as random (replicaQueue:
   * no round-robin or pooling at n = 1), so the spec is copied only for a shared queue. replicaQueue
   * and queueModelOf build fresh objects, which are set and returned as they are: copies of the
   * three were an object of ~20 keys each a database or cache sizing.
   */
  const q = replicaQueue(spec.balancing === 'shared-queue' ? { ...spec, balancing: 'random' } : spec, arrivalRate, 1);
  q.sameQueue = sameQueue;
  return { queue: queueModelOf(spec, q, replicas), replicaQueue: q };
}

/** The plan's queue model of a component at n replicas (plain data: the simulator and the path read it). */
export function queueModelOf(spec: ReplicaQueueSpec, q: ReplicaQueue, replicas: number): QueueModel {
  const sol = q.solution;
  return {
    servers: q.servers,
    arrivalRate: q.arrivalRate,
    serviceRate: 1 / lawMean(spec.service),
    constantDelayS: spec.constantDelayS,
    replicas,
    workersPerReplica: spec.workers,
    balancing: spec.balancing,
    arrivals: q.arrivals,
    service: spec.service.branches.map((b) => ({ ...b })),
    serviceDistribution: spec.given?.distribution ?? 'exponential',
    serviceCv: spec.given?.cv ?? 1,
    holding: spec.holding ? spec.holding.branches.map((b) => ({ ...b })) : null,
    wait: sol.wait,
    waitMethod: sol.method,
    exact: sol.exact,
    utilization: sol.utilization,
    sameQueue: q.sameQueue,
  };
}
