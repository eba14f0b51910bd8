/** More sizing rules against hand-computed cases (the arithmetic is in each comment). */
import { describe, expect, it } from 'vitest';
import { component, oneComponent, planText } from '../support/plan.js';

describe('agents', () => {
  it('vertical scaling grows GPUs per replica before replicas', async () => {
    // λ = 200 q/s, 50 q/s per GPU, u = 0.7: ⌈200 / (1 × 50 × 0.7)⌉ = ⌈5.71⌉ = 6 GPUs on one replica;
    // then replicas ⌈200 / (300 × 0.7)⌉ = ⌈0.95⌉ = 1.
    const plan = await planText(oneComponent('{ rps: 200/s }', '{ kind: agent, perGpu: 50/s, gpu: 1, scaling: vertical }'));
    const c = component(plan, 'c');
    expect(c.replicas).toBe(1);
    expect(c.detail.gpusPerReplica).toBe(6);
    expect(c.capacityPerUnit).toBe(300);
    expect(c.topology).toBe('1 replica × 6 GPUs (6 GPUs)');
  });
  it('GPU memory holds the weights split over the replica’s GPUs', async () => {
    // 30 GB of weights on 24 GB GPUs at 80 %: 30 ≤ g × 19.2 → g = 2.
    const plan = await planText(oneComponent('{ rps: 1/s }', '{ kind: agent, perGpu: 50/s, gpu: 1, gpuMemory: 24GB, modelMemory: 30GB }'));
    expect(component(plan, 'c').detail.gpusPerReplica).toBe(2);
  });
  it('tokens per second ÷ tokens per query is the query rate', async () => {
    // 2,500 tokens/s ÷ 250 tokens = 10 q/s per GPU; λ = 30: ⌈30 / 7⌉ = 5 replicas of 1 GPU.
    const plan = await planText(oneComponent('{ rps: 30/s }', '{ kind: agent, tokensPerSecond: 2500/s, tokensPerRequest: 250, gpu: 1 }'));
    expect(component(plan, 'c').capacityPerUnit).toBe(10);
    expect(component(plan, 'c').replicas).toBe(5);
  });
});

describe('network links', () => {
  it('links by bytes/s against the link at u, each link an M/M/1 of the transmission time', async () => {
    // 2,000 req/s × 50 kB = 100 MB/s over 1GbE (125 MB/s) at 70 %: ⌈1.14⌉ = 2 links.
    // Per link μ = 125e6 / 5e4 = 2,500 req/s with 1,000 arriving: p95 = ln 20 / 1,500 s.
    const plan = await planText(oneComponent('{ rps: 2000/s }', '{ kind: network, bytesPerRequest: 50kB, link: 1GbE, egress: 10% }'));
    const c = component(plan, 'c');
    expect(c.replicas).toBe(2);
    expect(c.binding).toBe('bandwidth');
    expect(c.demand).toBe(100e6);
    expect(c.latencyP95!).toBeCloseTo(Math.log(20) / 1500, 12);
    // Egress: mean rate (peak factor 1) × 50 kB × 10 % × 730 h.
    expect(c.egressBytesPerMonth!).toBeCloseTo(2000 * 5e4 * 0.1 * 730 * 3600, 0);
  });
});

describe('disks', () => {
  it('devices by throughput, IOPS and capacity growth over the retention', async () => {
    // 2,000 req/s × 1 MB = 2 GB/s on nvme (3,000 MB/s) at 70 %: ⌈0.95⌉ = 1; 4,000 IOPS: 1;
    // 30 days at the mean (= peak) of 2 GB/s = 5.184 PB on 1 TB devices filled to 80 %: 6,480.
    const plan = await planText(oneComponent('{ rps: 2000/s }', '{ kind: disk, writeBytesPerRequest: 1MB, iopsPerRequest: 2, device: nvme, retention: 30d }'));
    const c = component(plan, 'c');
    expect(c.replicas).toBe(6480);
    expect(c.binding).toBe('storage');
    expect(c.storageBytes).toBe(2e9 * 30 * 86_400);
  });
  it('each device is an M/M/c for I/Os with c = IOPS × latency', async () => {
    // hdd: 100 IOPS × 10 ms = 1 server of μ = 100/s; 50 IOPS at peak: p95 = ln 20 / 50 s.
    const plan = await planText(oneComponent('{ rps: 50/s }', '{ kind: disk, iopsPerRequest: 1, device: hdd }'));
    const c = component(plan, 'c');
    expect(c.detail.ioServers).toBe(1);
    expect(c.latencyP95!).toBeCloseTo(Math.log(20) / 50, 12);
  });
});

