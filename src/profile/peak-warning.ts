/**
 * `sessionsPerDay` gives the day's mean request rate; the peak is that mean × `peakFactor`, or the
 * busiest hour's share of the day (`peakHourShare`). With neither, the plan takes the peak to be
 * the mean (peakFactor 1), which real traffic rarely is (a daytime service peaks at 2–5× its daily
 * mean), so every component is sized for a fraction of its peak without a word. A warning at the
 * key (stderr, positioned, exit unchanged): a flat load is possible, and saying so costs one key.
 */
import { formatPath, type Diagnostic } from './diagnostic.js';
import type { WorkloadSettings } from './schema.js';
import type { SourceDocument } from './source.js';

/** The warning for a sessions workload without a peak (empty otherwise). */
export function peakWarnings(w: WorkloadSettings, doc: SourceDocument): Diagnostic[] {
  if (w.sessionsPerDay === undefined || w.peakFactor !== undefined || w.peakHourShare !== undefined) return [];
  const path = ['workload', 'sessionsPerDay'];
  const pos = doc.position(path);
  return [
    {
      file: doc.file,
      line: pos.line,
      col: pos.col,
      path: formatPath(path),
      message: 'no peakFactor or peakHourShare: the peak is taken to be the day’s mean rate (peakFactor 1), and traffic usually peaks at 2–5× its daily mean',
      hint: 'add peakFactor (peak ÷ mean, e.g. 3), or peakHourShare (the busiest hour’s share of the day’s requests, e.g. 10%); peakFactor: 1 says the load is flat',
      severity: 'warning',
    },
  ];
}
