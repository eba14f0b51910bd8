/**
 * The workload variables a profile expression may name (`capacity: peakRps * 0.2`), each with the
 * unit its name states, so that expressions keep their dimensions: `1 / peakRps` is a duration,
 * `peakRps * 0.2` a rate, `requestsPerSession / 4` a plain number.
 */
import { deriveWorkload } from '../plan/derive.js';
import type { WorkloadSettings } from './schema.js';

/** Values an expression may name, in SI units (per day for sessionsPerDay, as its name says). */
export type Scope = Readonly<Record<string, number>>;

/** The unit a variable carries into an expression: per second, per day, seconds, or none. */
export type VariableUnit = 'perSecond' | 'perDay' | 'seconds' | null;

/** One documented variable. */
export interface ExpressionVariable {
  name: string;
  unit: VariableUnit;
  meaning: string;
}

/** Every variable an expression may name, in documentation order. */
export const EXPRESSION_VARIABLES: readonly ExpressionVariable[] = [
  { name: 'peakRps', unit: 'perSecond', meaning: "the phase's peak user request rate" },
  { name: 'rps', unit: 'perSecond', meaning: 'the same as peakRps' },
  { name: 'meanRps', unit: 'perSecond', meaning: "the phase's mean request rate over the day" },
  { name: 'peakFactor', unit: null, meaning: 'peak rate ÷ mean rate' },
  { name: 'scale', unit: null, meaning: "the phase's scale on the base workload" },
  { name: 'sessionsPerDay', unit: 'perDay', meaning: 'user sessions per day (when the workload counts sessions)' },
  { name: 'requestsPerSession', unit: null, meaning: 'requests one session makes (when given)' },
  { name: 'sessionRate', unit: 'perSecond', meaning: 'sessions starting per second at peak (when sessions are counted)' },
  { name: 'concurrentUsers', unit: null, meaning: 'users active at peak (when the workload gives them)' },
  { name: 'thinkTime', unit: 'seconds', meaning: "a user's time between requests (when given)" },
];

/** The unit of each variable, by name. */
export const VARIABLE_UNITS: ReadonlyMap<string, VariableUnit> = new Map(EXPRESSION_VARIABLES.map((v) => [v.name, v.unit]));

/** The values expressions may name: the phase's workload in SI units (sessions per day as such). */
export function scopeOf(w: WorkloadSettings, scale: number): Scope {
  const d = deriveWorkload(w, scale);
  const scope: Record<string, number> = { peakRps: d.peakRps, rps: d.peakRps, meanRps: d.meanRps, peakFactor: d.peakFactor, scale };
  if (d.sessionsPerDay !== null) scope.sessionsPerDay = d.sessionsPerDay;
  if (d.requestsPerSession !== null) scope.requestsPerSession = d.requestsPerSession;
  if (d.sessionRate !== null) scope.sessionRate = d.sessionRate;
  if (d.concurrentUsers !== null) scope.concurrentUsers = d.concurrentUsers;
  if (w.thinkTime !== undefined) scope.thinkTime = w.thinkTime;
  return scope;
}
