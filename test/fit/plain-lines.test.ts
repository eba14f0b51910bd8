/**
 * The generic CSV reader's fast road (src/fit/parse/plain-lines.ts) against the tokenizer it
 * stands in for: numberIn gives what parseNumber gives for every string, and parseGenericCsv
 * gives what parseGenericCsvSlow (the tokenizer all the way) gives, points or diagnostics, on
 * random CSV mixing quotes, embedded delimiters and line breaks, bad and empty cells, blanks,
 * CR / LF / CRLF, a BOM, short and long rows, blank lines and headerless files.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseGenericCsv, parseGenericCsvSlow } from '../../src/fit/parse/generic-csv.js';
import { PlainLines, numberIn } from '../../src/fit/parse/plain-lines.js';
import { type ParseOptions, parseNumber } from '../../src/fit/parse/types.js';
import { MAX_FIT_POINTS } from '../../src/profile/limits.js';

/** Numbers as load tools and people write them, and near misses. */
const numberText = fc.oneof(
  fc.double({ noNaN: true }).map((v) => String(v)),
  fc.double({ noNaN: true, min: -1e6, max: 1e6 }).chain((v) => fc.integer({ min: 0, max: 20 }).map((d) => v.toFixed(d))),
  fc.double({ noNaN: true }).chain((v) => fc.integer({ min: 0, max: 20 }).map((d) => v.toExponential(d))),
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String),
  fc.stringMatching(/^[+-]?\d{0,18}\.?\d{0,18}([eE][+-]?\d{0,5})?$/),
  fc.stringMatching(/^[ \t\u00a0\v+\-.eE0-9x]{0,12}$/),
  fc.constantFrom('', ' ', '.', '-', '+.5', '5.', '-0', '+0', '-0.0e-0', '1e400', '1e-400', '0x10', 'Infinity', 'NaN', '1_000', '١٢', '9007199254740993', '0.1e23', '1e22', '123456789012345e-22', '1,5'),
);

/** A number text with blanks around it, the kinds a CSV cell carries. */
const padded = fc.tuple(fc.stringMatching(/^[ \t\u00a0\u2003\ufeff]{0,2}$/), numberText, fc.stringMatching(/^[ \t\u00a0\r\n]{0,2}$/)).map(([a, s, b]) => a + s + b);

