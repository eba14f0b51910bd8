/**
 * The warning for a replica run past its USL peak N* (docs/calibration.md: capplan "warns when
 * the concurrency is past N*"), positioned at the component's `capacity.concurrency`. It used to
 * be only a sizing note, which the default table, Markdown and `validate` never show; as a
 * warning it goes to stderr with the profile's other warnings, from plan, validate and the rest.
 */
import type { UslParams } from '../fit/usl-model.js';
import { uslPastPeak } from '../kinds/usl-bounds.js';
import type { Diagnostic } from '../profile/diagnostic.js';
import type { Profile } from '../profile/load.js';
import type { SourceDocument } from '../profile/source.js';

/** One warning per `capacity: { usl | fit, concurrency }` whose concurrency is past the curve's N* (`fits`: the fitted curves by component). */
export function uslPeakWarnings(profile: Profile, doc: SourceDocument, fits: Readonly<Record<string, UslParams>>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const phase of profile.phases) {
    for (const c of phase.components) {
      const cap = c.settings.capacity as { usl?: UslParams; fit?: string; concurrency: number } | number | undefined;
      if (typeof cap !== 'object' || cap === null) continue;
      const params = cap.usl ?? (cap.fit === undefined ? undefined : fits[c.name]);
      if (params === undefined) continue;
      const pos = doc.position([...c.segments, 'capacity', 'concurrency']);
      const at = `${pos.line}:${pos.col}:${cap.concurrency}`;
      if (seen.has(at)) continue;
      seen.add(at);
      const message = uslPastPeak(params, cap.concurrency);
      if (message === null) continue;
      out.push({
        file: profile.file,
        line: pos.line,
        col: pos.col,
        path: `${c.path}.capacity.concurrency`,
        message: cap.usl ? message : `${message} (the curve fitted to ${cap.fit})`,
        hint: 'set concurrency at or below N*, or cap the requests each replica takes in flight there',
        severity: 'warning',
      });
    }
  }
  return out;
}
