/**
 * Validates a parsed profile into resolved phases: the base workload and each growth phase with
 * its overrides merged, units read, expressions evaluated against the phase's workload, and
 * every problem reported with its position. Pure: the reader is passed in.
 *
 * Every problem one run can determine is reported: the reference checks (calls, poolPer, alerts'
 * components) need only names, so they run on the profile as written when a value fails to parse
 * (references.ts). A check that needs a value that failed (an expression reading a bad quantity, a
 * phase's derivation from a bad workload) is skipped until that value is fixed.
 */
import * as z from 'zod';

z.config({ jitless: true });
import type { Targets } from '../kinds/kind.js';
import { deriveWorkload } from '../plan/derive.js';
import { regionsOf, type RegionSetting } from '../plan/regions.js';
import type { PhaseWorkload } from '../plan/types.js';
import type { CallsPhase } from './calls.js';
import { checkAlerts } from './alerts.js';
import { checkReferences, notYetReported, writtenBase, writtenPhase } from './references.js';
import { interactiveWarnings, type InteractiveKey } from './interactive-warning.js';
import { callWarnings } from './call-warnings.js';
import { peakWarnings } from './peak-warning.js';
import { retentionWarnings } from './retention-warning.js';
import { visitsWarnings } from './visits-warning.js';
import { checkSessionState } from './session-state.js';
import { didYouMean, formatPath, sortDiagnostics, type Diagnostic, type PathSegment } from './diagnostic.js';
import { scopeOf, type Scope } from './expression-scope.js';
import { makeFields, type QuantityReader, type RangeHook } from './fields.js';
import { checkInputLimits } from './input-limits.js';
import { issuesToDiagnostics, valueAt, type PathMapper } from './issues.js';
import { deepMerge, isPlainObject } from './merge.js';
import { safeParseFast } from './fast-parse.js';
import { memoizeParses, type ParseMemo } from './parse-memo.js';
import { applyPresets, parsePhase, phaseBase, phaseComponentsDelta, rememberComponent, type ParsedComponents, type PhaseBase, type PhaseTargets } from './phase-components.js';
import { checkPlausibility, type PlausibilityFinding, type RuleScope } from './plausibility.js';
import { componentSchema, profileSchema, sectionSchemas, type ComponentSettings, type ProfileInput, type WorkloadSettings } from './schema.js';
import type { SourceDocument } from './source.js';

export type { Scope };
/** A quantity reader for a given expression scope. */
export type ScopedReader = (scope: Scope) => QuantityReader;

/** One component of a phase, with the profile path its settings come from. */
export interface ResolvedComponent {
  name: string;
  settings: ComponentSettings;
  /** Where its settings are written, e.g. `components.db` (`phases[1].components.db` if the phase adds it). */
  path: string;
  segments: PathSegment[];
}

/** One phase, fully resolved. */
export interface ResolvedPhase {
  name: string;
  description: string | null;
  scale: number;
  workload: PhaseWorkload;
  /** The workload settings the phase's workload is derived from (SI units; base merged with the phase's overrides). */
  workloadSettings: WorkloadSettings;
  targets: Targets;
  /** Regions of the phase (targets.regions), or null for one. */
  regions: RegionSetting | null;
  /** Machines the design puts the phase on (targets.nodes), or null. */
  nodes: number | null;
  components: ResolvedComponent[];
}

/** A validated profile. */
export interface Profile {
  name: string;
  description: string | null;
  file: string;
  phases: ResolvedPhase[];
  input: ProfileInput;
}

/** The result of validation: a profile, or all the problems (and whether mathjs could help). */
export type ValidationResult =
  | { ok: true; profile: Profile; warnings: Diagnostic[] }
  | { ok: false; diagnostics: Diagnostic[]; deferred: boolean };

/*
 * The schemas are built once per process and read quantities through `current`, which
 * validateProfile points at the reader of the scope being validated. Building zod schemas and
 * their first parse dominate a CLI run's start, so they are not rebuilt per phase; each call
 * still depends only on its arguments.
 */
const current: { read: QuantityReader; onRange: RangeHook; parses: WeakMap<QuantityReader, ParseMemo> } = {
  read: () => ({ ok: false, deferred: true }),
  onRange: () => {},
  parses: new WeakMap(),
};
let cachedSchemas: ReturnType<typeof buildSchemas> | undefined;

