/**
 * What one region stores of the system's data (plan/regions.ts, regionDataShare): the share d of
 * the dataset and of the whole system's writes. A region's own rates are the system's × its load
 * share s (1/(R − 1) with failover), so the system's write rate is the region's ÷ s. Without
 * regions, or with two regions and failover (s = d = 1), nothing changes.
 */
import { formatNumber } from '../units/format.js';
import type { SizingContext } from './kind.js';

/**
 * How long written data is kept when the profile gives no `retention` (365 d, as the docs, the warning and `--explain` say): the same
 * rule for a database (`bytesPerWrite` given) and a disk (`writeBytesPerRequest` above 0), and the
 * profile loader warns at the write-bytes key that this default decides the storage
 * (profile/retention-warning.ts; docs/profile-reference.md).
 */
export const DEFAULT_RETENTION_S = 365 * 86_400;

export interface StoredShare {
  /** d: the share of the system's data the region holds (1: all of it). */
  share: number;
  /** The system's rate of a figure given at the region's rate (÷ s). */
  systemRate(regionRate: number): number;
  /** Why d is what it is, for the formula's text; empty when d and s are 1. */
  why: string;
}

const ALL: StoredShare = { share: 1, systemRate: (r) => r, why: '' };

export function storedShare(ctx: Pick<SizingContext, 'regionShare' | 'dataShare'>): StoredShare {
  const s = ctx.regionShare ?? 1;
  const d = ctx.dataShare ?? 1;
  if (s === 1 && d === 1) return ALL;
  return {
    share: d,
    systemRate: (r) => r / s,
    why: d === 1 ? 'every region holds all the data: it takes a lost region’s users (regionFailover)' : `each region holds its own users’ ${formatNumber(d)} of the data`,
  };
}
