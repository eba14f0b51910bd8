/**
 * The `capplan fit --format json` object. DESIGN.md §5 fixes the first keys
 * (sigma, kappa, lambda, peakConcurrency, peakThroughput, r2, points); the rest are added
 * after them, always present, in a fixed order, so output is byte-stable.
 */

import type { FitReport } from './report.js';
import type { FittedPoints } from './usl-types.js';

/** The JSON shape of a fit report. Numbers are raw doubles; non-finite values become null. */
export interface FitJson {
  sigma: number;
  kappa: number;
  lambda: number;
  peakConcurrency: number | null;
  peakThroughput: number | null;
  r2: number | null;
  points: { n: number; x: number }[];
  peakKind: string;
  standardErrors: { sigma: number | null; kappa: number | null; lambda: number | null };
  confidenceIntervals: {
    level: number;
    sigma: [number, number] | null;
    kappa: [number, number] | null;
    lambda: [number, number] | null;
  };
  residualStandardError: number;
  degreesOfFreedom: number;
  distinctN: number;
  residuals: { n: number; x: number; fitted: number; residual: number }[];
  predictions: { n: number; throughput: number; latency: number | null }[];
  warnings: { code: string; severity: string; message: string }[];
  source: string | null;
  xLabel: string | null;
  yLabel: string | null;
  /** The time unit of the file's throughput column (seconds: 60 for per minute) and whether it was assumed; every rate above is per second. */
  yUnit: { seconds: number; assumed: boolean } | null;
  notes: string[];
}

/** Build the JSON object of a report, keys in contract order. */
export function buildFitJson(report: FitReport): FitJson {
  const { fit, series } = report;
  const se = fit.standardErrors;
  const ci = fit.confidenceIntervals;
  return {
    sigma: fit.params.sigma,
    kappa: fit.params.kappa,
    lambda: fit.params.lambda,
    peakConcurrency: finite(fit.peak.concurrency),
    peakThroughput: finite(fit.peak.throughput),
    r2: finite(fit.r2),
    points: pointsOf(fit.points),
    peakKind: fit.peak.kind,
    standardErrors: { sigma: finite(se.sigma), kappa: finite(se.kappa), lambda: finite(se.lambda) },
    confidenceIntervals: { level: fit.confidenceLevel, sigma: interval(ci.sigma), kappa: interval(ci.kappa), lambda: interval(ci.lambda) },
    residualStandardError: fit.residualStandardError,
    degreesOfFreedom: fit.degreesOfFreedom,
    distinctN: fit.distinctN,
    residuals: residualsOf(fit.points),
    predictions: (report.predictions ?? []).map((p) => ({ n: p.n, throughput: p.throughput, latency: finite(p.latency) })),
    warnings: fit.warnings.map((w) => ({ code: w.code, severity: w.severity, message: w.message })),
    source: series?.source ?? null,
    xLabel: series?.xLabel ?? null,
    yLabel: series?.yLabel ?? null,
    yUnit: series ? { seconds: series.rateUnit.seconds, assumed: series.rateUnit.assumed } : null,
    notes: [...(series?.notes ?? [])],
  };
}

/** JSON text of a report: two-space indent, trailing newline. */
export function renderFitJson(report: FitReport): string {
  return `${JSON.stringify(buildFitJson(report), null, 2)}\n`;
}

function finite(v: number | null): number | null {
  return v !== null && Number.isFinite(v) ? v : null;
}

function interval(v: [number, number] | null): [number, number] | null {
  return v && Number.isFinite(v[0]) && Number.isFinite(v[1]) ? [v[0], v[1]] : null;
}

/** The points as JSON objects, in the fit's order (sorted by N, then X). */
function pointsOf(p: FittedPoints): { n: number; x: number }[] {
  const out = new Array<{ n: number; x: number }>(p.length);
  for (let i = 0; i < p.length; i++) out[i] = { n: p.n[i]!, x: p.x[i]! };
  return out;
}

/** Each point with its fitted value and residual (measured − fitted). */
function residualsOf(p: FittedPoints): { n: number; x: number; fitted: number; residual: number }[] {
  const out = new Array<{ n: number; x: number; fitted: number; residual: number }>(p.length);
  for (let i = 0; i < p.length; i++) out[i] = { n: p.n[i]!, x: p.x[i]!, fitted: p.fitted[i]!, residual: p.residual[i]! };
  return out;
}
