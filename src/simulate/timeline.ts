/**
 * Latency and load over time for transient runs (faults, ramps), window by window with 95 %
 * intervals across replications, and what they show: whether the survivors of a fault carry the
 * load and the latency settles (the zone-loss rule, tested dynamically), or where a ramp breaks
 * the latency target and which station saturates first.
 */
import { rampFactor } from './arrivals.js';
import { COARSE, histogramQuantile } from './histogram.js';
import type { SimModel } from './model.js';
import type { ReplicationResult } from './result.js';
import { busyLoad } from './model-load.js';
import type { SimSettings } from './runner.js';
import { interval, type Interval } from './stats.js';
import { minSamplesForQuantile, shortRamp } from './transient-length.js';

/** One window of a transient run. */
export interface TimelineWindow {
  startS: number;
  endS: number;
  /** The ramp's load multiplier at the window's middle (1 without a ramp). */
  load: number;
  arrivalsPerS: Interval | null;
  /** Requests completed and failed in the window (means over replications). */
  completed: number;
  failed: number;
  meanS: Interval | null;
  /** null where the window completed fewer than the timeline's `minCompletedForP95` requests per replication (a p95 of fewer is their largest). */
  p95S: Interval | null;
  /** Per station: busy share of its live servers (NaN with none alive) and jobs waiting (all replicas), means over replications. */
  utilization: number[];
  waiting: number[];
}

/** What a fault did. */
export interface FaultVerdict {
  atS: number;
  label: string;
  /** Per station hit: live servers after the fault and the offered load they then carry (ρ from the plan's rates). */
  survivors: { station: string; servers: number; serversAfter: number; offeredAfter: number }[];
  /** End-to-end p95 before the fault, its worst window after, and over the last third of the run. */
  p95Before: Interval | null;
  p95Worst: Interval | null;
  p95End: Interval | null;
  /** Stations whose survivors are offered ρ ≥ 1: their queues grow without bound. */
  saturated: string[];
  /**
   * Stations whose simulated queue was still growing over the last third of the run though their
   * ρ is below 1 on paper (the run overrules the sum: the callees' answers under the fault, a
   * balancing that leaves some replicas behind, or a queue slow to settle).
   */
  growing: string[];
  recovers: boolean;
}

/** Where a ramp broke. */
export interface RampVerdict {
  /** First window whose p95 exceeds the latency target (null: never, or no target). */
  targetBrokenAt: { atS: number; load: number; rps: number; p95S: number } | null;
  /** First window in which more than 1 % of the requests fail (a rate limit refusing calls, retries running out). */
  failingAt: { atS: number; load: number; rps: number; share: number } | null;
  /** First window in which a station's servers are ≥ 98 % busy. */
  saturatedAt: { atS: number; load: number; rps: number; station: string } | null;
  /** The end-to-end p95 target the ramp is checked against (null: none). */
  latencyTargetS: number | null;
  /** Windows that completed enough requests for a p95: the latency verdict covers these only. */
  windowsWithP95: number;
  /** With no such window: the ramp length whose busiest window would be expected to complete enough (null otherwise, or when it already should). */
  rampNeededS: number | null;
  /** The plan's breaking point (100 % utilisation of the bottleneck), req/s. */
  analyticBreakingRps: number;
  analyticMaxRps: number;
}

/** The latency-over-time record of a transient run. */
export interface Timeline {
  windowS: number;
  /** Completed requests per window and replication a window's p95 needs (20 for the p95). */
  minCompletedForP95: number;
  windows: TimelineWindow[];
  events: { atS: number; label: string }[];
  faults: FaultVerdict[];
  ramp: RampVerdict | null;
}

/** Utilisation above which a window counts a station as saturated. */
export const SATURATED = 0.98;

