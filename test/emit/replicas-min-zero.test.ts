import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { emitK8s } from '../../src/emit/k8s.js';
import { solve } from '../../src/plan/solve.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { emitOptions } from '../emit/helpers.js';

const profile = (min: number) => `apiVersion: capplan/v1
name: t
workload: { rps: 100 }
components:
  api: { kind: service, serviceTime: 10ms, workers: 4, replicas: { min: ${min}, max: 10 } }
`;

describe('replicas.min: 0', () => {
  it('warns at the key that nothing scales to zero', async () => {
    const { warnings } = await loadProfileText(profile(0), 'p.yaml');
    expect(warnings.map((d) => renderDiagnostic(d))).toEqual([
      'p.yaml:5:73 components.api.replicas.min: warning: replicas.min 0 does not scale to zero: the plan keeps at least one replica, and emit k8s writes the autoscaler’s minReplicas as 1',
    ]);
    expect((await loadProfileText(profile(1), 'p.yaml')).warnings).toEqual([]);
  });
  it('says in the manifest header that the autoscaler’s floor was raised to 1', async () => {
    const { profile: p } = await loadProfileText(profile(0), 'p.yaml');
    const api = emitK8s(solve(p), emitOptions(p, 'now')).get('api.yaml')!;
    expect(api).toContain('autoscaled 1-10 (floor: replicas.min 0 raised to 1, as a HorizontalPodAutoscaler does not scale to zero; ceiling: replicas.max)');
    expect(api).toMatch(/minReplicas: 1\n/);
  });
});
