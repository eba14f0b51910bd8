/**
 * The autoscaler's CPU target and the CPU alert of a component whose workers blocking calls hold:
 * the CPU a replica uses at the target utilisation is u × own time ÷ held time (cpu-share.ts), not
 * u; below 10 % of the request CPU cannot steer an autoscaler, so without a per-pod rate none is
 * written (the plan's count, fixed) and the plan says so.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { cpuAtTarget, cpuBlind, MIN_CPU_TARGET } from '../../src/plan/cpu-share.js';
import { solve } from '../../src/plan/solve.js';
import { k8sObjects, k8sOf, type K8sDoc } from './helpers.js';

/** checkout: 20 ms own, blocking on an adapter whose provider answers in `latency`. */
const profile = (latency: string, deploy = '') => `
apiVersion: capplan/v1
name: cpu
workload: { rps: 100/s }
targets: { zones: 3, cpuUtilization: 60% }
components:
  checkout:
    kind: service
    serviceTime: 20ms
    workers: 8
    blocking: true
    replicas: { max: 40 }
    calls: [payments]
    ${deploy}
  payments:
    kind: adapter
    serviceTime: 1ms
    workers: 64
    providerLatency: ${latency}
`;

async function emitted(text: string) {
  const { profile: p } = await loadProfileText(text, 'cpu.yaml');
  const plan = solve(p);
  const files = k8sOf(p, plan, plan.phases[0]!.name, { alerts: true });
  const objects: K8sDoc[] = k8sObjects(files).map((x) => x.obj);
  const checkout = plan.phases[0]!.components.find((c) => c.name === 'checkout')!;
  return { plan, files, objects, checkout, hpa: objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'checkout') };
}

describe('cpuAtTarget', () => {
  it('is the target utilisation when nothing holds the workers, and u × own ÷ held when blocking calls do', () => {
    expect(cpuAtTarget({ targetUtilization: 0.7, detail: {} })).toEqual({ share: 0.7, held: null });
    const held = cpuAtTarget({ targetUtilization: 0.6, detail: { ownTime: 0.02, heldTime: 0.1 } });
    expect(held.share).toBeCloseTo(0.12, 15);
    expect(held.held).toEqual({ ownS: 0.02, heldS: 0.1 });
    expect(cpuBlind({ targetUtilization: 0.6, detail: { ownTime: 0.02, heldTime: 0.1 } })).toBe(false);
    // 0.6 × 0.02 / 0.2 = 6 % < 10 %.
    expect(cpuBlind({ targetUtilization: 0.6, detail: { ownTime: 0.02, heldTime: 0.2 } })).toBe(true);
    expect(MIN_CPU_TARGET).toBe(0.1);
  });
});

describe('a blocking caller’s autoscaler and CPU alert', () => {
  it('a short hold: the CPU target is the share of the request the workers use at the target', async () => {
    const { checkout, hpa, files } = await emitted(profile('10ms'));
    const own = checkout.detail.ownTime as number;
    const held = checkout.detail.heldTime as number;
    expect(own).toBeCloseTo(0.02, 12);
    // Held = own 20 ms + the adapter's ~11 ms answer.
    expect(held).toBeGreaterThan(0.03);
    expect(held).toBeLessThan(0.033);
    const expected = Math.round((60 * own) / held);
    expect(expected).toBeLessThan(60);
    expect(hpa).toBeDefined();
    expect(hpa!.spec!.metrics[0]).toEqual({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expected } } });
    const rules = files.get('prometheus-rules.yaml')!;
    expect(rules).toContain(`resource="cpu"}) > ${Number(((0.6 * own) / held).toPrecision(3))}`);
    expect(files.get('checkout.yaml')!.split('\n')[1]).toContain('so at 60% busy they use ~');
  });

  it('a long hold without a per-pod rate: no autoscaler, the plan’s count fixed, no CPU alert, and a finding', async () => {
    const { plan, checkout, hpa, objects, files } = await emitted(profile('400ms'));
    expect(cpuBlind(checkout)).toBe(true);
    expect(hpa).toBeUndefined();
    const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'checkout')!;
    expect(deployment.spec!.replicas).toBe(checkout.replicas);
    expect(files.get('checkout.yaml')!.split('\n')[1]).toContain('fixed size, no autoscaler: its workers wait on blocking calls');
    expect(files.get('prometheus-rules.yaml')!).not.toContain('container="checkout",resource="cpu"');
    expect(plan.phases[0]!.findings.filter((f) => f.startsWith('checkout: its workers wait on blocking calls'))).toHaveLength(1);
  });

  it('a long hold with a per-pod rate: the autoscaler scales on the rate and memory, not CPU; no finding', async () => {
    const { plan, hpa } = await emitted(profile('400ms', 'deploy: { rpsMetric: http_requests_per_second }'));
    expect(hpa).toBeDefined();
    const names = (hpa!.spec!.metrics as { type: string; resource?: { name: string }; pods?: { metric: { name: string } } }[]).map((m) => m.resource?.name ?? m.pods!.metric.name);
    expect(names).toEqual(['memory', 'http_requests_per_second']);
    expect(plan.phases[0]!.findings.filter((f) => f.startsWith('checkout:'))).toEqual([]);
  });
});
