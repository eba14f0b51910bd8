/**
 * Honest diagnostics for a USL fit: coefficients at their bounds, intervals too wide to mean
 * anything, flat or noisy series, extrapolated peaks. Each warning says what it means for
 * the numbers a user is about to plan with.
 */

import type { FitWarning, UslFit } from './usl-types.js';
import { maxOf, minOf } from '../model/extremes.js';

export type { FitWarning, FitWarningCode } from './usl-types.js';

/** Below this R² the curve explains too little of the variation to plan on without care. */
export const LOW_R2 = 0.8;
/** A series whose throughput varies by less than this fraction of its maximum is flat. */
export const FLAT_SPREAD = 0.1;
/** A peak beyond this multiple of the largest measured N is an extrapolation. */
export const EXTRAPOLATION_FACTOR = 2;

const NAMES = { sigma: 'σ (contention)', kappa: 'κ (coherency)', lambda: 'λ (throughput at N = 1)' } as const;

/** All warnings for a fit, in a fixed order. */
export function diagnoseFit(fit: UslFit): FitWarning[] {
  const out: FitWarning[] = [];
  const { params, points } = fit;
  const { x: xs, n: ns } = points;
  const xMax = maxOf(xs);
  const xMin = minOf(xs);
  const nMax = maxOf(ns);
  const pct = (v: number): string => `${(100 * v).toFixed(0)} %`;

  if (!fit.converged) {
    out.push({ code: 'not-converged', severity: 'warning', message: 'the least-squares search stopped before converging; the coefficients may not be the best fit' });
  }
  if (xMax === 0 || (xMax - xMin) / xMax < FLAT_SPREAD) {
    out.push({
      code: 'flat-series',
      severity: 'warning',
      message:
        `throughput hardly changes with load (spread ${pct(xMax === 0 ? 0 : (xMax - xMin) / xMax)} of the maximum ` +
        `over N = ${fmt(minOf(ns))}..${fmt(nMax)}): the data cannot separate σ, κ and λ. ` +
        'The system may already be saturated at the lowest load tested; measure lower concurrencies.',
    });
  }
  if (fit.r2 !== null && fit.r2 < LOW_R2) {
    out.push({
      code: 'low-r2',
      severity: 'warning',
      message: `R² = ${fit.r2.toFixed(3)}: the curve explains little of the variation (noisy data); treat the coefficients and the peak as rough`,
    });
  }
  if (fit.standardErrors.sigma === null) {
    out.push({ code: 'singular', severity: 'warning', message: 'the coefficients are not separately identifiable (singular JᵀJ): no standard errors or intervals' });
  }
  for (const key of ['sigma', 'kappa', 'lambda'] as const) {
    const ci = fit.confidenceIntervals[key];
    const estimate = params[key];
    if (!ci || estimate <= 0) continue;
    if (ci[0] <= 0) {
      out.push({
        code: 'wide-interval',
        severity: 'warning',
        coefficient: key,
        message:
          `${NAMES[key]} = ${fmt(estimate)} is not distinguishable from 0: its ${pct(fit.confidenceLevel)} interval is ` +
          `${fmt(ci[0])} to ${fmt(ci[1])}` + (key === 'kappa' ? '; the peak N* is correspondingly uncertain' : ''),
      });
    }
  }
  if (params.sigma <= 0) {
    out.push({ code: 'sigma-at-zero', severity: 'info', coefficient: 'sigma', message: 'σ is at its lower bound 0 (no contention detected); its standard error assumes an interior optimum' });
  }
  if (params.sigma >= 1) {
    out.push({ code: 'sigma-at-one', severity: 'warning', coefficient: 'sigma', message: 'σ is at its upper bound 1: throughput does not grow with load at all in this data' });
  }
  if (params.kappa <= 0) {
    const ceiling = fit.peak.throughput;
    out.push({
      code: 'kappa-at-zero',
      severity: 'info',
      coefficient: 'kappa',
      message:
        'κ is at its lower bound 0 (its standard error assumes an interior optimum): no retrograde throughput ' +
        'in the data, so there is no peak N*; ' +
        (ceiling === null ? 'with σ = 0 too, the fit is linear and unbounded' : `throughput approaches the ceiling λ/σ = ${fmt(ceiling)}`),
    });
  }
  const nStar = fit.peak.concurrency;
  if (nStar !== null && nStar > EXTRAPOLATION_FACTOR * nMax) {
    out.push({
      code: 'peak-extrapolated',
      severity: 'info',
      message: `N* = ${fmt(nStar)} lies far beyond the largest measured N = ${fmt(nMax)}: the peak is an extrapolation`,
    });
  }
  if (minOf(ns) > 1) {
    out.push({ code: 'no-unit-load', severity: 'info', coefficient: 'lambda', message: `no measurement at N = 1 (lowest N = ${fmt(minOf(ns))}): λ is extrapolated` });
  }
  if (fit.degreesOfFreedom < 3) {
    out.push({
      code: 'few-degrees-of-freedom',
      severity: 'info',
      message: `only ${fit.degreesOfFreedom} residual degree(s) of freedom (${points.length} points, 3 coefficients): intervals are wide by construction`,
    });
  }
  return out;
}

function fmt(v: number): string {
  if (v === 0) return '0';
  const abs = Math.abs(v);
  if (abs >= 1e-3 && abs < 1e6) return String(Number(v.toPrecision(4)));
  return v.toExponential(3);
}
