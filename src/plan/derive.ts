/** The demand side: a phase's workload settings → its peak and mean request rates. */
import type { WorkloadSettings } from '../profile/schema.js';
import { formatDuration, formatNumber, formatPercent } from '../units/format.js';
import type { PhaseWorkload } from './types.js';

/** Seconds in a day. */
export const SECONDS_PER_DAY = 86_400;

/**
 * Peak and mean user request rates of a phase (DESIGN.md §3):
 * - sessions: mean = sessionsPerDay × requestsPerSession / 86400; peak = mean × peakFactor, or
 *   sessionsPerDay × requestsPerSession × peakHourShare / 3600;
 * - rps: the peak directly; mean = peak / peakFactor;
 * - concurrent users N with think time Z: X = N / (R + Z), the interactive response-time law
 *   (Denning & Buzen 1978), with R = responseTime (default 0, the upper bound N / Z).
 * Where the peak is given (rps, users), a peak-hour share h says the same as a peak factor: the
 * busiest hour holds h of the day, so peak ÷ mean = 24·h and mean = peak / (24·h).
 * `scale` multiplies the rate-defining quantity (growth phases).
 */
export function deriveWorkload(w: WorkloadSettings, scale: number): PhaseWorkload {
  const r = w.requestsPerSession ?? null;
  let peak: number;
  let mean: number;
  let derivation: string;
  let sessionsPerDay: number | null = null;
  let users: number | null = null;
  const scaled = scale === 1 ? '' : ` (× ${formatNumber(scale)} for this phase)`;
  if (w.sessionsPerDay !== undefined && r !== null) {
    sessionsPerDay = w.sessionsPerDay * scale;
    mean = (sessionsPerDay * r) / SECONDS_PER_DAY;
    if (w.peakHourShare !== undefined) {
      peak = (sessionsPerDay * r * w.peakHourShare) / 3600;
      derivation = `peak = sessions/day × requests/session × peak-hour share / 3600 = ${formatNumber(sessionsPerDay)}${scaled} × ${formatNumber(r)} × ${formatPercent(w.peakHourShare)} / 3600 = ${formatNumber(peak)} req/s`;
    } else {
      const pf = w.peakFactor ?? 1;
      peak = mean * pf;
      derivation = `mean = ${formatNumber(sessionsPerDay)}${scaled} sessions/day × ${formatNumber(r)} req/session / 86400 s = ${formatNumber(mean)} req/s; peak = mean × peakFactor ${formatNumber(pf)} = ${formatNumber(peak)} req/s`;
    }
  } else if (w.rps !== undefined) {
    peak = w.rps * scale;
    mean = peak / peakToMean(w);
    derivation = `peak = rps ${formatNumber(w.rps)}${scaled} = ${formatNumber(peak)} req/s; mean = peak / ${peakToMeanText(w)} = ${formatNumber(mean)} req/s`;
    if (r !== null) sessionsPerDay = (mean * SECONDS_PER_DAY) / r;
  } else {
    users = (w.concurrentUsers ?? 0) * scale;
    const z = w.thinkTime ?? 1;
    const rt = w.responseTime ?? 0;
    peak = users / (rt + z);
    mean = peak / peakToMean(w);
    derivation = `X = N / (R + Z) = ${formatNumber(users)}${scaled} / (${formatDuration(rt)} + ${formatDuration(z)}) = ${formatNumber(peak)} req/s (interactive response-time law${rt === 0 ? ', R = 0: upper bound' : ''})`;
    if (r !== null) sessionsPerDay = (mean * SECONDS_PER_DAY) / r;
  }
  const out: PhaseWorkload = {
    peakRps: peak,
    meanRps: mean,
    sessionsPerDay,
    requestsPerSession: r,
    peakFactor: mean > 0 ? peak / mean : 1,
    sessionRate: r !== null ? peak / r : null,
    concurrentUsers: users,
    derivation,
  };
  // Only when not Poisson: a plan without it stays byte for byte what it was.
  if (w.arrivalCv !== undefined && w.arrivalCv !== 1) {
    out.arrivalCv = w.arrivalCv;
    out.derivation = `${derivation}; arrivals: a renewal stream of inter-arrival cv ${formatNumber(w.arrivalCv)} (${w.arrivalCv > 1 ? 'H2 with balanced means' : 'an Erlang mixture'}, matched on mean and cv), not Poisson`;
  }
  return out;
}

/** Peak ÷ mean rate where the peak is given: peakFactor, or 24 × peakHourShare (the busiest hour's share of the day), or 1. */
function peakToMean(w: WorkloadSettings): number {
  return w.peakHourShare !== undefined ? 24 * w.peakHourShare : (w.peakFactor ?? 1);
}

function peakToMeanText(w: WorkloadSettings): string {
  return w.peakHourShare !== undefined ? `(24 × peak-hour share ${formatPercent(w.peakHourShare)})` : `peakFactor ${formatNumber(w.peakFactor ?? 1)}`;
}
