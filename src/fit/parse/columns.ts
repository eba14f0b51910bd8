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
  if (explicit !== undefined) {
    const wanted = explicit.trim().toLowerCase();
    let index = headers.findIndex((h) => h.trim().toLowerCase() === wanted);
    if (index < 0) index = normalised.indexOf(normaliseName(explicit));
    if (index < 0) return { error: `no column named "${explicit}" (${flag})`, hint: `columns are ${list}` };
    return { index, name: headers[index] as string };
  }
  for (const candidate of candidates) {
    const index = normalised.findIndex((h, i) => h === candidate && i !== exclude);
    if (index >= 0) return { index, name: headers[index] as string };
  }
  return {
    error: `no ${role} column found`,
    hint: `name one ${candidates.map((c) => `"${c}"`).join(', ')} or pass ${flag} COLUMN; columns are ${list}`,
  };
}
