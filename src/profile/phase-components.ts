/**
 * A phase's components: presets merged under each, each validated once per raw object and
 * reader, and the shortcut for a phase that only changes some of the base's components (its
 * work then grows with the components it names, not with the profile).
 */
import type * as z from 'zod';
import { didYouMean, formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import { safeParseFast } from './fast-parse.js';
import type { QuantityReader, RangeHook } from './fields.js';
import { deepMerge, isPlainObject } from './merge.js';
import type { ComponentSettings, targetsSchema } from './schema.js';
import type { SourceDocument } from './source.js';
import { PRESETS } from '../kinds/presets.js';

/** Validated settings per raw component object, per quantity reader (whose answers they depend on). */
export type ParsedComponents = WeakMap<QuantityReader, WeakMap<object, ComponentSettings>>;

/** The validated targets of a phase. */
export type PhaseTargets = z.output<ReturnType<typeof targetsSchema>>;

/** The schemas a phase is parsed with (built once per process in load.ts). */
export interface PhaseSchemas {
  targets: z.ZodType<PhaseTargets>;
  component: z.ZodType;
  phase: z.ZodType<{ targets: PhaseTargets; components: Record<string, unknown> }>;
  /** Where the fields tell their ranges (load.ts), which the fast path holds back until it succeeds (fast-parse.ts). */
  hooks: { onRange: RangeHook };
}

/** Remembers the validated settings of a raw component object under a reader. */
export function rememberComponent(cache: ParsedComponents, read: QuantityReader, raw: object, parsed: ComponentSettings): void {
  let byRaw = cache.get(read);
  if (!byRaw) cache.set(read, (byRaw = new WeakMap()));
  byRaw.set(raw, parsed);
}

/**
 * Each component with its preset merged under it. `applied` remembers the merge per component
 * object: a phase that leaves a component alone hands over the same object, and gets back the
 * same merged one (so its validation is remembered too, see parsePhase). With `base` (a phase's
 * components, merged over the base's), a component that keeps its base's preset is not merged
 * again: its base already holds the preset, with the keys the base deleted with `null` deleted
 * (merged again, they came back in every phase). A phase that names another preset merges that
 * one under the component it has merged.
 */
export function applyPresets(components: unknown, doc: SourceDocument, diagnostics: Diagnostic[], at: PathSegment[], applied: WeakMap<object, unknown>, base?: Record<string, unknown>): unknown {
  if (!isPlainObject(components)) return components;
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(components)) out[name] = withPreset(name, raw, doc, diagnostics, at, applied, presetOf(base?.[name]));
  return out;
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

/** A component's preset name, if it has one. */
function presetOf(component: unknown): unknown {
  return isPlainObject(component) ? component.preset : undefined;
}

/** One component with its preset merged under it (see applyPresets). */
function withPreset(name: string, raw: unknown, doc: SourceDocument, diagnostics: Diagnostic[], at: PathSegment[], applied: WeakMap<object, unknown>, basePreset?: unknown): unknown {
  const presetName = presetOf(raw);
  if (typeof presetName !== 'string' || presetName === basePreset) return raw;
  const known = applied.get(raw as object);
  if (known !== undefined) return known;
  const preset = Object.hasOwn(PRESETS, presetName) ? PRESETS[presetName] : undefined;
  if (!preset) {
    const path = doc.has([...at, name, 'preset']) ? [...at, name, 'preset'] : ['components', name, 'preset'];
    const pos = doc.position(path);
    const suggestion = didYouMean(presetName, Object.keys(PRESETS));
    diagnostics.push({
      file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message: `unknown preset "${presetName}"`, severity: 'error',
      hint: suggestion ? `did you mean "${suggestion}"?` : `presets: ${Object.keys(PRESETS).sort().join(', ')}`,
    });
    return raw;
  }
  const presetKind = (preset.values as Record<string, unknown>).kind;
  const kind = isPlainObject(raw) ? raw.kind : undefined;
  if (typeof kind === 'string' && typeof presetKind === 'string' && kind !== presetKind) {
    // Merged, the preset's keys meet a kind that has none of them: "unknown key evictionPolicy", a key the user never wrote.
    const path = doc.has([...at, name, 'kind']) ? [...at, name, 'kind'] : ['components', name, 'kind'];
    const pos = doc.position(path);
    diagnostics.push({
      file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), severity: 'error',
      message: `preset "${presetName}" is ${article(presetKind)} ${presetKind}; kind ${kind} conflicts with it`,
      hint: `drop kind (the preset gives ${presetKind}), or drop the preset for a ${kind} of your own`,
    });
    return raw;
  }
  const merged = deepMerge(preset.values, raw);
  applied.set(raw as object, merged);
  return merged;
}

