// Priced bill lines for the parts of a plan: node pools, block storage, egress, managed
// PostgreSQL and Redis, load balancers, the Kubernetes control plane and on-prem parts. The bill
// builder sums them per phase; each line carries its unit price, source and price date.
// Quantities come in SI units (bytes); lines show GiB, the unit providers bill in.
import type { BillLine } from '../plan/types.js';
import type { PoolPlan } from './binpack.js';
import { findUnitPrice, listInstances } from './catalog.js';
import { byCodePoint } from './compare.js';
import { HOURS_PER_MONTH } from './hours.js';
import { formatNumber } from '../units/format.js';
import type { Catalog, InstanceType, Provider, UnitPrice, UnitPriceItem } from './catalog-types.js';

/** A bill line as priced here: the plan's BillLine, plus the capex of on-prem parts. */
export interface PricedLine extends BillLine {
  /** On-prem only: the purchase price of the whole quantity. */
  capexUsd?: number;
}

/** Where a bill is priced. */
export interface PriceScope {
  provider: Provider;
  region: string;
}

const GIB = 2 ** 30;
/** Label of a managed-service line priced as the equivalent compute instance. */
export const COMPUTE_EQUIVALENT = 'compute-equivalent; no managed-service price in catalog';

/** Lines for bin-packed node pools: N nodes × the instance's monthly price. */
export function nodePoolLines(pools: readonly PoolPlan[], hoursPerMonth: number = HOURS_PER_MONTH): PricedLine[] {
  return pools.map((p) => ({
    item: 'nodePool',
    description: `${p.pool} node pool: ${p.nodeCount} × ${p.instance.name} over ${p.zones} zone${p.zones > 1 ? 's' : ''}`,
    quantity: p.nodeCount,
    unit: 'node-month',
    unitPrice: p.instance.hourlyUsd * hoursPerMonth,
    monthly: p.nodeCount * p.instance.hourlyUsd * hoursPerMonth,
    source: p.instance.source,
    asOf: p.instance.asOf,
    note: p.instance.adjustment ?? null,
  }));
}

/**
 * What a component's volumes need: their capacity, and for a disk its device class and what each
 * volume is provisioned with (IOPS, throughput). Without a device, the provider's default block
 * storage (databases' and caches' volumes).
 */
export interface BlockStorageRequest {
  capacityBytes: number;
  /** Provisioned IOPS over all the volumes. */
  iops?: number;
  volumes?: number;
  /** The disk's device class (gp3, io2, ssd…): priced by the catalog's row of that class only. */
  device?: string;
  /** Provisioned throughput of each volume, MiB/s. */
  throughputMiBsPerVolume?: number;
}

/**
 * Block storage (GiB-month), provisioned IOPS above those included per volume and provisioned
 * throughput above that included per volume, each priced by the catalog's row for the device
 * class. A class the catalog does not price on the provider gets one unpriced line saying so,
 * never another class's price.
 */
export function blockStorageLines(scope: PriceScope, request: BlockStorageRequest, catalog: Catalog): PricedLine[] {
  const gib = request.capacityBytes / GIB;
  const device = request.device;
  const volumes = request.volumes ?? 1;
  if (device !== undefined) {
    const own = findUnitPrice(scope.provider, scope.region, 'blockStorage', catalog, device);
    const generic = findUnitPrice(scope.provider, scope.region, 'blockStorage', catalog);
    // A profile's storage price (pricing.storage) is for every class; the catalog's own rows name theirs.
    if (own === undefined && generic?.source !== 'profile-pricing') {
      const priced = catalog.unitPrices.filter((u) => u.provider === scope.provider && u.item === 'blockStorage' && u.variant !== null && u.usd !== null).map((u) => u.variant);
      const why = `the catalog has no ${scope.provider} price for a ${device} device${priced.length ? ` (it prices ${priced.join(', ')} there)` : ''}`;
      return [{ item: 'blockStorage', description: 'block storage', quantity: gib, unit: generic?.unit ?? 'GiB-month', unitPrice: null, monthly: 0, source: 'no-dated-source', asOf: null, note: `unpriced: ${why}; its IOPS and throughput are not priced either` }];
    }
  }
  const lines = [unitLine(scope, catalog, 'blockStorage', gib, 'block storage', device === undefined ? fallbackFor(scope, catalog, 'blockStorage') : undefined, device)];
  if (request.iops !== undefined && request.iops > 0) lines.push(...provisionedLines(scope, catalog, 'blockStorageIops', request.iops / volumes, volumes, device));
  const mibs = request.throughputMiBsPerVolume ?? 0;
  if (mibs > 0 && findUnitPrice(scope.provider, scope.region, 'blockStorageThroughput', catalog, device) !== undefined) {
    lines.push(...provisionedLines(scope, catalog, 'blockStorageThroughput', mibs, volumes, device));
  }
  return lines.filter((l, k) => k === 0 || l.quantity > 0);
}