describe('numberIn', () => {
  it('accepts and refuses what parseNumber does, with the same double (-0 included)', () => {
    fc.assert(
      fc.property(padded, fc.string({ maxLength: 3 }), fc.string({ maxLength: 3 }), (cell, before, after) => {
        const text = before + cell + after;
        const got = numberIn(text, before.length, before.length + cell.length);
        const want = parseNumber(cell);
        expect(got === null || want === null ? got === want : Object.is(got, want), `${JSON.stringify(cell)}: ${got} vs ${want}`).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('reads decimal fractions exactly as Number does, at the edges of the fast path', () => {
    for (const s of ['0.1', '0.3', '2.675', '1.005', '100.46', '999999999999999', '999999999999999e22', '1e-22', '123456789012345e-22', '-0', '-0e5', '00000000000001.5', '4.35', '.000001']) {
      expect(Object.is(numberIn(s, 0, s.length), Number(s))).toBe(true);
    }
  });
});

describe('PlainLines', () => {
  it('counts CR, LF and CRLF as one line each, skips the BOM and stops at a line holding a quote', () => {
    const lines = new PlainLines('\ufeffa,b\r\n1,2\r3,4\n\n5,"6"\n7,8', ',');
    const seen: [number, string][] = [];
    while (lines.advance()) seen.push([lines.line, lines.src.slice(lines.start, lines.end)]);
    expect(seen).toEqual([
      [1, 'a,b'],
      [2, '1,2'],
      [3, '3,4'],
      [4, ''],
    ]);
    expect([lines.quoted, lines.line, lines.src.slice(lines.start)]).toEqual([true, 5, '5,"6"\n7,8']);
  });

  it('gives a line as the tokenizer would: trimmed fields, columns at the first visible character, blank lines skipped', () => {
    const lines = new PlainLines('  a ;\tb\u00a0; ;\n \t \n', ';');
    expect(lines.advance()).toBe(true);
    expect(lines.record()).toEqual({
      line: 1,
      fields: [
        { value: 'a', line: 1, col: 3 },
        { value: 'b', line: 1, col: 7 },
        { value: '', line: 1, col: 11 },
        { value: '', line: 1, col: 12 },
      ],
    });
    expect(lines.advance()).toBe(true);
    expect(lines.record()).toBeUndefined();
    expect(lines.advance()).toBe(false);
  });
});

/** One cell of a random CSV: mostly numbers that make a point, then odd numbers, blanks, words, empties and quoted fields with delimiters, quotes and line breaks. */
const good = fc.oneof(fc.integer({ min: 1, max: 64 }).map(String), fc.integer({ min: 1, max: 500_000 }).map((v) => (v / 100).toFixed(2)), fc.integer({ min: 1, max: 10 ** 9 }).map((v) => String(v / 4096)));
const cell = fc.oneof(
  { weight: 30, arbitrary: good },
  { weight: 4, arbitrary: numberText },
  { weight: 3, arbitrary: padded },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'abc', 'n/a', '1e13', '2e6', '-1', '0', 'NaN', 'b"c', '"1"', '" 15.5"', '"a,b"', '"x;y"', '"2\n3"', '"1\r\n"', '"he said ""hi"""', '"unclosed', '"7"x') },
);
const lineEnd = fc.constantFrom('\n', '\r\n', '\r');
/** Six cells and how many to keep: as many as the header names (-1, most often), or any number from none to six. */
const row = fc.tuple(fc.array(cell, { minLength: 6, maxLength: 6 }), fc.oneof({ weight: 4, arbitrary: fc.constant(-1) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 6 }) }));
/** A header naming both columns (among others, in any order), or not, or no header at all. */
const named = fc
  .tuple(
    fc.constantFrom(['concurrency', 'throughput'], ['users', 'rps'], [' Load (VUs) ', 'X'], ['N', 'tps'], ['clients', '"tps"']),
    fc.shuffledSubarray(['when', 'extra', ' note ', 'Users'], { maxLength: 3 }),
    fc.integer({ min: 0, max: 5 }),
    fc.integer({ min: 0, max: 5 }),
  )
  .map(([[x, y], others, i, j]) => {
    const names = [...others];
    names.splice(i % (names.length + 1), 0, x as string);
    names.splice(j % (names.length + 1), 0, y as string);
    return names;
  });
const header = fc.oneof(
  { weight: 6, arbitrary: named },
  { weight: 1, arbitrary: fc.shuffledSubarray(['concurrency', 'throughput', 'users', 'rps', 'when', ' Load (VUs) ', 'X', '"n"', '"tps"'], { minLength: 1, maxLength: 5 }) },
  { weight: 2, arbitrary: fc.tuple(good, good) },
  { weight: 1, arbitrary: fc.tuple(cell, cell) },
);
const csv = fc.record({
  bom: fc.boolean(),
  delimiter: fc.constantFrom(',', ';', '\t'),
  header,
  rows: fc.array(fc.oneof({ weight: 12, arbitrary: row }, { weight: 1, arbitrary: fc.constantFrom<[string[], number]>([[], 0], [[' '], 1], [['\t '], 1]) }), { maxLength: 25 }),
  ends: fc.array(lineEnd, { minLength: 30, maxLength: 30 }),
  finalNewline: fc.boolean(),
});
const options = fc.constantFrom<ParseOptions>({}, {}, {}, { x: 'users' }, { x: 'when', y: 'rps' }, { y: 'missing' });

describe('parseGenericCsv', () => {
  it('gives what the tokenizer gives on random CSV, points or diagnostics', () => {
    fc.assert(
      fc.property(csv, options, ({ bom, delimiter, header: head, rows, ends, finalNewline }, opts) => {
        const lines = [head, ...rows.map(([cells, keep]) => cells.slice(0, keep < 0 ? head.length : keep))].map((cells) => cells.join(delimiter));
        let text = bom ? '\ufeff' : '';
        lines.forEach((line, i) => {
          text += line;
          if (i < lines.length - 1 || finalNewline) text += ends[i % ends.length];
        });
        expect(parseGenericCsv(text, 'f.csv', opts)).toStrictEqual(parseGenericCsvSlow(text, 'f.csv', opts));
      }),
      { numRuns: 5_000 },
    );
  });

  it('gives what the tokenizer gives on empty and blank texts', () => {
    for (const text of ['', '\ufeff', '\n', '\r\n\r\n', '  \t', '\ufeff\n1,2\n', 'a', '"']) {
      expect(parseGenericCsv(text, 'f.csv')).toStrictEqual(parseGenericCsvSlow(text, 'f.csv'));
    }
  });

  it('stops at the point limit where the tokenizer does, and still finds an unclosed quote after it', () => {
    const rows = 'users,rps\n' + '2,10\n'.repeat(MAX_FIT_POINTS - 1) + 'x,1\n3,30\n4,40\n5,-1\n';
    const fast = parseGenericCsv(rows, 'f.csv');
    expect(fast).toStrictEqual(parseGenericCsvSlow(rows, 'f.csv'));
    expect(Array.isArray(fast) && fast.map((d) => [d.line, d.message.slice(0, 12)])).toEqual([
      [MAX_FIT_POINTS + 1, '"x" in colum'],
      [MAX_FIT_POINTS + 3, `more than ${MAX_FIT_POINTS}`.slice(0, 12)],
    ]);
    const quoted = `${rows}6,"7\n`;
    expect(parseGenericCsv(quoted, 'f.csv')).toStrictEqual(parseGenericCsvSlow(quoted, 'f.csv'));
  });
});
