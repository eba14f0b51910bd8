/**
 * One shift group's tail P(C_g > τ, g) on (0, H], read at the thousands of points a fork-join
 * composition asks (path-parallel.ts's grids) from a few dozen exact inversions: a piecewise
 * Hermite interpolant of degree 9 on nodes placed by adaptive bisection, each node's value and
 * first four derivatives coming from one contour inversion (inversion.ts's
 * contourTailDerivatives: the same transform values give all five). Seconds; pure.
 */

/** Values a reading gives: S(τ), S′(τ), …, S⁽ᵐ⁻¹⁾(τ). */
const M = 5;

/**
 * Largest difference between the interpolant and an exact reading at the midpoint of an interval
 * for the interval to be kept (absolute, in probability). The contour's own error on a smooth law
 * is ~1e-13 (talbot.ts); the grid the composition convolves on moves the p95 of
 * test/fixtures/fanout/nested.yaml by 2e-8 relative from 1,024 to 4,096 cells, the interpolant by
 * 1.3e-14 against an inversion at every point. The halves kept
 * err by about 2⁻¹⁰ of the difference checked (a degree-9 Hermite's error scales as w¹⁰).
 */
export const INTERPOLANT_TOLERANCE = 1e-11;

/** Bisections of [0, H] made before any interval may be kept: 8 intervals at least. */
const MIN_DEPTH = 3;

/**
 * Bisections after which an interval is read exactly instead: its width is then H/2¹⁶. The
 * interval at τ = 0 always ends so (the derivatives there are limits the contour does not reach),
 * from H/2¹⁰ on: two points of a 1,024-cell grid's half steps.
 */
const MAX_DEPTH = 16;
const ZERO_DEPTH = 10;

/**
 * The tail on (0, H], from `exact(τ, out)`, which writes S(τ), S′(τ), …, S⁽⁴⁾(τ) into out[0 … 4]
 * (called at τ > 0 only); at τ ≥ H and in the intervals not fitted, the exact reading's S.
 * `readings` counts the exact readings made (for the tests).
 */
export function tailInterpolant(exact: (tau: number, out: Float64Array) => void, horizonS: number): { survival: (tau: number) => number; readings: () => number } {
  let count = 0;
  const read = (tau: number): Float64Array => {
    const out = new Float64Array(M);
    exact(tau, out);
    count++;
    return out;
  };
  const exactSurvival = (tau: number) => read(tau)[0]!;
  if (!(horizonS > 0) || !Number.isFinite(horizonS)) return { survival: exactSurvival, readings: () => count };
  /*
   * Intervals are refined left to right (a stack), so they are kept in order: an interval is
   * kept when the Hermite polynomial through its ends' derivatives is within the tolerance of the
   * exact reading at its midpoint (where that polynomial's error peaks); it is then kept as its
   * two halves, the midpoint a node too. Interval k spans [x[k], x[k+1]], with coefficients
   * coef[10k … 10k+9] in u = (τ − x[k])/(x[k+1] − x[k]), or none (read exactly).
   */
  const xs: number[] = [];
  const coefs: (Float64Array | null)[] = [];
  const atH = read(horizonS);
  type Piece = { a: number; ra: Float64Array | null; b: number; rb: Float64Array; depth: number };
  const stack: Piece[] = [{ a: 0, ra: null, b: horizonS, rb: atH, depth: 0 }];
  while (stack.length > 0) {
    const { a, ra, b, rb, depth } = stack.pop()!;
    if (depth >= (ra === null ? ZERO_DEPTH : MAX_DEPTH)) {
      xs.push(a);
      coefs.push(null);
      continue;
    }
    const m = 0.5 * (a + b);
    const rm = read(m);
    if (ra !== null && depth >= MIN_DEPTH && Math.abs(horner(hermiteCoefficients(ra, rb, b - a), 0.5) - rm[0]!) <= INTERPOLANT_TOLERANCE) {
      xs.push(a, m);
      coefs.push(hermiteCoefficients(ra, rm, m - a), hermiteCoefficients(rm, rb, b - m));
      continue;
    }
    // The right half below the left on the stack: the left is taken first.
    stack.push({ a: m, ra: rm, b, rb, depth: depth + 1 });
    stack.push({ a, ra, b: m, rb: rm, depth: depth + 1 });
  }
  xs.push(horizonS);
  const n = coefs.length;
  const x = Float64Array.from(xs);
  let last = 0;
  const survival = (tau: number): number => {
    if (!(tau > 0) || tau >= horizonS) return exactSurvival(tau);
    // The interval holding τ: most reads come in order, so from the last one found.
    let k = last;
    if (!(x[k]! <= tau && tau < x[k + 1]!)) {
      let lo = 0;
      let hi = n;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (x[mid]! <= tau) lo = mid;
        else hi = mid;
      }
      k = lo;
      last = k;
    }
    const c = coefs[k]!;
    return c === null ? exactSurvival(tau) : horner(c, (tau - x[k]!) / (x[k + 1]! - x[k]!));
  };
  return { survival, readings: () => count };
}

