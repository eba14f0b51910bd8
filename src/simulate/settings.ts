/** The settings of a simulation run and of each of its replications (plain data). */
import type { ArrivalSpec, RampSpec } from './arrivals.js';

/** Replicas a fault removes (station and replica index within it), and when. */
export interface ResolvedFault {
  label: string;
  atS: number;
  /** When the replicas come back, or null. */
  untilS: number | null;
  replicas: { station: number; replica: number }[];
  /** The stations it strikes, those whose replicas earlier faults already took included (absent: those of `replicas`). */
  stations?: number[];
}

/** Settings of a whole simulation (every replication). */
export interface SimSettings {
  seed: number;
  replications: number;
  /** steady: a count of arrivals with a warm-up; transient: a span of time from an empty system, in windows. */
  mode: 'steady' | 'transient';
  /** Steady: arrivals over all replications, warm-up included (per replication in RunSettings). */
  requests: number;
  /** Steady: share of each replication's arrivals discarded as warm-up. */
  warmupFraction: number;
  /** Transient: simulated time per replication, from an empty system. */
  durationS: number;
  windows: number;
  arrivals: ArrivalSpec;
  ramp: RampSpec | null;
  faults: ResolvedFault[];
  /** Stop (overflow) beyond this many jobs or requests in the system: an unstable run. */
  maxInSystem: number;
}

/** One replication's settings: the simulation's, with its index; `requests` counts this replication's arrivals. */
export interface RunSettings extends Omit<SimSettings, 'replications'> {
  replication: number;
}