/**
 * A merged phase's targets and components, validated. Each component is parsed on its own, and
 * a component object already validated with the same reader is not parsed again: the result
 * depends only on the object and the reader (the fast reader is one function for every scope;
 * the mathjs reader is one per scope, so expressions are evaluated in each phase's). A phase that
 * changes a few components of thousands parses those few. Issues carry the merged phase's paths
 * (`targets…`, `components.<name>…`), in the order one parse of the whole phase gives them.
 */
export function parsePhase(
  s: PhaseSchemas,
  read: QuantityReader,
  targets: unknown,
  components: unknown,
  cache: ParsedComponents,
): { success: true; targets: PhaseTargets; components: Record<string, ComponentSettings> } | { success: false; issues: z.core.$ZodIssue[] } {
  if (!isPlainObject(components)) {
    const whole = s.phase.safeParse({ targets, components });
    return whole.success ? { success: true, targets: whole.data.targets, components: whole.data.components as Record<string, ComponentSettings> } : { success: false, issues: whole.error.issues };
  }
  const issues: z.core.$ZodIssue[] = [];
  const t = safeParseFast(s.targets, targets, s.hooks);
  if (!t.success) issues.push(...t.error.issues.map((i) => ({ ...i, path: ['targets', ...i.path] })));
  const out: Record<string, ComponentSettings> = {};
  for (const [name, raw] of Object.entries(components)) {
    const c = parseComponent(s, read, raw, cache);
    if (!c.success) {
      issues.push(...c.error.issues.map((i) => ({ ...i, path: ['components', name, ...i.path] })));
      continue;
    }
    out[name] = c.data;
  }
  if (issues.length > 0 || !t.success) return { success: false, issues };
  return { success: true, targets: t.data, components: out };
}

/** One component validated, or remembered from an earlier parse of the same object with the same reader. */
function parseComponent(s: PhaseSchemas, read: QuantityReader, raw: unknown, cache: ParsedComponents): z.ZodSafeParseResult<ComponentSettings> {
  const known = isPlainObject(raw) ? cache.get(read)?.get(raw) : undefined;
  if (known !== undefined) return { success: true, data: known };
  const c = safeParseFast(s.component, raw, s.hooks) as z.ZodSafeParseResult<ComponentSettings>;
  if (c.success && isPlainObject(raw)) rememberComponent(cache, read, raw, c.data);
  return c;
}

/** What a phase that only changes some base components needs to know about the base. */
export interface PhaseBase {
  /** The base components as the profile holds them, presets merged (validation's `data.components`). */
  raw: Record<string, unknown>;
  /** Base component names whose settings a phase must derive again even when it leaves them alone: those not found where the base writes them. */
  rederived: ReadonlySet<string>;
}

/** The base facts of phaseComponentsDelta, gathered once per profile. */
export function phaseBase(raw: Record<string, unknown>, doc: SourceDocument): PhaseBase {
  const rederived = new Set<string>();
  for (const name of Object.keys(raw)) {
    if (!doc.has(['components', name])) rederived.add(name);
  }
  return { raw, rederived };
}

/**
 * The settings of each component a phase changes (the components its override names, and the
 * base's `rederived` ones), derived and validated exactly as the whole merged phase would derive
 * them (deepMerge, applyPresets, parsePhase) — or null when this shortcut does not apply: the
 * override adds or deletes a component or is not a mapping of mappings, a preset is unknown, a
 * component does not validate. The caller then takes the whole phase the long way, which
 * reports every problem. The components left alone keep the base's validated settings: with the
 * same reader, parsePhase would find them remembered under the same raw objects.
 */
export function phaseComponentsDelta(
  base: PhaseBase,
  override: unknown,
  s: PhaseSchemas,
  read: QuantityReader,
  cache: ParsedComponents,
  doc: SourceDocument,
  at: PathSegment[],
  applied: WeakMap<object, unknown>,
): Map<string, ComponentSettings> | null {
  if (override !== undefined && !isPlainObject(override)) return null;
  const names = new Set(base.rederived);
  for (const [name, v] of Object.entries(override ?? {})) {
    if (v === undefined) continue;
    if (!Object.hasOwn(base.raw, name) || !isPlainObject(v)) return null;
    names.add(name);
  }
  const out = new Map<string, ComponentSettings>();
  const problems: Diagnostic[] = [];
  for (const name of names) {
    const merged = deepMerge(base.raw[name], override?.[name]);
    const c = parseComponent(s, read, withPreset(name, merged, doc, problems, at, applied, presetOf(base.raw[name])), cache);
    if (problems.length > 0 || !c.success) return null;
    out.set(name, c.data);
  }
  return out;
}