/*
 * The two-point Hermite interpolant of degree 2M − 1 = 9 on [a, b], w = b − a, in u = (τ − a)/w:
 * p(u) = Σ_{i<10} c_i·u^i matches y, y′, …, y⁽⁴⁾ at both ends. At u = 0 the Taylor coefficients
 * c_i = y_a⁽ⁱ⁾·wⁱ/i! (i < 5); at u = 1, for j < 5,
 *   Σ_{k≥5} c_k·k!/(k − j)! = y_b⁽ʲ⁾·wʲ − Σ_{i<5, i≥j} c_i·i!/(i − j)!,
 * a fixed 5 × 5 system, inverted once (SOLVE). Its error is w¹⁰·|y⁽¹⁰⁾(ξ)|·u⁵(1 − u)⁵/10!
 * (Burden & Faires, Numerical Analysis, §3.4), largest at u = ½.
 */
function hermiteCoefficients(ya: Float64Array, yb: Float64Array, w: number): Float64Array {
  const c = new Float64Array(2 * M);
  let wi = 1;
  for (let i = 0; i < M; i++) {
    c[i] = (ya[i]! * wi) / FACTORIAL[i]!;
    wi *= w;
  }
  const r = new Float64Array(M);
  let wj = 1;
  for (let j = 0; j < M; j++) {
    let v = yb[j]! * wj;
    for (let i = j; i < M; i++) v -= c[i]! * FALLING[i]![j]!;
    r[j] = v;
    wj *= w;
  }
  for (let k = 0; k < M; k++) {
    let v = 0;
    for (let j = 0; j < M; j++) v += SOLVE[k]![j]! * r[j]!;
    c[M + k] = v;
  }
  return c;
}

function horner(c: Float64Array, u: number): number {
  let v = c[2 * M - 1]!;
  for (let i = 2 * M - 2; i >= 0; i--) v = v * u + c[i]!;
  return v;
}

const FACTORIAL = [1, 1, 2, 6, 24];

/** FALLING[k][j] = k!/(k − j)! (0 for j > k): the j-th derivative of u^k at u = 1. */
const FALLING: number[][] = Array.from({ length: 2 * M }, (_, k) => Array.from({ length: M }, (_, j) => (j > k ? 0 : range(k - j + 1, k).reduce((p, v) => p * v, 1))));

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v++) out.push(v);
  return out;
}

/** The inverse of the system's matrix A[j][k] = FALLING[M + k][j] (Gauss–Jordan with partial pivoting, once). */
const SOLVE: number[][] = (() => {
  const a = Array.from({ length: M }, (_, j) => [...Array.from({ length: M }, (_, k) => FALLING[M + k]![j]!), ...Array.from({ length: M }, (_, k) => (k === j ? 1 : 0))]);
  for (let col = 0; col < M; col++) {
    let pivot = col;
    for (let row = col + 1; row < M; row++) if (Math.abs(a[row]![col]!) > Math.abs(a[pivot]![col]!)) pivot = row;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    const p = a[col]![col]!;
    for (let k = 0; k < 2 * M; k++) a[col]![k]! /= p;
    for (let row = 0; row < M; row++) {
      if (row === col) continue;
      const f = a[row]![col]!;
      if (f !== 0) for (let k = 0; k < 2 * M; k++) a[row]![k]! -= f * a[col]![k]!;
    }
  }
  return a.map((row) => row.slice(M));
})();
