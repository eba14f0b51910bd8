/**
 * Two capplan runs writing one output at once (docs/manifests.md, docs/terminal.md): one writes,
 * the other stops with exit 2 before writing anything ("another capplan (pid N) is writing …"),
 * so a directory never holds a mix of two emits and a file is never judged by one run and
 * replaced by another. The lock (src/cli/write-lock.ts) of a killed run is taken over.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealGenerated, writeError, writeFilesAtomic } from '../../src/cli/io.js';
import { acquireWriteLock, lockPathOf } from '../../src/cli/write-lock.js';
// @ts-expect-error: a plain ES module script without types
import { syntheticProfile } from '../../scripts/synthetic-profile.mjs';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}bin/capplan.js`;
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };

let box: string;
beforeEach(() => {
  box = mkdtempSync(join(tmpdir(), 'capplan-lock-'));
});
afterEach(() => rmSync(box, { recursive: true, force: true }));

/** A process id that is not running (a child that has exited). */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

/** A process that sleeps until killed: a live pid that is not this one. */
function sleeper(): ChildProcess {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
  return child;
}

/** Runs the CLI to its end. */
function run(args: string[], cwd = box): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** The set of files a directory holds, name → content. */
function contents(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name), 'utf8')]));
}

const busyLine = /^capplan: another capplan \(pid \d+\) is writing cdir; try again when it ends$/m;

describe('two emits into one directory at once', () => {
  it('never leave a mix: each run writes its whole set or exits 2 saying another capplan is writing', async () => {
    // Two profiles of the same components with different service times (different replica counts), as the tester's big.yaml and big2.yaml.
    const a = syntheticProfile({ components: 150, phases: 1, seed: 3 }) as string;
    const b = a.replace(/serviceTime: (\d+(?:\.\d+)?)ms/g, (_m: string, t: string) => `serviceTime: ${Number(t) * 3}ms`);
    expect(b).not.toBe(a);
    writeFileSync(join(box, 'a.yaml'), a);
    writeFileSync(join(box, 'b.yaml'), b);
    expect((await run(['emit', 'k8s', 'a.yaml', '-o', 'refA'])).status).toBe(0);
    expect((await run(['emit', 'k8s', 'b.yaml', '-o', 'refB'])).status).toBe(0);
    const setA = contents(join(box, 'refA'));
    const setB = contents(join(box, 'refB'));
    expect(setA).not.toEqual(setB);
    let refused = 0;
    for (let round = 0; round < 6; round++) {
      // The second started a little after the first, at a different point of its run each round.
      const first = run(['emit', 'k8s', 'a.yaml', '-o', 'cdir']);
      await new Promise((r) => setTimeout(r, round * 40));
      const [ra, rb] = await Promise.all([first, run(['emit', 'k8s', 'b.yaml', '-o', 'cdir'])]);
      for (const r of [ra, rb]) {
        if (r.status !== 0) {
          expect(r.status).toBe(2);
          expect(r.stderr).toMatch(busyLine);
          refused++;
        }
      }
      expect([ra.status, rb.status]).toContain(0);
      const now = contents(join(box, 'cdir'));
      // The last run to exit 0 wrote what the directory holds, whole.
      const expected = rb.status === 0 && ra.status !== 0 ? setB : ra.status === 0 && rb.status !== 0 ? setA : null;
      if (expected) expect(now).toEqual(expected);
      else expect([setA, setB]).toContainEqual(now);
      expect(readdirSync(box).filter((n) => n.includes('capplan-'))).toEqual([]);
    }
    // Most rounds overlap (an emit of 150 components takes far longer than the 0–200 ms between the starts).
    expect(refused).toBeGreaterThan(0);
  }, 240_000);

  it('an emit while another capplan holds the directory\'s lock stops with exit 2 and changes nothing', async () => {
    writeFileSync(join(box, 'a.yaml'), syntheticProfile({ components: 20, phases: 1, seed: 5 }) as string);
    expect((await run(['emit', 'k8s', 'a.yaml', '-o', 'cdir'])).status).toBe(0);
    const before = contents(join(box, 'cdir'));
    writeFileSync(join(box, 'b.yaml'), (syntheticProfile({ components: 20, phases: 1, seed: 5 }) as string).replace(/serviceTime: (\d+(?:\.\d+)?)ms/g, (_m: string, t: string) => `serviceTime: ${Number(t) * 3}ms`));
    // A running process holds the lock, as a first emit still writing does.
    const holder = sleeper();
    try {
      writeFileSync(join(box, '.cdir.capplan-lock'), `${holder.pid}\n`);
      const second = await run(['emit', 'k8s', 'b.yaml', '-o', 'cdir']);
      expect(second.stderr).toBe(`capplan: another capplan (pid ${holder.pid}) is writing cdir; try again when it ends\n  hint: if no capplan runs as pid ${holder.pid}, delete .cdir.capplan-lock\n`);
      expect(second.status).toBe(2);
      expect(contents(join(box, 'cdir'))).toEqual(before);
      expect(readdirSync(box).sort()).toEqual(['.cdir.capplan-lock', 'a.yaml', 'b.yaml', 'cdir']);
    } finally {
      holder.kill('SIGKILL');
    }
  }, 60_000);

  it('takes over the lock a killed run left, and says so once', async () => {
    writeFileSync(join(box, 'a.yaml'), syntheticProfile({ components: 5, phases: 1, seed: 5 }) as string);
    const pid = deadPid();
    writeFileSync(join(box, '.cdir.capplan-lock'), `${pid}\n`);
    const r = await run(['emit', 'k8s', 'a.yaml', '-o', 'cdir']);
    expect(r.status).toBe(0);
    expect(r.stderr.match(/removed \.cdir\.capplan-lock \(the lock of a killed run, pid \d+\)/g)).toHaveLength(1);
    expect(readdirSync(box).sort()).toEqual(['a.yaml', 'cdir']);
  }, 60_000);
});

