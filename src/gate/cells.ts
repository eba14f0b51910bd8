/** Cell text shared by the gate and diff renderers: "before → after" figures, deltas, money. */
import { formatHeadroom, formatLatency } from '../render/plan-text.js';
import { formatNumber, formatPercent } from '../units/format.js';
import { delta, relativeDelta, type Change } from './diff.js';
import { sameFigure } from './figures.js';
import { money, moneyDelta } from './money.js';

/** The mark of a row's status in tables. */
export const STATUS_MARK = { added: '+', removed: '−', changed: '~', unchanged: ' ' } as const;

/** "3 → 9", "3" when unchanged, "– → 3" when new, "3 → –" when gone. */
export function changeCell<T>(c: Change<T>, fmt: (v: T) => string): string {
  const show = (v: T | null) => (v === null ? '–' : fmt(v));
  if (c.before === null && c.after === null) return '–';
  const same = typeof c.before === 'number' || typeof c.after === 'number' ? sameFigure(c.before as number | null, c.after as number | null) : c.before === c.after;
  if (same) return show(c.after);
  // A figure that moved below the digits shown ("602 ms → 602 ms") reads as noise: shown once.
  const before = show(c.before);
  const after = show(c.after);
  return before === after ? after : `${before} → ${after}`;
}

/** Only the after figure, for rows without a baseline. */
export function afterCell<T>(c: Change<T>, fmt: (v: T) => string): string {
  return c.after === null ? '–' : fmt(c.after);
}

/** Formatters by figure. */
export const fmt = {
  count: (n: number) => formatNumber(n),
  percent: (n: number) => formatPercent(n),
  latency: (n: number) => formatLatency(n),
  rate: (n: number) => (Number.isFinite(n) ? formatNumber(n) : '∞'),
  headroom: (n: number) => formatHeadroom(n),
  text: (s: string) => s,
};

/** A money formatter for a currency (USD when unknown). */
export function moneyFmt(currency: string | null): (n: number) => string {
  return (n) => money(n, currency ?? 'USD');
}

/** "+$300.00 (+25%)", "−2 (−20%)", "" when unchanged or unknown. */
export function deltaCell(c: Change<number>, format: (n: number) => string): string {
  const d = delta(c);
  if (d === null || sameFigure(c.before, c.after)) return '';
  const rel = relativeDelta(c);
  const sign = d > 0 ? '+' : '−';
  return `${sign}${format(Math.abs(d))}${rel === null ? '' : ` (${sign}${formatPercent(Math.abs(rel))})`}`;
}

/** A cost's change, "+$110.64 (+67%)": the difference of the cent-rounded figures the row prints (money.ts), "" when none. */
export function moneyDeltaCell(c: Change<number>, currency: string | null): string {
  const m = moneyDelta(c);
  if (m === null || m.delta === 0 || sameFigure(c.before, c.after)) return '';
  const sign = m.delta > 0 ? '+' : '−';
  return `${sign}${money(Math.abs(m.delta), currency ?? 'USD')}${m.relative === null ? '' : ` (${sign}${formatPercent(Math.abs(m.relative))})`}`;
}
