/**
 * Sizing rules of DESIGN.md §3 against hand-computed cases; the arithmetic is in each comment.
 * The queueing functions themselves are tested against published values in test/model/.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { zoneLossReplicas } from '../../src/kinds/horizontal.js';
import { liveSessionsOverDay } from '../../src/kinds/live-sessions.js';
import { component, oneComponent, planText } from '../support/plan.js';

describe('horizontal replicas', () => {
  it('throughput: ⌈λ / (μ u)⌉', async () => {
    // λ = 1000, μ = 4 / 20 ms = 200, u = 0.7: 1000 / 140 = 7.14 → 8.
    const plan = await planText(oneComponent('{ rps: 1000/s }', '{ kind: service, serviceTime: 20ms, workers: 4 }'));
    const c = component(plan, 'c');
    expect(c.replicas).toBe(8);
    expect(c.binding).toBe('throughput');
    expect(c.utilization).toBeCloseTo(1000 / (8 * 200), 12);
    expect(c.maxRps).toBeCloseTo(8 * 200 * 0.7, 9);
    expect(c.breakingRps).toBeCloseTo(1600, 9);
  });
  it('zone loss: least n ≥ z with (n − ⌈n/z⌉) μ u ≥ λ', () => {
    // λ = 100, μ = 10, u = 0.7: need 14.29 survivors. n = 21 → 21 − 7 = 14 (short); 22 → 22 − 8 = 14;
    // 23 → 23 − 8 = 15 ≥ 14.29.
    expect(zoneLossReplicas(100, 10, 0.7, 3)).toBe(23);
    // Light load still needs one replica per zone: n ≥ z.
    expect(zoneLossReplicas(1, 1000, 0.7, 3)).toBe(3);
    // Two zones double the survivors' share: 10 needed → n − ⌈n/2⌉ ≥ 10 → n = 20.
    expect(zoneLossReplicas(70, 10, 0.7, 2)).toBe(20);
  });
  it('latency: the least n whose M/M/c p95 fits the budget', async () => {
    // M/M/1 per replica, S = 10 ms: p95 = ln 20 / (μ − λ/n) ≤ 50 ms ⇔ λ/n ≤ 100 − 59.91 = 40.09.
    // λ = 100 → n = 3 (33.3 per replica); throughput alone needs ⌈100 / 70⌉ = 2.
    const plan = await planText(oneComponent('{ rps: 100/s }', '{ kind: service, serviceTime: 10ms, latencyP95: 50ms }'));
    const c = component(plan, 'c');
    expect(c.replicas).toBe(3);
    expect(c.binding).toBe('latency');
    expect(c.latencyP95!).toBeCloseTo(Math.log(20) / (100 - 100 / 3), 9);
  });
  it('an unreachable latency budget is a violation with a remedy', async () => {
    // Unloaded p95 of Exp(S = 100 ms) is 3.0 × 100 ms = 300 ms > 200 ms.
    const plan = await planText(oneComponent('{ rps: 1/s }', '{ kind: service, serviceTime: 100ms, latencyP95: 200ms }'));
    const v = component(plan, 'c').violations;
    expect(v.map((x) => x.kind)).toEqual(['latency']);
    expect(v[0]!.message).toContain('unreachable');
  });
  it('more than replicas.max is a violation, and the plan runs the maximum', async () => {
    const plan = await planText(oneComponent('{ rps: 1000/s }', '{ kind: service, capacity: 100/s, replicas: { max: 5 } }'));
    const c = component(plan, 'c');
    expect(c.replicas).toBe(5);
    expect(c.binding).toBe('maxReplicas');
    expect(c.violations[0]!.message).toMatch(/needs 15 replicas but max is 5/);
  });
  it('N+1 in one zone when availability ≥ 99.9 %', async () => {
    const plan = await planText(oneComponent('{ rps: 100/s }', '{ kind: service, capacity: 100/s }', '{ availability: 99.9% }'));
    // ⌈100 / 70⌉ = 2, plus one: 3.
    expect(component(plan, 'c').replicas).toBe(3);
    expect(component(plan, 'c').binding).toBe('redundancy');
  });
});

describe('adapters', () => {
  it('a provider rate limit is a ceiling no replica count lifts', async () => {
    const plan = await planText(oneComponent('{ rps: 100/s }', '{ kind: adapter, capacity: 50/s, rateLimit: 30/s }'));
    const c = component(plan, 'c');
    expect(c.binding).toBe('rateLimit');
    expect(c.maxRps).toBe(30);
    expect(c.violations[0]!.kind).toBe('rateLimit');
    expect(c.violations[0]!.remedy).toMatch(/spread over 4 provider accounts/);
  });
});

describe('databases', () => {
  it('writes beyond one primary need shards', async () => {
    // 1,000 writes/s at μ_w = 1,000, u = 0.7: ⌈1000 / 700⌉ = 2 shards; one allowed: a violation.
    const body = '{ kind: database, capacity: 1000/s, readsPerRequest: 0, writesPerRequest: 1 }';
    const one = await planText(oneComponent('{ rps: 1000/s }', body));
    expect(component(one, 'c').violations[0]!.kind).toBe('writes');
    const sharded = await planText(oneComponent('{ rps: 1000/s }', body.replace('}', ', shards: { max: 4 } }')));
    expect(component(sharded, 'c').detail.shards).toBe(2);
    expect(component(sharded, 'c').binding).toBe('writes');
    expect(component(sharded, 'c').violations).toEqual([]);
  });
  it('reads after cache hits go to read replicas when the primary is full', async () => {
    // reads 3 × 1000 × (1 − 0.8) = 600/s; writes 200/s; μ = 1000: primary 0.2 + 0.6 = 0.8 > 0.7,
    // so reads move to ⌈600 / 700⌉ = 1 replica.
    const plan = await planText(oneComponent('{ rps: 1000/s }', '{ kind: database, capacity: 1000/s, readsPerRequest: 3, writesPerRequest: 0.2, cacheHitRatio: 80% }'));
    const c = component(plan, 'c');
    expect(c.detail.readReplicasPerShard).toBe(1);
    expect(c.detail.readRps).toBeCloseTo(600, 9);
    expect(c.replicas).toBe(2);
  });
  it('storage grows with the mean write rate over the retention', async () => {
    // mean = 100 / 4 = 25 req/s; 25 writes/s × 1 kB × 10 days = 21.6 GB.
    const plan = await planText(oneComponent('{ rps: 100/s, peakFactor: 4 }', '{ kind: database, capacity: 1000/s, writesPerRequest: 1, bytesPerWrite: 1kB, retention: 10d }'));
    expect(component(plan, 'c').storageBytes).toBeCloseTo(25 * 1000 * 10 * 86_400, 3);
  });
});

describe('caches', () => {
  it('live sessions by Little’s law: L = λ W', () => {
    expect(liveSessionsOverDay(10, 10, 1800).sessions).toBe(18_000);
  });
  it('shards by memory: live sessions × state against node memory', async () => {
    // 100 req/s ÷ 10 req/session = 10 sessions/s × 3600 s = 36,000 live × 100 kB = 3.6 GB;
    // a 2 GB node at 80 % holds 1.6 GB → ⌈2.25⌉ = 3 shards.
    const plan = await planText(oneComponent('{ rps: 100/s, requestsPerSession: 10 }', '{ kind: cache, capacity: 100000/s, statePerSession: 100kB, ttl: 1h, nodeMemory: 2GB }'));
    const c = component(plan, 'c');
    expect(c.detail.liveSessions).toBe(36_000);
    expect(c.detail.shards).toBe(3);
    expect(c.binding).toBe('memory');
  });
  it('a dataset larger than the allowed shards is a violation', async () => {
    const plan = await planText(oneComponent('{ rps: 10/s }', '{ kind: cache, capacity: 100000/s, dataset: 20GB, nodeMemory: 8GB, cluster: false }'));
    expect(component(plan, 'c').violations[0]!.kind).toBe('memory');
  });
});

describe('workers', () => {
  it('one class: the pool is one M/M/(n·c) queue and the class wait is its Erlang C wait', async () => {
    const plan = await planText(oneComponent('{ rps: 10/s }', '{ kind: worker, serviceTime: 1s, workers: 4, classes: [{ name: all, timeout: 30s }] }'));
    const c = component(plan, 'c');
    // ⌈10 / (4 × 0.7)⌉ = 4 replicas = 16 workers; utilisation 10 / 16.
    expect(c.replicas).toBe(4);
    expect(c.queue!.servers).toBe(16);
    expect(c.utilization).toBeCloseTo(10 / 16, 12);
  });
  it('a class whose timeout is below the job itself is a violation', async () => {
    const plan = await planText(oneComponent('{ rps: 1/s }', '{ kind: worker, serviceTime: 10s, classes: [{ name: fast, timeout: 5s }] }'));
    expect(component(plan, 'c').violations[0]!.kind).toBe('timeout');
  });
});

describe('free-intelligence: the document’s formula from capplan’s own numbers', () => {
  it('12 workers × 100 req/s × 86,400 s / 20 requests per session = 5,184,000 sessions/day', async () => {
    const { readFile } = await import('node:fs/promises');
    const plan = await planText(await readFile(new URL('../../profiles/free-intelligence.yaml', import.meta.url), 'utf8'));
    const phase = plan.phases.find((p) => p.name === 'phase 2 (3 nodes)')!;
    const api = phase.components.find((c) => c.name === 'api')!;
    expect(api.replicas).toBe(12);
    expect(api.breakingRps).toBe(1200);
    expect(api.breakingSessionsPerDay).toBe(5_184_000);
  });
});

describe('inputs in the wrong unit', () => {
  // How quickly: the bench's kernel "plan of a profile in the wrong unit" (scripts/bench/kernels.ts).
  it('stop at the most units capplan sizes, with a violation that says why', async () => {
    const plan = await planText(readFileSync(new URL('../fixtures/profiles/wrong-units.yaml', import.meta.url), 'utf8'));
    const phase = plan.phases[0]!;
    for (const name of ['api', 'jobs', 'db', 'cache', 'disk']) {
      expect(phase.violations.some((v) => v.component === name && v.kind === 'capacity'), name).toBe(true);
    }
    expect(component(plan, 'api').replicas).toBe(100_000);
  });
});
