/** The plausibility net: valid but implausible figures are positioned warnings, never errors. */
import { describe, expect, it } from 'vitest';
import { planPlausibilityWarnings } from '../../src/cli/plan-plausibility.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { solve } from '../../src/plan/solve.js';

async function warnings(text: string): Promise<string[]> {
  const loaded = await loadProfileText(text, 'p.yaml');
  return [...loaded.warnings, ...planPlausibilityWarnings(solve(loaded.profile), loaded.profile, loaded.doc)].map(renderDiagnostic);
}

const head = 'apiVersion: capplan/v1\nname: t\nworkload: { rps: 10 }\n';

describe('plausibility warnings', () => {
  it('warns of a service time over 60 s on a service, with its key and line, and still loads', async () => {
    const out = await warnings(`${head}components:\n  api:\n    kind: service\n    serviceTime: 90s\n    workers: 2000\n`);
    expect(out).toEqual([
      'p.yaml:7:18 components.api.serviceTime: warning: a service time of 90 s per request is implausible on the synchronous path; did you mean ms?',
      'p.yaml:8:14 components.api.workers: warning: 2,000 workers per replica is implausible for c of M/M/c',
    ]);
  });
  it('does not warn of a long job on a worker', async () => {
    expect(await warnings(`${head}components:\n  jobs: { kind: worker, serviceTime: 90s, workers: 4 }\n`)).toEqual([]);
  });
  it('warns of targets that are percentages written as fractions, and of a p95 target over 10 min', async () => {
    const out = await warnings(`${head}targets:\n  availability: 0.999%\n  cpuUtilization: 0.7%\n  latencyP95: 20min\ncomponents:\n  api: { kind: service, capacity: 100/s }\n`);
    expect(out).toEqual([
      'p.yaml:5:17 targets.availability: warning: an availability target of 0.999% is implausible; did you mean 99.9%?',
      'p.yaml:6:19 targets.cpuUtilization: warning: sizing to 0.7% CPU utilisation buys 100× the replicas of 70%; did you mean 70%?',
      'p.yaml:7:15 targets.latencyP95: warning: an end-to-end p95 target of 20 min is implausible; did you mean ms or s?',
    ]);
  });
  it('suggests a percentage only where the figure × 100 is still one (50% is not 5,000%)', async () => {
    // These said "did you mean 5,000%?", "did you mean 500%?" and "did you mean 300%?".
    const out = await warnings(`${head}targets:\n  availability: 50%\n  cpuUtilization: 5%\ncomponents:\n  api: { kind: service, capacity: 100/s, utilization: 3% }\n`);
    expect(out).toEqual([
      'p.yaml:5:17 targets.availability: warning: an availability target of 50% is implausible; targets are 99%, 99.9% or 99.99%',
      'p.yaml:6:19 targets.cpuUtilization: warning: sizing to 5% CPU utilisation buys 14× the replicas of 70%',
      'p.yaml:8:55 components.api.utilization: warning: sizing to 3% utilisation is implausible',
    ]);
  });
  it('warns of a bare CPU that meant millicores, and of tiny memory', async () => {
    const out = await warnings(`${head}components:\n  api: { kind: service, capacity: 100/s, resources: { cpu: 500, memory: 512KiB } }\n`);
    expect(out).toEqual([
      'p.yaml:5:60 components.api.resources.cpu: warning: 500 cores per replica is more than the largest instance in the catalog (208 vCPU); did you mean 500m?',
      'p.yaml:5:73 components.api.resources.memory: warning: 512 KiB of memory per replica is implausible',
    ]);
  });
  it('points at the phase override that sets the figure', async () => {
    const text = `${head}phases:\n  - name: later\n    components:\n      api: { serviceTime: 2min }\ncomponents:\n  api: { kind: service, serviceTime: 20ms }\n`;
    expect(await warnings(text)).toEqual([
      'p.yaml:7:27 phases[0].components.api.serviceTime: warning: a service time of 2 min per request is implausible on the synchronous path; did you mean ms?',
      // ⌈10 / (1/120 × 0.7)⌉ = 1,715 replicas in that phase: the plan's net catches it too.
      'p.yaml:9:3 components.api: warning: over 1,000 units of one component is implausible; check the units of its capacity, serviceTime and the workload (1,715 replicas in phase "later")',
    ]);
  });
  it('warns once per component that needs over 1,000 units, and leaves 100,000 to the plan’s stop', async () => {
    const text = `apiVersion: capplan/v1\nname: t\nworkload: { rps: 100 }\nphases:\n  - { name: x2, scale: 2 }\ncomponents:\n  api: { kind: service, serviceTime: 20s }\n  ok: { kind: service, capacity: 100/s }\n`;
    // ⌈100 / (0.05 × 0.7)⌉ = 2,858 replicas now, 5,715 at twice the load.
    expect(await warnings(text)).toEqual([
      'p.yaml:7:3 components.api: warning: over 1,000 units of one component is implausible; check the units of its capacity, serviceTime and the workload (5,715 replicas in phase "x2")',
    ]);
    expect(await warnings(`apiVersion: capplan/v1\nname: t\nworkload: { rps: 1e9 }\ncomponents:\n  api: { kind: service, capacity: 1/s }\n`)).toEqual([]);
  });
});
