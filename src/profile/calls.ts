/** The `calls` graph of a phase: every callee a component of the phase, and no cycles. */
import { callPositions } from '../kinds/calls.js';
import { calledNames } from './pools.js';
import { didYouMean, formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import { MAX_CALL_DEPTH } from './limits.js';
import type { SourceDocument } from './source.js';

/** What the check reads of a resolved phase. */
export interface CallsPhase {
  name: string;
  components: readonly { name: string; settings: unknown; path: string; segments: readonly PathSegment[] }[];
}

/** `calls` must name components of the phase, without cycles; each problem positioned. */
export function checkCalls(phase: CallsPhase, doc: SourceDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const names = phase.components.map((c) => c.name);
  const known = new Set(names);
  const graph = new Map<string, string[]>();
  for (const c of phase.components) {
    // Plain names, call objects ({ to }) and each alternative of a oneOf, with where each is written.
    const calls = callPositions((c.settings ?? {}) as Record<string, unknown>);
    graph.set(c.name, calls.map((k) => k.to).filter((n) => known.has(n) && n !== c.name));
    calls.forEach(({ to: callee, segments }) => {
      if (known.has(callee) && callee !== c.name) return;
      const segs = [...c.segments, ...segments];
      const pos = doc.position(segs);
      const suggestion = didYouMean(callee, names);
      out.push({
        file: doc.file, line: pos.line, col: pos.col, path: formatPath(segs),
        message: callee === c.name ? `"${callee}" calls itself` : `calls "${callee}", which is not a component of phase "${phase.name}"`,
        severity: 'error',
        ...(suggestion && callee !== c.name ? { hint: `did you mean "${suggestion}"?` } : {}),
      });
    });
  }
  const cycle = findCycle(names, graph);
  if (cycle) {
    const comp = phase.components.find((c) => c.name === cycle[0])!;
    const pos = doc.position([...comp.segments, 'calls']);
    out.push({ file: doc.file, line: pos.line, col: pos.col, path: `${comp.path}.calls`, message: `calls form a cycle: ${cycle.join(' → ')}`, severity: 'error', hint: 'the request path must not loop back' });
    return out;
  }
  const chain = longestChain(names, graph);
  if (chain.length - 1 > MAX_CALL_DEPTH) {
    const comp = phase.components.find((c) => c.name === chain[0])!;
    const pos = doc.position([...comp.segments, 'calls']);
    const shown = [...chain.slice(0, 3), '…', chain[chain.length - 1]!].join(' → ');
    out.push({ file: doc.file, line: pos.line, col: pos.col, path: `${comp.path}.calls`, message: `calls nest ${chain.length - 1} deep (${shown}), more than the ${MAX_CALL_DEPTH} capplan follows`, severity: 'error', hint: 'model a long pipeline as fewer components, or as queued (async) hand-offs' });
  }
  return out;
}

/**
 * The longest chain of calls of an acyclic graph, as its names from caller to last callee (a
 * single name when nothing calls anything). Longest path by dynamic programming over the
 * components in reverse topological order (Kahn's algorithm), without recursion; ties go to the
 * first component in `order`.
 */
export function longestChain(order: readonly string[], graph: ReadonlyMap<string, readonly string[]>): string[] {
  const indegree = new Map(order.map((n) => [n, 0]));
  for (const n of order) for (const m of graph.get(n) ?? []) indegree.set(m, (indegree.get(m) ?? 0) + 1);
  const topo: string[] = order.filter((n) => indegree.get(n) === 0);
  for (let i = 0; i < topo.length; i++) {
    for (const m of graph.get(topo[i]!) ?? []) {
      const d = indegree.get(m)! - 1;
      indegree.set(m, d);
      if (d === 0) topo.push(m);
    }
  }
  const depth = new Map<string, number>();
  const nextOf = new Map<string, string>();
  for (let i = topo.length - 1; i >= 0; i--) {
    const n = topo[i]!;
    let best = 0;
    for (const m of graph.get(n) ?? []) {
      const d = (depth.get(m) ?? 0) + 1;
      if (d > best) {
        best = d;
        nextOf.set(n, m);
      }
    }
    depth.set(n, best);
  }
  let start = order[0];
  for (const n of order) if ((depth.get(n) ?? 0) > (depth.get(start!) ?? 0)) start = n;
  const chain: string[] = [];
  for (let n: string | undefined = start; n !== undefined; n = nextOf.get(n)) chain.push(n);
  return chain;
}

/**
 * The first cycle of a directed graph, as the names along it with the first repeated at the end
 * (`a → b → a`), or null. Depth-first search in the given order (deterministic) with an explicit
 * stack, so a long chain of calls cannot exhaust the call stack.
 */
export function findCycle(order: readonly string[], graph: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 1 | 2>(); // 1: on the current path, 2: finished
  for (const start of order) {
    if (state.has(start)) continue;
    const path: string[] = [start];
    const next: number[] = [0];
    state.set(start, 1);
    while (path.length > 0) {
      const node = path[path.length - 1]!;
      const edges = graph.get(node) ?? [];
      const i = next[next.length - 1]!;
      if (i >= edges.length) {
        state.set(node, 2);
        path.pop();
        next.pop();
        continue;
      }
      next[next.length - 1] = i + 1;
      const m = edges[i]!;
      if (state.get(m) === 1) return [...path.slice(path.indexOf(m)), m];
      if (!state.has(m)) {
        state.set(m, 1);
        path.push(m);
        next.push(0);
      }
    }
  }
  return null;
}

/** What checkCalls and checkPools read of a component's settings: its kind, poolPer and the names its calls reach (both spellings of them the checks use). */
export interface GraphFacts {
  kind: unknown;
  poolPer: unknown;
  callees: readonly string[];
  called: readonly string[];
}

/** Graph facts per settings object (a phase that leaves a component alone shares its settings). */
export type GraphFactsMemo = WeakMap<object, GraphFacts>;

function graphFacts(settings: unknown, memo: GraphFactsMemo): GraphFacts {
  const key = typeof settings === 'object' && settings !== null ? settings : undefined;
  let f = key && memo.get(key);
  if (!f) {
    const s = (settings ?? {}) as { kind?: unknown; poolPer?: unknown; calls?: unknown };
    f = { kind: s.kind, poolPer: s.poolPer, callees: callPositions(s as Record<string, unknown>).map((k) => k.to), called: calledNames(s.calls) };
    if (key) memo.set(key, f);
  }
  return f;
}

/** Whether two phases' components (names in order, then each one's graph facts) agree: then checkCalls and checkPools find the same in both. */
export function sameGraph(a: CallsPhase['components'], b: CallsPhase['components'], memo: GraphFactsMemo): boolean {
  if (a.length !== b.length) return false;
  const same = (x: readonly string[], y: readonly string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  for (let j = 0; j < a.length; j++) {
    const ca = a[j]!;
    const cb = b[j]!;
    if (ca.name !== cb.name) return false;
    if (ca.settings === cb.settings) continue;
    const fa = graphFacts(ca.settings, memo);
    const fb = graphFacts(cb.settings, memo);
    if (fa.kind !== fb.kind || fa.poolPer !== fb.poolPer || !same(fa.callees, fb.callees) || !same(fa.called, fb.called)) return false;
  }
  return true;
}
