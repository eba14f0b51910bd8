/** The inputs view: the profile exactly as written, line by line, with comments and keys told apart by yaml's lexer. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { renderSourceView, yamlSpans } from '../../src/report/source-view.js';
import { bundledProfiles } from '../support/profiles.js';

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');

describe('yamlSpans', () => {
  it('marks comments and mapping keys, and nothing inside quotes or block scalars', () => {
    const text = '# top\nname: x # trailing\nlist: [a, "b#c"]\n"quoted key": { inner: 1 }\nblock: |\n  text # not a comment\nk: \'it\'\'s\' # c2\n';
    const spans = yamlSpans(text);
    expect(spans.map((s) => s.text).join('')).toBe(text);
    expect(spans.filter((s) => s.cls === 'y-c').map((s) => s.text)).toEqual(['# top', '# trailing', '# c2']);
    expect(spans.filter((s) => s.cls === 'y-k').map((s) => s.text)).toEqual(['name', 'list', '"quoted key"', 'inner', 'block', 'k']);
  });
});

describe('renderSourceView', () => {
  it('shows every bundled profile line for line, each line an anchor', async () => {
    for (const file of await bundledProfiles()) {
      const text = await readFile(file, 'utf8');
      const html = renderSourceView(text, 'src-');
      const lines = [...html.matchAll(/<span class="l" id="src-L(\d+)" data-n="\1">([^]*?)\n<\/span>/g)];
      const expected = text.replace(/\n$/, '').split('\n');
      expect(lines.map((m) => Number(m[1]))).toEqual(expected.map((_l, i) => i + 1));
      expect(lines.map((m) => unescape(m[2]!.replace(/<[^>]+>/g, '')))).toEqual(expected);
      expect(html).not.toMatch(/<(?!\/?(span|pre|code)\b)/);
    }
  });
  it('escapes markup in the source', () => {
    expect(renderSourceView('name: "<script>&"\n', 's-')).toContain('&quot;&lt;script&gt;&amp;&quot;');
  });
});
