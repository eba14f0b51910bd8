/**
 * Per-component compute cost that stays put when other components change. Each component is
 * charged for what it requests (replicas × CPU, memory, GPUs) at unit prices fixed by the
 * catalog alone, and what the node pools cost beyond that is the packing waste, a line of its
 * own. Charging shares of the packed pools instead (as OpenCost does for a running cluster)
 * moves an unchanged component's cost whenever a change elsewhere re-packs the nodes, which a
 * CI gate would report as a change that did not happen. Pure.
 */
import type { InstanceType } from './catalog-types.js';
import { poolCandidates, schedulableCapacity, type BinPackOptions, type PoolPlan } from './binpack.js';
import type { PodGroup } from './zone-packing.js';

/** Prices per unit of request, per hour. */
export interface UnitPrices {
  usdPerCoreHour: number;
  usdPerGiBHour: number;
  usdPerGpuHour: number;
  /** The instance type whose price sets the rate (the cheapest along the ratio). */
  basis: string;
}

/** The proportions the unit prices keep (OpenCost's default per-core, per-GiB and per-GPU hourly prices). */
export interface PriceRatio {
  cpuCoreHourUsd: number;
  memoryGiBHourUsd: number;
  gpuHourUsd: number;
}

const GIB = 2 ** 30;

/*
 * Unit prices of a pool: y = k × r, where r is a fixed price ratio (per core-hour : per GiB-hour :
 * per GPU-hour) and k the largest scale at which no instance type of the pool costs less than the
 * resources it can schedule, priced at y:
 *     k = min over types t of  p_t / (r · C_t)
 * (p_t the hourly price, C_t the schedulable capacity). Then y · C_t ≤ p_t for every type, so on
 * any node the requests it holds are priced at most at the node's price: the charges never exceed
 * the pools' cost, and the rest is the packing waste. y depends on the catalog, the region and the
 * pool only, never on the plan. This is the LP lower bound of lower-bound.ts restricted to one
 * direction, so that it does not move with the mix of requests.
 */
/**
 * Fixed unit prices of a pool ('general' or 'gpu') in a region, or null when no type can price
 * them; with `gpuMemoryBytes`, among the types whose GPUs have at least that much memory (an
 * agent whose model needs an 80 GB GPU pays an 80 GB GPU's rate, not the cheapest GPU's, which
 * cannot run it).
 */
export function poolUnitPrices(pool: 'general' | 'gpu', instances: readonly InstanceType[], ratio: PriceRatio, options: BinPackOptions = {}, gpuMemoryBytes = 0): UnitPrices | null {
  let best: { k: number; name: string } | null = null;
  for (const t of poolCandidates(pool, instances, options)) {
    if (gpuMemoryBytes > 0 && !holdsGpuMemory(t, gpuMemoryBytes)) continue;
    const c = schedulableCapacity(t, options);
    const value = ratio.cpuCoreHourUsd * c.cpuCores + ratio.memoryGiBHourUsd * (c.memoryBytes / GIB) + (pool === 'gpu' ? ratio.gpuHourUsd * c.gpus : 0);
    if (!(value > 0)) continue;
    const k = t.hourlyUsd / value;
    if (best === null || k < best.k || (k === best.k && t.name < best.name)) best = { k, name: t.name };
  }
  if (best === null) return null;
  return {
    usdPerCoreHour: best.k * ratio.cpuCoreHourUsd,
    usdPerGiBHour: best.k * ratio.memoryGiBHourUsd,
    usdPerGpuHour: pool === 'gpu' ? best.k * ratio.gpuHourUsd : 0,
    basis: best.name,
  };
}

/** Whether each GPU of the type has at least `bytes` of memory (a type whose GPU memory the catalog does not give has not). */
export function holdsGpuMemory(t: InstanceType, bytes: number): boolean {
  return t.gpu !== null && t.gpu.memoryGiB !== null && t.gpu.memoryGiB * GIB >= bytes;
}

