/**
 * The terminal's pieces: width and Unicode detection, colour policy, charts, wrapping, the size
 * abbreviations, fitted tables, and what a plan says once.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { colourLevel } from '../../src/cli/colors.js';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { supportsUnicode, terminalLayout, terminalWidth } from '../../src/cli/terminal.js';
import { horizontalBar, sparkline, utilisationBar } from '../../src/render/charts.js';
import { provenanceLine } from '../../src/render/bill.js';
import { glyphsOf, type Layout } from '../../src/render/layout.js';
import { plainPalette, type Palette } from '../../src/render/palette.js';
import { renderPlanTable } from '../../src/render/plan-table.js';
import { groupMessages, phaseSuffix } from '../../src/render/run-notes.js';
import { abbreviateSize, sizeLegend } from '../../src/render/size-abbrev.js';
import { drawTable } from '../../src/render/table.js';
import { visibleWidth, wrapText } from '../../src/render/wrap.js';
import { planText } from '../support/plan.js';

const U = glyphsOf({ unicode: true });
const A = glyphsOf({ unicode: false });
const at = (width: number, detail: Layout['detail'] = 'normal'): Layout => ({ width, unicode: true, detail });

describe('the terminal', () => {
  it('is as wide as the TTY, else $COLUMNS, else 80; --wide has no limit', () => {
    expect(terminalWidth(false, { COLUMNS: '100' }, { isTTY: true, columns: 132 })).toBe(132);
    expect(terminalWidth(false, { COLUMNS: '100' }, { isTTY: false })).toBe(100);
    expect(terminalWidth(false, { COLUMNS: 'wide' }, {})).toBe(80);
    expect(terminalWidth(false, {}, { isTTY: false })).toBe(80);
    expect(terminalWidth(true, { COLUMNS: '60' }, { isTTY: true, columns: 60 })).toBe(Infinity);
  });
  it('shows Unicode when the locale (LC_ALL, then LC_CTYPE, then LANG) names UTF-8, or none is set', () => {
    expect(supportsUnicode({ LANG: 'en_US.UTF-8' })).toBe(true);
    expect(supportsUnicode({ LANG: 'C.utf8' })).toBe(true);
    expect(supportsUnicode({ LANG: 'C' })).toBe(false);
    expect(supportsUnicode({ LC_ALL: 'POSIX', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(supportsUnicode({ LC_ALL: '', LC_CTYPE: 'de_DE.ISO-8859-1', LANG: 'de_DE.UTF-8' })).toBe(false);
    expect(supportsUnicode({})).toBe(true);
  });
  it('takes the detail from --quiet and -v', () => {
    expect(terminalLayout({ quiet: true }, {}, {}).detail).toBe('quiet');
    expect(terminalLayout({ verbose: true }, {}, {}).detail).toBe('verbose');
    expect(terminalLayout({}, {}, {}).detail).toBe('normal');
  });
  it('colours a TTY unless NO_COLOR, --no-color or TERM=dumb; FORCE_COLOR forces it', () => {
    expect(colourLevel(undefined, {}, true)).toBe(1);
    expect(colourLevel(undefined, {}, false)).toBe(0);
    expect(colourLevel(undefined, { TERM: 'dumb' }, true)).toBe(0);
    expect(colourLevel(undefined, { NO_COLOR: '1' }, true)).toBe(0);
    expect(colourLevel(false, { FORCE_COLOR: '1' }, true)).toBe(0);
    expect(colourLevel(undefined, { FORCE_COLOR: '1', TERM: 'dumb' }, false)).toBe(1);
    expect(colourLevel(undefined, { FORCE_COLOR: '3' }, false)).toBe(3);
    expect(colourLevel(undefined, { FORCE_COLOR: '0' }, true)).toBe(0);
  });
});

describe('charts', () => {
  it('draws utilisation as filled sixths, full at 100 % and over', () => {
    expect(utilisationBar(0.7, U)).toBe('▇▇▇▇▁▁');
    expect(utilisationBar(0, U)).toBe('▁▁▁▁▁▁');
    expect(utilisationBar(1.4, U)).toBe('▇▇▇▇▇▇');
    expect(utilisationBar(0.5, A)).toBe('###...');
  });
  it('draws a sparkline on a scale from zero to the largest value', () => {
    expect(sparkline([3, 5, 14], U)).toBe('▂▃█');
    expect(sparkline([1, 1, 1], U)).toBe('███');
    expect(sparkline([0, 0], U)).toBe('▁▁');
    expect(sparkline([1, 2, 4], A)).toBe('.-#');
  });
  it('draws horizontal bars in eighths (whole cells in ASCII)', () => {
    expect(horizontalBar(10, 10, 4, U)).toBe('████');
    expect(horizontalBar(5, 10, 4, U)).toBe('██');
    expect(horizontalBar(1, 10, 4, U)).toBe('▍');
    expect(horizontalBar(1, 10, 4, A)).toBe('#');
    expect(horizontalBar(0, 10, 4, U)).toBe('');
  });
});

describe('wrapping', () => {
  it('wraps at the width with a hanging indent and keeps double spaces inside a line', () => {
    expect(wrapText('one two  three four', 12, { first: '  ', rest: '    ' })).toEqual(['  one two', '    three', '    four']);
    expect(wrapText('a  b', 20)).toEqual(['a  b']);
    expect(wrapText('x'.repeat(25), 10)).toEqual(['x'.repeat(25)]);
    expect(wrapText('no limit', Infinity, { first: '> ' })).toEqual(['> no limit']);
    // A number stays with its unit.
    expect(wrapText('takes 10 ms', 10)).toEqual(['takes', '10 ms']);
    expect(wrapText('at 99.9 %: ok', 9)).toEqual(['at', '99.9 %:', 'ok']);
    // A rate of growth too: the runway's "after month 12, 26 %/month" broke between 26 and %/month at 80 columns.
    expect(wrapText('after month 12, 26 %/month, 24 months', 20)).toEqual(['after month 12,', '26 %/month, 24', 'months']);
  });
  it('never cuts a word longer than a line: it takes a line of its own, whole, however long the word', () => {
    const word = fc.stringMatching(/^[a-zé─-]{1,400}$/);
    fc.assert(
      fc.property(word, fc.integer({ min: 5, max: 40 }), fc.constantFrom<string>('', '  ', '  ! '), (w, width, first) => {
        expect(wrapText(w, width, { first })).toEqual([`${first}${w}`]);
        const lines = wrapText(`ab ${w} cd`, width, { first });
        expect(lines.map((l) => l.slice(first.length)).join(' ')).toBe(`ab ${w} cd`);
        expect(lines.some((l) => l.trim().split(' ').includes(w))).toBe(true);
        // Wider than asked only as one word alone on its line.
        for (const l of lines) if (l.length > width) expect(l.slice(first.length)).not.toContain(' ');
      }),
      { numRuns: 200 },
    );
    // 200,000 characters: one line, not measured again and again.
    expect(wrapText('x'.repeat(200_000), 80)).toEqual(['x'.repeat(200_000)]);
    // Between other words, on a line of its own; wide characters too.
    expect(wrapText('ab cccccccccc de', 6, { first: '  ' })).toEqual(['  ab', '  cccccccccc', '  de']);
    expect(wrapText('漢'.repeat(5), 4)).toEqual(['漢'.repeat(5)]);
  });
  it('measures what the terminal shows: colour codes take no room', () => {
    expect(visibleWidth('\u001b[31mred\u001b[39m ▇▁')).toBe(6);
  });
});

describe('size abbreviations', () => {
  it('shortens every topology the planner writes, with a legend of the letters used', () => {
    expect(abbreviateSize('1 primary + 2 replicas')).toEqual({ text: '1p+2r', letters: ['p', 'r'] });
    expect(abbreviateSize('3 shards × 2 nodes')).toEqual({ text: '3s×2n', letters: ['s', 'n'] });
    expect(abbreviateSize('2 shards × (1 primary + 2 replicas)').text).toBe('2s×(1p+2r)');
    expect(abbreviateSize('18 replicas × 4 GPUs (72 GPUs)')).toEqual({ text: '18×4g', letters: ['g'] });
    expect(abbreviateSize('3 replicas').text).toBe('3');
    expect(abbreviateSize('3 × gp3').text).toBe('3×gp3');
    expect(abbreviateSize('2 links').text).toBe('2 links');
    expect(sizeLegend(['r', 'p'])).toBe('p primary · r replicas');
  });
});

describe('tables', () => {
  const columns = [{ header: 'name' }, { header: 'note', wrap: true, minWidth: 8 }, { header: 'extra', drop: 1 }];
  const rows = [['alpha', 'a long note that will not fit', 'x'.repeat(12)]];
  it('drop the droppable columns first, then wrap', () => {
    const wide = drawTable(columns, rows, { layout: at(Infinity), palette: plainPalette });
    expect(wide.kept).toEqual([0, 1, 2]);
    const narrow = drawTable(columns, rows, { layout: at(30), palette: plainPalette });
    expect(narrow.kept).toEqual([0, 1]);
    for (const line of narrow.text.split('\n')) expect(visibleWidth(line)).toBeLessThanOrEqual(30);
    expect(narrow.text).toContain('  alpha  a long note that');
  });
  it('draw a header rule in the layout\'s glyphs', () => {
    expect(drawTable(columns, rows, { layout: { width: 80, unicode: false }, palette: plainPalette }).text.split('\n')[1]).toMatch(/^ {2}-+$/);
  });
});

describe('said once', () => {
  it('groups messages with the phases they came from', () => {
    const groups = groupMessages([{ phase: 'a', text: 'x' }, { phase: 'b', text: 'x' }, { phase: 'b', text: 'y' }]);
    expect(groups).toEqual([{ text: 'x', phases: ['a', 'b'] }, { text: 'y', phases: ['b'] }]);
    expect(phaseSuffix(['a', 'b'], ['a', 'b'])).toBe(' (phases: all)');
    expect(phaseSuffix(['b'], ['a', 'b'])).toBe(' (phase: b)');
    expect(phaseSuffix(['a'], ['a'])).toBe('');
  });
  it('says the provider notice, the price sources and each warning once in a plan of three phases', async () => {
    const { plan } = await planProfileFile('profiles/litper.yaml');
    const text = renderPlanTable(plan, { palette: plainPalette, layout: at(Infinity) });
    const count = (s: string) => text.split(s).length - 1;
    expect(count('This pricing list is for informational purposes only')).toBe(1);
    expect(count('prices as of 2026-07-20')).toBe(1);
    expect(count('default requests per replica for redis')).toBe(1);
    expect(text).toContain('! default requests per replica for redis (set resources.cpu and resources.memory) (phases: all)');
    expect(text).toContain('! unpriced: Kubernetes control plane, load balancer: no dated source');
    expect(text).not.toMatch(/│ *unpriced/);
  });
  it('names the price sources, or says that nothing was priced (one pod larger than any instance type)', () => {
    const bill = (sources: { id: string; title: string }[]) => ({ currency: 'USD' as const, monthly: 0, lines: [], pricesAsOf: '2026-07-20', sources });
    expect(provenanceLine(bill([{ id: 'aws-ec2', title: 'Amazon EC2 prices' }, { id: 'no-dated-source', title: '-' }]))).toBe('prices as of 2026-07-20 from Amazon EC2 prices');
    // It read "prices as of 2026-07-20 from" and stopped.
    expect(provenanceLine(bill([{ id: 'no-dated-source', title: '-' }]))).toBe('prices as of 2026-07-20: no line of this bill was priced');
  });
  it('--quiet keeps tables and violations; -v brings the detail back', async () => {
    const { plan } = await planProfileFile('profiles/litper.yaml');
    const quiet = renderPlanTable(plan, { palette: plainPalette, layout: at(Infinity, 'quiet') });
    const verbose = renderPlanTable(plan, { palette: plainPalette, layout: at(Infinity, 'verbose') });
    expect(quiet).toContain('pooled connections exceed max_connections');
    expect(quiet).toContain('Roadmap');
    expect(quiet).not.toMatch(/max sustainable|Warnings|no violations|Monthly cost per phase/);
    expect(verbose).toMatch(/lower bound \$[\d,.]+ \(requests × cheapest unit prices\)/);
    expect(verbose).toMatch(/unpriced/);
    expect(verbose.split('request path:').length - 1).toBe(3);
  });
});

describe('utilisation in colour', () => {
  const tagging: Palette = { ...plainPalette, red: (s) => `<r>${s}</r>`, yellow: (s) => `<y>${s}</y>` };
  it('is red above the target and over 100 %, plain within it', async () => {
    const plan = await planText('apiVersion: capplan/v1\nname: t\nworkload: { rps: 1000 }\ncomponents:\n  over: { kind: service, capacity: 100/s, replicas: { max: 5 } }\n  fine: { kind: service, capacity: 10000/s }\n');
    const text = renderPlanTable(plan, { palette: tagging, layout: at(120) });
    expect(text).toMatch(/<r>▇▇▇▇▇▇ 200%<\/r>/);
    expect(text).not.toMatch(/<y>/);
    expect(text).toMatch(/\n {2}fine +service .* ▇▁▁▁▁▁ +10% /);
  });
});
