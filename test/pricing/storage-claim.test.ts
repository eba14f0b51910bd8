/**
 * The bill charges the data a phase holds; the manifests claim the end of the retention period
 * from the start. The storage line's note gives the claim, and it is the manifests' own figure.
 */
import { describe, expect, it } from 'vitest';
import { phaseContext } from '../../src/emit/context.js';
import { componentObjects } from '../../src/emit/k8s.js';
import { pricePlan } from '../../src/pricing/bill.js';
import { shippedCatalog } from '../../src/pricing/catalog.js';
import { planText } from '../support/plan.js';

const profile = (retention: string) => `apiVersion: capplan/v1
name: claims
workload: { rps: 200/s }
targets: { zones: 2 }
components:
  pg: { kind: database, readsPerRequest: 1, writesPerRequest: 0.1, capacity: 5000/s, writeCapacity: 1000/s, bytesPerWrite: 1KB, retention: ${retention}, resources: { cpu: 2, memory: 8Gi } }
`;

async function billed(retention: string) {
  const plan = pricePlan(await planText(profile(retention)), { target: 'cloud', provider: 'aws', region: 'us-east-1', catalog: shippedCatalog() });
  const phase = plan.phases[0]!;
  const note = phase.bill!.lines.find((l) => l.description === 'block storage: pg')!.note!;
  const ctx = phaseContext(plan, { phase: phase.name, targets: { zones: phase.targets.zones, memoryUtilization: phase.targets.memoryUtilization } });
  const set = componentObjects({ ctx, namespace: null, alerts: false }, phase.components[0]!)!.objects.find((o) => o.kind === 'StatefulSet') as unknown as {
    spec: { volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[] };
  };
  return { note, claim: set.spec.volumeClaimTemplates[0]!.spec.resources.requests.storage };
}

describe('a database volume billed for what it holds', () => {
  it('names the claim the manifests write, when it is larger', async () => {
    // 200 req/s at peak, mean the same (no peakFactor) → 20 writes/s × 1 KB = 20 kB/s; a year of
    // them (no dataset given) is 631 GB = 587.4 GiB, ÷ 0.8 full = 734.3 GiB a node, rounded up.
    const { note, claim } = await billed('365d');
    expect(claim).toBe('735Gi');
    expect(note).toMatch(/provisioned at 80% full as the volumes grow; emit k8s claims 735 GiB for a node from the start \(the end of the retention period\)/);
  });

  it('says nothing more when the phase already holds the end of the retention period', async () => {
    // A 1-day retention is reached within the billing month: held = claimed.
    const { note } = await billed('1d');
    expect(note).not.toMatch(/claims/);
  });
});