/**
 * Whether a group is among those the pool placed. A pool (binPack) holds the groups with pods of
 * its kind (GPU or not) but those none of its types fits; when it holds as many as there are, it
 * holds all of them, and they are told by their kind instead of looking each name up in a Set of
 * the pool's names (at 5,000 × 20, ~20 of allocateCompute's ~35 ms of profile).
 */
function placedIn(pool: PoolPlan, groups: readonly PodGroup[]): (g: PodGroup) => boolean {
  const gpu = pool.pool === 'gpu';
  const ofKind = (g: PodGroup) => g.count > 0 && (g.gpus > 0) === gpu;
  let n = 0;
  for (let i = 0; i < groups.length; i++) if (ofKind(groups[i]!)) n += 1;
  if (n === pool.components.length) return ofKind;
  const members = new Set(pool.components);
  return (g) => members.has(g.component);
}

/** What the compute of the node pools costs per component, and what is left over. */
export interface ComputeAllocation {
  /** Monthly cost of each placed component's requests at its pool's unit prices, by name (a Map: a phase has thousands). */
  byComponent: ReadonlyMap<string, number>;
  /** The pools' monthly cost beyond the requests: capacity bought but not requested. */
  packingWaste: number;
  /** The unit prices used, per pool; a GPU pool's components that need GPUs of some memory have the rate of such GPUs (`gpuMemoryPerGpu`, bytes, the least they need), after the pool's own. */
  unitPrices: { pool: 'general' | 'gpu'; usdPerCoreHour: number; usdPerGiBHour: number; usdPerGpuHour: number; basis: string; gpuMemoryPerGpu?: number }[];
}

/**
 * Charges every placed pod group its requests at its pool's fixed unit prices; the rest of the
 * pools' cost is waste. `pools`: binPack's pools of `groups`.
 */
export function allocateCompute(pools: readonly PoolPlan[], groups: readonly PodGroup[], instances: readonly InstanceType[], ratio: PriceRatio, hoursPerMonth: number, options: BinPackOptions = {}): ComputeAllocation {
  const byComponent = new Map<string, number>();
  const unitPrices: ComputeAllocation['unitPrices'] = [];
  let charged = 0;
  for (const pool of pools) {
    const base = poolUnitPrices(pool.pool, instances, ratio, options);
    if (base === null) continue;
    unitPrices.push({ pool: pool.pool, ...base });
    const placed = placedIn(pool, groups);
    // The rate of GPUs with enough memory, per distinct need, in increasing order of the need.
    const byNeed = new Map<number, UnitPrices>();
    const needOf = (g: PodGroup) => (pool.pool === 'gpu' && g.gpus > 0 ? (g.gpuMemoryBytes ?? 0) : 0);
    // (A general pool's groups need no GPU memory.)
    const needs = pool.pool === 'gpu' ? [...new Set(groups.filter(placed).map(needOf))].filter((n) => n > 0).sort((a, b) => a - b) : [];
    for (const need of needs) {
      const priced = poolUnitPrices(pool.pool, instances, ratio, options, need);
      // The pool's own rate already comes from GPUs of that much memory: nothing to add.
      if (priced === null || priced.basis === base.basis) continue;
      byNeed.set(need, priced);
      unitPrices.push({ pool: pool.pool, ...priced, gpuMemoryPerGpu: need });
    }
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (!placed(g)) continue;
      const y = byNeed.get(needOf(g)) ?? base;
      const hourly = g.count * (g.cpuCores * y.usdPerCoreHour + (g.memoryBytes / GIB) * y.usdPerGiBHour + g.gpus * y.usdPerGpuHour);
      // Set once: binPack refuses a component named by two groups, and a group is in one pool.
      byComponent.set(g.component, hourly * hoursPerMonth);
      charged += hourly * hoursPerMonth;
    }
  }
  const total = pools.reduce((s, p) => s + p.monthlyUsd, 0);
  return { byComponent, packingWaste: Math.max(0, total - charged), unitPrices };
}
