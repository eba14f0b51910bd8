/**
 * Generic CSV: a header row naming a concurrency column and a throughput column (or two
 * unnamed numeric columns, as in codahale/usl's example.csv), one measurement per row.
 */

import { LoadPoints } from '../usl-model.js';
import { chooseColumn } from './columns.js';
import { type CsvField, type CsvRecord, type CsvTable, detectDelimiter, eachCsvRecord, eachCsvRecordFrom } from './csv-text.js';
import { PlainLines, numberIn } from './plain-lines.js';
import { ASSUMED_PER_SECOND, type RateUnit, perSecondLabel, perSecondNote, rateUnitOfColumn, toPerSecond } from '../rate-unit.js';
import { MAX_FIT_POINTS } from '../../profile/limits.js';
import { type FitDiagnostic, type LoadSeries, type ParseOptions, type ParseResult, parseNumber, pointProblem, tooManyPoints } from './types.js';

/**
 * Read (concurrency, throughput) pairs from CSV text. Plain lines (no quote character) are read
 * in place (PlainLines): a data row whose two cells are numbers making a valid point becomes
 * that point with nothing else built. Any other line (the header, a short row, a cell that is not
 * a number, a point out of range, the row past the point limit) is made into the record the
 * tokenizer would have given and read by the same code as before, so every diagnostic and its
 * order stay as they were; from the first line holding a quote on, the tokenizer reads the rest.
 * parseGenericCsvSlow, the tokenizer all the way, is the reference the tests hold this to.
 */
export function parseGenericCsv(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const delimiter = detectDelimiter(text);
  const csv = csvReader(file, options);
  const lines = new PlainLines(text, delimiter);
  while (lines.advance()) {
    const rows = csv.rows();
    if (rows ? rows.addPlain(lines) : csv.refused()) continue;
    const record = lines.record();
    if (record) csv.add(record);
  }
  return csv.finish(lines.quoted ? eachCsvRecordFrom(lines.src, lines.start, lines.line, csv.add, delimiter) : undefined);
}

/** parseGenericCsv with every line through the tokenizer: the reference for the fast road. */
export function parseGenericCsvSlow(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const csv = csvReader(file, options);
  return csv.finish(eachCsvRecord(text, csv.add));
}

/**
 * Takes records one at a time: the first is the header (or the first row of a headerless file),
 * the rest go to the row reader, or nowhere once the header was refused. Each row is read into
 * its point as it comes, so no row outlives its point (see eachCsvRecord).
 */
function csvReader(file: string, options: ParseOptions): {
  add(record: CsvRecord): void;
  /** The row reader, once a header was accepted. */
  rows(): RowReader | undefined;
  /** True once the header was refused: later rows are not read. */
  refused(): boolean;
  finish(error: CsvTable['error']): ParseResult;
} {
  let header: CsvRecord | undefined;
  let refusal: FitDiagnostic[] | undefined;
  let reader: RowReader | undefined;
  const add = (record: CsvRecord): void => {
    if (header) {
      reader?.add(record);
      return;
    }
    header = record;
    const spec = headerSpec(record, file, options);
    if (Array.isArray(spec)) refusal = spec;
    else {
      reader = rowReader(spec);
      if (spec.headerless) reader.add(record);
    }
  };
  const finish = (error: CsvTable['error']): ParseResult => {
    if (error) return [{ file, line: error.line, col: error.col, message: error.message }];
    if (!header) return [{ file, line: 1, message: 'empty file: no header and no rows' }];
    return refusal ?? (reader as RowReader).finish();
  };
  return { add, rows: () => reader, refused: () => refusal !== undefined, finish };
}

