/**
 * `cache` (Redis): shards × (1 primary + replicas). Shards by operations (each primary is a
 * single-threaded server) and by memory (the dataset, or live sessions × state per session, live
 * sessions = the sessions started within the last TTL over the day's shape, live-sessions.ts); one replica per shard for availability;
 * Redis Cluster needs at least three primaries (redis.io/docs/latest/operate/oss_and_stack/management/scaling).
 */
import * as z from 'zod';
import { thinnedScv } from '../model/arrival-law.js';
import type { Binding, SizedComponent, Constraint, Violation } from '../plan/types.js';
import { formatBytes, formatDuration, formatNumber, formatPercent } from '../units/format.js';
import { availabilityText, floorConstraint, markBinding } from './constraint-text.js';
import { capUnits, ceilish } from './horizontal.js';
import { resolveCapacity } from './capacity.js';
import { baseFields, defineKind, type SizingContext } from './kind.js';
import { checkCapacity } from './refine.js';
import { liveSessionsOverDay } from './live-sessions.js';
import { singleQueueModel, visitPercentile } from './replica-queue.js';
import { arrivalLine } from './horizontal-model.js';
import { checkShape, givenShape, serviceLawOf, type ShapeSettings } from './service-shape.js';

/** Fewest Sentinel processes (redis.io Sentinel docs: "you need at least three Sentinel instances for a robust deployment"). */
export const MIN_SENTINELS = 3;

/** Fewest primaries of a Redis Cluster (redis.io cluster tutorial: "at least three master nodes"). */
export const REDIS_CLUSTER_MIN_PRIMARIES = 3;

/** The cache kind. */
export const cache = defineKind({
  kind: 'cache',
  title: 'Redis-like cache: shards by ops/s and by memory (dataset, or live sessions × state), a replica per shard for availability.',
  schema: (f) => {
    const { perRequest: _unused, replicas: _r, ...base } = baseFields(f);
    return z
      .strictObject({
        kind: z.literal('cache'),
        ...base,
        opsPerRequest: f.number({ min: 0 }).optional().register(z.globalRegistry, { description: 'Cache operations per user request (number; default: from the calls that reach it, the sum of caller visits × call probability; 1 where nothing calls it).' }),
        nodeMemory: f.bytes({ positive: true }).optional().register(z.globalRegistry, { description: 'Memory of one cache node (size with a unit: 8GiB); usable up to targets.memoryUtilization.' }),
        dataset: f.bytes({ min: 0 }).optional().register(z.globalRegistry, { description: 'Bytes the cache holds (size with a unit: 6GiB; alternative to per-session state).' }),
        statePerSession: f.bytes({ min: 0 }).optional().register(z.globalRegistry, { description: 'Bytes of state kept per live session (size with a unit: 64KB); with ttl, live sessions = the sessions started in the last ttl (peak session rate × ttl within the busiest hour), so the workload needs requestsPerSession.' }),
        ttl: f.duration({ positive: true, guesses: ['min', 'h'] }).optional().register(z.globalRegistry, { description: 'How long a session stays in the cache after it starts (duration with a unit: 30min); live sessions = peak session rate × ttl up to an hour, then the rest of the day at the off-peak rate (docs/model.md).' }),
        replicasPerShard: f.count({ min: 0 }).optional().register(z.globalRegistry, { description: 'Replicas of each shard (count; default 1 when zones > 1 or availability ≥ 99.9 %, else 0).' }),
        cluster: z.boolean().default(true).register(z.globalRegistry, { description: 'Redis Cluster mode allowed: shard when one node is not enough (a cluster has at least 3 primaries).' }),
        shards: z
          .strictObject({
            min: f.count({ min: 1 }).optional().register(z.globalRegistry, { description: 'Fewest shards (count).' }),
            max: f.count({ min: 1 }).optional().register(z.globalRegistry, { description: 'Most shards allowed (count).' }),
          })
          .optional()
          .register(z.globalRegistry, { description: 'Shard bounds.' }),
        sentinels: f
          .count({ min: 0 })
          .optional()
          .register(z.globalRegistry, { description: 'Redis Sentinel processes watching the primary and promoting a replica when it fails (count; 0 or at least 3, a majority must agree; needs cluster: false). Default 0.' }),
        evictionPolicy: z
          .enum(['noeviction', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'])
          .default('allkeys-lru')
          .register(z.globalRegistry, { description: 'Redis maxmemory-policy for emitted configs.' }),
      })
      .superRefine((v, ctx) => {
        checkCapacity(v, ctx);
        checkShape(v, ctx);
        if (v.dataset !== undefined && v.statePerSession !== undefined) {
          ctx.addIssue({ code: 'custom', path: ['statePerSession'], message: 'give dataset or statePerSession with ttl, not both', params: {} });
        }
        if (v.statePerSession !== undefined && v.ttl === undefined) {
          ctx.addIssue({ code: 'custom', path: ['ttl'], message: 'statePerSession needs ttl (how long a session stays cached)', params: {} });
        }
        if ((v.dataset !== undefined || v.statePerSession !== undefined) && v.nodeMemory === undefined) {
          ctx.addIssue({ code: 'custom', path: ['nodeMemory'], message: 'sizing by memory needs nodeMemory (memory of one node)', params: {} });
        }
        if (v.sentinels !== undefined && v.sentinels > 0) {
          if (v.sentinels < MIN_SENTINELS) ctx.addIssue({ code: 'custom', path: ['sentinels'], message: `Sentinel needs at least ${MIN_SENTINELS} processes so that a majority survives the loss of one (got ${v.sentinels})`, params: {} });
          if (v.cluster) ctx.addIssue({ code: 'custom', path: ['sentinels'], message: 'Sentinel watches one primary: set cluster: false (Redis Cluster fails over by itself)', params: {} });
          if (v.replicasPerShard === 0) ctx.addIssue({ code: 'custom', path: ['replicasPerShard'], message: 'Sentinel needs a replica to promote: replicasPerShard ≥ 1', params: {} });
        }
        if (typeof v.capacity === 'object') ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'caches take a capacity rate (ops/s per shard)', params: {} });
      });
  },
  size: (c, ctx) => sizeCache(c, ctx),
});

