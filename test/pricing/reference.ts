// Test helper: reads rows of the reference price tables straight from data/reference/pricing,
// independently of the catalog build script, so tests compare against the sources.
import { readFileSync } from 'node:fs';

const ROOT = new URL('../../data/reference/pricing/', import.meta.url);

/** The text of a reference file, by path relative to data/reference/pricing/. */
export function referenceText(path: string): string {
  return readFileSync(new URL(path, ROOT), 'utf8');
}

/** Rows of a simple (unquoted) reference CSV as objects keyed by header. */
export function referenceRows(path: string): Record<string, string>[] {
  const [header, ...lines] = referenceText(path).trim().split(/\r?\n/);
  const keys = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(keys.map((k, i) => [k, cells[i] ?? '']));
  });
}

/** One row by its key column value; throws when absent. */
export function referenceRow(path: string, keyColumn: string, key: string): Record<string, string> {
  const row = referenceRows(path).find((r) => r[keyColumn] === key);
  if (!row) throw new Error(`${key} not in ${path}`);
  return row;
}
