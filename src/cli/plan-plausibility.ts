/**
 * Plan-level plausibility warnings positioned in the profile. A module of its own so that
 * `capplan size`, which prices nothing, does not load the pricing modules and the catalog.
 */
import { MAX_UNITS } from '../kinds/horizontal.js';
import type { Diagnostic, PathSegment } from '../profile/diagnostic.js';
import type { Profile } from '../profile/load.js';
import { checkPlanPlausibility, type PlannedCounts } from '../profile/plausibility.js';
import type { SourceDocument } from '../profile/source.js';

/** The plan's plausibility findings as warnings at the components they name (their keys' positions in `doc`, or kept in `keys`). */
export function planPlausibilityWarnings(plan: PlannedCounts, profile: Profile, doc: SourceDocument | ComponentKeys): Diagnostic[] {
  return checkPlanPlausibility(plan, MAX_UNITS).map((f) => {
    const p = profile.phases.findIndex((phase) => phase.name === f.phase);
    const c = p < 0 ? -1 : profile.phases[p]!.components.findIndex((comp) => comp.name === f.component);
    const comp = c < 0 ? undefined : profile.phases[p]!.components[c]!;
    const pos = !comp ? { line: 1, col: 1 } : doc instanceof ComponentKeys ? doc.position(p, c) : doc.position(comp.segments, { key: true });
    return { file: profile.file, line: pos.line, col: pos.col, path: comp?.path ?? '', message: f.message, severity: 'warning' as const };
  });
}

/**
 * The position of each component's key in each phase, taken from the document once so that the
 * document can be dropped before the plan is solved (5,000 components x 20 phases kept ~25 MB of
 * source document alive for the few warnings that need a position at the end): a line and a
 * column per component of a phase, in typed arrays.
 */
export class ComponentKeys {
  private readonly at: Int32Array[];

  /** Reads the key positions of every phase's components from `doc`. */
  constructor(profile: Profile, doc: SourceDocument) {
    // Phases that leave a component where the profile's base writes it share its segments: found once.
    const seen = new Map<readonly PathSegment[], { line: number; col: number }>();
    this.at = profile.phases.map((phase) => {
      const at = new Int32Array(phase.components.length * 2);
      phase.components.forEach((comp, i) => {
        let pos = seen.get(comp.segments);
        if (!pos) seen.set(comp.segments, (pos = doc.position(comp.segments, { key: true })));
        at[2 * i] = pos.line;
        at[2 * i + 1] = pos.col;
      });
      return at;
    });
  }

  /** The key position of the component at `component` of the phase at `phase` (indexes into profile.phases and its components). */
  position(phase: number, component: number): { line: number; col: number } {
    const at = this.at[phase]!;
    return { line: at[2 * component]!, col: at[2 * component + 1]! };
  }
}

/**
 * Each component's largest count over the phases, folded a phase at a time, for a plan whose
 * phases are dropped as they are written: counts() is a PlannedCounts on which
 * checkPlanPlausibility finds what it finds on all the phases (it reads only each component's
 * largest count, the first phase to reach it, in the order components first appear).
 */
export class LargestCounts {
  private readonly largest = new Map<string, { phase: string; replicas: number; unitLabel: string }>();

  /** Folds in one phase's counts. */
  add(phase: PlannedCounts['phases'][number]): void {
    for (const c of phase.components) {
      const seen = this.largest.get(c.name);
      if (!seen || c.replicas > seen.replicas) this.largest.set(c.name, { phase: phase.name, replicas: c.replicas, unitLabel: c.unitLabel });
    }
  }

  /** The folded counts: one phase per component, of the name of the phase its largest count is in. */
  counts(): PlannedCounts {
    return { phases: [...this.largest].map(([name, l]) => ({ name: l.phase, components: [{ name, replicas: l.replicas, unitLabel: l.unitLabel }] })) };
  }
}
