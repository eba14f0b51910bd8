/**
 * Calls entries that validate and plan as written but most likely do not say what was meant, each
 * warned once where it is written (the base's components, or a phase's):
 *
 * - A `parallel` entry with a single member starts nothing beside it: the slowest of one call is
 *   that call, so the plan reads it as the plain call (path-model.ts), to the byte. A fan-out of
 *   one is most likely a member forgotten or mis-indented (`- parallel: [a]` above a `- b` meant
 *   to be inside it). An empty entry and a member listed twice are errors of the schema
 *   (kinds/calls.ts).
 * - A `oneOf` with two alternatives that call the same component the same way (equal blocking,
 *   retries, timeout and failure rate) offers no choice: the mixture p·T + q·T is one call made
 *   with probability p + q, and the plan is that call's. Two names alike are most often a typo
 *   (`stock` twice where `stock-cache` was meant). Alternatives to one component with other call
 *   settings are a real choice (half the calls retried, say) and are not warned.
 */
import { formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import { isPlainObject } from './merge.js';
import type { SourceDocument } from './source.js';

/** The warnings for parallel entries of one member and oneOf alternatives alike, in the base's components and each phase's. */
export function callWarnings(data: Record<string, unknown>, doc: SourceDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const scan = (components: unknown, at: PathSegment[]) => {
    if (!isPlainObject(components)) return;
    for (const [name, settings] of Object.entries(components)) {
      if (!isPlainObject(settings) || !Array.isArray(settings.calls)) continue;
      settings.calls.forEach((entry: unknown, i: number) => {
        if (!isPlainObject(entry)) return;
        const entryPath = [...at, name, 'calls', i];
        out.push(...sameAlternatives(entry, entryPath, doc));
        if (!Array.isArray(entry.parallel)) return;
        entry.parallel.forEach((member: unknown, j: number) => isPlainObject(member) && out.push(...sameAlternatives(member, [...entryPath, 'parallel', j], doc)));
        if (entry.parallel.length !== 1) return;
        out.push(warningAt(doc, [...entryPath, 'parallel'], `a parallel entry with one member (${memberText(entry.parallel[0])}) starts nothing beside it: it is planned as that call alone`, 'write it as a plain call, or add the calls that run beside it'));
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

/** The settings a call is made with besides its target and probability (CallObject of kinds/calls.ts). */
const CALL_SETTINGS = ['blocking', 'retries', 'timeout', 'failureRate'] as const;

/**
 * A warning for each alternative of a oneOf at `at` that calls the component an earlier
 * alternative calls, with the same call settings (as written: `timeout: 1s` and `timeout: 1000ms`
 * are told apart, and then not warned).
 */
function sameAlternatives(call: Record<string, unknown>, at: PathSegment[], doc: SourceDocument): Diagnostic[] {
  if (!Array.isArray(call.oneOf)) return [];
  const out: Diagnostic[] = [];
  const seen = new Map<string, number>();
  call.oneOf.forEach((alternative: unknown, k: number) => {
    if (!isPlainObject(alternative) || typeof alternative.to !== 'string') return;
    const key = JSON.stringify([alternative.to, ...CALL_SETTINGS.map((s) => alternative[s] ?? null)]);
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, k);
      return;
    }
    out.push(
      warningAt(
        doc,
        [...at, 'oneOf', k, 'to'],
        `alternative ${k} calls "${alternative.to}" as alternative ${first} does, with the same call settings: no choice between them, so the plan makes one call to "${alternative.to}" with their probabilities summed`,
        'name the component meant (a typo?), or write the two as one alternative',
      ),
    );
  });
  return out;
}

/** A warning positioned at `path` in the document. */
function warningAt(doc: SourceDocument, path: PathSegment[], message: string, hint: string): Diagnostic {
  const pos = doc.position(path);
  return { file: doc.file, line: pos.line, col: pos.col, path: formatPath(path), message, hint, severity: 'warning' };
}
