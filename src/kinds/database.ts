/**
 * `database` (PostgreSQL): one primary per shard takes the writes, which serialise (WAL, row
 * locks), so write throughput grows only with shards; reads that miss the cache go to the primary
 * while it has room, else to read replicas; connections by Little's law; storage grows with the
 * mean write rate over the retention period.
 */
import * as z from 'zod';
import { LONG_DURATION_UNITS } from '../profile/fields.js';
import { thinnedScv } from '../model/arrival-law.js';
import { lawName, lawScv, mixLaws } from '../model/service-law.js';
import { DEFAULT_FILL } from '../plan/footprint.js';
import type { Binding, SizedComponent, Constraint, StorageModel, Violation } from '../plan/types.js';
import { formatBytes, formatDuration, formatNumber, formatNumberToward, formatPercent } from '../units/format.js';
import { availabilityText, markBinding } from './constraint-text.js';
import { capUnits, ceilish, MAX_UNITS, zoneLossReplicas } from './horizontal.js';
import { resolveCapacity } from './capacity.js';
import { chooseDatabaseLayout, replicasAt } from './database-layout.js';
import { baseFields, defineKind } from './kind.js';
import { checkCapacity } from './refine.js';
import { singleQueueModel, visitPercentile, type ReplicaQueue } from './replica-queue.js';
import { arrivalLine } from './horizontal-model.js';
import { checkShape, givenShape, serviceLawOf, type ShapeSettings } from './service-shape.js';
import { DEFAULT_RETENTION_S, storedShare } from './stored-share.js';

/** Seconds in an average month (730 h, as cloud price lists count it). */
export const SECONDS_PER_MONTH = 730 * 3600;
/** PostgreSQL's default max_connections (postgresql.org/docs/current/runtime-config-connection.html). */
export const POSTGRES_DEFAULT_MAX_CONNECTIONS = 100;

/** The database kind. */
export const database = defineKind({
  kind: 'database',
  title: 'PostgreSQL-like database: serialised writes on one primary per shard, read replicas after cache hits, connections, storage growth.',
  schema: (f) => {
    const { perRequest: _unused, operations: _operations, ...base } = baseFields(f);
    return z
      .strictObject({
        kind: z.literal('database'),
        ...base,
        readsPerRequest: f.number({ min: 0 }).default(0).register(z.globalRegistry, { description: 'Read queries per user request (number).' }),
        writesPerRequest: f.number({ min: 0 }).default(0).register(z.globalRegistry, { description: 'Write queries per user request (number).' }),
        writeCapacity: f.rate({ positive: true }).optional().register(z.globalRegistry, { description: 'Writes one primary commits at 100 % busy (rate with a unit: 500/s; serialised; default: capacity).' }),
        cacheHitRatio: f.fraction({ min: 0, max: 1 }).default(0).register(z.globalRegistry, { description: 'Fraction of reads answered by a cache before reaching the database.' }),
        shards: z
          .strictObject({ max: f.count({ min: 1 }).register(z.globalRegistry, { description: 'Most shards (primaries) allowed (count; default 1: no sharding).' }) })
          .optional()
          .register(z.globalRegistry, { description: 'Sharding: writes beyond one primary need shards (application-level or Citus).' }),
        maxConnections: f.count({ min: 1 }).default(POSTGRES_DEFAULT_MAX_CONNECTIONS).register(z.globalRegistry, { description: 'max_connections per node (count; PostgreSQL default 100).' }),
        poolSize: f.count({ min: 1 }).optional().register(z.globalRegistry, { description: 'Connections each calling replica holds open (count); checked against maxConnections.' }),
        bytesPerWrite: f.bytes({ min: 0 }).optional().register(z.globalRegistry, { description: 'Bytes stored per write, rows plus indexes (size with a unit: 2KB).' }),
        retention: f.duration({ positive: true, guesses: LONG_DURATION_UNITS }).optional().register(z.globalRegistry, { description: 'How long written data is kept (duration with a unit: 365d; default 365 d when bytesPerWrite is given, with a warning).' }),
        dataset: f.bytes({ min: 0 }).optional().register(z.globalRegistry, { description: 'Data already stored (size with a unit: 500GB; bits are refused).' }),
      })
      .superRefine((v, ctx) => {
        checkCapacity(v, ctx);
        checkShape(v, ctx);
        if (v.readsPerRequest === 0 && v.writesPerRequest === 0) {
          ctx.addIssue({ code: 'custom', path: [], message: 'needs readsPerRequest or writesPerRequest above 0: both are 0 or left out, so no request would read or write it', params: { hint: 'give the queries one user request makes (readsPerRequest: 3, writesPerRequest: 1), or remove the component' } });
        }
        if (typeof v.capacity === 'object') ctx.addIssue({ code: 'custom', path: ['capacity'], message: 'databases take a capacity rate (queries/s per node)', params: {} });
      });
  },
  size: (c, ctx) => sizeDatabase(c, ctx),
});

