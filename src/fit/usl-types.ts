/**
 * The shapes of a USL fit and its warnings, apart from the code that computes them, so that the
 * fit (usl.ts) and its diagnostics (usl-warnings.ts) both read them without importing each other.
 */
import type { UslParams, UslPeak } from './usl-model.js';

/** Machine-readable warning kinds. */
export type FitWarningCode =
  | 'flat-series'
  | 'low-r2'
  | 'wide-interval'
  | 'sigma-at-zero'
  | 'sigma-at-one'
  | 'kappa-at-zero'
  | 'singular'
  | 'not-converged'
  | 'peak-extrapolated'
  | 'no-unit-load'
  | 'few-degrees-of-freedom';

/** A diagnostic about a fit: `warning` questions the numbers, `info` explains them. */
export interface FitWarning {
  code: FitWarningCode;
  severity: 'warning' | 'info';
  message: string;
  coefficient?: 'sigma' | 'kappa' | 'lambda';
}

/**
 * The measured points with their fitted values and residuals (measured − fitted), by column:
 * point i is (n[i], x[i]), fitted[i], residual[i]. A fit of 100,000 points reads them as four
 * arrays of doubles instead of 100,000 objects, which the garbage collector would copy.
 */
export interface FittedPoints {
  readonly length: number;
  readonly n: Float64Array;
  readonly x: Float64Array;
  readonly fitted: Float64Array;
  readonly residual: Float64Array;
}

/** Per-coefficient numbers (standard errors, or null where they cannot be computed). */
export interface CoefficientValues<T> {
  sigma: T;
  kappa: T;
  lambda: T;
}

/** A successful fit. */
export interface UslFit {
  ok: true;
  params: UslParams;
  peak: UslPeak;
  /** Coefficient of determination 1 − SSE/SST; null when every throughput is identical (SST = 0). */
  r2: number | null;
  /** Residual standard error s = √(SSE / (n − 3)). */
  residualStandardError: number;
  degreesOfFreedom: number;
  sse: number;
  standardErrors: CoefficientValues<number | null>;
  /** Cov(θ̂) ≈ s²(JᵀJ)⁻¹ of (σ, κ, λ) in that order; null when JᵀJ is singular. */
  covariance: number[][] | null;
  /** Two-sided Wald intervals estimate ± t(1−α/2, n−3)·SE, not clipped to the bounds. */
  confidenceIntervals: CoefficientValues<[number, number] | null>;
  confidenceLevel: number;
  /** The t quantile used for the intervals. */
  tQuantile: number;
  /** Points sorted by N then X, with fitted values and residuals. */
  points: FittedPoints;
  distinctN: number;
  iterations: number;
  converged: boolean;
  warnings: FitWarning[];
}

/** A fit the data cannot support, with the reason in words. */
export interface UslFitRefusal {
  ok: false;
  /** too-few-levels: under 4 distinct N with a throughput above 0; degenerate: the least squares gave λ ≤ 0 or a non-finite coefficient. */
  code: 'too-few-levels' | 'invalid-points' | 'degenerate';
  message: string;
  distinctN: number;
}

/** Result of fitUsl. */
export type UslFitResult = UslFit | UslFitRefusal;
