/**
 * A timeout violation says whether a retry storm on the call would sustain itself (analyse.ts,
 * stormOutcome): where every attempt timing out would take the callee past its breaking point,
 * the storm is a second, stable state of the system (metastable); below it, it drains. The
 * seeded simulation of the same plans is the reference: the first collapses (the callee saturated,
 * most requests failed), the second does not, though its attempts time out as often.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import type { Plan } from '../../src/plan/types.js';
import { buildSimModel } from '../../src/simulate/from-plan.js';
import type { ReplicationResult } from '../../src/simulate/result.js';
import { runReplications } from '../../src/simulate/runner.js';
import { interval } from '../../src/simulate/stats.js';
import { steady } from '../simulate/helpers.js';

/** api calls db twice a request, each call timed out at `timeout` and retried three times. */
function profile(capacity: string, timeout: string): string {
  return `apiVersion: capplan/v1
name: storm
workload: { rps: 100/s }
components:
  api: { kind: service, serviceTime: 20ms, calls: [{ to: db, timeout: ${timeout}, retries: 3 }] }
  db: { kind: database, readsPerRequest: 2, capacity: ${capacity} }
`;
}

async function planOf(text: string): Promise<Plan> {
  const { profile: p } = await loadProfileText(text, 'storm.yaml');
  return solve(p);
}

function timeoutMessage(plan: Plan): string {
  const v = plan.phases[0]!.violations.find((x) => x.kind === 'timeout');
  expect(v, 'a timeout violation').toBeDefined();
  return v!.message;
}

/** db's utilisation and the share of requests that failed, in each replication of the plan's simulation. */
function simulated(plan: Plan): { dbUtil: number[]; failed: number[] } {
  const m = buildSimModel(plan.profile, plan.phases[0]!);
  const db = m.stations.findIndex((s) => s.component === 'db');
  const rs: ReplicationResult[] = runReplications(m, steady(20_000, 5, 3));
  return {
    dbUtil: rs.map((r) => r.busyInt[db]! / r.aliveServersInt[db]!),
    failed: rs.map((r) => r.failed.exhausted / (r.failed.exhausted + r.e2eCount)),
  };
}

describe('a retry storm on a timed-out call', () => {
  it('sustains itself where every attempt timing out takes the callee past its breaking point', async () => {
    // 5.6 % of attempts time out: 1.06 attempts a call at the plan's fixed point, 4 in a storm.
    // db carries 500 query/s; in a storm it would get 100 × 2 × 4 = 800.
    const plan = await planOf(profile('500/s', '10ms'));
    const message = timeoutMessage(plan);
    expect(message).toMatch(/each call would make 4 attempts and db would take 3\.7\d× its planned load, 1\.6× its breaking point: once started, the storm would sustain itself \(metastable\)/);
    const { dbUtil, failed } = simulated(plan);
    // The plan's fixed point puts db at 42 %; the simulation finds the other state.
    expect(interval(dbUtil, 0.99)!.lo).toBeGreaterThan(0.9);
    expect(interval(failed, 0.99)!.lo).toBeGreaterThan(0.5);
  });

  it('drains where the callee would carry the storm', async () => {
    // 30 % of attempts time out (1 ms against a p95 of 2.5 ms), but 800 query/s is 53 % of 1,500.
    const plan = await planOf(profile('1500/s', '1ms'));
    const message = timeoutMessage(plan);
    expect(message).toMatch(/db would take 2\.8\d× its planned load, 53% of its breaking point: such a storm would drain\. Retries also fail together/);
    const { dbUtil } = simulated(plan);
    expect(interval(dbUtil, 0.99)!.hi).toBeLessThan(0.5);
  });

  it('says that retries fail together: far more requests fail than independent attempts would', async () => {
    // 1 ms against a p95 of ~1.7 ms, two calls a request, 3 retries: the plan's fixed point has
    // q ≈ 17 % of attempts timing out, so independent attempts would fail a call with q⁴ ≈ 0.08 %.
    const plan = await planOf(profile('2000/s', '1ms'));
    expect(timeoutMessage(plan)).toMatch(/\. Retries also fail together: one sent at the timeout queues behind the attempt it gives up on, which db still serves, so far more calls fail than independent attempts would \(`capplan simulate` counts them\)$/);
    const call = plan.phases[0]!.components.find((c) => c.name === 'api')!.callGraph[0]!;
    const q = call.retryProbability;
    const independent = 1 - (1 - q ** (call.retries + 1)) ** 2;
    expect(independent).toBeLessThan(0.005);
    // The simulation: a retry queues behind the attempt it gave up on.
    const { failed } = simulated(plan);
    expect(interval(failed, 0.99)!.lo).toBeGreaterThan(10 * independent);
  });

  it('says nothing of a storm without retries', async () => {
    const plan = await planOf(profile('500/s', '5ms').replace(', retries: 3', ''));
    expect(timeoutMessage(plan)).not.toMatch(/storm/);
  });
});
