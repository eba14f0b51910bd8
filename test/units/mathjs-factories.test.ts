// dist/mathjs.cjs is built from src/units/mathjs-factories.ts and stands in for it in the bundle
// (math-reader.ts imports its mathjs factories from there): the bundle must not hold mathjs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as factories from '../../src/units/mathjs-factories.js';

describe('the mathjs factories bundled apart', () => {
  it('are required from dist/mathjs.cjs, with no mathjs code in dist/main.cjs', () => {
    const main = readFileSync(new URL('../../dist/main.cjs', import.meta.url), 'utf8');
    expect(main).toContain('require("./mathjs.cjs")');
    expect(main).not.toContain('typed-function');
    const maths = readFileSync(new URL('../../dist/mathjs.cjs', import.meta.url), 'utf8');
    for (const name of Object.keys(factories)) expect(maths).toContain(name);
  });
});