type DbSettings = ShapeSettings & {
  readsPerRequest: number; writesPerRequest: number; writeCapacity?: number | undefined; cacheHitRatio: number;
  shards?: { max: number } | undefined; maxConnections: number; poolSize?: number | undefined; bytesPerWrite?: number | undefined;
  retention?: number | undefined; dataset?: number | undefined; capacity?: number | object | undefined; serviceTime?: number | undefined;
  workers?: number | undefined; utilization?: number | undefined; latencyP95?: number | undefined; managed: boolean;
  replicas?: { min?: number | undefined; max?: number | undefined } | undefined; kind: string;
  resources?: { cpu?: number | undefined; memory?: number | undefined; gpu?: number | undefined } | undefined;
};

function sizeDatabase(c: DbSettings, ctx: Parameters<typeof resolveCapacity>[1]): SizedComponent {
  const cap = resolveCapacity(c as Parameters<typeof resolveCapacity>[0], ctx, 'query/s');
  // Read only for its node count (the off-peak sizing): the percentile and the texts are skipped.
  const brief = ctx.replicasOnly === true;
  // Texts are left out too where nothing reads them (SizingContext.explanations): the Monte Carlo, a plan without --explain.
  const quiet = brief || ctx.explanations === false;
  const mu = cap.perReplica;
  const muW = c.writeCapacity ?? mu;
  const u = c.utilization ?? ctx.targets.cpuUtilization;
  // Retried calls repeat their queries: the load is the request rate × expected attempts.
  const amplification = ctx.model?.loadFactor ?? 1;
  const X = ctx.workload.peakRps * amplification;
  const writes = X * c.writesPerRequest;
  const reads = X * c.readsPerRequest * (1 - c.cacheHitRatio);
  const constraints: Constraint[] = [];
  const violations: Violation[] = [];
  // One primary and no replicas is the floor; the rules below raise it and say why.
  let binding: Binding = 'floor';

  // Shards and read replicas, chosen together: the fewest nodes that carry writes and reads (database-layout.ts).
  const maxShards = c.shards?.max ?? 1;
  const minReplicas = c.replicas?.min ?? 0;
  const maxReplicas = c.replicas?.max;
  const ha = ctx.targets.zones > 1 || (ctx.targets.availability ?? 0) >= 0.999;
  const layoutInput = {
    writes, reads, writeCapacity: muW, readCapacity: mu, utilization: u, maxShards,
    zones: ctx.targets.zones, standby: ha, minReplicas, maxReplicas,
  };
  const layout = chooseDatabaseLayout(layoutInput);
  const shardsNeeded = layout.shardsForWrites;
  constraints.push({
    binding: 'writes',
    required: shardsNeeded,
    formula: 'shards ≥ ⌈λ_w / (μ_w × u)⌉ (writes serialise on one primary)',
    substituted: quiet ? '' : `⌈${formatNumber(writes)} / (${formatNumber(muW)} × ${formatNumber(u)})⌉ = ${formatNumber(shardsNeeded)}`,
  });
  const cappedShards = capUnits(Math.min(shardsNeeded, maxShards), 'shards', ctx.name, ctx.path);
  if (cappedShards.violation) violations.push(cappedShards.violation);
  const shards = layout.shards;
  if (shardsNeeded > maxShards) {
    binding = 'writes';
    violations.push({
      component: ctx.name,
      kind: 'writes',
      message: `serialised writes ${formatNumber(writes)}/s need ${shardsNeeded} primaries at ${formatPercent(u)}; ${maxShards === 1 ? 'one primary' : `${maxShards} shards`} commit at most ${formatNumber(maxShards * muW * u)}/s`,
      remedy: `shard the writes (by tenant or key) into ${shardsNeeded} shards and set shards.max, batch writes into fewer commits, or move to a primary with writeCapacity ≥ ${formatNumberToward(writes / (maxShards * u), 'up')}/s`,
      path: `${ctx.path}.writesPerRequest`,
    });
  }
  const wShard = writes / shards;
  const rShard = reads / shards;
  const perShard = layout.perShard;
  if (shards > shardsNeeded) {
    constraints.push({
      binding: 'throughput',
      required: shards,
      formula: 'shards and read replicas together: the fewest nodes s × (1 + r) that carry λ_w and λ_r within u',
      substituted: `${shards} shards × (1 + ${perShard.replicas}) = ${shards * (1 + perShard.replicas)} nodes; ${shardsNeeded} shards would need ${shardsNeeded} × (1 + ${replicasAt(shardsNeeded, layoutInput).replicas}) or more`,
    });
  }

  // Reads: on the primary while it has room at the target, else all on read replicas.
  const cappedReads = capUnits(perShard.forLoad, 'read replicas', ctx.name, ctx.path);
  if (cappedReads.violation) violations.push(cappedReads.violation);
  const readReplicasForLoad = cappedReads.n;
  constraints.push({
    binding: 'throughput',
    required: readReplicasForLoad,
    formula: 'read replicas = 0 if λ_w/μ_w + λ_r/μ ≤ u on the primary, else ⌈λ_r / (μ × u)⌉ (λ_r after cache hits, per shard); any read replicas serve all reads',
    substituted: quiet ? '' : `λ_r = ${formatNumber(X * c.readsPerRequest)} × (1 − ${formatNumber(c.cacheHitRatio)}) / ${shards} = ${formatNumber(rShard)}/s; primary ${formatPercent(wShard / muW + rShard / mu)} ${perShard.primaryFits ? '≤' : '>'} ${formatPercent(u)} → ${readReplicasForLoad}${!perShard.primaryFits && !(rShard > 0) ? ' (no reads to move off the primary: a read replica would not relieve its writes)' : ''}`,
  });
  let readReplicas = Math.min(perShard.replicas, MAX_UNITS);
  if (shardsNeeded > maxShards) binding = 'writes';
  else if (shards > shardsNeeded || readReplicasForLoad > 0) binding = 'throughput';
  if (perShard.zoneLoss !== null) {
    constraints.push({
      binding: 'zoneLoss',
      required: perShard.zoneLoss,
      formula: 'least n ≥ z with (n − ⌈n/z⌉) × μ × u ≥ λ_r',
      substituted: `z = ${ctx.targets.zones}: ${perShard.zoneLoss} read replicas`,
    });
  } else if (perShard.reason === 'standby' || (ha && perShard.forLoad === 0)) {
    // A standby in another zone survives a zone loss; in one zone it is the N+1 spare of the primary.
    const zoneLoss = ctx.targets.zones > 1;
    constraints.push(
      zoneLoss
        ? { binding: 'zoneLoss', required: 1, formula: 'standby replicas ≥ 1 (in another zone, to survive losing one)', substituted: `zones = ${ctx.targets.zones} → 1 standby` }
        : { binding: 'redundancy', required: 1, formula: 'N+1: standby replicas ≥ 1 when availability ≥ 99.9 % in one zone', substituted: `availability ${availabilityText(ctx.targets.availability ?? 0)} ≥ 99.9 % → 1 standby` },
    );
  }
  if (shardsNeeded <= maxShards && perShard.reason === 'zoneLoss') binding = 'zoneLoss';
  if (shardsNeeded <= maxShards && perShard.reason === 'standby') binding = ctx.targets.zones > 1 ? 'zoneLoss' : 'redundancy';
  if (perShard.reason === 'minReplicas') binding = 'minReplicas';
  constraints.push({ binding: 'minReplicas', required: minReplicas, formula: 'read replicas ≥ replicas.min', substituted: `min = ${minReplicas}` });
  if (binding === 'floor') {
    constraints.push({ binding: 'floor', required: 1, formula: 'nodes ≥ 1 (one primary, the fewest that runs)', substituted: 'no other constraint asks for a shard or a replica: 1 primary' });
  }
  if (maxReplicas !== undefined && readReplicas > maxReplicas) {
    violations.push({
      component: ctx.name,
      kind: 'maxReplicas',
      message: `needs ${readReplicas} read replicas per shard but max is ${maxReplicas}`,
      remedy: `raise replicas.max to ${readReplicas}, raise cacheHitRatio, or shard`,
      path: `${ctx.path}.replicas`,
    });
    readReplicas = maxReplicas;
    binding = 'maxReplicas';
  }
  if (perShard.replicas > MAX_UNITS) binding = 'maxReplicas';
  // Shards are the first dimension: when writes need more than one primary, they bind.
  if (shardsNeeded > 1 && (shards === shardsNeeded || shardsNeeded > maxShards) && binding !== 'maxReplicas') binding = 'writes';
  markBinding(constraints, binding);
  // Where reads land, and each node's load.
  // Read replicas, when there are any, serve every read; the primary then takes only writes.
  const readsOnReplicas = readReplicas > 0;
  const readsOnPrimary = readsOnReplicas ? 0 : rShard;
  const readsPerReplica = readReplicas > 0 ? (rShard - readsOnPrimary) / readReplicas : 0;
  const primaryUtil = wShard / muW + readsOnPrimary / mu;
  const replicaUtil = readsPerReplica / mu;
  const utilization = Math.max(primaryUtil, replicaUtil);
  const primaryRate = wShard + readsOnPrimary;
  // The busiest node's queue. On the primary, writes (mean c/μ_w) and reads (mean c/μ) share the
  // workers: the service time is their mixture, a hyperexponential when each is exponential.
  const primaryBusiest = primaryUtil >= replicaUtil && primaryRate > 0;
  const busiestRate = primaryBusiest ? primaryRate : readsPerReplica;
  // The shape keys alone, without the operations (a database's operations are its query mix, not service types): built once a sizing, not a settings copy per use.
  const shapeKeys: ShapeSettings = { serviceTimeCv: c.serviceTimeCv, distribution: c.distribution };
  const perType = (meanS: number) => serviceLawOf(shapeKeys, meanS).law;
  const readLaw = perType(cap.workers / mu);
  const law = primaryBusiest
    ? mixLaws([{ weight: wShard, law: perType(cap.workers / muW) }, { weight: readsOnPrimary, law: readLaw }].filter((p) => p.weight > 0))
    : readLaw;
  // Each node sees its share of the stream (keys hash to shards, reads spread over replicas): a random thinning of the arrivals (arrival-law.ts thinnedScv).
  const totalRate = rShard * shards + wShard * shards;
  const spec = { workers: cap.workers, service: law, holding: null, balancing: 'random' as const, constantDelayS: 0, given: givenShape(shapeKeys), arrivalScv: thinnedScv(ctx.model?.arrivalScv ?? 1, totalRate > 0 ? busiestRate / totalRate : 1) };
  const busiest = singleQueueModel(spec, busiestRate, nodesFor(shards, readReplicas), primaryBusiest ? 1 : 1 / Math.max(1, readReplicas));
  // Each role's node queue: the busiest one's above; the other's where it carries load too.
  let primaryQueue = primaryBusiest ? busiest.replicaQueue : null;
  let replicaQueue = primaryBusiest ? null : busiest.replicaQueue;
  // Reads on the replicas and writes on the primary wait in different queues: the request path
  // times each visit by its own node (QueueModel.byOperation), not both by the busiest one.
  if (readsOnReplicas && wShard > 0 && rShard > 0) {
    const writes = primaryBusiest ? busiest : singleQueueModel({ ...spec, service: perType(cap.workers / muW) }, wShard, shards, 1);
    const reads = primaryBusiest ? singleQueueModel({ ...spec, service: readLaw }, readsPerReplica, shards * readReplicas, 1 / readReplicas) : busiest;
    primaryQueue = writes.replicaQueue;
    replicaQueue = reads.replicaQueue;
    // Copies: one of the two is the busiest node's own queue, which then holds them.
    busiest.queue.byOperation = { reads: { share: rShard / (rShard + wShard), queue: { ...reads.queue } }, writes: { share: wShard / (rShard + wShard), queue: { ...writes.queue } } };
  }
  const solution = busiest.replicaQueue.solution;
  const stable = solution.stable;
  const p95 = brief ? NaN : visitPercentile(spec, busiest.replicaQueue, ctx.percentile);
  const metrics = { meanResponseS: solution.meanResponseS };
  const modelLines = quiet ? [] : [
    ...(amplification > 1 + 1e-12 ? [`retries: callers retry failed or timed-out calls, ${formatNumber(amplification)} expected attempts per call: every query rate × ${formatNumber(amplification)}`] : []),
    primaryBusiest && wShard > 0 && readsOnPrimary > 0 && muW !== mu
      ? `service time on the primary: writes ${formatDuration(cap.workers / muW)} (${formatPercent(wShard / primaryRate)}) and reads ${formatDuration(cap.workers / mu)} (${formatPercent(readsOnPrimary / primaryRate)}) mixed: ${lawName(law)}, cv ${formatNumber(Math.sqrt(lawScv(law)))}`
      : `service time: ${serviceLawOf(shapeKeys, cap.workers / mu).description}`,
    ...(ctx.model?.arrivalText !== undefined ? [arrivalLine(ctx.model.arrivalScv ?? 1, ctx.model.arrivalText)] : []),
    `queue (${primaryBusiest ? 'the primary' : 'a read replica'}, the busiest node): ${solution.method}${stable ? `, P(wait) ${formatPercent(solution.waitProbability)}` : ''}`,
  ];

  /*
   * Busy connections by Little's law, node by node: L = λ × R, the node's own arrival rate times
   * its own mean response time (wait + service): on the primary λ = its writes and any reads it
   * serves, on a read replica λ = its share of the reads. Every node must hold its L within
   * max_connections, so the busiest node's L binds. A node without load holds none.
   */
  const primaryConn = nodeConnections(primaryRate, primaryQueue);
  const replicaConn = readReplicas > 0 ? nodeConnections(readsPerReplica, replicaQueue) : null;
  const replicaBinds = replicaConn !== null && replicaConn.inUse > primaryConn.inUse;
  const connections = replicaBinds ? replicaConn.inUse : primaryConn.inUse;
  const connectionsNode = replicaBinds ? 'replica' : 'primary';
  const exceeds = connections > c.maxConnections;
  constraints.push({
    binding: 'connections',
    required: 0,
    formula: 'connections in use per node = λ_node × R_node (Little’s law) ≤ max_connections; the busiest node binds',
    substituted: quiet ? '' : connectionsText(primaryConn, replicaConn, replicaBinds, c.maxConnections),
  });
  if (stable && exceeds) {
    // More read replicas lower each one's λ and with it its R, so ⌈λ_r × R / max⌉ replicas are enough (not always the fewest).
    const replicasFor = Math.ceil((rShard * (replicaConn?.responseS ?? 0)) / c.maxConnections);
    violations.push({
      component: ctx.name,
      kind: 'connections',
      message: `${formatNumber(connections)} connections busy at peak on ${replicaBinds ? 'each read replica' : shards > 1 ? 'each primary' : 'the primary'} (λ × R, Little’s law) exceed max_connections ${c.maxConnections}`,
      remedy: replicaBinds
        ? `spread the reads over more read replicas (replicas.min: ${replicasFor} keeps each within ${c.maxConnections}), raise max_connections to at least ${Math.ceil(connections)}, or shorten the queries; a pooler (PgBouncer) only makes the queries wait in it`
        : `raise max_connections to at least ${Math.ceil(connections)}, shorten the queries, ${readsOnPrimary > 0 ? 'move the reads to read replicas (replicas.min: 1), ' : ''}or shard the writes (shards.max); a pooler (PgBouncer) only makes the queries wait in it`,
      path: `${ctx.path}.maxConnections`,
    });
  }

  // Capacity limits in user requests per second.
  const visits = amplification * (c.readsPerRequest * (1 - c.cacheHitRatio) + c.writesPerRequest);
  const readDemandPerUser = amplification * c.readsPerRequest * (1 - c.cacheHitRatio);
  const primaryLoadPerUser = (amplification * c.writesPerRequest) / muW + (readsOnReplicas ? 0 : readDemandPerUser / mu);
  const limitAt = (uu: number): { rps: number; by: string } => {
    const primary = primaryLoadPerUser > 0 ? (shards * uu) / primaryLoadPerUser : Infinity;
    const replicas = readsOnReplicas && readDemandPerUser > 0 ? (shards * readReplicas * mu * uu) / readDemandPerUser : Infinity;
    if (replicas < primary) return { rps: replicas, by: 'reads' };
    return { rps: primary, by: !readsOnReplicas && readDemandPerUser > 0 ? 'primary' : 'writes' };
  };
  const maxAt = limitAt(u);
  const breaking = limitAt(1);

  // Storage at the end of the retention period: dataset + mean write rate × bytes per write × retention.
  let storageBytes: number | null = null;
  let storage: StorageModel | undefined;
  // With regions, each region stores its share of the system's data and writes (SizingContext.dataShare).
  const held = storedShare(ctx);
  if (c.bytesPerWrite !== undefined) {
    const systemWrites = held.systemRate(ctx.workload.meanRps * c.writesPerRequest);
    const retention = c.retention ?? DEFAULT_RETENTION_S;
    const whole = (c.dataset ?? 0) + systemWrites * c.bytesPerWrite * retention;
    storageBytes = whole * held.share;
    storage = { datasetBytes: (c.dataset ?? 0) * held.share, growthBytesPerS: systemWrites * c.bytesPerWrite * held.share, retentionS: retention, fill: DEFAULT_FILL };
    // Formatted only where it is printed (four formatted figures a sizing otherwise).
    const bytes = quiet ? '' : `${formatBytes(c.dataset ?? 0)} + ${formatNumber(systemWrites)}/s × ${formatBytes(c.bytesPerWrite)} × ${formatDuration(retention)}`;
    constraints.push({
      binding: 'storage',
      required: 0,
      formula: held.why === ''
        ? 'storage = dataset + λ̄_w × bytesPerWrite × retention (mean write rate)'
        : `storage = (dataset + λ̄_w × bytesPerWrite × retention) × d (the system's mean write rate; d: ${held.why})`,
      substituted: quiet ? '' : `${held.why === '' ? bytes : `(${bytes}) × ${formatNumber(held.share)}`} = ${formatBytes(storageBytes)} per cluster${shards > 1 ? `, ${formatBytes(storageBytes / shards)} per shard` : ''}`,
    });
  } else if (c.dataset !== undefined) {
    storageBytes = c.dataset * held.share;
    storage = { datasetBytes: storageBytes, growthBytesPerS: 0, retentionS: 0, fill: DEFAULT_FILL };
  }

  const nodes = shards * (1 + readReplicas);
  const node = readReplicas === 0 ? '1 primary' : `1 primary + ${readReplicas} ${readReplicas === 1 ? 'replica' : 'replicas'}`;
  const topology = shards > 1 ? `${shards} shards × (${node})` : node;
  /*
   * The detail and the sized component are written key by key where a key is optional (in the
   * plan's key order): a literal with a spread in it (`...(storage ? { storage } : {})`) defined
   * every key after the spread by a runtime call, and each spread built an object.
   */
  const detail: Record<string, unknown> = {
    shards,
    primaries: shards,
    readReplicasPerShard: readReplicas,
    writeCapacity: muW,
    writeRps: writes,
    readRps: reads,
    readsOnPrimary: readsOnPrimary * shards,
    primaryUtilization: primaryUtil,
  };
  if (amplification > 1 + 1e-12) detail.retryAmplification = amplification;
  detail.replicaUtilization = replicaUtil;
  detail.connectionsInUse = connections;
  detail.connectionsNode = connectionsNode;
  detail.connectionsInUsePrimary = primaryConn.inUse;
  detail.connectionsInUseReplica = replicaConn === null ? null : replicaConn.inUse;
  detail.maxConnections = c.maxConnections;
  if (c.poolSize !== undefined) detail.poolSize = c.poolSize;
  // The keys up to storageBytes, type-checked as such; the rest are set below, in the plan's order.
  const head: Omit<SizedComponent, 'storage' | 'egressBytesPerMonth' | 'capacityDerivation' | 'constraints' | 'detail' | 'path' | 'notes' | 'model'> = {
    name: ctx.name,
    kind: 'database',
    demand: writes + reads,
    demandUnit: 'query/s',
    replicas: nodes,
    binding,
    utilization,
    latencyP95: p95,
    waitProbability: solution.waitProbability,
    maxRps: maxAt.rps,
    violations,
    breakingRps: breaking.rps,
    maxRpsBy: maxAt.by,
    visits,
    capacityPerUnit: mu,
    capacityUnit: 'query/s',
    targetUtilization: u,
    unitLabel: 'nodes',
    topology,
    managed: c.managed,
    resources: { cpuCores: c.resources?.cpu ?? null, memoryBytes: c.resources?.memory ?? null, gpus: 0 },
    latencyMean: metrics.meanResponseS,
    latencyBudget: c.latencyP95 ?? null,
    queue: busiest.queue,
    synchronous: true,
    storageBytes,
  };
  const sized = head as SizedComponent;
  if (storage) sized.storage = storage;
  sized.egressBytesPerMonth = null;
  sized.capacityDerivation = quiet ? '' : `${cap.derivation}; writes μ_w = ${formatNumber(muW)}/s per primary`;
  sized.constraints = constraints;
  sized.detail = detail;
  sized.path = ctx.path;
  sized.notes = [];
  sized.model = modelLines;
  return sized;
}