function buildSchemas() {
  const f = makeFields((value, kind) => current.read(value, kind), (raw, range) => current.onRange(raw, range));
  const { workload, targets } = sectionSchemas(f);
  const component = componentSchema(f, true);
  // Components written alike are parsed once per reader and validateProfile call (parse-memo.ts).
  memoizeParses(component, () => {
    let parses = current.parses.get(current.read);
    if (!parses) current.parses.set(current.read, (parses = new Map()));
    return parses;
  });
  return {
    workload,
    profile: profileSchema(f, component, { workload, targets }),
    targets,
    component,
    // The shape of a merged phase, for the issues' paths (the parts above are what parse it).
    phase: z.strictObject({ targets, components: z.record(z.string(), component) }),
    hooks: current,
  };
}

function schemas(read: QuantityReader): ReturnType<typeof buildSchemas> {
  cachedSchemas ??= buildSchemas();
  current.read = read;
  return cachedSchemas;
}

/** Validates a parsed profile document. */
export function validateProfile(doc: SourceDocument, reader: ScopedReader, onRange: RangeHook = () => {}): ValidationResult {
  try {
    return validateWith(doc, reader, onRange);
  } finally {
    // The parses remembered hold the document's values: a plan of 5,000 components kept ~5 MB alive.
    current.parses = new WeakMap();
    current.onRange = () => {};
  }
}

