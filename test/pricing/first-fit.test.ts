// First fit at the scale where its shortcuts matter: the per-shape cursor, the few nodes tried one
// by one and the tree searched (brought up to date only then) for the rest must place every pod
// where pod-by-pod first fit does, with hundreds of nodes and shapes that leave them fragmented.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { exactSums, runsByType, type Capacity } from '../../src/pricing/pack-order.js';
import { countZones, packZones, zoneDemand, zoneShares, type PodGroup } from '../../src/pricing/zone-packing.js';
import { packPodByPod } from './pod-by-pod.js';

const GiB = 2 ** 30;

/**
 * Shapes that fill one resource of a 4-core, 16 GiB node and leave the other (CPU-heavy,
 * memory-heavy, balanced, tiny): nodes full in one resource and open in the other alternate, so
 * the first node with room is often far past a shape's cursor.
 */
const SHAPES = [[3.5, 1], [0.25, 14], [1, 4], [0.5, 2], [2, 1], [0.25, 0.5], [1.5, 6], [0.75, 9]] as const;

const groupsArb = fc.uniqueArray(fc.record({
  component: fc.integer({ min: 0, max: 99 }).map((i) => `c${String(i).padStart(2, '0')}`),
  count: fc.integer({ min: 0, max: 240 }),
  shape: fc.integer({ min: 0, max: SHAPES.length - 1 }),
  zones: fc.integer({ min: 1, max: 3 }),
}), { minLength: 1, maxLength: 40, selector: (g) => g.component });

function groupsOf(arb: { component: string; count: number; shape: number; zones: number }[]): PodGroup[] {
  return arb.filter((g) => g.count > 0).sort((a, b) => (a.component < b.component ? -1 : 1))
    .map((g) => ({ component: g.component, count: g.count, cpuCores: SHAPES[g.shape]![0], memoryBytes: SHAPES[g.shape]![1] * GiB, gpus: 0, zones: g.zones }));
}

describe('firstFitZone at scale', () => {
  it('places every pod where pod-by-pod first fit does (hundreds of nodes, fragmented)', () => {
    fc.assert(
      fc.property(groupsArb, fc.integer({ min: 20, max: 110 }), (arb, maxPods) => {
        const groups = groupsOf(arb);
        fc.pre(groups.length > 0);
        const zones = Math.max(...groups.map((g) => g.zones));
        const c: Capacity = { cpuCores: 4, memoryBytes: 16 * GiB, gpus: 0, pods: maxPods, gpuMemoryBytes: 0 };
        const shares = zoneShares(groups, zones);
        const bulk = packZones(groups, shares, c, zones, false);
        const reference = packPodByPod(groups, shares, c, zones);
        expect(bulk.nodes).toEqual(reference);
        // The count alone, from runsByType's runs (shapes numbered, alike groups merged), is the same.
        const counted = countZones(runsByType(groups, shares, zones, exactSums(groups))(c), c, zones, false, zoneDemand(groups, shares, zones), () => false);
        expect(counted).toEqual({ perZone: bulk.perZone, nodeCount: bulk.nodeCount });
      }),
      { numRuns: 60 },
    );
  });
});
