/**
 * The reference checks of a profile (`calls`, `poolPer`, alerts' `components`), run on the
 * phases that resolved and, for those that did not, on the names as written. A reference check
 * needs only names, so a value that failed to parse elsewhere (a quantity without a unit, an
 * unknown field) does not hide a call to a component that does not exist: one run reports both.
 */
import { checkCalls, sameGraph, type CallsPhase, type GraphFactsMemo } from './calls.js';
import { formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import { deepMerge, isPlainObject } from './merge.js';
import { checkPools } from './pools.js';
import type { SourceDocument } from './source.js';

type RefComponent = CallsPhase['components'][number];

/**
 * The calls graph and pools of each phase. A phase with the graph
 * of a phase already checked without a problem has none either; one with the same graph
 * written at the same places as one checked with problems would repeat them at the same
 * positions (only the phase's name differs): they are said once.
 */
export function checkReferences(phases: readonly CallsPhase[], doc: SourceDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  let clean: readonly RefComponent[] | null = null;
  let faulty: readonly RefComponent[] | null = null;
  const facts: GraphFactsMemo = new WeakMap();
  for (const phase of phases) {
    const cs = phase.components;
    if (clean && sameGraph(clean, cs, facts)) continue;
    if (faulty && samePlaces(faulty, cs) && sameGraph(faulty, cs, facts)) continue;
    const found = [...checkCalls(phase, doc), ...checkPools(phase, doc)];
    out.push(...found);
    clean = found.length === 0 ? cs : null;
    faulty = found.length === 0 ? null : cs;
  }
  return out;
}

/** Whether two phases' components are written at the same places (their problems would be positioned alike). */
function samePlaces(a: readonly RefComponent[], b: readonly RefComponent[]): boolean {
  return a.length === b.length && a.every((c, i) => c.path === b[i]!.path);
}

/** The base phase as written (names and references only), for a profile that did not validate. */
export function writtenBase(data: Record<string, unknown>): CallsPhase {
  const workload = data.workload as { phase?: unknown } | undefined;
  const name = isPlainObject(workload) && typeof workload.phase === 'string' ? workload.phase : 'now';
  return { name, components: writtenComponents(data.components, () => ['components']) };
}

/**
 * Phase `index` as written: the base components merged with the phase's (null removes one),
 * each component's names read where they are readable. `where` gives the path a component is
 * written at (the base's or the phase's).
 */
export function writtenPhase(data: Record<string, unknown>, index: number, where: (name: string) => PathSegment[]): CallsPhase | null {
  const raw = (data.phases as unknown[] | undefined)?.[index];
  if (!isPlainObject(raw)) return null;
  const name = typeof raw.name === 'string' ? raw.name : formatPath(['phases', index]);
  const merged = deepMerge(data.components, raw.components);
  return { name, components: writtenComponents(merged, (n) => where(n).slice(0, -1)) };
}

function writtenComponents(components: unknown, parent: (name: string) => PathSegment[]): RefComponent[] {
  if (!isPlainObject(components)) return [];
  const out: RefComponent[] = [];
  for (const [name, settings] of Object.entries(components)) {
    if (!isPlainObject(settings)) continue;
    const segments = [...parent(name), name];
    out.push({ name, settings: readable(settings), path: formatPath(segments), segments });
  }
  return out;
}

/**
 * What the reference checks read of a component as written, where it is readable: its kind,
 * its poolPer and its calls. A call entry that cannot be read is kept as `{}` (so the others
 * keep their positions) and checked by the schema alone.
 */
function readable(settings: Record<string, unknown>): { kind?: string; poolPer?: string; calls: unknown[] } {
  const name = (v: unknown): v is string => typeof v === 'string';
  const target = (v: unknown): unknown => (name(v) ? v : isPlainObject(v) && name(v.to) ? { to: v.to } : {});
  const member = (v: unknown): unknown => {
    if (isPlainObject(v) && Array.isArray(v.oneOf)) return v.oneOf.every((a) => isPlainObject(a) && name(a.to)) ? { oneOf: v.oneOf.map((a) => ({ to: (a as { to: string }).to })) } : {};
    return target(v);
  };
  const entry = (v: unknown): unknown => (isPlainObject(v) && Array.isArray(v.parallel) ? { parallel: v.parallel.map(member) } : member(v));
  return {
    ...(name(settings.kind) ? { kind: settings.kind } : {}),
    ...(name(settings.poolPer) ? { poolPer: settings.poolPer } : {}),
    calls: Array.isArray(settings.calls) ? settings.calls.map(entry) : [],
  };
}

/**
 * A reference problem found on names as written is not reported where the schema already
 * reported an error at its path or below it (a call `"Bad Name"` is an invalid name first).
 */
export function notYetReported(found: readonly Diagnostic[], reported: readonly Diagnostic[]): Diagnostic[] {
  const errors = reported.filter((d) => d.severity === 'error').map((d) => d.path);
  return found.filter((d) => !errors.some((p) => p === d.path || p.startsWith(`${d.path}.`) || p.startsWith(`${d.path}[`)));
}
