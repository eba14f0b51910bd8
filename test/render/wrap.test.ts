/**
 * wrapText measures a paragraph of one-column characters by length and returns a paragraph that
 * fits its first line as it is. Both are shortcuts: the reference below is the wrapper as it was
 * before them (every candidate line measured again), and the two must agree on any paragraph,
 * narrow or not, at any width and indent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNarrow } from '../../src/render/measure.js';
import { rememberedWrap, visibleWidth, wrapStyled, wrapText, type WrapOptions } from '../../src/render/wrap.js';

function referenceWrap(text: string, width: number, opts: WrapOptions = {}): string[] {
  const first = opts.first ?? '';
  const rest = opts.rest ?? ' '.repeat(visibleWidth(first));
  if (!Number.isFinite(width)) return [`${first}${text}`];
  const lines: string[] = [];
  let prefix = first;
  let line = '';
  const room = () => Math.max(1, width - visibleWidth(prefix));
  const flush = () => {
    lines.push(`${prefix}${line}`.trimEnd());
    prefix = rest;
    line = '';
  };
  // Words keep the spaces before them (two spaces between fields stay two) unless a line breaks
  // there; a number stays on the line of its unit ("10 ms", "99.9 %").
  let lastGap = '';
  let lastWord = '';
  for (const [, gap, word] of text.matchAll(/( *)([^ ]+)/g) as Iterable<[string, string, string]>) {
    const candidate = line === '' ? word : `${line}${gap}${word}`;
    if (visibleWidth(candidate) <= room()) {
      line = candidate;
      lastGap = gap;
      lastWord = word;
      continue;
    }
    let start = word;
    if (line !== '') {
      if (isUnit(word) && /\d$/.test(lastWord) && line.length > lastWord.length && visibleWidth(`${lastWord}${gap}${word}`) <= width - visibleWidth(rest)) {
        line = line.slice(0, line.length - lastWord.length - lastGap.length);
        start = `${lastWord}${gap}${word}`;
      }
      flush();
    }
    line = start;
    lastGap = gap;
    lastWord = word;
  }
  if (line !== '' || lines.length === 0) flush();
  return lines;
}
function isUnit(word: string): boolean {
  return word.length <= 9 && /^(?:[µ%]|[a-zA-Z]{1,4}(?:\/[a-z]{1,3})?)[,;.:)]*$/.test(word);
}
const pieces = ['a', 'word', 'longerwordthanaline', '10', 'ms', 'req/s', '%', '99.9', '  ', ' ', '—', 'µs', '×', '漢字', '😀', 'é', 'x,', ''];
const paragraph = fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((ws) => ws.join(' '));
const indent = fc.constantFrom('', '  ', '  ! ', '- ', '漢 ');

describe('wrapText', () => {
  it('agrees with the reference wrapper on any paragraph, width and indent', () => {
    fc.assert(
      fc.property(paragraph, fc.integer({ min: 1, max: 40 }), indent, fc.option(indent, { nil: undefined }), (text, width, first, rest) => {
        const opts: WrapOptions = { first, rest };
        expect(wrapText(text, width, opts)).toEqual(referenceWrap(text, width, opts));
      }),
      { numRuns: 3000, seed: 18 },
    );
  });

  it('never cuts a word, nor splits it at a hyphen: a word longer than the line takes a line of its own, whole', () => {
    const name = 'a-very-long-component-name-that-goes-on-and-on-forever-and-ever'; // 63 characters, a DNS label's most
    expect(name).toHaveLength(63);
    for (const width of [40, 60, 80]) {
      const lines = wrapText(`bottleneck ${name} (limited by reads), then ${name} again`, width, { first: '  ', rest: '    ' });
      expect(lines.filter((l) => l.includes(name)), `at ${width}`).toHaveLength(2);
      for (const l of lines) if (!l.includes(name)) expect(visibleWidth(l), `at ${width}: ${l}`).toBeLessThanOrEqual(width);
    }
    expect(wrapText(`x ${name} y`, 40)).toEqual(['x', name, 'y']);
    expect(wrapText(name, 20, { first: '  ! ', rest: '    ' })).toEqual([`  ! ${name}`]);
  });

  it('takes the one-column shortcut on narrow text and not on wide text', () => {
    expect(isNarrow('p95 10 ms × 3 → 30 ms')).toBe(true);
    expect(isNarrow('漢字 10 ms')).toBe(false);
    expect(wrapText('漢字 漢字 漢字', 9)).toEqual(['漢字 漢字', '漢字']);
  });
});

describe('rememberedWrap', () => {
  it('is wrapStyled for every text, repeated or not', () => {
    fc.assert(
      fc.property(fc.array(paragraph, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(5), { maxLength: 12 }), fc.integer({ min: 1, max: 40 }), indent, (texts, picks, width, first) => {
        const style = (s: string) => `<${s}>`;
        const wrap = rememberedWrap(width, style, { first });
        for (const t of [...texts, ...picks.map((i) => texts[i % texts.length]!)]) expect(wrap(t)).toEqual(wrapStyled(t, width, style, { first }));
      }),
      { numRuns: 500, seed: 18 },
    );
  });
});
