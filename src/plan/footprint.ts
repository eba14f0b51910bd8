/**
 * What one unit of a component asks of the infrastructure, shared by the manifests and the bill
 * so that both deploy and price the same thing: the requests of one replica (the profile's
 * resources, else stated defaults per kind), the volume of one node (provisioned at 80 % full),
 * and the data a phase holds. Pure; SI units.
 */
import type { ComponentPlan, PhasePlan } from './types.js';
import { formatDuration } from '../units/format.js';

const MIB = 2 ** 20;
const GIB = 2 ** 30;

/** Seconds in a billing month (730 h, as cloud price lists count it). */
export const SECONDS_PER_BILLING_MONTH = 730 * 3600;

/** Requests of one replica when the profile gives no resources (stated on the bill and in the plan's notes). */
export const DEFAULT_REQUESTS: Readonly<Record<string, { cpuCores: number; memoryBytes: number }>> = {
  service: { cpuCores: 0.5, memoryBytes: 512 * MIB },
  adapter: { cpuCores: 0.25, memoryBytes: 256 * MIB },
  worker: { cpuCores: 0.5, memoryBytes: 512 * MIB },
  agent: { cpuCores: 1, memoryBytes: 2 * GIB },
  database: { cpuCores: 2, memoryBytes: 8 * GIB },
  cache: { cpuCores: 1, memoryBytes: 4 * GIB },
};

/** Requests of one Redis Sentinel process: a tiny event loop (stated default; manifests and bills use it). */
export const SENTINEL_REQUESTS: Readonly<{ cpuCores: number; memoryBytes: number }> = { cpuCores: 0.1, memoryBytes: 128 * MIB };

/** Pods a component runs besides its replicas (a cache's Sentinels), each group with its requests. */
export function sidecarPods(c: ComponentPlan): { name: string; count: number; cpuCores: number; memoryBytes: number }[] {
  const sentinels = c.kind === 'cache' && !c.managed ? (detailNumber(c, 'sentinels') ?? 0) : 0;
  return sentinels > 0 ? [{ name: `${c.name}-sentinel`, count: sentinels, ...SENTINEL_REQUESTS }] : [];
}

/** Fill level a volume is provisioned to: data ÷ 0.8, so a volume is 80 % full when it holds what the plan says. */
export const DEFAULT_FILL = 0.8;

/** Data a database or disk is given when the plan has no storage figure (no bytesPerWrite, no dataset). */
export const DEFAULT_DATA_BYTES = 8 * GIB;

/** One replica's CPU and memory requests, and whether a default stood in for the profile. */
export function requestsOf(c: ComponentPlan): { cpuCores: number; memoryBytes: number; defaulted: boolean } {
  const d = DEFAULT_REQUESTS[c.kind] ?? DEFAULT_REQUESTS.service!;
  return {
    cpuCores: c.resources.cpuCores ?? d.cpuCores,
    memoryBytes: c.resources.memoryBytes ?? d.memoryBytes,
    defaulted: c.resources.cpuCores === null || c.resources.memoryBytes === null,
  };
}

/** A number from a component's detail, or null. */
export function detailNumber(c: ComponentPlan, key: string): number | null {
  const v = c.detail[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Shards of a stateful component (1 when the plan does not say). */
export function shardsOf(c: ComponentPlan): number {
  return Math.max(1, detailNumber(c, 'shards') ?? 1);
}

/** Redis maxmemory per node, bytes: the plan's (node memory × memory target), else the memory request × the target. */
export function redisMaxmemoryBytes(c: ComponentPlan, memoryUtilization: number): number {
  return detailNumber(c, 'maxmemory') ?? Math.floor(requestsOf(c).memoryBytes * memoryUtilization);
}

/** The fill level of a component's volumes: the disk's own `fill`, else 80 %. */
export function fillOf(c: ComponentPlan): number {
  return c.storage?.fill ?? DEFAULT_FILL;
}

/**
 * Bytes one node's volume is provisioned with: what it must hold at the end of the retention
 * period ÷ the fill level. Database: its shard's data (every node of a shard holds a copy);
 * cache: twice maxmemory, room for an RDB snapshot and an AOF rewrite of a full node; disk: the
 * data of the one shared volume. Null for kinds without volumes.
 */
export function volumeBytesPerNode(c: ComponentPlan, memoryUtilization: number): number | null {
  const fill = fillOf(c);
  if (c.kind === 'database') return (c.storageBytes ?? DEFAULT_DATA_BYTES) / shardsOf(c) / fill;
  if (c.kind === 'cache') return (2 * redisMaxmemoryBytes(c, memoryUtilization)) / fill;
  if (c.kind === 'disk') return (c.storageBytes ?? DEFAULT_DATA_BYTES) / fill;
  return null;
}

/** How long the system has been writing when a phase is billed (null: not known). */
export function phaseAgeS(phase: Pick<PhasePlan, 'afterS'>): number | null {
  return phase.afterS === null ? null : Math.max(phase.afterS, SECONDS_PER_BILLING_MONTH);
}

/** Whole months, for the bill's wording: 2,629,800 s → "1 month". */
function months(seconds: number): string {
  // Less than a month reads in days or hours ("1 d"), not as "0 months".
  if (seconds < SECONDS_PER_BILLING_MONTH) return formatDuration(seconds);
  const n = Math.round((seconds / SECONDS_PER_BILLING_MONTH) * 10) / 10;
  return `${n} month${n === 1 ? '' : 's'}`;
}

/**
 * Data a component holds in a phase, and the assumption behind it. Data grows from the dataset
 * at the mean write rate until the retention period is reached, then holds steady:
 *     held(t) = dataset + λ̄_w × bytes per write × min(t, retention)
 * with t the phase's age: its `after` (time since the base phase began), and at least the first
 * billing month. A phase with no `after` is taken at the end of the retention period (the most it
 * can hold), and the assumption says so.
 */
export function storageHeld(c: ComponentPlan, phase: Pick<PhasePlan, 'afterS'>): { bytes: number; assumption: string } | null {
  const s = c.storage;
  if (!s) return c.storageBytes === null ? null : { bytes: c.storageBytes, assumption: 'the data the plan gives' };
  const age = phaseAgeS(phase);
  if (s.growthBytesPerS <= 0) return { bytes: s.datasetBytes, assumption: 'the dataset; no writes are kept' };
  if (s.retentionS <= 0) return { bytes: s.datasetBytes, assumption: 'the dataset; no retention given, so writes do not accumulate' };
  if (age === null) {
    return { bytes: s.datasetBytes + s.growthBytesPerS * s.retentionS, assumption: `the end of its ${months(s.retentionS)} of retention, as the phase gives no after:` };
  }
  const t = Math.min(age, s.retentionS);
  const what = t === s.retentionS ? `the full ${months(t)} retention` : `${months(t)} of writes`;
  return { bytes: s.datasetBytes + s.growthBytesPerS * t, assumption: `dataset + ${what} at this phase's mean rate` };
}