/** Builds the timeline of a transient run. */
export function buildTimeline(model: SimModel, s: SimSettings, results: readonly ReplicationResult[]): Timeline {
  const W = s.windows;
  const S = model.stations.length;
  const width = s.durationS / W;
  const windows: TimelineWindow[] = [];
  const minCompleted = minSamplesForQuantile(model.percentile);
  for (let w = 0; w < W; w++) {
    const per = (f: (r: ReplicationResult) => number) => results.map(f);
    const alive = (r: ReplicationResult, i: number) => r.windows!.aliveServersInt[w * S + i]! - (w > 0 ? r.windows!.aliveServersInt[(w - 1) * S + i]! : 0);
    // A window's p95 only from enough completed requests: a "p95" of three is their largest, and
    // of none is no figure (an empty ramp's windows once passed its latency target).
    const completed = mean(per((r) => r.windows!.count[w]!));
    windows.push({
      startS: w * width,
      endS: (w + 1) * width,
      load: rampFactor(s.ramp, (w + 0.5) * width),
      arrivalsPerS: interval(per((r) => r.windows!.arrivals[w]! / width)),
      completed,
      failed: mean(per((r) => r.windows!.failed[w]!)),
      meanS: interval(per((r) => r.windows!.sum[w]! / r.windows!.count[w]!)),
      p95S: completed >= minCompleted ? interval(per((r) => histogramQuantile(COARSE, r.windows!.hist, w * COARSE.bins, model.percentile))) : null,
      utilization: model.stations.map((_, i) => mean(per((r) => r.windows!.busyInt[w * S + i]! / alive(r, i)))),
      waiting: model.stations.map((_, i) => mean(per((r) => r.windows!.queuedInt[w * S + i]! / width))),
    });
  }
  const events = s.faults.flatMap((f) => [{ atS: f.atS, label: `lose ${f.label}` }, ...(f.untilS !== null ? [{ atS: f.untilS, label: `restore ${f.label}` }] : [])]);
  return {
    windowS: width,
    minCompletedForP95: minCompleted,
    windows,
    events: events.sort((a, b) => a.atS - b.atS),
    faults: s.faults.map((f) => faultVerdict(model, s, windows, f)),
    ramp: s.ramp ? rampVerdict(model, s, windows) : null,
  };
}

function mean(xs: readonly number[]): number {
  const ok = xs.filter((x) => Number.isFinite(x));
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : Number.NaN;
}

/** The p95 interval over a span of windows: the mean of their per-window intervals' centres, widest half-width. */
function spanP95(windows: readonly TimelineWindow[]): Interval | null {
  const xs = windows.map((w) => w.p95S).filter((x): x is Interval => x !== null);
  if (xs.length === 0) return null;
  const m = xs.reduce((a, x) => a + x.mean, 0) / xs.length;
  const h = Math.max(...xs.map((x) => x.halfWidth));
  return { mean: m, lo: m - h, hi: m + h, halfWidth: h, n: Math.min(...xs.map((x) => x.n)) };
}

function faultVerdict(model: SimModel, s: SimSettings, windows: readonly TimelineWindow[], f: SimSettings['faults'][number]): FaultVerdict {
  // Replicas earlier faults took and had not brought back when this one struck: its survivors start from what they left.
  const k = s.faults.indexOf(f);
  const earlier = s.faults.filter((g, j) => (g.atS < f.atS || (g.atS === f.atS && j < k)) && (g.untilS === null || g.untilS > f.atS));
  const key = (x: { station: number; replica: number }) => `${x.station}/${x.replica}`;
  const downBefore = new Set(earlier.flatMap((g) => g.replicas.map(key)));
  const downAfter = new Set([...downBefore, ...f.replicas.map(key)]);
  const count = (down: ReadonlySet<string>) => {
    const n = new Map<number, number>();
    for (const x of down) {
      const i = Number(x.split('/')[0]);
      n.set(i, (n.get(i) ?? 0) + 1);
    }
    return n;
  };
  const lostBefore = count(downBefore);
  const lost = count(downAfter);
  // Work (busy servers, held ones included) each station must do after the fault; a station with no replica left hands its work to its fallback.
  const work = model.stations.map((st, i) => busyLoad(model, i) * st.replicas * st.servers);
  const touched = new Set(f.stations ?? f.replicas.map((x) => x.station));
  for (const [i, n] of lost) {
    const fb = model.stations[i]!.fallback;
    if (n >= model.stations[i]!.replicas && fb !== null) {
      work[fb]! += work[i]!;
      work[i] = 0;
      if (touched.has(i)) touched.add(fb);
    }
  }
  const survivors = [...touched].sort((a, b) => a - b).map((i) => {
    const st = model.stations[i]!;
    const left = st.replicas - (lost.get(i) ?? 0);
    return {
      station: st.name,
      servers: (st.replicas - (lostBefore.get(i) ?? 0)) * st.servers,
      serversAfter: left * st.servers,
      offeredAfter: left > 0 ? work[i]! / (left * st.servers) : work[i]! > 0 ? Infinity : 0,
    };
  });
  const end = f.untilS ?? s.durationS;
  const before = windows.filter((w) => w.endS <= f.atS);
  const after = windows.filter((w) => w.startS >= f.atS && w.endS <= end);
  const lastThird = after.slice(Math.floor((after.length * 2) / 3));
  let worst: Interval | null = null;
  for (const w of after) if (w.p95S && (!worst || w.p95S.mean > worst.mean)) worst = w.p95S;
  const saturated = survivors.filter((x) => x.offeredAfter >= 1).map((x) => x.station);
  const growing = growingQueues(model, after).filter((name) => !saturated.includes(name));
  return { atS: f.atS, label: f.label, survivors, p95Before: spanP95(before), p95Worst: worst, p95End: spanP95(lastThird), saturated, growing, recovers: saturated.length === 0 && growing.length === 0 };
}

