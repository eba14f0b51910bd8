/**
 * Every command that removes the temporary files a killed run left beside its output says so,
 * once, on stderr (io.ts removedTempsNote; docs/manifests.md): a file vanishing without a word
 * looks like a bug, and one a CI step was about to commit is worth knowing about.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}bin/capplan.js`;
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
const profile = `${root}examples/capplan.yaml`;

/** A process id that is not running (a child that has exited). */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

let box: string;
beforeEach(() => {
  box = mkdtempSync(join(tmpdir(), 'capplan-temps-'));
});
afterEach(() => rmSync(box, { recursive: true, force: true }));

describe('a killed run’s temporary file beside the output', () => {
  it.each([
    ['check --update-baseline', ['check', profile, '--baseline', 'capplan.lock.json', '--update-baseline'], '.'],
    ['init -o', ['init', 'small', '-o', 'p.yaml'], '.'],
    ['report -o', ['report', profile, '-o', 'r.html'], '.'],
    ['emit k8s -o DIR', ['emit', 'k8s', profile, '-o', 'k8s'], 'k8s'],
  ])('%s removes it and says so once', (_, args, where) => {
    mkdirSync(join(box, where), { recursive: true });
    const temp = join(box, where, `.${deadPid()}-0123456789ab.capplan-tmp`);
    writeFileSync(temp, '{"half": "a baseline"');
    const r = spawnSync(process.execPath, [bin, ...args], { cwd: box, env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(existsSync(temp)).toBe(false);
    expect(r.stderr.match(/removed 1 temporary file/g)).toHaveLength(1);
    expect(r.stderr).toMatch(/a killed run left/);
  }, 60_000);
});
