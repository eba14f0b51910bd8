/**
 * The off-peak sizing runs in replicas-only mode (SizingContext.replicasOnly): the kinds skip
 * their texts and the figures only the texts need. Its counts, and what the call-graph fixed
 * point reads (queues, target utilisation, workers), must equal a full sizing of the same load:
 * checked on every bundled profile, seeded synthetic ones and a profile with every kind, blocking
 * calls with retries and timeouts, a pooled adapter and timed worker classes.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { sizeLayers } from '../../src/plan/layers.js';
import { buildRequestGraph } from '../../src/plan/request-graph.js';
import { PERCENTILE } from '../../src/plan/solve.js';
import { sizingProfiles } from '../support/sizing-profiles.js';

describe('replicas-only sizing (the off-peak pass)', () => {
  it('sizes every component to the same count and queue as a full sizing', async () => {
    for (const [name, text] of await sizingProfiles()) {
      const { profile } = await loadProfileText(text, `${name}.yaml`);
      for (const phase of profile.phases) {
        const graph = buildRequestGraph(phase);
        const base = { targets: phase.targets, percentile: PERCENTILE };
        const w = phase.workload;
        // The mean rate, as solve sizes off-peak.
        const mean = { ...w, peakRps: w.meanRps, sessionRate: w.requestsPerSession !== null ? w.meanRps / w.requestsPerSession : null };
        const full = sizeLayers(phase, graph, mean, base, {});
        const brief = sizeLayers(phase, graph, mean, base, {}, false);
        expect(brief.passes, `${name} / ${phase.name}`).toBe(full.passes);
        for (const [component, sized] of full.sized) {
          const other = brief.sized.get(component)!;
          const where = `${name} / ${phase.name} / ${component}`;
          expect(other.replicas, where).toBe(sized.replicas);
          expect(other.queue, where).toEqual(sized.queue);
          expect(other.targetUtilization, where).toBe(sized.targetUtilization);
          expect(other.detail.workersPerReplica, where).toBe(sized.detail.workersPerReplica);
        }
        expect(full.sized.size).toBe(brief.sized.size);
      }
    }
  });
});