/*
 * Provisioned IOPS or throughput of `volumes` volumes, each provisioned with `perVolume`:
 *     billable per volume = max(0, perVolume − included per volume)
 * priced flat, or by the price's tiers of each volume's quantity (io2 IOPS: one line per tier).
 */
function provisionedLines(scope: PriceScope, catalog: Catalog, item: 'blockStorageIops' | 'blockStorageThroughput', perVolume: number, volumes: number, device: string | undefined): PricedLine[] {
  const price = findUnitPrice(scope.provider, scope.region, item, catalog, device);
  const included = price?.includedQuantity ?? 0;
  const what = item === 'blockStorageIops' ? 'IOPS' : 'MiB/s';
  const each = `${volumes} × ${formatCount(perVolume)}${included > 0 ? `, ${formatCount(included)} included each` : ''}`;
  const label = item === 'blockStorageIops' ? 'provisioned IOPS' : 'provisioned MiB/s';
  const over = price?.maxQuantity !== null && price?.maxQuantity !== undefined && perVolume > price.maxQuantity;
  const overNote = over ? `above ${formatCount(price!.maxQuantity!)} ${what} per volume, the most a ${device ?? 'volume'} takes: spread over more volumes` : null;
  const billablePerVolume = Math.max(0, perVolume - included);
  if (price?.volumeTiers && price.usd !== null) {
    const out: PricedLine[] = [];
    let from = 0;
    for (const [k, tier] of price.volumeTiers.entries()) {
      const to = tier.upTo ?? Infinity;
      const inTier = Math.min(perVolume, to) - Math.max(from, included);
      if (inTier > 0) {
        const quantity = inTier * volumes;
        out.push({ item, description: `${label} ${formatCount(from)}–${formatCount(to)} a volume (${each})`, quantity, unit: price.unit, unitPrice: tier.usd, monthly: quantity * tier.usd, source: price.source, asOf: price.asOf, note: price.adjustment ?? null });
      }
      from = to;
    }
    if (overNote && out.length) out[out.length - 1]!.note = [out[out.length - 1]!.note, overNote].filter(Boolean).join('; ');
    return out;
  }
  const line = unitLine(scope, catalog, item, billablePerVolume * volumes, `${label} (${each})`, undefined, device);
  if (overNote) line.note = [line.note, overNote].filter(Boolean).join('; ');
  return [line];
}

/** A count as the bill prints it: 16000 → "16,000". */
function formatCount(n: number): string {
  return formatNumber(n, 6);
}

/** Egress per month: to the internet (tiered where the source is), across zones and regions. */
export function egressLines(
  scope: PriceScope,
  request: { internetBytes?: number; interZoneBytes?: number; interRegionBytes?: number },
  catalog: Catalog,
): PricedLine[] {
  const lines: PricedLine[] = [];
  const internet = (request.internetBytes ?? 0) / GIB;
  if (internet > 0) {
    const price = findUnitPrice(scope.provider, scope.region, 'egressInternet', catalog);
    if (price?.tiers) lines.push(...tieredLines(price, internet));
    else lines.push(unitLine(scope, catalog, 'egressInternet', internet, 'egress to the internet', fallbackFor(scope, catalog, 'egressInternet')));
  }
  const zone = (request.interZoneBytes ?? 0) / GIB;
  if (zone > 0) lines.push(unitLine(scope, catalog, 'egressInterZone', zone, 'transfer between zones', fallbackFor(scope, catalog, 'egressInterZone')));
  const region = (request.interRegionBytes ?? 0) / GIB;
  if (region > 0) lines.push(unitLine(scope, catalog, 'egressInterRegion', region, 'transfer between regions', fallbackFor(scope, catalog, 'egressInterRegion')));
  return lines;
}

