/**
 * A database's visits on the request path are timed by the node each goes to (QueueModel.byOperation):
 * reads by a read replica, writes by the primary. Checked against closed forms of the path's law.
 */
import { describe, expect, it } from 'vitest';
import { component, planText } from '../support/plan.js';

const profile = (reads: number, writes: number) => `
apiVersion: capplan/v1
name: dbpath
workload: { rps: 100/s }
targets: { zones: 1 }
components:
  db: { kind: database, readsPerRequest: ${reads}, writesPerRequest: ${writes}, capacity: 500/s, writeCapacity: 150/s }
`;

/** P(T > t) of Exp(a) + Exp(b), a ≠ b: (b·e^{−at} − a·e^{−bt}) / (b − a). */
const hypoexponential = (a: number, b: number) => (t: number) => (b * Math.exp(-a * t) - a * Math.exp(-b * t)) / (b - a);

function quantile(survival: (t: number) => number, p: number): number {
  let lo = 0;
  let hi = 10;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (survival(mid) > 1 - p) lo = mid;
    else hi = mid;
  }
  return lo;
}

describe('database visits on the request path', () => {
  it('time a read by its replica and a write by the primary (one of each: Exp(400) + Exp(50))', async () => {
    const plan = await planText(profile(1, 1));
    const db = component(plan, 'db');
    // Writes 100/s on a 150/s primary (ρ 0.67) leave no room for the reads under 70 %: one read replica, 100/s of 500/s.
    expect(db.topology).toBe('1 primary + 1 replica');
    expect(db.queue!.byOperation!.reads.share).toBeCloseTo(0.5, 12);
    // M/M/1 responses: replica Exp(500 − 100), primary Exp(150 − 100); independent, one visit each.
    const want = quantile(hypoexponential(400, 50), 0.95);
    expect(plan.phases[0]!.system.latencyP95).toBeCloseTo(want, 6);
    expect(plan.phases[0]!.system.latencyMean).toBeCloseTo(1 / 400 + 1 / 50, 9);
    // Timed by the busiest node (the primary) both would be Erlang-2(50): p95 4.744/50 = 94.9 ms, not 62.6 ms.
    expect(want).toBeCloseTo(0.0626, 3);
  });

  it('keep one queue when every visit joins the same node', async () => {
    // Reads only: every visit a replica's (or the primary's) M/M/1; no split.
    const plan = await planText(profile(1, 0));
    expect(component(plan, 'db').queue!.byOperation).toBeUndefined();
    // 100/s on the primary at 500/s: 20 %, Exp(400): p95 = ln 20 / 400.
    expect(plan.phases[0]!.system.latencyP95).toBeCloseTo(Math.log(20) / 400, 9);
  });
});
