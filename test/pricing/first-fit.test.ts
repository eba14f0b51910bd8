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

describe('firstFitZone counting huge zones', () => {
  // Without a listener, full nodes no later pod can enter are counted, not kept (first-fit.ts):
  // many groups of one shape that fill nodes and leave a little room, a few pods of smaller
  // shapes after them, on nodes where the big shape leaves CPU, memory or the Pod limit to spare.
  const small = fc.record({ cpu: fc.constantFrom(0.25, 0.5, 1), memory: fc.constantFrom(0.25, 1, 2), count: fc.integer({ min: 0, max: 400 }) });
  it('counts the nodes packZones builds, whatever the later pods (hundreds of full nodes, some kept)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.integer({ min: 1, max: 3000 }),
        fc.constantFrom([1, 1], [2, 3], [1.5, 6], [3, 1]),
        fc.array(small, { maxLength: 4 }),
        fc.integer({ min: 8, max: 110 }),
        fc.integer({ min: 1, max: 3 }),
        (bigGroups, bigCount, [cpu, memory], smalls, maxPods, zones) => {
          const groups: PodGroup[] = [
            ...Array.from({ length: bigGroups }, (_, i) => ({ component: `b${String(i).padStart(2, '0')}`, count: bigCount, cpuCores: cpu, memoryBytes: memory * GiB, gpus: 0, zones })),
            ...smalls.filter((s) => s.count > 0).map((s, i) => ({ component: `s${i}`, count: s.count, cpuCores: s.cpu, memoryBytes: s.memory * GiB, gpus: 0, zones })),
          ];
          // 15.7 cores and 60.5 GiB: the big shapes leave a remainder of each.
          const c: Capacity = { cpuCores: 15.7, memoryBytes: 60.5 * GiB, gpus: 0, pods: maxPods, gpuMemoryBytes: 0 };
          const shares = zoneShares(groups, zones);
          const built = packZones(groups, shares, c, zones, false);
          const counted = countZones(runsByType(groups, shares, zones, exactSums(groups))(c), c, zones, false, zoneDemand(groups, shares, zones), () => false);
          expect(counted).toEqual({ perZone: built.perZone, nodeCount: built.nodeCount });
        },
      ),
      { numRuns: 80 },
    );
  });

  it('counts 10^8 pods of one shape and a few smaller ones as first fit does', () => {
    const groups: PodGroup[] = [
      ...Array.from({ length: 100 }, (_, i) => ({ component: `b${String(i).padStart(3, '0')}`, count: 1_000_000, cpuCores: 1, memoryBytes: GiB, gpus: 0, zones: 3 })),
      { component: 'tiny', count: 1000, cpuCores: 0.5, memoryBytes: 0.25 * GiB, gpus: 0, zones: 3 },
    ];
    const c: Capacity = { cpuCores: 95.69, memoryBytes: 169.3 * GiB, gpus: 0, pods: 737, gpuMemoryBytes: 0 };
    const shares = zoneShares(groups, 3);
    const counted = countZones(runsByType(groups, shares, 3, exactSums(groups))(c), c, 3, false, zoneDemand(groups, shares, 3), () => false)!;
    // Alike pods fill each node to 95 (CPU-bound) before the next opens; the small pods (a third
    // of 1,000 a zone) each take the 0.69 cores a full node has left: they open no node.
    const big = (z: number) => groups.reduce((sum, g, i) => (g.component === 'tiny' ? sum : sum + shares[i]![z]!), 0);
    const expected = [0, 1, 2].map((z) => Math.ceil(big(z) / 95));
    expect(counted).toEqual({ perZone: expected, nodeCount: expected.reduce((a, b) => a + b, 0) });
  });
});
