/** What one replication returns: sums, counts, histograms and time integrals (typed arrays, transferable). */
import { COARSE } from './histogram.js';

/** Latency and load per time window of a transient run. */
export interface WindowStats {
  count: Float64Array;
  sum: Float64Array;
  hist: Uint32Array;
  failed: Float64Array;
  arrivals: Float64Array;
  /** [window × stations]: busy-server and waiting-job integrals within each window; live-server integrals cumulative to each window's end. */
  busyInt: Float64Array;
  queuedInt: Float64Array;
  aliveServersInt: Float64Array;
}

/** Empty window statistics for `windows` windows over `stations` stations. */
export function windowStats(windows: number, stations: number): WindowStats {
  return {
    count: new Float64Array(windows),
    sum: new Float64Array(windows),
    hist: new Uint32Array(windows * COARSE.bins),
    failed: new Float64Array(windows),
    arrivals: new Float64Array(windows),
    busyInt: new Float64Array(windows * stations),
    queuedInt: new Float64Array(windows * stations),
    aliveServersInt: new Float64Array(windows * stations),
  };
}

/** One replication's raw statistics. */
export interface ReplicationResult {
  /** Length of the measured time (after the warm-up), seconds. */
  measuredS: number;
  /** Simulated time discarded as warm-up (from an empty system), seconds. */
  warmupS: number;
  /** Per station: time integrals of busy servers, waiting jobs, live servers and live queues. */
  busyInt: Float64Array;
  queuedInt: Float64Array;
  aliveServersInt: Float64Array;
  aliveQueuesInt: Float64Array;
  /** Per (station, class): measured visits, Σ response, Σ wait, visits that waited, response histogram (FINE bins each). */
  count: Float64Array;
  sumResp: Float64Array;
  sumWait: Float64Array;
  waited: Float64Array;
  hist: Uint32Array;
  /** Per station: calls refused by a rate limit, jobs lost with a replica, retries. */
  rejected: Float64Array;
  lost: Float64Array;
  retries: Float64Array;
  e2eCount: number;
  e2eSum: number;
  e2eHist: Uint32Array;
  /** Measured requests that did not complete, by cause. */
  failed: { rejected: number; lost: number; exhausted: number };
  /** Measured requests still in flight when the run stopped. */
  censored: number;
  /** Stopped early: too many requests in the system (unstable). */
  overflow: boolean;
  events: number;
  arrivals: number;
  simulatedS: number;
  windows: WindowStats | null;
}
