/**
 * An agent sized by GPU memory gets pods that run only where the GPUs hold it: `nvidia.com/gpu`
 * asks for a number of GPUs, of any size, so without a node requirement a model sized for a
 * 24 GiB GPU could be scheduled on a 16 GiB one and fail to load. The expected floors are
 * worked out here from the profile (model + slots × memory per query, split over the GPUs).
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { emitK8s } from '../../src/emit/k8s.js';
import { solve } from '../../src/plan/solve.js';
import { problems } from '../support/problems.js';
import { emitOptions, yamlDocuments, type K8sDoc } from './helpers.js';

const profileWith = (agent: string, gpus = 1) => `apiVersion: capplan/v1
name: gpus
workload: { rps: 20/s }
components:
  api: { kind: service, capacity: 500/s, calls: [llm] }
  llm:
    kind: agent
    gpu: ${gpus}
    perGpu: 40/s
    concurrency: 4
${agent}
`;

async function podSpecOf(agent: string, gpus = 1): Promise<{ spec: Record<string, unknown>; header: string }> {
  const { profile } = await loadProfileText(profileWith(agent, gpus), 'gpus.yaml');
  const files = emitK8s(solve(profile), emitOptions(profile, 'now'));
  const text = files.get('llm.yaml')!;
  const deployment = (yamlDocuments(text) as K8sDoc[]).find((o) => o.kind === 'Deployment')!;
  const spec = (deployment.spec as { template: { spec: Record<string, unknown> } }).template.spec;
  return { spec, header: text.split('\n---')[0] ?? '' };
}

const gpuMemoryTerm = (spec: Record<string, unknown>) =>
  (spec.affinity as { nodeAffinity?: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: { matchExpressions: unknown[] }[] } } }).nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;

describe('GPU memory in Kubernetes placement', () => {
  it('requires nodes whose GPUs hold the model and the in-flight queries', async () => {
    // 16 GiB of weights + 4 queries in flight × 512 MiB = 18 GiB = 18,432 MiB on the one GPU (18 ≤ 24 × 0.8 GiB).
    const { spec, header } = await podSpecOf('    gpuMemory: 24GiB\n    modelMemory: 16GiB\n    memoryPerRequest: 512MiB');
    expect(gpuMemoryTerm(spec)).toEqual([{ matchExpressions: [{ key: 'nvidia.com/gpu.memory', operator: 'Gt', values: ['18431'] }] }]);
    expect(header).toContain('Runs only on nodes labelled nvidia.com/gpu.memory ≥ 18432');
    // The pod anti-affinity stays beside it.
    expect(spec.affinity).toHaveProperty('podAntiAffinity');
  });

  it('splits the weights over the GPUs of a replica', async () => {
    // 2 GPUs a replica, 4 queries in flight per replica: (30 GiB + 4 × 1 GiB) / 2 = 17 GiB = 17,408 MiB each (34 ≤ 2 × 24 × 0.8).
    const { spec } = await podSpecOf('    gpuMemory: 24GiB\n    modelMemory: 30GiB\n    memoryPerRequest: 1GiB', 2);
    expect(gpuMemoryTerm(spec)).toEqual([{ matchExpressions: [{ key: 'nvidia.com/gpu.memory', operator: 'Gt', values: ['17407'] }] }]);
  });

  it('uses the label deploy.gpuMemoryLabel names, or none with false', async () => {
    const named = await podSpecOf('    gpuMemory: 24GiB\n    modelMemory: 16GiB\n    deploy: { gpuMemoryLabel: example.com/gpu-memory-mib }');
    expect(gpuMemoryTerm(named.spec)).toEqual([{ matchExpressions: [{ key: 'example.com/gpu-memory-mib', operator: 'Gt', values: ['16383'] }] }]);
    const off = await podSpecOf('    gpuMemory: 24GiB\n    modelMemory: 16GiB\n    deploy: { gpuMemoryLabel: false }');
    expect(gpuMemoryTerm(off.spec)).toBeUndefined();
    expect(off.header).not.toContain('Runs only on nodes');
  });

  it('leaves placement open when the profile gives no GPU memory to size by', async () => {
    const { spec, header } = await podSpecOf('');
    expect(gpuMemoryTerm(spec)).toBeUndefined();
    expect(header).not.toContain('gpu.memory');
  });

  it('refuses a label key Kubernetes would refuse', async () => {
    expect(await problems(profileWith('    gpuMemory: 24GiB\n    modelMemory: 16GiB\n    deploy: { gpuMemoryLabel: "gpu memory" }'))).toEqual([expect.stringMatching(/deploy\.gpuMemoryLabel.*node label key/)]);
    expect(await problems(profileWith('    deploy: { gpuMemoryLabel: true }'))).toEqual([expect.stringMatching(/deploy\.gpuMemoryLabel/)]);
  });
});
