/**
 * A file that cannot be written is named as the user gave it, with the reason in words, never
 * capplan's temporary file (`.PID-HEX.capplan-tmp`) or staging directory (`.DIR.capplan-stage-…`).
 * The read-only directory needs an unprivileged user: as root the test runs the CLI as nobody
 * through setpriv, and is skipped (saying why) when it cannot.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { writeError } from '../../src/cli/io.js';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}bin/capplan.js`;
const profile = `${root}profiles/litper.yaml`;
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };

/** How to run the CLI as a user the directory's mode binds: directly, or via setpriv as nobody when root. */
function unprivileged(): string[] | null {
  if (process.getuid?.() !== 0) return [];
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', 'process.exit(process.getuid() === 65534 ? 0 : 1)']);
  return probe.status === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : null;
}
const prefix = unprivileged();
if (prefix === null) console.warn('write-errors: skipped the read-only directory cases: running as root without a working setpriv');

function readOnlyDir(): string {
  // As nobody, under /tmp: the test's own temporary directory may not be open to other users.
  const dir = mkdtempSync(join(prefix!.length > 0 ? '/tmp' : tmpdir(), 'capplan-ro-'));
  chmodSync(dir, 0o555);
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function run(cwd: string, args: string[]) {
  const [cmd, ...pre] = prefix!.length > 0 ? [...prefix!, process.execPath] : [process.execPath];
  return spawnSync(cmd!, [...pre, bin, ...args], { cwd, env, encoding: 'utf8' });
}

describe.skipIf(prefix === null)('writing into a read-only directory', () => {
  it.each([
    ['init', ['init', 'small', '-o', 'x.yaml'], 'x.yaml'],
    ['report -o', ['report', profile, '-o', 'r.html'], 'r.html'],
    ['check --update-baseline', ['check', profile, '--baseline', 'b.json', '--update-baseline'], 'b.json'],
    ['emit -o DIR', ['emit', 'k8s', profile, '-o', 'k8s'], 'k8s'],
  ])('%s names the user\'s path and why, exit 2', (_, args, target) => {
    const dir = readOnlyDir();
    const r = run(dir, args);
    expect(r.stderr).toBe(`capplan: cannot write ${target}: permission denied (the directory . is not writable)\n`);
    expect(r.stderr).not.toMatch(/capplan-(tmp|stage)/);
    expect(r.status).toBe(2);
    expect(existsSync(join(dir, target))).toBe(false);
  });
});

describe.skipIf(prefix === null)('emit into a writable directory whose parent is not writable', () => {
  it('writes the files one by one inside DIR (no stage beside it), and leaves no lock behind', () => {
    const dir = mkdtempSync(join(prefix!.length > 0 ? '/tmp' : tmpdir(), 'capplan-ro-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, 'k8s'));
    if (prefix!.length > 0) chownSync(join(dir, 'k8s'), 65534, 65534);
    chmodSync(dir, 0o555);
    for (const round of [1, 2]) {
      const r = run(dir, ['emit', 'k8s', profile, '-o', 'k8s']);
      expect(r.stderr, `round ${round}`).toMatch(/^wrote \d+ files to k8s/m);
      expect(r.status).toBe(0);
      const names = readdirSync(join(dir, 'k8s'));
      expect(names).toContain('kustomization.yaml');
      expect(names.filter((n) => n.startsWith('.'))).toEqual([]);
      expect(readdirSync(dir)).toEqual(['k8s']);
    }
  });
});

describe('writeError', () => {
  it('says a part of the path that is a file (ENOTDIR, root included)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capplan-we-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, 'f'), '');
    const error = Object.assign(new Error(`ENOTDIR: not a directory, open '${dir}/f/.1-abc.capplan-tmp'`), { code: 'ENOTDIR' });
    expect(writeError(join(dir, 'f', 'x.yaml'), error).message).toBe(`cannot write ${dir}/f/x.yaml: ${dir}/f is a file, not a directory`);
  });

  it('names the nearest directory that exists for a permission problem, and never the temporary file', () => {
    const error = Object.assign(new Error("EACCES: permission denied, open '.8780-e0b9f263167e.capplan-tmp'"), { code: 'EACCES' });
    expect(writeError('/nonexistent-capplan/a/x.yaml', error).message).toBe('cannot write /nonexistent-capplan/a/x.yaml: permission denied (the directory / is not writable)');
    const full = Object.assign(new Error("ENOSPC: no space left on device, write '.1-abc.capplan-tmp'"), { code: 'ENOSPC' });
    expect(writeError('out.html', full).message).toBe('cannot write out.html: no space left on the device');
  });
});
