/**
 * What a saved plan may hold beyond its schema: no more phases and components than a profile may
 * plan (src/profile/limits.ts), and each phase and each component of a phase named once, as in
 * the profile it came from. A plan is compared by name, so a repeated name has no meaning; and
 * the bound keeps `diff` and `check` linear in a file a pull request can make as large as it
 * likes (20,000 copies of a component took seconds to compare and render). No list or mapping
 * may be longer than MAX_SAVED_ITEMS either. Pure.
 */
import { longLists as findLongLists } from '../profile/input-limits.js';
import { MAX_COMPONENTS, MAX_PHASES } from '../profile/limits.js';

/** The most phases in a saved plan: the base workload and the profile's growth phases. */
export const MAX_SAVED_PHASES = MAX_PHASES + 1;

/** A problem at a JSON path of the saved plan. */
export interface PlanProblem {
  path: (string | number)[];
  message: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The most items of any list or mapping in a saved plan: a phase of MAX_COMPONENTS components
 * with several bill lines and violations each stays below it. The schema reports every bad item
 * and zod gathers them with push(...items), which overflowed the stack on a list of 177,000
 * (seed 8 case 3902).
 */
export const MAX_SAVED_ITEMS = 50_000;

/** Lists and mappings longer than MAX_SAVED_ITEMS, as problems. */
function longLists(data: unknown): PlanProblem[] {
  return findLongLists(data, MAX_SAVED_ITEMS).map((l) => ({
    path: l.path,
    message: `${l.count} ${l.what}; a list or mapping of a saved plan holds at most ${MAX_SAVED_ITEMS} (limit: saved plan items)`,
  }));
}

/** No phases, phases and components over the limits, and over-long lists, checked before the schema walks them; at most one problem per list. */
export function countProblems(data: unknown): PlanProblem[] {
  const phases = isObject(data) ? data.phases : undefined;
  if (!Array.isArray(phases)) return longLists(data);
  // A plan has at least its base workload: an empty list would let the gate compare nothing and pass.
  if (phases.length === 0) return [{ path: ['phases'], message: 'no phases; a saved plan holds at least one (the base workload)' }];
  if (phases.length > MAX_SAVED_PHASES) {
    return [{ path: ['phases', MAX_SAVED_PHASES], message: `${phases.length} phases; a saved plan holds at most ${MAX_SAVED_PHASES}, the base workload and ${MAX_PHASES} growth phases (limit: phases)` }];
  }
  const out: PlanProblem[] = [];
  phases.forEach((p, i) => {
    const components = isObject(p) ? p.components : undefined;
    if (Array.isArray(components) && components.length > MAX_COMPONENTS) {
      out.push({ path: ['phases', i, 'components', MAX_COMPONENTS], message: `${components.length} components; a phase of a saved plan holds at most ${MAX_COMPONENTS} (limit: components per phase)` });
    }
  });
  return out.length ? out : longLists(data);
}

/** The second and later uses of each name, with the index of its first use. */
function repeats(names: readonly string[]): { index: number; first: number }[] {
  const seen = new Map<string, number>();
  const out: { index: number; first: number }[] = [];
  names.forEach((name, index) => {
    const first = seen.get(name);
    if (first === undefined) seen.set(name, index);
    else out.push({ index, first });
  });
  return out;
}

/** Phase names and component names (per phase) used more than once, after the schema has passed. */
export function duplicateNames(phases: readonly { name: string; components: readonly { name: string }[] }[]): PlanProblem[] {
  const out: PlanProblem[] = repeats(phases.map((p) => p.name)).map(({ index, first }) => ({
    path: ['phases', index, 'name'],
    message: `phase ${JSON.stringify(phases[index]!.name)} appears twice (also phases[${first}]); a saved plan names each phase once`,
  }));
  phases.forEach((p, i) => {
    for (const { index, first } of repeats(p.components.map((c) => c.name))) {
      out.push({
        path: ['phases', i, 'components', index, 'name'],
        message: `component ${JSON.stringify(p.components[index]!.name)} appears twice in phase ${JSON.stringify(p.name)} (also components[${first}]); a phase names each component once`,
      });
    }
  });
  return out;
}
