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

/*
 * A blocking caller of a callee beyond its target utilisation (here a database whose serialised
 * writes exceed one primary) counts that callee at its target, ρ = u: sized for the callee once
 * its violation is resolved. Counted as free ("saturated: not counted", before), the caller got
 * fewer replicas the slower its callee (fuzz seed 2026 case 7752, test/fuzz/regressions).
 */
describe('blocking calls to a callee beyond its target utilisation', () => {
  const profile = (capacity: number) =>
    `apiVersion: capplan/v1\nname: t\nworkload: { rps: 100/s }\ncomponents:\n` +
    `  api: { kind: service, serviceTime: 20ms, workers: 4, calls: [{ to: db, blocking: true }] }\n` +
    `  db: { kind: database, capacity: ${capacity}/s, writesPerRequest: 1, shards: { max: 1 } }\n`;

  it('holds the caller for the callee at its target: M/M/1 at ρ = 0.7', async () => {
    const plan = await planText(profile(90));
    const api = component(plan, 'api');
    const db = component(plan, 'db');
    expect(db.violations.map((v) => v.kind)).toContain('writes');
    expect(db.queue!.wait).toBeNull(); // saturated: no finite wait of its own
    // M/M/1 (Gross & Harris §2.2): mean wait ρS/(1 − ρ); the caller's finite threads see it × waitScale.
    const s = 1 / 90;
    const scale = api.callGraph.find((e) => e.to === 'db')!.waitScale;
    expect(scale).toBeGreaterThan(0.5);
    expect(scale).toBeLessThan(1);
    expect(api.detail.heldTime as number).toBeCloseTo(0.02 + s + scale * ((0.7 * s) / 0.3), 9);
    expect(api.model.join('\n')).toContain('db 1 × 33.8 ms (beyond its target utilisation: counted at 70 %)');
  });

  it('never sizes the caller smaller as the callee slows down', async () => {
    const replicas: number[] = [];
    for (const capacity of [1000, 300, 150, 120, 100, 90, 60, 30]) replicas.push(component(await planText(profile(capacity)), 'api').replicas);
    for (let i = 1; i < replicas.length; i++) expect(replicas[i], replicas.join(' ')).toBeGreaterThanOrEqual(replicas[i - 1]!);
    expect(replicas.at(-1)).toBeGreaterThan(replicas[0]!);
  });
});
