import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seriesTail } from '../../src/model/fourier.js';
import { contourTail, type GroupTransformMany } from '../../src/model/inversion.js';
import { checkContour, contour } from '../../src/model/talbot.js';
import { evaluateGroupMany } from '../../src/model/path-program-many.js';
import { evaluateGroup, evaluatePath, pathMoments, type PathModel, type PathNode, type PathStageLaw } from '../../src/model/path-tree.js';
import { MIN_PROGRAM_ITEMS, sequenceProgram } from '../../src/model/path-program.js';
import { fitLaw } from '../../src/model/service-law.js';

/**
 * path-program.ts runs long sequences of one-shift visits as compiled programs; the node-by-node
 * walk (evaluatePath(…, compiled = false)) is the reference. The plan's outputs are byte-identical
 * only if every term is the same double, so the comparison is exact (Object.is), not within a tolerance.
 */
const stageLaw = fc
  .record({
    meanS: fc.double({ min: 1e-4, max: 5, noNaN: true }),
    scv: fc.constantFrom(0.01, 0.3, 1, 2.5),
    wait: fc.oneof(
      fc.record({ kind: fc.constant('exponential' as const), waitProbability: fc.double({ min: 0, max: 1, noNaN: true }), conditionalRate: fc.double({ min: 0.1, max: 1e4, noNaN: true }) }),
      fc.record({ kind: fc.constant('pollaczek-khinchine' as const), utilisation: fc.double({ min: 0.01, max: 0.95, noNaN: true }) }),
    ),
    waitScale: fc.option(fc.double({ min: 0.05, max: 1, noNaN: true }), { nil: undefined }),
    repeat: fc.option(fc.record({ sameQueue: fc.double({ min: 0, max: 1, noNaN: true }), slope: fc.double({ min: 0, max: 0.99, noNaN: true }), servers: fc.integer({ min: 1, max: 8 }) }), { nil: undefined }),
    constantDelayS: fc.constantFrom(0, 0, 0.001, 0.0025),
  })
  .map(({ meanS, scv, wait, waitScale, repeat, constantDelayS }): PathStageLaw => {
    const service = fitLaw(meanS, scv);
    return {
      wait: wait.kind === 'exponential' ? wait : { kind: 'pollaczek-khinchine', arrivalRate: wait.utilisation / meanS, service },
      service,
      constantDelayS,
      ...(waitScale !== undefined ? { waitScale } : {}),
      ...(repeat !== undefined ? { repeat } : {}),
    };
  });

/** Visit counts: one count, or n and n + 1 (a fractional mean), or three counts. */
const counts = fc.oneof(
  fc.integer({ min: 0, max: 3 }).map((k) => [{ count: k, probability: 1 }]),
  fc.tuple(fc.integer({ min: 0, max: 3 }), fc.double({ min: 0.001, max: 0.999, noNaN: true })).map(([k, f]) => [{ count: k, probability: 1 - f }, { count: k + 1, probability: f }]),
  fc.constant([{ count: 0, probability: 0.5 }, { count: 1, probability: 0.3 }, { count: 4, probability: 0.2 }]),
);

/** A path: a long sequence of visits to `stages` (some stages visited more than once), possibly inside a choice, or beside a short branch. */
const path = fc
  .record({
    stages: fc.array(stageLaw, { minLength: 1, maxLength: 12 }),
    visits: fc.array(fc.tuple(fc.nat(), counts), { minLength: MIN_PROGRAM_ITEMS, maxLength: 60 }),
    shape: fc.constantFrom('sequence', 'choice', 'mixed'),
    copies: fc.boolean(),
  })
  .map(({ stages: own, visits, shape, copies }): PathModel => {
    // Copies: later stages equal to earlier ones number for number (stage-parts.ts forms them once a point).
    const stages = copies ? [...own, ...own.map((law) => ({ ...law }))] : own;
    const items: PathNode[] = visits.map(([i, c]) => ({ kind: 'visit', stage: i % stages.length, counts: c }));
    const sequence: PathNode = { kind: 'sequence', items };
    if (shape === 'sequence') return { stages, root: sequence };
    if (shape === 'choice') return { stages, root: { kind: 'choice', branches: [{ probability: 0.7, node: sequence }, { probability: 0.2, node: items[0]! }] } };
    return { stages, root: { kind: 'sequence', items: [items[1]!, sequence, { kind: 'choice', branches: [{ probability: 0.4, node: items[2]! }] }] } };
  });

const point = fc.record({ re: fc.double({ min: -50, max: 1e4, noNaN: true }), im: fc.double({ min: -1e4, max: 1e4, noNaN: true }) });

function same(a: Map<number, { re: number; im: number }>, b: Map<number, { re: number; im: number }>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (w === undefined || !Object.is(v.re, w.re) || !Object.is(v.im, w.im)) return false;
  }
  return true;
}

