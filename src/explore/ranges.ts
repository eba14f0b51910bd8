/**
 * Uncertain inputs written as ranges: `20ms..35ms` (p10..p90), `20ms ± 20%` or `20ms ± 4ms`
 * (p10 = x − d, p90 = x + d), or `{ p50: 20ms, p90: 35ms }` (any two of p10, p50, p90), each
 * optionally naming its law (`20ms..35ms normal`, `dist: normal`; lognormal otherwise, except
 * `±`, which is symmetric: normal). The quantity reader reads each end in the field's unit and
 * hands the field the median; the ranges it read are collected, and matched to their paths in the
 * profile afterwards (a string is a range only where a quantity field reads it).
 */
import type { PathSegment } from '../profile/diagnostic.js';
import type { QuantityKind, QuantityResult } from '../units/quantity.js';

/** z₀.₉₀ = Φ⁻¹(0.9) = 1.2815515655446004, the standard normal's 90th percentile: p10..p90 spans ±z₀.₉₀ σ (random.ts checks it). */
export const Z90 = 1.2815515655446004;

/** The law of an uncertain input. */
export type Law = 'lognormal' | 'normal';

/** An uncertain input as read: its quantiles in SI units. */
export interface RangeValue {
  law: Law;
  p10: number;
  p50: number;
  p90: number;
  kind: QuantityKind;
  /** The field's bounds, when the reader knows them: draws are kept inside. */
  min?: number;
  max?: number;
}

type Reader = (value: unknown, kind: QuantityKind) => QuantityResult;

const QUANTILE_KEYS = new Set(['p10', 'p50', 'p90', 'dist']);

/** Whether a raw value looks like a range (a string with `..` or `±`, or a {p10|p50|p90} mapping). */
export function isRangeLike(raw: unknown): boolean {
  if (typeof raw === 'string') return /\.\.|±|\+-/.test(raw);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return false;
  const keys = Object.keys(raw);
  return keys.length >= 2 && keys.every((k) => QUANTILE_KEYS.has(k));
}

/** A key identifying a raw range value (the same text reads the same). */
export function rangeKey(raw: unknown): string {
  return typeof raw === 'string' ? raw.trim() : JSON.stringify(raw);
}

const LAW = /\s+(normal|lognormal)\s*$/i;

/** Reads a range with `read` for its ends; an error result when it is malformed. */
export function readRange(raw: unknown, kind: QuantityKind, read: Reader): { ok: true; range: RangeValue } | Exclude<QuantityResult, { ok: true }> {
  if (kind === 'count') {
    return { ok: false, message: 'a count cannot be a range', hint: 'give one whole number; ranges are for estimates such as service times, capacities, rates and visit counts' };
  }
  const end = (v: unknown): number | Exclude<QuantityResult, { ok: true }> => {
    const r = read(v, kind);
    return r.ok ? r.value : r;
  };
  let law: Law | null = null;
  let p10: number | Exclude<QuantityResult, { ok: true }> | null = null;
  let p50: number | Exclude<QuantityResult, { ok: true }> | null = null;
  let p90: number | Exclude<QuantityResult, { ok: true }> | null = null;
  if (typeof raw === 'string') {
    let text = raw.trim();
    const named = LAW.exec(text);
    if (named) {
      law = named[1]!.toLowerCase() as Law;
      text = text.slice(0, named.index).trim();
    }
    const dots = /^(.+?)\s*\.\.\s*(.+)$/.exec(text);
    const pm = /^(.+?)\s*(?:±|\+-)\s*(.+)$/.exec(text);
    if (dots) {
      p10 = end(dots[1]!.trim());
      p90 = end(dots[2]!.trim());
    } else if (pm) {
      if (law === 'lognormal') return { ok: false, message: 'x ± d is symmetric: a normal law', hint: 'write p10..p90 (e.g. 16ms..24ms) for a lognormal range' };
      const x = end(pm[1]!.trim());
      const spread = pm[2]!.trim();
      const relative = /^(\d+(?:\.\d*)?|\.\d+)\s*%$/.exec(spread);
      const d = relative ? (typeof x === 'number' ? (x * Number(relative[1])) / 100 : x) : end(spread);
      if (typeof x !== 'number') return x;
      if (typeof d !== 'number') return d;
      p10 = x - d;
      p50 = x;
      p90 = x + d;
      law ??= 'normal';
    } else {
      return { ok: false, message: `cannot read "${raw}" as a range`, hint: 'write p10..p90 (20ms..35ms), x ± d (20ms ± 20%), or { p50: 20ms, p90: 35ms }' };
    }
  } else {
    const o = raw as Record<string, unknown>;
    if (o.dist !== undefined) {
      if (o.dist !== 'normal' && o.dist !== 'lognormal') return { ok: false, message: `dist must be normal or lognormal, got ${JSON.stringify(o.dist)}` };
      law = o.dist;
    }
    const given = (['p10', 'p50', 'p90'] as const).filter((k) => o[k] !== undefined);
    if (given.length !== 2) return { ok: false, message: `give two of p10, p50 and p90 (got ${given.join(', ') || 'none'})` };
    if (o.p10 !== undefined) p10 = end(o.p10);
    if (o.p50 !== undefined) p50 = end(o.p50);
    if (o.p90 !== undefined) p90 = end(o.p90);
  }
  for (const v of [p10, p50, p90]) if (v !== null && typeof v !== 'number') return v;
  return complete(law ?? 'lognormal', p10 as number | null, p50 as number | null, p90 as number | null, kind);
}

