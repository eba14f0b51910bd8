/**
 * The "request path" line lists components in call order, so the members of a parallel entry
 * read there as a sequence; the line after it says which start together.
 */
import { describe, expect, it } from 'vitest';
import { systemLines } from '../../src/render/plan-text.js';
import { planText } from '../support/plan.js';

const profile = (calls: string) => `apiVersion: capplan/v1
name: t
workload: { rps: 100 }
components:
  gw: { kind: service, serviceTime: 5ms, workers: 8, calls: ${calls} }
  profile: { kind: service, serviceTime: 20ms, workers: 4 }
  pricing: { kind: service, serviceTime: 30ms, workers: 4 }
  stock: { kind: service, serviceTime: 25ms, workers: 4 }
  notify: { kind: worker, serviceTime: 50ms, workers: 2 }
`;

describe('the request path with parallel calls', () => {
  it('names the calls that start together, a oneOf among them as its alternatives', async () => {
    const plan = await planText(profile('[{ parallel: [profile, { oneOf: [{ to: pricing, probability: 50% }, { to: stock, probability: 50% }] }, notify] }]'));
    const lines = systemLines(plan.phases[0]!);
    const at = lines.findIndex((l) => l.startsWith('request path: '));
    expect(lines[at]).toBe('request path: gw → profile → pricing → stock');
    expect(lines[at + 1]).toBe('parallel: gw calls profile and (pricing or stock) at once; the path takes the slowest');
  });

  it('says nothing of a parallel entry with one member on the path (the queue consumer is off it), nor of calls in sequence', async () => {
    for (const calls of ['[{ parallel: [profile, notify] }]', '[profile, pricing]']) {
      const lines = systemLines((await planText(profile(calls))).phases[0]!);
      expect(lines.some((l) => l.startsWith('parallel: '))).toBe(false);
    }
  });
});
