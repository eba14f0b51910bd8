/**
 * poolFigures (src/kinds/worker.ts) finds the pool's Erlang C once and hands it to Cobham's W_0
 * (priorityMmcMeanWaits) when the classes' rates sum to λ exactly; the worker's plan reads it
 * instead of asking erlangC again. The reference is classFigures as it was, which asked erlangC
 * in both places: every figure must be the same bit for bit, with one class or several.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fast-check-seed.js';
import { poolFigures } from '../../src/kinds/worker.js';
import { pathLatency } from '../../src/model/path-latency.js';
import { priorityMmcMeanWaits } from '../../src/model/priority.js';
import { erlangC, waitPlusServicePercentile } from '../../src/model/queueing.js';
import { fitLaw, isExponential, lawScv, type ServiceLaw } from '../../src/model/service-law.js';

function reference(servers: number, perWorker: number, lambda: number, classes: readonly { name: string; share: number; timeout: number | null }[], percentile: number, law: ServiceLaw, arrivalScv: number) {
  const rates = classes.map((k) => lambda * k.share);
  const factor = (arrivalScv + lawScv(law)) / 2;
  const waits = priorityMmcMeanWaits(servers, perWorker, rates).map((w) => w * factor);
  const c = erlangC(servers, lambda / perWorker);
  const exponential = isExponential(law);
  return classes.map((k, i) => {
    const w = waits[i]!;
    const inverted = !Number.isFinite(w) || exponential || w === 0
      ? null
      : pathLatency({ stages: [{ wait: { kind: 'exponential', waitProbability: c, conditionalRate: c / w }, service: law, constantDelayS: 0 }], root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] } }, percentile);
    const p95 = !Number.isFinite(w) ? Infinity : inverted === null ? waitPlusServicePercentile(percentile, c, w > 0 ? c / w : Infinity, perWorker) : inverted.percentileS;
    return { name: k.name, share: k.share, rate: rates[i]!, meanWait: w, p95, bound: inverted?.inversion === 'cantelli', timeout: k.timeout, ok: k.timeout === null || p95 <= k.timeout };
  });
}

describe('poolFigures', () => {
  it("gives classFigures' figures bit for bit, and erlangC of the pool as its wait probability", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        fc.double({ min: 0.05, max: 1.1, noNaN: true }),
        fc.oneof(fc.constant([1]), fc.constant([0.3, 0.7]), fc.constant([0.2, 0.5, 0.3]), fc.constant([1 / 3, 1 / 3, 1 / 3]), fc.constant([0.1, 0.2, 0.7]), fc.constant([0.15, 0.25, 0.6])),
        fc.constantFrom(1, 0.5, 2),
        fc.constantFrom(1, 1.7),
        (servers, perWorker, load, shares, scv, arrivalScv) => {
          const lambda = load * servers * perWorker;
          const classes = shares.map((share, i) => ({ name: `k${i}`, share, timeout: i === 0 ? null : 2 / perWorker }));
          const law = fitLaw(1 / perWorker, scv);
          const ours = poolFigures(servers, perWorker, lambda, classes, 0.95, law, arrivalScv);
          const theirs = reference(servers, perWorker, lambda, classes, 0.95, law, arrivalScv);
          expect(ours.classes.length).toBe(theirs.length);
          ours.classes.forEach((k, i) => {
            for (const key of Object.keys(theirs[i]!) as (keyof (typeof theirs)[number])[]) expect(Object.is(k[key], theirs[i]![key]), key).toBe(true);
          });
          expect(Object.is(ours.waitProbability, erlangC(servers, lambda / perWorker))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
