/**
 * A small RFC 4180 CSV tokenizer that keeps positions: every field knows its 1-based line
 * and column, so a bad value can be reported where it is. Handles quoted fields with commas,
 * doubled quotes and line breaks, CRLF, a UTF-8 BOM, and comma/semicolon/tab delimiters.
 */
import { parseNumber, type FitDiagnostic } from './types.js';

/** One field with the position of its first character. */
export interface CsvField {
  value: string;
  line: number;
  col: number;
}

/** One record (a row of fields) and the line it starts on. */
export interface CsvRecord {
  line: number;
  fields: CsvField[];
}

/** Tokenised CSV text. `error` is set when a quoted field never closes. */
export interface CsvTable {
  delimiter: string;
  records: CsvRecord[];
  error?: { line: number; col: number; message: string };
}

/** Guess the delimiter from the first line: the most frequent of `,`, `;` and tab (comma on ties). */
export function detectDelimiter(text: string): string {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => ({ d, n: first.split(d).length - 1 }));
  const best = counts.reduce((a, b) => (b.n > a.n ? b : a));
  return best.n > 0 ? best.d : ',';
}

/** Split CSV text into records, skipping blank lines. */
export function parseCsv(text: string, delimiter = detectDelimiter(text)): CsvTable {
  const records: CsvRecord[] = [];
  const error = eachCsvRecord(text, (record) => records.push(record), delimiter);
  return error ? { delimiter, records, error } : { delimiter, records };
}

/**
 * Hands each record of CSV text to `onRecord` as it is read, skipping blank lines; returns the
 * error when a quoted field never closes (after the records before it). A reader that keeps only
 * what it needs of each record leaves the rest to die young: on a 100,000-row file the garbage
 * collector then copies far less than when every record is kept to the end.
 */
export function eachCsvRecord(text: string, onRecord: (record: CsvRecord) => void, delimiter = detectDelimiter(text)): CsvTable['error'] {
  return eachCsvRecordFrom(text.replace(/^\uFEFF/, ''), 0, 1, onRecord, delimiter);
}

/**
 * eachCsvRecord from `start`, the first character of line `line` of `src` (text without its
 * BOM): a reader that took the lines before it by a faster road hands the rest over here, and
 * the records, positions and error are those a read from the top would give, since at the start
 * of a line outside quotes the tokenizer holds nothing from the lines before.
 */
export function eachCsvRecordFrom(src: string, start: number, line: number, onRecord: (record: CsvRecord) => void, delimiter: string): CsvTable['error'] {
  let col = 1;
  let i = start;
  let fields: CsvField[] = [];
  let recordLine = line;
  let value = '';
  let fieldLine = line;
  let fieldCol = 1;
  let quoted = false;
  let inQuotes = false;
  let quoteStart = { line, col: 1 };
  const delimiterCode = delimiter.charCodeAt(0);

  const endField = (): void => {
    fields.push({ value: quoted ? value : value.trim(), line: fieldLine, col: fieldCol });
    value = '';
    quoted = false;
  };
  const endRecord = (): void => {
    endField();
    const blank = fields.length === 1 && fields[0]?.value === '' ;
    if (!blank) onRecord({ line: recordLine, fields });
    fields = [];
  };

  while (i < src.length) {
    const ch = src[i] as string;
    if (inQuotes) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          value += '"';
          i += 2;
          col += 2;
          continue;
        }
        inQuotes = false;
        i++;
        col++;
        continue;
      }
      value += ch;
      i++;
      if (ch === '\n') {
        line++;
        col = 1;
      } else col++;
      continue;
    }
    if (ch === '"' && value.trim() === '') {
      inQuotes = true;
      quoted = true;
      value = '';
      quoteStart = { line, col };
      i++;
      col++;
      continue;
    }
    if (ch === delimiter) {
      endField();
      i++;
      col++;
      fieldLine = line;
      fieldCol = col;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      col = 1;
      recordLine = line;
      fieldLine = line;
      fieldCol = 1;
      continue;
    }
    if (value === '' && !quoted && (ch === ' ' || ch === '\t')) {
      // leading blanks: the field starts at its first visible character
      i++;
      col++;
      fieldCol = col;
      continue;
    }
    // A run of plain characters is taken whole (a character at a time costs a string per character on 10⁵-row files).
    let j = i + 1;
    while (j < src.length) {
      const c = src.charCodeAt(j);
      if (c === delimiterCode || c === 10 || c === 13 || c === 34) break;
      j++;
    }
    value += src.slice(i, j);
    col += j - i;
    i = j;
  }
  if (inQuotes) return { ...quoteStart, message: 'a quoted field is never closed' };
  if (value !== '' || fields.length > 0 || quoted) endRecord();
  return undefined;
}

/** The number in one cell of a record; a missing or non-numeric cell adds a positioned diagnostic and gives null. */
export function numericCell(record: CsvRecord, index: number, column: string, file: string, errors: FitDiagnostic[], hint?: string): number | null {
  const field: CsvField | undefined = record.fields[index];
  const value = field ? parseNumber(field.value) : null;
  if (value === null) {
    errors.push({
      file,
      line: field?.line ?? record.line,
      col: field?.col,
      message: field ? `"${field.value}" in column "${column}" is not a number` : `row is missing column "${column}"`,
      ...(hint ? { hint } : {}),
    });
  }
  return value;
}
