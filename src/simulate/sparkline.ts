/**
 * One-line charts of latency over time in the layout's sparkline glyphs (▁ to █, or ASCII), on a
 * linear scale from zero, or a logarithmic one when the series spans more than ten times (a queue
 * that grows after a fault or at the end of a ramp).
 */

/** The scale a sparkline used: its range (from 0 when linear, so small wobbles look small), and whether it is logarithmic (max/min beyond 10×). */
export interface SparkScale {
  min: number;
  max: number;
  log: boolean;
}

/** Block characters for a series (non-finite values print as a space), and the scale used. */
export function sparkline(values: readonly number[], levels: readonly string[]): { line: string; scale: SparkScale } {
  const ok = values.filter((v) => Number.isFinite(v) && v > 0);
  const min = ok.length ? Math.min(...ok) : 0;
  const max = ok.length ? Math.max(...ok) : 0;
  const log = min > 0 && max / min > 10;
  const f = (v: number) => (log ? Math.log(v) : v);
  const lo = log ? f(min) : 0;
  const span = f(max) - lo;
  const line = values
    .map((v) => {
      if (!Number.isFinite(v) || v <= 0) return ' ';
      const level = span > 0 ? Math.round(((f(v) - lo) / span) * (levels.length - 1)) : 0;
      return levels[Math.max(0, Math.min(levels.length - 1, level))]!;
    })
    .join('');
  return { line, scale: { min: log ? min : 0, max, log } };
}

/** A line of the same width with `mark` at each marked index and spaces elsewhere. */
export function markerLine(width: number, marks: readonly number[], mark = '▲'): string {
  const cells = Array.from({ length: width }, () => ' ');
  for (const i of marks) if (i >= 0 && i < width) cells[i] = mark;
  return cells.join('').replace(/\s+$/, '');
}