describe('acquireWriteLock', () => {
  it('is exclusive while held, and free again once released', () => {
    const target = join(box, 'base.json');
    const lock = acquireWriteLock(target, 'base.json');
    expect(readFileSync(lockPathOf(target), 'utf8')).toBe(`${process.pid}\n`);
    expect(() => acquireWriteLock(target, 'base.json')).toThrow(`another capplan (pid ${process.pid}) is writing base.json; try again when it ends`);
    lock.assertHeld();
    lock.release();
    expect(existsSync(lockPathOf(target))).toBe(false);
    acquireWriteLock(target, 'base.json').release();
    expect(readdirSync(box)).toEqual([]);
  });

  it('refuses a lock whose process runs, naming it; takes over one whose process is gone', async () => {
    const target = join(box, 'r.html');
    const child = sleeper();
    try {
      writeFileSync(lockPathOf(target), `${child.pid}\n`);
      expect(() => acquireWriteLock(target, 'r.html')).toThrow(`another capplan (pid ${child.pid}) is writing r.html; try again when it ends`);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.on('exit', r));
    }
    const lock = acquireWriteLock(target, 'r.html');
    expect(lock.tookOverFrom).toBe(child.pid);
    expect(readFileSync(lockPathOf(target), 'utf8')).toBe(`${process.pid}\n`);
    lock.release();
    expect(readdirSync(box)).toEqual([]);
  });

  it('takes a lock file without a process id for one still starting while it is new, and for a killed run\'s once old', () => {
    const target = join(box, 'x.yaml');
    writeFileSync(lockPathOf(target), '');
    expect(() => acquireWriteLock(target, 'x.yaml')).toThrow('another capplan is writing x.yaml; try again when it ends');
    spawnSync('touch', ['-d', '1 minute ago', lockPathOf(target)]);
    const lock = acquireWriteLock(target, 'x.yaml');
    lock.release();
    expect(readdirSync(box)).toEqual([]);
  });

  it('removes a stale lock a run killed while taking it over left set aside', () => {
    const target = join(box, 'x.yaml');
    const aside = `${lockPathOf(target)}-${deadPid()}-0123456789ab`;
    writeFileSync(aside, '1\n');
    acquireWriteLock(target, 'x.yaml').release();
    expect(readdirSync(box)).toEqual([]);
  });

  it('says when its lock was removed under it, and then leaves the new one alone', () => {
    const target = join(box, 'x.yaml');
    const lock = acquireWriteLock(target, 'x.yaml');
    unlinkSync(lockPathOf(target));
    writeFileSync(lockPathOf(target), '1\n');
    expect(() => lock.assertHeld()).toThrow(/was removed or replaced while this capplan wrote/);
    lock.release();
    expect(readFileSync(lockPathOf(target), 'utf8')).toBe('1\n');
  });
});

describe('writeFilesAtomic under a lock', () => {
  it('refuses a file another capplan is writing, before writing anything', async () => {
    const path = join(box, 'r.html');
    const text = sealGenerated('<!-- generated by capplan report x -->\n<p>1</p>', 'html');
    const child = sleeper();
    try {
      writeFileSync(lockPathOf(path), `${child.pid}\n`);
      await expect(writeFilesAtomic(new Map([[path, text], [join(box, 'other.html'), text]]), { force: false })).rejects.toThrow(`another capplan (pid ${child.pid}) is writing ${path}`);
      expect(readdirSync(box)).toEqual(['.r.html.capplan-lock']);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('leaves no lock behind, written or refused', async () => {
    const path = join(box, 'r.html');
    await writeFilesAtomic(new Map([[path, sealGenerated('<!-- generated by capplan report x -->\n', 'html')]]), { force: false });
    writeFileSync(join(box, 'mine.html'), 'mine\n');
    await expect(writeFilesAtomic(new Map([[join(box, 'mine.html'), sealGenerated('<!-- generated by capplan report x -->\n', 'html')]]), { force: false })).rejects.toThrow(/not written by capplan/);
    expect(readdirSync(box).sort()).toEqual(['mine.html', 'r.html']);
  });
});

describe('errors of the swap, in words', () => {
  it.each([
    ['ENOTEMPTY', 'a directory that is not empty is in the way'],
    ['EBUSY', 'it is in use (a mount point, or held by another program)'],
    ['ELOOP', 'the path goes through too many symbolic links (a loop?)'],
    ['EWHATEVER', 'the system refused it (EWHATEVER)'],
  ])('%s', (code, words) => {
    expect(writeError('cdir', Object.assign(new Error(`${code}: x, rename '.cdir.capplan-stage-1-abc' -> 'cdir'`), { code })).message).toBe(`cannot write cdir: ${words}`);
  });
});
