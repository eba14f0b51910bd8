// A pool's pods spread over its zones and packed zone by zone (first fit on nodes of one type),
// for binPack: each component's even share of every zone, the zones' demand and the fewest nodes
// it needs, the packing with its nodes, and the count alone for the types that do not win. Pure.
import { firstFitZone } from './first-fit.js';
import { packingOrder, type Capacity, type PodShape, type Run } from './pack-order.js';

const EPS = 1e-9;

/** Identical pods of one component, spread evenly over `zones` zones. */
export interface PodGroup {
  component: string;
  count: number;
  cpuCores: number;
  memoryBytes: number;
  gpus: number;
  zones: number;
  /** Memory each GPU must have, when the pod needs GPUs of a certain size. */
  gpuMemoryBytes?: number;
}

/** The pods on one node and what they request. */
export interface NodePlacement {
  zone: number;
  pods: { component: string; count: number }[];
  podCount: number;
  cpuCores: number;
  memoryBytes: number;
  gpus: number;
}

/*
 * Even spread of n pods over z zones: zone k gets ⌊n/z⌋ pods, plus one for the n mod z zones
 * starting at `offset` (mod z), so remainders of successive components land on different zones.
 */
/** Pods per zone for n pods spread evenly over z zones, remainders from zone `offset` on (zeros after them up to `length`). */
export function splitOverZones(count: number, zones: number, offset = 0, length = zones): number[] {
  const base = Math.floor(count / zones);
  const rem = count % zones;
  // Padded with zeros to `length` zones (a pool's), allocated once: a phase splits thousands of groups.
  const out = new Array<number>(Math.max(length, zones)).fill(0, zones).fill(base, 0, zones);
  for (let j = 0; j < rem; j += 1) out[(offset + j) % zones]! += 1;
  return out;
}

/** One zone's total requests and pods. */
export interface ZoneDemand {
  cpuCores: number;
  memoryBytes: number;
  gpus: number;
  pods: number;
}

/** Each zone's total requests and pods (`shares[i]`: groups[i]'s pods in each zone, as zoneShares gives them). */
export function zoneDemand(groups: readonly PodGroup[], shares: readonly (readonly number[])[], zones: number): ZoneDemand[] {
  const out = Array.from({ length: zones }, () => ({ cpuCores: 0, memoryBytes: 0, gpus: 0, pods: 0 }));
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    const share = shares[i]!;
    for (let z = 0; z < share.length; z++) {
      const n = share[z]!;
      out[z]!.cpuCores += n * g.cpuCores;
      out[z]!.memoryBytes += n * g.memoryBytes;
      out[z]!.gpus += n * g.gpus;
      out[z]!.pods += n;
    }
  }
  return out;
}

/** The fewest nodes of capacity c any packing of the zones' demand can use (every zone as full as the tolerance allows; balanced zones all as large as the largest). */
export function nodesAtLeast(demand: readonly ZoneDemand[], c: Capacity, balance: boolean): number {
  // Rounded down a hair so that floating-point sums never lift the bound above a packing's count.
  const over = (total: number, capacity: number) => (total > 0 && capacity > 0 ? Math.ceil((total / capacity) * (1 - 1e-9)) : 0);
  const perZone = demand.map((d) => Math.max(over(d.cpuCores, c.cpuCores + EPS), over(d.memoryBytes, c.memoryBytes + EPS), over(d.gpus, c.gpus), over(d.pods, c.pods)));
  return balance ? perZone.length * Math.max(0, ...perZone) : perZone.reduce((a, b) => a + b, 0);
}

/**
 * Each group's pods in each of `zones` zones, by the group's index (groups' remainders on
 * successive zones). By index, not by name: a Map of a phase's 5,000 names, filled here and
 * read by zoneDemand and runsByType, cost ~45 of binPack's ~580 ms of profile at 5,000 × 20.
 */
export function zoneShares(groups: readonly PodGroup[], zones: number): number[][] {
  const out: number[][] = [];
  let offset = 0;
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i]!;
    out.push(splitOverZones(g.count, g.zones, offset % g.zones, zones));
    offset += g.count % g.zones;
  }
  return out;
}

