/**
 * A tail flat at the percentile (src/model/inversion.ts, PLATEAU): exactly 5 % of requests take a
 * fixed 1 s delay and the rest finish in ~30 ms, so P(T > t) = 0.05 + 0.95·P(fast > t) stays within
 * 1e-12 of 0.05 from ~0.8 s to 1 s, and an inversion accurate to ~1e-10 cannot tell where it crosses.
 * The p95 by definition (the least t with P(T > t) ≤ 0.05) is the stretch's right end, just past
 * 1 s: closed form below. And the end-to-end plan of such a path, through the Laplace inversion.
 */
import { describe, expect, it } from 'vitest';
import { quantileFromSurvival } from '../../src/model/inversion.js';
import { component, planText } from '../support/plan.js';

/** T = E (rate r) with probability 1 − q, else 1 s + E: survival and density. */
const branch = (r: number, q: number) => (t: number) => {
  const fast = Math.exp(-r * t);
  const slow = t < 1 ? 1 : Math.exp(-r * (t - 1));
  return { survival: (1 - q) * fast + q * slow, density: (1 - q) * r * fast + (t < 1 ? 0 : q * r * slow) };
};

/** The same law as an inversion leaves it: a wobble of 1e-10 on the tail. */
const noisy = (law: ReturnType<typeof branch>) => (t: number) => {
  const x = law(t);
  return { survival: x.survival + 1e-10 * Math.sin(1e5 * t), density: x.density };
};

describe('a percentile on a flat stretch of the tail', () => {
  const r = 30;
  const q = 0.05;
  // Mean 1/r + q; variance 1/r² + q(1 − q) (a mixture of E and 1 + E).
  const hints = { minS: 0, meanS: 1 / r + q, varianceS2: 1 / r ** 2 + q * (1 - q) };
  // Closed form: for t ≥ 1, 0.05·e^{−r(t−1)} + 0.95·e^{−rt} = 0.05 at t = 1 + ln(1 + 19e^{−r})/r, 1 s + 6e-14.
  const exact = 1 + Math.log1p(19 * Math.exp(-r)) / r;

  it('is the right end of the stretch, past the fixed delay, with and without Newton steps', () => {
    const law = noisy(branch(r, q));
    for (const tailAt of [law, undefined]) {
      const p95 = quantileFromSurvival((t) => law(t).survival, 0.95, hints, tailAt);
      // The conservative reading: P(T > t) ≤ (1 − 1e-6)·0.05, microseconds past 1 s.
      expect(p95).toBeGreaterThanOrEqual(exact - 1e-9);
      expect(p95 - exact).toBeLessThan(1e-5);
    }
  });

  it('leaves a regular tail where it is (1 % more requests on the slow branch)', () => {
    // q = 6 %: the p95 lies in the slow branch's own tail, 1 + ln(0.06/0.05)/r (the fast part is e^{−30}-small there).
    const law = branch(r, 0.06);
    const p95 = quantileFromSurvival((t) => law(t).survival, 0.95, { minS: 0, meanS: 1 / r + 0.06, varianceS2: 1 / r ** 2 + 0.06 * 0.94 }, law);
    expect(p95).toBeCloseTo(1 + Math.log(0.06 / 0.05) / r, 9);
  });

  it('puts the plan of such a path past the provider delay, not on the stretch', async () => {
    const plan = await planText(`
apiVersion: capplan/v1
name: plateau
workload: { rps: 100/s }
targets: { zones: 1 }
components:
  web: { kind: service, serviceTime: 30ms, workers: 8, calls: [{ to: provider, probability: 5% }] }
  provider: { kind: adapter, serviceTime: 1ms, workers: 8, providerLatency: 1s }
`);
    // 5 % of requests spend at least 1 s (the delay) plus both components' own time, so P(T > 1 s) > 0.05;
    // the right end is where almost all of that 5 % is past: below the provider's own p95 (1 s + its p95 of ~3 ms).
    const p95 = plan.phases[0]!.system.latencyP95;
    expect(p95).toBeGreaterThan(1);
    expect(p95).toBeLessThan(component(plan, 'provider').latencyP95!);
  });
});
