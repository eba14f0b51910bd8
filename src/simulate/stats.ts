/**
 * Confidence intervals from independent replications and the comparison with the plan's
 * analytic figures. Each replication gives one estimate of a metric; the replications are
 * independent and identically distributed, so the interval is the Student t interval of their
 * mean (Law, Simulation Modeling and Analysis, 5th ed., §9.4.1: x̄ ± t_{R−1, 1−α/2} · s/√R).
 */
import { studentTQuantile } from '../fit/student-t.js';

/** The confidence level of every interval printed. */
export const CONFIDENCE = 0.95;

/** A mean and its confidence interval. */
export interface Interval {
  mean: number;
  lo: number;
  hi: number;
  /** Half-width of the interval; Infinity with fewer than two replications. */
  halfWidth: number;
  /** Replications that had a value. */
  n: number;
}

/** The Student t interval of the replication values (NaN values, e.g. no samples, are left out); null when none has a value. */
export function interval(values: readonly number[], confidence = CONFIDENCE): Interval | null {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  if (n < 2) return { mean, lo: mean, hi: mean, halfWidth: Infinity, n };
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  const halfWidth = tQuantile(confidence, n - 1) * Math.sqrt(variance / n);
  return { mean, lo: mean - halfWidth, hi: mean + halfWidth, halfWidth, n };
}

/** Student's t quantile of a two-sided interval, by level and degrees of freedom. */
const T_QUANTILES = new Map<string, number>();

/**
 * The two-sided interval's t, found once per level and degrees of freedom: a run's intervals share
 * one replication count, and the bisection (~60 incomplete beta functions) was ~8 % of a
 * simulation of 5,000 components, found again for each of its ~100,000 intervals.
 */
function tQuantile(confidence: number, df: number): number {
  const key = `${confidence} ${df}`;
  let t = T_QUANTILES.get(key);
  if (t === undefined) T_QUANTILES.set(key, (t = studentTQuantile(1 - (1 - confidence) / 2, df)));
  return t;
}

/** How far outside an interval the analytic value may lie before it is flagged. */
export interface Tolerance {
  /** Fraction of the simulated mean (covers the histogram's quantile resolution and small model details). */
  relative: number;
  /** A floor in the metric's own unit. */
  absolute: number;
}

/**
 * Tolerances per metric: 2 % of the simulated mean, with floors for figures near zero
 * (utilisation and probabilities 0.002, times 1 µs, queue lengths 0.005 jobs).
 */
export const TOLERANCES = {
  utilization: { relative: 0.02, absolute: 0.002 },
  meanResponseS: { relative: 0.02, absolute: 1e-6 },
  p95S: { relative: 0.02, absolute: 1e-6 },
  waitProbability: { relative: 0.02, absolute: 0.002 },
  queueLength: { relative: 0.02, absolute: 0.005 },
  refusedShare: { relative: 0.05, absolute: 1e-5 },
} as const satisfies Record<string, Tolerance>;

/** A simulated metric beside the plan's value. */
export interface Compared {
  sim: Interval | null;
  analytic: number | null;
  /** The analytic value lies outside the interval by more than the tolerance. */
  flagged: boolean;
}

/** Compares an analytic value with a simulated interval under a tolerance. */
export function compare(sim: Interval | null, analytic: number | null, tolerance: Tolerance): Compared {
  if (sim === null || analytic === null || !Number.isFinite(analytic)) return { sim, analytic, flagged: false };
  const slack = Math.max(tolerance.absolute, tolerance.relative * Math.abs(sim.mean));
  const flagged = analytic < sim.lo - slack || analytic > sim.hi + slack;
  return { sim, analytic, flagged };
}