/**
 * First-fit decreasing, zone by zone; pads zones to equal node counts when balancing.
 *
 * The pods of one group are identical, so they are placed a group at a time rather than one by
 * one, with the same result: first fit puts a pod on the first node with room, a node that has no
 * room for a pod of the group never regains it while the group is placed (nodes only fill), so
 * first fit fills the first node with room as far as it takes the group's pods, then the next,
 * and opens new nodes, each holding as many as fit an empty node, only for the rest. The first
 * node with room is found through a NodeTree (the nodes' least used CPU, memory, GPUs and pods),
 * which passes over runs of full nodes at once; the nodes it finds are the ones a scan from the
 * first node would, so the packing is unchanged. Exported for the test that holds it to the
 * pod-by-pod packing.
 */
export function packZones(groups: readonly PodGroup[], shares: readonly (readonly number[])[], c: Capacity, zones: number, balance: boolean): { nodes: NodePlacement[]; perZone: number[]; nodeCount: number } {
  const byZone: NodePlacement[][] = [];
  const shareOf = new Map<PodShape, readonly number[]>(groups.map((g, i) => [g, shares[i]!]));
  const order = packingOrder(groups, c).map((g): Run => ({ g, share: shareOf.get(g)! }));
  for (let zone = 0; zone < zones; zone += 1) {
    const bins: NodePlacement[] = [];
    firstFitZone(order, zone, c, (bin, g, k) => {
      // Each node takes pods of g at most once (filled as far as it takes them): a new entry.
      if (bin === bins.length) bins.push({ zone, pods: [], podCount: 0, cpuCores: 0, memoryBytes: 0, gpus: 0 });
      const b = bins[bin]!;
      b.pods.push({ component: g.component, count: k });
      b.podCount += k;
      b.cpuCores += k * g.cpuCores;
      b.memoryBytes += k * g.memoryBytes;
      b.gpus += k * g.gpus;
    });
    byZone.push(bins);
  }
  const target = balance ? Math.max(...byZone.map((b) => b.length)) : 0;
  for (const [zone, bins] of byZone.entries()) {
    while (bins.length < target) bins.push({ zone, pods: [], podCount: 0, cpuCores: 0, memoryBytes: 0, gpus: 0 });
  }
  const nodes = byZone.flat();
  return { nodes, perZone: byZone.map((b) => b.length), nodeCount: nodes.length };
}

/**
 * Nodes per zone of packZones' packing (`order`: its groups as runs), without building the nodes
 * (for the types that do not win); null as soon as `tooMany` says of a lower bound on the pool's
 * node count that the type cannot win. The bound: a packed zone's nodes, the nodes a zone being
 * packed has opened so far (first fit never closes one) and, for the zones not yet packed, what
 * their demand needs at least (`needs`, as nodesAtLeast counts it); with balanced zones, every
 * zone as many as the largest.
 */
export function countZones(order: readonly Run[], c: Capacity, zones: number, balance: boolean,
  needs: readonly ZoneDemand[], tooMany: (nodes: number) => boolean): { perZone: number[]; nodeCount: number } | null {
  const least = needs.map((d) => nodesAtLeast([d], c, false));
  const counts: number[] = [];
  for (let zone = 0; zone < zones; zone += 1) {
    // The bound with this zone at n nodes: the packed zones as counted, the later ones at least.
    let done = 0;
    let most = 0;
    for (let z = 0; z < zones; z += 1) {
      if (z === zone) continue;
      const n = z < zone ? counts[z]! : least[z]!;
      done += n;
      most = Math.max(most, n);
    }
    const bound = (n: number): number => (balance ? zones * Math.max(most, n) : done + n);
    if (tooMany(bound(least[zone]!))) return null;
    const count = firstFitZone(order, zone, c, undefined, (n) => tooMany(bound(n)), least[zone]!);
    if (count < 0) return null;
    counts.push(count);
  }
  const perZone = balance ? counts.map(() => Math.max(...counts)) : counts;
  return { perZone, nodeCount: perZone.reduce((a, b) => a + b, 0) };
}
