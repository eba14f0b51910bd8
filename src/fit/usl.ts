/**
 * Fitting the Universal Scalability Law to (concurrency, throughput) measurements by
 * bound-constrained nonlinear least squares, with standard errors, confidence intervals
 * and honest warnings when the data cannot identify the coefficients.
 */

import { QUANTITY_RANGE } from '../profile/limits.js';
import { invertScaled } from './linalg.js';
import { type Evaluation, minimiseLeastSquares } from './least-squares.js';
import { studentTQuantile } from './student-t.js';
import { type LoadPoint, LoadPoints, type UslParams, type UslPeak, uslGradient, uslGradientInto, uslPeak, uslThroughput } from './usl-model.js';
import type { UslFit, UslFitResult } from './usl-types.js';
import { diagnoseFit } from './usl-warnings.js';
import { maxOf } from '../model/extremes.js';

export { type LoadPoint, LoadPoints, type UslParams, type UslPeak, type PeakKind, type Prediction, predict, uslPeak, uslThroughput } from './usl-model.js';
export type { CoefficientValues, FitWarning, FitWarningCode, FittedPoints, UslFit, UslFitRefusal, UslFitResult } from './usl-types.js';

/** The fewest distinct concurrencies a fit accepts: three coefficients plus one degree of freedom. */
export const MIN_DISTINCT_N = 4;

/** Options for fitUsl. */
export interface FitOptions {
  /** Confidence level of the intervals, 0 < level < 1 (default 0.95); outside that, no intervals. */
  confidenceLevel?: number;
}

/** Orders points by N, then X. */
const byNThenX = (a: LoadPoint, b: LoadPoint): number => a.n - b.n || a.x - b.x;

/** Points by column: point i is (ns[i], xs[i]). */
export interface PointColumns {
  ns: Float64Array;
  xs: Float64Array;
  /** How many distinct N (as a Set counts them: NaN once, −0 as 0). */
  distinctN: number;
}

/**
 * The points sorted by N, then X, as two columns: the fit depends on the set of points, never on
 * their order. A load test has a few concurrency levels and many points at each, so the points
 * are bucketed by N and each level's throughputs sorted as a Float64Array (a numeric sort without
 * a comparator call per pair: 100,000 points ~50 -> ~10 ms), then copied into the columns
 * without an object per point. Points with equal N and X are interchangeable, so that order is
 * the comparator sort's; with a NaN, an infinity or a −0 (which a Float64Array orders apart
 * from 0) the comparator sort runs instead.
 */
export function sortedColumns(input: readonly LoadPoint[] | LoadPoints): PointColumns {
  const points = Array.isArray(input) ? LoadPoints.of(input) : (input as LoadPoints);
  const count = points.length;
  const ns = new Float64Array(count);
  const xs = new Float64Array(count);
  const levels = new Map<number, number[]>();
  for (let i = 0; i < count; i++) {
    const n = points.n[i]!;
    const x = points.x[i]!;
    if (!(Number.isFinite(n) && Number.isFinite(x)) || Object.is(n, -0) || Object.is(x, -0)) {
      const sorted = points.toArray().sort(byNThenX);
      for (let j = 0; j < sorted.length; j++) {
        ns[j] = (sorted[j] as LoadPoint).n;
        xs[j] = (sorted[j] as LoadPoint).x;
      }
      return { ns, xs, distinctN: new Set(ns).size };
    }
    const level = levels.get(n);
    if (level) level.push(x);
    else levels.set(n, [x]);
  }
  let at = 0;
  for (const n of Float64Array.from(levels.keys()).sort()) {
    const level = Float64Array.from(levels.get(n) as number[]).sort();
    ns.fill(n, at, at + level.length);
    xs.set(level, at);
    at += level.length;
  }
  return { ns, xs, distinctN: levels.size };
}

