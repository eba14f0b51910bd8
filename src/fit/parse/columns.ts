/**
 * Which column holds the concurrency and which the throughput: named with `--x`/`--y`, or
 * recognised by the conventional names load tests use. A throughput column may say its time unit
 * in its name (`throughput_per_min`, `rpm`, `Throughput (req/min)`): rate-unit.ts reads that unit.
 */
import { RATE_WORDS, rateUnitOfColumn } from '../rate-unit.js';

/** Header names taken as concurrency N (case-insensitive). */
export const CONCURRENCY_NAMES = ['concurrency', 'load', 'processors', 'clients', 'threads', 'users', 'vus', 'n'] as const;
/** Header names taken as throughput X (case-insensitive), before the names that carry a time unit. */
export const THROUGHPUT_NAMES = ['throughput', 'rps', 'tps', 'x'] as const;

/** Words that, first in a name whose time unit capplan reads, make it a throughput: `requests_per_second`, `ops/min`. */
const COUNT_WORDS = new Set(['requests', 'request', 'reqs', 'req', 'queries', 'query', 'transactions', 'txns', 'txn', 'ops', 'operations']);

/** Lower-case, trimmed, with a trailing unit in brackets dropped: "Throughput (req/s)" → "throughput". */
export function normaliseName(name: string): string {
  return name
    .trim()
    .replace(/\s*[([{][^)\]}]*[)\]}]\s*$/, '')
    .trim()
    .toLowerCase();
}

/** The first word of a column name, lower-case, camelCase split: "throughputPerMinute" → "throughput". */
function firstWord(name: string): string {
  return /[a-z0-9]+/.exec(name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase())?.[0] ?? '';
}

/**
 * True when a column's name marks it as the concurrency or the throughput. A throughput is one of
 * THROUGHPUT_NAMES (a unit in brackets dropped), a name that opens with "throughput" or a rate
 * word (`throughput_per_min`, `throughput/min`, `throughputPerMinute`, `rpm`, `qps`, `tpm`,
 * `rps (per minute)`: its unit, or why it has none capplan reads, is rate-unit.ts's to say), or a
 * count of requests with a time unit capplan reads (`requests_per_second`, `req/min`).
 */
export function isColumnOf(role: 'concurrency' | 'throughput', name: string): boolean {
  const normalised = normaliseName(name);
  if (role === 'concurrency') return (CONCURRENCY_NAMES as readonly string[]).includes(normalised);
  if ((THROUGHPUT_NAMES as readonly string[]).includes(normalised)) return true;
  const first = firstWord(name);
  if (first === 'throughput' || (Object.hasOwn(RATE_WORDS, first) && first !== 'hz')) return true;
  if (!COUNT_WORDS.has(first)) return false;
  const unit = rateUnitOfColumn(name);
  return !('error' in unit) && !unit.assumed;
}

/** The chosen column, or why none could be chosen. */
export type ColumnChoice = { index: number; name: string } | { error: string; hint: string };

/**
 * Pick a column: the explicit name when given (exact, case-insensitive), else the one column
 * whose name marks it for `role` (isColumnOf). Two such columns are refused, not one of them
 * taken: two of one name are two measurements, and "users" beside "threads" are two
 * concurrencies; `--x`/`--y` says which. `exclude` keeps x and y from landing on the same column.
 */
export function chooseColumn(
  headers: readonly string[],
  explicit: string | undefined,
  role: 'concurrency' | 'throughput',
  exclude = -1,
): ColumnChoice {
  const normalised = headers.map(normaliseName);
  const flag = role === 'concurrency' ? '--x' : '--y';
  const list = headers.map((h) => `"${h}"`).join(', ');
  const where = (test: (i: number) => boolean) => headers.map((_, i) => i).filter(test);
  if (explicit !== undefined) {
    const wanted = explicit.trim().toLowerCase();
    let matches = where((i) => headers[i]!.trim().toLowerCase() === wanted);
    if (matches.length === 0) matches = where((i) => normalised[i] === normaliseName(explicit));
    if (matches.length === 0) return { error: `no column named "${explicit}" (${flag})`, hint: `columns are ${list}` };
    if (matches.length > 1) {
      return { error: `columns ${matches.map((i) => i + 1).join(' and ')} are both named "${explicit}": which one is the ${role} is not clear`, hint: `rename one of them in the file; columns are ${list}` };
    }
    return { index: matches[0]!, name: headers[matches[0]!] as string };
  }
  const matches = where((i) => i !== exclude && isColumnOf(role, headers[i]!));
  if (matches.length === 1) return { index: matches[0]!, name: headers[matches[0]!] as string };
  if (matches.length > 1) {
    // Two columns of one name are two measurements: taking the first would fit one of them silently.
    const same = matches.every((i) => normalised[i] === normalised[matches[0]!]);
    if (same) {
      return { error: `columns ${matches.map((i) => i + 1).join(' and ')} are both "${normalised[matches[0]!]}": which one is the ${role} is not clear`, hint: `rename one of them in the file; columns are ${list}` };
    }
    const named = matches.map((i) => `"${headers[i]}" (column ${i + 1})`);
    return {
      error: `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]} could each be the ${role}: which one to fit is not clear`,
      hint: `pass ${matches.map((i) => `${flag} ${quoteArg(headers[i]!)}`).join(' or ')}`,
    };
  }
  const known = role === 'concurrency'
    ? CONCURRENCY_NAMES.map((c) => `"${c}"`).join(', ')
    : `${THROUGHPUT_NAMES.map((c) => `"${c}"`).join(', ')}, or a rate with its time unit such as "throughput_per_min", "rpm", "qps" or "Throughput (req/min)"`;
  return { error: `no ${role} column found`, hint: `name one ${known}, or pass ${flag} COLUMN; columns are ${list}` };
}

/** A column name as a shell argument: bare when it is one plain word, else in single quotes. */
function quoteArg(name: string): string {
  return /^[A-Za-z0-9_.\/-]+$/.test(name) ? name : `'${name.replace(/'/g, `'\\''`)}'`;
}
