/**
 * The profile's size limits (limits.ts), checked on the parsed data before the schema reads it,
 * so that an oversized profile is refused quickly, with the limit named and positioned.
 */
import { formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import { MAX_CALLS, MAX_CLASSES, MAX_COMPONENTS, MAX_LIST_ITEMS, MAX_PHASES } from './limits.js';
import { isPlainObject } from './merge.js';
import { largestCollection } from './plain-yaml.js';
import type { SourceDocument } from './source.js';

/** Every limit the data exceeds, positioned at the first item beyond it. */
export function checkInputLimits(data: Readonly<Record<string, unknown>>, doc: SourceDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (path: PathSegment[], message: string, hint?: string) => {
    const pos = doc.position(path, { key: typeof path[path.length - 1] === 'string' });
    out.push({ file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message, severity: 'error', ...(hint ? { hint } : {}) });
  };
  const phases = Array.isArray(data.phases) ? data.phases : [];
  if (phases.length > MAX_PHASES) {
    at(['phases', MAX_PHASES], `${phases.length} phases; a profile may have at most ${MAX_PHASES} after the base workload (limit: phases)`, 'plan the roadmap in steps, or split it over several profiles');
  }
  const base = isPlainObject(data.components) ? data.components : {};
  const baseNames = Object.keys(base);
  if (baseNames.length > MAX_COMPONENTS) {
    at(['components', baseNames[MAX_COMPONENTS]!], `${baseNames.length} components; a phase may have at most ${MAX_COMPONENTS} (limit: components per phase)`);
  }
  checkComponents(base, ['components'], at);
  phases.slice(0, MAX_PHASES).forEach((phase, i) => {
    const comps = isPlainObject(phase) && isPlainObject(phase.components) ? phase.components : {};
    const added = Object.keys(comps).filter((n) => !Object.hasOwn(base, n));
    if (baseNames.length <= MAX_COMPONENTS && baseNames.length + added.length > MAX_COMPONENTS) {
      at(['phases', i, 'components', added[MAX_COMPONENTS - baseNames.length]!], `phase adds ${added.length} components to ${baseNames.length}; a phase may have at most ${MAX_COMPONENTS} (limit: components per phase)`);
    }
    checkComponents(comps, ['phases', i, 'components'], at);
  });
  // The YAML reader counted its largest list or mapping: within the limit, there is nothing to walk for.
  const largest = largestCollection(data);
  if (out.length === 0 && (largest === undefined || largest > MAX_LIST_ITEMS)) {
    for (const long of longLists(data, MAX_LIST_ITEMS)) at(long.path, `${long.count} ${long.what}; a list or mapping may hold at most ${MAX_LIST_ITEMS} (limit: list length)`);
  }
  return out;
}

/** A list or mapping longer than allowed: the path of its first item beyond the limit, and its length. */
export interface LongList {
  path: PathSegment[];
  count: number;
  what: 'items' | 'keys';
}

/**
 * Lists and mappings of more than `max` items anywhere in parsed data (a profile, a saved plan):
 * zod gathers a list's problems with push(...issues), and a list of 177,000 bad items overflowed
 * the stack (seed 8 case 3902). Iterative, depth first (the last item first); the nesting depth
 * is bounded before. At most 20. A visited value keeps its key and parent, not its path: the
 * path is spelled only for a list that is too long (spelling every path was most of the walk).
 */
export function longLists(data: unknown, max: number): LongList[] {
  const out: LongList[] = [];
  const stack: Visit[] = [{ value: data, key: 0, parent: null }];
  while (stack.length > 0 && out.length < 20) {
    const at = stack.pop()!;
    const value = at.value;
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      if (value.length > max) {
        out.push({ path: [...pathOf(at), max], count: value.length, what: 'items' });
        continue;
      }
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (v !== null && typeof v === 'object') stack.push({ value: v, key: i, parent: at });
      }
      continue;
    }
    const keys = Object.keys(value);
    if (keys.length > max) {
      out.push({ path: [...pathOf(at), keys[max]!], count: keys.length, what: 'keys' });
      continue;
    }
    for (const k of keys) {
      const v: unknown = (value as Record<string, unknown>)[k];
      if (v !== null && typeof v === 'object') stack.push({ value: v, key: k, parent: at });
    }
  }
  return out;
}

/** A value on longLists' way: its key in its parent (the root has none). */
interface Visit {
  value: unknown;
  key: PathSegment;
  parent: Visit | null;
}

function pathOf(at: Visit): PathSegment[] {
  const path: PathSegment[] = [];
  for (let v: Visit | null = at; v?.parent; v = v.parent) path.push(v.key);
  return path.reverse();
}

/** Calls and priority classes of each component, against their limits. */
function checkComponents(components: Readonly<Record<string, unknown>>, prefix: PathSegment[], at: (path: PathSegment[], message: string) => void): void {
  for (const [name, c] of Object.entries(components)) {
    if (!isPlainObject(c)) continue;
    if (Array.isArray(c.calls) && c.calls.length > MAX_CALLS) {
      at([...prefix, name, 'calls', MAX_CALLS], `${c.calls.length} calls; a component may call at most ${MAX_CALLS} others (limit: calls per component)`);
    }
    if (Array.isArray(c.classes) && c.classes.length > MAX_CLASSES) {
      at([...prefix, name, 'classes', MAX_CLASSES], `${c.classes.length} priority classes; a worker may have at most ${MAX_CLASSES} (limit: priority classes per worker)`);
    }
  }
}