/** Fit X(N) = λN / (1 + σ(N−1) + κN(N−1)) with 0 ≤ σ ≤ 1, κ ≥ 0, λ ≥ 0 by least squares. */
export function fitUsl(input: readonly LoadPoint[] | LoadPoints, options: FitOptions = {}): UslFitResult {
  const level = options.confidenceLevel ?? 0.95;
  const { ns, xs, distinctN } = sortedColumns(input);
  // The readers refuse these with positions; the bounds also keep the least squares finite (N ≤ 10⁶, X ≤ 10¹², no X² underflowing).
  const nMax = QUANTITY_RANGE.count.max;
  const xMax = QUANTITY_RANGE.rate.max;
  const xMin = QUANTITY_RANGE.rate.min;
  let bad = -1;
  for (let i = 0; i < ns.length; i++) {
    const n = ns[i] as number;
    const x = xs[i] as number;
    // Written so that NaN fails each comparison (as Number.isFinite would refuse it), infinities the bounds.
    if (!(n > 0 && n <= nMax && (x === 0 || (x >= xMin && x <= xMax)))) {
      bad = i;
      break;
    }
  }
  if (bad >= 0) {
    return {
      ok: false,
      code: 'invalid-points',
      message: `every point needs a concurrency 0 < N ≤ ${QUANTITY_RANGE.count.maxText} and a throughput X = 0 or ${QUANTITY_RANGE.rate.minText} ≤ X ≤ ${QUANTITY_RANGE.rate.maxText}; got N=${ns[bad]}, X=${xs[bad]}`,
      distinctN,
    };
  }
  // A level whose every throughput is 0 pins nothing but λ·0: it stays in the fit but does not count
  // towards identifying σ, κ and λ (all-zero data fitted λ = 0 and printed σ from a starting point).
  const positiveN = positiveLevels(ns, xs);
  if (positiveN < MIN_DISTINCT_N) {
    const zeroOnly = distinctN - positiveN;
    return {
      ok: false,
      code: 'too-few-levels',
      message:
        `the USL has 3 coefficients (σ, κ, λ) and needs measurements at ${MIN_DISTINCT_N} or more ` +
        `distinct concurrency levels with a throughput above 0; got ${positiveN}` +
        (zeroOnly > 0 ? ` (and ${zeroOnly} level${zeroOnly === 1 ? '' : 's'} where every throughput is 0)` : '') +
        `. ${positiveN === 0 ? 'Check that the throughput column is the right one and that the system under test answered. ' : ''}` +
        `Measure more load levels, spread from low load to past the expected peak.`,
      distinctN,
    };
  }

  const groups = levelGroups(ns, xs);
  const objective = (theta: readonly number[]): Evaluation | null => {
    const params = toParams(theta);
    const residuals: number[] = [];
    const jacobian: number[][] = [];
    for (const { n, count, meanX } of groups) {
      const denominator = 1 + params.sigma * (n - 1) + params.kappa * n * (n - 1);
      if (!(denominator > 0)) return null;
      const w = Math.sqrt(count);
      const g = uslGradient(params, n);
      residuals.push(w * (meanX - uslThroughput(params, n)));
      jacobian.push([w * g[0], w * g[1], w * g[2]]);
    }
    return { residuals, jacobian };
  };
  const withinSse = groups.reduce((s, g) => s + g.withinSse, 0);

  let best: { theta: number[]; sse: number; iterations: number; converged: boolean } | null = null;
  for (const start of startingPoints(ns, xs)) {
    const result = minimiseLeastSquares(objective, start, { lower: LOWER, upper: UPPER, constantSse: withinSse });
    if (result && (!best || result.sse < best.sse)) best = result;
  }
  // Unreachable for valid points (λ = 0 is always feasible), kept for type narrowing.
  if (!best) {
    return { ok: false, code: 'invalid-points', message: 'no feasible starting point', distinctN };
  }
  const params = toParams(best.theta);
  // With a throughput of at least 1e-9 at 4 levels the least squares gives λ > 0 and finite σ, κ (λ = 0
  // leaves every residual at its X); kept as a guard so that a curve that is not one is refused, never printed.
  if (!(params.lambda > 0 && Number.isFinite(params.lambda) && Number.isFinite(params.sigma) && Number.isFinite(params.kappa))) {
    return {
      ok: false,
      code: 'degenerate',
      message: `the least squares gave no usable curve (σ = ${params.sigma}, κ = ${params.kappa}, λ = ${params.lambda}); the data give no curve to plan on`,
      distinctN,
    };
  }
  return summarise(params, ns, xs, best, distinctN, level);
}

/** How many distinct concurrencies of sorted columns have at least one throughput above 0. */
function positiveLevels(ns: Float64Array, xs: Float64Array): number {
  let count = 0;
  let last = Number.NaN;
  for (let i = 0; i < ns.length; i++) {
    const n = ns[i] as number;
    if ((xs[i] as number) > 0 && n !== last) {
      count++;
      last = n;
    }
  }
  return count;
}

