/** The fast width: the same as string-width for every character it claims narrow, and for the rest. */
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { measureWidth, NARROW_RANGES } from '../../src/render/measure.js';

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