function validateWith(doc: SourceDocument, reader: ScopedReader, onRange: RangeHook): ValidationResult {
  current.onRange = onRange;
  current.parses = new WeakMap();
  const tooLarge = checkInputLimits(doc.data as Record<string, unknown>, doc);
  if (tooLarge.length > 0) return { ok: false, diagnostics: sortDiagnostics(tooLarge), deferred: false };
  const diagnostics: Diagnostic[] = [];
  const presetsApplied = new WeakMap<object, unknown>();
  const plausible: PlausibleMemo = new WeakMap();
  const parsedComponents: ParsedComponents = new WeakMap();
  const data = withPresets(withoutExtensions(doc.data as Record<string, unknown>), doc, diagnostics, presetsApplied);
  let deferred = false;
  const collect = (issues: readonly z.core.$ZodIssue[], schema: z.ZodType, root: unknown, prefix: PathSegment[], mapPath?: PathMapper) => {
    const shifted = issues.map((i) => ({ ...i, path: [...prefix, ...i.path] }));
    const r = issuesToDiagnostics(shifted, schema, root, doc, mapPath, { schema: fullSchema, data });
    diagnostics.push(...r.diagnostics);
    deferred ||= r.deferred;
  };

  // The base workload first: its values are the scope of expressions elsewhere.
  const baseWorkload = safeParseFast(schemas(reader({})).workload, data.workload, current);
  const baseScope = baseWorkload.success ? scopeOf(baseWorkload.data, 1) : {};
  const fullSchema = schemas(reader(baseScope)).profile;
  // The fast path decides a valid profile; zod parses any other, for its messages (fast-parse.ts).
  const full = safeParseFast(fullSchema, data, current);
  if (!full.success) collect(full.error.issues, fullSchema, data, []);
  if (!full.success || !baseWorkload.success) {
    // The references are checked on the names as written (references.ts): a bad value elsewhere does not hide them.
    const written = [writtenBase(data), ...((Array.isArray(data.phases) ? data.phases : []) as unknown[]).flatMap((_, i) => writtenPhase(data, i, (n) => componentPath(doc, i, n)) ?? [])];
    diagnostics.push(...notYetReported([...checkReferences(written, doc), ...checkAlerts(data.alerts, written, doc)], diagnostics));
    return { ok: false, diagnostics: sortDiagnostics(withoutPresetEchoes(phaseAdditionsNamed(diagnostics, data))), deferred };
  }
  const input = full.data;
  // The base components as validated, for the phases that leave them as they are.
  const baseReader = reader(baseScope);
  for (const [name, raw] of Object.entries(data.components as Record<string, unknown>)) {
    if (isPlainObject(raw)) rememberComponent(parsedComponents, baseReader, raw, input.components[name] as ComponentSettings);
  }
  // Where each base component is written, spelled once for every phase that keeps it there.
  const basePaths = new Map<string, { path: string; segments: PathSegment[] }>();
  const basePath = (name: string) => {
    let at = basePaths.get(name);
    if (!at) {
      const segments = ['components', name];
      basePaths.set(name, (at = { path: formatPath(segments), segments }));
    }
    return at;
  };
  const phases: ResolvedPhase[] = [resolvePhase(input.workload.phase, null, 1, baseWorkload.data, input.targets, input.components as Record<string, ComponentSettings>, basePath)];
  const names = new Set([input.workload.phase]);
  let deltaBase: PhaseBase | undefined;
  diagnostics.push(...plausibilityWarnings(phases[0]!, baseWorkload.data, doc, (p) => [...p], plausible), ...peakWarnings(baseWorkload.data, doc));
  diagnostics.push(...pricingWarnings(input.pricing, doc));
  // The base's reading of thinkTime when it is warned about: a phase that keeps it is not warned again.
  const interactiveGiven = new Set<InteractiveKey>();
  diagnostics.push(...interactiveWarnings(baseWorkload.data, input.targets?.latencyP95, doc, undefined, interactiveGiven));

  // Phases that did not resolve, as written, for the reference checks; and the problems found before them.
  const written: CallsPhase[] = [];
  const unresolved = (i: number) => {
    const p = writtenPhase(data, i, (n) => componentPath(doc, i, n));
    if (p) written.push(p);
  };
  (input.phases ?? []).forEach((phase, i) => {
    const base: PathSegment[] = ['phases', i];
    if (names.has(phase.name)) {
      const pos = doc.position([...base, 'name']);
      diagnostics.push({ file: doc.file, line: pos.line, col: pos.col, path: formatPath([...base, 'name']), message: `phase name "${phase.name}" is used twice`, severity: 'error' });
    }
    names.add(phase.name);
    const raw = valueAt(data, base) as Record<string, unknown>;
    const mapPath = phasePathMapper(doc, i);
    const at: PathSegment[] = ['phases', i, 'components'];
    const workload = deepMerge(data.workload, raw.workload);
    const targets = deepMerge(data.targets ?? {}, raw.targets);
    // The whole merged phase, the long way: every component merged, presets applied, parsed (or remembered).
    const merged = () => ({ workload, targets, components: applyPresets(deepMerge(data.components, raw.components), doc, diagnostics, at, presetsApplied, data.components as Record<string, unknown>) });
    const wSchema = schemas(reader({})).workload;
    const w = safeParseFast(wSchema, workload, current);
    if (!w.success) {
      // The issues' paths start at workload: so does the schema their keys are looked up in.
      collect(w.error.issues, z.object({ workload: wSchema }), merged(), ['workload'], mapPath);
      unresolved(i);
      return;
    }
    const phaseReader = reader(scopeOf(w.data, phase.scale));
    const pathOf = (name: string) => {
      const segments = componentPath(doc, i, name);
      return segments.length === 2 ? basePath(name) : { path: formatPath(segments), segments };
    };
    // A phase that changes some components of the base, read with the base's reader (so the
    // components it leaves alone are remembered as the base validated them), derives only those.
    const s = schemas(phaseReader);
    const t = phaseReader === baseReader ? safeParseFast(s.targets, targets, current) : undefined;
    const changed = t?.success ? phaseComponentsDelta((deltaBase ??= phaseBase(data.components as Record<string, unknown>, doc)), raw.components, s, phaseReader, parsedComponents, doc, at, presetsApplied) : null;
    let resolved: ResolvedPhase;
    if (t?.success && changed) {
      resolved = resolvePhase(phase.name, phase.description ?? null, phase.scale, w.data, t.data, {}, pathOf);
      // A component the phase leaves alone is the base phase's own entry (the same settings and
      // path): 5,000 components × 20 phases kept ~8 MB of copies alive through the plan.
      resolved.components = phases[0]!.components.map((c) => {
        const settings = changed.get(c.name);
        return settings === undefined ? c : { name: c.name, settings, ...pathOf(c.name) };
      });
    } else {
      const whole = merged();
      const rest = parsePhase(s, phaseReader, whole.targets, whole.components, parsedComponents);
      if (!rest.success) {
        collect(rest.issues, s.phase, whole, [], mapPath);
        unresolved(i);
        return;
      }
      resolved = resolvePhase(phase.name, phase.description ?? null, phase.scale, w.data, rest.targets, rest.components, pathOf);
    }
    if (resolved.components.length === 0) {
      // Every component set to null: nothing to plan (the base's own list cannot be empty).
      const path: PathSegment[] = doc.has([...base, 'components']) ? [...base, 'components'] : base;
      const pos = doc.position(path);
      diagnostics.push({ file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message: `phase "${phase.name}" removes every component (each set to null): a phase needs at least one`, severity: 'error' });
      return;
    }
    phases.push(resolved);
    diagnostics.push(...plausibilityWarnings(resolved, w.data, doc, mapPath, plausible));
    diagnostics.push(...interactiveWarnings(w.data, resolved.targets.latencyP95 ?? undefined, doc, { name: phase.name, index: i, scale: phase.scale }, interactiveGiven));
  });

  // Resolved phases' references are checked as validated; unresolved ones' as written, where the schema said nothing.
  const reported = [...diagnostics];
  diagnostics.push(...checkReferences(phases, doc), ...notYetReported(checkReferences(written, doc), reported));
  diagnostics.push(...notYetReported(checkAlerts(data.alerts, [...phases, ...written], doc), reported));
  diagnostics.push(...callWarnings(data, doc));
  diagnostics.push(...retentionWarnings(phases, doc));
  const phaseNames = (input.phases ?? []).map((p) => p.name);
  diagnostics.push(...visitsWarnings(phases, doc, (name) => (phaseNames.includes(name) ? phaseNames.indexOf(name) : null)));
  // Once per key: a phase that changes neither the workload's requestsPerSession nor the cache repeats the base's problem.
  const sessionProblems = new Set<string>();
  for (const phase of phases) {
    for (const d of checkSessionState(phase, doc)) {
      if (sessionProblems.has(d.path)) continue;
      sessionProblems.add(d.path);
      diagnostics.push(d);
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics: sortDiagnostics(withoutPresetEchoes(phaseAdditionsNamed(diagnostics, data))), deferred };
  return {
    ok: true,
    profile: { name: input.name, description: input.description ?? null, file: doc.file, phases, input },
    warnings: sortDiagnostics(diagnostics),
  };
}

function resolvePhase(
  name: string,
  description: string | null,
  scale: number,
  w: WorkloadSettings,
  t: PhaseTargets,
  components: Record<string, ComponentSettings>,
  pathOf: (name: string) => { path: string; segments: PathSegment[] },
): ResolvedPhase {
  return {
    name,
    description,
    scale,
    workload: deriveWorkload(w, scale),
    workloadSettings: w,
    targets: {
      latencyP95: t.latencyP95 ?? null,
      availability: t.availability ?? null,
      cpuUtilization: t.cpuUtilization,
      memoryUtilization: t.memoryUtilization,
      zones: t.zones,
      minHeadroom: t.minHeadroom ?? null,
    },
    regions: regionsOf(t),
    nodes: t.nodes ?? null,
    components: Object.entries(components).map(([n, settings]) => ({ name: n, settings, ...pathOf(n) })),
  };
}

/**
 * A phase's component that the base does not have is one the phase adds, so it needs a kind: when
 * it lacks one, the name is most likely misspelt (`apii: { replicas: … }` to change api), and the
 * problem says so, with the closest base name, instead of only 'missing required key "kind"'.
 */
function phaseAdditionsNamed(diagnostics: readonly Diagnostic[], data: Record<string, unknown>): Diagnostic[] {
  const base = isPlainObject(data.components) ? Object.keys(data.components) : [];
  return diagnostics.map((d) => {
    const m = /^phases\[\d+\]\.components\.([a-z0-9-]+)\.kind$/.exec(d.path);
    if (!m || !d.message.startsWith('missing required key') || base.includes(m[1]!)) return d;
    const suggestion = didYouMean(m[1]!, base);
    return {
      ...d,
      message: `"${m[1]}" is not a component of the base profile, so this phase adds it, and a component it adds needs a kind (or a preset)`,
      hint: suggestion ? `did you mean "${suggestion}"? a phase changes a base component under its name` : `base components: ${base.slice(0, 10).join(', ')}${base.length > 10 ? ', …' : ''}`,
    };
  });
}

/** A component whose preset is unknown lacks the preset's kind too; that echo is not reported. */
function withoutPresetEchoes(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const unknown = diagnostics.filter((d) => d.message.startsWith('unknown preset')).map((d) => d.path.replace(/\.preset$/, ''));
  // A kind that conflicts with its preset: the component was read without the preset, and what that gives is no news.
  const conflicts = diagnostics.filter(isPresetConflict).map((d) => d.path.replace(/\.kind$/, ''));
  return diagnostics.filter((d) =>
    !unknown.some((c) => d.path === `${c}.kind` && d.message.startsWith('missing required key')) &&
    (isPresetConflict(d) || !conflicts.some((c) => d.path.startsWith(`${c}.`) || d.path === c)));
}

function isPresetConflict(d: Diagnostic): boolean {
  return /^preset "[^"]*" is an? [a-z]+; kind [a-z]+ conflicts with it$/.test(d.message);
}

