/** The model keys of issue 11 through the planner: mixed service, cv, balancing, operations, call objects, blocking, retries. */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { fitLaw } from '../../src/model/service-law.js';
import { component, planText } from '../support/plan.js';

function expectNear(actual: number, expected: number, tolerance: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected} ± ${tolerance}`).toBeLessThanOrEqual(tolerance);
}

const head = (workload = '{ rps: 100/s }', targets = '{ zones: 1 }') => `apiVersion: capplan/v1\nname: t\nworkload: ${workload}\ntargets: ${targets}\ncomponents:\n`;

/** Diagnostics of a profile that should not load. */
async function problems(text: string): Promise<string[]> {
  try {
    await loadProfileText(text, 't.yaml');
  } catch (error) {
    const d = (error as { diagnostics?: { path: string; message: string }[] }).diagnostics ?? [];
    return d.map((x) => `${x.path}: ${x.message}`);
  }
  return [];
}

describe('a database primary serving reads and writes at different speeds', () => {
  it('is an M/H2/1: the Pollaczek–Khinchine mean, 60 % above the blended M/M/1', async () => {
    // 300 reads/s at 1 ms and 100 writes/s at 5 ms on one primary: ρ = 0.3 + 0.5 = 0.8,
    // E[S] = 2 ms, E[S²] = 2(0.75 × 1 + 0.25 × 25) = 14 ms²; P-K: W = λE[S²]/(2(1 − ρ)) = 14 ms, T = 16 ms.
    // The blended M/M/1 gives T = E[S]/(1 − ρ) = 10 ms.
    const plan = await planText(`${head()}  db: { kind: database, capacity: 1000/s, writeCapacity: 200/s, readsPerRequest: 3, writesPerRequest: 1, utilization: 90% }\n`);
    const db = component(plan, 'db');
    expect(db.queue!.waitMethod).toBe('M/H2/1 exact (Pollaczek–Khinchine)');
    expectNear(db.latencyMean!, 0.016, 1e-12);
    expect(db.model.join('\n')).toContain('writes 5 ms (25%) and reads 1 ms (75%) mixed: H2');
    // The p95 solves the M/H2/1 closed form (test/model/queue-model.test.ts), 3:1 mix of Exp(1000) and Exp(200):
    const [m1, m2, p1, p2, lambda] = [1000, 200, 0.75, 0.25, 400];
    const b = m1 + m2 - lambda;
    const c = m1 * m2 - lambda * (p2 * m1 + p1 * m2);
    const r = Math.sqrt(b * b - 4 * c);
    const [s1, s2] = [(-b + r) / 2, (-b - r) / 2];
    const a = (s: number, o: number) => (0.2 * (m1 * m2 + (p1 * m1 + p2 * m2) * s)) / (s - o);
    const survival = (t: number) => (-a(s1, s2) / s1) * Math.exp(s1 * t) + (-a(s2, s1) / s2) * Math.exp(s2 * t);
    expectNear(survival(db.latencyP95!), 0.05, 1e-9);
    // 76 % above the blended M/M/1's −ln(0.05) × 10 ms = 30 ms: the issue's "p95 ~80 % above".
    expect(db.latencyP95! / (Math.log(20) * 0.01)).toBeGreaterThan(1.75);
  });
});

describe('serviceTimeCv and distribution', () => {
  const svc = (extra: string) => `${head()}  api: { kind: service, serviceTime: 10ms, workers: 2, replicas: 2${extra} }\n`;

  it('orders the p95: constant < exponential < cv 2, at the same mean and load', async () => {
    const p95 = async (extra: string) => component(await planText(svc(extra)), 'api').latencyP95!;
    const deterministic = await p95(', distribution: deterministic');
    const exponential = await p95('');
    const variable = await p95(', serviceTimeCv: 2');
    expect(deterministic).toBeLessThan(exponential);
    expect(variable).toBeGreaterThan(exponential);
    const plan = await planText(svc(', distribution: lognormal, serviceTimeCv: 2'));
    expect(component(plan, 'api').queue!.waitMethod).toBe('M/H2/2 Allen–Cunneen (approximation)');
    expect(component(plan, 'api').model[0]).toContain('lognormal, cv 2');
    // The cv is named once ("(cv 2)" after a description that says it was printed twice); a constant time is fitted as Erlang-64, whose cv is said.
    expect(component(plan, 'api').model).toContain('service time: lognormal, cv 2, matched on mean and cv');
    expect(component(await planText(svc(', serviceTimeCv: 1.3')), 'api').model).toContain('service time: cv 1.3, matched on mean and cv');
    expect(component(await planText(svc(', distribution: deterministic')), 'api').model).toContain('service time: deterministic, matched on mean and cv (cv 0.125)');
  });

  it('refuses contradictions', async () => {
    expect(await problems(svc(', distribution: lognormal'))).toEqual(['components.api.serviceTimeCv: a lognormal distribution needs serviceTimeCv (its σ/mean)']);
    expect((await problems(svc(', distribution: exponential, serviceTimeCv: 2')))[0]).toContain('an exponential distribution has cv 1');
  });
});

describe('operations sharing one server', () => {
  it('a cache with GETs and SETs is their mixture; the shares must add up and agree with capacity', async () => {
    const cache = (ops: string, capacity = '') => `${head()}  kv: { kind: cache, opsPerRequest: 4${capacity}, operations: [${ops}] }\n`;
    const plan = await planText(cache('{ name: get, share: 80%, serviceTime: 50us }, { name: set, share: 20%, serviceTime: 200us }'));
    const kv = component(plan, 'kv');
    // Mean 0.8 × 50 + 0.2 × 200 = 80 µs: 12,500 ops/s per shard.
    expectNear(kv.capacityPerUnit, 12_500, 1e-6);
    expect(kv.queue!.service).toHaveLength(2);
    expect((await problems(cache('{ name: get, share: 80%, serviceTime: 50us }, { name: set, share: 10%, serviceTime: 200us }')))[0]).toContain('operation shares sum to 90%');
    expect((await problems(cache('{ name: get, share: 80%, serviceTime: 50us }, { name: set, share: 20%, serviceTime: 200us }', ', capacity: 100000/s')))[0]).toContain("the operations' mean service time 80 µs disagrees");
  });

  it('agents with short and long generations: tokens per operation', async () => {
    const plan = await planText(
      `${head()}  llm: { kind: agent, tokensPerSecond: 1000/s, concurrency: 1, operations: [{ name: short, share: 70%, tokens: 100 }, { name: long, share: 30%, tokens: 1000 }] }\n`,
    );
    const llm = component(plan, 'llm');
    // Mean 370 tokens: 1000/370 queries/s; service a mixture of 0.1 s and 1 s exponentials.
    expectNear(llm.capacityPerUnit, 1000 / 370, 1e-9);
    expect(llm.queue!.service.map((b) => 1 / b.rate).sort()).toEqual([0.1, 1].map((x) => expect.closeTo(x, 12)));
  });
});

describe('balancing', () => {
  const api = (balancing: string) => `${head('{ rps: 400/s }')}  api: { kind: service, serviceTime: 20ms, workers: 4, latencyP95: 70ms${balancing} }\n`;

  it('least-request meets a latency budget with fewer replicas than the random default, and says which it used', async () => {
    const random = component(await planText(api('')), 'api');
    const least = component(await planText(api(', balancing: least-request')), 'api');
    expect(random.binding).toBe('latency');
    expect(least.replicas).toBeLessThan(random.replicas);
    expect(random.model).toContain('balancing: random (the default): kube-proxy in iptables mode picks a backend at random');
    expect(least.queue!.balancing).toBe('least-request');
    expect(least.queue!.servers).toBe(4 * least.replicas);
  });

  it('is refused on kinds that have no balancer', async () => {
    expect((await problems(`${head()}  w: { kind: worker, serviceTime: 1s, balancing: random }\n`))[0]).toContain('unknown key "balancing"');
  });
});

describe('call objects', () => {
  const stack = (calls: string, more = '') =>
    `${head()}  api: { kind: service, serviceTime: 10ms, workers: 4, replicas: 2, calls: [${calls}] }\n` +
    `  tg: { kind: adapter, capacity: 100/s, replicas: 2, providerLatency: 50ms }\n` +
    `  rest: { kind: adapter, capacity: 100/s, replicas: 2 }\n${more}`;

  it('exclusive alternatives: visits follow the probabilities, and the path is their mixture', async () => {
    const plan = await planText(stack('{ oneOf: [{ to: tg, probability: 70% }, { to: rest, probability: 30% }] }'));
    expectNear(component(plan, 'tg').visits, 0.7, 1e-15);
    expectNear(component(plan, 'rest').visits, 0.3, 1e-15);
    expect(component(plan, 'tg').model[0]).toContain('from the calls that reach it');
    const sys = plan.phases[0]!.system;
    expect(sys.latencyModel.join('\n')).toContain('each visit of api calls one of tg (70%), rest (30%)');
    // The same visits called independently (both may happen, or neither): a longer p95.
    const both = await planText(stack('{ to: tg, probability: 70% }, { to: rest, probability: 30% }'));
    expect(both.phases[0]!.system.latencyP95).toBeGreaterThan(sys.latencyP95);
    expect(both.phases[0]!.system.latencyMean).toBeCloseTo(sys.latencyMean, 12);
  });

  it('refuses probabilities over 1 and unknown targets inside oneOf, at their positions', async () => {
    expect((await problems(stack('{ oneOf: [{ to: tg, probability: 70% }, { to: rest, probability: 40% }] }')))[0]).toContain("the alternatives' probabilities sum to 1.1, more than 1");
    expect(await problems(stack('{ oneOf: [{ to: tg, probability: 70% }, { to: rets, probability: 30% }] }'))).toEqual([
      'components.api.calls[0].oneOf[1].to: calls "rets", which is not a component of phase "now"',
    ]);
    expect((await problems(stack('{ to: tg, oneOf: [{ to: rest, probability: 30% }] }')))[0]).toContain('exactly one of "to"');
  });
});

describe('blocking calls (layered)', () => {
  const layered = (blocking: string) =>
    `${head('{ rps: 200/s }')}  api: { kind: service, serviceTime: 5ms, workers: 2, calls: [${blocking}] }\n` +
    `  db: { kind: database, capacity: 1000/s, readsPerRequest: 2, utilization: 90% }\n`;

  it('a worker is held for its own time plus the callee’s answers: more replicas, and the waiting share', async () => {
    const free = component(await planText(layered('db')), 'api');
    const plan = await planText(layered('{ to: db, blocking: true }'));
    const api = component(plan, 'api');
    const db = component(plan, 'db');
    // H = 5 ms + 2 calls × the database's answer as the api's N = replicas × 2 threads see it:
    // its 1 ms service plus its M/M/1 wait (1 ms × 0.4/0.6 at 400 reads/s) × (1 − 1/N), since
    // a thread never queues behind itself (Schweitzer's arrival-theorem scaling, plan/layers.ts).
    expectNear(db.latencyMean!, 0.001 / 0.6, 1e-12);
    const seen = 0.001 + (1 - 1 / (2 * api.replicas)) * (db.latencyMean! - 0.001);
    expectNear(api.detail.heldTime as number, 0.005 + 2 * seen, 1e-12);
    expectNear(api.capacityPerUnit, 2 / (api.detail.heldTime as number), 1e-9);
    // 200 req/s at 70 %: one free replica (400/s) suffices, a blocked one carries 240/s.
    expect([free.replicas, api.replicas]).toEqual([1, 2]);
    expectNear(api.detail.waitingShare as number, 1 - 0.005 / (api.detail.heldTime as number), 1e-12);
    expect(api.detail.workersNeeded).toBe(Math.ceil((2 * (api.detail.heldTime as number)) / 0.005));
    expect(api.model.join('\n')).toMatch(/of each worker's time is spent waiting downstream/);
    // The path still counts the database once: the api's own response is its wait plus 10 ms.
    expect(api.queue!.holding).not.toBeNull();
  });
});

describe('retries and timeouts', () => {
  it('retries multiply the load sent: expected attempts Σ q^k', async () => {
    const plan = await planText(
      `${head()}  api: { kind: service, serviceTime: 10ms, workers: 4, calls: [{ to: pay, retries: 2, failureRate: 10% }] }\n  pay: { kind: adapter, capacity: 100/s }\n`,
    );
    const pay = component(plan, 'pay');
    expectNear(pay.demand, 100 * (1 + 0.1 + 0.01), 1e-9);
    expectNear(pay.detail.retryAmplification as number, 1.11, 1e-12);
    expect(pay.model.join('\n')).toContain('1.11 expected attempts per call');
  });

  it('a timeout below the callee’s p95 is a retry-storm violation; the amplification uses the callee’s own latency', async () => {
    const plan = await planText(
      `${head()}  api: { kind: service, serviceTime: 10ms, workers: 4, calls: [{ to: slow, retries: 3, timeout: 30ms }] }\n  slow: { kind: service, serviceTime: 20ms, workers: 2 }\n`,
    );
    const api = component(plan, 'api');
    const slow = component(plan, 'slow');
    const call = api.callGraph[0]!;
    expect(call.callP95!).toBeGreaterThan(0.03);
    expect(call.timeoutProbability!).toBeGreaterThan(0.05);
    expectNear(call.expectedAttempts, [0, 1, 2, 3].reduce((s, k) => s + call.retryProbability ** k, 0), 1e-12);
    expectNear(slow.demand, 100 * call.expectedAttempts, 1e-9);
    const v = plan.phases[0]!.violations.find((x) => x.kind === 'timeout')!;
    expect(v.component).toBe('api');
    expect(v.path).toBe('components.api.calls[0]');
    expect(v.message).toContain('a retry storm risk');
  });
});

describe('the end-to-end percentile never falls back silently', () => {
  it('beyond 32 delay combinations it is an upper bound, and the plan says so', async () => {
    const adapters = Array.from({ length: 6 }, (_, i) => `  a${i}: { kind: adapter, capacity: 100/s, perRequest: 0.5, providerLatency: ${2 ** i}ms }\n`).join('');
    const plan = await planText(`${head()}  api: { kind: service, serviceTime: 5ms, workers: 4, calls: [${Array.from({ length: 6 }, (_, i) => `a${i}`).join(', ')}] }\n${adapters}`);
    expect(plan.phases[0]!.system.latencyMethod).toBe('bound');
    expect(plan.notes.join('\n')).toContain('is an upper bound, q(C) + D_max');
  });
});

describe('fitLaw is what the profile keys give', () => {
  it('serviceTimeCv 2 is the balanced H2 of cv² 4', async () => {
    const plan = await planText(`${head()}  api: { kind: service, serviceTime: 10ms, serviceTimeCv: 2, replicas: 3 }\n`);
    expect(component(plan, 'api').queue!.service).toEqual(fitLaw(0.01, 4).branches);
  });
});
