/**
 * The kill test of `capplan emit` (issue #19), small: 10 SIGKILLs of an emit of 41 manifests over
 * an earlier emit. After each kill the directory holds exactly the old set or exactly the new set,
 * and the next run succeeds, leaves the new set and leaves no temporary file or stage behind.
 * `npm run killtest` runs 100 kills of a 101-manifest emit.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ES module script without types
import { runKillTest } from '../../scripts/killtest.mjs';

describe('capplan emit under SIGKILL', () => {
  it('leaves the old set or the new set after every kill, and the next run cleans up', async () => {
    const { counts, failures } = (await runKillTest({ kills: 10, seed: 7, components: 40 })) as {
      counts: { old: number; new: number; absent: number };
      failures: string[];
    };
    expect(failures).toEqual([]);
    expect(counts.absent).toBe(0);
    expect(counts.old + counts.new).toBe(10);
  }, 240_000);
});