describe('database connections', () => {
  it('busy connections by Little’s law: L = λ R', async () => {
    // 100 writes/s on an M/M/1 primary with μ = 1,000/s: R = 1 / 900 s, L = 100 / 900.
    const plan = await planText(oneComponent('{ rps: 100/s }', '{ kind: database, capacity: 1000/s, writesPerRequest: 1 }'));
    expect(component(plan, 'c').detail.connectionsInUse as number).toBeCloseTo(100 / 900, 12);
  });
  it('pooled connections of the callers against max_connections', async () => {
    // 10 API replicas × 20 connections = 200 > 100: lower poolSize to ⌊100 / 10⌋ = 10.
    const plan = await planText(`apiVersion: capplan/v1
name: t
workload: { rps: 10/s }
components:
  api: { kind: service, capacity: 100/s, replicas: 10, calls: [db] }
  db: { kind: database, capacity: 1000/s, readsPerRequest: 1, poolSize: 20, maxConnections: 100 }
`);
    const v = plan.phases[0]!.violations.find((x) => x.kind === 'connections')!;
    expect(v.message).toBe('api 10 × 20 = 200 pooled connections exceed max_connections 100');
    expect(v.remedy).toContain('lower poolSize to 10');
    expect(component(plan, 'db').detail.pooledConnections).toBe(200);
  });
});

describe('workload', () => {
  it('sessions/day × requests/session with the busiest hour’s share', async () => {
    // 100,000 × 20 × 15 % / 3600 = 83.3 req/s at peak; mean 2,000,000 / 86,400 = 23.1.
    const plan = await planText(oneComponent('{ sessionsPerDay: 100000, requestsPerSession: 20, peakHourShare: 15% }', '{ kind: service, capacity: 100/s }'));
    expect(plan.phases[0]!.peakRps).toBeCloseTo((100_000 * 20 * 0.15) / 3600, 12);
    expect(plan.phases[0]!.meanRps).toBeCloseTo(2_000_000 / 86_400, 12);
  });
  it('a peak rate with the busiest hour’s share: mean = peak / (24 × share)', async () => {
    // 15 % of the day in its busiest hour: peak ÷ mean = 24 × 0.15 = 3.6, as with sessions/day.
    // The share was ignored beside rps and concurrentUsers: the mean was the peak (100 req/s).
    const byRps = await planText(oneComponent('{ rps: 100/s, peakHourShare: 15% }', '{ kind: service, capacity: 100/s }'));
    expect(byRps.phases[0]!.peakRps).toBe(100);
    expect(byRps.phases[0]!.meanRps).toBeCloseTo(100 / 3.6, 12);
    const byUsers = await planText(oneComponent('{ concurrentUsers: 1000, thinkTime: 10s, peakHourShare: 15% }', '{ kind: service, capacity: 100/s }'));
    expect(byUsers.phases[0]!.meanRps).toBeCloseTo(100 / 3.6, 12);
  });
  it('concurrent users by the interactive response-time law X = N / (R + Z)', async () => {
    const plan = await planText(oneComponent('{ concurrentUsers: 1000, thinkTime: 9s, responseTime: 1s }', '{ kind: service, capacity: 100/s }'));
    expect(plan.phases[0]!.peakRps).toBe(100);
  });
});
