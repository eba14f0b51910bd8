/**
 * Plan-level plausibility warnings positioned in the profile. A module of its own so that
 * `capplan size`, which prices nothing, does not load the pricing modules and the catalog.
 */
import { MAX_UNITS } from '../kinds/horizontal.js';
import type { Diagnostic } from '../profile/diagnostic.js';
import type { Profile } from '../profile/load.js';
import { checkPlanPlausibility, type PlannedCounts } from '../profile/plausibility.js';
import type { SourceDocument } from '../profile/source.js';

/** The plan's plausibility findings as warnings at the components they name. */
export function planPlausibilityWarnings(plan: PlannedCounts, profile: Profile, doc: SourceDocument): Diagnostic[] {
  return checkPlanPlausibility(plan, MAX_UNITS).map((f) => {
    const comp = profile.phases.find((p) => p.name === f.phase)?.components.find((c) => c.name === f.component);
    const pos = comp ? doc.position(comp.segments, { key: true }) : { line: 1, col: 1 };
    return { file: profile.file, line: pos.line, col: pos.col, path: comp?.path ?? '', message: f.message, severity: 'warning' as const };
  });
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
