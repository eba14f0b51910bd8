/**
 * User text in Markdown prints as written (src/render/markdown.ts). The reference is a real
 * CommonMark + GFM parser, micromark with its GFM extension (what GitHub's renderer follows),
 * with raw HTML let through as GitHub lets a safe subset through: the rendered text must be the
 * text given, and no tag (emphasis, code, a link, raw HTML, strikethrough, an extra table cell)
 * may come from it. Then every Markdown-writing command, run on a profile whose names and notes
 * hold the characters that format a page.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { micromark } from 'micromark';
import { gfm, gfmHtml } from 'micromark-extension-gfm';
import { afterAll, describe, expect, it } from 'vitest';
import '../support/fast-check-seed.js';
import { mdCell, mdCode, mdTable, mdText, mdTextWithCode } from '../../src/render/markdown.js';

const html = (md: string) => micromark(md, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] }).trim();
/** How micromark writes text: &, <, > and " as references. */
const enc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Characters that start Markdown syntax, and a few plain ones beside them. */
const HOSTILE = ['*', '_', '`', '[', ']', '(', ')', '<', '>', '&', '#', ';', '|', '~', '\\', '!', '/', '?', '-', '+', '=', '.', ':', ' ', 'a', 'b', '1', 'é', 'σ'];
const hostileText = fc.string({ unit: fc.constantFrom(...HOSTILE), maxLength: 24 });

describe('mdText: inline prose', () => {
  it('renders exactly the text given, in a paragraph, for any mix of syntax characters', () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        expect(html(`A ${mdText(s)} Z`)).toBe(`<p>${enc(`A ${s} Z`)}</p>`);
      }),
      { numRuns: 2000 },
    );
  });

  it('renders as written what would format a page unescaped', () => {
    const cases = ['shop *beta*', 'a <b>bold</b> <i>x</i>', 'R&amp;D &#42; &copy;', '`code`', '[link](x) ![i](y)', '~gone~ ~~gone~~', '_under_ __strong__', 'a\\*b', '<!-- c --> <?p?> <ab:cd>'];
    for (const s of cases) {
      expect(html(`A ${mdText(s)} Z`), s).toBe(`<p>${enc(`A ${s} Z`)}</p>`);
      // Each would have formatted the page: the escaping is what keeps it as written.
      expect(html(`A ${s} Z`), s).not.toBe(`<p>${enc(`A ${s} Z`)}</p>`);
    }
  });

  it('leaves alone what formats nothing, so the source stays readable', () => {
    expect(mdText('max_connections p95 < 2 s, R&D, r^|i−j|, 3 > 2, σ_k')).toBe('max_connections p95 < 2 s, R&D, r^|i−j|, 3 > 2, σ_k');
  });

  it('keeps a heading whole: a trailing run of # is not cut as its closing sequence', () => {
    expect(html(`## Plan: ${mdText('shop ##')}`)).toBe('<h2>Plan: shop ##</h2>');
    expect(html('## Plan: shop ##')).toBe('<h2>Plan: shop</h2>');
  });

  it('writes a line break as a space: one line stays one line (a list item, a heading)', () => {
    expect(html(`- ${mdText('one\n# two\r\n- three')}`)).toBe(`<ul>\n<li>one # two - three</li>\n</ul>`);
  });
});

describe('mdCell and mdTable: table cells', () => {
  it('keeps every row at its header\'s number of cells, each cell the text given', () => {
    fc.assert(
      fc.property(hostileText, (s) => {
        const t = `A ${s} Z`;
        const out = html(mdTable(['h1', 'h2'], [[t, 'x']]));
        expect(out).toContain(`<td>${enc(t)}</td>\n<td>x</td>`);
        expect(out.match(/<td>/g)).toHaveLength(2);
      }),
      { numRuns: 2000 },
    );
  });

  it('escapes a | that would split the cell, in a header too', () => {
    expect(mdCell('a | b')).toBe('a \\| b');
    expect(html(mdTable(['Q1 | launch *big*'], [['x']]))).toContain('<th>Q1 | launch *big*</th>');
  });
});

