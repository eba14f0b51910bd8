/** Finds where in the profile a finding points: the first of its paths the profile has. */
import type { PathSegment } from '../profile/diagnostic.js';
import type { SourceDocument } from '../profile/source.js';

/** Parses `components.db.capacity`, `phases[1].workload.rps` or `components["a b"]` into segments. */
export function parseProfilePath(path: string): PathSegment[] {
  const out: PathSegment[] = [];
  const re = /\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\.?([^.[\]]+)/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(m[2]) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}

/** A position in the profile file (lines and columns from 1). */
export interface ProfileLocation {
  line: number;
  col: number;
  path: string;
}

/** Locates a list of candidate paths: the first the document holds, else the nearest ancestor of the first. */
export function locatePaths(doc: SourceDocument, paths: readonly string[]): ProfileLocation | null {
  const candidates = paths.filter((p) => p !== '');
  for (const p of candidates) {
    const segments = parseProfilePath(p);
    if (segments.length > 0 && doc.has(segments)) return { ...doc.position(segments, { key: true }), path: p };
  }
  const first = candidates[0];
  if (first === undefined) return null;
  const pos = doc.position(parseProfilePath(first), { key: true });
  return pos.line > 0 ? { ...pos, path: first } : null;
}
