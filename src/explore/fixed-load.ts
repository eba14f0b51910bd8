/**
 * A planned phase held at its sized topology while the load moves: each component's units
 * (replicas, shards, links, devices) stay as planned and only the arrival rates scale. Every
 * kind's busy fraction is linear in the load at a fixed topology, so utilisation at load factor
 * s is s × the planned utilisation; each queue keeps its servers and service rate and sees
 * s × its planned arrival rate. No re-validation or re-sizing: a point costs a few queue
 * evaluations and one end-to-end percentile.
 */
import { classFigures } from '../kinds/worker.js';
import { pathLatency } from '../model/path-latency.js';
import { lawMean } from '../model/service-law.js';
import { planPathAt, queueLatencyAt, retryPathAt } from '../plan/plan-path.js';
import { retryLoadOf } from '../plan/retry-load.js';
import { PERCENTILE } from '../plan/solve.js';
import type { ComponentPlan, PhasePlan } from '../plan/types.js';
import { byName } from '../plan/by-name.js';

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
  /** Whether any p95 evaluated so far was Cantelli's upper bound (a time too sharp to invert; path-latency.ts). */
  bounded(): boolean;
}

/** Holds a planned phase's topology fixed for evaluation at other loads. */
export function fixPhase(phase: PhasePlan): FixedPhase {
  const comps = phase.components;
  const onPath = phase.system.path.map((n) => byName(comps).get(n)!).filter((c) => c.queue !== null && c.visits > 0);
  const onPathNames = new Set(onPath.map((c) => c.name));
  // Retried calls with a timeout: each component's load at s is s × A(s)/A(peak), the retries' amplification found again at each load (retry-load.ts); without them, s.
  const retries = phase.peakRps > 0 ? retryLoadOf(phase) : null;
  const factorOf = retries === null ? (_name: string, s: number) => s : (name: string, s: number) => retries.at(s).factors.get(name) ?? s;
  // Each queue saturates when its load factor × λ reaches its servers' rate: at c / (λ·E[hold]) (with retries, the least s whose load reaches it).
  const pathSaturationRps = phase.peakRps * Math.min(Infinity, ...onPath.map((c) => (retries !== null && retries.affected.has(c.name) ? retries.scaleWhere(c.name, saturationFactor(c)) : saturationFactor(c))));
  let bounded = false;
  const onBound = () => {
    bounded = true;
  };
  const latencyAt = (i: number, s: number, guessS?: number): number | null => componentLatencyAt(comps[i]!, factorOf(comps[i]!.name, s), guessS, onBound);
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
    utilizationAt: (i, s) => comps[i]!.utilization * factorOf(comps[i]!.name, s),
    latencyAt,
    pathLatencyAt: (s, guessS) => {
      if (onPath.length === 0) return 0;
      const r = pathLatency(retries === null ? planPathAt(phase, s) : retryPathAt(phase, retries.at(s)), PERCENTILE, guessS);
      if (r.inversion === 'cantelli') bounded = true;
      return r.percentileS;
    },
    bounded: () => bounded,
  };
}

/**
 * A component's p95 at load factor s with its units fixed: its planned queue (service law,
 * balancing, blocking hold) solved again at s × the arrival rate, plus its fixed per-visit delay;
 * a worker pool's is the largest of its priority classes' (Cobham), as the planner reports it.
 */
export function componentLatencyAt(c: ComponentPlan, s: number, guessS?: number, onBound?: () => void): number | null {
  const q = c.queue;
  if (q === null) return null;
  const classes = c.kind === 'worker' ? (c.detail.classes as { name: string; share: number; timeout: number | null }[] | undefined) : undefined;
  if (classes && classes.length > 0) {
    const law = { branches: q.holding ?? q.service };
    const figures = classFigures(q.servers, 1 / lawMean(law), q.arrivalRate * s, classes, PERCENTILE, law);
    if (figures.some((k) => k.bound)) onBound?.();
    return Math.max(...figures.map((k) => k.p95));
  }
  return queueLatencyAt(q, PERCENTILE, s, guessS, onBound);
}

/** The load factor at which a component's queue saturates: servers / (λ × mean hold). */
function saturationFactor(c: ComponentPlan): number {
  const q = c.queue!;
  const load = q.arrivalRate * lawMean({ branches: q.holding ?? q.service });
  return load > 0 ? q.servers / load : Infinity;
}
