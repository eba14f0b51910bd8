/** Comparing two figures of saved plans: equal within rounding, with null and infinity alike (both unbounded). */

/**
 * Whether two figures are the same at the precision a saved plan keeps (6 significant digits,
 * so a live plan matches its own baseline). Infinity equals Infinity, and null (a saved file
 * writes Infinity as null) equals any non-finite figure.
 */
export function sameFigure(a: number | null, b: number | null): boolean {
  if (a === null || b === null) {
    const other = a ?? b;
    return other === null || !Number.isFinite(other);
  }
  if (a === b) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return Math.abs(a - b) <= 1e-5 * Math.max(Math.abs(a), Math.abs(b));
}
