/**
 * observe: a replica count from Prometheus that is a time average (2.5: an autoscaler moved in the
 * rate window) is not rounded: the model is evaluated at the two counts it lay between, and agrees
 * when that p95 range meets the observed band.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { compareWithModel, replicaCounts } from '../../src/observe/compare.js';
import type { Derived } from '../../src/observe/laws.js';
import type { CalibratedValue } from '../../src/observe/overlay.js';

const PROFILE = 'apiVersion: capplan/v1\nname: frac\nworkload: { rps: 60 }\ncomponents:\n  api: { kind: service, serviceTime: 20ms, workers: 1 }\n';

async function compare(replicas: number, band: { low: number; high: number; value: number }, calibrated: ReadonlyMap<string, readonly CalibratedValue[]> = new Map()) {
  const { profile } = await loadProfileText(PROFILE, 'frac.yaml');
  const derived = {
    systemRps: 60,
    entry: 'api',
    components: [{ name: 'api', kind: 'service', rate: 60, visits: 1, profileVisits: 1, busyCores: null, serviceTimeS: null, demandS: null, replicas, workers: 1, capacityPerReplica: null, utilization: null, meanResponseS: null, concurrency: null, p95: band }],
  } as unknown as Derived;
  return compareWithModel(profile.phases[0]!, derived, calibrated, { tolerance: 0, fits: {} })[0]!;
}

describe('observed replicas that are a time average', () => {
  it('gives the counts it lay between, never a rounded one', () => {
    expect(replicaCounts(2.5)).toEqual([2, 3]);
    expect(replicaCounts(2.4)).toEqual([2, 3]);
    expect(replicaCounts(3)).toEqual([3, 3]);
    expect(replicaCounts(2.9999999999)).toEqual([3, 3]);
    expect(replicaCounts(0.5)).toEqual([1, 1]);
  });

  it('2.5 replicas: the M/M/1 p95 at 3 and at 2 replicas, and agreement with a band only 2 replicas meet', async () => {
    // M/M/1 per replica (random split): p95 = ln 20 / (μ − λ/n), μ = 50/s (Kleinrock 1975, §3.2).
    const at2 = Math.log(20) / (50 - 30);
    const at3 = Math.log(20) / (50 - 20);
    const c = await compare(2.5, { value: 0.14, low: 0.13, high: 0.2 });
    expect(c.replicasBetween!.fewer).toBe(2);
    expect(c.replicasBetween!.more).toBe(3);
    expect(c.replicasBetween!.profileP95[0] / at3).toBeCloseTo(1, 2);
    expect(c.replicasBetween!.profileP95[1] / at2).toBeCloseTo(1, 2);
    // Rounded to 3, the model (0.0999 s) would miss the band [0.13, 0.2]; the range meets it.
    expect(c.verdict).toBe('agrees');
  });

  it('a whole count is one model p95, as before', async () => {
    // The measured S (20 ms, as the profile's) misses the band too: the model is off.
    const measured = new Map([['api', [{ key: 'serviceTime', value: 0.02, quantity: 'duration', derivation: 'S', queries: [] } as CalibratedValue]]]);
    const c = await compare(3, { value: 0.14, low: 0.13, high: 0.2 }, measured);
    expect(c.replicasBetween).toBeNull();
    expect(c.profileP95 / (Math.log(20) / 30)).toBeCloseTo(1, 2);
    expect(c.calibratedP95! / (Math.log(20) / 30)).toBeCloseTo(1, 2);
    expect(c.verdict).toBe('model');
    // With no measured S (no CPU series) nothing tells the profile's fault from the model's: no verdict.
    const unmeasured = await compare(3, { value: 0.14, low: 0.13, high: 0.2 });
    expect(unmeasured.calibratedP95).toBeNull();
    expect(unmeasured.verdict).toBe('unmeasured');
    // Agreement needs no measured S.
    expect((await compare(3, { value: 0.09, low: 0.05, high: 0.12 })).verdict).toBe('agrees');
  });
});

describe('observe --at and --end take a time, not a duration', () => {
  it('refuses a duration and a bare number before 2000, with the accepted forms', async () => {
    const { readTimeFlag } = await import('../../src/observe/promql.js');
    expect(readTimeFlag('--at', '500ms', 0)).toEqual({ ok: false, message: '--at 500ms: a duration, not a time', hint: '--at takes now, an RFC 3339 time (2026-11-25T14:00:00Z) or Unix seconds (1795622703)' });
    expect(readTimeFlag('--at', '5m', 0)).toMatchObject({ ok: false, message: '--at 5m: a duration, not a time' });
    expect(readTimeFlag('--end', '500', 0)).toMatchObject({ ok: false, message: '--end 500: as Unix seconds that is 1970-01-01T00:08:20Z, before any Prometheus data' });
    expect(readTimeFlag('--at', '1795622703', 0)).toEqual({ ok: true, s: 1795622703 });
    expect(readTimeFlag('--at', '2026-11-25T16:05:01Z', 0)).toEqual({ ok: true, s: 1795622701 });
    expect(readTimeFlag('--end', 'now', 42)).toEqual({ ok: true, s: 42 });
  });
});
