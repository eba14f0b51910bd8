/**
 * A profile with its uncertain inputs set to given values: the validated profile (planned at
 * the medians) with each input's value written where its range is written, in every phase that
 * takes it from there (a phase that overrides the same key keeps its own), and each phase's
 * workload derived again from its settings. Nothing is re-validated.
 */
import { deriveWorkload } from '../plan/derive.js';
import { formatPath, type Diagnostic, type PathSegment } from '../profile/diagnostic.js';
import type { Profile, ResolvedPhase } from '../profile/load.js';
import type { SourceDocument } from '../profile/source.js';
import { findRangeSites, type RangeValue } from './ranges.js';

/** An uncertain input of a profile: where its range is written and what it is. */
export interface UncertainInput {
  /** Dotted path as written: `components.api.serviceTime`, `phases[0].workload.rps`. */
  path: string;
  segments: PathSegment[];
  range: RangeValue;
}

/** The phase indexes (into profile.phases) that take the value written at `segments`. */
export function phasesTaking(profile: Profile, segments: readonly PathSegment[]): number[] {
  const [root, second] = segments;
  if (root === 'phases') return typeof second === 'number' ? [second + 1] : [];
  if (root !== 'workload' && root !== 'components') return [];
  return profile.phases.map((_, i) => i).filter((i) => i === 0 || getIn(profile.input.phases?.[i - 1], segments) === undefined);
}

/** Where in phase `index` a value written at `segments` lands: its workload key, or a component and a key path. */
function target(segments: readonly PathSegment[]): { workload: PathSegment[] } | { component: string; key: PathSegment[] } | null {
  const rest = segments[0] === 'phases' ? segments.slice(2) : segments;
  if (rest[0] === 'workload') return { workload: rest.slice(1) };
  if (rest[0] === 'components' && typeof rest[1] === 'string') return { component: rest[1], key: rest.slice(2) };
  return null;
}

/** The profile with input i set to values[i]. */
export function withValues(profile: Profile, inputs: readonly UncertainInput[], values: readonly number[]): Profile {
  return valueSetter(profile, inputs)(values);
}

/**
 * withValues for one profile and its inputs, what does not depend on the values found once (the
 * phases each input reaches): the Monte Carlo sets thousands of draws. A phase whose components
 * take no input keeps its components array (solve's request graph is built once for it).
 */
export function valueSetter(profile: Profile, inputs: readonly UncertainInput[]): (values: readonly number[]) => Profile {
  const takers = inputs.map((input) => phasesTaking(profile, input.segments));
  const targets = inputs.map((input) => target(input.segments));
  return (values) => setValues(profile, takers, targets, values);
}

/** The profile with the value of each input written where its target says, in the phases that take it. */
function setValues(profile: Profile, takers: readonly number[][], targets: readonly ReturnType<typeof target>[], values: readonly number[]): Profile {
  const phases = profile.phases.map((phase, p): ResolvedPhase => {
    let workload = phase.workloadSettings as Record<string, unknown>;
    let components = phase.components;
    let workloadChanged = false;
    targets.forEach((t, i) => {
      if (t === null || !takers[i]!.includes(p)) return;
      if ('workload' in t) {
        workload = setIn(workload, t.workload, values[i]!) as Record<string, unknown>;
        workloadChanged = true;
      } else {
        components = components.map((c) => (c.name === t.component ? { ...c, settings: setIn(c.settings, t.key, values[i]!) as typeof c.settings } : c));
      }
    });
    if (!workloadChanged && components === phase.components) return phase;
    const settings = workload as ResolvedPhase['workloadSettings'];
    return { ...phase, components, workloadSettings: settings, workload: workloadChanged ? deriveWorkload(settings, phase.scale) : phase.workload };
  });
  return { ...profile, phases };
}

/** Whether a range may be written at a path: the workload and components (of the base or a phase) are estimates; targets, gates and prices are not. */
function estimable(segments: readonly PathSegment[]): boolean {
  const rest = segments[0] === 'phases' && typeof segments[1] === 'number' ? segments.slice(2) : segments;
  return rest[0] === 'workload' || (rest[0] === 'components' && rest.length > 2);
}

/** The uncertain inputs of a profile: where its raw data writes a range that a quantity field read (`ranges`, by rangeKey); a range elsewhere is a problem. */
export function uncertainInputs(doc: SourceDocument, ranges: ReadonlyMap<string, RangeValue>): { inputs: UncertainInput[]; diagnostics: Diagnostic[] } {
  const inputs: UncertainInput[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const site of findRangeSites(doc.data)) {
    const range = ranges.get(site.key);
    if (!range) continue;
    const path = formatPath(site.segments);
    if (estimable(site.segments)) {
      inputs.push({ path, segments: site.segments, range });
      continue;
    }
    const pos = doc.position(site.segments);
    diagnostics.push({
      file: doc.file, line: pos.line, col: pos.col, path, severity: 'error',
      message: 'a range stands for an estimate; this setting takes one value',
      hint: 'ranges are for workload and component figures (service times, capacities, visits, rates); targets, gates and prices are choices',
    });
  }
  return { inputs, diagnostics };
}

function getIn(value: unknown, path: readonly PathSegment[]): unknown {
  let cur = value;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

/** A copy of `value` with `path` set, sharing every untouched branch. */
function setIn(value: unknown, path: readonly PathSegment[], v: unknown): unknown {
  if (path.length === 0) return v;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy = [...value];
    copy[head as number] = setIn(value[head as number], rest, v);
    return copy;
  }
  const obj = (value ?? {}) as Record<string, unknown>;
  return { ...obj, [head!]: setIn(obj[head as string], rest, v) };
}
