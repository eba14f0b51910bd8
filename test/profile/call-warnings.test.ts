/** Calls entries that plan as written but most likely say something else: a parallel entry of one member, a oneOf with two alternatives alike (src/profile/call-warnings.ts). */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { planText } from '../support/plan.js';

const profile = (calls: string, phases = '') => `apiVersion: capplan/v1
name: t
workload: { rps: 50 }
components:
  api:
    kind: service
    serviceTime: 5ms
    calls:
${calls}
  a: { kind: service, serviceTime: 10ms, workers: 2 }
  b: { kind: service, serviceTime: 20ms, workers: 2 }
${phases}`;

async function warnings(text: string): Promise<string[]> {
  const { warnings: w } = await loadProfileText(text, 'p.yaml');
  return w.map(renderDiagnostic).filter((d) => d.includes('parallel'));
}

const HINT = '\n  hint: write it as a plain call, or add the calls that run beside it';

describe('a parallel entry with one member', () => {
  it('warns at the entry, naming the member (a name, a call object, a oneOf)', async () => {
    expect(await warnings(profile('      - parallel: [a]\n      - b'))).toEqual([
      `p.yaml:9:19 components.api.calls[0].parallel: warning: a parallel entry with one member ("a") starts nothing beside it: it is planned as that call alone${HINT}`,
    ]);
    expect((await warnings(profile('      - parallel: [{ to: b, blocking: true }]')))[0]).toContain('one member ("b")');
    expect((await warnings(profile('      - parallel: [{ oneOf: [{ to: a, probability: 50% }, { to: b, probability: 50% }] }]')))[0]).toContain('one member (a oneOf of "a" or "b")');
  });

  it('warns on the mis-indented fan-out (the second call a sibling of the entry, not a member)', async () => {
    expect(await warnings(profile('      - parallel:\n          - a\n      - b'))).toEqual([
      `p.yaml:10:11 components.api.calls[0].parallel: warning: a parallel entry with one member ("a") starts nothing beside it: it is planned as that call alone${HINT}`,
    ]);
    expect(await warnings(profile('      - parallel:\n          - a\n          - b'))).toEqual([]);
  });

  it('warns once where it is written: a phase that inherits the entry repeats nothing, one that writes it is warned at its own line', async () => {
    const inherits = 'phases:\n  - { name: later, scale: 2, components: { api: { workers: 4 } } }\n';
    expect(await warnings(profile('      - parallel: [a]', inherits))).toHaveLength(1);
    const writes = 'phases:\n  - name: later\n    components:\n      api: { calls: [{ parallel: [b] }] }\n';
    expect(await warnings(profile('      - parallel: [a, b]', writes))).toEqual([
      `p.yaml:15:34 phases[0].components.api.calls[0].parallel: warning: a parallel entry with one member ("b") starts nothing beside it: it is planned as that call alone${HINT}`,
    ]);
  });

  it('is planned exactly as the plain call (the warning says so)', async () => {
    const one = await planText(profile('      - parallel: [{ to: a, blocking: true }]\n      - b'));
    const plain = await planText(profile('      - { to: a, blocking: true }\n      - b'));
    expect(one.phases[0]!.system.latencyP95).toBe(plain.phases[0]!.system.latencyP95);
    expect(one.phases[0]!.components.map((c) => [c.name, c.replicas, c.latencyP95])).toEqual(plain.phases[0]!.components.map((c) => [c.name, c.replicas, c.latencyP95]));
  });
});

describe('a oneOf with two alternatives alike', () => {
  const same = async (text: string): Promise<string[]> => {
    const { warnings: w } = await loadProfileText(text, 'p.yaml');
    return w.map(renderDiagnostic).filter((d) => d.includes('oneOf'));
  };
  const HINT_ONE_OF = '\n  hint: name the component meant (a typo?), or write the two as one alternative';

  it('warns at the later alternative, naming the earlier one', async () => {
    expect(await same(profile('      - oneOf: [{ to: a, probability: 50% }, { to: a, probability: 30% }, { to: b, probability: 20% }]'))).toEqual([
      `p.yaml:9:52 components.api.calls[0].oneOf[1].to: warning: alternative 1 calls "a" as alternative 0 does, with the same call settings: no choice between them, so the plan makes one call to "a" with their probabilities summed${HINT_ONE_OF}`,
    ]);
  });

  it('warns inside a parallel member and in a phase that writes the entry, once each', async () => {
    expect(await same(profile('      - parallel: [b, { oneOf: [{ to: a, probability: 50% }, { to: a, probability: 50% }] }]'))).toEqual([
      expect.stringContaining('components.api.calls[0].parallel[1].oneOf[1].to: warning: alternative 1 calls "a" as alternative 0 does'),
    ]);
    const inherits = 'phases:\n  - { name: later, scale: 2, components: { api: { workers: 4 } } }\n';
    expect(await same(profile('      - oneOf: [{ to: a, probability: 50% }, { to: a, probability: 50% }]', inherits))).toHaveLength(1);
  });

  it('does not warn where the calls differ: other targets, or the same target called another way (a real choice)', async () => {
    expect(await same(profile('      - oneOf: [{ to: a, probability: 50% }, { to: b, probability: 50% }]'))).toEqual([]);
    expect(await same(profile('      - oneOf: [{ to: a, probability: 50%, retries: 2, timeout: 1s }, { to: a, probability: 50% }]'))).toEqual([]);
    expect(await same(profile('      - oneOf: [{ to: a, probability: 50%, blocking: true }, { to: a, probability: 50% }]'))).toEqual([]);
  });

  it('is planned as one call with the probabilities summed (what the warning says)', async () => {
    const twice = await planText(profile('      - oneOf: [{ to: a, probability: 30% }, { to: a, probability: 40% }, { to: b, probability: 30% }]'));
    const once = await planText(profile('      - oneOf: [{ to: a, probability: 70% }, { to: b, probability: 30% }]'));
    const figures = (p: typeof once) => p.phases[0]!.components.map((c) => [c.name, c.visits, c.replicas, c.latencyP95]);
    expect(figures(twice)).toEqual(figures(once));
    expect(twice.phases[0]!.system.latencyP95).toBeCloseTo(once.phases[0]!.system.latencyP95, 12);
  });
});
