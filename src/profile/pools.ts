/**
 * `poolPer` on an adapter: the component whose every replica holds one pool of the adapter's
 * connections. It must be a horizontally scaled component of the same phase that calls the
 * adapter; each problem is reported at the key.
 */
import { didYouMean, type Diagnostic, type PathSegment } from './diagnostic.js';
import type { SourceDocument } from './source.js';

/** Kinds whose replica count a pool can follow (and raise). */
const POOL_HOLDERS: ReadonlySet<string> = new Set(['service', 'adapter', 'agent', 'worker']);

/** The names a `calls` list reaches: plain names, `{ to }` objects, the alternatives of a `oneOf` and the members of a `parallel`. */
export function calledNames(calls: unknown): string[] {
  if (!Array.isArray(calls)) return [];
  return calls.flatMap((k: unknown): string[] => {
    if (typeof k === 'string') return [k];
    if (k !== null && typeof k === 'object') {
      const o = k as { to?: unknown; oneOf?: unknown; parallel?: unknown };
      if (typeof o.to === 'string') return [o.to];
      if (Array.isArray(o.oneOf)) return calledNames(o.oneOf);
      if (Array.isArray(o.parallel)) return calledNames(o.parallel);
    }
    return [];
  });
}

/** What the check reads of a resolved phase. */
export interface PoolsPhase {
  name: string;
  components: readonly { name: string; settings: unknown; path: string; segments: readonly PathSegment[] }[];
}

/** Every `poolPer` names a horizontal component of the phase that calls the adapter. */
export function checkPools(phase: PoolsPhase, doc: SourceDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const byName = new Map(phase.components.map((c) => [c.name, c]));
  for (const c of phase.components) {
    const holder = (c.settings as { poolPer?: unknown }).poolPer;
    if (typeof holder !== 'string') continue;
    const segs = [...c.segments, 'poolPer'];
    const pos = doc.position(segs);
    const at = { file: doc.file, line: pos.line, col: pos.col, path: `${c.path}.poolPer`, severity: 'error' as const };
    const h = byName.get(holder);
    if (!h || holder === c.name) {
      const suggestion = didYouMean(holder, [...byName.keys()].filter((n) => n !== c.name));
      out.push({
        ...at,
        message: holder === c.name ? 'an adapter cannot hold its own pools' : `"${holder}" is not a component of phase "${phase.name}"`,
        ...(suggestion && holder !== c.name ? { hint: `did you mean "${suggestion}"?` } : {}),
      });
      continue;
    }
    const settings = h.settings as { kind?: unknown; calls?: unknown };
    // A holder whose kind is not readable (a profile that did not validate) is the schema's problem.
    if (typeof settings.kind !== 'string') continue;
    if (!POOL_HOLDERS.has(settings.kind)) {
      out.push({ ...at, message: `"${holder}" is a ${settings.kind}; pools follow the replicas of a service, adapter, agent or worker` });
    } else if (!calledNames(settings.calls).includes(c.name)) {
      out.push({ ...at, message: `"${holder}" does not call ${c.name}`, hint: `add ${c.name} to ${holder}'s calls` });
    }
  }
  return out;
}
