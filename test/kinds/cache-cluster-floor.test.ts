/** A cache capped under Redis Cluster's three-primary floor: the violation names the floor and a remedy that fits it (stranger C, finding 6). */
import { describe, expect, it } from 'vitest';
import { component, planText } from '../support/plan.js';

// 100,000 sessions/day × 10 requests × peakFactor 2 / 86,400 = 23.1 req/s, 1 op each: 23.1 ops/s.
const profile = (cache: string) => `apiVersion: capplan/v1
name: ce
workload: { sessionsPerDay: 100000, requestsPerSession: 10, peakFactor: 2 }
targets: { zones: 3 }
components:
  c: ${cache}
`;

describe('cache shards over shards.max', () => {
  it('the cluster floor binds: ops ask 1 shard, memory 2, the cluster 3; remedy 3 shards or one bigger node, no ttl', async () => {
    // ops: ⌈23.1 / (100,000 × 0.7)⌉ = 1; memory: ⌈1 GiB / (1 GiB × 0.8)⌉ = 2; 2 > 1 → Redis Cluster's 3.
    const plan = await planText(profile('{ kind: cache, capacity: 100000/s, dataset: 1GiB, nodeMemory: 1GiB, shards: { max: 2 } }'));
    const [v] = component(plan, 'c').violations;
    expect(v!.message).toBe('the load needs 2 shards (1 for 23.1 ops/s, 2 for 1 GiB), and a Redis Cluster of more than one shard needs at least 3 primaries, but at most 2 allowed');
    expect(v!.remedy).toContain('raise shards.max to 3');
    // One shard holds it at 1 GiB / 0.8 = 1.25 GiB of node memory.
    expect(v!.remedy).toContain('nodes with ≥ 1.25 GiB memory');
    expect(v!.remedy).toContain('cluster: false');
    expect(v!.remedy).not.toContain('ttl');
    expect(v!.path).toBe('components.c.shards');
  });
  it('ops bind the floor: 20/s nodes need ⌈23.1 / 14⌉ = 2 for ops, so one node is no remedy', async () => {
    const plan = await planText(profile('{ kind: cache, capacity: 20/s, dataset: 1GiB, nodeMemory: 1GiB, shards: { max: 2 } }'));
    const [v] = component(plan, 'c').violations;
    expect(v!.message).toContain('the load needs 2 shards (2 for 23.1 ops/s, 2 for 1 GiB)');
    expect(v!.remedy).toBe('raise shards.max to 3');
  });
  it('memory binds past shards.max: a dataset’s remedy names no ttl', async () => {
    // ⌈4 GiB / (1 GiB × 0.8)⌉ = 5 > 2
    const plan = await planText(profile('{ kind: cache, capacity: 100000/s, dataset: 4GiB, nodeMemory: 1GiB, shards: { max: 2 } }'));
    const [v] = component(plan, 'c').violations;
    expect(v!.kind).toBe('memory');
    expect(v!.remedy).toBe('raise shards.max to 5, use nodes with ≥ 5 GiB memory, or hold a smaller dataset');
  });
  it('memory binds with session state: shortening the ttl is a remedy', async () => {
    // 23.1 req/s ÷ 10 = 2.31 sessions/s × 30 min = 4,167 × 1 MB = 4.17 GB; ⌈3.88 GiB / 0.8 GiB⌉ = 5 > 2
    const plan = await planText(profile('{ kind: cache, capacity: 100000/s, statePerSession: 1MB, ttl: 30min, nodeMemory: 1GiB, shards: { max: 2 } }'));
    const [v] = component(plan, 'c').violations;
    expect(v!.kind).toBe('memory');
    expect(v!.remedy).toMatch(/, or shorten the ttl$/);
  });
});