describe('compiled sequences of visits', () => {
  it('give the same terms as the node-by-node walk, bit for bit, at any point, at s = 0 and as s → ∞, with and without shifts', () => {
    fc.assert(
      fc.property(path, point, fc.boolean(), (model, s, flat) => {
        for (const at of [{ s }, 'zero', 'infinity'] as const) {
          const compiled = evaluatePath(model, at, flat, true);
          const walked = evaluatePath(model, at, flat, false);
          expect(same(compiled, walked), `${JSON.stringify(at)} flat ${flat}: ${JSON.stringify([...compiled])} vs ${JSON.stringify([...walked])}`).toBe(true);
        }
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it('give the same values at many points at once as one by one, bit for bit (the Fourier series asks ~140 at a time)', () => {
    fc.assert(
      fc.property(path, fc.array(point, { minLength: 1, maxLength: 24 }), fc.boolean(), (model, points, flat) => {
        const re = Float64Array.from(points, (s) => s.re);
        const im = Float64Array.from(points, (s) => s.im);
        const walked = points.map((s) => evaluatePath(model, { s }, flat, false));
        for (const key of [...[...walked[0]!.keys()].slice(0, 3), 12345]) {
          const outRe = new Float64Array(points.length).fill(NaN);
          const outIm = new Float64Array(points.length).fill(NaN);
          evaluateGroupMany(model, key, flat, re, im, points.length, outRe, outIm);
          points.forEach((s, q) => {
            const want = walked[q]!.get(key) ?? { re: 0, im: 0 };
            expect(Object.is(outRe[q], want.re) && Object.is(outIm[q], want.im), `key ${key} at ${s.re}+${s.im}i: ${outRe[q]}+${outIm[q]}i vs ${want.re}+${want.im}i`).toBe(true);
          });
        }
      }),
      { numRuns: 150, seed: 18 },
    );
  });

  it('leave the contour and the Fourier series of a long path the same doubles when they ask the transform at all points at once', () => {
    const law = (meanS: number, scv: number): PathStageLaw => ({ wait: { kind: 'exponential', waitProbability: 0.2, conditionalRate: 4 / meanS }, service: fitLaw(meanS, scv), constantDelayS: 0 });
    const stages = Array.from({ length: 40 }, (_, i) => law(0.001 * (1 + (i % 7)), i % 3 === 0 ? 0.02 : 0.5));
    const model: PathModel = { stages, root: { kind: 'sequence', items: stages.map((_, i) => ({ kind: 'visit', stage: i, counts: [{ count: 0, probability: 0.3 }, { count: 1, probability: 0.7 }] })) } };
    const transform = (_: number, s: { re: number; im: number }) => evaluateGroup(model, s, 0);
    const many: GroupTransformMany = (_, re, im, count, outRe, outIm) => evaluateGroupMany(model, 0, false, re, im, count, outRe, outIm);
    const group = { shiftS: 0, mass: 1, atom: evaluatePath(model, 'infinity').get(0)!.re };
    const { meanS } = pathMoments(model);
    for (const t of [0.3 * meanS, meanS, 2 * meanS]) {
      for (const nodes of [contour, checkContour()]) expect(contourTail(group, 0, transform, t, nodes, many)).toEqual(contourTail(group, 0, transform, t, nodes));
      const series = seriesTail([group], transform, t, () => null, many);
      expect(series).not.toBeNull();
      expect(series).toEqual(seriesTail([group], transform, t));
    }
  });

  it('compile only sequences whose every item is a visit with one shift', () => {
    const law: PathStageLaw = { wait: { kind: 'exponential', waitProbability: 0.3, conditionalRate: 20 }, service: fitLaw(0.01, 1), constantDelayS: 0.002 };
    const stages = [law, { ...law, constantDelayS: 0 }];
    const visit = (stage: number, c: { count: number; probability: number }[]): PathNode => ({ kind: 'visit', stage, counts: c });
    const many = (node: PathNode): PathNode & { kind: 'sequence' } => ({ kind: 'sequence', items: Array.from({ length: MIN_PROGRAM_ITEMS }, () => node) });
    const twoCounts = [{ count: 0, probability: 0.5 }, { count: 1, probability: 0.5 }];
    // Stage 0 has a delay: 0 or 1 visits shift differently (two terms), unless the shifts are dropped.
    expect(sequenceProgram(many(visit(0, twoCounts)), stages, false)).toBeNull();
    expect(sequenceProgram(many(visit(0, twoCounts)), stages, true)?.items).toBe(MIN_PROGRAM_ITEMS);
    expect(sequenceProgram(many(visit(1, twoCounts)), stages, false)?.items).toBe(MIN_PROGRAM_ITEMS);
    expect(sequenceProgram(many(visit(0, [{ count: 2, probability: 1 }])), stages, false)?.key[0]).toBe(4e9);
    expect(sequenceProgram(many({ kind: 'sequence', items: [visit(1, twoCounts)] }), stages, false)).toBeNull();
    expect(sequenceProgram(many(visit(1, [])), stages, false)).toBeNull();
  });
});
