import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'threads',
    // Every core: vitest's default leaves one free (numCpus − 1), which on the 2-core CI machines
    // is a single worker, idle while each file imports (90 of 311 s). Most tests wait on a child
    // capplan process, not on vitest's own thread. Two workers here: 311 -> 188 and 193 s, all passing.
    maxWorkers: Math.max(2, availableParallelism()),
    setupFiles: ['test/support/fast-check-seed.ts'],
    // Each run gets a $TMPDIR of its own, and fails if a test leaves a temporary directory in it.
    globalSetup: ['test/support/temp-guard.ts'],
  },
});
