/**
 * A station whose plan p95 per visit is Cantelli's bound is compared as inexact and says why.
 * No bundled or small profile reaches the bound for one visit any more (src/model/visit-tail.ts
 * solves it in the time domain, up to its grid's cap), so the inversion is told to give up here:
 * pathLatency reports 'cantelli' with its real figure, and the test checks the wiring from the
 * plan's figures to the simulated station (src/simulate/plan-figures.ts, from-plan.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { buildSimModel } from '../../src/simulate/from-plan.js';
import { P95_BOUND_REASON, queueFigures } from '../../src/simulate/plan-figures.js';
import { planText } from '../support/plan.js';

const bounded = vi.hoisted(() => ({ on: false }));

vi.mock('../../src/model/path-latency.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/model/path-latency.js')>();
  return {
    ...real,
    pathLatency: (...args: Parameters<typeof real.pathLatency>) => {
      const r = real.pathLatency(...args);
      return bounded.on ? { ...r, inversion: 'cantelli' as const } : r;
    },
  };
});

// Not exponential: an exponential visit's p95 is closed-form (no inversion to give up).
const profile = `apiVersion: capplan/v1
name: one-api
workload: { rps: 16/s }
components:
  api:
    kind: service
    serviceTime: 50ms
    distribution: deterministic
    workers: 1
`;

describe("a station whose plan p95 is Cantelli's bound", () => {
  it('queueFigures marks the figure as a bound only when the inversion was the bound', () => {
    const q = { arrivalRate: 10, wait: { kind: 'exponential' as const, waitProbability: 0.5, conditionalRate: 10 }, occupancy: { branches: [{ probability: 1, phases: 4, rate: 80 }] }, constantDelayS: 0, utilization: 0.5, spread: 1 };
    bounded.on = false;
    expect(queueFigures(q).p95Bound).toBe(false);
    bounded.on = true;
    expect(queueFigures(q).p95Bound).toBe(true);
    bounded.on = false;
  });

  it('is compared as inexact, with the reason', async () => {
    const plan = await planText(profile);
    bounded.on = true;
    try {
      const api = buildSimModel(plan.profile, plan.phases[0]!).stations.find((s) => s.name === 'api')!;
      expect(api.inexact).toContain(P95_BOUND_REASON);
    } finally {
      bounded.on = false;
    }
    const exact = buildSimModel(plan.profile, plan.phases[0]!).stations.find((s) => s.name === 'api')!;
    expect(exact.inexact ?? []).not.toContain(P95_BOUND_REASON);
  });
});
