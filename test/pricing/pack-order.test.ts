import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitOverZones } from '../../src/pricing/zone-packing.js';
import { exactSums, mergeRuns, packingOrder, runsByType, type Capacity, type PodShape } from '../../src/pricing/pack-order.js';

const GiB = 2 ** 30;

describe('runsByType', () => {
  it('gives, type after type, the runs of packingOrder then mergeRuns (the reference)', () => {
    const arb = fc.record({
      // Few shapes among many groups (runs form; sizes tie across shapes, often on the Pod limit),
      // names in any order (packingOrder sorts its buckets when they are not in name order).
      groups: fc.uniqueArray(fc.record({
        component: fc.integer({ min: 0, max: 80 }).map((i) => `c${String(i).padStart(2, '0')}`),
        count: fc.integer({ min: 0, max: 30 }),
        cpu: fc.integer({ min: 0, max: 4 }),
        memory: fc.integer({ min: 0, max: 3 }),
        gpus: fc.integer({ min: 0, max: 2 }),
        zones: fc.integer({ min: 1, max: 3 }),
      }), { minLength: 1, maxLength: 40, selector: (g) => g.component }),
      sorted: fc.boolean(),
      tenths: fc.boolean(),
      // A sequence of node types, some repeated and some alike, as binPack tries them.
      types: fc.array(fc.record({
        cores: fc.integer({ min: 1, max: 16 }),
        memGiB: fc.integer({ min: 1, max: 64 }),
        gpus: fc.integer({ min: 0, max: 4 }),
        pods: fc.integer({ min: 1, max: 110 }),
      }), { minLength: 1, maxLength: 10 }).chain((ts) => fc.shuffledSubarray([...ts, ...ts], { minLength: ts.length })),
    });
    fc.assert(
      fc.property(arb, ({ groups, sorted, tenths, types }) => {
        const cpu = tenths ? [0.1, 0.3, 0.7, 1.3, 0] : [0.25, 0.5, 1, 2, 0];
        const memGiB = [0.5, 1, 2, 4];
        const shapes: PodShape[] = groups.map((g) => ({ component: g.component, count: g.count, cpuCores: cpu[g.cpu]!, memoryBytes: memGiB[g.memory]! * GiB, gpus: g.gpus }));
        if (sorted) shapes.sort((a, b) => (a.component < b.component ? -1 : 1));
        const zones = Math.max(...groups.map((g) => g.zones));
        const byName = new Map(groups.map((g, i) => [g.component, splitOverZones(g.count, g.zones, i % g.zones, zones)]));
        const exact = exactSums(shapes);
        const runsOf = runsByType(shapes, shapes.map((g) => byName.get(g.component)!), zones, exact);
        for (const t of types) {
          const c: Capacity = { cpuCores: t.cores, memoryBytes: t.memGiB * GiB, gpus: t.gpus, pods: t.pods, gpuMemoryBytes: 0 };
          const reference = mergeRuns(packingOrder(shapes, c), byName, zones, exact);
          expect(runsOf(c).map(({ g, share }) => ({ g, share }))).toEqual(reference);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('splitOverZones', () => {
  it('pads with zeros to the pool’s zones, the same as padding the split afterwards', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 10 }), (count, zones, extra, offset) => {
        const padded = splitOverZones(count, zones, offset % zones, zones + extra);
        expect(padded).toEqual([...splitOverZones(count, zones, offset % zones), ...Array.from({ length: extra }, () => 0)]);
        expect(padded.reduce((a, b) => a + b, 0)).toBe(count);
      }),
    );
  });
});