type CacheSettings = ShapeSettings & {
  opsPerRequest?: number | undefined; nodeMemory?: number | undefined; dataset?: number | undefined; statePerSession?: number | undefined;
  ttl?: number | undefined; replicasPerShard?: number | undefined; cluster: boolean; shards?: { min?: number | undefined; max?: number | undefined } | undefined;
  evictionPolicy: string; sentinels?: number | undefined; utilization?: number | undefined; latencyP95?: number | undefined; managed: boolean;
  capacity?: number | object | undefined; serviceTime?: number | undefined; workers?: number | undefined;
  resources?: { cpu?: number | undefined; memory?: number | undefined; gpu?: number | undefined } | undefined;
};


/**
 * A cache's detail figures, in the plan's key order, the optional ones written only when they
 * apply: five spreads of conditional literals built up to five objects a sizing and defined every
 * key after the first by a runtime call.
 */
function cacheDetail(
  c: CacheSettings,
  shards: number,
  replicasPerShard: number,
  memoryBytes: number | null,
  memU: number,
  sessions: number | null,
  amplification: number,
  derived: number | null,
  sentinels: number,
): Record<string, unknown> {
  const detail: Record<string, unknown> = { shards, replicasPerShard, memoryBytes, memoryPerShard: memoryBytes !== null ? memoryBytes / shards : null };
  if (c.nodeMemory !== undefined) {
    detail.nodeMemory = c.nodeMemory;
    detail.maxmemory = Math.floor(c.nodeMemory * memU);
  }
  if (sessions !== null) detail.liveSessions = sessions;
  detail.evictionPolicy = c.evictionPolicy;
  if (amplification > 1 + 1e-12) detail.retryAmplification = amplification;
  if (derived !== null) detail.derivedVisits = derived;
  if (sentinels > 0) {
    detail.sentinels = sentinels;
    detail.sentinelQuorum = Math.floor(sentinels / 2) + 1;
  }
  detail.memoryUtilization = memoryBytes !== null && c.nodeMemory !== undefined ? memoryBytes / (shards * c.nodeMemory) : null;
  return detail;
}

