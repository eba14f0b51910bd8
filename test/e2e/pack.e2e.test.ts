/**
 * The packed tarball run the way a user runs it: `npm pack`, then `npx --yes ./capplan-<v>.tgz`
 * in an empty folder with an empty npm cache (scripts/pack-smoke.mjs). Slow: npm pack and two
 * npx runs take several seconds, up to tens on a cold machine; one test on purpose.
 * Needs a built dist/ (`npm run build`, as `npm test` does).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the packed package', () => {
  it('installs and runs from its tarball through npx in an empty folder [slow: npm pack + npx]', { timeout: 180_000 }, () => {
    const r = spawnSync(process.execPath, [join(root, 'scripts', 'pack-smoke.mjs')], { cwd: root, encoding: 'utf8', timeout: 170_000 });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^pack-smoke: ok: capplan-\d+\.\d+\.\d+\.tgz .* no runtime dependencies\) ran through npx in an empty folder/);
    expect(r.status).toBe(0);
  });
});