/** Managed PostgreSQL nodes (primary, replicas) of at least the given size. */
export function managedPostgresLines(
  scope: PriceScope,
  request: { role: string; nodes: number; cpuCores: number; memoryBytes: number },
  catalog: Catalog,
): PricedLine[] {
  return managedLines(scope, catalog, 'managedPostgres', `managed PostgreSQL ${request.role}`, request.nodes, request.cpuCores, request.memoryBytes);
}

/** Managed Redis: shards × (1 + replicas) nodes, each with at least the given memory. */
export function managedRedisLines(
  scope: PriceScope,
  request: { shards: number; replicasPerShard: number; memoryBytes: number; cpuCores?: number },
  catalog: Catalog,
): PricedLine[] {
  const nodes = request.shards * (1 + request.replicasPerShard);
  const what = `managed Redis: ${request.shards} shard${request.shards > 1 ? 's' : ''} × ${1 + request.replicasPerShard} node${request.replicasPerShard > 0 ? 's' : ''}`;
  return managedLines(scope, catalog, 'managedRedis', what, nodes, request.cpuCores ?? 0, request.memoryBytes);
}

/** Kubernetes control planes and load balancers (hourly prices × 730), when the catalog prices them. */
export function serviceLines(
  scope: PriceScope,
  request: { loadBalancers?: number; controlPlanes?: number },
  catalog: Catalog,
  hoursPerMonth: number = HOURS_PER_MONTH,
): PricedLine[] {
  const wanted: [UnitPriceItem, number, string, string][] = [
    ['controlPlane', request.controlPlanes ?? 0, 'Kubernetes control plane', 'cluster-month'],
    ['loadBalancer', request.loadBalancers ?? 0, 'load balancer', 'load-balancer-month'],
  ];
  return wanted
    .filter(([, count]) => count > 0)
    .map(([item, count, what, unit]) => {
      const line = unitLine(scope, catalog, item, count, what);
      const unitPrice = line.unitPrice === null ? null : line.unitPrice * hoursPerMonth;
      return { ...line, unit, unitPrice, monthly: unitPrice === null ? 0 : count * unitPrice };
    });
}

/** On-prem parts: capex spread evenly over the amortisation period (months). */
export function onpremLines(
  items: readonly { partId: string; quantity: number }[],
  catalog: Catalog,
  amortisationMonths: number = catalog.onprem.amortisationMonths,
): PricedLine[] {
  return items.map(({ partId, quantity }) => {
    const part = catalog.onprem.parts.find((p) => p.id === partId);
    if (!part) throw new RangeError(`no on-prem part ${partId} in the catalog`);
    /* Straight-line amortisation: monthly = quantity × capex / months. */
    const unitPrice = part.capexUsd / amortisationMonths;
    return {
      item: `onprem.${part.kind}`,
      description: `${part.name}: capex $${part.capexUsd} each, amortised over ${amortisationMonths} months`,
      quantity,
      unit: 'part-month',
      unitPrice,
      monthly: quantity * unitPrice,
      source: part.source,
      asOf: part.asOf,
      note: part.adjustment ?? (part.indicative ? 'indicative street price' : null),
      capexUsd: quantity * part.capexUsd,
    };
  });
}

interface Fallback {
  usd: number;
  source: string;
  asOf: string | null;
  note: string;
}

/** OpenCost's undated defaults apply only where they come from: GCP us-central1. */
function fallbackFor(scope: PriceScope, catalog: Catalog, item: UnitPriceItem): Fallback | undefined {
  const f = catalog.fallbackUnitPrices;
  if (scope.provider !== 'gcp' || scope.region !== 'us-central1') return undefined;
  const usd = {
    blockStorage: f.blockStorageGiBMonthUsd,
    egressInternet: f.egressInternetUsdPerGiB,
    egressInterZone: f.egressInterZoneUsdPerGiB,
    egressInterRegion: f.egressInterRegionUsdPerGiB,
  }[item as string];
  return usd === undefined ? undefined : { usd, source: f.source, asOf: f.asOf, note: `undated OpenCost default (${f.basis})` };
}