/** The profile data with every component's preset merged under its own keys. */
function withPresets(data: Record<string, unknown>, doc: SourceDocument, diagnostics: Diagnostic[], applied: WeakMap<object, unknown>): Record<string, unknown> {
  if (!isPlainObject(data.components)) return data;
  return { ...data, components: applyPresets(data.components, doc, diagnostics, ['components'], applied) };
}

/** Plausibility findings per component settings object (the kind is one of its settings). */
type PlausibleMemo = WeakMap<object, PlausibilityFinding[]>;

/** Maps a merged-phase path to where the value was written: the phase override if it has it, else the base. */
function phasePathMapper(doc: SourceDocument, index: number): PathMapper {
  return (path) => {
    const inPhase: PathSegment[] = ['phases', index, ...path];
    if (doc.has(inPhase)) return inPhase;
    if (doc.has(path)) return [...path];
    const depth = (p: readonly PathSegment[], offset: number) => {
      let n = p.length;
      while (n > offset && !doc.has(p.slice(0, n))) n--;
      return n - offset;
    };
    return depth(inPhase, 2) > depth(path, 0) ? inPhase : [...path];
  };
}

function componentPath(doc: SourceDocument, index: number, name: string): PathSegment[] {
  const inPhase: PathSegment[] = ['phases', index, 'components', name];
  return doc.has(['components', name]) || !doc.has(inPhase) ? ['components', name] : inPhase;
}

