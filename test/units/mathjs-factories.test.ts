// dist/mathjs.cjs is built from src/units/mathjs-factories.ts and stands in for 'mathjs' in the
// bundle: it must export every value math-reader.ts imports from mathjs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as factories from '../../src/units/mathjs-factories.js';

describe('the mathjs factories bundled apart', () => {
  it('are what math-reader.ts imports from mathjs', () => {
    const source = readFileSync(new URL('../../src/units/math-reader.ts', import.meta.url), 'utf8');
    const imported = /import \{([^}]*)\} from 'mathjs';/.exec(source)![1]!.split(',').map((s) => s.trim()).filter((s) => s && !s.startsWith('type '));
    expect(Object.keys(factories).sort()).toEqual(imported.sort());
  });
});
