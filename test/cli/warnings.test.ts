/** Prose warnings on stderr fit a terminal: wrapped with a hanging indent, one line in a pipe. */
import { describe, expect, it } from 'vitest';
import { formatWarning } from '../../src/cli/context.js';
import { visibleWidth } from '../../src/render/wrap.js';

const AGE = 'prices as of 2025-10-28 are more than a year old (394 days on 2026-11-26): refresh the catalog (npm run catalog) or pass --today';

describe('formatWarning', () => {
  it('wraps at the width, every line within it, later lines indented two spaces', () => {
    const lines = formatWarning(AGE, 80, (s) => s).split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]!.startsWith('capplan: prices as of')).toBe(true);
    for (const l of lines) expect(visibleWidth(l)).toBeLessThanOrEqual(80);
    for (const l of lines.slice(1)) expect(l).toMatch(/^ {2}\S/);
    // No word is lost or split: the lines read back as the one-line warning.
    expect(lines.map((l) => l.trim()).join(' ')).toBe(`capplan: ${AGE}`);
  });
  it('styles each line on its own (colour never spans a line break)', () => {
    const lines = formatWarning(AGE, 40, (s) => `<${s}>`).split('\n');
    for (const l of lines) expect(l).toMatch(/^ *<[^<>]+>$/);
  });
  it('keeps one line at an infinite width (a pipe, a log) and a multi-line note as written', () => {
    expect(formatWarning(AGE, Infinity, (s) => s)).toBe(`capplan: ${AGE}`);
    expect(formatWarning('a\nb', 10, (s) => s)).toBe('capplan: a\nb');
  });
});
