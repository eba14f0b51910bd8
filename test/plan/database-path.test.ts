/**
 * A database's visits on the request path are timed by the node each goes to (QueueModel.byOperation):
 * reads by a read replica, writes by the primary. Checked against closed forms of the path's law.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import { buildSimModel } from '../../src/simulate/from-plan.js';
import { summarise } from '../../src/simulate/report.js';
import { runReplications } from '../../src/simulate/runner.js';
import { steady } from '../simulate/helpers.js';
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

  it('N+1 reads: ten back-to-back reads on a replica at 67 % within the simulated p95 (plan 65.5 ms, simulated 62.3 ± 1.3 ms; the first model said 55.3)', async () => {
    const yaml = `
apiVersion: capplan/v1
name: nplus1
workload: { rps: 100/s }
targets: { zones: 1 }
components:
  api: { kind: service, perRequest: 1, serviceTime: 0.01ms, workers: 64, calls: [db] }
  db: { kind: database, readsPerRequest: 10, writesPerRequest: 0.3, capacity: 1500/s, writeCapacity: 100/s }
`;
    const { profile } = await loadProfileText(yaml, 'nplus1.yaml');
    const plan = solve(profile);
    const db = component(plan, 'db');
    expect(db.topology).toBe('1 primary + 1 replica');
    const model = buildSimModel(plan.profile, plan.phases[0]!);
    const settings = steady(200_000, 10, 3);
    const report = summarise(model, settings, runReplications(model, settings));
    const sim = report.endToEnd.p95S.sim!;
    const p95 = plan.phases[0]!.system.latencyP95;
    // Not under the interval (the first model was, by 11 %: a 60 ms target passed on paper), at most 10 % over it.
    expect(p95).toBeGreaterThan(sim.lo);
    expect(p95).toBeLessThan(sim.hi * 1.1);
    // The mean is exact (exponential service): 10 reads × 1/(1500 − 1000) + 0.3 writes × 1/(100 − 30).
    expect(plan.phases[0]!.system.latencyMean).toBeCloseTo(10 / 500 + 0.3 / 70 + 1e-5, 6);
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

describe('visits of a component without perRequest follow every call that reaches it', () => {
  // checkout is reached on 5 % of requests; it calls payments on every visit (a plain name) and
  // mail asynchronously; search is called on every visit of two entries' callers.
  const shop = `
apiVersion: capplan/v1
name: shop
workload: { rps: 1000/s }
components:
  edge: { kind: service, capacity: 5000/s, calls: [catalog, cart, { to: checkout, probability: 5% }] }
  catalog: { kind: service, capacity: 5000/s, calls: [search] }
  cart: { kind: service, capacity: 5000/s, calls: [search] }
  checkout: { kind: service, capacity: 500/s, calls: [payments, mail] }
  payments: { kind: adapter, rateLimit: 100/s, capacity: 500/s }
  mail: { kind: worker, async: true, capacity: 50/s }
  search: { kind: service, capacity: 500/s }
`;

  it('through a branch taken on some requests: the branch probability times the calls on the way', async () => {
    const plan = await planText(shop);
    expect(component(plan, 'checkout').demand).toBeCloseTo(50, 9);
    // 1,000/s × 5 % × 1 call per checkout visit; before, payments kept 1 visit per request (1,000/s, 10× its rate limit).
    expect(component(plan, 'payments').demand).toBeCloseTo(50, 9);
    expect(component(plan, 'mail').demand).toBeCloseTo(50, 9);
    expect(plan.phases[0]!.violations.filter((v) => v.component === 'payments')).toEqual([]);
  });

  it('a cache without opsPerRequest follows the calls too; the note names only the keys written', async () => {
    const text = shop.replace('search: { kind: service, capacity: 500/s }', 'search: { kind: service, capacity: 500/s }\n  kv: { kind: cache, capacity: 50000/s }\n  db: { kind: database, readsPerRequest: 1, capacity: 5000/s }')
      .replace('calls: [payments, mail]', 'calls: [payments, mail, kv, db]');
    const plan = await planText(text);
    // 1,000/s × 5 % × 1 operation per checkout visit; before, the default opsPerRequest 1 gave 1,000/s.
    expect(component(plan, 'kv').demand).toBeCloseTo(50, 9);
    expect(component(plan, 'kv').detail.derivedVisits).toBeCloseTo(0.05, 12);
    expect(plan.notes.filter((n) => n.startsWith('kv:'))).toEqual([]);
    // db's readsPerRequest is written per user request: kept, and said; writesPerRequest (absent, 0) is not named.
    expect(component(plan, 'db').demand).toBeCloseTo(1000, 9);
    expect(plan.notes).toContain('db: readsPerRequest counts per user request, and the calls reach db on 5% of requests, so each request that reaches it makes 20 visits (1 ÷ 0.05); if it is per call, multiply it by 0.05');
    const stated = await planText(text.replace('kv: { kind: cache,', 'kv: { kind: cache, opsPerRequest: 1,'));
    expect(component(stated, 'kv').demand).toBeCloseTo(1000, 9);
  });

  it('a blocking caller’s call to a queue consumer is not blocking: it enqueues and holds no worker', async () => {
    const plan = await planText(shop.replace('checkout: { kind: service,', 'checkout: { kind: service, blocking: true,'));
    const calls = component(plan, 'checkout').callGraph;
    expect(calls.find((e) => e.to === 'payments')!.blocking).toBe(true);
    expect(calls.find((e) => e.to === 'mail')!.blocking).toBe(false);
  });

  it('from two callers that call it on every visit: the sum of their visits', async () => {
    const plan = await planText(shop);
    expect(component(plan, 'search').demand).toBeCloseTo(2000, 9);
    // Written per user request, the figure is kept as written.
    const stated = await planText(shop.replace('search: { kind: service,', 'search: { kind: service, perRequest: 1,'));
    expect(component(stated, 'search').demand).toBeCloseTo(1000, 9);
  });
});
