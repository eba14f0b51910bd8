/**
 * Reading a calibration overlay (written by `capplan observe --write`) and merging it over a
 * profile before validation: measured component values replace the profile's, and the measured
 * peak becomes the first growth phase. Pure: documents in, a document (or diagnostics) out.
 */
import * as z from 'zod';
import { didYouMean, formatPath, type Diagnostic, type PathSegment } from '../profile/diagnostic.js';
import { componentName, makeFields } from '../profile/fields.js';
import { issuesToDiagnostics } from '../profile/issues.js';
import type { SourceDocument } from '../profile/source.js';
import { readQuantity } from '../units/quantity.js';
import { CAPACITY_KEYS, MEASURED_PHASE } from './overlay.js';

function calibrationSchema() {
  const f = makeFields(readQuantity);
  return z.strictObject({
    apiVersion: z.literal('capplan/v1', { error: 'expected apiVersion: capplan/v1' }),
    kind: z.literal('Calibration', { error: 'expected kind: Calibration (a file written by capplan observe --write)' }),
    profile: z.string().min(1),
    measuredAt: z.string().min(1),
    rateWindow: z.string().optional(),
    phase: z.strictObject({ name: z.string().min(1).default(MEASURED_PHASE), rps: f.rate({ positive: true }) }).optional(),
    components: z
      .record(
        componentName,
        z.strictObject({
          perRequest: f.number({ min: 0 }).optional(),
          opsPerRequest: f.number({ min: 0 }).optional(),
          readsPerRequest: f.number({ min: 0 }).optional(),
          writesPerRequest: f.number({ min: 0 }).optional(),
          serviceTime: f.duration({ positive: true }).optional(),
          capacity: f.rate({ positive: true }).optional(),
          workers: f.count({ min: 1 }).optional(),
        }),
      )
      .default({}),
  });
}

/** Merges an overlay document over a profile document; returns the merged document and warnings, or every problem. */
export function applyCalibration(profile: SourceDocument, overlay: SourceDocument): { doc: SourceDocument; warnings: Diagnostic[] } | { diagnostics: Diagnostic[] } {
  const schema = calibrationSchema();
  const parsed = schema.safeParse(overlay.data);
  if (!parsed.success) return { diagnostics: issuesToDiagnostics(parsed.error.issues, schema, overlay.data, overlay).diagnostics };
  const at = (path: PathSegment[], message: string, severity: 'error' | 'warning', hint?: string): Diagnostic => {
    const pos = overlay.position(path, { key: true });
    return { file: overlay.file, line: pos.line, col: pos.col, path: formatPath(path), message, severity, ...(hint ? { hint } : {}) };
  };
  const data = structuredClone(profile.data) as Record<string, unknown>;
  const problems: Diagnostic[] = [];
  const warnings: Diagnostic[] = [];
  if (parsed.data.profile !== data.name) warnings.push(at(['profile'], `measured for profile "${parsed.data.profile}", merged over "${String(data.name)}"`, 'warning'));
  const components = (isObject(data.components) ? data.components : {}) as Record<string, Record<string, unknown>>;
  const raw = (overlay.data as { components?: Record<string, Record<string, unknown>> }).components ?? {};
  for (const [name, values] of Object.entries(raw)) {
    const target = components[name];
    if (!isObject(target)) {
      const suggestion = didYouMean(name, Object.keys(components));
      problems.push(at(['components', name], `no component "${name}" in ${profile.file}`, 'error', suggestion ? `did you mean "${suggestion}"?` : undefined));
      continue;
    }
    if (CAPACITY_KEYS.some((k) => k in values)) {
      for (const k of CAPACITY_KEYS) if (!(k in values)) dropKey(target, k);
      // A phase that sets its own capacity keeps it: the measured one is dropped there.
      for (const phase of Array.isArray(data.phases) ? data.phases : []) {
        const override = (phase as { components?: Record<string, Record<string, unknown>> })?.components?.[name];
        if (isObject(override) && CAPACITY_KEYS.some((k) => k in override)) for (const k of CAPACITY_KEYS) if (!(k in override)) override[k] = null;
      }
    }
    Object.assign(target, values);
  }
  if (problems.length) return { diagnostics: problems };
  const phase = (overlay.data as { phase?: { name?: string; rps: unknown } }).phase;
  if (!phase) return { doc: { ...profile, data }, warnings };
  const measured = {
    name: phase.name ?? MEASURED_PHASE,
    description: `measured by capplan observe at ${parsed.data.measuredAt}`,
    workload: { rps: phase.rps, sessionsPerDay: null, concurrentUsers: null, thinkTime: null, responseTime: null, peakHourShare: null },
  };
  data.phases = [measured, ...(Array.isArray(data.phases) ? data.phases : [])];
  return { doc: shiftPhases(profile, data), warnings };
}

/** Removes a key; a component built on a preset gets null instead, which deletes the preset's value when they merge. */
function dropKey(component: Record<string, unknown>, key: string): void {
  if (typeof component.preset === 'string') component[key] = null;
  else delete component[key];
}

/** The merged document, whose phases[0] is the measured phase: positions of later phases map to the file's. */
function shiftPhases(profile: SourceDocument, data: unknown): SourceDocument {
  const shift = (path: readonly PathSegment[]): PathSegment[] | null => {
    if (path[0] !== 'phases' || typeof path[1] !== 'number') return [...path];
    return path[1] === 0 ? null : ['phases', path[1] - 1, ...path.slice(2)];
  };
  return {
    file: profile.file,
    data,
    has: (path) => {
      const p = shift(path);
      return p !== null && profile.has(p);
    },
    position: (path, opts) => profile.position(shift(path) ?? ['phases'], opts),
  };
}

/** Diagnostics of the merged profile with the file's own phase indices (the measured phase is phases[0] only in the merge). */
export function unshiftPhasePaths(diagnostics: readonly Diagnostic[], file: string): Diagnostic[] {
  return diagnostics.map((d) => {
    const m = d.file === file ? /^phases\[(\d+)\]/.exec(d.path) : null;
    if (!m || m[1] === '0') return d;
    return { ...d, path: `phases[${Number(m[1]) - 1}]${d.path.slice(m[0].length)}` };
  });
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
