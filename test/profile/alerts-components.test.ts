import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';

const profile = (alerts: string) => `apiVersion: capplan/v1
name: t
workload:
  rps: 100
components:
  api: { kind: service, serviceTime: 10ms, workers: 4, calls: [postgres, redis] }
  postgres: { kind: database, readsPerRequest: 2, writesPerRequest: 1, capacity: 1000/s }
  redis: { preset: redis, opsPerRequest: 2, dataset: 1GiB, nodeMemory: 4GiB }
phases:
  - { name: later, scale: 2, components: { search: { kind: service, capacity: 100/s } } }
alerts:
${alerts}
`;

async function diagnostics(text: string): Promise<string[]> {
  try {
    const { warnings } = await loadProfileText(text, 'p.yaml');
    return warnings.map((d) => renderDiagnostic(d));
  } catch (error) {
    if (error instanceof InputError) return error.diagnostics.map((d) => renderDiagnostic(d));
    throw error;
  }
}

describe('alerts naming components', () => {
  it('refuses a misspelt component with a did-you-mean hint, at the name', async () => {
    expect(await diagnostics(profile('  - { metric: cpu, above: 90%, for: 5min, components: [api, postgress] }'))).toEqual([
      'p.yaml:12:61 alerts[0].components[1]: "postgress" is not a component of any phase\n  hint: did you mean "postgres"?',
    ]);
  });
  it('lists the components when nothing is close', async () => {
    expect(await diagnostics(profile('  - { metric: latency, above: 2s, for: 5min, components: [frontend] }'))).toEqual([
      'p.yaml:12:59 alerts[0].components[0]: "frontend" is not a component of any phase\n  hint: components: api, postgres, redis, search',
    ]);
  });
  it('accepts a component only a later phase adds, and a cache from a preset', async () => {
    expect(await diagnostics(profile('  - { metric: latency, above: 2s, for: 5min, components: [search] }\n  - { metric: cacheHitRatio, below: 50%, for: 5min, components: [redis] }'))).toEqual([]);
  });
  it('warns when a cacheHitRatio alert watches a component that is not a cache', async () => {
    expect(await diagnostics(profile('  - { metric: cacheHitRatio, below: 50%, for: 5min, components: [api] }'))).toEqual([
      'p.yaml:12:66 alerts[0].components[0]: warning: "api" is a service, not a cache: a cacheHitRatio alert on it reads Redis hit counters it does not export',
    ]);
  });
});