/** The columns to read, from the first record: a header naming them, or two numbers (headerless, with a note); or why not. */
function headerSpec(header: CsvRecord, file: string, options: ParseOptions): RowSpec | FitDiagnostic[] {
  const headerless = header.fields.every((f) => parseNumber(f.value) !== null);
  if (headerless) {
    if (header.fields.length !== 2 || options.x !== undefined || options.y !== undefined) {
      return [{
        file,
        line: header.line,
        message: 'the first row is numbers, not column names',
        hint: 'add a header row such as "concurrency,throughput"',
      }];
    }
    return { file, xIndex: 0, yIndex: 1, xLabel: 'concurrency', yLabel: 'throughput', rateUnit: ASSUMED_PER_SECOND, notes: ['no header row: first column read as concurrency, second as throughput'], headerless: true, fieldCount: 2 };
  }
  const names = header.fields.map((f) => f.value);
  const x = chooseColumn(names, options.x, 'concurrency');
  const y = chooseColumn(names, options.y, 'throughput', 'index' in x ? x.index : -1);
  const errors: FitDiagnostic[] = [];
  if ('error' in x) errors.push({ file, line: header.line, col: 1, message: x.error, hint: x.hint });
  if ('error' in y) errors.push({ file, line: header.line, col: 1, message: y.error, hint: y.hint });
  if ('error' in x || 'error' in y) return errors;
  if (x.index === y.index) {
    return [{ file, line: header.line, message: `concurrency and throughput are the same column "${x.name}"` }];
  }
  // The column's time unit, from its name: the points are read per second; a unit not understood is refused at the header cell.
  const rateUnit = rateUnitOfColumn(y.name);
  if ('error' in rateUnit) {
    const cell = header.fields[y.index] as CsvField;
    return [{ file, line: cell.line, col: cell.col, message: rateUnit.error, hint: rateUnit.hint }];
  }
  const notes = rateUnit.seconds === 1 ? [] : [perSecondNote(file, y.name, rateUnit)];
  return { file, xIndex: x.index, yIndex: y.index, xLabel: x.name, yLabel: y.name, rateUnit, notes, headerless: false, fieldCount: header.fields.length };
}

interface RowSpec {
  file: string;
  xIndex: number;
  yIndex: number;
  xLabel: string;
  yLabel: string;
  /** The throughput column's time unit: each cell is read per second (toPerSecond). */
  rateUnit: RateUnit;
  notes: string[];
  /** The first record is data (two numbers), not column names. */
  headerless: boolean;
  /** Fields of the header (or of the first row, headerless): a row with more is refused (a decimal comma, a stray delimiter). */
  fieldCount: number;
}

/** Reads data rows one at a time into points and diagnostics; `finish` gives the series or the diagnostics. */
interface RowReader {
  add(row: CsvRecord): void;
  /**
   * Reads the current plain line when it is a row that adds a point (or a row past the point
   * limit, which is not read); false otherwise, and nothing done: the caller then adds its record.
   */
  addPlain(lines: PlainLines): boolean;
  finish(): ParseResult;
}

