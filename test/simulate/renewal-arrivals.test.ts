import { describe, expect, it } from 'vitest';
import { ArrivalProcess, renewalGap } from '../../src/simulate/arrivals.js';
import { parseArrivals, SpecError } from '../../src/simulate/options.js';
import { Rng } from '../../src/simulate/rng.js';

describe('renewal arrivals (--arrivals renewal:CV)', () => {
  it('parses renewal:CV and refuses a cv of 0, above 10, or none', () => {
    expect(parseArrivals('renewal:2')).toEqual({ kind: 'renewal', cv: 2 });
    expect(parseArrivals('renewal:0.5')).toEqual({ kind: 'renewal', cv: 0.5 });
    for (const bad of ['renewal:0', 'renewal:11', 'renewal:', 'renewal:x']) expect(() => parseArrivals(bad)).toThrow(SpecError);
    expect(() => parseArrivals('renewal:11')).toThrow(/above 0 and at most 10/);
  });

  it.each([0.3, 0.5, 1, 2, 4])('draws gaps of the given mean and cv %s (H2 with balanced means above 1, gamma below)', (cv) => {
    const rng = new Rng(9);
    const gap = renewalGap(cv, 0.01, rng);
    const n = 400_000;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = gap();
      s += x;
      s2 += x * x;
    }
    const mean = s / n;
    const sd = Math.sqrt(s2 / n - mean * mean);
    expect(Math.abs(mean / 0.01 - 1)).toBeLessThan(0.01);
    expect(Math.abs(sd / mean / cv - 1)).toBeLessThan(cv > 2 ? 0.04 : 0.015);
  });

  it('the arrival process keeps the peak rate', () => {
    const p = new ArrivalProcess({ kind: 'renewal', cv: 2 }, 50, null, new Rng(4));
    let t = 0;
    for (let i = 0; i < 200_000; i++) t = p.next(t);
    expect(Math.abs(200_000 / t / 50 - 1)).toBeLessThan(0.02);
  });
});

describe('arrivals other than the plan’s', () => {
  it('mark every station inexact, naming both; the plan’s own arrivals do not', async () => {
    const { planText } = await import('../support/plan.js');
    const { preparePhase } = await import('../../src/simulate/index.js');
    const { PLAN_AS_IS } = await import('../../src/simulate/from-plan.js');
    const { steady } = await import('./helpers.js');
    const plan = await planText('apiVersion: capplan/v1\nname: t\nworkload: { rps: 50, arrivalCv: 2 }\ncomponents:\n  api: { kind: service, serviceTime: 10ms, workers: 2 }\n');
    const phase = plan.phases[0]!;
    const same = preparePhase('t', phase, PLAN_AS_IS, { ...steady(1000), faults: [], arrivals: { kind: 'renewal', cv: 2 } });
    expect(same.model.stations[0]!.inexact).toBeNull();
    const poisson = preparePhase('t', phase, PLAN_AS_IS, { ...steady(1000), faults: [] });
    expect(poisson.model.stations[0]!.inexact).toBe("the simulated arrivals are Poisson, the plan's a renewal stream of cv 2 (arrivalCv)");
    expect(poisson.model.analyticPath.inexact).toContain('the simulated arrivals are Poisson');
    const poissonPlan = await planText('apiVersion: capplan/v1\nname: t\nworkload: { rps: 50 }\ncomponents:\n  api: { kind: service, serviceTime: 10ms, workers: 2 }\n');
    const renewal = preparePhase('t', poissonPlan.phases[0]!, PLAN_AS_IS, { ...steady(1000), faults: [], arrivals: { kind: 'renewal', cv: 3 } });
    expect(renewal.model.stations[0]!.inexact).toBe("the simulated arrivals are a renewal process of cv 3, the plan's Poisson");
  });
});
