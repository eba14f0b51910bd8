/**
 * Shards and read replicas of a database, chosen together (issue #19). Writes serialise on each
 * shard's primary; reads (after cache hits) stay on the primary while it has room at the target
 * utilisation, else read replicas serve all of them; zones, availability and replicas.min add
 * their floors. Of every shard count allowed, the layout with the fewest nodes,
 * shards × (1 + read replicas per shard), is chosen (fewer shards on a tie): each node is the
 * same size, so fewest nodes is least cost. Every requirement is monotone in the load and in the
 * capacities, so more load never gives fewer nodes and more capacity never more.
 */
import { ceilish, MAX_UNITS, zoneLossReplicas } from './horizontal.js';

/** What the layout must carry and within which limits (rates in queries/s). */
export interface DatabaseLayoutInput {
  /** Write queries per second, λ_w. */
  writes: number;
  /** Read queries per second that miss the cache, λ_r. */
  reads: number;
  /** Writes one primary commits at 100 % busy, μ_w. */
  writeCapacity: number;
  /** Queries one node serves at 100 % busy, μ. */
  readCapacity: number;
  /** Target utilisation, u. */
  utilization: number;
  /** Most shards allowed (shards.max). */
  maxShards: number;
  /** Zones the nodes spread over. */
  zones: number;
  /** Whether a standby is required when no replica serves reads (availability ≥ 99.9 % or zones > 1). */
  standby: boolean;
  /** replicas.min: least read replicas per shard. */
  minReplicas: number;
  /** replicas.max: most read replicas per shard, if any. */
  maxReplicas: number | undefined;
}

/** Why a shard has its read replicas. */
export type ReplicaReason = 'floor' | 'load' | 'zoneLoss' | 'standby' | 'minReplicas';

/** The read replicas one shard needs at a given shard count. */
export interface ShardReplicas {
  /** Whether the primary carries its writes and reads within the target (then no replica is needed for load). */
  primaryFits: boolean;
  /** Replicas the reads need: 0 when the primary fits or there are no reads to move off it, else ⌈λ_r / (μ × u)⌉ per shard, at least 1. */
  forLoad: number;
  /** Replicas that survive losing a zone (zones > 1 and replicas serve reads), else null. */
  zoneLoss: number | null;
  /** Read replicas per shard after every floor. */
  replicas: number;
  /** The requirement that set `replicas`. */
  reason: ReplicaReason;
}

/** The chosen layout. */
export interface DatabaseLayout {
  shards: number;
  /** Least shards whose primaries commit the writes at the target: ⌈λ_w / (μ_w × u)⌉. */
  shardsForWrites: number;
  perShard: ShardReplicas;
  /** Whether the layout meets every limit (shards.max, replicas.max); when not, it is the least layout ignoring replicas.max. */
  fits: boolean;
}

/**
 * Read replicas per shard at `shards` shards, the load split evenly:
 *   primary fits ⇔ λ_w/(s μ_w) + λ_r/(s μ) ≤ u;  replicas for load = primary fits or λ_r = 0 ? 0 : max(1, ⌈λ_r / (s μ u)⌉);
 * with zones z > 1 the least n ≥ z with (n − ⌈n/z⌉) μ u ≥ λ_r/s; else a standby when required;
 * then at least replicas.min.
 */
export function replicasAt(shards: number, input: DatabaseLayoutInput): ShardReplicas {
  const mu = input.readCapacity;
  const u = input.utilization;
  const wShard = input.writes / shards;
  const rShard = input.reads / shards;
  const primaryFits = wShard / input.writeCapacity + rShard / mu <= u + 1e-12;
  // A read replica relieves the primary only of reads: with none to move (a write-only shard) it
  // relieves nothing, and the primary still commits every write, so the load asks for none.
  const forLoad = primaryFits || !(rShard > 0) ? 0 : Math.max(1, ceilish(rShard / (mu * u)));
  let replicas = forLoad;
  let reason: ReplicaReason = forLoad > 0 ? 'load' : 'floor';
  let zoneLoss: number | null = null;
  if (forLoad > 0 && input.zones > 1) {
    zoneLoss = zoneLossReplicas(rShard, mu, u, input.zones);
    if (zoneLoss > replicas) {
      replicas = zoneLoss;
      reason = 'zoneLoss';
    }
  } else if (input.standby && replicas === 0) {
    replicas = 1;
    reason = 'standby';
  }
  if (input.minReplicas > replicas) {
    replicas = input.minReplicas;
    reason = 'minReplicas';
  }
  return { primaryFits, forLoad, zoneLoss, replicas, reason };
}

/** The least-node layout (fewest shards on a tie) that carries the writes and the reads within the targets. */
export function chooseDatabaseLayout(input: DatabaseLayoutInput): DatabaseLayout {
  const shardsForWrites = Math.max(1, ceilish(input.writes / (input.writeCapacity * input.utilization)));
  const most = Math.min(input.maxShards, MAX_UNITS);
  if (!(shardsForWrites <= most)) {
    const shards = most;
    return { shards, shardsForWrites, perShard: replicasAt(shards, input), fits: false };
  }
  const withinMax = (r: ShardReplicas) => input.maxReplicas === undefined || r.replicas <= input.maxReplicas;
  let best: { shards: number; perShard: ShardReplicas; nodes: number } | null = null;
  let least: { shards: number; perShard: ShardReplicas; nodes: number } | null = null;
  const floor = Math.max(input.minReplicas, input.standby ? 1 : 0);
  for (let s = shardsForWrites; s <= most; s++) {
    // nodes ≥ shards: no shard count at or beyond the best node count can do better.
    if (best !== null && s >= best.nodes) break;
    const perShard = replicasAt(s, input);
    const nodes = s * (1 + perShard.replicas);
    if (least === null || nodes < least.nodes) least = { shards: s, perShard, nodes };
    if (withinMax(perShard) && (best === null || nodes < best.nodes)) best = { shards: s, perShard, nodes };
    // Once the primary fits and the replicas are at their floor, more shards only add nodes.
    if (perShard.primaryFits && perShard.replicas === floor) break;
  }
  const chosen = best ?? least!;
  return { shards: chosen.shards, shardsForWrites, perShard: chosen.perShard, fits: best !== null };
}
