/** The Monte Carlo over uncertain inputs: against closed forms, a zero-width range, wider ranges, determinism, the tornado by hand. */
import { describe, expect, it } from 'vitest';
import { billOptions } from '../../src/cli/plan-pipeline.js';
import { drawSamples, nearestRank, runMonteCarlo, samplePlanner, spreadOf } from '../../src/explore/monte-carlo.js';
import { normalQuantile } from '../../src/explore/random.js';
import { Z90 } from '../../src/explore/ranges.js';
import type { RangeValue } from '../../src/explore/ranges.js';
import { renderUncertainJson, renderUncertainText } from '../../src/explore/render-uncertain.js';
import type { UncertainInput } from '../../src/explore/sample-profile.js';
import { priceBill } from '../../src/pricing/bill.js';
import { plainPalette } from '../../src/render/palette.js';
import { overWidth, planYaml } from './helpers.js';

/** One service at 110 req/s, one worker per replica, u = 70 %: replicas = ⌈110 × S / 0.7⌉. */
const ONE = `apiVersion: capplan/v1
name: one
workload: { rps: 110 }
components:
  api: { kind: service, serviceTime: 28ms, resources: { cpu: 500m, memory: 512Mi } }
`;

const serviceTime = (p10: number, p90: number, law: RangeValue['law'] = 'lognormal'): UncertainInput => ({
  path: 'components.api.serviceTime',
  segments: ['components', 'api', 'serviceTime'],
  range: { law, p10, p50: law === 'lognormal' ? Math.sqrt(p10 * p90) : (p10 + p90) / 2, p90, kind: 'duration' },
});

describe('runMonteCarlo', () => {
  it('gives replica quantiles equal to the sizing rule at the input’s quantiles, within the sampling error', async () => {
    const { profile } = await planYaml(ONE);
    const n = 2000;
    const r = runMonteCarlo(profile, [serviceTime(0.02, 0.04)], { samples: n, seed: 7, confidence: 0.9, phase: 0 });
    /*
     * Replicas are increasing in S, so their q-quantile is ⌈110 × S_q / 0.7⌉ with S_q the lognormal
     * quantile p50·exp(σ z_q), σ = ln(40/20) / (2 z₀.₉) = 0.2704. A sample q-quantile of ln S has
     * standard error σ √(q(1−q)/n) / φ(z_q) (asymptotic order statistics, e.g. David & Nagaraja,
     * Order Statistics, §10.3); the sampled replicas must lie within three of them.
     */
    const sigma = Math.log(2) / (2 * Z90);
    const p50 = Math.sqrt(0.02 * 0.04);
    const phi = (z: number) => Math.exp(-z * z / 2) / Math.sqrt(2 * Math.PI);
    for (const [q, got] of [[0.5, r.components[0]!.replicas.p50], [0.9, r.components[0]!.replicas.p90], [0.99, r.components[0]!.replicas.p99]] as const) {
      const z = normalQuantile(q);
      const se = (sigma * Math.sqrt((q * (1 - q)) / n)) / phi(z);
      const at = (zz: number) => Math.ceil((110 * p50 * Math.exp(sigma * zz)) / 0.7);
      expect(got, `P${q * 100}`).toBeGreaterThanOrEqual(at(z - 3 * se / sigma));
      expect(got, `P${q * 100}`).toBeLessThanOrEqual(at(z + 3 * se / sigma));
    }
    // With these numbers the quantiles sit well inside one rounding step: 4.44 → 5, 6.29 → 7.
    expect(r.components[0]!.replicas.p50).toBe(5);
    expect(r.components[0]!.replicas.p90).toBe(7);
  });

  it('with a zero-width range is the point plan', async () => {
    const { profile, plan } = await planYaml(ONE);
    const r = runMonteCarlo(profile, [serviceTime(0.028, 0.028)], { samples: 200, seed: 1, confidence: 0.9, phase: 0 });
    const c = plan.phases[0]!.components[0]!;
    for (const q of ['p10', 'p50', 'p90', 'p99'] as const) {
      expect(r.components[0]!.replicas[q]).toBe(c.replicas);
      expect(r.components[0]!.utilization[q]).toBe(c.utilization);
      expect(r.components[0]!.latencyP95![q]).toBe(c.latencyP95);
      expect(r.system.latencyP95[q]).toBe(plan.phases[0]!.system.latencyP95);
    }
    expect(r.components[0]!.atConfidence).toEqual({ replicas: c.replicas, topology: c.topology });
    expect(r.tornado[0]!.headroomSwing).toBe(0);
  });

  it('never narrows P10–P90 when a range widens (same seed)', async () => {
    const { profile } = await planYaml(ONE);
    const { options } = billOptions(profile, {});
    const price = (p: Parameters<typeof priceBill>[0]) => priceBill(p, options);
    let previous: { units: number; util: number; cost: number } | null = null;
    for (const spread of [1, 1.2, 1.5, 2, 3]) {
      const r = runMonteCarlo(profile, [serviceTime(0.028 / spread, 0.028 * spread)], { samples: 400, seed: 3, confidence: 0.9, phase: 0, price });
      const c = r.components[0]!;
      const width = { units: c.replicas.p90 - c.replicas.p10, util: c.utilization.p90 - c.utilization.p10, cost: r.system.monthly!.p90 - r.system.monthly!.p10 };
      if (previous) {
        expect(width.units).toBeGreaterThanOrEqual(previous.units);
        expect(width.cost).toBeGreaterThanOrEqual(previous.cost - 1e-9);
      }
      previous = width;
    }
  });

  it('is the same bytes for the same seed, and differs for another', async () => {
    const { profile } = await planYaml(ONE);
    const run = (seed: number) => renderUncertainJson(runMonteCarlo(profile, [serviceTime(0.02, 0.04)], { samples: 300, seed, confidence: 0.9, phase: 0 }));
    expect(run(5)).toBe(run(5));
    expect(run(6)).not.toBe(run(5));
  });

  it('swings the tornado from the input’s p10 to its p90, by hand', async () => {
    const { profile } = await planYaml(ONE);
    const r = runMonteCarlo(profile, [serviceTime(0.02, 0.04)], { samples: 50, seed: 1, confidence: 0.9, phase: 0 });
    /*
     * At the median S = √(20 × 40) = 28.28 ms the plan has ⌈110 × 0.02828 / 0.7⌉ = ⌈4.44⌉ = 5
     * replicas. Those 5 carry 5 × (1/S) × 0.7: with S = 20 ms, 175 req/s (headroom 175/110 =
     * 1.591×); with S = 40 ms, 87.5 req/s (0.795×).
     */
    const t = r.tornado[0]!;
    expect(t.input).toBe('components.api.serviceTime');
    expect(t.low).toBeCloseTo(0.02, 12);
    expect(t.high).toBeCloseTo(0.04, 12);
    expect(t.headroomLow).toBeCloseTo(175 / 110, 9);
    expect(t.headroomHigh).toBeCloseTo(87.5 / 110, 9);
    expect(overWidth(renderUncertainText(r, { palette: plainPalette }))).toEqual([]);
  });
});

