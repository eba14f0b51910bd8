/**
 * Tiny dense linear algebra for the 3-parameter least-squares fit: symmetric solves and
 * inverses on small square matrices, with Jacobi (diagonal) scaling to tame the very
 * different magnitudes of σ (~1e-2), κ (~1e-4) and λ (~1e3).
 */

/** A square matrix as rows. */
export type Matrix = number[][];

/** Gauss–Jordan inverse with partial pivoting; null when the matrix is (numerically) singular. */
export function invert(a: Matrix): Matrix | null {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(at(m, r, col)) > Math.abs(at(m, pivot, col))) pivot = r;
    }
    const pv = at(m, pivot, col);
    if (!(Math.abs(pv) > 1e-13)) return null;
    if (pivot !== col) [m[col], m[pivot]] = [m[pivot] as number[], m[col] as number[]];
    const row = m[col] as number[];
    for (let j = 0; j < 2 * n; j++) row[j] = (row[j] as number) / pv;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = at(m, r, col);
      if (f === 0) continue;
      const target = m[r] as number[];
      for (let j = 0; j < 2 * n; j++) target[j] = (target[j] as number) - f * (row[j] as number);
    }
  }
  return m.map((row) => row.slice(n));
}

/**
 * Inverse of a symmetric positive semi-definite matrix via Jacobi scaling:
 * A⁻¹ = D⁻¹ (D⁻¹ A D⁻¹)⁻¹ D⁻¹ with D = diag(√A_ii). Null when singular.
 */
export function invertScaled(a: Matrix): Matrix | null {
  const n = a.length;
  const d = a.map((row, i) => Math.sqrt(row[i] as number));
  if (d.some((v) => !(v > 0) || !Number.isFinite(v))) return null;
  const scaled = a.map((row, i) => row.map((v, j) => v / ((d[i] as number) * (d[j] as number))));
  const inv = invert(scaled);
  if (!inv) return null;
  return inv.map((row, i) =>
    row.map((v, j) => v / ((d[i] as number) * (d[j] as number))),
  ).slice(0, n);
}

/** Solve A x = b for a small square A; null when singular. */
export function solve(a: Matrix, b: number[]): number[] | null {
  const inv = invert(a);
  if (!inv) return null;
  return inv.map((row) => row.reduce((s, v, j) => s + v * (b[j] as number), 0));
}

function at(m: Matrix, r: number, c: number): number {
  return (m[r] as number[])[c] as number;
}
