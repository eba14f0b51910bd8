/**
 * SimReport: the replications of a simulation summarised — per station and class the simulated
 * figures with 95 % intervals beside the plan's, flagged where the plan's value lies outside the
 * interval by more than the stated tolerance; the end-to-end figures; and, for faults and ramps,
 * the latency over time. Plain data: what the renderers, the JSON output and the HTML report read.
 */
import { describeArrivals, requestsPerReplication, WARMUP_SERVICE_TIMES, warmupRequests, type SimSettings } from './runner.js';
import { FINE, histogramQuantile } from './histogram.js';
import type { SimModel, SimStation } from './model.js';
import type { ReplicationResult } from './result.js';
import { compare, CONFIDENCE, interval, TOLERANCES, type Compared, type Interval } from './stats.js';
import { buildTimeline, type Timeline } from './timeline.js';
import { busyLoad, stationServiceS, statBase } from './model-load.js';

/** One class of a station (FCFS stations have one, named "all"). */
export interface ClassReport {
  name: string;
  /** Completed visits per second. */
  throughput: Interval | null;
  meanResponseS: Compared;
  p95S: Compared;
  waitProbability: Compared;
}

/** One station: what it is (as modelled), then what the simulation measured beside the plan. */
export interface StationReport extends Pick<SimStation, 'name' | 'component' | 'kind' | 'role' | 'replicas' | 'servers' | 'sharedQueue' | 'service'> {
  /** The balancing policy, or "shared queue" for a pool. */
  balancing: string;
  /** Offered load ρ = λ·E[S] / (replicas · servers), from the simulated laws. */
  offeredLoad: number;
  /** ρ < 1: a steady state exists (else means and percentiles grow with the run and are not printed). */
  stable: boolean;
  /** Mean service time of its visits, seconds. */
  serviceS: number;
  /**
   * The run was long enough for this station: warm-up ≥ 5 and measured time ≥ 20 of its mean
   * service times, and ≥ 30 measured visits per replication. Otherwise its figures are shown but
   * never flagged, and `requestsNeeded` says how many requests would do.
   */
  settled: boolean;
  requestsNeeded: number | null;
  inexact: string | null;
  utilization: Compared;
  queueLength: Compared;
  classes: ClassReport[];
  /** Share of the station's measured calls its rate limit refused, beside the plan's (null: no figure from the plan). */
  refused: Compared | null;
  /** Calls refused by a rate limit, jobs lost with a replica, and retries, per replica-run (means). */
  rejected: number;
  lost: number;
  retries: number;
}

/** The end-to-end figures of the synchronous path. */
export interface PathReport {
  path: string[];
  stable: boolean;
  inexact: string | null;
  /**
   * Compared with the plan at all: every station on the path has settled (the figures pass
   * through them all) and no measured request was still in flight when the run stopped (a cut-off
   * request would leave out the slowest). Otherwise its figures are shown but never flagged.
   */
  settled: boolean;
  meanS: Compared;
  p95S: Compared;
  /** Completed requests per replication (mean). */
  completed: number;
  /** Measured requests per replication still in flight when the run stopped (mean; 0 for faults and ramps, which stop at their end). */
  censored: number;
  /** Share of measured requests that did not complete: refused by a rate limit, lost with a replica, out of retries. */
  failedShare: Interval | null;
  failed: { rejected: number; lost: number; exhausted: number };
}

/** A simulation's summary. */
export interface SimReport {
  apiVersion: 'capplan/v1';
  kind: 'simulation';
  profile: string;
  phase: string;
  peakRps: number;
  /** With several regions, their count and the peak of all of them: the run is one region's (peakRps). */
  regions: { count: number; peakRps: number } | null;
  seed: number;
  mode: 'steady' | 'transient';
  replications: number;
  /** Steady: arrivals per replication, and the share (and count) discarded as warm-up. */
  requestsPerReplication: number | null;
  warmup: { fraction: number; requests: number } | null;
  durationS: number | null;
  arrivals: string;
  confidence: number;
  tolerance: typeof TOLERANCES;
  stations: StationReport[];
  endToEnd: PathReport;
  timeline: Timeline | null;
  /** Events processed and simulated seconds, over all replications. */
  events: number;
  simulatedS: number;
  /** Replications stopped early with too many requests in the system. */
  overflowed: number;
  skipped: { component: string; reason: string }[];
  notes: string[];
}

