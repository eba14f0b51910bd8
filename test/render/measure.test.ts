/** The fast width: the same as string-width for every character it claims narrow, and for the rest. */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allNarrow, isNarrow, measureWidth, NARROW_RANGES } from '../../src/render/measure.js';

describe('measureWidth', () => {
  it('agrees with string-width on every code point it counts without it, alone and between letters', () => {
    const wrong: string[] = [];
    for (const [a, b] of NARROW_RANGES) {
      for (let c = a; c <= b; c++) {
        const ch = String.fromCodePoint(c);
        if (stringWidth(ch) !== 1 || stringWidth(`a${ch}b`) !== 3 || stringWidth(ch + ch) !== 2) wrong.push(c.toString(16));
        if (measureWidth(`a${ch}b`) !== 3) wrong.push(`measure ${c.toString(16)}`);
      }
    }
    expect(wrong).toEqual([]);
  });
  it('measures colour codes as nothing and wide characters as two', () => {
    expect(measureWidth('\u001b[31m▇▇▁ 70%\u001b[39m')).toBe(7);
    expect(measureWidth('東京 ok')).toBe(7);
    expect(measureWidth('❌ x')).toBe(4);
    expect(measureWidth('')).toBe(0);
  });
});

describe('allNarrow', () => {
  it('is isNarrow of every string, for every code unit below U+3000 and past it', () => {
    const codes = [0, 0x1f, 0x7f, 0x9f, 0xad, 0x300, 0x2028, 0x25fd, 0x2714, 0x3000, 0xd83d, 0xffff];
    for (const [a, b] of NARROW_RANGES) codes.push(a - 1, a, b, b + 1);
    for (let c = 0; c < 0x3000; c++) expect(allNarrow([`ab${String.fromCharCode(c)}`]), c.toString(16)).toBe(isNarrow(String.fromCharCode(c)));
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...codes, 0x41, 0x20, 0x2587), { maxLength: 6 }).map((cs) => String.fromCharCode(...cs)), { maxLength: 8 }), (texts) => {
        expect(allNarrow(texts)).toBe(texts.every((t) => isNarrow(t)));
      }),
    );
  });
});
