/**
 * On-prem drives for a phase's disk components. A disk whose device class is a drive kind (nvme,
 * ssd, hdd) is priced by a part of that kind, from the catalog or added in the profile's
 * `pricing.onprem.parts`; every device the plan sized is one drive. Where no part fits, the
 * disk is left unpriced with the exact YAML that would price it.
 */
import type { ComponentPlan } from '../plan/types.js';
import { formatNumber } from '../units/format.js';
import { byCodePoint } from './compare.js';
import { DRIVE_KINDS, type DriveKind, type OnpremPart } from './catalog-types.js';

/** A disk the bill cannot price: what, why, and what to write to price it. */
export interface UnpricedDrive {
  component: string;
  what: string;
  why: string;
  remedy: string;
}

/** Parts to buy (drives, summed per part) and the disks left unpriced. */
export interface DrivePurchase {
  items: { partId: string; quantity: number }[];
  unpriced: UnpricedDrive[];
}

const isDriveKind = (device: string): device is DriveKind => (DRIVE_KINDS as readonly string[]).includes(device);

/** Relative slack when comparing a part's capacity with a device class's size (decimal vs binary rounding). */
const CAPACITY_SLACK = 1e-9;

/**
 * The part that prices one drive of a device class: among the parts of the same kind that hold
 * at least the class's size (the size the plan counted devices by; a part of unknown capacity
 * is taken to), the cheapest per drive, ties broken by id in code-point order. Null when none.
 */
export function drivePart(parts: readonly OnpremPart[], kind: DriveKind, deviceSizeBytes: number): OnpremPart | null {
  const fits = parts.filter((p) => p.kind === kind && (p.capacityBytes === null || p.capacityBytes >= deviceSizeBytes * (1 - CAPACITY_SLACK)));
  fits.sort((a, b) => a.capexUsd - b.capexUsd || byCodePoint(a.id, b.id));
  return fits[0] ?? null;
}

/** A `pricing:` snippet adding a drive of this kind and size (decimal GB), e.g. hdd-2tb. */
export function addDriveSnippet(kind: DriveKind, sizeBytes: number): string {
  const gb = Math.ceil(sizeBytes / 1e9 - 1e-9);
  const id = `${kind}-${gb % 1000 === 0 ? `${gb / 1000}tb` : `${gb}gb`}`;
  return `pricing: { onprem: { parts: { ${id}: { kind: ${kind}, capexUsd: <USD per drive>, capacityGB: ${gb} } } } }`;
}

/** The drives of a phase's disk components: one per device, summed per part in the disks' order. */
export function onpremDrives(disks: readonly ComponentPlan[], parts: readonly OnpremPart[]): DrivePurchase {
  const quantities = new Map<string, number>();
  const unpriced: UnpricedDrive[] = [];
  for (const d of disks) {
    const device = String(d.detail.device);
    if (!isDriveKind(device)) {
      const what = `its ${device} ${device === 'custom' ? 'devices' : 'volumes'}`;
      unpriced.push({
        component: d.name,
        what,
        why: device === 'custom'
          ? 'a custom device ({ throughput, iops, latency, size }) has no drive kind to match an on-prem part'
          : `${device} is a cloud block-storage class, not an on-prem drive`,
        remedy: `give the disk an on-prem device class (device: ${DRIVE_KINDS.join(', ')}) and, when the catalog lacks its drive, add it with pricing.onprem.parts`,
      });
      continue;
    }
    const sizeBytes = Number(d.detail.deviceSize);
    const part = drivePart(parts, device, sizeBytes);
    if (part) {
      quantities.set(part.id, (quantities.get(part.id) ?? 0) + d.replicas);
      continue;
    }
    const sameKind = parts.filter((p) => p.kind === device);
    unpriced.push({
      component: d.name,
      what: `its ${device} drives`,
      why: sameKind.length === 0
        ? `no ${device} part in the on-prem catalog or the profile`
        : `the ${device} part${sameKind.length > 1 ? 's' : ''} (${sameKind.map((p) => `${p.id}, ${formatNumber((p.capacityBytes ?? 0) / 1e9)} GB`).join('; ')}) hold${sameKind.length > 1 ? '' : 's'} less than the ${formatNumber(sizeBytes / 1e9)} GB ${device} drive the plan counts`,
      remedy: `add the drive to the profile: ${addDriveSnippet(device, sizeBytes)}`,
    });
  }
  return { items: [...quantities].map(([partId, quantity]) => ({ partId, quantity })), unpriced };
}
