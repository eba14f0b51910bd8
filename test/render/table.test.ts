// Tables of one-line cells are drawn without cli-table3 (plainLines, for speed); they must come
// out exactly as cli-table3 draws them (cliTableLines), whatever the cells hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cliTableLines, drawTable, plainLines, type Align } from '../../src/render/table.js';
import { plainPalette } from '../../src/render/palette.js';

const cell = fc.oneof(
  fc.constantFrom('', 'api', 'postgres ◀', '1p+2r', '12.5 ms', '∞', '██▁', '数据库', 'naïve', 'a b c', 'x'.repeat(30)),
  fc.string({ maxLength: 12 }).map((s) => s.replace(/[\n\r\u001b]/g, '')),
  // Colours, closed or left open (cli-table3 closes them at the line's end).
  fc.tuple(fc.constantFrom('\u001b[31m', '\u001b[1m', '\u001b[2m', '\u001b[38;5;196m'), fc.constantFrom('red', '70%', '数', ''), fc.constantFrom('\u001b[0m', '\u001b[39m', '')).map(([code, text, end]) => `${code}${text}${end}`),
);

describe('plain tables', () => {
  it('come out as cli-table3 draws them, cell for cell', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((cols) =>
          fc.record({
            head: fc.option(fc.array(cell, { minLength: cols, maxLength: cols }), { nil: null }),
            rows: fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { maxLength: 40 }),
            widths: fc.array(fc.integer({ min: 0, max: 16 }), { minLength: cols, maxLength: cols }),
            aligns: fc.array(fc.constantFrom<Align>('left', 'right'), { minLength: cols, maxLength: cols }),
            rule: fc.constantFrom('─', '-'),
          }),
        ),
        ({ head, rows, widths, aligns, rule }) => {
          expect(plainLines(head, rows, widths, aligns, rule).join('\n')).toBe(cliTableLines(head, rows, widths, aligns, rule, false).join('\n'));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('are what drawTable gives, and multi-line cells still go through cli-table3', () => {
    const columns = [{ header: 'component' }, { header: 'replicas', align: 'right' as const }];
    const opts = { layout: { width: 80, unicode: true }, palette: plainPalette };
    expect(drawTable(columns, [['api', '3'], ['db', '12']], opts).text).toBe('  component  replicas\n  ───────────────────\n  api               3\n  db               12');
    expect(drawTable(columns, [['api\nv2', '3']], opts).text).toBe('  component  replicas\n  ───────────────────\n  api               3\n  v2');
  });
});
