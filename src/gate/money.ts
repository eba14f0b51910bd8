/** Money in gate messages and tables. */
import { formatNumber, formatUsd } from '../units/format.js';
import type { Change } from './diff.js';

/** "$1,234.50" for USD; "1,234.5 EUR" for other currencies. */
export function money(amount: number, currency: string): string {
  return currency === 'USD' ? formatUsd(amount) : `${formatNumber(amount)} ${currency}`;
}

/** A month's money in whole cents, as the tables print it (formatUsd's toFixed(2)). */
function cents(amount: number): number {
  return Math.sign(amount) * Math.round(Number(Math.abs(amount).toFixed(2)) * 100);
}

/**
 * The change in a monthly cost as the rows print it: after − before, each rounded to the cent
 * first, so that "$165.95 → $276.59" reads "+$110.64" in `check` and `diff` alike, whatever
 * digits beyond the cent either side holds (a live plan has all of them, a saved one 6
 * significant digits). Null when either side is unknown or infinite.
 */
export function moneyDelta(c: Change<number>): { delta: number; relative: number | null } | null {
  if (c.before === null || c.after === null || !Number.isFinite(c.before) || !Number.isFinite(c.after)) return null;
  const before = cents(c.before);
  const d = cents(c.after) - before;
  return { delta: d / 100, relative: before === 0 ? null : d / before };
}