/** Plausibility warnings of the `pricing:` section (one for the whole profile, not per phase). */
function pricingWarnings(pricing: unknown, doc: SourceDocument): Diagnostic[] {
  if (pricing === null || typeof pricing !== 'object') return [];
  return checkPlausibility('pricing', pricing as Record<string, unknown>).map((f) => {
    const path = ['pricing', ...f.path];
    const pos = doc.position(path);
    return { file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message: f.rule.message(f.value), severity: 'warning' as const };
  });
}

/** Warnings for figures that validate but are implausible (plausibility.ts), positioned where written. */
function plausibilityWarnings(phase: ResolvedPhase, workload: WorkloadSettings, doc: SourceDocument, mapPath: PathMapper, memo: PlausibleMemo): Diagnostic[] {
  const out: Diagnostic[] = [];
  const warn = (scope: Exclude<RuleScope, 'plan'>, settings: Readonly<Record<string, unknown>>, prefix: PathSegment[], kind?: string) => {
    // A component's settings object is shared by the phases that leave it alone: its findings are too.
    let findings = scope === 'component' ? memo.get(settings) : undefined;
    if (!findings) {
      findings = checkPlausibility(scope, settings, kind);
      if (scope === 'component') memo.set(settings, findings);
    }
    for (const f of findings) {
      const path = mapPath([...prefix, ...f.path]);
      const pos = doc.position(path);
      out.push({ file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message: f.rule.message(f.value), severity: 'warning' });
    }
  };
  warn('workload', workload, ['workload']);
  warn('targets', phase.targets as unknown as Record<string, unknown>, ['targets']);
  for (const c of phase.components) {
    // Most components have no finding, and most phases share their settings with the base's.
    if (memo.get(c.settings)?.length === 0) continue;
    warn('component', c.settings, ['components', c.name], c.settings.kind);
  }
  return out;
}

/**
 * The document without its top-level extension keys: a key that starts with `x-` is the user's own
 * (as in a Compose file), a place for anchors the components merge (`x-defaults: &defaults {…}`,
 * then `<<: *defaults`), and is not read. The same object when it has none.
 */
function withoutExtensions(data: Record<string, unknown>): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data) || !Object.keys(data).some(isExtension)) return data;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!isExtension(k)) out[k] = v;
  return out;
}

/** Whether a top-level key is an extension (`x-…`), left to the user. */
function isExtension(key: string): boolean {
  return key.startsWith('x-');
}
