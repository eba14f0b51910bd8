/**
 * PromQL text and Prometheus time formats: durations (`5m`, `1h30m`), times (RFC 3339 or Unix
 * seconds), label selectors with escaped values. Pure.
 */

/** Seconds per Prometheus duration unit (prometheus.io/docs/prometheus/latest/querying/basics/#time-durations). */
const PROM_UNITS: Readonly<Record<string, number>> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };

/** Parses a Prometheus duration (`5m`, `1h30m`, `7d`) into seconds; null when it is not one. */
export function parsePromDuration(text: string): number | null {
  const t = text.trim();
  if (!/^(\d+(ms|s|m|h|d|w|y))+$/.test(t)) return null;
  let total = 0;
  for (const m of t.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(m[1]) * PROM_UNITS[m[2]!]!;
  return total > 0 ? total : null;
}

/** Whole seconds as the shortest Prometheus duration: 300 → "5m", 5400 → "1h30m". */
export function formatPromDuration(seconds: number): string {
  let rest = Math.round(seconds);
  if (rest <= 0) return '0s';
  let out = '';
  for (const [unit, size] of [['d', 86_400], ['h', 3600], ['m', 60], ['s', 1]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}

/** Parses `now`, an RFC 3339 time or Unix seconds into Unix seconds; null when it is none of these. */
export function parseTime(text: string, nowS: number): number | null {
  const t = text.trim();
  if (t === 'now') return nowS;
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) return null;
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms / 1000 : null;
}

/** Unix seconds before this (2000-01-01T00:00:00Z) are taken for a mistake: no Prometheus holds data so old. */
export const EARLIEST_TIME_S = 946_684_800;

/** The forms a time flag takes, for hints. */
export const TIME_FORMS = 'now, an RFC 3339 time (2026-11-25T14:00:00Z) or Unix seconds (1795622703)';

/**
 * A time flag (`--at`, `--end`) read into Unix seconds, or why not: a duration (`500ms`, `5m`) is
 * not a time, and a bare number before 2000 (`--at 500`: 1970-01-01T00:08:20Z) is refused.
 */
export function readTimeFlag(flag: string, text: string, nowS: number): { ok: true; s: number } | { ok: false; message: string; hint: string } {
  const t = parseTime(text, nowS);
  const word = text.trim();
  if (t !== null && !(/^\d+(\.\d+)?$/.test(word) && t < EARLIEST_TIME_S)) return { ok: true, s: t };
  const hint = `${flag} takes ${TIME_FORMS}`;
  if (t !== null) return { ok: false, message: `${flag} ${word}: as Unix seconds that is ${formatTime(t)}, before any Prometheus data`, hint };
  if (parsePromDuration(word) !== null || /^\d+(\.\d+)?\s*[a-zµ]+$/i.test(word)) return { ok: false, message: `${flag} ${word}: a duration, not a time`, hint };
  return { ok: false, message: `${flag} ${word}: not a time`, hint };
}

/** Unix seconds as RFC 3339 UTC, whole seconds: 0 → "1970-01-01T00:00:00Z". */
export function formatTime(unixS: number): string {
  return new Date(Math.round(unixS) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}

/** A label value as a PromQL double-quoted string. */
export function quoteLabelValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** Equality matchers in a stable order, as the inside of a selector: `job="api",namespace="prod"`. */
export function matchers(pairs: Readonly<Record<string, string>>): string {
  return Object.keys(pairs)
    .sort()
    .map((k) => `${k}=${quoteLabelValue(pairs[k]!)}`)
    .join(',');
}

/** The inside of a `{…}` selector given by a user, or null when the text is not one. */
export function selectorBody(text: string): string | null {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return null;
  return t.slice(1, -1).trim();
}

/** Splits `metric_name{…}` into its name and selector body; null when it is not of that form. */
export function splitMetricSelector(text: string): { metric: string; body: string | null } | null {
  const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(\{[\s\S]*\})?$/.exec(text.trim());
  if (!m) return null;
  return { metric: m[1]!, body: m[2] === undefined ? null : selectorBody(m[2]) };
}
