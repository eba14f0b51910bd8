import { describe, expect, it } from 'vitest';
import { attemptCounts } from '../../src/model/retries.js';
import { pathLatency, pathSurvival } from '../../src/model/path-latency.js';
import { pathMoments, type PathModel, type PathNode, type PathStageLaw } from '../../src/model/path-tree.js';
import { exponentialLaw } from '../../src/model/service-law.js';

function expectNear(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected} ± ${tolerance}`).toBeLessThanOrEqual(tolerance);
}

/** An idle stage: an Exp(rate) time per visit, plus a constant delay. */
function idle(rate: number, delayS = 0): PathStageLaw {
  return { wait: { kind: 'exponential', waitProbability: 0, conditionalRate: 1 }, service: exponentialLaw(1 / rate), constantDelayS: delayS };
}
const once = (stage: number): PathNode => ({ kind: 'visit', stage, counts: [{ count: 1, probability: 1 }] });

/*
 * Hypoexponential survival (Ross, Introduction to Probability Models, §5.2.4): X ~ Exp(a),
 * Y ~ Exp(b), a ≠ b: P(X + Y > t) = (b·e^{−at} − a·e^{−bt})/(b − a); 1 for t < 0.
 */
const hypo = (a: number, b: number, t: number): number => (t < 0 ? 1 : (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a));

describe('exclusive alternatives', () => {
  // fsm Exp(100/s), then telegram (Exp(20/s) + 30 ms of provider latency) w.p. 0.7, or rest Exp(50/s) w.p. 0.3.
  const stages = [idle(100), idle(20, 0.03), idle(50)];
  const model: PathModel = {
    stages,
    root: { kind: 'sequence', items: [once(0), { kind: 'choice', branches: [{ probability: 0.7, node: once(1) }, { probability: 0.3, node: once(2) }] }] },
  };
  const survival = (t: number) => 0.7 * hypo(100, 20, t - 0.03) + 0.3 * hypo(100, 50, t);

  it('the path is the mixture of its branches: survival and percentiles match the closed form', () => {
    for (const t of [0.005, 0.03, 0.031, 0.08, 0.2]) expectNear(pathSurvival(model, t), survival(t), 1e-10);
    for (const p of [0.5, 0.95, 0.99]) expectNear(survival(pathLatency(model, p).percentileS), 1 - p, 1e-10);
    expect(pathLatency(model, 0.95).groups).toBe(2);
  });

  it('is shorter than calling both as independent fractional visits (today’s sum overstates it)', () => {
    const both: PathModel = {
      stages,
      root: {
        kind: 'sequence',
        items: [once(0), { kind: 'visit', stage: 1, counts: [{ count: 0, probability: 0.3 }, { count: 1, probability: 0.7 }] }, { kind: 'visit', stage: 2, counts: [{ count: 0, probability: 0.7 }, { count: 1, probability: 0.3 }] }],
      },
    };
    const exclusive = pathLatency(model, 0.95).percentileS;
    const independent = pathLatency(both, 0.95).percentileS;
    expect(independent).toBeGreaterThan(exclusive * 1.05);
    // The means are the same: exclusivity changes the shape, not the expectation.
    expectNear(pathMoments(both).meanS, pathMoments(model).meanS, 1e-15);
  });

  it('with probabilities below 1, the rest of the requests skip the call (an atom at zero)', () => {
    const sometimes: PathModel = { stages, root: { kind: 'choice', branches: [{ probability: 0.2, node: once(2) }] } };
    expect(pathLatency(sometimes, 0.5).percentileS).toBe(0);
    // P(T > t) = 0.2·e^{−50t} = 0.05 ⇔ t = ln 4 / 50.
    expectNear(pathLatency(sometimes, 0.95).percentileS, Math.log(4) / 50, 1e-12);
  });
});

describe('retried calls', () => {
  it('attempts are a truncated geometric count of visits: the time is the Erlang mixture', () => {
    // Two retries, each attempt failing w.p. 0.2: 1, 2, 3 attempts w.p. 0.8, 0.16, 0.04; each an Exp(40/s).
    const counts = attemptCounts(2, 0.2);
    expect(counts.map((c) => c.count)).toEqual([1, 2, 3]);
    counts.forEach((c, i) => expectNear(c.probability, [0.8, 0.16, 0.04][i]!, 1e-15));
    const model: PathModel = { stages: [idle(40)], root: { kind: 'visit', stage: 0, counts } };
    // Erlang-k survival e^{−μt} Σ_{i<k} (μt)^i/i! (Ross §5.2.3).
    const erlang = (k: number, t: number) => Math.exp(-40 * t) * [1, 40 * t, (40 * t) ** 2 / 2].slice(0, k).reduce((s, x) => s + x, 0);
    const survival = (t: number) => 0.8 * erlang(1, t) + 0.16 * erlang(2, t) + 0.04 * erlang(3, t);
    expectNear(survival(pathLatency(model, 0.95).percentileS), 0.05, 1e-11);
    expectNear(pathMoments(model).meanS, (0.8 + 0.32 + 0.12) / 40, 1e-15);
  });
});

describe('the bound beyond MAX_SHIFT_GROUPS', () => {
  it('is q(C) + D_max, above the exact value where both exist', () => {
    // Choices over distinct delays multiply the combinations: 6 stages, each taken w.p. ½ with
    // a delay of 2^i ms, give 64 distinct totals (more than 32).
    const stages = Array.from({ length: 6 }, (_, i) => idle(200, 0.001 * 2 ** i));
    const items: PathNode[] = stages.map((_, i) => ({ kind: 'choice', branches: [{ probability: 0.5, node: once(i) }] }));
    const model: PathModel = { stages, root: { kind: 'sequence', items } };
    const bound = pathLatency(model, 0.95);
    expect(bound.method).toBe('bound');
    const flat: PathModel = { stages: stages.map((s) => ({ ...s, constantDelayS: 0 })), root: model.root };
    expectNear(bound.percentileS, pathLatency(flat, 0.95).percentileS + 0.063, 1e-12);
    // Five such stages (32 totals) are exact, and below their own bound.
    const five: PathModel = { stages: stages.slice(0, 5), root: { kind: 'sequence', items: items.slice(0, 5) } };
    const exact = pathLatency(five, 0.95);
    expect(exact.method).toBe('exact');
    expect(exact.groups).toBe(32);
    const fiveFlat: PathModel = { stages: flat.stages.slice(0, 5), root: five.root };
    expect(exact.percentileS).toBeLessThan(pathLatency(fiveFlat, 0.95).percentileS + 0.031);
  });
});
