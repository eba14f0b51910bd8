/**
 * Generic CSV: a header row naming a concurrency column and a throughput column (or two
 * unnamed numeric columns, as in codahale/usl's example.csv), one measurement per row.
 */

import type { LoadPoint } from '../usl-model.js';
import { CONCURRENCY_NAMES, THROUGHPUT_NAMES, chooseColumn } from './columns.js';
import { type CsvRecord, parseCsv } from './csv-text.js';
import { MAX_FIT_POINTS } from '../../profile/limits.js';
import { type FitDiagnostic, type LoadSeries, type ParseOptions, type ParseResult, parseNumber, pointProblem, tooManyPoints } from './types.js';

/** Read (concurrency, throughput) pairs from CSV text. */
export function parseGenericCsv(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const table = parseCsv(text);
  if (table.error) return [{ file, line: table.error.line, col: table.error.col, message: table.error.message }];
  const [header, ...rows] = table.records;
  if (!header) return [{ file, line: 1, message: 'empty file: no header and no rows' }];

  const headerless = header.fields.every((f) => parseNumber(f.value) !== null);
  let xIndex: number;
  let yIndex: number;
  let xLabel: string;
  let yLabel: string;
  const notes: string[] = [];
  let dataRows: CsvRecord[];
  if (headerless) {
    if (header.fields.length !== 2 || options.x !== undefined || options.y !== undefined) {
      return [{
        file,
        line: header.line,
        message: 'the first row is numbers, not column names',
        hint: 'add a header row such as "concurrency,throughput"',
      }];
    }
    [xIndex, yIndex, xLabel, yLabel] = [0, 1, 'concurrency', 'throughput'];
    dataRows = table.records;
    notes.push('no header row: first column read as concurrency, second as throughput');
  } else {
    const names = header.fields.map((f) => f.value);
    const x = chooseColumn(names, options.x, CONCURRENCY_NAMES, 'concurrency');
    const y = chooseColumn(names, options.y, THROUGHPUT_NAMES, 'throughput', 'index' in x ? x.index : -1);
    const errors: FitDiagnostic[] = [];
    if ('error' in x) errors.push({ file, line: header.line, col: 1, message: x.error, hint: x.hint });
    if ('error' in y) errors.push({ file, line: header.line, col: 1, message: y.error, hint: y.hint });
    if ('error' in x || 'error' in y) return errors;
    if (x.index === y.index) {
      return [{ file, line: header.line, message: `concurrency and throughput are the same column "${x.name}"` }];
    }
    [xIndex, yIndex, xLabel, yLabel] = [x.index, y.index, x.name, y.name];
    dataRows = rows;
  }
  return readRows(dataRows, { file, xIndex, yIndex, xLabel, yLabel, notes });
}

interface RowSpec {
  file: string;
  xIndex: number;
  yIndex: number;
  xLabel: string;
  yLabel: string;
  notes: string[];
}

function readRows(rows: CsvRecord[], spec: RowSpec): ParseResult {
  const { file, xIndex, yIndex, xLabel, yLabel } = spec;
  const points: LoadPoint[] = [];
  const errors: FitDiagnostic[] = [];
  for (const row of rows) {
    const need = Math.max(xIndex, yIndex) + 1;
    if (row.fields.length < need) {
      errors.push({ file, line: row.line, message: `row has ${row.fields.length} field(s), expected at least ${need}` });
      continue;
    }
    const n = readCell(row, xIndex, xLabel, file, errors);
    const x = readCell(row, yIndex, yLabel, file, errors);
    if (n === null || x === null) continue;
    const nField = row.fields[xIndex];
    const xField = row.fields[yIndex];
    const problem = pointProblem(n, x, `concurrency "${xLabel}"`, `throughput "${yLabel}"`);
    if (problem) {
      errors.push({ file, line: row.line, col: (problem.startsWith('concurrency') ? nField : xField)?.col, message: problem });
      continue;
    }
    if (points.length === MAX_FIT_POINTS) return [...errors, tooManyPoints(file, row.line)];
    points.push({ n, x });
  }
  if (errors.length > 0) return errors;
  if (points.length === 0) return [{ file, line: (rows[0]?.line ?? 1), message: 'no data rows' }];
  const series: LoadSeries = { points, source: `csv: ${file}`, format: 'csv', xLabel, yLabel, notes: spec.notes };
  return series;
}

function readCell(row: CsvRecord, index: number, label: string, file: string, errors: FitDiagnostic[]): number | null {
  const field = row.fields[index];
  if (!field) return null;
  const value = parseNumber(field.value);
  if (value === null) {
    errors.push({
      file,
      line: field.line,
      col: field.col,
      message: field.value === '' ? `empty value in column "${label}"` : `"${field.value}" in column "${label}" is not a number`,
    });
  }
  return value;
}