function nodesFor(shards: number, readReplicas: number): number {
  return shards * (1 + readReplicas);
}

/** One node's busy connections by Little's law: its arrival rate, its mean response time and their product. */
interface NodeConnections {
  rate: number;
  responseS: number;
  inUse: number;
}

/** L = λ × R at one node (0 at a node without load; infinite when its queue is unstable). */
function nodeConnections(rate: number, queue: ReplicaQueue | null): NodeConnections {
  if (rate <= 0 || queue === null) return { rate: 0, responseS: 0, inUse: 0 };
  const responseS = queue.solution.meanResponseS;
  return { rate, responseS, inUse: Number.isFinite(responseS) ? rate * responseS : Infinity };
}

/** The connections constraint's numbers: the binding node's product against max_connections, then the other node's. */
function connectionsText(primary: NodeConnections, replica: NodeConnections | null, replicaBinds: boolean, max: number): string {
  const product = (who: string, n: NodeConnections) => `${who} ${formatNumber(n.rate)}/s × ${formatDuration(n.responseS)} = ${formatNumber(n.inUse)}`;
  const primaryText = primary.rate > 0 ? product('primary', primary) : 'primary 0/s: 0';
  const replicaText = replica === null ? null : replica.rate > 0 ? product('a read replica', replica) : 'a read replica 0/s: 0';
  const binding = replicaBinds ? replicaText! : primaryText;
  const other = replicaBinds ? primaryText : replicaText;
  const held = (replicaBinds ? replica!.inUse : primary.inUse) > max ? '>' : '≤';
  return `${binding} ${held} ${max}${other === null ? '' : ` (binds; ${other})`}`;
}
