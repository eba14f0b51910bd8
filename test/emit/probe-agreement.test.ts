/** The Compose health check of a serving component runs at the Kubernetes readiness probe's period. */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import { allPhases, composeOf, emitOptions, k8sOf, yamlDocuments, type K8sDoc } from './helpers.js';

/** Each serving component's [k8s readiness period, compose interval], in seconds. */
function periods(k8s: Map<string, string>, compose: Map<string, string>): Record<string, [number, number]> {
  const services = (yamlDocuments(compose.get('compose.yaml')!)[0] as { services: Record<string, { healthcheck?: { interval: string } }> }).services;
  const out: Record<string, [number, number]> = {};
  for (const text of k8s.values()) {
    for (const o of yamlDocuments(text) as K8sDoc[]) {
      if (o.kind !== 'Deployment') continue;
      const probe = o.spec!.template.spec.containers[0].readinessProbe as { periodSeconds: number } | undefined;
      const check = services[o.metadata.name]?.healthcheck;
      if (!probe || !check) continue;
      out[o.metadata.name] = [probe.periodSeconds, Number(check.interval.replace(/s$/, ''))];
    }
  }
  return out;
}

describe('Compose health checks and Kubernetes readiness probes agree', () => {
  const text = (deploy: string) => `apiVersion: capplan/v1
name: probes
workload: { rps: 100/s }
components:
  api: { kind: service, serviceTime: 10ms, workers: 4, deploy: ${deploy} }
`;
  for (const [deploy, want] of [
    ['{}', 5],
    ['{ liveness: { path: /live, period: 20s } }', 5],
    ['{ readiness: { path: /ready, period: 7s } }', 7],
    ['{ liveness: { path: /l, period: 30s }, readiness: { path: /r, period: 3s } }', 3],
  ] as const) {
    it(`deploy: ${deploy} → every ${want} s`, async () => {
      const { profile } = await loadProfileText(text(deploy), 'p.yaml');
      const plan = solve(profile);
      expect(periods(k8sOf(profile, plan, 'now'), composeOf(profile, plan, 'now'))).toEqual({ api: [want, want] });
    });
  }

  it('in every phase of every bundled profile', async () => {
    for (const { profile, plan, phase } of await allPhases()) {
      for (const [name, [k8s, compose]] of Object.entries(periods(k8sOf(profile, plan, phase), composeOf(profile, plan, phase)))) {
        expect(compose, `${profile.name} ${phase} ${name}`).toBe(k8s);
      }
    }
  });
});
