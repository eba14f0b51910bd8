/**
 * Concurrent users N with think time Z give the rate by the interactive response-time law
 * X = N / (R + Z) (Denning & Buzen 1978), Z being the pause after a response before the next
 * request and R the response time (`responseTime`, default 0: the upper bound N / Z). When R is
 * not small beside Z, the two readings of "think time" (the pause after a response, or the
 * whole time from one request to the next, R + Z) give rates that differ by (R + Z) / Z: a
 * warning at `thinkTime` says so, with both rates, once that ratio reaches INTERACTIVE_SPREAD.
 * R is `responseTime` where given; else the end-to-end p95 target bounds the response time the
 * plan is meant to keep, and the rate the plan sizes for, N / Z, is an upper bound.
 */
import { formatDuration, formatNumber } from '../units/format.js';
import { formatPath, type Diagnostic } from './diagnostic.js';
import type { WorkloadSettings } from './schema.js';
import type { SourceDocument } from './source.js';

/** Ratio (R + Z) / Z from which the reading of thinkTime changes the rate enough to warn (25 %). */
export const INTERACTIVE_SPREAD = 1.25;

/** The warning for a users workload whose response time is not small beside its think time (empty otherwise). */
export function interactiveWarnings(w: WorkloadSettings, latencyTargetS: number | undefined, doc: SourceDocument): Diagnostic[] {
  const n = w.concurrentUsers;
  const z = w.thinkTime;
  if (n === undefined || z === undefined || !(n > 0) || !(z > 0) || w.sessionsPerDay !== undefined || w.rps !== undefined) return [];
  const given = w.responseTime;
  const r = given ?? latencyTargetS;
  if (r === undefined || !((r + z) / z >= INTERACTIVE_SPREAD)) return [];
  const upper = n / z;
  const law = n / (r + z);
  const ratio = `${formatNumber((r + z) / z)}×`;
  const path = ['workload', 'thinkTime'];
  const pos = doc.position(path);
  const message =
    given !== undefined
      ? `responseTime ${formatDuration(r)} is not small beside thinkTime ${formatDuration(z)}: the rate is N / (R + Z) = ${formatNumber(law)} req/s, while reading ${formatDuration(z)} as the time from one request to the next would give N / Z = ${formatNumber(upper)} req/s (${ratio} as much)`
      : `the end-to-end p95 target ${formatDuration(r)} is not small beside thinkTime ${formatDuration(z)}: the plan sizes for the upper bound N / Z = ${formatNumber(upper)} req/s (responseTime 0), while users who wait up to ${formatDuration(r)} for each answer send as few as N / (R + Z) = ${formatNumber(law)} req/s (${ratio} less)`;
  const hint =
    given !== undefined
      ? `thinkTime is the pause after a response before the next request; if ${formatDuration(z)} is the whole time between requests, ${z > r ? `write thinkTime: ${formatDuration(z - r)}` : `a response of ${formatDuration(r)} cannot fit in it: check both`}`
      : 'thinkTime is the pause after a response before the next request; give responseTime (the mean response time users see) for the rate they send';
  return [{ file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message, hint, severity: 'warning' }];
}
