/**
 * Generic JSON: an array of objects (`[{"concurrency": 1, "throughput": 65}, …]`), the same
 * under a `points` key, or an array of `[N, X]` pairs. Columns are found by name as in CSV.
 */

import { LoadPoints } from '../usl-model.js';
import { chooseColumn } from './columns.js';
import { type JsonText, parseJsonText } from '../../profile/json-text.js';
import { MAX_FIT_POINTS, MAX_LISTED_PROBLEMS } from '../../profile/limits.js';
import { ASSUMED_PER_SECOND, perSecondLabel, perSecondNote, rateUnitOfColumn, toPerSecond } from '../rate-unit.js';
import { type FitDiagnostic, type ParseOptions, type ParseResult, pointProblem, tooManyPoints } from './types.js';

/** Read (concurrency, throughput) pairs from JSON text. */
export function parseGenericJson(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const parsed = parseJsonText(text);
  if (!parsed.ok) return [{ file, line: parsed.line, col: parsed.col, message: parsed.message }];
  const json = parsed.json;
  let rows: unknown = json.value;
  let base: (string | number)[] = [];
  if (isRecord(rows) && Array.isArray(rows['points'])) {
    rows = rows['points'];
    base = ['points'];
  }
  if (!Array.isArray(rows)) {
    return [{ file, ...json.positionOf([]), message: 'expected an array of points or an object with a "points" array' }];
  }
  if (rows.length === 0) return [{ file, ...json.positionOf(base), message: 'no points' }];
  if (rows.every((r) => Array.isArray(r))) return readPairs(rows as unknown[][], json, base, file);
  return readObjects(rows, json, base, file, options);
}

function readObjects(rows: unknown[], json: JsonText, base: (string | number)[], file: string, options: ParseOptions): ParseResult {
  const first = rows.find(isRecord);
  if (!first) return [{ file, ...json.positionOf(base), message: 'points must be objects such as {"concurrency": 1, "throughput": 65}' }];
  const keys = Object.keys(first);
  const x = chooseColumn(keys, options.x, 'concurrency');
  const y = chooseColumn(keys, options.y, 'throughput', 'index' in x ? x.index : -1);
  const errors: FitDiagnostic[] = [];
  const at = json.positionOf([...base, rows.indexOf(first)]);
  if ('error' in x) errors.push({ file, ...at, message: x.error, hint: x.hint.replace('columns are', 'keys are') });
  if ('error' in y) errors.push({ file, ...at, message: y.error, hint: y.hint.replace('columns are', 'keys are') });
  if ('error' in x || 'error' in y) return errors;
  // The key's time unit, from its name: values are read per second; a unit not understood is refused at the first point's key.
  const rateUnit = rateUnitOfColumn(y.name);
  if ('error' in rateUnit) return [{ file, ...json.keyPositionOf([...base, rows.indexOf(first), y.name]), message: rateUnit.error, hint: rateUnit.hint }];
  if (rows.length > MAX_FIT_POINTS) return [{ ...tooManyPoints(file, 1), ...json.positionOf([...base, MAX_FIT_POINTS]) }];
  const points = new LoadPoints();
  rows.every((row, i) => {
    if (errors.length >= MAX_LISTED_PROBLEMS) return false;
    const path = [...base, i];
    if (!isRecord(row)) {
      errors.push({ file, ...json.positionOf(path), message: 'expected an object' });
      return true;
    }
    const n = readValue(row, x.name, [...path, x.name], json, file, errors);
    const value = readValue(row, y.name, [...path, y.name], json, file, errors);
    if (n === null || value === null) return true;
    const v = toPerSecond(value, rateUnit);
    const problem = rateUnit.seconds === 1 ? checkPoint(n, v) : pointProblem(n, v, 'concurrency', `throughput ${perSecondLabel(`"${y.name}"`, rateUnit)}`);
    if (problem) errors.push({ file, ...json.positionOf(path), message: problem });
    else points.push(n, v);
    return true;
  });
  if (errors.length > 0) return errors;
  return { points, source: `json: ${file}`, format: 'json', xLabel: x.name, yLabel: y.name, rateUnit, notes: rateUnit.seconds === 1 ? [] : [perSecondNote(file, y.name, rateUnit)] };
}

function readPairs(rows: unknown[][], json: JsonText, base: (string | number)[], file: string): ParseResult {
  if (rows.length > MAX_FIT_POINTS) return [{ ...tooManyPoints(file, 1), ...json.positionOf([...base, MAX_FIT_POINTS]) }];
  const errors: FitDiagnostic[] = [];
  const points = new LoadPoints();
  rows.every((row, i) => {
    if (errors.length >= MAX_LISTED_PROBLEMS) return false;
    const [n, v] = row;
    if (row.length !== 2 || typeof n !== 'number' || typeof v !== 'number') {
      errors.push({ file, ...json.positionOf([...base, i]), message: 'expected a pair [concurrency, throughput] of numbers' });
      return true;
    }
    const problem = checkPoint(n, v);
    if (problem) errors.push({ file, ...json.positionOf([...base, i]), message: problem });
    else points.push(n, v);
    return true;
  });
  if (errors.length > 0) return errors;
  return { points, source: `json: ${file}`, format: 'json', xLabel: 'concurrency', yLabel: 'throughput', rateUnit: ASSUMED_PER_SECOND, notes: [] };
}

function readValue(
  row: Record<string, unknown>,
  key: string,
  path: (string | number)[],
  json: JsonText,
  file: string,
  errors: FitDiagnostic[],
): number | null {
  const raw = row[key];
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
  if (Number.isFinite(value)) return value;
  errors.push({
    file,
    ...json.positionOf(raw === undefined ? path.slice(0, -1) : path),
    // JSON.parse reads 1e999 as Infinity, which JSON.stringify would print as null.
    message: raw === undefined ? `missing "${key}"` : typeof raw === 'number' && !Number.isNaN(raw) ? `"${key}" is too large: beyond the largest number capplan can hold` : `"${key}" is not a number: ${JSON.stringify(raw)}`,
  });
  return null;
}

function checkPoint(n: number, x: number): string | null {
  return pointProblem(n, x);
}

/** A plain JSON object. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
