/**
 * Runs the independent replications of a simulation, one after another (the command layer may
 * spread them over worker threads: each depends only on the model, the settings and its index).
 */
import { Engine, type RunSettings, type SimSettings } from './engine.js';

export type { SimSettings } from './engine.js';
import type { SimModel } from './model.js';
import { slowestServiceS } from './model-load.js';
import type { ReplicationResult } from './result.js';

/** Defaults: 10 replications (steady), 5 (transient), 10 % warm-up, 60 windows, a million in flight at most. */
export const DEFAULTS = { replications: 10, transientReplications: 5, warmupFraction: 0.1, windows: 60, maxInSystem: 1_000_000 } as const;

/** The arrival process in words: "Poisson", "MMPP: 3× for 10 % of the time, bursts of 30 s", "trace (file, 1,000 gaps)". */
export function describeArrivals(s: SimSettings): string {
  const a = s.arrivals;
  const base = a.kind === 'poisson'
    ? 'Poisson'
    : a.kind === 'renewal'
      ? `renewal, inter-arrival cv ${round(a.cv)} (${a.cv > 1 ? 'H2, balanced means' : 'gamma'})`
      : a.kind === 'mmpp'
      ? `bursty (2-state MMPP: ${round(a.burstFactor)}× the rate ${round(a.burstShare * 100)} % of the time, bursts of ${round(a.meanBurstS)} s on average)`
      : `measured inter-arrival times (${a.source}, ${a.interArrivalsS.length} gaps, replayed at the peak's mean rate)`;
  return s.ramp ? `${base}, ramped ${round(s.ramp.from)}× → ${round(s.ramp.to)}× over ${round(s.ramp.overS)} s` : base;
}

function round(x: number): number {
  return Number(x.toPrecision(3));
}

/** Arrivals per replication. */
export function requestsPerReplication(s: SimSettings): number {
  return Math.max(1, Math.round(s.requests / s.replications));
}

/** Warm-up, in service times of the slowest station: a queue needs several to fill from empty. */
export const WARMUP_SERVICE_TIMES = 10;

/**
 * Arrivals discarded per replication: the warm-up share, or enough arrivals to span ten of the
 * slowest station's service times if that is more, but never more than half the replication.
 */
export function warmupRequests(model: SimModel, s: SimSettings): number {
  const n = requestsPerReplication(s);
  const byShare = Math.floor(n * s.warmupFraction);
  const byTime = Math.ceil(model.peakRps * WARMUP_SERVICE_TIMES * slowestServiceS(model));
  return Math.min(Math.max(byShare, byTime), Math.floor(n / 2));
}

/** The settings of replication `k`. */
export function replicationSettings(model: SimModel, s: SimSettings, k: number): RunSettings {
  const n = requestsPerReplication(s);
  return {
    seed: s.seed,
    replication: k,
    mode: s.mode,
    requests: n,
    warmupFraction: warmupRequests(model, s) / n,
    durationS: s.durationS,
    windows: s.windows,
    arrivals: s.arrivals,
    ramp: s.ramp,
    faults: s.faults,
    maxInSystem: s.maxInSystem,
  };
}

/** Runs replication `k`. */
export function runReplication(model: SimModel, s: SimSettings, k: number, progress?: (fraction: number) => void): ReplicationResult {
  return new Engine(model, replicationSettings(model, s, k)).simulate(progress);
}

/** Runs every replication in order; `progress` gets the overall fraction done. */
export function runReplications(model: SimModel, s: SimSettings, progress?: (fraction: number) => void): ReplicationResult[] {
  const out: ReplicationResult[] = [];
  for (let k = 0; k < s.replications; k++) {
    out.push(runReplication(model, s, k, progress ? (f) => progress((k + f) / s.replications) : undefined));
    progress?.((k + 1) / s.replications);
  }
  return out;
}