/** The points at one concurrency: how many, their mean throughput and their sum of squares about it. */
interface LevelGroup {
  n: number;
  count: number;
  meanX: number;
  withinSse: number;
}

/*
 * Sufficient statistics per distinct concurrency (the decomposition of the residual sum of
 * squares behind the lack-of-fit test; Draper & Smith, "Applied Regression Analysis", 3rd ed.,
 * 1998, §2.1): for the m_g points at concurrency N_g with mean X̄_g,
 *   Σ_i (X_i − f(N_i))² = Σ_g Σ_{i∈g} (X_i − X̄_g)² + Σ_g m_g (X̄_g − f(N_g))²
 * The first sum does not depend on (σ, κ, λ), so the least squares runs over one weighted
 * residual √m_g (X̄_g − f(N_g)) per level (Jacobian rows scaled by √m_g: the same JᵀJ and Jᵀr)
 * instead of one per point. With one point per level the residuals are the points' own.
 */
/** The sorted points grouped by concurrency. */
function levelGroups(ns: Float64Array, xs: Float64Array): LevelGroup[] {
  const groups: LevelGroup[] = [];
  for (let i = 0; i < ns.length; ) {
    const n = ns[i] as number;
    let j = i;
    let sum = 0;
    for (; j < ns.length && ns[j] === n; j++) sum += xs[j] as number;
    const count = j - i;
    const meanX = sum / count;
    let withinSse = 0;
    for (let k = i; k < j; k++) withinSse += ((xs[k] as number) - meanX) ** 2;
    groups.push({ n, count, meanX, withinSse });
    i = j;
  }
  return groups;
}

const LOWER = [0, 0, 0];
const UPPER = [1, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];

function toParams(theta: readonly number[]): UslParams {
  return { sigma: theta[0] as number, kappa: theta[1] as number, lambda: theta[2] as number };
}

/*
 * Best λ for fixed σ, κ (λ enters linearly): with g_i = N_i / (1 + σ(N_i−1) + κN_i(N_i−1)),
 *   λ̂ = Σ X_i g_i / Σ g_i²   (ordinary least squares through the origin).
 */
function bestLambda(ns: Float64Array, xs: Float64Array, sigma: number, kappa: number): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < ns.length; i++) {
    const n = ns[i] as number;
    const g = n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
    num += (xs[i] as number) * g;
    den += g * g;
  }
  return den > 0 ? Math.max(num / den, 0) : 0;
}

/*
 * Starting points. First Gunther's linearisation ("Guerrilla Capacity Planning", §5.6):
 * with C(N) = X(N)/λ₀ and x = N − 1, the USL becomes the quadratic through the origin
 *   N/C(N) − 1 = (σ + κ)·x + κ·x²,
 * solved by least squares for a = κ and b = σ + κ. λ₀ is the mean throughput at N = 1 when
 * measured, else max X/N (the start the R usl package uses). Then a fixed grid of (σ, κ)
 * scaled to the measured range of N, each with its best λ: several deterministic starts guard
 * against a local minimum.
 */
function startingPoints(ns: Float64Array, xs: Float64Array): number[][] {
  const starts: number[][] = [];
  // The mean throughput at N = 1 (summed in the points' order), else the largest X/N.
  let atOneSum = 0;
  let atOneCount = 0;
  for (let i = 0; i < ns.length; i++) {
    if (ns[i] !== 1) continue;
    atOneSum += xs[i] as number;
    atOneCount++;
  }
  const lambda0 = atOneCount > 0 ? atOneSum / atOneCount : maxRatio(xs, ns);
  if (lambda0 > 0) {
    let s11 = 0;
    let s12 = 0;
    let s22 = 0;
    let t1 = 0;
    let t2 = 0;
    for (let i = 0; i < ns.length; i++) {
      const n = ns[i] as number;
      const x = xs[i] as number;
      if (!(x > 0)) continue;
      const u = n - 1;
      const y = (lambda0 * n) / x - 1;
      s11 += u * u;
      s12 += u * u * u;
      s22 += u * u * u * u;
      t1 += u * y;
      t2 += u * u * y;
    }
    const det = s11 * s22 - s12 * s12;
    if (det !== 0 && Number.isFinite(det)) {
      const b = (t1 * s22 - t2 * s12) / det;
      const a = (s11 * t2 - s12 * t1) / det;
      const kappa = Math.max(a, 0);
      const sigma = Math.min(Math.max(b - a, 0), 1);
      starts.push([sigma, kappa, bestLambda(ns, xs, sigma, kappa)]);
    }
  }
  const nMax = maxOf(ns);
  const kappaScale = 1 / Math.max(nMax * nMax, 1);
  for (const sigma of [0.01, 0.1, 0.5]) {
    for (const kappa of [0, 0.1 * kappaScale, kappaScale]) {
      starts.push([sigma, kappa, bestLambda(ns, xs, sigma, kappa)]);
    }
  }
  return starts;
}