/** Summarises the replications of a run. */
export function summarise(model: SimModel, s: SimSettings, results: readonly ReplicationResult[]): SimReport {
  const per = (f: (r: ReplicationResult) => number) => results.map(f);
  // Stations after an unstable one on the path see fewer arrivals than planned (it throttles them).
  const firstOnPath = new Map<string, number>();
  model.path.forEach((c, k) => {
    if (!firstOnPath.has(c)) firstOnPath.set(c, k);
  });
  const pathIndex = (c: string) => firstOnPath.get(c) ?? -1;
  const unstableOnPath = model.stations.map((st, i) => ({ st, i })).filter((x) => pathIndex(x.st.component) >= 0 && busyLoad(model, x.i) >= 1);
  const firstUnstable = unstableOnPath.length ? Math.min(...unstableOnPath.map((x) => pathIndex(x.st.component))) : Infinity;
  const warm = mean(per((r) => r.warmupS));
  const span = mean(per((r) => r.measuredS));
  const ownSettled = model.stations.map((st, i) => {
    const serviceS = stationServiceS(model, i);
    const visits = mean(per((r) => st.classes.reduce((n, _, k) => n + r.count[statBase(model, i) + k]!, 0)));
    return s.mode === 'transient' || (warm >= 5 * serviceS && span >= 20 * serviceS && visits >= 30);
  });
  // A station on the path sees what the stations before it let through: it settles only once they have.
  const stationPathIndex = model.stations.map((x) => pathIndex(x.component));
  // The longest service time of the stations before each place on the path (-Infinity before the
  // first): a station's upstream, read in one pass instead of a scan of every station per station.
  const slowestBefore = new Array<number>(model.path.length + 1).fill(-Infinity);
  stationPathIndex.forEach((p, k) => {
    if (p >= 0) slowestBefore[p + 1] = Math.max(slowestBefore[p + 1]!, stationServiceS(model, k));
  });
  for (let p = 1; p < slowestBefore.length; p++) slowestBefore[p] = Math.max(slowestBefore[p]!, slowestBefore[p - 1]!);
  const slowestUpstream = (c: string) => {
    const at = pathIndex(c);
    return at >= 0 ? slowestBefore[at]! : -Infinity;
  };
  // Settled upstream: no unsettled station earlier on the path (one pass, not a scan per station).
  let firstUnsettled = Infinity;
  stationPathIndex.forEach((p, k) => {
    if (p >= 0 && !ownSettled[k]) firstUnsettled = Math.min(firstUnsettled, p);
  });
  const upstreamSettled = (c: string) => !(pathIndex(c) > firstUnsettled);
  const stations = model.stations.map((st, i): StationReport => {
    const base = results[0] ? statBase(model, i) : 0;
    const offered = busyLoad(model, i);
    const stable = offered < 1;
    const serviceS = stationServiceS(model, i);
    const settled = ownSettled[i]! && upstreamSettled(st.component);
    const a = st.analytic;
    const onlyIfStable = (x: Interval | null) => (stable ? x : null);
    // An unstable station has no steady state to compare with: its figures are shown, never flagged.
    // Nor is one the run was too short for.
    const cmp = (x: Interval | null, an: number | null, t: (typeof TOLERANCES)[keyof typeof TOLERANCES]): Compared => (stable && settled && s.mode === 'steady' ? compare(x, an, t) : { sim: x, analytic: an, flagged: false });
    const classes = st.classes.map((name, k): ClassReport => {
      const slot = base + k;
      const an = a[k] ?? a[0];
      return {
        name,
        throughput: interval(per((r) => r.count[slot]! / r.measuredS)),
        meanResponseS: cmp(onlyIfStable(interval(per((r) => r.sumResp[slot]! / r.count[slot]!))), an?.meanResponseS ?? null, TOLERANCES.meanResponseS),
        p95S: cmp(onlyIfStable(interval(per((r) => histogramQuantile(FINE, r.hist, slot * FINE.bins, model.percentile, r.count[slot]!)))), an?.p95S ?? null, TOLERANCES.p95S),
        waitProbability: cmp(interval(per((r) => r.waited[slot]! / r.count[slot]!)), an?.waitProbability ?? null, TOLERANCES.waitProbability),
      };
    });
    return {
      name: st.name,
      component: st.component,
      kind: st.kind,
      role: st.role,
      replicas: st.replicas,
      servers: st.servers,
      balancing: st.sharedQueue ? 'shared queue' : st.balancing,
      sharedQueue: st.sharedQueue,
      service: st.service,
      offeredLoad: offered,
      stable,
      serviceS,
      settled,
      requestsNeeded: settled ? null : requestsFor(model, s, Math.max(serviceS, slowestUpstream(st.component)), st.arrivalRate),
      inexact: [st.inexact, pathIndex(st.component) > firstUnstable ? `fewer arrivals than planned: ${model.path[firstUnstable]} upstream is unstable and holds requests back` : null].filter((x) => x !== null).join('; ') || null,
      utilization: cmp(interval(per((r) => r.busyInt[i]! / r.aliveServersInt[i]!)), a[0]?.utilization ?? null, TOLERANCES.utilization),
      queueLength: cmp(onlyIfStable(interval(per((r) => r.queuedInt[i]! / r.aliveQueuesInt[i]!))), a[0]?.queueLength ?? null, TOLERANCES.queueLength),
      classes,
      refused: st.refusedShare === undefined ? null : cmp(interval(per((r) => r.rejected[i]! / callsAt(r, base, st.classes.length))), st.refusedShare, TOLERANCES.refusedShare),
      rejected: mean(per((r) => r.rejected[i]!)),
      lost: mean(per((r) => r.lost[i]!)),
      retries: mean(per((r) => r.retries[i]!)),
    };
  });
  // Every station of a component on the path stable (one pass over the stations, not one per place on the path).
  const onPath = new Set(model.path);
  const pathStable = stations.every((x) => x.stable || !onPath.has(x.component))
    && model.limiters.every((l) => l.mode === 'reject' || !onPath.has(l.component) || arrivalRateOf(model, l.component) < l.ratePerS);
  // No synchronous path (every component async): no request is timed end to end, so no figure.
  const ifStable = (x: Interval | null) => (pathStable && model.path.length > 0 ? x : null);
  // The path's figures pass through every station on it: compared only once all of them have
  // settled (the rule each station follows for those before it), and only if no measured request
  // was cut off by the end of the run. It was compared regardless, so a run too short for its one
  // station (shown ?) flagged the end-to-end rows ✗ that --strict never read.
  const censored = mean(per((r) => r.censored));
  const pathSettled = firstUnsettled === Infinity && censored === 0;
  const cmpPath = (x: Interval | null, an: number | null, t: (typeof TOLERANCES)[keyof typeof TOLERANCES]): Compared => (s.mode === 'steady' && pathSettled ? compare(x, an, t) : { sim: x, analytic: an, flagged: false });
  const failedOf = (r: ReplicationResult) => r.failed.rejected + r.failed.lost + r.failed.exhausted;
  const endToEnd: PathReport = {
    path: model.path,
    stable: pathStable,
    inexact: model.analyticPath.inexact,
    settled: pathSettled,
    meanS: cmpPath(ifStable(interval(per((r) => r.e2eSum / r.e2eCount))), model.analyticPath.meanS, TOLERANCES.meanResponseS),
    p95S: cmpPath(ifStable(interval(per((r) => histogramQuantile(FINE, r.e2eHist, 0, model.percentile)))), model.analyticPath.p95S, TOLERANCES.p95S),
    completed: mean(per((r) => r.e2eCount)),
    censored,
    failedShare: interval(per((r) => failedOf(r) / (r.e2eCount + failedOf(r)))),
    failed: {
      rejected: mean(per((r) => r.failed.rejected)),
      lost: mean(per((r) => r.failed.lost)),
      exhausted: mean(per((r) => r.failed.exhausted)),
    },
  };
  const requests = s.mode === 'steady' ? requestsPerReplication(s) : null;
  return {
    apiVersion: 'capplan/v1',
    kind: 'simulation',
    profile: model.profile,
    phase: model.phase,
    peakRps: model.peakRps,
    regions: model.regions ?? null,
    seed: s.seed,
    mode: s.mode,
    replications: s.replications,
    requestsPerReplication: requests,
    warmup: requests === null ? null : { fraction: warmupRequests(model, s) / requests, requests: warmupRequests(model, s) },
    durationS: s.mode === 'transient' ? s.durationS : null,
    arrivals: describeArrivals(s),
    confidence: CONFIDENCE,
    tolerance: TOLERANCES,
    stations,
    endToEnd,
    timeline: s.mode === 'transient' ? buildTimeline(model, s, results) : null,
    events: results.reduce((n, r) => n + r.events, 0),
    simulatedS: results.reduce((n, r) => n + r.simulatedS, 0),
    overflowed: results.filter((r) => r.overflow).length,
    skipped: model.components.filter((c) => c.skipped !== null).map((c) => ({ component: c.name, reason: c.skipped! })),
    notes: model.notes,
  };
}

/**
 * Requests (over all replications) a run needs for a station with mean service S: a warm-up of
 * ten service times, then twenty measured, and 30 visits per replication; two significant digits.
 */
function requestsFor(model: SimModel, s: SimSettings, serviceS: number, visitsPerS: number): number {
  const spanS = Math.max(WARMUP_SERVICE_TIMES * serviceS / 0.5, (WARMUP_SERVICE_TIMES + 20) * serviceS, visitsPerS > 0 ? 30 / visitsPerS / (1 - s.warmupFraction) : 0);
  const n = model.peakRps * spanS * s.replications;
  const digits = 10 ** Math.max(0, Math.floor(Math.log10(n)) - 1);
  return Math.ceil(n / digits) * digits;
}

/** A station's measured visits in one replication, over its classes (refused calls are visits too). */
function callsAt(r: ReplicationResult, base: number, classes: number): number {
  let n = 0;
  for (let k = 0; k < classes; k++) n += r.count[base + k]!;
  return n;
}

function mean(xs: readonly number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}

/** Expected visits per second to a component's stations (all of them). */
function arrivalRateOf(model: SimModel, component: string): number {
  return model.stations.filter((s) => s.component === component).reduce((n, s) => Math.max(n, s.arrivalRate), 0);
}
