/**
 * Bound-constrained nonlinear least squares by Levenberg–Marquardt with projection:
 * parameters stay in [lower, upper]; a parameter at a bound whose gradient pushes outward
 * is held there (an active set), the others take a damped Gauss–Newton step.
 * Deterministic: no randomness, fixed iteration limits.
 */

import { type Matrix, solve } from './linalg.js';

/** Residuals r_i = y_i − f_i(θ) and the Jacobian J_ij = ∂f_i/∂θ_j of the model at θ. */
export interface Evaluation {
  residuals: number[];
  jacobian: number[][];
}

/** A least-squares problem: evaluate the model at θ (return null when θ is infeasible). */
export type Objective = (theta: readonly number[]) => Evaluation | null;

/** Cosine between the residual vector and any free Jacobian column below which θ is a minimum. */
const GRADIENT_TOLERANCE = 1e-10;

/** Outcome of a minimisation. */
export interface LeastSquaresResult {
  theta: number[];
  sse: number;
  iterations: number;
  converged: boolean;
}

/** Options: box bounds (use ±Infinity for none) and limits. */
export interface LeastSquaresOptions {
  lower: readonly number[];
  upper: readonly number[];
  maxIterations?: number;
  /** A part of the sum of squares no parameter changes (points' scatter about their level's mean), added to Σ r_i². */
  constantSse?: number;
}

/*
 * Levenberg–Marquardt step (Levenberg 1944; Marquardt 1963; scaling as in Moré 1978):
 *   (JᵀJ + μ·diag(JᵀJ)) δ = Jᵀr,  θ ← Π_[lower,upper](θ + δ)
 * solved in Jacobi-scaled form (D⁻¹JᵀJD⁻¹ + μI) z = D⁻¹Jᵀr, δ = D⁻¹z, D = diag(√(JᵀJ)_jj).
 * μ shrinks ×10 after a step that lowers the sum of squares and grows ×10 otherwise.
 */
/** Minimise Σ r_i(θ)² subject to lower ≤ θ ≤ upper, starting at `start`. */
export function minimiseLeastSquares(
  objective: Objective,
  start: readonly number[],
  options: LeastSquaresOptions,
): LeastSquaresResult | null {
  const { lower, upper } = options;
  const maxIterations = options.maxIterations ?? 500;
  const constant = options.constantSse ?? 0;
  const sumSq = (ev: Evaluation): number => constant + sumSquares(ev.residuals);
  const p = start.length;
  let theta = start.map((v, j) => clamp(v, lower[j] as number, upper[j] as number));
  let ev = objective(theta);
  if (!ev) return null;
  let sse = sumSq(ev);
  let mu = 1e-3;
  let converged = false;
  let iterations = 0;

  let stalled = 0;
  while (iterations < maxIterations) {
    const { jtj, jtr } = normalEquations(ev);
    const rNorm = Math.sqrt(sse);
    const free: number[] = [];
    let cosine = 0;
    for (let j = 0; j < p; j++) {
      const g = -(jtr[j] as number); // ∂(½SSE)/∂θ_j
      const atLower = (theta[j] as number) <= (lower[j] as number) && g > 0;
      const atUpper = (theta[j] as number) >= (upper[j] as number) && g < 0;
      const colNorm = Math.sqrt((jtj[j] as number[])[j] as number);
      if (atLower || atUpper || !(colNorm > 0)) continue;
      free.push(j);
      cosine = Math.max(cosine, Math.abs(g) / (colNorm * rNorm));
    }
    // Orthogonality test: the residual vector is (numerically) orthogonal to every free
    // Jacobian column, the first-order condition of a (constrained) minimum.
    if (free.length === 0 || !(cosine > GRADIENT_TOLERANCE) || sse === 0) {
      converged = true;
      break;
    }
    iterations++;
    let accepted = false;
    while (mu < 1e20) {
      const step = dampedStep(jtj, jtr, free, mu);
      if (!step) {
        mu *= 10;
        continue;
      }
      const candidate = theta.map((v, j) => clamp(v + (step[j] ?? 0), lower[j] as number, upper[j] as number));
      const cev = objective(candidate);
      const csse = cev ? sumSq(cev) : Number.POSITIVE_INFINITY;
      if (cev && csse <= sse) {
        const change = Math.max(...candidate.map((v, j) => relChange(v, theta[j] as number)));
        stalled = change < 1e-15 ? stalled + 1 : 0;
        theta = candidate;
        ev = cev;
        sse = csse;
        mu = Math.max(mu / 10, 1e-12);
        accepted = true;
        break;
      }
      mu *= 10;
    }
    if (!accepted || stalled >= 3) {
      // No step lowers the sum of squares at any damping, or steps no longer move θ:
      // as close to the minimum as double precision gets.
      converged = true;
      break;
    }
  }
  return { theta, sse, iterations, converged };
}

function dampedStep(jtj: Matrix, jtr: number[], free: number[], mu: number): number[] | null {
  const d = free.map((j) => Math.sqrt((jtj[j] as number[])[j] as number));
  const a: Matrix = free.map((i, r) =>
    free.map((j, c) => ((jtj[i] as number[])[j] as number) / ((d[r] as number) * (d[c] as number)) + (r === c ? mu : 0)),
  );
  const b = free.map((j, r) => (jtr[j] as number) / (d[r] as number));
  const z = solve(a, b);
  if (!z) return null;
  const step: number[] = [];
  free.forEach((j, r) => {
    step[j] = (z[r] as number) / (d[r] as number);
  });
  return step;
}

/** JᵀJ and Jᵀr of an evaluation. */
export function normalEquations(ev: Evaluation): { jtj: Matrix; jtr: number[] } {
  const p = ev.jacobian[0]?.length ?? 0;
  const jtj: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const jtr = new Array<number>(p).fill(0);
  ev.jacobian.forEach((row, i) => {
    const r = ev.residuals[i] as number;
    for (let a = 0; a < p; a++) {
      const ra = row[a] as number;
      jtr[a] = (jtr[a] as number) + ra * r;
      const out = jtj[a] as number[];
      for (let b = a; b < p; b++) out[b] = (out[b] as number) + ra * (row[b] as number);
    }
  });
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) (jtj[a] as number[])[b] = (jtj[b] as number[])[a] as number;
  return { jtj, jtr };
}

/** Σ rᵢ². */
export function sumSquares(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v * v;
  return s;
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

function relChange(a: number, b: number): number {
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return scale === 0 ? 0 : Math.abs(a - b) / scale;
}
