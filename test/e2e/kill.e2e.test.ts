/**
 * The kill test of `capplan emit` (issue #19), small: 10 SIGKILLs of an emit of 41 manifests over
 * an earlier emit. After each kill the directory holds exactly the old set or exactly the new set,
 * and the next run succeeds, leaves the new set and leaves no temporary file or stage behind.
 * Where the one-step exchange is to be had (Linux on x86_64 or arm64, with perl) no kill leaves
 * the directory absent; elsewhere the two-rename fallback may, and the next run restores it.
 * `npm run killtest` runs 100 kills of a 101-manifest emit.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types
import { runKillTest } from '../../scripts/killtest.mjs';

const exchanges = process.platform === 'linux' && ['x64', 'arm64'].includes(process.arch) && spawnSync('perl', ['-e', '0']).status === 0;

describe('capplan emit under SIGKILL', () => {
  it('leaves the old set or the new set after every kill, and the next run cleans up', async () => {
    const { counts, failures } = (await runKillTest({ kills: 10, seed: 7, components: 40 })) as {
      counts: { old: number; new: number; absent: number };
      failures: string[];
    };
    expect(failures).toEqual([]);
    if (exchanges) expect(counts.absent).toBe(0);
    expect(counts.old + counts.new + counts.absent).toBe(10);
  }, 240_000);
});
