/**
 * A report names its profile by file name alone (docs/report.md, "The same bytes every time"):
 * the same profile gives the same bytes whatever the working directory and however its path
 * is spelt on the command line.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}bin/capplan.js`;
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };

let box: string;
beforeEach(() => {
  box = mkdtempSync(join(tmpdir(), 'capplan-rpath-'));
  mkdirSync(join(box, 'team', 'stack'), { recursive: true });
  copyFileSync(`${root}examples/capplan.yaml`, join(box, 'team', 'stack', 'capplan.yaml'));
});
afterEach(() => rmSync(box, { recursive: true, force: true }));

const report = (cwd: string, path: string, extra: string[] = []) => {
  const r = spawnSync(process.execPath, [bin, 'report', path, ...extra], { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  expect(r.status).toBe(0);
  return r.stdout;
};

describe('report: the profile’s path', () => {
  it.each([['html'], ['markdown']])('%s: the same bytes from its directory, its parent\'s parent, and /', (format) => {
    const stack = join(box, 'team', 'stack');
    const here = report(stack, 'capplan.yaml', ['--format', format]);
    expect(report(box, 'team/stack/capplan.yaml', ['--format', format])).toBe(here);
    expect(report('/', join(stack, 'capplan.yaml'), ['--format', format])).toBe(here);
    expect(report(join(box, 'team'), './stack/../stack/capplan.yaml', ['--format', format])).toBe(here);
    expect(here).not.toMatch(/team|stack\//);
    expect(here).toMatch(/capplan\.yaml/);
  }, 120_000);

  it('reads standard input as <stdin>', () => {
    const r = spawnSync(process.execPath, [bin, 'report', '-', '--format', 'markdown'], { env, encoding: 'utf8', input: readFileSync(`${root}examples/capplan.yaml`) });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/<stdin>|&lt;stdin&gt;/);
  }, 60_000);
});