describe('mdCode: an inline code span', () => {
  it('shows any text exactly, backticks and spaces included (CommonMark §6.1)', () => {
    fc.assert(
      fc.property(hostileText.filter((s) => s.trim() !== ''), (s) => {
        expect(html(`a ${mdCode(s)} b`)).toBe(`<p>a <code>${enc(s)}</code> b</p>`);
      }),
      { numRuns: 2000 },
    );
  });

  it('fences past the longest run of backticks inside, padded where the text begins or ends with one', () => {
    expect(mdCode('plain')).toBe('`plain`');
    expect(mdCode('a `b` c')).toBe('``a `b` c``');
    expect(mdCode('`t`')).toBe('`` `t` ``');
    expect(mdCode('x ``` y')).toBe('````x ``` y````');
  });
});

describe('mdTextWithCode: capplan\'s words with their code spans, around user text', () => {
  it('keeps each complete code span and escapes the rest', () => {
    const out = mdTextWithCode('run `capplan simulate` for phase Q1 *big* <b>x</b>');
    expect(html(`- ${out}`)).toBe('<ul>\n<li>run <code>capplan simulate</code> for phase Q1 *big* &lt;b&gt;x&lt;/b&gt;</li>\n</ul>');
  });

  it('takes a backtick run that closes nothing as text', () => {
    expect(html(`A ${mdTextWithCode('one ` two ``x`` three')} Z`)).toBe('<p>A one ` two <code>x</code> three Z</p>');
  });

  it('renders any text without code spans exactly as mdText does', () => {
    fc.assert(
      fc.property(hostileText.filter((s) => !s.includes('`')), (s) => {
        expect(mdTextWithCode(s)).toBe(mdText(s));
      }),
    );
  });
});

describe('every Markdown output of a profile whose names format a page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'capplan-md-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const NAME = 'shop | *beta* <b>x</b> `t` [l](u) ~s~ #';
  const PHASE = 'Q1 | launch *big* <i>now</i>';
  const NOTE = 'note with | pipe, *stars*, _under_ and <b>html</b>';
  const file = join(dir, 'md.yaml');
  writeFileSync(
    file,
    `apiVersion: capplan/v1
name: ${JSON.stringify(NAME)}
description: ${JSON.stringify(NOTE)}
workload:
  rps: 100
components:
  api: { kind: service, serviceTime: 10ms, workers: 4, calls: [db] }
  db: { kind: service, serviceTime: 5ms, workers: 4 }
phases:
  - name: ${JSON.stringify(PHASE)}
    scale: 2
notes:
  - ${JSON.stringify(NOTE)}
`,
  );
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, [join(__dirname, '../../bin/capplan.js'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect([0, 1], r.stderr).toContain(r.status);
    return r.stdout;
  };
  const commands: [string, string[]][] = [
    ['plan', ['plan', file, '--format', 'markdown', '--explain']],
    ['check', ['check', file, '--format', 'markdown']],
    ['diff', ['diff', file, file, '--format', 'markdown']],
    ['sweep', ['sweep', file, '--format', 'markdown']],
    ['runway', ['runway', file, '--format', 'markdown', '--growth', '5%/month']],
    ['simulate', ['simulate', file, '--format', 'markdown', '--requests', '2000']],
    ['report', ['report', file, '--format', 'markdown']],
  ];

  it.each(commands)('%s: no tag from the names, every table row whole', (_name, args) => {
    const out = html(run(args));
    // Raw HTML the names hold, and the formatting their characters would start.
    expect(out).not.toMatch(/<b>x<\/b>|<i>now<\/i>|<b>html<\/b>|<code>t<\/code>|<del>|<a href="u">|<em>(beta|big|under|stars)<\/em>/);
    // Each table's rows have its header's number of cells.
    for (const table of out.split('<table>').slice(1)) {
      const rows = table.slice(0, table.indexOf('</table>')).split('<tr>').slice(1);
      const widths = new Set(rows.map((r) => (r.match(/<t[hd][ >]/g) ?? []).length));
      expect(widths.size, table.slice(0, 300)).toBe(1);
    }
  });

  it('prints the names as written', () => {
    const out = html(run(['plan', file, '--format', 'markdown']));
    expect(out).toContain(enc(NAME));
    expect(out).toContain(enc(PHASE));
    expect(out).toContain(enc(NOTE));
  });
});
