/** The manifests summary counts exactly the objects `capplan emit k8s` writes. */
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { emitK8s } from '../../src/emit/k8s.js';
import { summariseManifests } from '../../src/report/manifests.js';
import { bundledProfiles } from '../support/profiles.js';
import { reportInputOf } from './helpers.js';

describe('summariseManifests', () => {
  it('counts, per phase and kind, the documents of the emitted files (every bundled profile)', async () => {
    for (const file of await bundledProfiles()) {
      const { plan } = await reportInputOf(file);
      const summaries = summariseManifests(plan);
      plan.phases.forEach((phase, i) => {
        const files = emitK8s(plan, { phase: phase.name, targets: { zones: phase.targets.zones, memoryUtilization: phase.targets.memoryUtilization } });
        const counts: Record<string, number> = {};
        for (const text of files.values()) for (const doc of parseAllDocuments(text)) {
          const kind = (doc.toJS() as { kind?: string } | null)?.kind;
          if (kind) counts[kind] = (counts[kind] ?? 0) + 1;
        }
        expect(summaries[i]!.objects, `${file} ${phase.name}`).toEqual(counts);
        expect(summaries[i]!.components.length).toBe(phase.components.length);
      });
    }
  });
});
