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
