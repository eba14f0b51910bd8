/**
 * The CSV tokenizer against tables written by the test: every field's value, line and column
 * come back as written (RFC 4180 quoting for fields with delimiters, quotes, line breaks or
 * outer blanks; unquoted fields trimmed, their column at the first visible character).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CsvField, parseCsv } from '../../src/fit/parse/csv-text.js';

/** A table as text, with each field's expected value and position. */
function writeTable(rows: { text: string; pad: number }[][], delimiter: string, crlf: boolean): { text: string; expected: { line: number; fields: CsvField[] }[] } {
  let text = '';
  let line = 1;
  let col = 1;
  const put = (s: string): void => {
    for (const ch of s) {
      text += ch;
      if (ch === '\n') {
        line++;
        col = 1;
      } else col++;
    }
  };
  const expected = rows.map((row) => {
    const recordLine = line;
    const fields = row.map(({ text: value, pad }, i) => {
      if (i > 0) put(delimiter);
      const needsQuotes = value.includes(delimiter) || /["\r\n]/.test(value) || value.trim() !== value;
      if (needsQuotes) {
        const field = { value, line, col };
        put(`"${value.replace(/"/g, '""')}"`);
        return field;
      }
      if (value !== '') put(' '.repeat(pad));
      const field = { value, line, col };
      put(value);
      return field;
    });
    put(crlf ? '\r\n' : '\n');
    return { line: recordLine, fields };
  });
  return { text, expected };
}

describe('parseCsv', () => {
  it('gives back every field with its line and column', () => {
    const field = fc.record({ text: fc.stringMatching(/^[a-z0-9. ,;\t"\n-]{0,8}$/), pad: fc.integer({ min: 0, max: 2 }) });
    fc.assert(
      fc.property(
        fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }),
        fc.constantFrom(',', ';'),
        fc.boolean(),
        (rows, delimiter, crlf) => {
          const { text, expected } = writeTable(rows, delimiter, crlf);
          const table = parseCsv(text, delimiter);
          expect(table.error).toBeUndefined();
          expect(table.records).toEqual(expected);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads a quote inside an unquoted field as a character, and says where a quoted field never closes', () => {
    expect(parseCsv('a,b"c\n1, 2\n').records.map((r) => r.fields.map((f) => [f.value, f.col]))).toEqual([[['a', 1], ['b"c', 3]], [['1', 1], ['2', 4]]]);
    expect(parseCsv('a,b\n1,"2\n').error).toEqual({ line: 2, col: 3, message: 'a quoted field is never closed' });
  });
});