function sizeCache(c: CacheSettings, ctx: SizingContext): SizedComponent {
  const cap = resolveCapacity(c as Parameters<typeof resolveCapacity>[0], ctx, 'op/s');
  // The worked substitutions and model lines are left out where nothing reads them (SizingContext.explanations), as the other kinds do.
  const quiet = ctx.replicasOnly === true || ctx.explanations === false;
  const mu = cap.perReplica;
  const u = c.utilization ?? ctx.targets.cpuUtilization;
  const memU = ctx.targets.memoryUtilization;
  const amplification = ctx.model?.loadFactor ?? 1;
  // Without opsPerRequest, the operations follow the calls that reach the cache (plan/request-graph.ts).
  const derived = c.opsPerRequest === undefined ? ctx.model?.derivedVisits ?? null : null;
  const opsPerRequest = (c.opsPerRequest ?? derived ?? 1) * amplification;
  const lambda = ctx.workload.peakRps * opsPerRequest;
  const constraints: Constraint[] = [];
  const violations: Violation[] = [];

  const byOps = Math.max(1, ceilish(lambda / (mu * u)));
  constraints.push({
    binding: 'throughput',
    required: byOps,
    formula: 'shards ≥ ⌈λ / (μ × u)⌉',
    substituted: quiet ? '' : `⌈${formatNumber(lambda)} / (${formatNumber(mu)} × ${formatNumber(u)})⌉ = ${formatNumber(byOps)}`,
  });

  // Memory: the dataset, or live sessions × state per session.
  let memoryBytes: number | null = null;
  let sessions: number | null = null;
  if (c.dataset !== undefined) {
    memoryBytes = c.dataset;
  } else if (c.statePerSession !== undefined && c.ttl !== undefined && ctx.workload.sessionRate !== null) {
    // A profile without a session rate (no requestsPerSession) is refused at load (profile/session-state.ts).
    // The day's mean session rate beside the peak's: a ttl longer than the peak window holds off-peak sessions too (live-sessions.ts).
    const r = ctx.workload.requestsPerSession;
    const meanRate = r !== null && r > 0 ? ctx.workload.meanRps / r : ctx.workload.sessionRate;
    const live = liveSessionsOverDay(ctx.workload.sessionRate, meanRate, c.ttl);
    sessions = live.sessions;
    memoryBytes = sessions * c.statePerSession;
    constraints.push({
      binding: 'memory',
      required: 0,
      formula: live.withinPeak
        ? 'live sessions L = session rate × ttl (Little’s law); memory = L × state'
        : 'live sessions L = sessions started in the last ttl, the busiest hour at the peak rate and the rest of the day at the off-peak rate (Little’s law); memory = L × state',
      substituted: quiet ? '' : `${live.text}; ${formatNumber(sessions)} × ${formatBytes(c.statePerSession)} = ${formatBytes(memoryBytes)}`,
    });
  }
  let byMemory = 0;
  if (memoryBytes !== null && c.nodeMemory !== undefined) {
    byMemory = Math.max(1, ceilish(memoryBytes / (c.nodeMemory * memU)));
    constraints.push({
      binding: 'memory',
      required: byMemory,
      formula: 'shards ≥ ⌈memory / (nodeMemory × memory target)⌉',
      substituted: quiet ? '' : `⌈${formatBytes(memoryBytes)} / (${formatBytes(c.nodeMemory)} × ${formatNumber(memU)})⌉ = ${formatNumber(byMemory)}`,
    });
  }
  const minShards = c.shards?.min ?? 1;
  if (c.shards?.min !== undefined) constraints.push({ binding: 'minReplicas', required: minShards, formula: 'shards ≥ shards.min', substituted: `min = ${minShards}` });
  // The largest requirement binds; ties name the load-driven constraint first.
  let binding: Binding = 'throughput';
  let shards = byOps;
  for (const [b, n] of [['memory', byMemory], ['minReplicas', minShards]] as const) {
    if (n > shards) {
      binding = b;
      shards = n;
    }
  }
  // What the load and the bounds ask before Redis Cluster's floor: the floor's violation names both.
  const beforeFloor = shards;
  if (shards > 1 && c.cluster && shards < REDIS_CLUSTER_MIN_PRIMARIES) {
    constraints.push({
      binding: 'floor',
      required: REDIS_CLUSTER_MIN_PRIMARIES,
      formula: `Redis Cluster: shards ≥ ${REDIS_CLUSTER_MIN_PRIMARIES} primaries once there is more than one`,
      substituted: `${shards} shards → ${REDIS_CLUSTER_MIN_PRIMARIES} (redis.io cluster tutorial: at least three masters)`,
    });
    shards = REDIS_CLUSTER_MIN_PRIMARIES;
    binding = 'floor';
  }
  const capped = capUnits(shards, 'shards', ctx.name, ctx.path);
  if (capped.violation) violations.push(capped.violation);
  shards = capped.n;
  const maxShards = c.cluster ? c.shards?.max ?? Infinity : 1;
  if (shards > maxShards) {
    violations.push(shardsViolation(c, ctx, { shards, beforeFloor, maxShards, byOps, byMemory, lambda, memoryBytes, memU, floorBinds: binding === 'floor' }));
    const memoryBound = byMemory > maxShards;
    shards = maxShards;
    binding = memoryBound ? 'memory' : 'maxReplicas';
  }
  const ha = ctx.targets.zones > 1 || (ctx.targets.availability ?? 0) >= 0.999;
  const sentinels = c.sentinels ?? 0;
  // Sentinel promotes a replica: there must be one, whatever the availability target says.
  const replicasPerShard = c.replicasPerShard ?? (ha || sentinels > 0 ? 1 : 0);
  const nodes = shards * (1 + replicasPerShard);
  // With zones the replicas sit in other zones and survive losing one; in one zone they are spares.
  const spare: Binding = ctx.targets.zones > 1 ? 'zoneLoss' : 'redundancy';
  if (replicasPerShard > 0) {
    constraints.push({
      binding: spare,
      required: nodes,
      formula: 'nodes = shards × (1 + replicas per shard); a replica per shard when zones > 1 or availability ≥ 99.9 % (unless replicasPerShard says)',
      substituted: `${shards} × (1 + ${replicasPerShard}) = ${nodes}${c.replicasPerShard === undefined ? ` (${ctx.targets.zones > 1 ? `zones = ${ctx.targets.zones}` : `availability ${availabilityText(ctx.targets.availability ?? 0)}`})` : ' (replicasPerShard)'}`,
    });
  }
  // One shard is the floor: unless a violation capped it there, no load constraint binds it, so
  // the node count is the floor or the floor with its replicas.
  if (shards === 1 && binding !== 'maxReplicas' && binding !== 'memory') {
    if (replicasPerShard > 0) {
      binding = spare;
    } else {
      constraints.push(floorConstraint(1, 'shards', 'no other constraint asks for more than one shard'));
      binding = 'floor';
    }
  }
  markBinding(constraints, binding);

  const perShard = lambda / shards;
  // Each shard is one queue; keys hash to shards, so a request's next operation meets the same shard w.p. 1/shards.
  const shape = serviceLawOf(c, cap.workers / mu);
  // Keys hash to shards: each shard sees a random 1/shards of the stream (arrival-law.ts thinnedScv).
  const spec = { workers: cap.workers, service: shape.law, holding: null, balancing: 'random' as const, constantDelayS: 0, given: givenShape(c), arrivalScv: thinnedScv(ctx.model?.arrivalScv ?? 1, 1 / shards) };
  const shard = singleQueueModel(spec, perShard, nodes, 1 / shards);
  const metrics = { meanResponseS: shard.replicaQueue.solution.meanResponseS };
  const utilization = perShard / mu;
  const memoryPerUser = memoryBytes !== null && sessions !== null && ctx.workload.peakRps > 0 ? memoryBytes / ctx.workload.peakRps : 0;
  const limitAt = (uu: number, mem: number) => {
    const ops = opsPerRequest > 0 ? (shards * mu * uu) / opsPerRequest : Infinity;
    const memory = memoryPerUser > 0 && c.nodeMemory !== undefined ? (shards * c.nodeMemory * mem) / memoryPerUser : Infinity;
    return ops <= memory ? { rps: ops, by: 'capacity' } : { rps: memory, by: 'memory' };
  };
  const maxAt = limitAt(u, memU);
  const breaking = limitAt(1, 1);
  const topology = (shards === 1
    ? (replicasPerShard === 0 ? '1 node' : `1 primary + ${replicasPerShard} replica${replicasPerShard === 1 ? '' : 's'}`)
    : `${shards} shards × ${1 + replicasPerShard} node${replicasPerShard === 0 ? '' : 's'}`) + (sentinels > 0 ? ` + ${sentinels} sentinels` : '');
  return {
    name: ctx.name,
    kind: 'cache',
    demand: lambda,
    demandUnit: 'op/s',
    replicas: nodes,
    binding,
    utilization,
    latencyP95: visitPercentile(spec, shard.replicaQueue, ctx.percentile),
    waitProbability: shard.replicaQueue.solution.waitProbability,
    maxRps: maxAt.rps,
    violations,
    breakingRps: breaking.rps,
    maxRpsBy: maxAt.by,
    visits: opsPerRequest,
    capacityPerUnit: mu,
    capacityUnit: 'op/s',
    targetUtilization: u,
    unitLabel: 'shards',
    topology,
    managed: c.managed,
    resources: { cpuCores: c.resources?.cpu ?? null, memoryBytes: c.resources?.memory ?? c.nodeMemory ?? null, gpus: 0 },
    latencyMean: metrics.meanResponseS,
    latencyBudget: c.latencyP95 ?? null,
    queue: shard.queue,
    synchronous: true,
    storageBytes: memoryBytes,
    egressBytesPerMonth: null,
    capacityDerivation: cap.derivation,
    constraints,
    detail: cacheDetail(c, shards, replicasPerShard, memoryBytes, memU, sessions, amplification, derived, sentinels),
    path: ctx.path,
    notes: [],
    model: quiet ? [] : [
      ...(derived !== null ? [`operations: ${formatNumber(derived)} per request, from the calls that reach it (caller visits × call probability, summed; no opsPerRequest given)`] : []),
      ...(amplification > 1 + 1e-12 ? [`retries: callers retry failed or timed-out calls, ${formatNumber(amplification)} expected attempts per call: operations × ${formatNumber(amplification)}`] : []),
      `service time: ${shape.description}`,
      ...(ctx.model?.arrivalText !== undefined ? [arrivalLine(ctx.model.arrivalScv ?? 1, ctx.model.arrivalText)] : []),
      `queue (one shard): ${shard.replicaQueue.solution.method}${shard.replicaQueue.solution.stable ? `, P(wait) ${formatPercent(shard.replicaQueue.solution.waitProbability)}` : ''}; keys spread over ${shards} shard${shards === 1 ? '' : 's'}`,
    ],
  };
}

