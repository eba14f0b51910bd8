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
import { formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import type { WorkloadSettings } from './schema.js';
import type { SourceDocument } from './source.js';

/** Ratio (R + Z) / Z from which the reading of thinkTime changes the rate enough to warn (25 %). */
export const INTERACTIVE_SPREAD = 1.25;

/** Where a phase's warning goes, and what its rates are multiplied by. */
export interface InteractivePhase {
  /** The phase's name, which the message starts with. */
  name: string;
  /** Its index under `phases`. */
  index: number;
  /** Its `scale`: the users, and so both rates, are multiplied by it. */
  scale: number;
}

/** What a warning is about: the reading of Z beside R (the rates only scale with N). */
export type InteractiveKey = string;

/**
 * The warning for a users workload whose response time is not small beside its think time (empty
 * otherwise): the base's at `workload.thinkTime`, or, given `phase`, a phase's (its merged
 * workload and targets), at the first of thinkTime, responseTime (or the p95 target when R is
 * that), concurrentUsers the phase writes itself, else at the phase. A phase whose Z and R are
 * the base's (`given`: the base's key, added by its call) gets none: N and scale move both rates
 * by one factor, so the base's warning holds for it. Phases that write their own Z or R are
 * warned each at its own line.
 */
export function interactiveWarnings(w: WorkloadSettings, latencyTargetS: number | undefined, doc: SourceDocument, phase?: InteractivePhase, given: Set<InteractiveKey> = new Set()): Diagnostic[] {
  const n = w.concurrentUsers;
  const z = w.thinkTime;
  if (n === undefined || z === undefined || !(n > 0) || !(z > 0) || w.sessionsPerDay !== undefined || w.rps !== undefined) return [];
  const stated = w.responseTime;
  const r = stated ?? latencyTargetS;
  if (r === undefined || !((r + z) / z >= INTERACTIVE_SPREAD)) return [];
  const key = `${stated !== undefined ? 'responseTime' : 'latencyP95'} ${r} ${z}`;
  if (given.has(key)) return [];
  if (!phase) given.add(key);
  const users = n * (phase?.scale ?? 1);
  const upper = users / z;
  const law = users / (r + z);
  const ratio = `${formatNumber((r + z) / z)}×`;
  const path = phase ? phasePosition(doc, phase.index, stated !== undefined) : ['workload', 'thinkTime'];
  const pos = doc.position(path);
  const body =
    stated !== undefined
      ? `responseTime ${formatDuration(r)} is not small beside thinkTime ${formatDuration(z)}: the rate is N / (R + Z) = ${formatNumber(law)} req/s, while reading ${formatDuration(z)} as the time from one request to the next would give N / Z = ${formatNumber(upper)} req/s (${ratio} as much)`
      : `the end-to-end p95 target ${formatDuration(r)} is not small beside thinkTime ${formatDuration(z)}: the plan sizes for the upper bound N / Z = ${formatNumber(upper)} req/s (responseTime 0), while users who wait up to ${formatDuration(r)} for each answer send as few as N / (R + Z) = ${formatNumber(law)} req/s (${ratio} less)`;
  const message = phase ? `phase "${phase.name}": ${body}` : body;
  const hint =
    stated !== undefined
      ? `thinkTime is the pause after a response before the next request; if ${formatDuration(z)} is the whole time between requests, ${z > r ? `write thinkTime: ${formatDuration(z - r)}` : `a response of ${formatDuration(r)} cannot fit in it: check both`}`
      : 'thinkTime is the pause after a response before the next request; give responseTime (the mean response time users see) for the rate they send';
  return [{ file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message, hint, severity: 'warning' }];
}

/** Where a phase's warning goes: the first field behind it that the phase writes, else the phase. */
function phasePosition(doc: SourceDocument, index: number, stated: boolean): PathSegment[] {
  const at: PathSegment[] = ['phases', index];
  const fields: PathSegment[][] = [
    ['workload', 'thinkTime'],
    stated ? ['workload', 'responseTime'] : ['targets', 'latencyP95'],
    ['workload', 'concurrentUsers'],
  ];
  for (const f of fields) if (doc.has([...at, ...f])) return [...at, ...f];
  return at;
}
