/** Test helpers for the fit suite: reference data and fixture loading. */

import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InputFile } from '../../src/fit/parse/types.js';
import type { LoadPoint } from '../../src/fit/usl-model.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const repoRoot = join(here, '..', '..');
/** test/fixtures/loadtools. */
export const fixtures = join(repoRoot, 'test', 'fixtures', 'loadtools');

/** Points of a data/reference CSV, read with plain string splitting (independent of the readers under test). */
export function referencePoints(file: string, xColumn: string, yColumn: string): LoadPoint[] {
  const [head, ...rows] = readFileSync(join(repoRoot, 'data', 'reference', file), 'utf8').trim().split('\n');
  const names = (head ?? '').split(',');
  const xi = names.indexOf(xColumn);
  const yi = names.indexOf(yColumn);
  if (xi < 0 || yi < 0) throw new Error(`${file}: no column ${xColumn} or ${yColumn}`);
  return rows.map((row) => {
    const cells = row.split(',');
    return { n: Number(cells[xi]), x: Number(cells[yi]) };
  });
}

/** A fixture file (or every file of a fixture directory) as reader input. */
export function fixtureFiles(path: string): InputFile[] {
  const full = join(fixtures, path);
  if (statSync(full).isDirectory()) {
    return readdirSync(full).map((name) => ({ name, text: readFileSync(join(full, name), 'utf8') }));
  }
  return [{ name: path.split('/').pop() as string, text: readFileSync(full, 'utf8') }];
}

/** The text of one fixture file. */
export function fixtureText(path: string): string {
  return readFileSync(join(fixtures, path), 'utf8');
}

/**
 * |actual − printed| ≤ units × (one unit in the last printed digit). A value printed as
 * "0.0277285" has 7 decimals; units = 0.5 means "rounds to the printed value".
 */
export function toleranceOf(printed: string, units = 0.5): number {
  const mantissa = printed.toLowerCase().split('e')[0] as string;
  const exponent = Number(printed.toLowerCase().split('e')[1] ?? 0);
  const decimals = mantissa.includes('.') ? (mantissa.split('.')[1] as string).length : 0;
  return units * 10 ** (exponent - decimals);
}