/*
 * Two quantiles fix a two-parameter law. Normal(m, s): p10 = m − z s, p90 = m + z s, z = Φ⁻¹(0.9),
 * so p50 = m = (p10 + p90)/2. Lognormal: the same in logarithms, so p50 = √(p10·p90) and, from
 * (p50, p90), p10 = p50²/p90.
 */
function complete(law: Law, p10: number | null, p50: number | null, p90: number | null, kind: QuantityKind): { ok: true; range: RangeValue } | { ok: false; message: string; hint?: string } {
  const mid = (a: number, b: number) => (law === 'normal' ? (a + b) / 2 : Math.sqrt(a * b));
  const mirror = (m: number, x: number) => (law === 'normal' ? 2 * m - x : (m * m) / x);
  const lo = p10 ?? mirror(p50!, p90!);
  const hi = p90 ?? mirror(p50!, p10!);
  const median = p50 ?? mid(lo, hi);
  if (!(lo <= median && median <= hi)) return { ok: false, message: 'a range runs from its p10 up to its p90 (low..high)' };
  if (law === 'lognormal' && !(lo > 0)) return { ok: false, message: 'a lognormal range needs positive ends', hint: 'write `normal` after the range for a quantity that can be zero or negative' };
  if (p10 !== null && p50 !== null && p90 !== null && Math.abs(median - mid(lo, hi)) > 1e-9 * Math.abs(median)) {
    return { ok: false, message: `p10, p50 and p90 do not fit one ${law} law`, hint: 'give two of them' };
  }
  return { ok: true, range: { law, p10: lo, p50: median, p90: hi, kind } };
}

/** The scale parameter of a range's law: σ of ln X (lognormal) or of X (normal). */
export function spread(r: Pick<RangeValue, 'law' | 'p10' | 'p90'>): number {
  return r.law === 'lognormal' ? (Math.log(r.p90) - Math.log(r.p10)) / (2 * Z90) : (r.p90 - r.p10) / (2 * Z90);
}

/**
 * The value of a range at standard normal deviate z (z = 0: the median; ±Z90: p10 and p90).
 * With `bounded`, a draw stays inside what the quantity allows: a fraction within [0, 1], the
 * field's bounds when known, and a normal law's tail that would reach zero or below (for a
 * positive median) at 0.1 % of the median.
 */
export function valueAt(r: RangeValue, z: number, bounded = false): number {
  let v = r.law === 'lognormal' ? r.p50 * Math.exp(z * spread(r)) : r.p50 + z * spread(r);
  if (!bounded) return v;
  if (r.p50 > 0 && v <= 0) v = r.p50 * 1e-3;
  if (r.kind === 'fraction') v = Math.min(1, Math.max(0, v));
  if (r.min !== undefined) v = Math.max(r.min, v);
  if (r.max !== undefined) v = Math.min(r.max, v);
  return v;
}

/** A place in the raw profile where a range is written. */
export interface RangeSite {
  segments: PathSegment[];
  key: string;
}

/** Every range-like value in the raw profile data, with its path (ranges in lists and phases included). */
export function findRangeSites(data: unknown, at: PathSegment[] = []): RangeSite[] {
  if (isRangeLike(data)) return [{ segments: at, key: rangeKey(data) }];
  if (Array.isArray(data)) return data.flatMap((v, i) => findRangeSites(v, [...at, i]));
  if (data !== null && typeof data === 'object') return Object.entries(data).flatMap(([k, v]) => findRangeSites(v, [...at, k]));
  return [];
}
