// dist/mathjs.cjs is built from src/units/mathjs-factories.ts and stands in for it in the bundle
// (math-reader.ts imports its mathjs factories from there): the bundle must not hold mathjs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

  it('evaluate an expression in the bundled CLI', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capplan-mathjs-'));
    try {
      writeFileSync(join(dir, 'p.yaml'), 'apiVersion: capplan/v1\nname: x\nworkload: { rps: 100 }\ncomponents:\n  api: { kind: service, serviceTime: 20ms * 2 }\n');
      const r = spawnSync(process.execPath, [new URL('../../bin/capplan.js', import.meta.url).pathname, 'validate', join(dir, 'p.yaml')], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
