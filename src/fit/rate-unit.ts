/**
 * The time unit of a load test's throughput, so that latency by Little's law (R = N / X, in the
 * reciprocal of X's time unit) can be printed with a unit. The load tools' own outputs are per
 * second; a CSV or JSON column says its unit in its name or not at all.
 */
import type { LoadFormat } from './parse/types.js';

/** Seconds per unit of the throughput's time base, and whether that was assumed. */
export interface RateUnit {
  seconds: number;
  assumed: boolean;
}

const PER: readonly [RegExp, number][] = [
  [/(\/\s*s(ec(ond)?)?\b|per\s*s(ec(ond)?)?\b|\b[tqr]ps\b|_s$|\bps$)/i, 1],
  [/(\/\s*min(ute)?\b|per\s*min(ute)?\b|\brpm\b|_min$)/i, 60],
  [/(\/\s*h(ou)?r?\b|per\s*h(ou)?r\b|\brph\b|_h$)/i, 3600],
];

/** The throughput's time unit: per second for the load tools; from the column name for CSV/JSON; else per second, assumed. */
export function rateUnitOf(yLabel: string | undefined, format: LoadFormat | undefined): RateUnit {
  if (format !== undefined && format !== 'csv' && format !== 'json') return { seconds: 1, assumed: false };
  for (const [pattern, seconds] of PER) if (yLabel !== undefined && pattern.test(yLabel)) return { seconds, assumed: false };
  return { seconds: 1, assumed: true };
}
