/**
 * The sweep's "healthy up to" figures (knee, where the p95 reaches its target) stop at the first
 * hard break, a limit no replica count lifts: FINDINGS.md item 5 (ratelim.yaml), by hand.
 */
import { describe, expect, it } from 'vitest';
import { renderSweepJson, renderSweepMarkdown, renderSweepText, sweepSummary } from '../../src/explore/render-sweep.js';
import { fixedHardBreak, sweepFixed, sweepResized } from '../../src/explore/sweep.js';
import { defaultTo } from '../../src/cli/commands/sweep.js';
import { fixPhase } from '../../src/explore/fixed-load.js';
import { plainPalette } from '../../src/render/palette.js';
import { DEFAULT_LAYOUT } from '../../src/render/layout.js';
import { planYaml } from './helpers.js';

/*
 * By hand: api has 2 replicas (redundancy) of 8 workers / 10 ms = 800/s: the request path's queue
 * saturates at 1,600 req/s. sms is called by half the requests and its provider allows 50/s:
 * it breaks at 50 / 0.5 = 100 req/s whatever its replicas. Before this fix the sweep put the knee
 * at 1,470 req/s and the 2 s target at 1,597 req/s, 16× past the point where calls are refused.
 */
const ratelim = (limit = '50/s') => `apiVersion: capplan/v1
name: ratelim
workload: { rps: 90 }
targets: { latencyP95: 2s, availability: 99.9% }
components:
  api: { kind: service, serviceTime: 10ms, workers: 8, replicas: { min: 2, max: 10 }, calls: [{ to: sms, probability: 50% }] }
  sms: { kind: adapter, rateLimit: ${limit}, providerLatency: 300ms, serviceTime: 5ms, workers: 16, replicas: { min: 1, max: 10 } }
`;

