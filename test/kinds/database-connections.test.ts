/**
 * A database's busy connections, node by node, by Little's law: L = λ_node × R_node, with R the
 * node's M/M/c mean response time, R = C(c, a) / (cμ − λ) + 1/μ (Erlang C; a = λ/μ). The figures
 * here are computed from those formulas, not read from the planner's output (the stranger's
 * report, bug 1: the plan had printed the primary's rate times a replica's R).
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { component, planText } from '../support/plan.js';

/** Erlang C, P(wait) in an M/M/c with offered load a = λ/μ, by Erlang B's recursion B(k) = aB(k−1) / (k + aB(k−1)). */
function erlangC(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/** L = λR at an M/M/c node of c servers of rate μ each carrying λ. */
function busy(lambda: number, c: number, mu: number): number {
  const w = erlangC(c, lambda / mu) / (c * mu - lambda);
  return lambda * (w + 1 / mu);
}

const profile = (workload: string, pg: string, extra = '', targets = '') =>
  `apiVersion: capplan/v1\nname: t\nworkload: ${workload}\n${targets ? `targets: ${targets}\n` : ''}components:\n  api: { kind: service, capacity: 100000/s, calls: [pg]${extra} }\n  pg: ${pg}\n`;

const connectionsOf = (c: { constraints: { binding: string; substituted: string }[] }) => c.constraints.find((k) => k.binding === 'connections')!;

describe('busy connections per database node (Little’s law)', () => {
  it('a read replica binds, and past max_connections it is a violation', async () => {
    // 1,000 req/s × 5 reads = 5,000 reads/s; a node is 256 workers of 100 ms (2,560/s); at 90 %,
    // ⌈5,000 / 2,304⌉ = 3 replicas of 5,000/3 reads/s each. The primary has 1,000 × 0.05 = 50 writes/s.
    const plan = await planText(profile('{ rps: 1000 }', '{ kind: database, readsPerRequest: 5, writesPerRequest: 0.05, serviceTime: 100ms, workers: 256, utilization: 90% }'));
    const pg = component(plan, 'pg');
    expect(pg.detail.readReplicasPerShard).toBe(3);
    const replica = busy(5000 / 3, 256, 10);
    const primary = busy(50, 256, 10);
    expect(replica).toBeGreaterThan(166.6);
    expect(pg.detail.connectionsInUse as number).toBeCloseTo(replica, 9);
    expect(pg.detail.connectionsNode).toBe('replica');
    expect(pg.detail.connectionsInUseReplica as number).toBeCloseTo(replica, 9);
    expect(pg.detail.connectionsInUsePrimary as number).toBeCloseTo(primary, 9);
    // The printed product is the binding node's own: 1,667/s × 100 ms = 167 (not the primary's 50/s).
    expect(connectionsOf(pg).substituted).toBe('a read replica 1,667/s × 100 ms = 167 > 100 (binds; primary 50/s × 100 ms = 5)');
    const v = plan.phases[0]!.violations.filter((x) => x.kind === 'connections');
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toBe('167 connections busy at peak on each read replica (λ × R, Little’s law) exceed max_connections 100');
    expect(v[0]!.path).toBe('components.pg.maxConnections');
    // ⌈5,000 × R / 100⌉ read replicas hold each within 100 (R > 100 ms: 6).
    expect(v[0]!.remedy).toContain('replicas.min: 6');
  });

  it('max_connections 1: a replica at ρ = 2/3 holds ρ/(1 − ρ) = 2 connections, a violation', async () => {
    // 2,000 reads/s at 95 % of 1,000/s: ⌈2.1⌉ = 3 replicas of 666.7/s, M/M/1: L = ρ/(1 − ρ) = 2.
    const plan = await planText(profile('{ rps: 1000 }', '{ kind: database, readsPerRequest: 2, writesPerRequest: 0.1, capacity: 1000/s, utilization: 95%, maxConnections: 1 }'));
    const pg = component(plan, 'pg');
    const rho = 2000 / 3 / 1000;
    expect(pg.detail.connectionsInUse as number).toBeCloseTo(rho / (1 - rho), 9);
    expect(pg.detail.connectionsInUsePrimary as number).toBeCloseTo(0.1 / 0.9, 9);
    expect(plan.phases[0]!.violations.map((x) => x.kind)).toContain('connections');
  });

  it('three zones: each of 5 replicas at 400/s holds 0.4/0.6, the primary 0.1/0.9; no violation', async () => {
    // Zone loss z = 3: the least n with (n − ⌈n/3⌉) × 1,000 × 0.7 ≥ 2,000 is 5; 2,000/5 = 400/s each.
    const plan = await planText(profile('{ rps: 1000 }', '{ kind: database, readsPerRequest: 2, writesPerRequest: 0.1, capacity: 1000/s }', '', '{ zones: 3 }'));
    const pg = component(plan, 'pg');
    expect(pg.detail.readReplicasPerShard).toBe(5);
    expect(pg.detail.connectionsInUse as number).toBeCloseTo(0.4 / 0.6, 9);
    expect(pg.detail.connectionsNode).toBe('replica');
    expect(pg.detail.connectionsInUsePrimary as number).toBeCloseTo(0.1 / 0.9, 9);
    expect(connectionsOf(pg).substituted).toBe('a read replica 400/s × 1.67 ms = 0.667 ≤ 100 (binds; primary 100/s × 1.11 ms = 0.111)');
    expect(plan.phases[0]!.violations.filter((x) => x.kind === 'connections')).toEqual([]);
  });

  it('the primary binds when its writes keep it busier than the standby that serves the reads', async () => {
    // 100 req/s: 500 writes/s and 100 reads/s on nodes of 1,000/s (M/M/1). The primary would fit
    // both (60 % ≤ 70 %), but two zones give it a standby, and replicas serve every read:
    // primary L = 0.5/0.5 = 1, standby L = 0.1/0.9.
    const plan = await planText(profile('{ rps: 100 }', '{ kind: database, readsPerRequest: 1, writesPerRequest: 5, capacity: 1000/s }', '', '{ zones: 2 }'));
    const pg = component(plan, 'pg');
    expect(pg.detail.readReplicasPerShard).toBe(1);
    expect(pg.detail.connectionsNode).toBe('primary');
    expect(pg.detail.connectionsInUse as number).toBeCloseTo(1, 9);
    expect(pg.detail.connectionsInUseReplica as number).toBeCloseTo(0.1 / 0.9, 9);
    expect(connectionsOf(pg).substituted).toBe('primary 500/s × 2 ms = 1 ≤ 100 (binds; a read replica 100/s × 1.11 ms = 0.111)');
  });

  it('without read replicas the primary is the only node, with its reads and writes', async () => {
    // 100 writes + 100 reads a second on an M/M/1 of 1,000/s: L = 0.2/0.8 = 0.25.
    const plan = await planText(profile('{ rps: 100 }', '{ kind: database, readsPerRequest: 1, writesPerRequest: 1, capacity: 1000/s }'));
    const pg = component(plan, 'pg');
    expect(pg.detail.connectionsInUse as number).toBeCloseTo(0.25, 9);
    expect(pg.detail.connectionsInUseReplica).toBeNull();
    expect(connectionsOf(pg).substituted).toBe('primary 200/s × 1.25 ms = 0.25 ≤ 100');
  });

  it('callers’ pools must hold the busiest node’s busy connections', async () => {
    // One api replica with a pool of 10 connections per node; a replica has L ≈ 166.7 busy (as in
    // the first case): queries wait for a pooled connection. ⌈166.7 / 1⌉ = 167 ≤ 1,000.
    const plan = await planText(profile('{ rps: 1000 }', '{ kind: database, readsPerRequest: 5, writesPerRequest: 0.05, serviceTime: 100ms, workers: 256, utilization: 90%, maxConnections: 1000, poolSize: 10 }'));
    const v = plan.phases[0]!.violations.filter((x) => x.kind === 'connections');
    expect(v).toHaveLength(1);
    expect(v[0]!.message).toBe('api 1 × 10 = 10 pooled connections are fewer than the 167 busy at peak on each read replica (λ × R, Little’s law): queries wait for a free connection, which the plan’s latency leaves out');
    expect(v[0]!.remedy).toBe(`raise poolSize to ${Math.ceil(busy(5000 / 3, 256, 10))} (1 × 167 = 167 ≤ max_connections 1000)`);
    expect(v[0]!.path).toBe('components.pg.poolSize');
  });
});
