/**
 * One call's law (a timeout's probability, the retries it drives, the call's p95) goes through the
 * same checked inversion as the end-to-end path (src/model/path-latency.ts), and how it was
 * inverted reaches the plan's notes and --explain. References: the closed form of an Erlang law
 * (a `deterministic` service is fitted as Erlang-64) and a seeded Monte Carlo.
 */
import { describe, expect, it } from 'vitest';
import { checkedSurvival } from '../../src/model/path-latency.js';
import { fitLaw } from '../../src/model/service-law.js';
import type { PathModel } from '../../src/model/path-tree.js';
import { seededUniform, lawSampler } from '../support/queue-sim.js';
import { component, planText } from '../support/plan.js';
import { bisect, erlangPairSurvival, erlangSurvival } from '../support/inversion-reference.js';

const profile = (body: string) => `apiVersion: capplan/v1
name: sharp-call
workload: { rps: 5 }
targets: { zones: 1, availability: 99.9% }
components:
  api:
    kind: service
    serviceTime: 5ms
    workers: 8
${body}`;

describe("one call's checked inversion, in the plan", () => {
  it('a deterministic callee (Erlang-64): the Fourier series, said in --explain; the closed form', async () => {
    // pay: 100 ms, cv 0 → Erlang(64, 640/s); 64 workers at ~1 % busy, so its wait (probability ~1e-60) is nil.
    const plan = await planText(
      profile(`    calls:
      - { to: pay, retries: 2, timeout: 101ms, failureRate: 1% }
  pay:
    kind: service
    serviceTime: 100ms
    distribution: deterministic
    workers: 64
`),
    );
    const call = component(plan, 'api').callGraph.find((e) => e.to === 'pay')!;
    expect(Math.abs(call.timeoutProbability! - erlangSurvival(64, 640, 0.101))).toBeLessThanOrEqual(1e-9);
    const p95 = bisect((t) => erlangSurvival(64, 640, t), 0.95, 0, 1);
    expect(Math.abs(call.callP95! - p95) / p95).toBeLessThanOrEqual(1e-8);
    const system = plan.phases[0]!.system;
    expect(system.latencyModel).toContain('call api → pay: its timeout probability and p95 by the Fourier series (too sharp for the Talbot contour)');
    expect(system.latencyNotes.join('\n')).not.toMatch(/Cantelli/);
  });

  it('a 1.5 ms stage beside a 2 s one (both deterministic, behind a choice): split and convolved, exact; the closed form and a seeded Monte Carlo', async () => {
    const plan = await planText(
      profile(`    calls:
      - { to: pay, retries: 1, timeout: 2s }
  pay:
    kind: service
    serviceTime: 1.5ms
    distribution: deterministic
    workers: 4
    calls:
      - oneOf: [{ to: slow, probability: 60% }]
  slow:
    kind: service
    serviceTime: 2s
    distribution: deterministic
    workers: 64
`),
    );
    const call = component(plan, 'api').callGraph.find((e) => e.to === 'pay')!;
    const system = plan.phases[0]!.system;
    expect(system.latencyNotes.join('\n')).not.toMatch(/Cantelli/);
    expect(system.latencyModel).toContain('call api → pay: its timeout probability and p95 by the Fourier series (too sharp for the Talbot contour)');
    // The call's time T = X + B·Y, X ~ Erlang(64, 64/1.5 ms), Y ~ Erlang(64, 32/s), B ~ Bernoulli(0.6) (the waits, ~1e-9 likely, left out):
    // P(T > t) = 0.4·P(X > t) + 0.6·P(X + Y > t).
    const rx = 64 / 0.0015;
    const exact = (t: number) => 0.4 * erlangSurvival(64, rx, t) + 0.6 * erlangPairSurvival(64, rx, 64, 32, t);
    expect(Math.abs(call.timeoutProbability! - exact(2))).toBeLessThanOrEqual(1e-8);
    const p95 = bisect(exact, 0.95, 1, 4);
    expect(Math.abs(call.callP95! - p95) / p95).toBeLessThanOrEqual(1e-7);
    // Before the split, Cantelli's bounds: 0.611 and 2.8878 s (twice the late share below).
    expect(call.timeoutProbability!).toBeCloseTo(0.29146, 5);
    const pay = fitLaw(0.0015, 0);
    const slow = fitLaw(2, 0);
    const u = seededUniform(20261126);
    const x = lawSampler(pay, u);
    const y = lawSampler(slow, u);
    const n = 100_000;
    const sample = Float64Array.from({ length: n }, () => x() + (u() < 0.6 ? y() : 0)).sort();
    const late = sample.filter((t) => t > 2).length / n;
    const se = Math.sqrt((late * (1 - late)) / n);
    expect(Math.abs(call.timeoutProbability! - late)).toBeLessThanOrEqual(4.5 * se);
    // The sample's p95 within its order-statistic interval (ranks n·0.95 ± 4.5·√(n·0.95·0.05)).
    const w = Math.ceil(4.5 * Math.sqrt(n * 0.95 * 0.05));
    expect(call.callP95!).toBeGreaterThanOrEqual(sample[Math.floor(0.95 * n) - w]!);
    expect(call.callP95!).toBeLessThanOrEqual(sample[Math.ceil(0.95 * n) + w]!);
  });
});

describe('checkedSurvival', () => {
  it('names its method: the contour for a smooth law, the series for a sharp one (closed forms)', () => {
    const one = (law: ReturnType<typeof fitLaw>): PathModel => ({
      stages: [{ wait: { kind: 'exponential', waitProbability: 0, conditionalRate: 1 }, service: law, constantDelayS: 0 }],
      root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] },
    });
    const smooth = checkedSurvival(one(fitLaw(1, 1)), 2);
    expect(smooth.inversion).toBe('contour');
    expect(Math.abs(smooth.survival - Math.exp(-2))).toBeLessThanOrEqual(1e-12);
    const sharp = checkedSurvival(one(fitLaw(1, 0)), 1.05);
    expect(sharp.inversion).toBe('series');
    expect(Math.abs(sharp.survival - erlangSurvival(64, 64, 1.05))).toBeLessThanOrEqual(1e-9);
  });

  it('a law too sharp for both: the Cantelli bound σ²/(σ² + (t − m)²) beyond the mean, 1 below it', () => {
    // Erlang with 10^10 phases, mean 1 s, σ = 1e-5 s (as in inversion-sharp.test.ts).
    const model: PathModel = {
      stages: [{ wait: { kind: 'exponential', waitProbability: 0, conditionalRate: 1 }, service: { branches: [{ probability: 1, phases: 1e10, rate: 1e10 }] }, constantDelayS: 0 }],
      root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] },
    };
    const above = checkedSurvival(model, 1 + 3e-5);
    expect(above.inversion).toBe('cantelli');
    expect(above.survival).toBeCloseTo(1e-10 / (1e-10 + 9e-10), 6);
    expect(checkedSurvival(model, 0.99999).survival).toBe(1);
  });
});
