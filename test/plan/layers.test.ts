/** Blocking calls against a seeded simulation of the two layers (threads held while the database answers). */
import { describe, expect, it } from 'vitest';
import { exponentialLaw } from '../../src/model/service-law.js';
import { simulateLayered } from '../support/layered-sim.js';
import { fractionInterval, quantileInterval } from '../support/queue-sim.js';
import { component, planText } from '../support/plan.js';

/*
 * One api replica of c threads, own work Exp(own), then k consecutive database calls (a single
 * server, Exp(db)) holding the thread; the database has no other load. Measured (docs/model.md):
 * end-to-end p95 within −4.5 % … +1 % of the simulation over five such cases, P(wait for a
 * thread) within 0.02; the open model without the finite-thread correction was up to 49 % high.
 */
describe('blocking calls: the layered fixed point against a simulation', () => {
  it.each([
    [45, 1, 5, 2, 3],
    [250, 8, 20, 0.5, 4],
  ])('%s req/s, %s threads, %s ms own + db %s ms × %s', async (rps, threads, ownMs, dbMs, calls) => {
    const plan = await planText(
      `apiVersion: capplan/v1\nname: t\nworkload: { rps: ${rps}/s }\ncomponents:\n` +
        `  api: { kind: service, serviceTime: ${ownMs}ms, workers: ${threads}, replicas: 1, calls: [{ to: db, blocking: true }] }\n` +
        `  db: { kind: database, capacity: ${1000 / dbMs}/s, readsPerRequest: ${calls}, utilization: 99% }\n`,
    );
    const api = component(plan, 'api');
    const run = simulateLayered({
      arrivalRate: rps,
      threads,
      front: exponentialLaw(ownMs / 1000),
      calls,
      back: exponentialLaw(dbMs / 1000),
      backgroundRate: 0,
      requests: 120_000,
      warmup: 5_000,
      seed: threads,
    });
    const p95 = quantileInterval(run.totals, 0.95);
    const waits = fractionInterval(run.threadWaits, 0);
    expect(Math.abs(plan.phases[0]!.system.latencyP95 / p95.estimate - 1)).toBeLessThan(0.05);
    expect(Math.abs(api.waitProbability! - waits.estimate)).toBeLessThan(0.03);
  });
});
