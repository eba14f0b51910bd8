/**
 * A remedy's figure, applied to the profile as printed, must fix the violation it comes with:
 * the figure is rounded the safe way (down for "below", up for "at least"), never to nearest.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import type { Violation } from '../../src/plan/types.js';
import { formatDurationToward, formatNumberToward, roundSignificant } from '../../src/units/format.js';

async function violations(text: string): Promise<Violation[]> {
  const { profile } = await loadProfileText(text, 'p.yaml');
  return solve(profile).phases[0]!.violations;
}

const of = (vs: Violation[], kind: string) => vs.find((v) => v.kind === kind);

/** The number and unit after `words` in a remedy ("below 16.6 ms" → "16.6ms"). */
function figureAfter(remedy: string, words: string): string {
  const m = new RegExp(`${words} ([\\d.,]+) ?(ms|s|µs|/s)`).exec(remedy);
  expect(m, `"${words} <figure>" in: ${remedy}`).not.toBeNull();
  return `${m![1]!.replace(/,/g, '')}${m![2]!.replace('µs', 'us')}`;
}

describe('remedies, applied as printed, fix their violation', () => {
  const latency = (serviceTime: string, budget: string) => `apiVersion: capplan/v1
name: t
workload: { rps: 100 }
components:
  api: { kind: service, serviceTime: ${serviceTime}, workers: 4, latencyP95: ${budget}, replicas: { min: 2, max: 1000 } }
`;
  it('an unreachable latency budget: the service time to cut below, and the budget to raise to', async () => {
    // 30 ms exponential: unloaded p95 = 30 ms × ln 20 = 89.87 ms; the budget 50 ms needs a mean under 16.69 ms (16.7 printed to nearest, which fails).
    for (const [st, budget] of [['30ms', '50ms'], ['7ms', '20ms'], ['13ms', '35ms'], ['2.2s', '5s']] as const) {
      const v = of(await violations(latency(st, budget)), 'latency');
      expect(v, `${st} against ${budget}`).toBeDefined();
      const cut = figureAfter(v!.remedy, 'cut the service time below');
      const raise = figureAfter(v!.remedy, 'raise latencyP95 to at least');
      expect(of(await violations(latency(cut, budget)), 'latency'), `serviceTime ${cut}`).toBeUndefined();
      expect(of(await violations(latency(st, raise)), 'latency'), `latencyP95 ${raise}`).toBeUndefined();
    }
  });

  const writes = (perRequest: number, writeCapacity: string) => `apiVersion: capplan/v1
name: t
workload: { rps: 100 }
components:
  api: { kind: service, serviceTime: 10ms, workers: 4, calls: [db] }
  db: { kind: database, readsPerRequest: 1, writesPerRequest: ${perRequest}, capacity: 1000/s, writeCapacity: ${writeCapacity}, shards: { max: 1 } }
`;
  it('serialised writes over one primary: the writeCapacity to move to', async () => {
    // 116.29 writes/s at 70 % need 166.13/s: 166 to nearest, which fails.
    for (const perRequest of [1.1629, 0.50123, 3.3337]) {
      const v = of(await violations(writes(perRequest, '40/s')), 'writes');
      expect(v, `${perRequest} writes a request`).toBeDefined();
      const wc = figureAfter(v!.remedy, 'writeCapacity ≥');
      expect(of(await violations(writes(perRequest, wc)), 'writes'), `writeCapacity ${wc}`).toBeUndefined();
    }
  });

  const timeout = (t: string, st = '6.5ms') => `apiVersion: capplan/v1
name: t
workload: { rps: 100 }
components:
  api: { kind: service, serviceTime: 5ms, workers: 4, calls: [{ to: backend, timeout: ${t} }] }
  backend: { kind: service, serviceTime: ${st}, workers: 1, replicas: { min: 2, max: 2 } }
`;
  it('a timeout below the callee p95: the timeout to raise to', async () => {
    // backend's p95 is 28.85 ms at 6.5 ms and 49.02 ms at 9 ms: 28.8 and 49 to nearest, which fail.
    for (const [t, st] of [['10ms', '6.5ms'], ['20ms', '9ms'], ['5ms', '7ms']] as const) {
      const v = of(await violations(timeout(t, st)), 'timeout');
      expect(v, `timeout ${t}`).toBeDefined();
      const raised = figureAfter(v!.remedy, 'raise the timeout to at least');
      expect(of(await violations(timeout(raised, st)), 'timeout'), `timeout ${raised}`).toBeUndefined();
    }
  });

  it('a saturated callee is not told to raise its callers\' timeout to ∞', async () => {
    const v = of(await violations(writes(1.5, '40/s').replace('calls: [db]', 'calls: [{ to: db, timeout: 20ms }]')), 'timeout');
    expect(v?.remedy).toMatch(/^db is saturated .*: give it the capacity its violations ask for first$/);
  });
});

describe('rounding toward a bound', () => {
  it('rounds up or down at three significant digits, and keeps a printed figure as it is', () => {
    expect(roundSignificant(16.6667, 3, 'down')).toBe(16.6);
    expect(roundSignificant(16.6667, 3, 'up')).toBe(16.7);
    expect(roundSignificant(16.6, 3, 'up')).toBe(16.6);
    expect(roundSignificant(0.1 + 0.2, 3, 'up')).toBe(0.3);
    expect(formatDurationToward(0.0898718, 'up')).toBe('89.9 ms');
    expect(formatDurationToward(0.0166667, 'down')).toBe('16.6 ms');
    expect(formatDurationToward(0.9996, 'up')).toBe('1 s');
    expect(formatNumberToward(166.13, 'up')).toBe('167');
    expect(formatNumberToward(1428.2, 'up')).toBe('1,429');
    expect(formatNumberToward(1428.7, 'down')).toBe('1,428');
  });
});
