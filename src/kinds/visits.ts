/**
 * A component's visits per user request as its own keys state them (perRequest, a database's
 * reads and writes, a cache's opsPerRequest, a disk's iopsPerRequest), and whether they follow
 * the calls that reach it instead: read by the call graph (plan/request-graph.ts) and by the
 * profile's check that a stated perRequest agrees with the probabilities written on its calls.
 */

/** Kinds whose load is `perRequest` (the rest count reads, writes, operations, bytes). */
export function hasPerRequest(kind: string): boolean {
  return kind === 'service' || kind === 'adapter' || kind === 'agent' || kind === 'worker';
}

/** A component whose visits per request are not written (perRequest; a cache's opsPerRequest): they follow the calls that reach it. */
export function followsCalls(s: Record<string, unknown>): boolean {
  if (s.kind === 'cache') return s.opsPerRequest === undefined;
  return s.perRequest === undefined && hasPerRequest(s.kind as string);
}

/** Visits per request from a component's own keys (the same figures its kind sizes with). */
export function ownVisits(s: Record<string, unknown>): number {
  const n = (k: string, d = 0) => (typeof s[k] === 'number' ? (s[k] as number) : d);
  switch (s.kind) {
    case 'database':
      return n('readsPerRequest') * (1 - n('cacheHitRatio')) + n('writesPerRequest');
    case 'cache':
      return n('opsPerRequest', 1);
    case 'network':
      return 1;
    case 'disk':
      return n('iopsPerRequest');
    default:
      return n('perRequest', 1);
  }
}
