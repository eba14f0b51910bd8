/**
 * A fitted USL capacity as an uncertain input: its coefficients θ = (σ, κ, λ) are normal around
 * the fit with the fit's covariance (Bates & Watts, as `capplan fit` reports it), drawn as
 * θ̂ + L z with L the Cholesky factor of the covariance and z standard normal, and kept inside
 * the law's bounds (0 ≤ σ ≤ 1, κ ≥ 0, λ > 0).
 */
import { uslGradient, uslThroughput, type UslParams } from '../fit/usl-model.js';
import { Z90 } from './ranges.js';

/** A component whose capacity is fitted from a load test, with what sampling it needs. */
export interface FitInput {
  component: string;
  /** Profile path of its `capacity.fit`. */
  path: string;
  params: UslParams;
  /** Requests in flight per replica (N): the capacity is X(N). */
  concurrency: number;
  /** Lower-triangular L with L Lᵀ = Cov(θ̂). */
  cholesky: number[][];
  /** The direction along which X(N) moves fastest per unit of its own standard deviation: Cov g / √(gᵀ Cov g). */
  direction: number[];
  /** X(N)'s standard deviation by the delta method, √(gᵀ Cov g). */
  capacitySd: number;
}

/*
 * Cholesky–Banachiewicz factorisation C = L Lᵀ (Golub & Van Loan, Matrix Computations, §4.2).
 * A covariance from a nearly collinear fit can be numerically semi-definite: a pivot that is not
 * positive is taken as zero (that direction does not vary).
 */
/** L with L Lᵀ = c, for a symmetric positive semi-definite c. */
export function cholesky(c: readonly (readonly number[])[]): number[][] {
  const n = c.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = c[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) l[i]![j] = sum > 0 ? Math.sqrt(sum) : 0;
      else l[i]![j] = l[j]![j]! > 0 ? sum / l[j]![j]! : 0;
    }
  }
  return l;
}

/** The sampling data of a fit, or null when its covariance is unknown or degenerate. */
export function fitInput(component: string, path: string, params: UslParams, covariance: number[][] | null, concurrency: number): FitInput | null {
  if (!covariance || covariance.some((row) => row.some((v) => !Number.isFinite(v)))) return null;
  /*
   * Delta method (Bates & Watts §2.3.1): Var X(N) ≈ gᵀ Cov g, g = ∇θ X(N). The conditional mean
   * of θ given X(N) = X̂ + z·sd is θ̂ + z·Cov g / sd (jointly normal θ, linearised X): the
   * tornado moves the coefficients along it.
   */
  const g = uslGradient(params, concurrency);
  const cg = covariance.map((row) => row.reduce((s, v, j) => s + v * g[j]!, 0));
  const variance = g.reduce((s, v, i) => s + v * cg[i]!, 0);
  if (!(variance > 0)) return null;
  const sd = Math.sqrt(variance);
  return { component, path, params, concurrency, cholesky: cholesky(covariance), direction: cg.map((v) => v / sd), capacitySd: sd };
}

/** Coefficients inside the USL's bounds. */
function bounded(sigma: number, kappa: number, lambda: number, fit: UslParams): UslParams {
  return { sigma: Math.min(1, Math.max(0, sigma)), kappa: Math.max(0, kappa), lambda: Math.max(lambda, fit.lambda * 1e-3) };
}

/** Coefficients drawn from three standard normal deviates. */
export function sampleFit(f: FitInput, z: readonly [number, number, number]): UslParams {
  const l = f.cholesky;
  const d = [0, 1, 2].map((i) => l[i]!.reduce((s, v, k) => s + v * z[k]!, 0));
  return bounded(f.params.sigma + d[0]!, f.params.kappa + d[1]!, f.params.lambda + d[2]!, f.params);
}

/** Coefficients that put the fitted capacity X(N) at standard normal deviate z (the tornado's ends at ∓Z90). */
export function fitAtDeviate(f: FitInput, z: number): UslParams {
  const [ds, dk, dl] = f.direction;
  return bounded(f.params.sigma + z * ds!, f.params.kappa + z * dk!, f.params.lambda + z * dl!, f.params);
}

/** The fitted capacity's p10, p50 and p90 (delta method), ops/s per replica. */
export function fitCapacityQuantiles(f: FitInput): { p10: number; p50: number; p90: number } {
  const x = uslThroughput(f.params, f.concurrency);
  return { p10: x - Z90 * f.capacitySd, p50: x, p90: x + Z90 * f.capacitySd };
}
