/**
 * planPathAt keeps a phase's path tree and its stages' sources, and finds only the stages' laws
 * again at each load (plan-path.ts): at every load it must be the path a builder makes afresh from
 * the queues at that load. A structured clone of the phase has no kept shape, so planning its path
 * is the fresh build. Bundled profiles (databases with read replicas, parallel calls, caches), seeded
 * synthetic ones (flat paths past the tree's node cap among them), and calls with retries and
 * timeouts; loads below, at and past saturation (a saturated queue is an unstable stage).
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { pathLatency } from '../../src/model/path-latency.js';
import { planPathAt } from '../../src/plan/plan-path.js';
import { solve } from '../../src/plan/solve.js';
import { profileTexts } from '../support/profiles.js';

const RETRIES = `apiVersion: capplan/v1
name: retried
workload: { rps: 40 }
targets: { zones: 1, availability: 99.9% }
components:
  api:
    kind: service
    serviceTime: 5ms
    workers: 8
    calls:
      - { to: pay, retries: 2, timeout: 60ms, failureRate: 1% }
      - { to: db }
  pay:
    kind: service
    serviceTime: 20ms
    workers: 4
  db:
    kind: database
    readsPerRequest: 2
    writesPerRequest: 0.5
    capacity: 400/s
    writeCapacity: 100/s
    replicas: { min: 2 }
`;

describe('planPathAt', () => {
  it('is the path built afresh at every load', async () => {
    const texts = [...(await profileTexts({ components: 300, phases: 2, seeds: [1, 2] })), ['retries', RETRIES] as [string, string]];
    let checked = 0;
    for (const [name, text] of texts) {
      const { profile } = await loadProfileText(text, `${name}.yaml`);
      for (const phase of solve(profile).phases) {
        // Loads in an order a sweep and a knee search take: up, then back down, then past saturation.
        for (const s of [1, 0.25, 1.5, 0.5, 3, 1, 40]) {
          const kept = planPathAt(phase, s);
          const fresh = planPathAt(structuredClone(phase), s);
          expect(kept, `${name} ${phase.name} at ${s}`).toEqual(fresh);
          // And the same figures from it (the tree is shared between loads, so nothing may be cached on it wrongly).
          if (kept.stages.length > 0 && s <= 1.5) {
            const a = pathLatency(kept, 0.95);
            const b = pathLatency(fresh, 0.95);
            expect(a.percentileS).toBe(b.percentileS);
            expect(a.meanS).toBe(b.meanS);
          }
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
