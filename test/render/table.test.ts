// Tables are laid out by tableLines with cli-table3's cell functions, not by cli-table3's Table
// (for speed); they must come out exactly as the Table draws them, whatever the cells hold.
import Table from 'cli-table3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drawTable, measureCells, tableLines, type Align } from '../../src/render/table.js';
import { visibleWidth } from '../../src/render/wrap.js';
import { plainPalette } from '../../src/render/palette.js';

/** The table as cli-table3's Table draws it with capplan's options (how drawTable drew every table before tableLines). */
function byCliTable(head: readonly string[] | null, rows: readonly (readonly string[])[], widths: readonly number[], aligns: readonly Align[], rule: string, wraps: boolean): string[] {
  const options = {
    chars: {
      top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
      left: '', 'left-mid': '', right: '', 'right-mid': '', middle: '  ', mid: rule, 'mid-mid': rule.repeat(2),
    },
    colAligns: [...aligns],
    colWidths: [...widths],
    wordWrap: wraps,
    wrapOnWordBoundary: true,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0, compact: true },
  };
  const table = new Table({ ...options, ...(head ? { head: [...head] } : {}) });
  for (const r of rows) table.push([...r]);
  const text = table.toString();
  return text === '' ? [] : text.split('\n');
}

const word = fc.constantFrom('', 'api', 'postgres ◀', '1p+2r', '12.5 ms', '∞', '██▁', '数据库', 'naïve', 'x'.repeat(30), 'a b c d e f', ' lead', '\u00a0nbsp x', 'tail ', '\t tab');
const cell = fc.oneof(
  word,
  fc.array(word, { maxLength: 4 }).map((ws) => ws.join(' ')),
  fc.array(word, { minLength: 2, maxLength: 3 }).map((ws) => ws.join('\n')),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[\r\u001b]/g, '')),
  // Colours, closed or left open (cli-table3 closes them at the line's end and reopens them on the next).
  fc.tuple(fc.constantFrom('\u001b[31m', '\u001b[1m', '\u001b[2m', '\u001b[38;5;196m'), fc.constantFrom('red', '70 %', '数', '', 'two words here'), fc.constantFrom('\u001b[0m', '\u001b[39m', '')).map(([code, text, end]) => `${code}${text}${end}`),
);

/** A table of up to `maxCols` columns and `maxRows` rows of `cells`, with widths, alignments, a rule and wrapping. */
const tables = (cells: fc.Arbitrary<string>, maxCols: number, maxRows: number) =>
  fc.integer({ min: 1, max: maxCols }).chain((cols) =>
    fc.record({
      head: fc.option(fc.array(cells, { minLength: cols, maxLength: cols }), { nil: null }),
      rows: fc.array(fc.array(cells, { minLength: cols, maxLength: cols }), { maxLength: maxRows }),
      widths: fc.array(fc.integer({ min: 0, max: 16 }), { minLength: cols, maxLength: cols }),
      aligns: fc.array(fc.constantFrom<Align>('left', 'right'), { minLength: cols, maxLength: cols }),
      rule: fc.constantFrom('─', '-'),
      wraps: fc.boolean(),
    }),
  );

