import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mul, power, type Complex } from '../../src/model/complex.js';
import { evaluateGroup, type PathStageLaw } from '../../src/model/path-tree.js';
import { repeatedFromParts, visitParts } from '../../src/model/repeat-visits.js';
import { fitLaw } from '../../src/model/service-law.js';
import { setPoint, stagePartsOf, stageVisits } from '../../src/model/stage-parts.js';

const out = new Float64Array(2);

/**
 * stage-parts.ts forms a stage's k-visit transform on typed arrays; the object-based functions
 * it replaces in the path walk (visitParts, repeatedFromParts, power) are the reference. The
 * plan's outputs are byte-identical only if every value is the same double, so the comparison
 * is exact, not within a tolerance.
 */
function reference(law: PathStageLaw, k: number, s: Complex): Complex {
  const [serviceT, waitT] = visitParts(law, s);
  const once = mul(serviceT, waitT);
  if (k === 1) return once;
  return law.repeat ? repeatedFromParts(law, k, s, serviceT, waitT) : power(once, k);
}

const stageLaw = fc
  .record({
    meanS: fc.double({ min: 1e-4, max: 5, noNaN: true }),
    scv: fc.constantFrom(0, 0.01, 0.3, 0.5, 1, 2.5, 9),
    wait: fc.oneof(
      fc.record({ kind: fc.constant('exponential' as const), waitProbability: fc.double({ min: 0, max: 1, noNaN: true }), conditionalRate: fc.double({ min: 0.1, max: 1e4, noNaN: true }) }),
      fc.record({ kind: fc.constant('pollaczek-khinchine' as const), utilisation: fc.double({ min: 0.01, max: 0.95, noNaN: true }) }),
    ),
    waitScale: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true }), { nil: undefined }),
    repeat: fc.option(fc.record({ sameQueue: fc.double({ min: 0, max: 1, noNaN: true }), slope: fc.double({ min: 0, max: 0.99, noNaN: true }), servers: fc.integer({ min: 1, max: 8 }) }), { nil: undefined }),
  })
  .map(({ meanS, scv, wait, waitScale, repeat }): PathStageLaw => {
    const service = fitLaw(meanS, scv);
    return {
      wait: wait.kind === 'exponential' ? wait : { kind: 'pollaczek-khinchine', arrivalRate: wait.utilisation / meanS, service },
      service,
      constantDelayS: 0,
      ...(waitScale !== undefined ? { waitScale } : {}),
      ...(repeat !== undefined ? { repeat } : {}),
    };
  });

const point = fc.record({ re: fc.double({ min: -50, max: 1e4, noNaN: true }), im: fc.double({ min: -1e4, max: 1e4, noNaN: true }) });

describe('stage parts on typed arrays', () => {
  it('give the same doubles as the object-based transforms, for any law, visit count and point', () => {
    let evaluation = 1e9;
    fc.assert(
      fc.property(fc.array(stageLaw, { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 40 }), point, (stages, k, s) => {
        const parts = stagePartsOf(stages);
        setPoint(parts, s.re, s.im);
        evaluation++;
        stages.forEach((law, i) => {
          stageVisits(parts, i, k, evaluation, out);
          const want = reference(law, k, s);
          expect(Object.is(out[0], want.re) && Object.is(out[1], want.im), `stage ${i}, k ${k}: ${out[0]}+${out[1]}i vs ${want.re}+${want.im}i`).toBe(true);
        });
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it('follow a stage list that grows (a path builder appends stages) and a path walk over it', () => {
    const grow = fc.sample(stageLaw, { numRuns: 8, seed: 7 });
    const stages: PathStageLaw[] = grow.slice(0, 3);
    const s = { re: 3, im: 40 };
    stagePartsOf(stages);
    stages.push(...grow.slice(3));
    const parts = stagePartsOf(stages);
    expect(parts.count).toBe(8);
    setPoint(parts, s.re, s.im);
    stages.forEach((law, i) => {
      stageVisits(parts, i, 3, -1, out);
      const want = reference(law, 3, s);
      expect([out[0], out[1]]).toEqual([want.re, want.im]);
    });
    // A whole path: one visit node per stage, two counts each, in sequence.
    const root = { kind: 'sequence' as const, items: stages.map((_, i) => ({ kind: 'visit' as const, stage: i, counts: [{ count: 1, probability: 0.25 }, { count: 2, probability: 0.75 }] })) };
    let want: Complex = { re: 1, im: 0 };
    for (const law of stages) {
      const one = reference(law, 1, s);
      const two = reference(law, 2, s);
      want = mul(want, { re: one.re * 0.25 + two.re * 0.75, im: one.im * 0.25 + two.im * 0.75 });
    }
    const got = evaluateGroup({ stages, root }, s, 0);
    expect([got.re, got.im]).toEqual([want.re, want.im]);
  });

  it('compute equal laws once: copies (other objects, same numbers) give the reference doubles at any mix of visit counts', () => {
    let evaluation = 2e9;
    fc.assert(
      fc.property(fc.array(stageLaw, { minLength: 1, maxLength: 4 }), fc.array(fc.nat(), { minLength: 4, maxLength: 24 }), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 5 }), point, (laws, picks, ks, s) => {
        // A list of copies of a few laws, as a path through thousands of copies of one component has.
        const stages = picks.map((i) => structuredClone(laws[i % laws.length]!));
        const parts = stagePartsOf(stages);
        // Shared: each copy names an earlier stage (at the latest, the first copy of its law) of equal value.
        stages.forEach((st, i) => {
          const first = picks.findIndex((p) => p % laws.length === picks[i]! % laws.length);
          expect(parts.canon[i]).toBeLessThanOrEqual(first);
          expect(stages[parts.canon[i]!]).toEqual(st);
        });
        setPoint(parts, s.re, s.im);
        evaluation++;
        stages.forEach((law, i) => {
          const k = ks[i % ks.length]!;
          stageVisits(parts, i, k, evaluation, out);
          const want = reference(law, k, s);
          expect(Object.is(out[0], want.re) && Object.is(out[1], want.im), `stage ${i}, k ${k}`).toBe(true);
        });
      }),
      { numRuns: 200, seed: 18 },
    );
    const law = fc.sample(stageLaw, { numRuns: 1, seed: 3 })[0]!;
    const parts = stagePartsOf([law, structuredClone(law), { ...law, waitScale: 0.5 }]);
    expect([...parts.canon]).toEqual([0, 0, 2]);
  });
});
