/**
 * The rows a human-readable fit report shows, formatted once and laid out by the table and
 * markdown renderers: coefficients with SE and CI, the peak and goodness of fit, residuals,
 * predictions.
 */

import { formatDuration } from '../units/format.js';
import { perSecondLabel } from './rate-unit.js';
import { decimalsFor, fixed, formatEstimate, formatPlain, formatSignificant } from './render-format.js';
import type { FitReport } from './report.js';
import { maxOf } from '../model/extremes.js';

/** Coefficient rows: name, estimate, standard error, confidence interval. */
export function coefficientRows(report: FitReport): string[][] {
  const { fit } = report;
  const names = { sigma: 'σ contention', kappa: 'κ coherency', lambda: 'λ X at N = 1' } as const;
  return (['sigma', 'kappa', 'lambda'] as const).map((key) => {
    const value = fit.params[key];
    const se = fit.standardErrors[key];
    const ci = fit.confidenceIntervals[key];
    const decimals = se !== null && se > 0 ? decimalsFor(se) : null;
    const show = (v: number): string => (decimals === null ? formatSignificant(v, 6) : fixed(v, decimals));
    const atBound = (key !== 'lambda' && value === 0) || (key === 'sigma' && value === 1);
    return [
      names[key],
      atBound ? `${value} (bound)` : formatEstimate(value, se),
      se === null ? 'n/a' : formatSignificant(se, 2),
      ci === null ? 'n/a' : `${show(ci[0])} to ${show(ci[1])}`,
    ];
  });
}

/** Summary rows: peak, ceiling, R², residual standard error. */
export function summaryRows(report: FitReport): string[][] {
  const { fit } = report;
  const rows: string[][] = [];
  const { peak } = fit;
  if (peak.kind === 'retrograde' && peak.concurrency !== null && peak.throughput !== null) {
    rows.push(['peak concurrency N*', formatSignificant(peak.concurrency, 4)]);
    rows.push(['peak throughput X(N*)', formatSignificant(peak.throughput, 4)]);
  } else if (peak.kind === 'ceiling' && peak.throughput !== null) {
    rows.push(['peak concurrency N*', 'none (κ = 0)']);
    rows.push(['throughput ceiling λ/σ', formatSignificant(peak.throughput, 4)]);
  } else {
    rows.push(['peak concurrency N*', 'none (σ = κ = 0: linear)']);
    rows.push(['peak throughput', 'unbounded']);
  }
  rows.push(['R²', fit.r2 === null ? 'n/a (constant throughput)' : fixed(fit.r2, 4)]);
  rows.push(['residual std. error', `${formatSignificant(fit.residualStandardError, 4)} on ${fit.degreesOfFreedom} degree${fit.degreesOfFreedom === 1 ? '' : 's'} of freedom`]);
  rows.push(['points', `${fit.points.length} at ${fit.distinctN} distinct N`]);
  return rows;
}

/** Residual rows (N, measured, fitted, residual), at most `limit` of them. */
export function residualRows(report: FitReport, limit: number): { rows: string[][]; omitted: number } {
  const { points } = report.fit;
  const scale = Math.max(maxOf(points.x.map(Math.abs)), 0);
  const decimals = scale > 0 ? Math.max(0, Math.min(8, 4 - Math.floor(Math.log10(scale)))) : 2;
  const rows: string[][] = [];
  for (let i = 0; i < Math.min(limit, points.length); i++) {
    rows.push([formatPlain(points.n[i]!), formatPlain(points.x[i]!), fixed(points.fitted[i]!, decimals), fixed(points.residual[i]!, decimals)]);
  }
  return { rows, omitted: Math.max(0, points.length - limit) };
}

/**
 * Prediction rows (N, throughput, latency R = N/X). The readers give every throughput per
 * second, so R is in seconds, printed as a duration (35.2 ms).
 */
export function predictionRows(report: FitReport): string[][] {
  return (report.predictions ?? []).map((p) => [
    formatPlain(p.n),
    formatSignificant(p.throughput, 5),
    p.latency === null ? 'n/a' : formatDuration(p.latency),
  ]);
}

/** The throughput's label as shown: the file's column, with the conversion to per second the reader made ("rpm ÷ 60"). */
export function shownYLabel(report: FitReport): string {
  return report.series ? perSecondLabel(report.series.yLabel, report.series.rateUnit) : 'X';
}

/** A note when the throughput was taken as per second because its CSV/JSON column names no time unit. */
export function rateUnitNote(report: FitReport): string | null {
  const { series } = report;
  if (!series?.rateUnit.assumed) return null;
  return `λ and every throughput here are per second: the column "${series.yLabel}" names no time unit, and such a column is read as per second (name it e.g. "throughput_per_min" or "throughput (req/min)" to say otherwise)`;
}
