import { describe, expect, it } from 'vitest';
import { sortDiagnostics, type Diagnostic } from '../../src/profile/diagnostic.js';

const at = (file: string, line: number): Diagnostic => ({ file, line, col: 1, path: 'x', message: 'm', severity: 'error' });

describe('sortDiagnostics', () => {
  it('orders files by code point, the same under every locale (localeCompare put "a.yaml" before "B.yaml", and followed LANG)', () => {
    const sorted = sortDiagnostics([at('a.yaml', 1), at('B.yaml', 2), at('aa.yaml', 1), at('z.yaml', 1)]);
    expect(sorted.map((d) => d.file)).toEqual(['B.yaml', 'a.yaml', 'aa.yaml', 'z.yaml']);
  });

  it('orders by line and column within a file and drops exact repeats', () => {
    const sorted = sortDiagnostics([at('p.yaml', 3), at('p.yaml', 1), at('p.yaml', 3)]);
    expect(sorted.map((d) => d.line)).toEqual([1, 3]);
  });
});