/**
 * Stations whose jobs waiting grew from the middle to the last third of the windows after the
 * fault by more than a settled queue moves: by at least GROWTH_JOBS, and by GROWTH_SHARE of the
 * middle third's. A queue that keeps up settles within the first third (its relaxation takes a
 * few hundred service times) and then moves around its mean; one that does not grows by its
 * excess arrivals every window, so its last third holds about 5/3 of its middle third's.
 */
function growingQueues(model: SimModel, after: readonly TimelineWindow[]): string[] {
  const third = Math.floor(after.length / 3);
  if (third < 2) return [];
  const meanWaiting = (ws: readonly TimelineWindow[], i: number) => mean(ws.map((w) => w.waiting[i]!));
  return model.stations.flatMap((st, i) => {
    const middle = meanWaiting(after.slice(third, 2 * third), i);
    const last = meanWaiting(after.slice(after.length - third), i);
    return Number.isFinite(middle) && Number.isFinite(last) && last - middle > Math.max(GROWTH_JOBS, GROWTH_SHARE * middle) ? [st.name] : [];
  });
}

/** Least growth in jobs waiting (means over replications and windows) taken for a queue that does not settle, and as a share of the middle third's. */
const GROWTH_SHARE = 0.3;
const GROWTH_JOBS = 5;

function rampVerdict(model: SimModel, s: SimSettings, windows: readonly TimelineWindow[]): RampVerdict {
  const windowsWithP95 = windows.filter((w) => w.p95S !== null).length;
  const target = model.latencyTargetS;
  const broken = target === null ? undefined : windows.find((w) => w.p95S !== null && w.p95S.mean > target);
  let saturatedAt: RampVerdict['saturatedAt'] = null;
  for (const w of windows) {
    const i = w.utilization.findIndex((u) => u >= SATURATED);
    if (i >= 0) {
      saturatedAt = { atS: w.startS, load: w.load, rps: w.load * model.peakRps, station: model.stations[i]!.name };
      break;
    }
  }
  const failing = windows.find((w) => w.failed > 0.01 * (w.failed + w.completed));
  return {
    targetBrokenAt: broken ? { atS: broken.startS, load: broken.load, rps: broken.load * model.peakRps, p95S: broken.p95S!.mean } : null,
    failingAt: failing ? { atS: failing.startS, load: failing.load, rps: failing.load * model.peakRps, share: failing.failed / (failing.failed + failing.completed) } : null,
    saturatedAt,
    latencyTargetS: target,
    windowsWithP95,
    rampNeededS: windowsWithP95 === 0 ? (shortRamp(model, s)?.overS ?? null) : null,
    analyticBreakingRps: model.breakingRps,
    analyticMaxRps: model.maxRps,
  };
}
