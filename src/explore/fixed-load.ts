/**
 * A planned phase held at its sized topology while the load moves: each component's units
 * (replicas, shards, links, devices) stay as planned and only the arrival rates scale. Every
 * kind's busy fraction is linear in the load at a fixed topology, so utilisation at load factor
 * s is s × the planned utilisation; each queue keeps its servers and service rate and sees
 * s × its planned arrival rate. No re-validation or re-sizing: a point costs a few queue
 * evaluations and one end-to-end percentile.
 */
import { mmcResponseTimePercentile } from '../model/queueing.js';
import { classFigures } from '../kinds/worker.js';
import { exactOrBudget, pathStages, queuedOnPath } from '../plan/analyse.js';
import { PERCENTILE } from '../plan/solve.js';
import type { ComponentPlan, PhasePlan } from '../plan/types.js';
import type { PathStage } from '../model/path-latency.js';

/** One component of a fixed topology. */
export interface FixedComponent {
  name: string;
  kind: string;
  /** Units as planned at the phase's peak. */
  replicas: number;
  topology: string;
  /** On the synchronous request path (its p95 adds to the end-to-end p95). */
  onPath: boolean;
  /** User req/s at which it reaches its target utilisation (or a hard limit first): the plan's maxRps. */
  targetRps: number;
  /** User req/s at 100 % utilisation or its hard limit: the plan's breakingRps. */
  breakingRps: number;
  /** What limits it: capacity, rateLimit, writes, reads, memory, bandwidth, iops, primary. */
  limitedBy: string;
}

/** A phase's topology, evaluable at any load factor (1 = the phase's peak). */
export interface FixedPhase {
  peakRps: number;
  components: FixedComponent[];
  /** User req/s at which the first queue on the request path saturates: the end-to-end p95 is unbounded from there (Infinity when nothing on the path queues). */
  pathSaturationRps: number;
  /** Busy fraction of component i at load factor s. */
  utilizationAt(i: number, s: number): number;
  /** p95 of component i at load factor s (seconds; Infinity once its queue saturates; null when not modelled); `guessS` only speeds the root search up. */
  latencyAt(i: number, s: number, guessS?: number): number | null;
  /**
   * End-to-end p95 at load factor s (seconds; Infinity once a queue on the path is saturated).
   * `guessS`, e.g. extrapolated from neighbouring loads, only speeds the root search up.
   */
  pathLatencyAt(s: number, guessS?: number): number;
}

/** Holds a planned phase's topology fixed for evaluation at other loads. */
export function fixPhase(phase: PhasePlan): FixedPhase {
  const comps = phase.components;
  const onPath = queuedOnPath(comps, phase.system.path);
  const onPathNames = new Set(onPath.map((c) => c.name));
  const baseStages = pathStages(onPath);
  const pathIndex = onPath.map((c) => comps.indexOf(c));
  // Each queue saturates when s × λ reaches c·μ: at s = c·μ / λ.
  const pathSaturationRps = phase.peakRps * Math.min(Infinity, ...baseStages.map((st) => (st.arrivalRate > 0 ? (st.servers * st.serviceRate) / st.arrivalRate : Infinity)));
  const latencyAt = (i: number, s: number, guessS?: number): number | null => componentLatencyAt(comps[i]!, s, guessS);
  return {
    peakRps: phase.peakRps,
    components: comps.map((c) => ({
      name: c.name,
      kind: c.kind,
      replicas: c.replicas,
      topology: c.topology,
      onPath: onPathNames.has(c.name),
      targetRps: c.maxRps,
      breakingRps: c.breakingRps,
      limitedBy: c.maxRpsBy,
    })),
    pathSaturationRps,
    utilizationAt: (i, s) => comps[i]!.utilization * s,
    latencyAt,
    pathLatencyAt: (s, guessS) => {
      if (baseStages.length === 0) return 0;
      const stages: PathStage[] = baseStages.map((st) => ({ ...st, arrivalRate: st.arrivalRate * s }));
      return exactOrBudget(stages, PERCENTILE, () => pathIndex.reduce((sum, i) => sum + comps[i]!.visits * (latencyAt(i, s) ?? 0), 0), guessS);
    },
  };
}

/**
 * A component's p95 at load factor s with its units fixed: the M/M/c response-time percentile of
 * its planned queue at s × the arrival rate, plus its fixed per-visit delay; a worker pool's is
 * the largest of its priority classes' (Cobham), as the planner reports it.
 */
export function componentLatencyAt(c: ComponentPlan, s: number, guessS?: number): number | null {
  const q = c.queue;
  if (q === null) return null;
  const rate = q.arrivalRate * s;
  const classes = c.kind === 'worker' ? (c.detail.classes as { name: string; share: number; timeout: number | null }[] | undefined) : undefined;
  if (classes && classes.length > 0) {
    return Math.max(...classFigures(q.servers, q.serviceRate, rate, classes, PERCENTILE).map((k) => k.p95));
  }
  const guess = guessS !== undefined ? guessS - q.constantDelayS : undefined;
  return mmcResponseTimePercentile(PERCENTILE, q.servers, rate, q.serviceRate, guess) + q.constantDelayS;
}
