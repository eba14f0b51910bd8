// `plan --uncertain` on worker threads (src/cli/monte-carlo-threads.ts): the built CLI's output is
// the same bytes on one thread or several, the workers do take samples, a worker that cannot
// start leaves every sample to the main thread, and the worker's argument is no option.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { drawSamples, samplePlanner } from '../../src/explore/monte-carlo.js';
import { loadProfileFile } from '../../src/cli/profile-input.js';
import { planSamples } from '../../src/cli/monte-carlo-threads.js';

const root = new URL('../../', import.meta.url).pathname;

function run(args: string[], debug = false) {
  const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, CAPPLAN_DEBUG: debug ? '1' : undefined };
  const r = spawnSync(process.execPath, [`${root}bin/capplan.js`, ...args], { cwd: root, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('plan --uncertain on threads (built)', () => {
  it('prints the same bytes on one thread and on several, the workers planning some of the samples', () => {
    for (const [profile, format] of [
      ['profiles/thea-ia.yaml', '--json'],
      ['profiles/ngx-agents.yaml', '--format=table'],
    ] as const) {
      const args = ['plan', profile, '--uncertain', '--samples', '400', '--seed', '7', format];
      const one = run([...args, '--threads', '1'], true);
      expect(one.code).toBe(0);
      expect(one.stderr).not.toContain('debug');
      for (const threads of ['2', '3']) {
        const several = run([...args, '--threads', threads], true);
        expect(several.code).toBe(0);
        expect(several.stdout).toBe(one.stdout);
        const m = /debug: 400 samples, (\d+) worker threads? besides this one, which planned (\d+)/.exec(several.stderr);
        expect(m).not.toBeNull();
        expect(Number(m![1])).toBe(Number(threads) - 1);
      }
    }
    // Chunks of 25 go to whichever thread is free: over ~2 s of samples a worker (~0.2 s to start) takes some.
    const long = run(['plan', 'profiles/ngx-agents.yaml', '--uncertain', '--samples', '2000', '--threads', '2'], true);
    const m = /debug: 2000 samples, 1 worker thread besides this one, which planned (\d+)/.exec(long.stderr);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeLessThan(2000);
    expect(Number(m![1])).toBeGreaterThan(0);
  }, 60_000);

  it('refuses a bad --threads and takes the worker argument for an unknown option', () => {
    const bad = run(['plan', 'profiles/thea-ia.yaml', '--uncertain', '--threads', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('expected a whole number of threads from 1 to 64');
    const worker = run(['--capplan-sample-worker']);
    expect(worker.code).toBe(2);
    expect(worker.stderr).toContain("unknown option '--capplan-sample-worker'");
  });
});

describe('planSamples', () => {
  it('plans every sample on this thread when a worker cannot start, with the figures of a sequential run', async () => {
    const { profile, uncertain } = await loadProfileFile(`${root}profiles/thea-ia.yaml`);
    const opts = { samples: 60, seed: 3, phase: 0 };
    const draws = drawSamples(uncertain, opts);
    const { figures } = samplePlanner(profile, uncertain, opts);
    const sequential = draws.map(figures);
    const shared = await planSamples({ profile, inputs: uncertain, phase: 0, price: null, draws }, figures, 2, true, `${root}test/fixtures/no-such-worker.cjs`);
    expect(shared.here).toBe(60);
    expect(shared.figures).toEqual(sequential);
  });
});