/** What a cache needs against the shards it may have, for its violation. */
interface ShardsShortfall {
  shards: number;
  beforeFloor: number;
  maxShards: number;
  byOps: number;
  byMemory: number;
  lambda: number;
  memoryBytes: number | null;
  memU: number;
  floorBinds: boolean;
}

/**
 * The violation when a cache needs more shards than it may have, naming the rule that binds:
 * memory (the dataset or live sessions do not fit), Redis Cluster's three-primary minimum (the
 * load asks for 2 shards, the cluster for 3), or operations; each remedy fits its rule.
 */
function shardsViolation(c: CacheSettings, ctx: SizingContext, s: ShardsShortfall): Violation {
  const plural = (n: number) => `${n} shard${n === 1 ? '' : 's'}`;
  // One node holds it all at ≥ memory / memory target: no shards, so no cluster floor.
  const oneNodeMemory = s.memoryBytes !== null ? `nodes with ≥ ${formatBytes(Math.ceil(s.memoryBytes / s.memU))} memory` : null;
  const lessMemory = c.statePerSession !== undefined ? ['shorten the ttl'] : c.dataset !== undefined ? ['hold a smaller dataset'] : [];
  if (s.byMemory > s.maxShards) {
    return {
      component: ctx.name,
      kind: 'memory',
      message: `${formatBytes(s.memoryBytes!)} does not fit in ${plural(s.maxShards)} of ${formatBytes(c.nodeMemory!)} at ${formatNumber(s.memU * 100)}% memory (needs ${s.byMemory})`,
      remedy: c.cluster
        ? orList([`raise shards.max to ${s.shards}`, `use ${oneNodeMemory ?? 'nodes with more memory'}`, ...lessMemory])
        : orList([`enable cluster mode (cluster: true) with ${Math.max(s.shards, REDIS_CLUSTER_MIN_PRIMARIES)} shards`, `use a node with ≥ ${formatBytes(Math.ceil((s.memoryBytes ?? 0) / s.memU))} memory`, ...lessMemory]),
      path: `${ctx.path}.nodeMemory`,
    };
  }
  if (s.floorBinds) {
    const asks = [`${s.byOps} for ${formatNumber(s.lambda)} ops/s`, ...(s.byMemory > 0 ? [`${s.byMemory} for ${formatBytes(s.memoryBytes!)}`] : []), ...(c.shards?.min !== undefined ? [`${c.shards.min} by shards.min`] : [])];
    // Without sharding (one node) the floor goes away, if one node carries the operations.
    const oneNode = s.byOps === 1 && (c.shards?.min ?? 1) === 1
      ? `, or keep to one shard: ${oneNodeMemory !== null ? `${oneNodeMemory} (one shard needs no cluster; cluster: false with sentinels: ${MIN_SENTINELS} for failover)` : `cluster: false (with sentinels: ${MIN_SENTINELS} for failover)`}`
      : '';
    return {
      component: ctx.name,
      kind: 'maxReplicas',
      message: `the load needs ${plural(s.beforeFloor)} (${asks.join(', ')}), and a Redis Cluster of more than one shard needs at least ${REDIS_CLUSTER_MIN_PRIMARIES} primaries, but at most ${s.maxShards} allowed`,
      remedy: `raise shards.max to ${REDIS_CLUSTER_MIN_PRIMARIES}${oneNode}`,
      path: `${ctx.path}.shards`,
    };
  }
  return {
    component: ctx.name,
    kind: 'maxReplicas',
    message: `needs ${plural(s.shards)} for ${formatNumber(s.lambda)} ops/s but at most ${s.maxShards} allowed`,
    remedy: c.cluster
      ? `raise shards.max to ${s.shards}, or fewer operations per request (opsPerRequest) or faster nodes (capacity)`
      : `enable cluster mode (cluster: true) with ${Math.max(s.shards, REDIS_CLUSTER_MIN_PRIMARIES)} shards, or fewer operations per request (opsPerRequest) or a faster node (capacity)`,
    path: `${ctx.path}.shards`,
  };
}

/** Remedies as one sentence: "a, b, or c". */
function orList(items: string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')}, or ${items[items.length - 1]}`;
}
