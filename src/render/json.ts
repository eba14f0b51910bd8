/**
 * JSON rendering with the DESIGN.md §5 key order first, numbers rounded to 6 significant
 * digits (so saved plans diff cleanly), and non-finite numbers as null.
 */
import type { PlanSource } from '../plan/solve.js';
import type { ComponentPlan, PhasePlan, Plan } from '../plan/types.js';
import { wholeDown } from '../units/format.js';
import { FieldTexts } from './json-reuse.js';

/** Rounds a number for JSON: 6 significant digits; Infinity and NaN become null. */
export function jsonNumber(n: number): number | null {
  if (!Number.isFinite(n)) return null;
  if (n === 0 || Number.isInteger(n)) return n;
  return Number(n.toPrecision(6));
}

/** Deep copy with numbers rounded and non-finite numbers nulled; key order kept. */
export function normaliseForJson(value: unknown): unknown {
  if (typeof value === 'number') return jsonNumber(value);
  if (Array.isArray(value)) return value.map(normaliseForJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = normaliseForJson(v);
    return out;
  }
  return value;
}

/**
 * A most-sessions-a-day figure as JSON: whole sessions, rounded down, as the text prints it (a
 * maximum rounded up to 6 significant digits, 137,391.55 → 137,392, claimed a session the
 * system cannot carry).
 */
function wholeSessions(n: number | null): number | null {
  return n === null ? null : wholeDown(n);
}

function componentJson(c: ComponentPlan): Record<string, unknown> {
  const { name, kind, demand, demandUnit, replicas, binding, utilization, latencyP95, waitProbability, maxRps, violations, ...rest } = c;
  const out: Record<string, unknown> = { name, kind, demand, demandUnit, replicas, binding, utilization, latencyP95, waitProbability, maxRps, violations, ...rest };
  out.maxSessionsPerDay = wholeSessions(c.maxSessionsPerDay);
  out.breakingSessionsPerDay = wholeSessions(c.breakingSessionsPerDay);
  return out;
}

function phaseJson(p: PhasePlan): Record<string, unknown> {
  const { name, peakRps, meanRps, components, system, bill, violations, ...rest } = p;
  const { maxRps, breakingRps, headroom, bottleneck, maxSessionsPerDay, latencyP95, ...sys } = system;
  return {
    name, peakRps, meanRps,
    components: components.map(componentJson),
    system: { maxRps, breakingRps, headroom, bottleneck, maxSessionsPerDay: wholeSessions(maxSessionsPerDay), latencyP95, ...sys, breakingSessionsPerDay: wholeSessions(sys.breakingSessionsPerDay) },
    bill, violations, ...rest,
  };
}

/** The plan as the JSON contract of DESIGN.md §5 (plus added keys), pretty-printed. */
export function renderPlanJson(plan: Plan): string {
  return [...planJsonChunks(plan)].join('');
}

/**
 * The plan JSON in pieces, the same bytes as JSON.stringify(normaliseForJson(doc), null, 2) + a
 * newline: a plan of 5,000 components × 20 phases is about 530 MB of JSON, and building it as
 * one string (after a normalised deep copy of the plan) peaked at 3.7 GB. Each component is
 * normalised and stringified on its own, as its turn comes.
 */
