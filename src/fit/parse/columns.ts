/**
 * Which column holds the concurrency and which the throughput: named with `--x`/`--y`, or
 * recognised by the conventional names load tests use.
 */

/** Header names taken as concurrency N, in order of preference (case-insensitive). */
export const CONCURRENCY_NAMES = ['concurrency', 'load', 'processors', 'clients', 'threads', 'users', 'vus', 'n'] as const;
/** Header names taken as throughput X, in order of preference (case-insensitive). */
export const THROUGHPUT_NAMES = ['throughput', 'rps', 'tps', 'x'] as const;

/** Lower-case, trimmed, with a trailing unit in brackets dropped: "Throughput (req/s)" → "throughput". */
export function normaliseName(name: string): string {
  return name
    .trim()
    .replace(/\s*[([{][^)\]}]*[)\]}]\s*$/, '')
    .trim()
    .toLowerCase();
}

/** The chosen column, or why none could be chosen. */
export type ColumnChoice = { index: number; name: string } | { error: string; hint: string };

/**
 * Pick a column: the explicit name when given (exact, case-insensitive), else the first of
 * `candidates` that a header carries. `exclude` keeps x and y from landing on the same column.
 */
export function chooseColumn(
  headers: readonly string[],
  explicit: string | undefined,
  candidates: readonly string[],
  role: 'concurrency' | 'throughput',
  exclude = -1,
): ColumnChoice {
  const normalised = headers.map(normaliseName);
  const flag = role === 'concurrency' ? '--x' : '--y';
  const list = headers.map((h) => `"${h}"`).join(', ');
  // Two columns of one name are two measurements: taking the first would fit one of them silently.
  const twice = (matches: number[], what: string): ColumnChoice | null =>
    matches.length > 1
      ? { error: `columns ${matches.map((i) => i + 1).join(' and ')} are both ${what}: which one is the ${role} is not clear`, hint: `rename one of them in the file; columns are ${list}` }
      : null;
  const where = (test: (i: number) => boolean) => headers.map((_, i) => i).filter(test);
  if (explicit !== undefined) {
    const wanted = explicit.trim().toLowerCase();
    let matches = where((i) => headers[i]!.trim().toLowerCase() === wanted);
    if (matches.length === 0) matches = where((i) => normalised[i] === normaliseName(explicit));
    if (matches.length === 0) return { error: `no column named "${explicit}" (${flag})`, hint: `columns are ${list}` };
    return twice(matches, `named "${explicit}"`) ?? { index: matches[0]!, name: headers[matches[0]!] as string };
  }
  for (const candidate of candidates) {
    const matches = where((i) => normalised[i] === candidate && i !== exclude);
    if (matches.length > 0) return twice(matches, `"${candidate}"`) ?? { index: matches[0]!, name: headers[matches[0]!] as string };
  }
  return {
    error: `no ${role} column found`,
    hint: `name one ${candidates.map((c) => `"${c}"`).join(', ')} or pass ${flag} COLUMN; columns are ${list}`,
  };
}
