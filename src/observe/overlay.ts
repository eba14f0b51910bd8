/**
 * The calibration overlay: which profile keys the observations set, and the YAML file that
 * `capplan plan --calibration` merges (each value with its derivation, query, window and time as
 * comments). Pure; the command layer writes the text.
 */
import type { Observation } from './collect.js';
import type { Derived, DerivedComponent } from './laws.js';
import { formatPromDuration, formatTime } from './promql.js';

/** Name of the phase the observed peak becomes. */
export const MEASURED_PHASE = 'today, measured';

/** Keys that define a component's capacity: an overlay that sets one drops the others. */
export const CAPACITY_KEYS = ['capacity', 'serviceTime'] as const;

/** One profile key the overlay sets (SI value). */
export interface CalibratedValue {
  key: string;
  value: number;
  quantity: 'duration' | 'rate' | 'number' | 'count';
  /** The formula with numbers, for the comment. */
  derivation: string;
  queries: string[];
}

/** A component's settings as far as calibration reads them. */
export interface CalibrationSettings {
  kind: string;
  serviceTime?: unknown;
  capacity?: unknown;
  readsPerRequest?: unknown;
  writesPerRequest?: unknown;
}

const num = (v: number) => Number(v.toPrecision(6)).toString();

/**
 * The keys a component's observations set: its visits (perRequest; opsPerRequest for caches;
 * readsPerRequest and writesPerRequest scaled alike for databases, keeping the profile's mix), and
 * its capacity from S = B / X_c in the form the profile uses (serviceTime, else capacity = c / S).
 * Agents keep their capacity: their service demand is on GPUs, which cAdvisor's CPU does not see.
 */
export function calibrationOf(settings: CalibrationSettings, d: DerivedComponent, systemRps: number, queries: { rate: string; cpu: string | null }): CalibratedValue[] {
  const out: CalibratedValue[] = [];
  if (d.visits !== null) {
    const v = `V = X_c / X = ${num(d.rate)} / ${num(systemRps)} = ${num(d.visits)} (Forced Flow Law)`;
    if (settings.kind === 'database') {
      const reads = typeof settings.readsPerRequest === 'number' ? settings.readsPerRequest : 0;
      const writes = typeof settings.writesPerRequest === 'number' ? settings.writesPerRequest : 0;
      if (d.profileVisits > 0) {
        const k = d.visits / d.profileVisits;
        const scaled = `${v}; the profile's ${num(d.profileVisits)} scaled by ${num(k)}, keeping its read/write mix`;
        if (reads > 0) out.push({ key: 'readsPerRequest', value: reads * k, quantity: 'number', derivation: scaled, queries: [queries.rate] });
        if (writes > 0) out.push({ key: 'writesPerRequest', value: writes * k, quantity: 'number', derivation: scaled, queries: [queries.rate] });
      }
    } else {
      out.push({ key: settings.kind === 'cache' ? 'opsPerRequest' : 'perRequest', value: d.visits, quantity: 'number', derivation: v, queries: [queries.rate] });
    }
  }
  if (d.serviceTimeS !== null && d.serviceTimeS > 0 && settings.kind !== 'agent' && queries.cpu !== null) {
    const s = `S = B / X_c = ${num(d.busyCores!)} cores / ${num(d.rate)}/s = ${num(d.serviceTimeS * 1000)} ms (Utilisation Law; a busy worker is a busy core)`;
    if (typeof settings.serviceTime === 'number') {
      out.push({ key: 'serviceTime', value: d.serviceTimeS, quantity: 'duration', derivation: s, queries: [queries.cpu, queries.rate] });
    } else {
      out.push({ key: 'capacity', value: d.capacityPerReplica!, quantity: 'rate', derivation: `μ = c / S = ${d.workers} / ${num(d.serviceTimeS * 1000)} ms; ${s}`, queries: [queries.cpu, queries.rate] });
      if (typeof settings.capacity === 'object' && settings.capacity !== null) {
        out.push({ key: 'workers', value: d.workers, quantity: 'count', derivation: 'c, the concurrency of the USL curve this replaces', queries: [] });
      }
    }
  }
  return out;
}

/** Everything the overlay file says. */
export interface OverlayInput {
  /** The generated-file marker the overwrite guard looks for (cli/io.ts). */
  marker: string;
  profile: string;
  source: string;
  obs: Observation;
  derived: Derived;
  /** Calibrated values by component, in profile order. */
  values: { name: string; values: CalibratedValue[] }[];
  /** The query that gave the entry's rate. */
  entryQuery: string;
  entryVisits: number;
}

/** A value as the profile reads it: "12.3456ms", "120/s", "0.5". */
export function formatOverlayValue(v: CalibratedValue): string {
  if (v.quantity === 'duration') return v.value < 1 ? `${num(v.value * 1000)}ms` : `${num(v.value)}s`;
  if (v.quantity === 'rate') return `${num(v.value)}/s`;
  if (v.quantity === 'count') return String(Math.round(v.value));
  return num(v.value);
}

/** Renders the overlay YAML (deterministic for the same observations). */
export function renderOverlay(o: OverlayInput): string {
  const when = formatTime(o.obs.atS);
  const how = o.obs.atMode === 'peak' ? `the peak of the ${formatPromDuration(o.obs.windowS)} window ending ${formatTime(o.obs.endS)}` : 'the time asked for';
  const w = formatPromDuration(o.obs.rateWindowS);
  const line = (text: string) => text.replace(/\s*\n\s*/g, ' ');
  const out = [
    `# ${o.marker} observe from ${line(o.source)}`,
    `# Measured at ${when} (${how}); rates over ${w}.`,
    `# Merge it: capplan plan <profile> --calibration <this file>. Each value says how it was derived.`,
    'apiVersion: capplan/v1',
    'kind: Calibration',
    `profile: ${JSON.stringify(o.profile)}`,
    `measuredAt: ${JSON.stringify(when)}`,
    `rateWindow: ${JSON.stringify(w)}`,
    'phase:',
    `  # X = X_${o.derived.entry} / V_${o.derived.entry} = ${num(o.derived.systemRps * o.entryVisits)} / ${num(o.entryVisits)} = ${num(o.derived.systemRps)} req/s; ${w} rate at ${when}`,
    `  #   query: ${line(o.entryQuery)}`,
    `  name: ${JSON.stringify(MEASURED_PHASE)}`,
    `  rps: ${num(o.derived.systemRps)}/s`,
  ];
  const withValues = o.values.filter((c) => c.values.length > 0);
  out.push(withValues.length > 0 ? 'components:' : 'components: {}');
  for (const c of withValues) {
    out.push(`  ${c.name}:`);
    for (const v of c.values) {
      out.push(`    # ${v.derivation}; ${w} rates at ${when}`);
      for (const q of v.queries) out.push(`    #   query: ${line(q)}`);
      out.push(`    ${v.key}: ${formatOverlayValue(v)}`);
    }
  }
  return `${out.join('\n')}\n`;
}
