/**
 * globalSetup: the run's temporary directories go to a directory of its own. $TMPDIR is set
 * before the test workers start, so os.tmpdir() in every test, and in every capplan or script a
 * test spawns with the environment, points into it. What is left there at the end was left by
 * this run, never by a concurrent one (another `vitest run`, a bench, a fuzz run), so a leak fails
 * the run, naming what was left. The directory is removed either way: nothing accumulates in /tmp.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The names the tests give what they create (capplan-*, and find-chromium's pa-/pb-); other programs' caches (node, tsx, chromium) may stay. */
const OURS = /^(capplan-|pa-|pb-)/;

export default function setup(): () => void {
  const outer = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'capplan-vitest-'));
  process.env.TMPDIR = dir;
  return () => {
    if (outer === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = outer;
    const left = readdirSync(dir).filter((name) => OURS.test(name));
    rmSync(dir, { recursive: true, force: true });
    if (left.length > 0) {
      // Vitest 4.1 prints an error thrown here ("error during close") but still exits 0.
      process.exitCode = 1;
      throw new Error(
        `tests left ${left.length} temporary ${left.length === 1 ? 'entry' : 'entries'} behind (removed now): ${left.sort().join(', ')}; remove what a test creates in onTestFinished, afterEach or afterAll`,
      );
    }
  };
}
