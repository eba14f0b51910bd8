/** The `observe:` block of a component: each problem reported at its key, not as a failed union. */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { loadProfileText } from '../../src/cli/profile-input.js';

const profile = (observe: string) => `apiVersion: capplan/v1\nname: x\nworkload: { rps: 10/s }\ncomponents:\n  api: { kind: service, capacity: 100/s, observe: ${observe} }\n`;
const problems = async (observe: string) => {
  const e = await loadProfileText(profile(observe), 'p.yaml').catch((error: unknown) => error);
  return e instanceof InputError ? e.diagnostics.map((d) => `${d.path}: ${d.message}`) : [];
};

describe('observe block', () => {
  it('accepts overrides and false', async () => {
    expect(await problems('false')).toEqual([]);
    expect(await problems('{ name: web, labels: { namespace: prod }, rate: "{job=\\"web\\"}", cpu: false, latency: "my_seconds{a=\\"b\\"}" }')).toEqual([]);
  });

  it('reports each problem at its key', async () => {
    expect(await problems('true')).toEqual(['components.api.observe: true is not a setting here: give the settings, or false to leave it out']);
    expect(await problems('{ rate: false, latency: "rate(x[5m])", labels: { "a-b": x }, replica: 1 }')).toEqual([
      'components.api.observe.rate: expected a string, got false',
      'components.api.observe.latency: a histogram name with an optional selector (my_seconds{job="api"}) or a selector in braces',
      'components.api.observe.labels.a-b: invalid name "a-b": a Prometheus label name: letters, digits and _, not starting with a digit',
      'components.api.observe.replica: unknown key "replica"',
    ]);
  });
});
