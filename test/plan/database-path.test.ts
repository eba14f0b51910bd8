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

describe('visits stated per user request on a component reached on some requests', () => {
  const reached = (keys: string) => `
apiVersion: capplan/v1
name: reach
workload: { rps: 100/s }
components:
  api: { kind: service, capacity: 500/s, calls: [{ to: db, probability: 25% }, { to: audit, probability: 50% }, { to: mail, probability: 10% }] }
  db: { kind: database, ${keys}, capacity: 5000/s }
  audit: { kind: service, capacity: 500/s, perRequest: 2 }
  mail: { kind: service, capacity: 500/s }
`;

  it('says how many visits a request that reaches it makes, and how to write a per-call figure', async () => {
    const plan = await planText(reached('readsPerRequest: 2, writesPerRequest: 0.5'));
    // db: 2.5 queries per user request, made on the 25 % of requests that call it: 10 each.
    expect(component(plan, 'db').demand).toBeCloseTo(250, 9);
    expect(plan.notes).toContain('db: readsPerRequest and writesPerRequest count per user request, and the calls reach db on 25% of requests, so each request that reaches it makes 10 visits (2.5 ÷ 0.25); if they are per call, multiply them by 0.25');
    expect(plan.notes).toContain('audit: perRequest counts per user request, and the calls reach audit on 50% of requests, so each request that reaches it makes 4 visits (2 ÷ 0.5); if it is per call, multiply it by 0.5');
    // mail's visits follow the call (no perRequest): 0.1 per request, nothing to misread.
    expect(component(plan, 'mail').demand).toBeCloseTo(10, 9);
    expect(plan.notes.filter((n) => n.startsWith('mail:'))).toEqual([]);
  });

  it('says nothing where the calls reach it on every request', async () => {
    const plan = await planText(reached('readsPerRequest: 2').replace('{ to: db, probability: 25% }', 'db'));
    expect(plan.notes.filter((n) => n.startsWith('db:'))).toEqual([]);
  });
});
