/** Uncertain inputs written as ranges: the syntax, the laws, the medians the plan takes, and the problems reported with positions. */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { readRange, spread, valueAt, Z90 } from '../../src/explore/ranges.js';
import { phasesTaking, withValues } from '../../src/explore/sample-profile.js';
import { solve } from '../../src/plan/solve.js';
import { readQuantity } from '../../src/units/quantity.js';
import { problems } from '../support/problems.js';

const read = (raw: unknown, kind: Parameters<typeof readQuantity>[1] = 'duration') => readRange(raw, kind, readQuantity);

describe('readRange', () => {
  it('reads p10..p90 as lognormal, with the median their geometric mean', () => {
    const r = read('20ms..35ms');
    expect(r).toEqual({ ok: true, range: { law: 'lognormal', p10: 0.02, p50: Math.sqrt(0.02 * 0.035), p90: 0.035, kind: 'duration' } });
  });
  it('reads a named law, x ± d (normal) and x ± d%', () => {
    expect(read('20ms..40ms normal')).toMatchObject({ ok: true, range: { law: 'normal', p50: 0.03 } });
    expect(read('20ms ± 20%')).toMatchObject({ ok: true, range: { law: 'normal', p10: 0.016, p50: 0.02, p90: 0.024 } });
    expect(read('20ms +- 5ms')).toMatchObject({ ok: true, range: { law: 'normal', p10: 0.015, p90: 0.025 } });
    expect(read('20ms ± 20% lognormal')).toMatchObject({ ok: false, message: 'x ± d is symmetric: a normal law' });
  });
  it('reads two quantiles of a mapping: the third from the law', () => {
    // Lognormal: p10 = p50² / p90 = 400 / 35 ms.
    const r = read({ p50: '20ms', p90: '35ms' });
    expect(r.ok && r.range.p10).toBeCloseTo(0.02 ** 2 / 0.035, 15);
    expect(read({ p10: '10ms', p50: '20ms', dist: 'normal' })).toMatchObject({ ok: true, range: { p90: 0.03 } });
  });
  it('refuses what is not a range of the field', () => {
    expect(read('35ms..20ms')).toMatchObject({ ok: false, message: expect.stringContaining('from its p10 up to its p90') });
    expect(read('2..4', 'count')).toMatchObject({ ok: false, message: 'a count cannot be a range' });
    expect(read('0..1', 'number')).toMatchObject({ ok: false, message: 'a lognormal range needs positive ends' });
    expect(read({ p10: '10ms', p50: '20ms', p90: '50ms' })).toMatchObject({ ok: false });
    expect(read({ p50: '10ms' })).toMatchObject({ ok: false, message: expect.stringContaining('two of p10, p50 and p90') });
  });
  it('puts p10 and p90 at ∓z₀.₉ standard deviations of the law', () => {
    const r = read('20ms..35ms');
    if (!r.ok) throw new Error('expected a range');
    expect(valueAt(r.range, -Z90)).toBeCloseTo(0.02, 15);
    expect(valueAt(r.range, Z90)).toBeCloseTo(0.035, 15);
    expect(spread(r.range)).toBeCloseTo(Math.log(35 / 20) / (2 * Z90), 15);
    // A fraction never leaves [0, 1]; a normal law's tail stops short of zero.
    expect(valueAt({ law: 'lognormal', p10: 0.8, p50: 0.9, p90: 0.99, kind: 'fraction' }, 5, true)).toBe(1);
    expect(valueAt({ law: 'normal', p10: 1, p50: 2, p90: 3, kind: 'number' }, -10, true)).toBe(0.002);
  });
});

const PROFILE = `apiVersion: capplan/v1
name: r
workload: { rps: 80/s..125/s }
phases:
  - { name: later, scale: 2, components: { api: { serviceTime: 30ms } } }
components:
  api: { kind: service, serviceTime: 16ms..25ms, workers: 2 }
  db: { kind: database, capacity: { p50: 1000/s, p90: 1500/s }, readsPerRequest: 1, writesPerRequest: 0.5 ± 10% }
`;

describe('profiles with ranges', () => {
  it('plan at the medians, and list the inputs with their paths', async () => {
    const loaded = await loadProfileText(PROFILE, 'r.yaml');
    expect(loaded.uncertain.map((u) => u.path)).toEqual(['workload.rps', 'components.api.serviceTime', 'components.db.capacity', 'components.db.writesPerRequest']);
    const atMedians = await loadProfileText(PROFILE.replace('80/s..125/s', '100/s').replace('16ms..25ms', '20ms').replace('{ p50: 1000/s, p90: 1500/s }', '1000/s').replace('0.5 ± 10%', '0.5'), 'm.yaml');
    expect(JSON.stringify(solve(loaded.profile))).toBe(JSON.stringify(solve(atMedians.profile)));
  });
  it('give a sample’s values to every phase that takes them from where the range is written', async () => {
    const { profile, uncertain } = await loadProfileText(PROFILE, 'r.yaml');
    const api = uncertain.find((u) => u.path === 'components.api.serviceTime')!;
    // The later phase writes its own serviceTime: only the base phase takes the range.
    expect(phasesTaking(profile, api.segments)).toEqual([0]);
    expect(phasesTaking(profile, uncertain[0]!.segments)).toEqual([0, 1]);
    const sampled = withValues(profile, uncertain, [200, 0.04, 2000, 0.6]);
    expect(sampled.phases[0]!.workload.peakRps).toBe(200);
    expect(sampled.phases[1]!.workload.peakRps).toBe(400);
    expect(sampled.phases[0]!.components[0]!.settings.serviceTime).toBe(0.04);
    expect(sampled.phases[1]!.components[0]!.settings.serviceTime).toBe(0.03);
    expect(sampled.phases[1]!.components[1]!.settings.capacity).toBe(2000);
    // The profile itself is untouched.
    expect(profile.phases[0]!.components[0]!.settings.serviceTime).toBeCloseTo(0.02, 15);
  });
  it('report bad ranges and ranges on targets with their positions', async () => {
    expect(await problems(PROFILE.replace('16ms..25ms', '25ms..16ms'))).toEqual(['p.yaml:7:38 components.api.serviceTime: a range runs from its p10 up to its p90 (low..high)']);
    expect(await problems(PROFILE.replace('workers: 2', 'workers: 2..4'))).toEqual([expect.stringMatching(/^p\.yaml:7:\d+ components\.api\.workers: a count cannot be a range\n {2}hint: /)]);
    expect(await problems(PROFILE.replace('phases:', 'targets: { latencyP95: 200ms..300ms }\nphases:'))).toEqual([expect.stringMatching(/^p\.yaml:4:\d+ targets\.latencyP95: a range stands for an estimate; this setting takes one value\n {2}hint: /)]);
  });
});
