/**
 * The Universal Scalability Law as plain functions: throughput at a concurrency, its
 * gradient, the peak, and predictions with Little's law. No fitting here (see usl.ts).
 */

/** USL coefficients: contention σ, coherency κ, and λ, the throughput of one unit of load. */
export interface UslParams {
  sigma: number;
  kappa: number;
  lambda: number;
}

/** One measurement: concurrency N and throughput X (per second, as the readers give it: rate-unit.ts). */
export interface LoadPoint {
  n: number;
  x: number;
}

/**
 * Measurements by column, as the load-test readers give them: point i is (n[i], x[i]). Two
 * arrays of numbers, which V8 keeps unboxed, instead of an object per point: a fit reads up to
 * 1,000,000 points, and 100,000 objects cost their allocation, the collector's copies and a
 * pass to read them back.
 */
export class LoadPoints {
  readonly n: number[] = [];
  readonly x: number[] = [];

  /** The points of a list, in its order. */
  static of(points: Iterable<LoadPoint>): LoadPoints {
    const out = new LoadPoints();
    for (const p of points) out.push(p.n, p.x);
    return out;
  }

  get length(): number {
    return this.n.length;
  }

  push(n: number, x: number): void {
    this.n.push(n);
    this.x.push(x);
  }

  /** The points as objects, in order. */
  toArray(): LoadPoint[] {
    return this.n.map((n, i) => ({ n, x: this.x[i]! }));
  }
}

/*
 * Universal Scalability Law (Gunther, "Guerrilla Capacity Planning", Springer 2007, eq. 4.31,
 * in the three-coefficient form of the R `usl` package ≥ 2.0 and Schwartz's
 * "Practical Scalability Analysis with the USL"):
 *   X(N) = λN / (1 + σ(N − 1) + κN(N − 1))
 */
/** Throughput X(N) predicted by the USL at concurrency n. */
export function uslThroughput(params: UslParams, n: number): number {
  const { sigma, kappa, lambda } = params;
  const x = (lambda * n) / (1 + sigma * (n - 1) + kappa * n * (n - 1));
  // For huge N the products overflow (∞/∞ = NaN, or ∞/finite); divided through by N the same X stays finite.
  return Number.isFinite(x) ? x : lambda / (1 / n + (sigma * (n - 1)) / n + kappa * (n - 1));
}

/*
 * Partial derivatives of X(N) = λN / D, D = 1 + σ(N−1) + κN(N−1)
 * (the same expressions as R usl's gradient.usl, generated there by deriv()):
 *   ∂X/∂σ = −λN(N−1)/D²,  ∂X/∂κ = −λN·N(N−1)/D²,  ∂X/∂λ = N/D
 */
/** Gradient of X(n) with respect to (σ, κ, λ), in that order. */
export function uslGradient(params: UslParams, n: number): [number, number, number] {
  return uslGradientInto(params, n, [0, 0, 0]);
}

/** The same gradient written into `out` (no array per call, for sums over many points); returns `out`. */
export function uslGradientInto(params: UslParams, n: number, out: [number, number, number]): [number, number, number] {
  const { sigma, kappa, lambda } = params;
  const d = 1 + sigma * (n - 1) + kappa * n * (n - 1);
  const d2 = d * d;
  out[0] = (-lambda * n * (n - 1)) / d2;
  out[1] = (-lambda * n * n * (n - 1)) / d2;
  out[2] = n / d;
  return out;
}

/** What bounds throughput: a retrograde peak (κ > 0), an asymptotic ceiling (κ = 0, σ > 0), or nothing. */
export type PeakKind = 'retrograde' | 'ceiling' | 'unbounded';

/** The peak of a USL curve. */
export interface UslPeak {
  kind: PeakKind;
  /** N* = √((1−σ)/κ); null when κ = 0 (no peak: the curve rises monotonically). */
  concurrency: number | null;
  /**
   * X(N*) for a retrograde curve; the ceiling λ/σ when κ = 0; null when σ = κ = 0
   * (linear scaling, unbounded: null rather than Infinity so it survives JSON).
   */
  throughput: number | null;
}

/*
 * Peak of the USL (Gunther 2007, eq. 4.33): dX/dN = 0 at
 *   N* = √((1 − σ) / κ)
 * and, for κ = 0 (Amdahl's law), X(N) → λ/σ as N → ∞.
 * With σ ≥ 1 and κ > 0 throughput falls from N = 1 on, so the peak over N ≥ 1 is N = 1, X = λ.
 */
/** Peak concurrency N* and peak throughput X(N*) (or the ceiling λ/σ when κ = 0). */
export function uslPeak(params: UslParams): UslPeak {
  const { sigma, kappa, lambda } = params;
  if (kappa > 0) {
    if (sigma >= 1) return { kind: 'retrograde', concurrency: 1, throughput: lambda };
    const nStar = Math.sqrt((1 - sigma) / kappa);
    return { kind: 'retrograde', concurrency: nStar, throughput: uslThroughput(params, nStar) };
  }
  if (sigma > 0) return { kind: 'ceiling', concurrency: null, throughput: lambda / sigma };
  return { kind: 'unbounded', concurrency: null, throughput: null };
}

/** A prediction at one concurrency. */
export interface Prediction {
  n: number;
  throughput: number;
  /** Mean response time R = N / X in the reciprocal of the throughput's unit (seconds for per-second rates); null when X ≤ 0. */
  latency: number | null;
}

/*
 * Little's law for a closed system with no think time (Little 1961):
 *   N = X · R  ⇒  R = N / X
 */
/** Predicted throughput and latency (Little's law R = N/X) at each concurrency, in the order given. */
export function predict(params: UslParams, ns: readonly number[]): Prediction[] {
  return ns.map((n) => {
    const throughput = uslThroughput(params, n);
    return { n, throughput, latency: throughput > 0 ? n / throughput : null };
  });
}