export function* planJsonChunks(plan: PlanSource): Generator<string> {
  const top: [string, unknown][] = [['apiVersion', plan.apiVersion], ['profile', plan.profile], ['phases', null], ['notes', plan.notes], ['profileNotes', plan.profileNotes], ['alerts', plan.alerts]];
  const fields = top.filter(([k, v]) => k === 'phases' || v !== undefined);
  // One writer of objects per indent, shared by every phase: components repeat across phases too.
  const writers = new Map<number, FieldTexts>();
  const leaf = (value: unknown, levels: number): string => {
    if (!isPlainObject(value)) return indentedJson(value, levels);
    let writer = writers.get(levels);
    if (writer === undefined) writers.set(levels, (writer = new FieldTexts(levels, indentedJson)));
    return writer.objectText(value);
  };
  yield '{\n';
  for (const [i, [key, value]] of fields.entries()) {
    yield `  ${JSON.stringify(key)}: `;
    if (key === 'phases') {
      // The next phase's pieces, or null after the last: a function of its own, so that this
      // generator holds no phase once its pieces are written (pipelines solve the next as it is read).
      const phases = plan.phases[Symbol.iterator]();
      const nextPieces = (): Generator<string> | null => {
        const next = phases.next();
        // The phase, its components list and each component's own text: streamed two levels down.
        return next.done ? null : prettyChunks(phaseJson(next.value), '    ', 2, leaf);
      };
      let count = 0;
      let pieces = nextPieces();
      while (pieces !== null) {
        yield count++ === 0 ? '[\n    ' : ',\n    ';
        yield* pieces;
        // A finished generator may still hold its arguments.
        pieces = null;
        pieces = nextPieces();
      }
      yield count === 0 ? '[]' : '\n  ]';
    } else {
      // The notes are read after the phases: a PlanSource gathers them as it solves each.
      yield* prettyChunks(key === 'notes' ? [...(value as Iterable<string>)] : value, '  ', 0);
    }
    yield i < fields.length - 1 ? ',\n' : '\n';
  }
  yield '}\n';
}

/** normaliseForJson as a replacer: numbers rounded, non-finite ones null, without a copy of the value. */
function roundNumbers(_key: string, v: unknown): unknown {
  return typeof v === 'number' ? jsonNumber(v) : v;
}

/** An object JSON.stringify writes key by key: a plain object without a toJSON of its own. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return (proto === Object.prototype || proto === null) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * `value` as JSON.stringify(normaliseForJson(value), null, 2) prints it at `indent`, objects and
 * arrays `depth` levels down yielded piece by piece, and what lies deeper written by `leaf`
 * (indentedJson's text, at the given levels of indent).
 */
function* prettyChunks(value: unknown, indent: string, depth: number, leaf: (value: unknown, levels: number) => string = indentedJson): Generator<string> {
  if (depth > 0 && Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[\n';
    const inner = `${indent}  `;
    for (let i = 0; i < value.length; i++) {
      yield inner;
      // JSON.stringify writes null for an undefined item of an array.
      yield* prettyChunks(value[i] === undefined ? null : value[i], inner, depth - 1, leaf);
      yield i < value.length - 1 ? ',\n' : '\n';
    }
    return yield `${indent}]`;
  }
  if (depth > 0 && value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return yield '{}';
    yield '{\n';
    const inner = `${indent}  `;
    for (let i = 0; i < entries.length; i++) {
      const [k, v] = entries[i]!;
      yield `${inner}${JSON.stringify(k)}: `;
      yield* prettyChunks(v, inner, depth - 1, leaf);
      yield i < entries.length - 1 ? ',\n' : '\n';
    }
    return yield `${indent}}`;
  }
  yield leaf(value, indent.length / 2);
}

/**
 * JSON.stringify(value, roundNumbers, 2) with every line after the first indented by `levels`
 * two-space steps: the value is stringified inside `levels` arrays, which JSON.stringify indents
 * itself, and the wrapping is cut off (re-indenting the text afterwards cost as much again as
 * stringifying it: a 3,000-component plan writes 95 MB).
 */
function indentedJson(value: unknown, levels: number): string {
  // A number, string, boolean or null is written the same at any indent.
  if (value === null || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return JSON.stringify(value, roundNumbers);
  let nested = value;
  for (let i = 0; i < levels; i++) nested = [nested];
  const text = JSON.stringify(nested, roundNumbers, 2);
  // Opening "[\n" + 2(i + 1) spaces per level; closing "\n" + 2i spaces + "]".
  const open = levels * 2 + levels * (levels + 1);
  const close = levels * 2 + levels * (levels - 1);
  return text.slice(open, text.length - close);
}