function rowReader(spec: RowSpec): RowReader {
  const { file, xIndex, yIndex, xLabel, yLabel, rateUnit, fieldCount } = spec;
  // A point out of range is reported in the per-second value it was checked as: the label says so ('throughput "rpm" ÷ 60').
  const yChecked = `throughput ${perSecondLabel(`"${yLabel}"`, rateUnit)}`;
  const points = new LoadPoints();
  const errors: FitDiagnostic[] = [];
  const need = Math.max(xIndex, yIndex) + 1;
  let firstLine: number | undefined;
  // Set at the row past MAX_FIT_POINTS: later rows are not read.
  let tooMany: FitDiagnostic[] | undefined;
  const add = (row: CsvRecord): void => {
    firstLine ??= row.line;
    if (tooMany) return;
    if (row.fields.length < need) {
      errors.push({ file, line: row.line, message: `row has ${row.fields.length} field(s), expected at least ${need}` });
      return;
    }
    if (row.fields.length > fieldCount) {
      // Read as the first columns, "16,800,5" would be 800 where 800.5 was meant: refused, not guessed.
      const extra = row.fields[fieldCount] as CsvField;
      errors.push({
        file, line: extra.line, col: extra.col,
        message: `row has ${row.fields.length} fields and the ${spec.headerless ? 'first row' : 'header'} ${fieldCount}: ${extra.value === '' ? 'an empty field (a delimiter at the end of the row?)' : `"${extra.value}"`} is in no column`,
        hint: 'a decimal comma splits a number in two (800,5 for 800.5): write 800.5, quote the field, or use ; between fields',
      });
      return;
    }
    const n = readCell(row, xIndex, xLabel, file, errors);
    const cell = readCell(row, yIndex, yLabel, file, errors);
    if (n === null || cell === null) return;
    const x = toPerSecond(cell, rateUnit);
    const nField = row.fields[xIndex];
    const xField = row.fields[yIndex];
    const problem = pointProblem(n, x, `concurrency "${xLabel}"`, yChecked);
    if (problem) {
      errors.push({ file, line: row.line, col: (problem.startsWith('concurrency') ? nField : xField)?.col, message: problem });
      return;
    }
    if (points.length === MAX_FIT_POINTS) {
      tooMany = [...errors, tooManyPoints(file, row.line)];
      return;
    }
    points.push(n, x);
  };
  const addPlain = (lines: PlainLines): boolean => {
    if (tooMany) return true;
    const { src, end } = lines;
    let start = lines.start;
    let nStart = 0;
    let nEnd = 0;
    let xStart = 0;
    let xEnd = 0;
    let fieldEnd = start;
    for (let k = 0; k < need; k++) {
      fieldEnd = lines.fieldEnd(start);
      if (fieldEnd === end && k < need - 1) return false;
      if (k === xIndex) {
        nStart = start;
        nEnd = fieldEnd;
      } else if (k === yIndex) {
        xStart = start;
        xEnd = fieldEnd;
      }
      start = fieldEnd + 1;
    }
    // Fields past the ones read: a row with more than the header's goes to the record road, which refuses it.
    for (let k = need; fieldEnd < end; k++) {
      if (k >= fieldCount) return false;
      fieldEnd = lines.fieldEnd(start);
      start = fieldEnd + 1;
    }
    const n = numberIn(src, nStart, nEnd);
    if (n === null) return false;
    const cell = numberIn(src, xStart, xEnd);
    if (cell === null) return false;
    const x = toPerSecond(cell, rateUnit);
    if (pointProblem(n, x) !== null || points.length === MAX_FIT_POINTS) return false;
    firstLine ??= lines.line;
    points.push(n, x);
    return true;
  };
  const finish = (): ParseResult => {
    if (tooMany) return tooMany;
    if (errors.length > 0) return errors;
    if (points.length === 0) return [{ file, line: firstLine ?? 1, message: 'no data rows' }];
    const series: LoadSeries = { points, source: `csv: ${file}`, format: 'csv', xLabel, yLabel, rateUnit, notes: spec.notes };
    return series;
  };
  return { add, addPlain, finish };
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
      ...separatorHint(field.value),
    });
  }
  return value;
}

/**
 * The hint for a cell written with a comma in its number: digit groups ("1,652.4", "12,000") or a
 * decimal comma ("64,9", Excel's export where ";" separates fields). Neither is read: "1,652" is
 * 1652 in one locale and 1.652 in another, and a file need not show which.
 */
function separatorHint(value: string): { hint: string } | Record<string, never> {
  const t = value.trim();
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(t) && t.includes('.')) {
    return { hint: `a comma groups the digits here: write ${t.replace(/,/g, '')}, without separators (a CSV cell is read as a plain number)` };
  }
  if (/^[+-]?\d*,\d+$/.test(t)) {
    const thousands = /,\d{3}$/.test(t) ? ` (or ${t.replace(',', '')}, if the comma groups thousands)` : '';
    return { hint: `a decimal comma? capplan reads a decimal point: write ${t.replace(',', '.')}${thousands}; export the CSV with "." as the decimal separator` };
  }
  if (/^[+-]?\d{1,3}(,\d{3})+(,\d+)?$/.test(t) || /^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(t)) {
    return { hint: 'digit groups or a decimal comma are not read in a CSV cell: write the plain number with a decimal point (1652.4)' };
  }
  return {};
}
