/**
 * What `validate` checks beyond the profile's own text, so that a profile it calls valid is one
 * `plan` reads: the load-test files `capacity.fit` names (read and fitted, as plan does, with the
 * warning plan gives for a USL curve run past its peak), and the
 * `pricing:` section against the shipped catalog (a region it has no prices for is an error; an
 * instance type or on-prem part it does not know is a warning at its key, the note plan prints).
 * Each part is imported only when the profile has something for it to check.
 */
import { formatPath, type Diagnostic } from '../profile/diagnostic.js';
import type { Profile } from '../profile/load.js';
import type { SourceDocument } from '../profile/source-document.js';

/** The reference problems of a loaded profile: warnings returned, errors thrown as InputError (as plan throws them). */
export async function checkProfileReferences(profile: Profile, file: string, doc: SourceDocument): Promise<Diagnostic[]> {
  const curves = profile.phases.some((p) => p.components.some((c) => typeof c.settings.capacity === 'object' && c.settings.capacity !== null));
  const fits = curves && profile.phases.some((p) => p.components.some((c) => typeof c.settings.capacity === 'object' && c.settings.capacity !== null && 'fit' in c.settings.capacity));
  const priced = profile.input.pricing !== undefined;
  if (!curves && !priced) return [];
  const warnings: Diagnostic[] = [];
  if (curves) {
    // A USL curve (given or fitted) run past its peak: the warning plan prints.
    const { uslPeakWarnings } = await import('./usl-peak-warnings.js');
    const fitted = fits ? (await (await import('./plan-pipeline.js')).fitCapacityFiles(profile, file, doc)).fits : {};
    warnings.push(...uslPeakWarnings(profile, doc, fitted));
  }
  if (!priced) return warnings;
  const { billOptionsAt } = await import('./plan-pipeline.js');
  return [
    ...warnings,
    ...billOptionsAt(profile, doc, {}).problems.map((p) => {
      const pos = doc.position(p.segments, { key: true });
      return { file: profile.file, line: pos.line, col: pos.col, path: formatPath(p.segments), message: p.message, severity: 'warning' as const };
    }),
  ];
}
