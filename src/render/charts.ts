/**
 * Small charts for where a person would rather look than read: a utilisation bar per
 * component, a sparkline of a series (replicas across phases), horizontal bars of amounts
 * (cost per phase). Plain strings in the layout's glyphs; colour is the caller's.
 */
import type { Glyphs } from './layout.js';

/** Cells of a utilisation bar. */
export const BAR_CELLS = 6;

/**
 * A utilisation bar: `▇▇▇▇▁▁` for 70 % (filled cells = round(u × cells), all of them at 100 %
 * and above).
 */
export function utilisationBar(u: number, g: Glyphs, cells = BAR_CELLS): string {
  const clamped = Number.isFinite(u) ? Math.max(0, u) : 1;
  const filled = Math.min(cells, Math.round(clamped * cells));
  return g.barFull.repeat(filled) + g.barEmpty.repeat(cells - filled);
}

/**
 * A sparkline: one glyph per value, its height proportional to the value on a scale from 0 to
 * the largest value (so 3 → 14 replicas reads as growth, not as a jump from nothing).
 */
export function sparkline(values: readonly number[], g: Glyphs): string {
  const finite = values.filter((v) => Number.isFinite(v));
  const max = Math.max(0, ...finite);
  const levels = g.spark.length;
  return values
    .map((v) => {
      if (!Number.isFinite(v)) return g.spark[levels - 1]!;
      if (max <= 0) return g.spark[0]!;
      return g.spark[Math.min(levels - 1, Math.max(0, Math.ceil((v / max) * levels) - 1))]!;
    })
    .join('');
}

/**
 * A horizontal bar `cells` wide at full scale: whole cells plus an eighth-cell remainder where
 * the glyphs have eighths (Unicode), whole cells only in ASCII.
 */
export function horizontalBar(value: number, max: number, cells: number, g: Glyphs): string {
  if (!(max > 0) || !(value > 0)) return '';
  const eighths = Math.round((Math.min(value, max) / max) * cells * 8);
  const fineGlyphs = g.eighths[0] !== '';
  const whole = fineGlyphs ? Math.floor(eighths / 8) : Math.round(eighths / 8);
  const rest = fineGlyphs ? eighths % 8 : 0;
  const bar = g.eighths[7]!.repeat(whole) + (rest > 0 ? g.eighths[rest - 1]! : '');
  return bar === '' ? (fineGlyphs ? g.eighths[0]! : g.eighths[7]!) : bar;
}
