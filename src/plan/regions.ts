/**
 * Regions: whole copies of the stack (a load balancer, the replicas, the caches), each serving an
 * even share of the users, unlike zones, which spread one deployment's replicas. A phase with R
 * regions is sized for the load of one region,
 *
 *     share s = 1 / R              (users stay in their region), or
 *     share s = 1 / (R − 1)        (regionFailover: a region also takes a lost region's users),
 *
 * so every component's count, utilisation and latency are one region's; the system's rates (the
 * maximum sustainable rate, the breaking point, sessions per day) are the whole system's, each
 * region's divided by s, and the bill is one region's × R. Limits stated for the whole system
 * (an adapter's provider rate limit) are s of it per region (SizingContext.regionShare). Stored
 * data follows where the users' data must be: 1/R of it per region, or all of it with failover
 * (regionDataShare). Traffic between regions (cache or database replication) is not modelled.
 */
import { formatNumber } from '../units/format.js';
import type { ComponentPlan, PhaseWorkload, RegionPlan, SystemPlan } from './types.js';

/** How a phase's targets split it into regions (before its workload is known), or null for one region. */
export interface RegionSetting {
  count: number;
  names: string[];
  failover: boolean;
  share: number;
}

/** The regions of a phase's targets, or null for one region. */
export function regionsOf(t: { regions?: number | string[] | undefined; regionFailover?: boolean | undefined }): RegionSetting | null {
  const names = Array.isArray(t.regions) ? [...t.regions] : [];
  const count = Array.isArray(t.regions) ? t.regions.length : (t.regions ?? 1);
  if (count <= 1) return null;
  const failover = t.regionFailover === true;
  return { count, names, failover, share: failover ? 1 / (count - 1) : 1 / count };
}

/**
 * The share of the system's stored data each region holds: its own users' 1/R, or all of it with
 * regionFailover (a region that takes a lost region's users must hold their data, so the data is
 * replicated to every region). The whole system's writes are stored at that share too: with
 * failover every region keeps every region's writes.
 */
export function regionDataShare(r: Pick<RegionSetting, 'count' | 'failover'>): number {
  return r.failover ? 1 : 1 / r.count;
}

/** The regions of a phase with the peak one region serves. */
export function regionPlan(r: RegionSetting, w: PhaseWorkload): RegionPlan {
  const why = r.failover ? `1 / (${r.count} regions − 1): each region can take a lost region's users` : `1 / ${r.count} regions`;
  const peakRps = w.peakRps * r.share;
  return { ...r, peakRps, derivation: `one region serves peak × ${formatNumber(r.share)} (${why}) = ${formatNumber(peakRps)} req/s` };
}

/** The workload one region serves: every rate and count × the share. */
export function regionalWorkload(w: PhaseWorkload, r: RegionSetting): PhaseWorkload {
  const s = r.share;
  return {
    ...w,
    peakRps: w.peakRps * s,
    meanRps: w.meanRps * s,
    sessionsPerDay: w.sessionsPerDay === null ? null : w.sessionsPerDay * s,
    sessionRate: w.sessionRate === null ? null : w.sessionRate * s,
    concurrentUsers: w.concurrentUsers === null ? null : w.concurrentUsers * s,
    derivation: `${w.derivation}; ${regionPlan(r, w).derivation}`,
  };
}

/** The user-rate figures a component and the system share, from one region's to the whole system's (÷ share). */
type UserRates = Pick<SystemPlan, 'maxRps' | 'breakingRps' | 'maxSessionsPerDay' | 'breakingSessionsPerDay'>;

function globalRates<T extends UserRates>(x: T, s: number): T {
  const scaled = (v: number | null) => (v === null ? null : v / s);
  return { ...x, maxRps: x.maxRps / s, breakingRps: x.breakingRps / s, maxSessionsPerDay: scaled(x.maxSessionsPerDay), breakingSessionsPerDay: scaled(x.breakingSessionsPerDay) };
}

/** A component's user-rate figures, from one region's to the whole system's (÷ share); its own load and count stay one region's. */
export function globalComponent(c: ComponentPlan, r: RegionSetting): ComponentPlan {
  return { ...globalRates(c, r.share), detail: { ...c.detail, regions: r.count } };
}

/** The system's rates, from one region's to the whole system's; headroom and latency are the same in every region. */
export function globalSystem(sys: SystemPlan, r: RegionSetting): SystemPlan {
  return globalRates(sys, r.share);
}
