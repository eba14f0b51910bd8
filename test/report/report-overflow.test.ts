import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import { summariseManifests } from '../../src/report/manifests.js';

describe('the report’s manifest summary of a phase emit would refuse', () => {
  it('says why, as emit does, instead of an internal error', async () => {
    const { profile } = await loadProfileText(`apiVersion: capplan/v1
name: t
workload: { rps: 1e9 }
components:
  api: { kind: service, capacity: 100/s, calls: [db] }
  db: { kind: database, readsPerRequest: 1, writesPerRequest: 1000, capacity: 1000/s, retention: 3650d, bytesPerWrite: 1TB }
`, 'p.yaml');
    const [now] = summariseManifests(solve(profile));
    expect(now!.objects).toEqual({});
    expect(now!.error).toMatch(/^db retention: the volume of one node, .* bytes, is beyond what a manifest can carry \(Kubernetes quantities stay below 2\^63 ≈ 9\.2e18\)$/);
  });
});
