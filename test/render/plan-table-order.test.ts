// nextLimits (src/render/plan-table.ts) breaks ties between component names by code point instead
// of localeCompare: component names are DNS labels (src/profile/fields.ts: [a-z], then [-a-z0-9],
// ending in [a-z0-9]), and on those ICU's root collation (CLDR root: punctuation non-ignorable,
// "-" < digits < letters, no secondary or tertiary differences among them) orders exactly as
// their code points do. These tests compare the two orders on generated labels.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { byCodePoint } from '../../src/pricing/compare.js';
import { componentName } from '../../src/profile/fields.js';

/** ICU's root collation, as localeCompare used it in an English or C locale. */
const root = new Intl.Collator('und');
const english = new Intl.Collator('en-US');

/** A DNS label over a few characters, so that labels often share prefixes and differ only in "-", a digit or a letter. */
const label = fc
  .tuple(fc.constantFrom('a', 'b', 'z'), fc.array(fc.constantFrom('a', 'b', 'z', '0', '1', '9', '-'), { maxLength: 8 }), fc.constantFrom('', 'a', 'z', '0', '9'))
  .map(([first, middle, last]) => first + middle.join('') + last)
  .filter((s) => !s.endsWith('-') && s.length <= 63);

describe('component names: code-point order is ICU root order', () => {
  it('generated labels are component names the schema accepts', () => {
    fc.assert(
      fc.property(label, (s) => {
        expect(componentName.safeParse(s).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('every pair of generated labels compares alike', () => {
    fc.assert(
      fc.property(label, label, (a, b) => {
        expect(Math.sign(byCodePoint(a, b))).toBe(Math.sign(root.compare(a, b)));
        expect(Math.sign(byCodePoint(a, b))).toBe(Math.sign(english.compare(a, b)));
      }),
      { numRuns: 5000 },
    );
  });

  it('every label of one or two characters, against every other, compares alike', () => {
    const chars = [...'-0123456789abcdefghijklmnopqrstuvwxyz'];
    const labels = [...chars.filter((c) => /[a-z]/.test(c)), ...chars.filter((c) => /[a-z]/.test(c)).flatMap((c) => chars.filter((d) => d !== '-').map((d) => c + d))];
    const icu = [...labels].sort(root.compare);
    expect([...labels].sort(byCodePoint)).toEqual(icu);
    // A label and its extensions by every character: a prefix sorts first in both orders.
    for (const a of ['a', 'a-b', 'k8s']) for (const c of chars) expect(Math.sign(byCodePoint(a, `${a}${c}z`))).toBe(Math.sign(root.compare(a, `${a}${c}z`)));
  });
});
