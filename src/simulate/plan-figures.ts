/**
 * The plan's figures for one simulated station, from the plan's own queue model (its wait law,
 * service law and, for a blocking caller, the hold), solved with the functions the planner uses:
 * what the simulation's measurements are compared with. Pure.
 */
import { pathLatency, type Inversion } from '../model/path-latency.js';
import { solveQueue, type Arrivals } from '../model/queue-model.js';
import { waitPlusServicePercentile } from '../model/queueing.js';
import { exponentialLaw, fitLaw, isExponential, lawMean, type ErlangBranch, type ServiceLaw } from '../model/service-law.js';
import { waitMean, waitProbabilityOf, type WaitLaw } from '../model/wait-law.js';
import type { QueueModel } from '../plan/types.js';
import type { StationFigures } from './model.js';

/** The percentile the plan reports. */
const P = 0.95;

/** What one station's plan figures are computed from. */
export interface QueueFigureInput {
  /** Arrivals per second at one queue. */
  arrivalRate: number;
  wait: WaitLaw | null;
  /** The time a visit occupies a server: its own service, or the whole hold of a blocking caller. */
  occupancy: ServiceLaw;
  /** ρ of one server. */
  utilization: number;
  constantDelayS: number;
  /** Queues the plan's one queue stands for (least-request's pooled queue is spread over the replicas). */
  spread: number;
}

/** A station's plan figures, and whether its p95 is Cantelli's upper bound rather than the inverted law (the simulation then is not compared with an exact figure). */
export type PlanFigures = StationFigures & { p95Bound: boolean };

/** Why a station's comparison is not exact when its plan p95 is a bound. */
export const P95_BOUND_REASON = "the plan's p95 per visit is an upper bound by Cantelli's inequality (the time is too sharp to invert numerically)";

/**
 * A visit's time is W + the occupancy (+ a constant delay), W and the occupancy independent
 * (FCFS); its p95 by inversion of the product of their transforms (docs/model.md). The mean
 * queue per queue is Little's law, L_q = λ·E[W], spread over the queues the plan pools.
 */
export function queueFigures(q: QueueFigureInput): PlanFigures {
  if (q.wait === null) return { utilization: q.utilization, meanResponseS: null, p95S: null, waitProbability: null, queueLength: null, p95Bound: false };
  const meanWaitS = waitMean(q.wait);
  const visit = visitQuantile(q.wait, q.occupancy);
  return {
    utilization: q.utilization,
    meanResponseS: meanWaitS + lawMean(q.occupancy) + q.constantDelayS,
    p95S: visit.percentileS + q.constantDelayS,
    waitProbability: waitProbabilityOf(q.wait),
    queueLength: (q.arrivalRate * meanWaitS) / q.spread,
    p95Bound: visit.inversion === 'cantelli',
  };
}

/** The plan's figures of a component's queue (a held visit counted until its worker is released). */
export function planQueueFigures(q: QueueModel): PlanFigures {
  return queueFigures({
    arrivalRate: q.arrivalRate,
    wait: q.wait,
    occupancy: { branches: q.holding ?? q.service },
    utilization: q.utilization,
    constantDelayS: q.constantDelayS,
    spread: q.balancing === 'least-request' ? q.replicas : 1,
  });
}

/** One node's figures from its servers, arrival rate and law (a database node the plan did not time itself). */
export function nodeFigures(servers: number, arrivalRate: number, law: ServiceLaw, arrivals: Arrivals = { kind: 'poisson' }): PlanFigures & { method: string; exact: boolean } {
  const sol = solveQueue({ servers, arrivalRate, service: law, arrivals });
  return {
    ...queueFigures({ arrivalRate, wait: sol.wait, occupancy: law, utilization: sol.utilization, constantDelayS: 0, spread: 1 }),
    method: sol.method,
    exact: sol.exact,
  };
}

/** The law one operation type of mean `meanS` is given by the plan's queue model (its named law's two-moment stand-in). */
export function typeLaw(q: Pick<QueueModel, 'serviceDistribution' | 'serviceCv'>, meanS: number): ServiceLaw {
  return q.serviceDistribution === 'exponential' ? exponentialLaw(meanS) : fitLaw(meanS, q.serviceCv * q.serviceCv);
}

/** The p95 of W + X and how it was found; Infinity when W is unstable. */
function visitQuantile(wait: WaitLaw, occupancy: ServiceLaw): { percentileS: number; inversion: Inversion } {
  if (wait.kind === 'exponential' && isExponential(occupancy)) {
    const c = wait.waitProbability;
    return { percentileS: waitPlusServicePercentile(P, c, c > 0 ? wait.conditionalRate : Infinity, 1 / lawMean(occupancy)), inversion: 'contour' };
  }
  return pathLatency({ stages: [{ wait, service: occupancy, constantDelayS: 0 }], root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] } }, P);
}

/** Erlang branches as the simulator's law. */
export function branchesOf(law: ServiceLaw): ErlangBranch[] {
  return law.branches.map((b) => ({ ...b }));
}
