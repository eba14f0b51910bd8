/** Comparing two figures of saved plans: equal within rounding, with null and infinity alike (both unbounded); printing two figures that differ so that they read apart. */
import { formatNumber } from '../units/format.js';

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

/**
 * Two different figures as text that reads different: `show` first, then more significant
 * digits until they part (at most 12), so a finding never says "1.3× is under the minimum 1.3×"
 * or "$302.42 is over the budget of $302.42". `show(x, digits)` formats at that many
 * significant digits (its own default when digits is undefined).
 */
export function apart(a: number, b: number, show: (x: number, digits?: number) => string = formatNumber): [string, string] {
  let x = show(a);
  let y = show(b);
  for (let digits = 4; x === y && a !== b && digits <= 12; digits++) {
    x = show(a, digits);
    y = show(b, digits);
  }
  return [x, y];
}
