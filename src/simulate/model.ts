/**
 * SimModel: the system a simulation runs, as plain data. Stations are groups of identical
 * replicas (each with `servers` servers and its own queue, or one queue shared by all); a
 * request is a small program of steps (visit a station, spawn an asynchronous job, choose an
 * alternative, fork parallel calls and join them, hold a server while calling on, release it, end). Built from a PhasePlan by
 * `from-plan.ts`; run by `engine.ts`. SI units: seconds, per-second rates.
 */
import type { ServiceDist } from './distributions.js';

/** How a request picks a replica (the proxy's load-balancing policy). */
export type Balancing = 'random' | 'round-robin' | 'least-request' | 'p2c';

/** Every balancing policy, for flags and docs. */
export const BALANCING: readonly Balancing[] = ['random', 'round-robin', 'least-request', 'p2c'];

/** The plan's (analytic) figures for one station (and class), null where the plan has none. */
export interface StationFigures {
  utilization: number | null;
  meanResponseS: number | null;
  p95S: number | null;
  waitProbability: number | null;
  /** Mean number waiting per queue (L_q = λ W_q, Little's law). */
  queueLength: number | null;
}

/** A group of identical replicas. */
export interface SimStation {
  /** Row name: the component, or component and role ("postgres primary"). */
  name: string;
  component: string;
  kind: string;
  /** What one replica is: replica, pool worker group, primary, read replica, shard, link, device. */
  role: string;
  replicas: number;
  /** Servers per replica (c). */
  servers: number;
  /** One queue for all replicas (a worker pool on a broker) instead of one per replica. */
  sharedQueue: boolean;
  balancing: Balancing;
  /** Priority classes, highest first, served non-preemptively; one name for FCFS. */
  classes: string[];
  /** Lost when its zone fails (false: fails over to a standby, or not placed in zones). */
  zonal: boolean;
  /** Where its visits go when no replica is left (read replicas → the primary), or null: they fail. */
  fallback: number | null;
  /** Expected visits per second into the station at the phase's peak (all replicas). */
  arrivalRate: number;
  /** The plan's figures, one per class. */
  analytic: StationFigures[];
  /** Null when the plan's model is exact for this station as simulated; else why it is not. */
  inexact: string | null;
  /** The service law(s), for the table's notes. */
  service: string;
  /** The plan's share of this station's calls its rate limit refuses (model/token-bucket.ts), when the plan gives one. */
  refusedShare?: number;
}

/** A provider's rate limit on the calls that pass a step. */
export interface SimLimiter {
  component: string;
  ratePerS: number;
  /** Token-bucket depth: calls that may pass at once after a quiet spell. */
  burst: number;
  /** reject: calls beyond the limit fail (HTTP 429); queue: they wait for a token, in order. */
  mode: 'reject' | 'queue';
}

/** Visit a station: queue, service, then the rate limit and a constant delay that hold no server. */
export interface VisitStep {
  op: 'visit';
  station: number;
  dist: number;
  /** Visits per request: `whole`, plus one more with probability `frac`, one after another. */
  whole: number;
  frac: number;
  delayS: number;
  limiter: number | null;
  /** Class probabilities (priority stations), in class order; empty for FCFS. */
  classShares: number[];
  /** Keep the server through the following steps until the matching `release` (a blocking call). */
  hold: boolean;
  /**
   * For a held visit: the step after the visit's whole block (its blocking calls, the release and
   * its other calls), where a request goes on when the visit itself fails (its job lost with a
   * replica, or no replica left to take it): a caller that never served the request makes none of
   * its calls, and there is no server to release.
   */
  skipTo?: number;
  /** Attempts per visit (1 = no retry); a retry follows a failure or a timeout. */
  attempts: number;
  failProbability: number;
  /** Give up waiting after this long (the abandoned job still runs); 0 = never. */
  timeoutS: number;
}

/** A request program's steps. */
export type Step =
  | VisitStep
  | { op: 'release' }
  /** Start `whole` (+1 w.p. `frac`) independent jobs at step `target` (asynchronous work, not timed end to end). */
  | { op: 'spawn'; target: number; whole: number; frac: number }
  /** Go to one of `targets` with the given probabilities (exclusive alternatives). */
  | { op: 'branch'; targets: number[]; probabilities: number[] }
  | { op: 'jump'; target: number }
  /**
   * Parallel calls: start one child of the request at each of `targets` (every member's block
   * ends with `join`), and go on at `after` once the last child has joined.
   */
  | { op: 'fork'; targets: number[]; after: number }
  /** The end of a forked member's block: the child ends, and its parent goes on once every child has. */
  | { op: 'join' }
  | { op: 'end' };

/** One component as simulated: its stations and place in the request. */
export interface SimComponent {
  name: string;
  kind: string;
  stations: number[];
  onPath: boolean;
  async: boolean;
  /** Why it is not simulated (no queue in the plan), or null. */
  skipped: string | null;
}

/** The end-to-end figures the plan gives. */
export interface PathFigures {
  meanS: number | null;
  p95S: number | null;
  inexact: string | null;
}

/** Everything a run needs besides the run settings. */
export interface SimModel {
  profile: string;
  phase: string;
  /** The peak the run offers: one region's share with regions (the plan sizes one region). */
  peakRps: number;
  /** The phase's regions, when it has several: their count and the peak of all of them (req/s). */
  regions?: { count: number; peakRps: number } | null;
  zones: number;
  percentile: number;
  latencyTargetS: number | null;
  stations: SimStation[];
  components: SimComponent[];
  dists: ServiceDist[];
  limiters: SimLimiter[];
  /** The request program; execution starts at step 0. */
  steps: Step[];
  /** Components on the synchronous path, in order. */
  path: string[];
  analyticPath: PathFigures;
  /** The plan's sustainable and breaking rates (req/s), for ramps. */
  maxRps: number;
  breakingRps: number;
  notes: string[];
}
