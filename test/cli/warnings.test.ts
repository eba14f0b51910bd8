/** Prose warnings on stderr fit a terminal: wrapped with a hanging indent, one line in a pipe. */
import { describe, expect, it } from 'vitest';
import { formatWarning, MAX_WARNINGS, printWarnings, warnEach, type CliContext } from '../../src/cli/context.js';
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

describe('printWarnings and warnEach', () => {
  const ctxOf = (detail: 'normal' | 'verbose') => {
    const lines: string[] = [];
    const ctx = {
      note: (t: string) => lines.push(t),
      warnLine: (t: string) => lines.push(t),
      warn: (t: string) => lines.push(`capplan: ${t}`),
      errPalette: { yellow: (s: string) => s },
      layout: { width: 80, unicode: true, detail },
    } as unknown as CliContext;
    return { ctx, lines };
  };
  const diagnostics = Array.from({ length: 23 }, (_, i) => ({ file: 'p.yaml', line: i + 1, col: 3, path: `components.c${i}`, message: 'odd', severity: 'warning' as const }));

  it('prints the first MAX_WARNINGS and counts the rest', () => {
    const { ctx, lines } = ctxOf('normal');
    printWarnings(ctx, diagnostics);
    expect(lines).toHaveLength(MAX_WARNINGS + 1);
    expect(lines.at(-1)).toBe('capplan: … and 3 more warnings (-v prints them; `capplan validate --json` lists them all)');
    const prose = ctxOf('normal');
    warnEach(prose.ctx, ['a', 'b'], 'x');
    expect(prose.lines).toEqual(['capplan: a', 'capplan: b']);
  });
  it('prints them all with -v', () => {
    const { ctx, lines } = ctxOf('verbose');
    warnEach(ctx, Array.from({ length: 21 }, (_, i) => `n${i}`), 'x');
    expect(lines).toHaveLength(21);
  });
});
