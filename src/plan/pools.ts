/**
 * Connection pools held per caller replica (an adapter's `poolPer`). NGX's Vertex AI client keeps
 * `connection_pool_size=50` in every NGX instance: the calls in flight are bounded by callers'
 * replicas × 50, not by a set of adapter replicas scaled on their own. So:
 *
 *   pools needed P = the adapter sized as if its replicas were pools of `workers` connections
 *                    (throughput, latency, zone loss, N+1: the same rules as any replica);
 *   caller replicas n_c ≥ P                         (a floor on the caller, binding `connections`);
 *   pools = n_c                                      (the adapter's count follows the caller).
 *
 * The sizing runs callees first (layers.ts), so a pooled adapter is sized before the caller that
 * holds its pools: poolFloors gives the caller its floor, followPools then fixes each adapter's
 * count to its caller's replicas. Pure: the sizing of one component is passed in.
 */
import type { ResolvedPhase } from '../profile/load.js';
import type { Constraint, Floor, SizedComponent } from './types.js';

/** Re-sizes one component with extra floors and a fixed count. */
export type Resize = (name: string, floors: readonly Constraint[], fixed: number) => SizedComponent;

/** A pooled adapter and the component whose replicas hold its pools. */
export interface PoolLink {
  adapter: string;
  holder: string;
}

/** The pool links of a phase: every adapter with `poolPer` (read-only: found once per components array, which a phase is sized with twice and shares with the phases that keep its components). */
export function poolLinks(phase: Pick<ResolvedPhase, 'components'>): readonly PoolLink[] {
  let links = linksOf.get(phase.components);
  if (links === undefined) {
    links = [];
    for (const c of phase.components) {
      const holder = (c.settings as { poolPer?: string }).poolPer;
      if (holder !== undefined) links.push({ adapter: c.name, holder });
    }
    linksOf.set(phase.components, links);
  }
  return links;
}

/** poolLinks' answers by components array. */
const linksOf = new WeakMap<readonly object[], PoolLink[]>();

const workersOf = (a: SizedComponent) => (a.detail.workersPerReplica as number | undefined) ?? 1;

/**
 * The floors a component's replicas get from the pools it holds (its pooled adapters already
 * sized), each with the words of the holder's violation when its replicas.max caps it below the
 * pools: the count is the adapter's pools, so what lowers it is a larger or faster pool, or pools
 * that scale on their own, not more capacity per holder replica.
 */
export function poolFloors(links: readonly PoolLink[], sized: ReadonlyMap<string, SizedComponent>, holder: string): Floor[] {
  return links.flatMap(({ adapter, holder: h }) => {
    const a = sized.get(adapter);
    if (h !== holder || !a) return [];
    const workers = workersOf(a);
    return [
      {
        binding: 'connections' as const,
        required: a.replicas,
        formula: `n ≥ pools ${adapter} needs (each replica holds one pool of ${workers} connections)`,
        substituted: `${adapter} needs ${a.replicas} pools of ${workers} (its throughput, latency and zone rules) → n ≥ ${a.replicas}`,
        capped: {
          why: `connections: ${adapter} needs ${a.replicas} pools of ${workers} connections by its ${a.binding} rule, one held by each replica`,
          instead: `let ${adapter} need fewer pools (more connections in each, ${adapter}'s workers, or shorter ${adapter} calls), or drop ${adapter}'s poolPer so its connections scale on their own`,
        },
      },
    ];
  });
}

/** Fixes each pooled adapter's count to its holder's replicas (in place), saying so in pools. */
export function followPools(links: readonly PoolLink[], sized: Map<string, SizedComponent>, resize: Resize): void {
  for (const { adapter, holder } of links) {
    const a = sized.get(adapter);
    const h = sized.get(holder);
    if (!a || !h) continue;
    const workers = workersOf(a);
    const follow: Constraint = {
      binding: 'connections',
      required: h.replicas,
      formula: `pools = replicas of ${holder} (one pool of ${workers} connections in each)`,
      substituted: `${holder} runs ${h.replicas} replicas → ${h.replicas} pools, ${h.replicas * workers} connections`,
    };
    const resized = resize(adapter, [follow], h.replicas);
    // The holder's maximum capped it below the pools needed: say so in pool terms, once.
    const violations = resized.violations.map((v) =>
      v.kind !== 'maxReplicas'
        ? v
        : {
            ...v,
            message: `needs ${a.replicas} pools of ${workers} connections but ${holder} runs ${h.replicas} replicas, one pool each; at ${h.replicas} the peak runs at ${Math.round(resized.utilization * 1000) / 10}% of the pools`,
            remedy: `raise ${holder}'s replicas.max to ${a.replicas}, or give each ${holder} replica a larger pool (workers)`,
            path: `${resized.path}.poolPer`,
          },
    );
    sized.set(adapter, {
      ...resized,
      violations,
      unitLabel: 'pools',
      topology: `${h.replicas} pool${h.replicas === 1 ? '' : 's'}`,
      detail: { ...resized.detail, poolPer: holder, poolsNeeded: a.replicas, connections: h.replicas * workers },
    });
  }
}
