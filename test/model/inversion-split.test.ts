/**
 * Sharp stages of far apart scales (src/model/split-inversion.ts): where the Fourier series does
 * not settle, the path is split into outcomes and the fastest sharp service convolved out.
 * References: the closed form of two Erlang laws' sum (test/support/inversion-reference.ts) and a
 * seeded random search of such paths (perf9-sharp: Cantelli reached for 20 of its 450 figures before).
 */
import { describe, expect, it } from 'vitest';
import { checkedSurvival, pathLatency } from '../../src/model/path-latency.js';
import { pathOutcomes } from '../../src/model/split-inversion.js';
import { fitLaw } from '../../src/model/service-law.js';
import type { PathModel, PathNode, PathStageLaw } from '../../src/model/path-tree.js';
import { seededUniform } from '../support/queue-sim.js';
import { bisect, erlangPairSurvival, erlangSurvival } from '../support/inversion-reference.js';

const noWait = { kind: 'exponential' as const, waitProbability: 0, conditionalRate: 1 };
const visit = (stage: number): PathNode => ({ kind: 'visit', stage, counts: [{ count: 1, probability: 1 }] });

describe('split and convolved', () => {
  it('a deterministic 1 ms stage, then a choice of a deterministic 3 s one (40 %) or nothing: the closed form, survival and p99', () => {
    const model: PathModel = {
      stages: [
        { wait: noWait, service: fitLaw(0.001, 0), constantDelayS: 0.02 },
        { wait: noWait, service: fitLaw(3, 0), constantDelayS: 0 },
      ],
      root: { kind: 'sequence', items: [visit(0), { kind: 'choice', branches: [{ probability: 0.4, node: visit(1) }] }] },
    };
    // T = 0.02 + X + B·Y, X ~ Erlang(64, 64 000/s), Y ~ Erlang(64, 64/3 s).
    const exact = (t: number) => 0.6 * erlangSurvival(64, 64000, t - 0.02) + 0.4 * erlangPairSurvival(64, 64000, 64, 64 / 3, t - 0.02);
    for (const t of [2.5, 3, 3.4]) {
      const s = checkedSurvival(model, t);
      expect(s.inversion).not.toBe('cantelli');
      expect(Math.abs(s.survival - exact(t)), `t = ${t}`).toBeLessThanOrEqual(1e-9);
    }
    const q = pathLatency(model, 0.99);
    expect(q.method).toBe('exact');
    const want = bisect(exact, 0.99, 2, 6);
    expect(Math.abs(q.percentileS - want) / want).toBeLessThanOrEqual(1e-8);
  });

  it('outcomes: a sequence multiplies choices and visit counts; beyond the limit, none', () => {
    const root: PathNode = {
      kind: 'sequence',
      items: [
        { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 0.5 }, { count: 2, probability: 0.5 }] },
        { kind: 'choice', branches: [{ probability: 0.3, node: visit(1) }, { probability: 0.2, node: visit(2) }] },
      ],
    };
    const outcomes = pathOutcomes(root)!;
    expect(outcomes).toHaveLength(6);
    expect(outcomes.reduce((s, o) => s + o.weight, 0)).toBeCloseTo(1, 14);
    expect(pathOutcomes(root, 5)).toBeNull();
  });

  it('a seeded random search of sharp stages of scales 0.1 ms … 10 s, with choices: no Cantelli bound (20 of these 450 figures before)', () => {
    const u = seededUniform(7);
    let bounds = 0;
    for (let c = 0; c < 150; c++) {
      const stages: PathStageLaw[] = Array.from({ length: 2 + Math.floor(u() * 3) }, () => {
        const mean = 10 ** (-4 + 5 * u());
        const cv = [0, 0, 0.05, 0.1, 0.3, 1][Math.floor(u() * 6)]!;
        const wp = u() < 0.5 ? 0 : 0.2 * u();
        return { wait: { kind: 'exponential', waitProbability: wp, conditionalRate: (1 + 4 * u()) / mean }, service: fitLaw(mean, cv * cv), constantDelayS: u() < 0.2 ? 0.01 * u() : 0 };
      });
      const items: PathNode[] = stages.map((_, i) =>
        u() < 0.4
          ? { kind: 'choice', branches: [{ probability: 0.2 + 0.7 * u(), node: visit(i) }] }
          : { kind: 'visit', stage: i, counts: u() < 0.2 ? [{ count: 1, probability: 0.5 }, { count: 2, probability: 0.5 }] : [{ count: 1, probability: 1 }] },
      );
      const model: PathModel = { stages, root: { kind: 'sequence', items } };
      for (const p of [0.95, 0.99]) if (pathLatency(model, p).inversion === 'cantelli') bounds++;
      if (checkedSurvival(model, 1.5 * pathLatency(model, 0.5).meanS).inversion === 'cantelli') bounds++;
    }
    expect(bounds).toBe(0);
  });
});
