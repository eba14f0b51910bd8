/**
 * Written bytes without a `retention`: the data is then kept for the default year
 * (kinds/stored-share.ts DEFAULT_RETENTION_S), the same rule for a database (`bytesPerWrite`
 * given) and a disk (`writeBytesPerRequest` above 0). A year of large writes can be petabytes on
 * one primary, so the default is said where it decides the storage: a warning at the write-bytes
 * key (stderr, positioned, exit unchanged), once per place the component is written.
 */
import { formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import type { SourceDocument } from './source.js';

/** What the check reads of a resolved phase's components. */
interface RetentionComponent {
  settings: unknown;
  segments: readonly PathSegment[];
}

/** The write-bytes key of a component whose storage the default retention decides, or null. */
function defaultedKey(settings: unknown): string | null {
  const s = settings as { kind?: string; retention?: number; bytesPerWrite?: number; writeBytesPerRequest?: number };
  if (s.retention !== undefined) return null;
  if (s.kind === 'database' && s.bytesPerWrite !== undefined) return 'bytesPerWrite';
  if (s.kind === 'disk' && (s.writeBytesPerRequest ?? 0) > 0) return 'writeBytesPerRequest';
  return null;
}

/** A warning for each component (in `phases`, each place once) whose written bytes are kept for the default retention. */
export function retentionWarnings(phases: readonly { components: readonly RetentionComponent[] }[], doc: SourceDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const phase of phases) {
    for (const c of phase.components) {
      const key = defaultedKey(c.settings);
      if (key === null) continue;
      const segs = [...c.segments, key];
      const path = formatPath(segs);
      if (seen.has(path)) continue;
      seen.add(path);
      // The key may come from a preset or the base phase: placed at the component then.
      const pos = doc.has(segs) ? doc.position(segs) : doc.position([...c.segments], { key: true });
      out.push({
        file: doc.file,
        line: pos.line,
        col: pos.col,
        path,
        message: 'no retention: the written data is kept for the default 365 d, and that year of writes decides the storage',
        hint: 'give retention, how long written data is kept (e.g. 30d, 365d)',
        severity: 'warning',
      });
    }
  }
  return out;
}
