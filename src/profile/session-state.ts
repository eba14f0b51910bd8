/**
 * A cache sized by `statePerSession` counts live sessions by Little's law (the sessions started in
 * the last ttl, kinds/live-sessions.ts), and the session rate is the request rate ÷
 * `workload.requestsPerSession`. Without that key there is no session rate, and the cache's memory
 * cannot be sized: a problem of the profile, reported at the key. (The plan used to go on with a
 * "memory" violation, which `capplan runway` then read as "data outgrows its memory".)
 */
import { formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import type { SourceDocument } from './source.js';

/** What the check reads of a resolved phase. */
export interface SessionStatePhase {
  workload: { sessionRate: number | null };
  components: readonly { settings: unknown; segments: readonly PathSegment[] }[];
}

/** Every cache sized by statePerSession (and ttl, without a dataset) has a session rate to count its sessions by. */
export function checkSessionState(phase: SessionStatePhase, doc: SourceDocument): Diagnostic[] {
  if (phase.workload.sessionRate !== null) return [];
  const out: Diagnostic[] = [];
  for (const c of phase.components) {
    const s = c.settings as { statePerSession?: unknown; ttl?: unknown; dataset?: unknown };
    if (s.statePerSession === undefined || s.ttl === undefined || s.dataset !== undefined) continue;
    const segs = [...c.segments, 'statePerSession'];
    const pos = doc.position(segs);
    out.push({
      file: doc.file,
      line: pos.line,
      col: pos.col,
      path: formatPath(segs),
      message: 'statePerSession needs a session rate, and the workload gives no requestsPerSession to count sessions by (live sessions = the sessions started in the last ttl, at request rate ÷ requestsPerSession)',
      hint: 'add workload.requestsPerSession, or give the cache a dataset size instead',
      severity: 'error',
    });
  }
  return out;
}
