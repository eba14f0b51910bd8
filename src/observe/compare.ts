/**
 * Model against reality: the planner's own sizing (the component's kind, hence its M/M/c
 * response-time distribution) evaluated at the observed load — the observed user rate, visits
 * and replica count — once with the profile's capacity and once with the measured service time,
 * each compared with the observed p95. Pure.
 */
import type { SizingContext, UslParams } from '../kinds/kind.js';
import { kindNamed } from '../kinds/registry.js';
import { PERCENTILE } from '../plan/solve.js';
import type { ResolvedPhase } from '../profile/load.js';
import type { BucketQuantile } from './histogram.js';
import type { Derived } from './laws.js';
import { CAPACITY_KEYS, type CalibratedValue } from './overlay.js';

/** Kinds whose latency the comparison models (horizontally scaled, one queue per replica). */
const COMPARED_KINDS = new Set(['service', 'adapter', 'agent', 'worker']);

/** How the model's p95 relates to the observed one ('unmeasured': no verdict, for want of a measured service time). */
export type Verdict = 'agrees' | 'profile' | 'model' | 'unmeasured';

/** One component's comparison. */
export interface ModelComparison {
  name: string;
  observed: BucketQuantile;
  /**
   * The model's p95 with the profile's capacity at the observed load (Infinity: saturated); with
   * replicas that averaged a fraction (`replicasBetween`), the p95 at the fewer of the two counts.
   */
  profileP95: number;
  /** The same with the measured service time (null when S was not measured or not calibrated). */
  calibratedP95: number | null;
  /**
   * When the observed replicas are a time average that is not whole (an autoscaler moved during
   * the rate window, 2.4): the two counts it lay between, and the model's p95 at each, [at the
   * more, at the fewer]. The p95 of requests served partly at each count lies between the two.
   */
  replicasBetween: { fewer: number; more: number; profileP95: [number, number]; calibratedP95: [number, number] | null } | null;
  /**
   * agrees: the profile's model falls in the tolerance band; profile: only the calibrated model
   * does (the profile's capacity is off); model: neither does (the M/M/c model does not fit);
   * unmeasured: the profile's model does not, and with no measured service time (no CPU series,
   * or a NaN one) there is no calibrated model to tell the profile's fault from the model's.
   */
  verdict: Verdict;
}

/**
 * The band a model p95 must fall in to agree: the bucket that holds the observed p95 (where the
 * true value lies; histogram_quantile's linear interpolation can be off by up to its width),
 * widened by the relative tolerance on each side: [low × (1 − tol), high × (1 + tol)].
 */
export function agreementBand(q: BucketQuantile, tolerance: number): [number, number] {
  return [Math.max(0, q.low) * (1 - tolerance), q.high * (1 + tolerance)];
}

/**
 * The replica counts a time average lay between: a whole average (within rounding) is that
 * count; 2.4 is 2 and 3 (the least spread that averages 2.4: 2 for 60 % of the window, 3 for
 * 40 %); under 1 the component served with 1 replica whenever it served. Never rounded silently.
 */
export function replicaCounts(average: number): [fewer: number, more: number] {
  const whole = Math.round(average);
  if (Math.abs(average - whole) <= 1e-6 * Math.max(1, average)) return [Math.max(1, whole), Math.max(1, whole)];
  return [Math.max(1, Math.floor(average)), Math.max(1, Math.ceil(average))];
}

/** Compares every component with an observed p95, observed replicas and a modelled queue. */
export function compareWithModel(
  base: ResolvedPhase,
  derived: Derived,
  calibrated: ReadonlyMap<string, readonly CalibratedValue[]>,
  opts: { tolerance: number; fits: Readonly<Record<string, UslParams>> },
): ModelComparison[] {
  const out: ModelComparison[] = [];
  for (const d of derived.components) {
    const c = base.components.find((x) => x.name === d.name);
    const kind = kindNamed(d.kind);
    if (!c || !kind || !COMPARED_KINDS.has(d.kind) || d.p95 === null || d.replicas === null || d.visits === null || !(d.replicas > 0)) continue;
    const [fewer, more] = replicaCounts(d.replicas);
    const ctx: SizingContext = {
      name: c.name,
      path: c.path,
      workload: { ...base.workload, peakRps: derived.systemRps },
      targets: base.targets,
      percentile: PERCENTILE,
      fittedUsl: opts.fits[c.name] ?? null,
    };
    const atObservedLoad = (n: number) => ({ ...c.settings, perRequest: d.visits, replicas: { min: n, max: n } });
    const p95Of = (settings: Record<string, unknown>) => kind.size(settings as never, ctx).latencyP95;
    const capacityValues = (calibrated.get(d.name) ?? []).filter((v) => (CAPACITY_KEYS as readonly string[]).includes(v.key) || v.key === 'workers');
    const calibratedAt = (n: number): number | null => {
      if (capacityValues.length === 0) return null;
      const settings: Record<string, unknown> = atObservedLoad(n);
      for (const k of CAPACITY_KEYS) delete settings[k];
      for (const v of capacityValues) settings[v.key] = v.value;
      return p95Of(settings);
    };
    const profileP95 = p95Of(atObservedLoad(fewer));
    if (profileP95 === null) continue;
    const calibratedP95 = calibratedAt(fewer);
    const between = fewer === more ? null : { fewer, more, profile: p95Of(atObservedLoad(more)) ?? profileP95, calibrated: calibratedAt(more) };
    const [lo, hi] = agreementBand(d.p95, opts.tolerance);
    // With two counts the model's p95 is an interval: it agrees when the interval meets the band.
    const inBand = (atFewer: number, atMore: number) => atFewer >= lo && atMore <= hi;
    // Blaming the model needs the calibrated model too: without a measured S there is no verdict.
    const verdict: Verdict = inBand(profileP95, between?.profile ?? profileP95)
      ? 'agrees'
      : calibratedP95 === null
        ? 'unmeasured'
        : inBand(calibratedP95, between?.calibrated ?? calibratedP95)
          ? 'profile'
          : 'model';
    const replicasBetween = between && {
      fewer, more,
      profileP95: [between.profile, profileP95] as [number, number],
      calibratedP95: calibratedP95 !== null && between.calibrated !== null ? ([between.calibrated, calibratedP95] as [number, number]) : null,
    };
    out.push({ name: d.name, observed: d.p95, profileP95, calibratedP95, replicasBetween, verdict });
  }
  return out;
}
