/**
 * Number formatting for fit reports. Estimates are printed to the precision their standard
 * error supports (two significant digits of the error), so a report never shows more digits
 * than the data carry.
 */

export { type Palette, plainPalette } from '../render/palette.js';

/** Decimals that show a standard error to two significant digits. */
export function decimalsFor(se: number): number {
  if (!(se > 0) || !Number.isFinite(se)) return 6;
  return Math.min(12, Math.max(0, 1 - Math.floor(Math.log10(se))));
}

/** An estimate rounded to the precision its standard error supports (6 significant digits without one). */
export function formatEstimate(value: number, se: number | null): string {
  if (se === null || !(se > 0)) return formatSignificant(value, 6);
  return fixed(value, decimalsFor(se));
}

/** A number to `digits` significant digits, in plain notation where readable. */
export function formatSignificant(value: number, digits: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs < 1e-6 || abs >= 1e12) return value.toExponential(digits - 1);
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  return fixed(value, Math.min(decimals, 12));
}

/** A measured value as given: up to `digits` significant digits, no padding zeros. */
export function formatPlain(value: number, digits = 8): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Number(value.toPrecision(digits)));
}

/** toFixed without "-0". */
export function fixed(value: number, decimals: number): string {
  const s = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}
