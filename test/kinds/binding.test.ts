/**
 * The binding label says what bound, and every rule that adds capacity is in --explain with its
 * formula: the floor of one unit, N+1 in one zone (redundancy), a standby, a Redis replica per
 * shard, Redis Cluster's three-primary minimum.
 */
import { describe, expect, it } from 'vitest';
import { explainLines } from '../../src/render/plan-text.js';
import { component, oneComponent, planText } from '../support/plan.js';

const explained = (plan: Awaited<ReturnType<typeof planText>>, name = 'c') => explainLines(component(plan, name), plan.phases[0]!).join('\n');

describe('binding labels', () => {
  it('a component every constraint sizes at one unit is at its floor, not bound by throughput', async () => {
    // 1 req/s on 100 req/s per replica: 1.4 % utilisation; throughput, the minimum and the floor all say 1.
    const plan = await planText(oneComponent('{ rps: 1/s }', '{ kind: service, capacity: 100/s }'));
    expect(component(plan, 'c').binding).toBe('floor');
    expect(explained(plan)).toMatch(/floor: n ≥ 1 \(at least 1 replica runs whatever the load\)\n {4}no other constraint asks for more: n = 1 {2}← binds/);
  });

  it('the minimum says when no replicas.min was given, rather than showing 1 as if written', async () => {
    const plan = await planText(oneComponent('{ rps: 1/s }', '{ kind: service, capacity: 100/s }'));
    expect(explained(plan)).toMatch(/minReplicas: n ≥ min\n {4}min = 1 \(default: none given\)\n/);
    const pinned = await planText(oneComponent('{ rps: 1/s }', '{ kind: service, capacity: 100/s, replicas: { min: 1 } }'));
    expect(explained(pinned)).toMatch(/minReplicas: n ≥ min\n {4}min = 1\n/);
  });

  it('load binds as soon as it asks for more than the floor', async () => {
    const plan = await planText(oneComponent('{ rps: 100/s }', '{ kind: service, capacity: 100/s }'));
    expect(component(plan, 'c').replicas).toBe(2);
    expect(component(plan, 'c').binding).toBe('throughput');
  });

  it('N+1 in one zone is redundancy, with its formula in --explain', async () => {
    const plan = await planText(oneComponent('{ rps: 1/s }', '{ kind: service, capacity: 100/s }', '{ availability: 99.9% }'));
    expect(component(plan, 'c').replicas).toBe(2);
    expect(component(plan, 'c').binding).toBe('redundancy');
    expect(explained(plan)).toMatch(/redundancy: N\+1: n ≥ max\(2, ⌈λ \/ \(μ × u\)⌉ \+ 1\)\n {4}one zone and availability ≥ 99\.9 %: n = max\(2, 1 \+ 1\) = 2 {2}← binds/);
  });

  it('a network link keeps a spare across zones, and --explain says so rather than "one zone" (links are not spread over zones)', async () => {
    const plan = await planText(oneComponent('{ rps: 100/s }', '{ kind: network, bytesPerRequest: 10KB, link: 10GbE }', '{ zones: 3 }'));
    expect(component(plan, 'c').replicas).toBe(2);
    expect(component(plan, 'c').binding).toBe('redundancy');
    expect(explained(plan)).toMatch(/redundancy: N\+1: n ≥ max\(2, ⌈λ \/ \(μ × u\)⌉ \+ 1\)\n {4}links are not spread over zones: with 3 zones one link may be lost: n = max\(2, 1 \+ 1\) = 2 {2}← binds/);
  });

  it('a database of one primary is at its floor; its standby is redundancy in one zone and zone loss across zones', async () => {
    const db = '{ kind: database, readsPerRequest: 1, capacity: 1000/s }';
    expect(component(await planText(oneComponent('{ rps: 1/s }', db)), 'c').binding).toBe('floor');
    const one = await planText(oneComponent('{ rps: 1/s }', db, '{ availability: 99.95% }'));
    expect(component(one, 'c').topology).toBe('1 primary + 1 replica');
    expect(component(one, 'c').binding).toBe('redundancy');
    expect(explained(one)).toMatch(/redundancy: N\+1: standby replicas ≥ 1 when availability ≥ 99\.9 % in one zone\n {4}availability 99\.95% ≥ 99\.9 % → 1 standby {2}← binds/);
    const three = await planText(oneComponent('{ rps: 1/s }', db, '{ zones: 3 }'));
    expect(component(three, 'c').binding).toBe('zoneLoss');
  });

  it('the Redis replica the availability target adds is in --explain, and binds a one-shard cache', async () => {
    const cache = '{ kind: cache, opsPerRequest: 4, capacity: 100000/s }';
    const plain = await planText(oneComponent('{ rps: 10/s }', cache));
    expect(component(plain, 'c').binding).toBe('floor');
    const ha = await planText(oneComponent('{ rps: 10/s }', cache, '{ availability: 99.9% }'));
    expect(component(ha, 'c').replicas).toBe(2);
    expect(component(ha, 'c').binding).toBe('redundancy');
    expect(explained(ha)).toMatch(/redundancy: nodes = shards × \(1 \+ replicas per shard\); .*\n {4}1 × \(1 \+ 1\) = 2 \(availability 99\.9%\) {2}← binds/);
    const zones = await planText(oneComponent('{ rps: 10/s }', cache, '{ zones: 3 }'));
    expect(component(zones, 'c').binding).toBe('zoneLoss');
  });

  it('Redis Cluster’s three-primary minimum is the floor once one shard is not enough', async () => {
    // 100,000 op/s on 100,000 op/s per shard at 70 %: ⌈1.43⌉ = 2 shards by throughput, three by the cluster rule.
    const plan = await planText(oneComponent('{ rps: 25000/s }', '{ kind: cache, opsPerRequest: 4, capacity: 100000/s }'));
    const c = component(plan, 'c');
    expect(c.detail.shards).toBe(3);
    expect(c.binding).toBe('floor');
    expect(explained(plan)).toMatch(/floor: Redis Cluster: shards ≥ 3 primaries once there is more than one\n {4}2 shards → 3 .* {2}← binds/);
  });

  it('a disk of one device at low load is at its floor', async () => {
    const plan = await planText(oneComponent('{ rps: 1/s }', '{ kind: disk, writeBytesPerRequest: 1KB, device: ssd }'));
    expect(component(plan, 'c').binding).toBe('floor');
  });
});

describe('every rule that adds capacity is explained', () => {
  it('a cache’s shards.min is a constraint with its formula, and binds when it raises the shards', async () => {
    const plan = await planText(oneComponent('{ rps: 10/s }', '{ kind: cache, opsPerRequest: 4, capacity: 100000/s, shards: { min: 4 } }'));
    const c = component(plan, 'c');
    expect(c.detail.shards).toBe(4);
    expect(c.binding).toBe('minReplicas');
    expect(explained(plan)).toMatch(/minReplicas: shards ≥ shards\.min\n {4}min = 4 {2}← binds/);
  });
});
