/**
 * Whether a ramp is long enough to say anything: the requests each window of a transient run can
 * be expected to complete, the fewest a window's p95 needs, and the ramp length that gets them.
 * A 1 ms ramp at 300 req/s completes no request at all; its empty windows once read as "the p95
 * stayed within the target".
 */
import type { RampSpec } from './arrivals.js';
import type { SimModel } from './model.js';
import type { SimSettings } from './settings.js';

/**
 * The fewest samples whose p-quantile is not simply their largest: the sample quantile is the
 * ⌈p·n⌉-th smallest, below the n-th once n ≥ 1/(1 − p) (20 for the p95).
 */
export function minSamplesForQuantile(p: number): number {
  return Math.ceil(1 / (1 - p) - 1e-9);
}

/**
 * ∫ factor(t) dt over [a, b] for a linear ramp from `from` to `to` over T, then flat at `to`
 * (the arrival rate's shape; b − a without a ramp): from·Δt + (to − from)·(b'² − a'²)/(2T) on the
 * part inside the ramp, to·Δt after it.
 */
export function rampIntegral(ramp: RampSpec | null, a: number, b: number): number {
  if (!(b > a)) return 0;
  if (ramp === null) return b - a;
  const T = ramp.overS;
  const a1 = Math.min(a, T);
  const b1 = Math.min(b, T);
  const inside = ramp.from * (b1 - a1) + ((ramp.to - ramp.from) * (b1 * b1 - a1 * a1)) / (2 * T);
  return inside + ramp.to * (Math.max(b, T) - Math.max(a, T));
}

/**
 * Requests each window of a transient run is expected to complete per replication: those that
 * arrived one planned end-to-end response time earlier, λ·∫ factor over the window shifted back
 * by it (arrivals start at 0); failed requests are not taken off.
 */
export function expectedCompletions(model: SimModel, s: Pick<SimSettings, 'durationS' | 'windows' | 'ramp'>): number[] {
  const m = model.analyticPath.meanS;
  const lag = m !== null && Number.isFinite(m) && m > 0 ? m : 0;
  const width = s.durationS / s.windows;
  return Array.from({ length: s.windows }, (_, w) => model.peakRps * rampIntegral(s.ramp, Math.max(0, w * width - lag), Math.max(0, (w + 1) * width - lag)));
}

/** A ramp too short to measure: what its busiest window completes, and the length that would do. */
export interface ShortRamp {
  /** Requests the busiest window is expected to complete per replication. */
  busiest: number;
  windowS: number;
  /** Completed requests a window needs for its p95. */
  needed: number;
  /** The shortest ramp (and run, in the same proportion) whose busiest window is expected to complete `needed`. */
  overS: number;
  durationS: number;
}

/**
 * A ramp run none of whose windows can be expected to complete enough requests for a p95 (null
 * when one can, and for runs without a ramp): longer ramps fill every window in proportion, so
 * the length needed is found by doubling and bisection on the scale of the ramp and the run.
 */
export function shortRamp(model: SimModel, s: Pick<SimSettings, 'durationS' | 'windows' | 'ramp'>): ShortRamp | null {
  const ramp = s.ramp;
  if (ramp === null) return null;
  const needed = minSamplesForQuantile(model.percentile);
  const busiestAt = (k: number) => Math.max(0, ...expectedCompletions(model, { ...s, durationS: s.durationS * k, ramp: { ...ramp, overS: ramp.overS * k } }));
  const busiest = busiestAt(1);
  if (busiest >= needed) return null;
  let lo = 1;
  let hi = 2;
  for (let i = 0; i < 200 && busiestAt(hi) < needed; i++) [lo, hi] = [hi, hi * 2];
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (busiestAt(mid) < needed) lo = mid;
    else hi = mid;
  }
  return { busiest, windowS: s.durationS / s.windows, needed, overS: ramp.overS * hi, durationS: s.durationS * hi };
}