describe('sweep past a hard break', () => {
  it('finds the rate limit as the hard break and reports no knee or target crossing past it', async () => {
    const { plan } = await planYaml(ratelim());
    const phase = plan.phases[0]!;
    expect(fixedHardBreak(phase)).toEqual({ rps: 100, component: 'sms', limitedBy: 'rateLimit' });
    const r = sweepFixed('ratelim', phase, { fromScale: 0.1, toScale: 20, points: 60 }, 0.95);
    expect(r.pathSaturationRps).toBeCloseTo(1600, 9);
    expect(r.hardBreak).toEqual({ rps: 100, component: 'sms', limitedBy: 'rateLimit' });
    expect(r.knee).toBeNull();
    expect(r.latencyLimitRps).toBeNull();
    const text = renderSweepText(r, { palette: plainPalette, layout: { ...DEFAULT_LAYOUT, width: 200 } }).replace(/\s+/g, ' ');
    expect(text).toContain("hard break at 100 req/s (1.11×): sms reaches its provider's rate limit, which no replica count lifts; past it the provider refuses the calls over it");
    expect(text).toContain('no knee of the end-to-end p95 below the hard break');
    expect(text).toContain('the end-to-end p95 stays within the 2 s target up to the hard break');
    expect(text).toContain('a queue on the request path saturates at 1,600 req/s (17.8×), past the hard break');
    expect(text).not.toMatch(/1,470|1,597/);
    expect(renderSweepMarkdown(r)).toContain('- hard break at 100 req/s (1.11×)');
    const json = JSON.parse(renderSweepJson(r));
    expect(json.knee).toBeNull();
    expect(json.latencyLimit).toBeNull();
    expect(json.hardBreak).toEqual({ rps: 100, scale: 1.11111, component: 'sms', limitedBy: 'rateLimit' });
    // Without --to the sweep ends a little past the break: 1.1 × 100 / 90 = 1.222×, not 1.1 × 1,600 / 90.
    expect(defaultTo(phase, fixPhase(phase).pathSaturationRps, r.hardBreak!.rps)).toBeCloseTo(1.1 * 100 / 90, 12);
  });

  it('keeps the knee and target crossing that come before the break', async () => {
    // A 1,000/s limit breaks at 2,000 req/s, past the path's saturation (1,600): the old figures stand.
    const { plan } = await planYaml(ratelim('1000/s'));
    const r = sweepFixed('ratelim', plan.phases[0]!, { fromScale: 0.1, toScale: 20, points: 60 }, 0.95);
    expect(r.hardBreak).toEqual({ rps: 2000, component: 'sms', limitedBy: 'rateLimit' });
    expect(r.knee!.rps).toBeGreaterThan(1400);
    expect(r.knee!.rps).toBeLessThan(1600);
    expect(r.latencyLimitRps!).toBeGreaterThan(r.knee!.rps);
    expect(r.latencyLimitRps!).toBeLessThan(1600);
    // A break past the path's saturation is said too, as the JSON has it (FINDINGS.md item 7).
    expect(sweepSummary(r)[0]).toMatch(/^hard break at 2,000 req\/s \(22\.2×\), past where the request path saturates: sms/);
  });

  it('counts a component held at replicas.max as a break, not one more replicas lift', async () => {
    // worker: 1 replica of 1 / 100 ms = 10 jobs/s at 0.5 per request breaks at 20 req/s; fixed at
    // replicas: 1 it is a hard break. The same at max 4 (planned 1) is not: an autoscaler adds three.
    const profile = (replicas: string) => `apiVersion: capplan/v1
name: w
workload: { rps: 5 }
components:
  api: { kind: service, capacity: 1000/s, replicas: 2 }
  worker: { kind: worker, perRequest: 0.5, serviceTime: 100ms, replicas: ${replicas} }
`;
    const fixed = (await planYaml(profile('1'))).plan.phases[0]!;
    expect(fixedHardBreak(fixed)).toEqual({ rps: 20, component: 'worker', limitedBy: 'maxReplicas' });
    const free = (await planYaml(profile('{ max: 4 }'))).plan.phases[0]!;
    expect(free.components.find((c) => c.name === 'worker')!.replicas).toBe(1);
    // api is fixed at 2 too: its break, 2,000 req/s, is the next.
    expect(fixedHardBreak(free)).toEqual({ rps: 2000, component: 'api', limitedBy: 'maxReplicas' });
  });

  it('re-planned, stops the knee and target crossing at the first point with a rate-limit violation', async () => {
    const { profile } = await planYaml(ratelim());
    // Points at 45, 90, 135, 180 req/s: the rate limit (100 req/s) is first broken at 135.
    const r = sweepResized(profile, profile.phases[0]!, { fromScale: 0.5, toScale: 2, points: 4 }, 0.95);
    expect(r.hardBreak).toEqual({ rps: 135, component: 'sms', limitedBy: 'rateLimit' });
    // The p95 rises a little from 45 to 90 req/s but req/s ÷ p95 still rises at 90: no knee below the break.
    expect(r.knee).toBeNull();
    expect(r.latencyLimitRps).toBeNull();
    expect(sweepSummary(r)).toContain('no knee of the end-to-end p95 below the hard break: req/s ÷ p95 still rises at its last point before it');
  });

  it("says a hard break where the path saturates, in the saturation table's word (FINDINGS.md item 7)", async () => {
    // By hand: back is fixed at 2 replicas of 4 workers / 40 ms = 200/s, one visit a request: it
    // breaks at 200 req/s, where it also saturates the path; api (2 × 8 / 5 ms = 3,200/s) is fixed too.
    const { plan } = await planYaml(fixedYaml);
    const r = sweepFixed('fixed', plan.phases[0]!, { fromScale: 0.1, toScale: 2.2, points: 60 }, 0.95);
    expect(r.pathSaturationRps).toBeCloseTo(200, 6);
    expect(r.hardBreak).toEqual({ rps: 200, component: 'back', limitedBy: 'maxReplicas' });
    expect(r.saturation.map((s) => [s.component, s.limitedBy])).toEqual([['back', 'maxReplicas'], ['api', 'maxReplicas']]);
    const text = renderSweepText(r, { palette: plainPalette, layout: { ...DEFAULT_LAYOUT, width: 200 } }).replace(/\s+/g, ' ');
    expect(text).toContain('hard break at 200 req/s (2×), where the request path saturates: back saturates at its replicas.max (or fixed replicas)');
    expect(renderSweepMarkdown(r)).toContain('- hard break at 200 req/s (2×), where the request path saturates');
  });

  it('ranks the availability violation in the re-planned sweep (FINDINGS.md item 8)', async () => {
    // ratelim at 98 req/s breaks 99.9 % availability from 97.3 req/s (test/plan/availability.test.ts),
    // before the rate limit (100 req/s): points at 88.2, 98, 107.8 req/s.
    const { profile } = await planYaml(ratelim().replace('rps: 90', 'rps: 98'));
    const r = sweepResized(profile, profile.phases[0]!, { fromScale: 0.9, toScale: 1.1, points: 3 }, 0.95);
    const sms = r.saturation.find((s) => s.component === 'sms')!;
    expect(sms.targetRps).toBeCloseTo(98, 9);
    expect(sms.limitedBy).toBe('availability');
    expect(r.hardBreak).toEqual({ rps: expect.closeTo(107.8, 9), component: 'sms', limitedBy: 'rateLimit' });
  });
});

const fixedYaml = `apiVersion: capplan/v1
name: fixed
workload: { rps: 100 }
targets: { latencyP95: 1s }
components:
  api: { kind: service, serviceTime: 5ms, workers: 8, replicas: 2, calls: [back] }
  back: { kind: service, serviceTime: 40ms, workers: 4, replicas: 2 }
`;
