/**
 * What the plan says about a profile's own settings (plan/findings.ts), a queued adapter's rate
 * limit, Redis Sentinel in the cache kind, and the on-prem bill against the design's nodes: each
 * figure worked out by hand from the profile.
 */
import { describe, expect, it } from 'vitest';
import { pricePlan, serversNote } from '../../src/pricing/bill.js';
import { shippedCatalog } from '../../src/pricing/catalog.js';
import { refusedShare } from '../../src/model/token-bucket.js';
import { component, planText } from '../support/plan.js';
import { problems } from '../support/problems.js';

const profile = (components: string, extra = '') => `apiVersion: capplan/v1
name: f
workload: { rps: 100/s, peakFactor: 4 }
${extra}components:
${components}`;

describe('findings', () => {
  it('names a minimum that keeps replicas idle, with the cores they request', async () => {
    // λ = 100/s, μ = 100/s: ⌈100 / 70⌉ = 2 needed; min 6 runs at 100 / 600 = 16.7 % < 35 %.
    const plan = await planText(profile('  api: { kind: service, capacity: 100/s, replicas: { min: 6 }, resources: { cpu: 2, memory: 1Gi } }\n'));
    expect(plan.phases[0]!.findings).toEqual([
      'api: its 6 replicas are the configured minimum (replicas.min); the load needs 2, so they run at 17% at peak; 6 × 2 cores requested, about 2 busy',
    ]);
  });

  it('stays quiet when the minimum is close to the need', async () => {
    const plan = await planText(profile('  api: { kind: service, capacity: 100/s, replicas: { min: 3 } }\n'));
    expect(plan.phases[0]!.findings).toEqual([]);
  });

  it('says when sharding is allowed but one primary commits the writes', async () => {
    // 100 × 0.5 = 50 writes/s on a primary committing 1,000/s: 5 %.
    const plan = await planText(profile('  db: { kind: database, capacity: 1000/s, readsPerRequest: 0, writesPerRequest: 0.5, shards: { max: 4 } }\n'));
    expect(plan.phases[0]!.findings).toEqual(['db: sharding is allowed (shards.max 4) but one primary commits the 50 writes/s at 5%: sharding is not needed in this phase']);
  });

  it('says when an autoscaler’s per-pod target is beyond what a replica serves', async () => {
    // μ = 1 / 20 ms = 50/s; sized at 70 %: 35/s; target 100/s ≥ 50/s.
    const plan = await planText(profile('  fsm: { kind: service, serviceTime: 20ms, replicas: { min: 3, max: 20 }, deploy: { rpsMetric: { name: rps, target: 100/s } } }\n'));
    expect(plan.phases[0]!.findings).toContain(
      'fsm: the autoscaler\'s rps target of 100/s per pod is above the 35/s a replica carries at 70% (50/s at 100 %): pods saturate before it scales out',
    );
    // A target between μu and μ: it scales out at target / μ = 45 / 50 = 90 % utilisation.
    const late = await planText(profile('  fsm: { kind: service, serviceTime: 20ms, replicas: { min: 3, max: 20 }, deploy: { rpsMetric: { name: rps, target: 45 } } }\n'));
    expect(late.phases[0]!.findings.join('\n')).toMatch(/it scales out only at 90% utilisation/);
  });

  it('says when an autoscaler’s per-pod target is far below what a replica serves at the planned peak', async () => {
    // λ = 100/s over ⌈100 / 35⌉ = 3 replicas: 33.3/s each. Target 10/s: the HPA wants ⌈100 / 10⌉ = 10 ≤ max 20.
    // 33.4/s (λ / n rounded up) keeps 3: ⌈100 / 33.4⌉ = 3.
    const spec = (target: string, max = 20) => profile(`  fsm: { kind: service, serviceTime: 20ms, replicas: { max: ${max} }, deploy: { rpsMetric: { name: rps, target: ${target} } } }\n`);
    const plan = await planText(spec('10/s'));
    expect(component(plan, 'fsm').replicas).toBe(3);
    expect(plan.phases[0]!.findings).toEqual([
      "fsm: the autoscaler's rps target of 10/s per pod is below the 33.3/s each of its 3 replicas serves at the planned peak: it scales to ⌈100 ÷ 10⌉ = 10 replicas against the plan's 3; a target of 33.4/s per pod keeps the plan's count",
    ]);
    // Target 4/s: it wants ⌈100 / 4⌉ = 25, held at replicas.max 20.
    const capped = await planText(spec('4/s'));
    expect(capped.phases[0]!.findings).toEqual([
      "fsm: the autoscaler's rps target of 4/s per pod is below the 33.3/s each of its 3 replicas serves at the planned peak: it scales to its replicas.max of 20 (it wants ⌈100 ÷ 4⌉ = 25) against the plan's 3; a target of 33.4/s per pod keeps the plan's count",
    ]);
    // Target 20/s: ⌈100 / 20⌉ = 5, two above the plan's 3, reported; 25/s: ⌈100 / 25⌉ = 4, one above (rounding), quiet.
    expect((await planText(spec('20/s'))).phases[0]!.findings.join('\n')).toMatch(/it scales to ⌈100 ÷ 20⌉ = 5 replicas against the plan's 3/);
    expect((await planText(spec('25/s'))).phases[0]!.findings).toEqual([]);
    // With replicas.max 4 it can run at most one more: quiet.
    expect((await planText(spec('4/s', 4))).phases[0]!.findings).toEqual([]);
    // No replicas.max: the emitted maxReplicas (the roadmap's peak) may cap it.
    const open = await planText(profile('  fsm: { kind: service, serviceTime: 20ms, deploy: { rpsMetric: { name: rps, target: 10/s } } }\n'));
    expect(open.phases[0]!.findings.join('\n')).toMatch(/it scales to ⌈100 ÷ 10⌉ = 10 replicas \(or its maxReplicas, if lower\) against the plan's 3/);
  });

  it('says when a written disruption budget lets a drain take more than the plan’s spare', async () => {
    // 1,000 req/s at 100/s per replica and 70 %: 15 replicas (+1 for N+1 at 99.9 %); minAvailable 2 lets 14 go.
    const plan = await planText(
      profile('  api: { kind: service, capacity: 100/s, deploy: { minAvailable: 2 } }\n', 'targets: { availability: 99.9% }\n').replace('rps: 100/s', 'rps: 1000/s'),
    );
    const api = component(plan, 'api');
    expect(api.replicas).toBe(16);
    expect(plan.phases[0]!.findings).toEqual([`api: its disruption budget (minAvailable 2) lets a drain take 14 of 16 replicas at peak; the plan's spare is 1, so the rest run above their target utilisation meanwhile`]);
  });

  it('says when a written disruption budget blocks every drain (a count at or above the replicas, or 100 %)', async () => {
    // 100 req/s at 100/s per replica and 70 %: 2 replicas (+1 for N+1 at 99.9 %) = 3.
    const over = await planText(profile('  api: { kind: service, capacity: 100/s, deploy: { minAvailable: 5 } }\n', 'targets: { availability: 99.9% }\n'));
    expect(component(over, 'api').replicas).toBe(3);
    expect(over.phases[0]!.findings).toEqual(['api: its disruption budget (minAvailable 5) keeps 5 pods, more than its 3 replicas at peak (and fewer when scaled in): no pod may be evicted, so node drains and upgrades wait on it indefinitely']);
    const all = await planText(profile('  api: { kind: service, capacity: 100/s, deploy: { minAvailable: 100% } }\n', 'targets: { availability: 99.9% }\n'));
    expect(all.phases[0]!.findings).toEqual(['api: its disruption budget (minAvailable 100%) keeps all 3 replicas at peak (and fewer when scaled in): no pod may be evicted, so node drains and upgrades wait on it indefinitely']);
    // 67 % of 3 is 2.01, which Kubernetes rounds up to all 3; 66 % (1.98) keeps 2: one may go, within the spare of 1.
    const rounded = await planText(profile('  api: { kind: service, capacity: 100/s, deploy: { minAvailable: 67% } }\n', 'targets: { availability: 99.9% }\n'));
    expect(rounded.phases[0]!.findings.join('\n')).toContain('(minAvailable 67%) keeps all 3 replicas');
    const fine = await planText(profile('  api: { kind: service, capacity: 100/s, deploy: { minAvailable: 66% } }\n', 'targets: { availability: 99.9% }\n'));
    expect(fine.phases[0]!.findings).toEqual([]);
  });

  it('says when a stated alert fires at the planned peak', async () => {
    const text = `${profile('  api: { kind: service, serviceTime: 100ms, latencyP95: 1s }\n')}alerts:\n  - { name: Slow, metric: latency, statistic: p95, above: 200ms, for: 5min }\n  - { name: Hot, metric: cpu, above: 50%, for: 10min }\n`;
    const plan = await planText(text);
    const [slow, hot] = plan.phases[0]!.findings;
    expect(slow).toMatch(/^alert Slow \(p95 response time > 200 ms for 5 min\) fires at the planned peak: the end-to-end p95 is /);
    expect(hot).toMatch(/^alert Hot \(CPU > 50%\) fires at the planned peak on api \(\d+(\.\d+)?%\)$/);
    expect(plan.alerts.map((a) => [a.name, a.metric, a.direction, a.threshold, a.forS])).toEqual([
      ['Slow', 'latency', 'above', 0.2, 300],
      ['Hot', 'cpu', 'above', 0.5, 600],
    ]);
  });
});

describe('a queued adapter under a provider’s rate limit', () => {
  const adapter = (extra: string) => profile(`  notify: { kind: adapter, capacity: 100/s, rateLimit: 30/s, perRequest: 0.5${extra} }\n`);

  it('drains the peak’s excess off-peak when its mean fits: a backlog, not a violation', async () => {
    // Peak 100 × 0.5 = 50/s, mean 12.5/s ≤ 30/s; backlog (50 − 30) × 3600 = 72,000 per peak hour.
    const plan = await planText(adapter(', async: true'));
    const n = component(plan, 'notify');
    expect(n.violations).toEqual([]);
    expect(n.detail).toMatchObject({ queued: true, backlogPerPeakHour: 72000, rateLimitUse: 12.5 / 30 });
    // One replica (⌈50 / 70⌉) carries 70 / 0.5 = 140 user req/s before the limit's 30 × 4 / 0.5 = 240.
    expect([n.maxRps, n.maxRpsBy]).toEqual([140, 'capacity']);
    const big = component(await planText(adapter(', async: true').replace('capacity: 100/s', 'capacity: 1000/s')), 'notify');
    expect(big.maxRps).toBeCloseTo(240, 9);
    expect(big.maxRpsBy).toBe('rateLimit');
    // Sent at 30/s, the 72,000 calls ahead of a call queued as the hour ends take 72,000 / 30 = 2,400 s.
    expect(plan.phases[0]!.findings).toEqual([
      'notify: its peak of 50/s is above the provider\'s 30/s, so its queue backs up 72,000 calls per peak hour, drained while the rate is below 30/s (the mean is 12.5/s); a call queued as that hour ends waits 40 min to be sent, which its p95 (the call once sent) leaves out',
    ]);
  });

  it('is a violation when even the mean exceeds the limit, and synchronously at the peak', async () => {
    const sync = await planText(adapter(''));
    expect(component(sync, 'notify').violations.map((v) => v.kind)).toEqual(['rateLimit']);
    const flood = await planText(adapter(', async: true').replace('perRequest: 0.5', 'perRequest: 2'));
    expect(component(flood, 'notify').violations[0]!.message).toBe("mean demand 50 req/s exceeds the provider's rate limit of 30 req/s: the queue grows without bound");
  });
});

describe('an adapter just under a provider’s rate limit', () => {
  const adapter = (perRequest: string) => profile(`  llm: { kind: adapter, capacity: 1000/s, rateLimit: 50/s, perRequest: ${perRequest} }\n`);

  it('says what share of its calls bursts get refused, and below which peak that falls under 0.01 %', async () => {
    // Peak 100 × 0.48 = 48/s on a 50/s limit (96 %): the refused share is model/token-bucket.ts's, checked there by simulation.
    const plan = await planText(adapter('0.48'));
    const llm = component(plan, 'llm');
    expect(llm.violations).toEqual([]);
    expect(llm.detail.refusedShare).toBeCloseTo(refusedShare(48, 50)!, 15);
    expect(plan.phases[0]!.findings).toEqual([
      "llm: its peak of 48/s is 96% of the provider's 50/s, and Poisson bursts empty the limit's token bucket (one second of calls): about 0.075% of its calls are refused at peak (M/D/1 bounded-workload model); under 46.8/s fewer than 0.01% are, or queue the calls (async: true)",
    ]);
  });

  it('leaves a missed availability target to its violation, retried calls or not, and keeps to the calls when the target holds', async () => {
    // 0.48 calls a request, each refused with p = refusedShare(48, 50): up to 0.48·p ≈ 0.036 % of requests, over 99.99 %'s 0.01 %.
    const target = profile('  llm: { kind: adapter, capacity: 1000/s, rateLimit: 50/s, perRequest: 0.48 }\n', 'targets: { availability: 99.99% }\n');
    const failed = 0.48 * refusedShare(48, 50)!;
    expect(failed).toBeGreaterThan(1e-4);
    const missed = (await planText(target)).phases[0]!;
    expect(missed.findings).toEqual([]);
    expect(missed.violations.map((v) => v.kind)).toEqual(['availability']);
    expect(missed.violations[0]!.message).toContain(`they fail up to ${(failed * 100).toPrecision(2)}% of requests, more than the 0.01% the 99.99% availability target allows`);
    // At 99.9 % the budget (0.1 %) holds them: the finding keeps to the calls.
    const within = (await planText(target.replace('99.99%', '99.9%'))).phases[0]!;
    expect(within.violations).toEqual([]);
    expect(within.findings[0]).toMatch(/of its calls are refused at peak/);
    expect(within.findings[0]).not.toContain('availability target');
    // A caller that retries them does not waive it: the plan retries failures and timeouts, not
    // refusals, and a retry within the burst meets the empty bucket (simulate agrees; an earlier
    // build let the retries silence the violation).
    const retried = profile(
      '  api: { kind: service, capacity: 1000/s, calls: [{ to: llm, probability: 48%, retries: 2 }] }\n  llm: { kind: adapter, capacity: 1000/s, rateLimit: 50/s }\n',
      'targets: { availability: 99.99% }\n',
    );
    const noted = (await planText(retried)).phases[0]!;
    expect(noted.violations.map((v) => [v.component, v.kind])).toEqual([['llm', 'availability']]);
  });

  it('says nothing where bursts are refused less than once in 10,000 calls', async () => {
    // 35/s on 50/s: a 50-call bucket is almost never empty.
    const plan = await planText(adapter('0.35'));
    expect(component(plan, 'llm').detail.refusedShare).toBeLessThan(1e-6);
    expect(plan.phases[0]!.findings).toEqual([]);
  });
});

describe('Redis Sentinel', () => {
  const cache = (extra: string) => profile(`  redis: { kind: cache, capacity: 100000/s, opsPerRequest: 1, cluster: false${extra} }\n`);

  it('adds the sentinels to the topology with a majority quorum, and a replica to promote', async () => {
    const plan = await planText(cache(', sentinels: 3'));
    const r = component(plan, 'redis');
    expect(r.topology).toBe('1 primary + 1 replica + 3 sentinels');
    expect(r.replicas).toBe(2);
    expect(r.detail).toMatchObject({ sentinels: 3, sentinelQuorum: 2 });
    const five = component(await planText(cache(', sentinels: 5, replicasPerShard: 2')), 'redis');
    expect([five.topology, five.detail.sentinelQuorum]).toEqual(['1 primary + 2 replicas + 5 sentinels', 3]);
  });

  it('refuses too few sentinels, Sentinel on a cluster, and no replica to promote', async () => {
    expect(await problems(cache(', sentinels: 2'))).toEqual([expect.stringMatching(/sentinels: Sentinel needs at least 3 processes/)]);
    expect(await problems(cache(', sentinels: 3').replace('cluster: false', 'cluster: true'))).toEqual([expect.stringMatching(/sentinels: Sentinel watches one primary: set cluster: false/)]);
    expect(await problems(cache(', sentinels: 3, replicasPerShard: 0'))).toEqual([expect.stringMatching(/replicasPerShard: Sentinel needs a replica to promote/)]);
  });

  it('prices the sentinel pods with the cache', async () => {
    const opts = { target: 'onprem' as const, provider: 'aws' as const, region: 'us-east-1', catalog: shippedCatalog() };
    const withSentinels = pricePlan(await planText(cache(', sentinels: 3, resources: { cpu: 1, memory: 4Gi }')), opts).phases[0]!.bill!;
    // 2 nodes × 1 core + 3 sentinels × 0.1 core = 2.3 cores.
    expect(String(withSentinels.warnings)).toContain('servers sized for 2.3 cores');
  });
});

describe('the on-prem bill against the design’s nodes', () => {
  const server = shippedCatalog().onprem.parts.find((p) => p.kind === 'server')!;

  it('says how far the design’s nodes are overcommitted by the requests', () => {
    // 21 cores on 3 × 4 cores: 21 / 12 = 1.75.
    expect(serversNote(6, 3, 21, 36 * 2 ** 30, server)).toBe("21 requested cores and 36 GiB need 6 × 4 cores / 16 GiB; the design's 3 (targets.nodes) would run them 1.75× overcommitted on 12 cores");
    expect(serversNote(2, 3, 7, 12 * 2 ** 30, server)).toBe("7 requested cores and 12 GiB need 2 × 4 cores / 16 GiB; the design's 3 (targets.nodes) hold them");
    expect(serversNote(2, null, 7, 12 * 2 ** 30, server)).toBe('7 requested cores and 12 GiB need 2 × 4 cores / 16 GiB');
  });

  it('buys at least the design’s nodes', async () => {
    const opts = { target: 'onprem' as const, provider: 'aws' as const, region: 'us-east-1', catalog: shippedCatalog() };
    const plan = pricePlan(await planText(profile('  api: { kind: service, capacity: 100/s, resources: { cpu: 1, memory: 1Gi } }\n', 'targets: { nodes: 3 }\n')), opts);
    const line = plan.phases[0]!.bill!.lines.find((l) => l.item === 'onprem.server')!;
    expect(line.quantity).toBe(3);
    expect(line.note).toMatch(/^2 pods requesting 2 cores and 2 GiB need 1 × 4 cores \/ 16 GiB; the design's 3 \(targets\.nodes\) hold them/);
  });
});
