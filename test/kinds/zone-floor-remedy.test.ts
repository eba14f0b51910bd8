import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import type { Violation } from '../../src/plan/types.js';

async function maxReplicas(capacity: string, zones: number): Promise<Violation | undefined> {
  const { profile } = await loadProfileText(`apiVersion: capplan/v1
name: t
workload: { rps: 10 }
targets: { zones: ${zones} }
components:
  api: { kind: service, capacity: ${capacity}, replicas: { max: 2 } }
`, 'p.yaml');
  return solve(profile).phases[0]!.violations.find((v) => v.kind === 'maxReplicas');
}

describe('replicas.max below the one-replica-a-zone floor', () => {
  it('says the count is a replica in each zone, and does not send the user to more capacity, which cannot lower it', async () => {
    const v = await maxReplicas('100/s', 3);
    expect(v?.message).toBe('needs 3 replicas (one in each of the 3 zones, so that losing a zone leaves some) but max is 2; at 2 the peak runs at 5% utilisation');
    expect(v?.remedy).toBe('raise replicas.max to 3, or plan fewer zones (targets.zones): more capacity per replica does not lower this count');
    // The remedy, applied: two zones fit the maximum of two.
    expect(await maxReplicas('100/s', 2)).toBeUndefined();
    // Ten times the capacity (the old remedy) leaves it as it was.
    expect((await maxReplicas('1000/s', 3))?.message).toMatch(/^needs 3 replicas/);
  });
  it('keeps the capacity remedy where the load asks for the count', async () => {
    const v = await maxReplicas('2/s', 3);
    expect(v?.remedy).toBe('raise replicas.max to 12, or give each replica more capacity (more workers or a shorter service time)');
  });
  it('says the same of N+1’s second replica in one zone at 99.9 %', async () => {
    const { profile } = await loadProfileText('apiVersion: capplan/v1\nname: t\nworkload: { rps: 10 }\ntargets: { availability: 99.9% }\ncomponents:\n  api: { kind: service, capacity: 100/s, replicas: { max: 1 } }\n', 'p.yaml');
    const v = solve(profile).phases[0]!.violations.find((x) => x.kind === 'maxReplicas');
    expect(v?.remedy).toBe('raise replicas.max to 2, or lower targets.availability below 99.9 %: more capacity per replica does not lower this count');
  });
});
