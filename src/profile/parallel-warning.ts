/**
 * A `parallel` entry with a single member starts nothing beside it: the slowest of one call is
 * that call, so the plan reads it as the plain call (path-model.ts), to the byte. It validates,
 * but a fan-out of one is most likely a member forgotten or mis-indented (`- parallel: [a]`
 * above a `- b` meant to be inside it), so a warning at the entry says so, once where it is
 * written (the base's components, or a phase's). An empty entry and a member listed twice are
 * errors of the schema (kinds/calls.ts).
 */
import { formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import { isPlainObject } from './merge.js';
import type { SourceDocument } from './source.js';

/** The warnings for parallel entries of one member, in the base's components and each phase's. */
export function parallelWarnings(data: Record<string, unknown>, doc: SourceDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const scan = (components: unknown, at: PathSegment[]) => {
    if (!isPlainObject(components)) return;
    for (const [name, settings] of Object.entries(components)) {
      if (!isPlainObject(settings) || !Array.isArray(settings.calls)) continue;
      settings.calls.forEach((entry: unknown, i: number) => {
        if (!isPlainObject(entry) || !Array.isArray(entry.parallel) || entry.parallel.length !== 1) return;
        const path = [...at, name, 'calls', i, 'parallel'];
        const pos = doc.position(path);
        out.push({
          file: doc.file,
          line: pos.line,
          col: pos.col,
          path: formatPath(path),
          message: `a parallel entry with one member (${memberText(entry.parallel[0])}) starts nothing beside it: it is planned as that call alone`,
          hint: 'write it as a plain call, or add the calls that run beside it',
          severity: 'warning',
        });
      });
    }
  };
  scan(data.components, ['components']);
  if (Array.isArray(data.phases)) data.phases.forEach((p: unknown, i: number) => isPlainObject(p) && scan(p.components, ['phases', i, 'components']));
  return out;
}

/** The member as the message names it: `"a"`, or `a oneOf of "a" or "b"`. */
function memberText(member: unknown): string {
  if (typeof member === 'string') return `"${member}"`;
  if (isPlainObject(member) && typeof member.to === 'string') return `"${member.to}"`;
  if (isPlainObject(member) && Array.isArray(member.oneOf)) {
    const names = member.oneOf.map((a: unknown) => (isPlainObject(a) && typeof a.to === 'string' ? `"${a.to}"` : '?'));
    return `a oneOf of ${names.join(' or ')}`;
  }
  return 'one call';
}
