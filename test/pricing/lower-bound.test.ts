// unitPriceLowerBound's vertex enumeration (src/pricing/lower-bound.ts) against its definition:
// every choice of d active constraints solved, a point kept where it keeps every constraint, the
// first strictly best kept. The enumeration checks each point starting at the constraint that
// refused the one before; its answers must be the definition's, bit for bit, on the shipped
// catalog's node types and on random ones (ties, duplicates, GPUs, one resource only).
import { describe, expect, it } from 'vitest';
import { listInstances } from '../../src/pricing/catalog.js';
import { unitPriceLowerBound, type PricedCapacity, type ResourceVector } from '../../src/pricing/lower-bound.js';
import { seededUniform } from '../support/queue-sim.js';

const GIB = 2 ** 30;
const EPS = 1e-9;

/** The bound as its doc comment defines it, written plainly. */
function byDefinition(demand: ResourceVector, types: readonly PricedCapacity[]): number[] {
  const d = [demand.cpuCores, demand.memoryBytes / GIB, demand.gpus];
  const rows = types
    .map((t) => ({ a: [t.capacity.cpuCores, t.capacity.memoryBytes / GIB, t.capacity.gpus].map((x) => Math.max(0, x)), b: t.hourlyUsd }))
    .sort((x, y) => x.b - y.b || x.a[0]! - y.a[0]! || x.a[1]! - y.a[1]! || x.a[2]! - y.a[2]!);
  const dims = [0, 1, 2].filter((j) => d[j]! > 0 && rows.some((r) => r.a[j]! > 0));
  const best = [0, 0, 0];
  if (dims.length === 0) return [0, ...best];
  const projected = rows.map((r) => ({ a: dims.map((j) => r.a[j]!), b: r.b }));
  const kept = projected.filter((r, i) => !projected.some((s, j) => j !== i && s.b <= r.b && s.a.every((x, k) => x >= r.a[k]!) && (j < i || s.b < r.b || s.a.some((x, k) => x > r.a[k]!))));
  const constraints = [...kept, ...dims.map((_, k) => ({ a: dims.map((__, m) => (m === k ? -1 : 0)), b: 0 }))];
  const dot = (a: readonly number[], b: readonly number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
  let bestValue = -Infinity;
  for (const subset of subsets(constraints.length, dims.length)) {
    const y = gauss(subset.map((i) => constraints[i]!.a), subset.map((i) => constraints[i]!.b));
    if (y === null || !constraints.every((c) => dot(c.a, y) <= c.b + EPS * Math.max(1, Math.abs(c.b)))) continue;
    const value = dot(dims.map((j) => d[j]!), y);
    if (!(value > bestValue)) continue;
    bestValue = value;
    dims.forEach((j, k) => (best[j] = Math.max(0, y[k]!)));
  }
  return [best[0]! * d[0]! + best[1]! * d[1]! + best[2]! * d[2]!, ...best];
}

function subsets(n: number, k: number): number[][] {
  const out: number[][] = [];
  const walk = (from: number, chosen: number[]) => {
    if (chosen.length === k) out.push(chosen);
    else for (let i = from; i < n; i++) walk(i + 1, [...chosen, i]);
  };
  walk(0, []);
  return out;
}

/** Gaussian elimination with partial pivoting, as the module solves its systems. */
function gauss(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    if (Math.abs(m[pivot]![col]!) < 1e-12) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

const answer = (demand: ResourceVector, types: readonly PricedCapacity[]) => {
  const b = unitPriceLowerBound(demand, types);
  return [b.hourlyUsd, b.usdPerCoreHour, b.usdPerGiBHour, b.usdPerGpuHour];
};

describe('unitPriceLowerBound against its definition', () => {
  it('gives the same bound, bit for bit, over every shipped region and category of node types', () => {
    const demands: ResourceVector[] = [
      { cpuCores: 10, memoryBytes: 40 * GIB, gpus: 0 },
      { cpuCores: 3.5, memoryBytes: 100 * GIB, gpus: 0 },
      { cpuCores: 64, memoryBytes: 8 * GIB, gpus: 0 },
      { cpuCores: 16, memoryBytes: 120 * GIB, gpus: 4 },
      { cpuCores: 0, memoryBytes: 12 * GIB, gpus: 0 },
    ];
    const groups = new Map<string, PricedCapacity[]>();
    for (const t of listInstances()) {
      const key = `${t.provider} ${t.region} ${t.gpu ? 'gpu' : 'cpu'}`;
      const list = groups.get(key) ?? [];
      list.push({ capacity: { cpuCores: t.vcpu, memoryBytes: t.memoryGiB * GIB, gpus: t.gpu?.count ?? 0 }, hourlyUsd: t.hourlyUsd });
      groups.set(key, list);
    }
    expect(groups.size).toBeGreaterThan(3);
    for (const types of groups.values()) for (const demand of demands) expect(answer(demand, types)).toEqual(byDefinition(demand, types));
  });

  it('gives the same bound, bit for bit, on random node types with ties and duplicates', () => {
    const rand = seededUniform(20261127);
    for (let trial = 0; trial < 300; trial++) {
      const n = 1 + Math.floor(rand() * 25);
      const types: PricedCapacity[] = [];
      for (let i = 0; i < n; i++) {
        // Few distinct sizes and prices, so that ties and equal constraints are common.
        const cores = [1, 2, 4, 8, 16][Math.floor(rand() * 5)]!;
        const gib = cores * [1, 2, 4, 8][Math.floor(rand() * 4)]!;
        const gpus = rand() < 0.2 ? [1, 2, 4][Math.floor(rand() * 3)]! : 0;
        const price = Math.round((cores * 0.04 + gib * 0.005 + gpus * 0.9) * (0.8 + 0.4 * Math.floor(rand() * 3) / 2) * 1000) / 1000;
        types.push({ capacity: { cpuCores: cores, memoryBytes: gib * GIB, gpus }, hourlyUsd: price });
        if (rand() < 0.1) types.push({ ...types[types.length - 1]! });
      }
      const demand = { cpuCores: rand() < 0.1 ? 0 : rand() * 100, memoryBytes: rand() * 400 * GIB, gpus: rand() < 0.3 ? Math.floor(rand() * 8) : 0 };
      expect(answer(demand, types)).toEqual(byDefinition(demand, types));
    }
  });
});