function unitLine(scope: PriceScope, catalog: Catalog, item: UnitPriceItem, quantity: number, description: string, fallback?: Fallback, variant?: string): PricedLine {
  // A class's own row, else only a profile's price (pricing.storage, for every class): never another class's.
  const first = findUnitPrice(scope.provider, scope.region, item, catalog);
  const price = variant === undefined ? first : findUnitPrice(scope.provider, scope.region, item, catalog, variant) ?? (first?.source === 'profile-pricing' ? first : undefined);
  const unit = price?.unit ?? 'unit';
  if (price && price.usd !== null) {
    return { item, description, quantity, unit, unitPrice: price.usd, monthly: quantity * price.usd, source: price.source, asOf: price.asOf, note: price.adjustment ?? null };
  }
  if (fallback && price?.source !== 'profile-pricing') {
    return { item, description, quantity, unit, unitPrice: fallback.usd, monthly: quantity * fallback.usd, source: fallback.source, asOf: fallback.asOf, note: fallback.note };
  }
  return { item, description, quantity, unit, unitPrice: null, monthly: 0, source: price?.source ?? 'no-dated-source', asOf: null, note: `unpriced: ${price?.note ?? `no ${scope.provider} price for ${variant ?? 'it'} in the catalog`}` };
}

function tieredLines(price: UnitPrice, gib: number): PricedLine[] {
  const lines: PricedLine[] = [];
  let from = 0;
  for (const [k, tier] of (price.tiers ?? []).entries()) {
    const to = tier.upToGiB ?? Infinity;
    const quantity = Math.min(gib, to) - from;
    if (quantity <= 0) break;
    const range = tier.upToGiB === null ? `above ${from} GiB` : `${from}–${to} GiB`;
    lines.push({ item: 'egressInternet', description: `egress to the internet, tier ${k + 1} (${range} per month)`, quantity, unit: price.unit, unitPrice: tier.usd, monthly: quantity * tier.usd, source: price.source, asOf: price.asOf, note: price.adjustment ?? null });
    from = to;
  }
  return lines;
}

function managedLines(scope: PriceScope, catalog: Catalog, item: 'managedPostgres' | 'managedRedis', what: string, nodes: number, cpuCores: number, memoryBytes: number, hoursPerMonth: number = HOURS_PER_MONTH): PricedLine[] {
  const price = findUnitPrice(scope.provider, scope.region, item, catalog);
  if (price && price.usd !== null) {
    const unitPrice = price.usd * hoursPerMonth;
    return [{ item, description: what, quantity: nodes, unit: 'node-month', unitPrice, monthly: nodes * unitPrice, source: price.source, asOf: price.asOf, note: price.adjustment ?? null }];
  }
  const instance = cheapestFit(scope, catalog, cpuCores, memoryBytes);
  if (!instance) {
    return [{ item, description: what, quantity: nodes, unit: 'node-month', unitPrice: null, monthly: 0, source: 'no-dated-source', asOf: null, note: `unpriced: no managed-service price and no instance in ${scope.provider} ${scope.region} with ${cpuCores} cores and ${(memoryBytes / GIB).toFixed(1)} GiB` }];
  }
  const unitPrice = instance.hourlyUsd * hoursPerMonth;
  return [{ item, description: `${what}: ${nodes} × ${instance.name}-equivalent`, quantity: nodes, unit: 'node-month', unitPrice, monthly: nodes * unitPrice, source: instance.source, asOf: instance.asOf, note: COMPUTE_EQUIVALENT }];
}

/** Cheapest sustained-CPU, GPU-less instance with at least the cores and memory asked. */
function cheapestFit(scope: PriceScope, catalog: Catalog, cpuCores: number, memoryBytes: number): InstanceType | undefined {
  return listInstances({ provider: scope.provider, region: scope.region, gpu: false }, catalog)
    .filter((i) => i.category !== 'burstable' && i.vcpu >= cpuCores && i.memoryGiB * GIB >= memoryBytes)
    .sort((a, b) => a.hourlyUsd - b.hourlyUsd || byCodePoint(a.name, b.name))[0];
}