/** The largest xs[i] / ns[i] (as maxOf of the ratios: NaN wins, -Infinity for none). */
function maxRatio(xs: Float64Array, ns: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) {
    const v = (xs[i] as number) / (ns[i] as number);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/*
 * Standard errors from the Jacobian at the optimum, as R's nls and usl do
 * (Bates & Watts, "Nonlinear Regression Analysis and Its Applications", 1988, §2.3):
 *   s² = SSE / (n − p),  Cov(θ̂) ≈ s² (JᵀJ)⁻¹,  SE_j = √Cov_jj,  p = 3
 * and Wald intervals θ̂_j ± t(1 − α/2; n − p)·SE_j. R² = 1 − SSE/SST, SST = Σ(X_i − X̄)².
 */
function summarise(
  params: UslParams,
  ns: Float64Array,
  xs: Float64Array,
  best: { sse: number; iterations: number; converged: boolean },
  distinctN: number,
  level: number,
): UslFit {
  // One pass per sum, each in the points' order (the same additions as mapping then summing).
  const count = ns.length;
  const fittedValues = new Float64Array(count);
  const residuals = new Float64Array(count);
  let sse = 0;
  let total = 0;
  for (let i = 0; i < count; i++) {
    const x = xs[i] as number;
    const fitted = uslThroughput(params, ns[i] as number);
    const residual = x - fitted;
    fittedValues[i] = fitted;
    residuals[i] = residual;
    sse += residual * residual;
    total += x;
  }
  const dof = count - 3;
  const s2 = sse / dof;
  const mean = total / count;
  let sst = 0;
  for (let i = 0; i < count; i++) sst += ((xs[i] as number) - mean) * ((xs[i] as number) - mean);
  const r2 = sst > 0 ? 1 - sse / sst : null;

  const jtj = [0, 1, 2].map(() => [0, 0, 0]);
  const g: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < count; i++) {
    uslGradientInto(params, ns[i] as number, g);
    for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) (jtj[a] as number[])[b]! += g[a]! * g[b]!;
  }
  const inverse = invertScaled(jtj);
  const se = [0, 1, 2].map((j) => {
    const v = inverse ? (inverse[j] as number[])[j]! * s2 : Number.NaN;
    return Number.isFinite(v) && v >= 0 ? Math.sqrt(v) : null;
  });
  const t = studentTQuantile(1 - (1 - level) / 2, dof);
  const estimates = [params.sigma, params.kappa, params.lambda];
  const ci = se.map((e, j): [number, number] | null =>
    e === null || !Number.isFinite(t) ? null : [(estimates[j] as number) - t * e, (estimates[j] as number) + t * e],
  );
  const fit: UslFit = {
    ok: true,
    params,
    peak: uslPeak(params),
    r2,
    residualStandardError: Math.sqrt(s2),
    degreesOfFreedom: dof,
    sse,
    standardErrors: { sigma: se[0] ?? null, kappa: se[1] ?? null, lambda: se[2] ?? null },
    covariance: inverse ? inverse.map((row) => row.map((v) => v * s2)) : null,
    confidenceIntervals: { sigma: ci[0] ?? null, kappa: ci[1] ?? null, lambda: ci[2] ?? null },
    confidenceLevel: level,
    tQuantile: t,
    points: { length: count, n: ns, x: xs, fitted: fittedValues, residual: residuals },
    distinctN,
    iterations: best.iterations,
    converged: best.converged,
    warnings: [],
  };
  fit.warnings = diagnoseFit(fit);
  return fit;
}
