/**
 * What the profile said, per phase: each component's settings and the phase's targets as flat
 * `key → value` maps (SI units, after presets, defaults and phase overrides). The baseline keeps
 * them, so the gate can tell which key moved (a component's `serviceTime`, a phase's
 * `cpuUtilization`) and point its annotation at that line rather than at the component. Pure.
 */
import type { Profile } from '../profile/load.js';
import { formatQuantity } from '../units/format.js';
import { sameFigure } from './figures.js';
import { INPUT_KINDS } from './input-kinds.js';

/** A setting's value: numbers in SI units; lists and objects flattened into their own keys. */
export type InputValue = number | string | boolean | null;

/** Flat settings, e.g. `{ serviceTime: 0.02, "resources.cpu": 0.5, "calls[0]": "db" }`. */
export type FlatInputs = Record<string, InputValue>;

/** The profile's inputs of one phase. */
export interface PhaseInputs {
  targets: FlatInputs;
  components: Record<string, FlatInputs>;
}

/** Settings that do not change a plan's figures (documentation and manifest-only keys). */
const IGNORED = new Set(['description', 'deploy']);

/** Flattens nested settings into `a.b`, `a[0]` keys, in a stable (sorted) order. */
export function flattenInputs(value: unknown, prefix = ''): FlatInputs {
  // Collected in a Map and made an object by Object.fromEntries, which defines every key as the
  // object's own (an assignment `out["__proto__"] = v` would be lost).
  const out = new Map<string, InputValue>();
  const walk = (v: unknown, key: string) => {
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${key}[${i}]`));
    } else if (v !== null && typeof v === 'object') {
      for (const k of Object.keys(v).sort()) {
        if (key === prefix && IGNORED.has(k)) continue;
        walk((v as Record<string, unknown>)[k], key ? `${key}.${k}` : k);
      }
    } else if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' || v === null) {
      out.set(key, v);
    }
  };
  walk(value, prefix);
  return Object.fromEntries(out);
}

/** The inputs of every phase of a validated profile, by phase name. */
export function profileInputs(profile: Profile): Map<string, PhaseInputs> {
  return new Map(
    profile.phases.map((p) => [
      p.name,
      {
        targets: flattenInputs(p.targets),
        components: Object.fromEntries(p.components.map((c) => [c.name, flattenInputs(c.settings)])),
      },
    ]),
  );
}

/** One key that moved, for messages and annotations. */
export interface InputMove {
  key: string;
  before: InputValue | undefined;
  after: InputValue | undefined;
}

/** Keys whose values differ between two flat maps (a key only on one side moved too), sorted. */
export function inputMoves(before: FlatInputs | null | undefined, after: FlatInputs | null | undefined): InputMove[] {
  if (!before || !after) return [];
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  return keys
    .map((key) => ({ key, before: ownInput(before, key), after: ownInput(after, key) }))
    .filter(({ before: a, after: b }) => (typeof a === 'number' && typeof b === 'number' ? !sameFigure(a, b) : a !== b));
}

/**
 * The map's own value at `key`, undefined when it has none: a saved plan's keys are the file's,
 * and `toString` or `constructor` must not find Object.prototype's functions.
 */
function ownInput(inputs: FlatInputs, key: string): InputValue | undefined {
  return Object.hasOwn(inputs, key) ? inputs[key] : undefined;
}

/** A flat key's own name, whose kind INPUT_KINDS gives: `calls[1].timeout` → `timeout`, `resources.memory` → `memory`. */
function ownName(key: string): string {
  return key.slice(key.lastIndexOf('.') + 1).replace(/\[\d+\]$/, '');
}

function show(v: InputValue | undefined, key: string): string {
  if (v === undefined) return '(unset)';
  if (typeof v !== 'number') return String(v);
  const kind = Object.hasOwn(INPUT_KINDS, ownName(key)) ? INPUT_KINDS[ownName(key)] : undefined;
  return formatQuantity(v, kind ?? 'number');
}

/** "serviceTime 20 ms → 60 ms, workers 4 → 2": each value in its key's unit (INPUT_KINDS). */
export function movesText(moves: readonly InputMove[]): string {
  return moves.map((m) => `${m.key} ${show(m.before, m.key)} → ${show(m.after, m.key)}`).join(', ');
}

/**
 * Where each moved key is written, best first: under each of `bases` in turn (a phase's override,
 * `phases[i].components.api`, before the base section, `components.api`). A list's index is
 * dropped (`calls[1]` → `calls`), so the annotation lands on the list.
 */
export function movePaths(moves: readonly InputMove[], bases: readonly string[]): string[] {
  const paths: string[] = [];
  for (const m of moves) {
    const key = m.key.replace(/\[\d+\].*$/, '');
    for (const base of bases) paths.push(`${base}.${key}`);
  }
  return [...new Set(paths)];
}

/** Whether the profile writes the setting at a profile path (`components.api.managed`); see docs/gate.md. */
export type WrittenPredicate = (path: string) => boolean;

/**
 * The moves less the keys the baseline did not record and the profile does not write: a default
 * (or a preset's value) that a baseline written by an older capplan did not record is not a
 * change. A key the profile writes, the baseline lacking it, still moved ("(unset) → 4").
 */
export function recordedMoves(moves: readonly InputMove[], bases: readonly string[], written: WrittenPredicate | undefined): InputMove[] {
  if (!written) return [...moves];
  return moves.filter((m) => m.before !== undefined || movePaths([m], bases).some(written));
}

/** The sections a phase's setting may be written in: its override, then the base (`phaseIndex` 0 is the base phase). */
export function sectionsOf(path: string, phaseIndex: number): string[] {
  return phaseIndex > 0 && !path.startsWith('phases[') ? [`phases[${phaseIndex - 1}].${path}`, path] : [path];
}
