/**
 * Block storage of a phase, one line per component so that its cost (and its growth) is the
 * component's own: the data each node holds in the phase (footprint.ts: the dataset plus what
 * accumulated by the phase's `after`), provisioned at 80 % full, and a disk's provisioned IOPS.
 * Each line's note says what was assumed. Pure.
 */
import { DEFAULT_DATA_BYTES, fillOf, redisMaxmemoryBytes, shardsOf, storageHeld, volumeBytesPerNode } from '../plan/footprint.js';
import { ceilish } from '../kinds/horizontal.js';
import type { ComponentPlan, PhasePlan } from '../plan/types.js';
import { regionDataShare } from '../plan/regions.js';
import { formatBytes, formatNumber, formatPercent } from '../units/format.js';
import { blockStorageLines, type PricedLine, type PriceScope } from './bill-lines.js';
import type { Catalog } from './catalog-types.js';

/** Volumes of one component in a phase: how many, the bytes provisioned in all, and why. */
export interface ComponentVolumes {
  volumes: number;
  provisionedBytes: number;
  assumption: string;
  /** Provisioned IOPS over all the volumes (0: none bought). */
  iops: number;
  /** A disk's device class (databases' and caches' volumes have none: the provider's default). */
  device?: string;
  /** Provisioned throughput of each volume, MiB/s (0: none bought). */
  throughputMiBsPerVolume?: number;
}

/** What each region holds of the data, when the phase has regions (plan/regions.ts, regionDataShare), as the start of the note's parenthesis. */
function regionHolds(phase: Pick<PhasePlan, 'regions'>): string {
  const r = phase.regions;
  if (r === null) return ' (';
  return r.failover ? ' in each region (all the data, as a region takes a lost region’s users; ' : ` in each region (its users’ ${formatNumber(regionDataShare(r))} of the data; `;
}

/** Whether a component is of a kind that has volumes (a database, a disk, a cache we run): the only ones componentVolumes prices. */
export function mayHaveVolumes(c: ComponentPlan): boolean {
  return c.kind === 'database' || c.kind === 'disk' || (c.kind === 'cache' && !c.managed);
}

/** The volumes a component needs in a phase (null: none, e.g. a managed cache or a service). */
export function componentVolumes(c: ComponentPlan, phase: PhasePlan): ComponentVolumes | null {
  // Only the kinds with volumes read the fill: most of a large phase's components are services.
  if (!mayHaveVolumes(c)) return null;
  const fill = fillOf(c);
  const atFill = `provisioned at ${formatPercent(fill)} full`;
  if (c.kind === 'database') {
    const held = storageHeld(c, phase) ?? { bytes: DEFAULT_DATA_BYTES, assumption: `no storage figure: the ${formatBytes(DEFAULT_DATA_BYTES)} default` };
    const shards = shardsOf(c);
    const perNode = held.bytes / shards / fill;
    const spread = shards > 1 ? ` over ${shards} shards` : '';
    return { volumes: c.replicas, provisionedBytes: c.replicas * perNode, assumption: `${formatBytes(held.bytes)} held${regionHolds(phase)}${held.assumption})${spread}, a copy on each of ${c.replicas} node${c.replicas === 1 ? '' : 's'}, ${atFill}${claimedAhead(c, phase, perNode, 'a node')}`, iops: 0 };
  }
  if (c.kind === 'cache' && !c.managed) {
    const perNode = (2 * redisMaxmemoryBytes(c, phase.targets.memoryUtilization)) / fill;
    return { volumes: c.replicas, provisionedBytes: c.replicas * perNode, assumption: `twice maxmemory per node (an RDB snapshot and an AOF rewrite) on ${c.replicas} node${c.replicas === 1 ? '' : 's'}, ${atFill}`, iops: 0 };
  }
  if (c.kind === 'disk') {
    const held = storageHeld(c, phase);
    if (held === null || held.bytes <= 0) return null;
    // What the plan's device model assumes is bought. IOPS: each volume at the device's IOPS, as its
    // utilisation, M/M/c latency (c = IOPS × latency) and headroom assume. Throughput: enough that
    // the bytes run each volume at no more than the plan's utilisation U at peak,
    //     per volume = min(device throughput, bytes/s ÷ (volumes × U)),
    // the device's figure when bandwidth sets U, less when IOPS or storage does.
    const iops = Number(c.detail.iops ?? 0) > 0 ? c.replicas * Number(c.detail.deviceIops ?? 0) : 0;
    const throughputMiBsPerVolume = c.demand > 0 && c.capacityUnit === 'B/s' && c.utilization > 0
      ? Math.min(c.capacityPerUnit, c.demand / (c.replicas * c.utilization)) / 2 ** 20
      : 0;
    return {
      volumes: c.replicas,
      provisionedBytes: held.bytes / fill,
      assumption: `${formatBytes(held.bytes)} held${regionHolds(phase)}${held.assumption}), ${atFill}${claimedAhead(c, phase, held.bytes / fill, 'its volume')}`,
      iops,
      device: String(c.detail.device),
      throughputMiBsPerVolume,
    };
  }
  return null;
}

/**
 * The bill charges the data a phase holds, as if the volumes grew with it; the manifests claim the
 * end of the retention period from the start (a StatefulSet's claims cannot grow by re-applying
 * it), and a cloud disk bills what it is provisioned at. Where the two differ, the note says so.
 */
function claimedAhead(c: ComponentPlan, phase: PhasePlan, billedBytes: number, per: string): string {
  const claimed = volumeBytesPerNode(c, phase.targets.memoryUtilization) ?? 0;
  if (!(claimed > billedBytes * (1 + 1e-9))) return '';
  // In whole GiB, rounded up, as the claim is written.
  return ` as the volumes grow; emit k8s claims ${formatNumber(Math.max(1, ceilish(claimed / 2 ** 30)))} GiB for ${per} from the start (the end of the retention period), which a cloud disk bills from the day it is made`;
}

/**
 * Block storage lines of a phase, each naming its component. `components`: the phase's components
 * to look at, in its order, which must include every one that mayHaveVolumes (a bill that has
 * already gone through the phase picks them out: 475 of 5,000 in the bench's synthetic profile,
 * where asking every component's kind again here took ~50 of the bill's ~700 ms of profile).
 */
export function storageLines(phase: PhasePlan, scope: PriceScope, catalog: Catalog, components: readonly ComponentPlan[] = phase.components): PricedLine[] {
  const out: PricedLine[] = [];
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    const v = componentVolumes(c, phase);
    if (v === null || v.provisionedBytes <= 0) continue;
    const lines = blockStorageLines(scope, {
      capacityBytes: v.provisionedBytes,
      volumes: v.volumes,
      ...(v.iops > 0 ? { iops: Math.ceil(v.iops) } : {}),
      ...(v.device !== undefined ? { device: v.device } : {}),
      ...(v.throughputMiBsPerVolume ? { throughputMiBsPerVolume: v.throughputMiBsPerVolume } : {}),
    }, catalog);
    // The storage line first, then its IOPS line, if any.
    const storage = lines[0]!;
    // An unpriced line's reason first: the bill reads it from the note's start.
    const note = storage.unitPrice === null ? [storage.note, v.assumption] : [v.assumption, storage.note];
    out.push({ ...storage, description: `block storage: ${c.name}`, note: note.filter(Boolean).join('; '), component: c.name });
    for (let j = 1; j < lines.length; j++) out.push({ ...lines[j]!, description: `${lines[j]!.description}: ${c.name}`, component: c.name });
  }
  return out;
}
