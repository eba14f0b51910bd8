/**
 * A component's `perRequest` against the call probabilities written on the calls that reach it.
 * Left out, perRequest follows the calls: V_c = Σ over callers V_caller × p (request-graph.ts).
 * Given, it wins: the plan loads the component with X × perRequest and shares those visits among
 * its callers. Where every call that reaches it writes its probability (`{ to, probability }`, a
 * oneOf's alternatives), the calls state V_c too, and a perRequest that differs says two things
 * at once (`probability: 1` on every request and `perRequest: 0.2`): a warning at the perRequest
 * names both places (stderr, positioned, exit unchanged). A call written as a plain name (or
 * without `probability`) states no rate: it gives the path, and perRequest the rate, as the
 * shipped profiles write it. Not an error: perRequest above the calls is how several calls per
 * visit are written (a call has no count), and below them is a call sometimes answered without
 * a visit; either may be meant, and the fix is one edit away.
 */
import { callEdges, callPositions } from '../kinds/calls.js';
import { hasPerRequest, followsCalls, ownVisits } from '../kinds/visits.js';
import { formatNumber } from '../units/format.js';
import { formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import { valueAt } from './issues.js';
import { isPlainObject } from './merge.js';
import type { SourceDocument } from './source.js';

/** What the check reads of a resolved phase's components. */
interface VisitsComponent {
  name: string;
  settings: unknown;
  segments: readonly PathSegment[];
}

/** One call that reaches a component: its caller, probability and where it is written. */
interface Incoming {
  from: string;
  probability: number;
  /** Whether the probability is written (an alternative's always is; a plain name's never). */
  written: boolean;
  /** The call's place, e.g. components.api.calls[1] or components.api.calls[0].oneOf[1]. */
  place: string;
}

/** Relative difference under which a perRequest and the calls' figure agree (6 significant digits, as figures are shown). */
const AGREE = 1e-6;

/**
 * A warning for each component (in `phases`, each place and message once) whose perRequest
 * disagrees with the probabilities written on every call that reaches it. `phaseIndex` gives a
 * growth phase's index in `phases:` (null for the base), so a perRequest a phase writes is
 * warned where that phase writes it.
 */
export function visitsWarnings(phases: readonly { name: string; components: readonly VisitsComponent[] }[], doc: SourceDocument, phaseIndex: (name: string) => number | null = () => null): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const phase of phases) {
    const i = phaseIndex(phase.name);
    const keyAt = (c: VisitsComponent): PathSegment[] => {
      const inPhase: PathSegment[] = ['phases', i ?? -1, 'components', c.name, 'perRequest'];
      return i !== null && doc.has(inPhase) ? inPhase : [...c.segments, 'perRequest'];
    };
    for (const d of phaseWarnings(phase.components, doc, keyAt)) {
      const key = `${d.path}\n${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

/**
 * The components that could be warned: a perRequest of their own, and no call that reaches them
 * without a written probability. Read from the calls' entries alone (no positions), so a phase
 * where none is left costs one pass: a 5,000-component, 20-phase profile whose calls write no
 * probability spent 0.3 s here building every call's place.
 */
function candidates(components: readonly VisitsComponent[]): Set<string> {
  const out = new Set<string>();
  for (const c of components) {
    const s = c.settings as Record<string, unknown>;
    if (typeof s.perRequest === 'number' && hasPerRequest(s.kind as string)) out.add(c.name);
  }
  if (out.size === 0) return out;
  const reached = new Set<string>();
  const unwritten = new Set<string>();
  const visit = (entry: unknown) => {
    if (typeof entry === 'string') {
      reached.add(entry);
      unwritten.add(entry);
    } else if (isPlainObject(entry)) {
      if (typeof entry.to === 'string') {
        reached.add(entry.to);
        if (entry.probability === undefined) unwritten.add(entry.to);
      }
      if (Array.isArray(entry.oneOf)) for (const a of entry.oneOf) if (isPlainObject(a) && typeof a.to === 'string') reached.add(a.to);
      if (Array.isArray(entry.parallel)) for (const m of entry.parallel) visit(m);
    }
  };
  for (const c of components) {
    const calls = (c.settings as Record<string, unknown>).calls;
    if (Array.isArray(calls)) for (const entry of calls) visit(entry);
  }
  for (const name of out) if (!reached.has(name) || unwritten.has(name)) out.delete(name);
  return out;
}

function phaseWarnings(components: readonly VisitsComponent[], doc: SourceDocument, keyAt: (c: VisitsComponent) => PathSegment[]): Diagnostic[] {
  if (candidates(components).size === 0) return [];
  const settingsOf = new Map(components.map((c) => [c.name, c.settings as Record<string, unknown>]));
  const incoming = new Map<string, Incoming[]>();
  for (const c of components) {
    const s = c.settings as Record<string, unknown>;
    const edges = callEdges(s);
    const places = callPositions(s);
    edges.forEach((e, i) => {
      if (!settingsOf.has(e.to)) return;
      // callPositions lists the callees in callEdges' order; a call object's place is the object, not its `to`.
      const at = places[i]?.to === e.to ? places[i]!.segments : ['calls', e.entry];
      const callAt = at[at.length - 1] === 'to' ? at.slice(0, -1) : at;
      const call = valueAt(s, callAt);
      const written = isPlainObject(call) && call.probability !== undefined;
      const list = incoming.get(e.to) ?? [];
      list.push({ from: c.name, probability: e.probability, written, place: formatPath([...c.segments, ...callAt]) });
      incoming.set(e.to, list);
    });
  }
  if (incoming.size === 0) return [];

  // Visits per request as the plan derives them (request-graph.ts): callers first, recursively.
  const visits = new Map<string, number>();
  const visiting = new Set<string>();
  const visitsOf = (n: string): number => {
    const known = visits.get(n);
    if (known !== undefined) return known;
    if (visiting.has(n)) return 1; // a cycle: validation reports it
    visiting.add(n);
    const s = settingsOf.get(n)!;
    const calls = incoming.get(n) ?? [];
    const v = calls.length > 0 && followsCalls(s) ? calls.reduce((sum, e) => sum + visitsOf(e.from) * e.probability, 0) : ownVisits(s);
    visiting.delete(n);
    visits.set(n, v);
    return v;
  };

  const out: Diagnostic[] = [];
  for (const c of components) {
    const s = c.settings as Record<string, unknown>;
    const per = s.perRequest;
    const calls = incoming.get(c.name) ?? [];
    if (typeof per !== 'number' || !hasPerRequest(s.kind as string) || calls.length === 0 || !calls.every((e) => e.written)) continue;
    const stated = calls.reduce((sum, e) => sum + visitsOf(e.from) * e.probability, 0);
    if (Math.abs(per - stated) <= AGREE * Math.max(Math.abs(per), Math.abs(stated))) continue;
    const terms = calls.map((e) => `${e.place}: probability ${formatNumber(e.probability)} on each of ${e.from}'s ${formatNumber(visitsOf(e.from))} visit${visitsOf(e.from) === 1 ? '' : 's'} per request`);
    const segs = keyAt(c);
    // perRequest may come from a preset: placed at the component then.
    const pos = doc.has(segs) ? doc.position(segs) : doc.position([...c.segments], { key: true });
    out.push({
      file: doc.file,
      line: pos.line,
      col: pos.col,
      path: formatPath(segs),
      message: `perRequest ${formatNumber(per)} disagrees with the calls that reach ${c.name}, which make ${formatNumber(stated)} visit${stated === 1 ? '' : 's'} per request (${terms.join('; ')}); the plan takes perRequest`,
      hint: per > stated
        ? `if the caller calls ${c.name} several times a visit, write the call without probability (it then gives the path, perRequest the rate); else drop perRequest to follow the calls`
        : calls.length === 1
          ? `drop perRequest to follow the calls, or write the probability meant at ${calls[0]!.place} (${formatNumber((calls[0]!.probability * per) / stated)})`
          : `drop perRequest to follow the calls, or scale the probabilities written by ${formatNumber(per / stated)}`,
      severity: 'warning',
    });
  }
  return out;
}