describe('quantiles', () => {
  it('take the ⌈p·n⌉-th smallest value', () => {
    const v = Array.from({ length: 10 }, (_, i) => i + 1);
    expect(nearestRank(v, 0.1)).toBe(1);
    expect(nearestRank(v, 0.5)).toBe(5);
    expect(nearestRank(v, 0.9)).toBe(9);
    expect(nearestRank(v, 0.99)).toBe(10);
    expect(spreadOf([3, Infinity, 1, 2])).toEqual({ p10: 1, p50: 2, p90: Infinity, p99: Infinity });
  });
});

describe('samplePlanner', () => {
  it('keeps each component of a sample as columns in plan order: the plan\'s figures, its bill\'s costs, NaN for no p95', async () => {
    // A disk beside the service: it has no p95 of its own (null in its plan).
    const { profile } = await planYaml(`${ONE}  files: { kind: disk, writeBytesPerRequest: 2KB, dataset: 100GB, retention: 30d, device: nvme }\n`);
    const { options } = billOptions(profile, {});
    const price = (p: Parameters<typeof priceBill>[0]) => priceBill(p, options);
    const inputs = [serviceTime(0.02, 0.04)];
    const opts = { samples: 3, seed: 5, phase: 0, price };
    const { planAt, figures } = samplePlanner(profile, inputs, opts);
    for (const draw of drawSamples(inputs, opts)) {
      const plan = planAt(draw.values, draw.fits);
      const bill = price(plan);
      const k = figures(draw).components;
      expect(k.replicas).toBeInstanceOf(Float64Array);
      plan.components.forEach((c, i) => {
        expect([k.replicas[i], k.utilization[i], k.maxRps[i], k.maxRpsBy[i], k.unitLabel[i]]).toEqual([c.replicas, c.utilization, c.maxRps, c.maxRpsBy, c.unitLabel]);
        expect(k.latencyP95[i]).toEqual(c.latencyP95 ?? NaN);
        expect(k.monthly![i]).toBe((bill.byComponent as Record<string, number>)[c.name] ?? 0);
      });
    }
  });
});