describe('tableLines', () => {
  it('draws what cli-table3 draws, line for line', () => {
    fc.assert(
      fc.property(
        tables(cell, 5, 20),
        ({ head, rows, widths, aligns, rule, wraps }) => {
          expect(tableLines(head, rows, widths, aligns, rule, wraps)).toEqual(byCliTable(head, rows, widths, aligns, rule, wraps));
          // Rows again, reversed: tableLines reuses what a repeated cell and line come to.
          const again = [...rows, ...rows.slice().reverse()];
          expect(tableLines(head, again, widths, aligns, rule, wraps)).toEqual(byCliTable(head, again, widths, aligns, rule, wraps));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('draws the same lines when told which columns hold only narrow cells (measureCells), as cli-table3 does', () => {
    // A plan's columns are measured once for their widths and their narrowness; tableLines then
    // does not scan them again. Wide, coloured and multi-line cells keep their column off the fast path.
    const cells = fc.constantFrom('', 'api', 'postgres ◀', '12.5 ms', '∞', '██▁▁ 70%', 'tail ', '\u00a0nbsp', '東京', '\u001b[31mred\u001b[39m', 'two\nlines', 'x'.repeat(14));
    fc.assert(
      fc.property(
        tables(cells, 4, 30),
        ({ head, rows, widths, aligns, rule, wraps }) => {
          const narrow = widths.map((_, j) => measureCells(rows.map((r) => r[j]!)).narrow);
          expect(tableLines(head, rows, widths, aligns, rule, wraps, narrow)).toEqual(byCliTable(head, rows, widths, aligns, rule, wraps));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('draws tables of narrow one-line cells (padded side by side, without cli-table3\'s cell functions) as cli-table3 does', () => {
    // Cells a plan's tables are made of: narrow characters, mostly within their column's width.
    const narrow = fc.constantFrom('', 'api', 'postgres ◀', '1p+2r', '12.5 ms', '∞', '██▁▁ 70%', 'naïve', 'tail ', ' lead', '\u00a0nbsp', 'a b c', 'x'.repeat(14));
    fc.assert(
      fc.property(
        tables(narrow, 4, 30),
        ({ head, rows, widths, aligns, rule, wraps }) => {
          expect(tableLines(head, rows, widths, aligns, rule, wraps)).toEqual(byCliTable(head, rows, widths, aligns, rule, wraps));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('is what drawTable draws: natural widths, or a wrapped column when the table must narrow', () => {
    const columns = [{ header: 'component' }, { header: 'replicas', align: 'right' as const }, { header: 'note', wrap: true, minWidth: 8 }];
    const rows = [['api', '3', 'entry point'], ['db', '12', 'primary and two replicas in three zones']];
    const wide = { layout: { width: 80, unicode: true }, palette: plainPalette };
    expect(drawTable(columns, rows, wide).text).toBe([
      '  component  replicas  note',
      `  ${'─'.repeat(60)}`,
      '  api               3  entry point',
      '  db               12  primary and two replicas in three zones',
    ].join('\n'));
    const narrow = { layout: { width: 40, unicode: false }, palette: plainPalette };
    expect(drawTable(columns, rows, narrow).text).toBe([
      '  component  replicas  note',
      `  ${'-'.repeat(38)}`,
      '  api               3  entry point',
      '  db               12  primary and two',
      '                       replicas in three',
      '                       zones',
    ].join('\n'));
  });

  it('counts an empty column one wide, as cli-table3 draws it, when it fits a table', () => {
    // A column of marks none of the rows has (simulate's comparison): its rule is one wide.
    const columns = [{ header: 'station', wrap: true, minWidth: 4 }, { header: '' }];
    const rows = [['gateway c=2', ''], ['db', '']];
    const text = drawTable(columns, rows, { layout: { width: 14, unicode: false }, palette: plainPalette }).text;
    // At natural widths: 2 + 11 + 2 + 1 = 16; the station column gives two.
    expect(text.split('\n').map((l) => l.length)).toEqual([9, 14, 9, 5, 4]);
    expect(text).toBe(['  station', `  ${'-'.repeat(12)}`, '  gateway', '  c=2', '  db'].join('\n'));
  });
});

describe('drawTable below its narrowest table', () => {
  const columns = [{ header: 'component' }, { header: 'demand', align: 'right' as const }, { header: 'size' }, { header: 'p95', align: 'right' as const }, { header: '' }];
  const rows = [
    ['litper-api', '100 req/s', '3 replicas', '36 ms', ''],
    ['postgres ◀', '130 query/s', '1 primary + 2 replicas', '1.52 ms', '?'],
  ];

  it('draws a block a row: the first cell, then `header value` fields packed into the width', () => {
    const drawn = drawTable(columns, rows, { layout: { width: 31, unicode: true }, palette: plainPalette });
    expect(drawn.stacked).toBe(true);
    expect(drawn.text).toBe([
      '  litper-api',
      '    demand 100 req/s',
      '    size 3 replicas · p95 36 ms',
      '  postgres ◀',
      '    demand 130 query/s',
      '    size 1 primary + 2 replicas',
      '    p95 1.52 ms · ?',
    ].join('\n'));
  });

  it('draws the table itself wherever one fits, wrapped or not', () => {
    // 2 + 10 + 2 + 11 + 2 + 22 + 2 + 7 + 2 + 1 = 61.
    expect(drawTable(columns, rows, { layout: { width: 61, unicode: true }, palette: plainPalette }).stacked).toBeUndefined();
    expect(drawTable(columns, rows, { layout: { width: 60, unicode: true }, palette: plainPalette }).stacked).toBe(true);
    const wrapping = columns.map((c) => (c.header === 'size' ? { ...c, wrap: true, minWidth: 8 } : c));
    expect(drawTable(wrapping, rows, { layout: { width: 50, unicode: true }, palette: plainPalette }).stacked).toBeUndefined();
    expect(drawTable(columns, rows, { layout: { width: Infinity, unicode: true }, palette: plainPalette }).stacked).toBeUndefined();
  });

  it('goes on with the block above for a row without a first cell, and wraps a field wider than a line at its spaces', () => {
    const grouped = [['gateway', 'util', '9.95 ± 0.21 %'], ['', 'p95', '36.5 ± 1 ms with a long tail of words']];
    const text = drawTable([{ header: 'station' }, { header: 'metric' }, { header: 'simulated' }], grouped, { layout: { width: 24, unicode: false }, palette: plainPalette }).text;
    expect(text).toBe([
      '  gateway',
      '    metric util',
      '    simulated 9.95 ±',
      '    0.21 %',
      '    metric p95',
      '    simulated 36.5 ± 1',
      '    ms with a long tail',
      '    of words',
    ].join('\n'));
  });

  it('never cuts a word: a wrapping column narrows to its longest word, then the table stacks', () => {
    const cols = [{ header: 'item', wrap: true, minWidth: 4 }, { header: 'monthly', align: 'right' as const }];
    const body = [['m7g.4xlarge-equivalent node', '$36,074.12']];
    // 2 + 22 + 2 + 10 = 36: the item wraps after its longest word, whole.
    expect(drawTable(cols, body, { layout: { width: 36, unicode: false }, palette: plainPalette }).text).toBe(['  item                       monthly', `  ${'-'.repeat(34)}`, '  m7g.4xlarge-equivalent  $36,074.12', '  node'].join('\n'));
    // One column less: no table fits without cutting the word, so the row is a block.
    expect(drawTable(cols, body, { layout: { width: 35, unicode: false }, palette: plainPalette }).text).toBe(['  m7g.4xlarge-equivalent node', '    monthly $36,074.12'].join('\n'));
  });

  it('leads a block with the row\'s mark where the first column has no header', () => {
    const marked = [{ header: '' }, { header: 'phase' }, { header: 'component' }, { header: 'replicas', align: 'right' as const }];
    const text = drawTable(marked, [['x', 'initial', 'workers', '5 -> 8'], ['~', 'initial', 'litper-api', '3']], { layout: { width: 20, unicode: false }, palette: plainPalette, indent: 0 }).text;
    expect(text).toBe(['x initial', '  component workers', '  replicas 5 -> 8', '~ initial', '  component', '  litper-api', '  replicas 3'].join('\n'));
  });

  it('fits every line into the width but a word wider than it, colours closed line by line', () => {
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 5 }), fc.integer({ min: 8, max: 40 }), (body, width) => {
        const cols = [{ header: 'name' }, { header: 'figure', align: 'right' as const }, { header: 'what' }];
        const text = drawTable(cols, body, { layout: { width, unicode: true }, palette: plainPalette }).text;
        const words = body.flat().flatMap((c) => c.split(/[\s]+/)).map((w) => visibleWidth(w));
        const longest = Math.max(0, ...words) + 4 + 'figure '.length;
        for (const line of text.split('\n')) {
          expect(visibleWidth(line)).toBeLessThanOrEqual(Math.max(width, longest));
          // A colour opened on a line is closed on it.
          if (line.includes('\u001b[31m')) expect(line.lastIndexOf('\u001b[31m')).toBeLessThan(Math.max(line.lastIndexOf('\u001b[39m'), line.lastIndexOf('\u001b[0m')));
        }
      }),
      { seed: 18, numRuns: 300 },
    );
  });
});

