/**
 * The one adapter from a planned phase to a SimModel: each component as the plan sized it
 * (replicas, servers per replica, its queue model's service law and balancing, visits, constant
 * delays, rate limits, worker pools with priority classes, database primaries and read replicas
 * per shard, cache shards), the request program from the plan's call graph (alternatives,
 * blocking calls, retries, timeouts; plan-program.ts) or, without one, the path in order, and
 * everything else as asynchronous jobs. The plan's figures per station come from its own queue
 * models (plan-figures.ts).
 */
import { lawScv, mixLaws } from '../model/service-law.js';
import { bucketDepth } from '../model/token-bucket.js';
import { requestGraphOf } from '../plan/plan-path.js';
import type { ComponentPlan, PhasePlan, QueueModel } from '../plan/types.js';
import { describeDist, type ServiceDist } from './distributions.js';
import type { Balancing, PathFigures, SimComponent, SimLimiter, SimModel, SimStation, Step } from './model.js';
import { branchesOf, nodeFigures, P95_BOUND_REASON, planQueueFigures, typeLaw } from './plan-figures.js';
import { callGraphProgram, visitStep, type Program, type ProgramComponent, type Visit } from './plan-program.js';
import { byName as namedIn } from '../plan/by-name.js';

/** A service-time shape without its mean (the plan gives the mean). */
export type ServiceShape =
  | { kind: 'exponential' }
  | { kind: 'deterministic' }
  | { kind: 'lognormal'; cv: number }
  | { kind: 'phase-type'; cv: number }
  | { kind: 'empirical'; samplesS: readonly number[]; source: string };

/** What a user may change about the sized system (flags). */
export interface ModelOptions {
  /** Service-time shapes by component name; the key `*` applies to all. Default: the plan's law (`queue.service`, or the named law it stands for). */
  service: Readonly<Record<string, ServiceShape>>;
  /** Balancing policies by component name; `*` for all. Default: the plan's (`queue.balancing`; random where it has none). */
  balancing: Readonly<Record<string, Balancing>>;
  /** What the provider does beyond an adapter's rate limit. */
  rateLimit: 'reject' | 'queue';
}

/** The plan's model, unchanged. */
export const PLAN_AS_IS: ModelOptions = { service: {}, balancing: {}, rateLimit: 'reject' };


interface Builder {
  stations: SimStation[];
  dists: ServiceDist[];
  limiters: SimLimiter[];
  opts: ModelOptions;
  phase: PhasePlan;
  notes: string[];
}

/** Builds the simulation model of one planned phase. */
export function buildSimModel(profile: string, phase: PhasePlan, opts: ModelOptions = PLAN_AS_IS): SimModel {
  const b: Builder = { stations: [], dists: [], limiters: [], opts, phase, notes: [] };
  const components: SimComponent[] = [];
  const onPath = new Set(phase.system.path);
  const byName = new Map(phase.components.map((c) => [c.name, c]));
  const visitsOf = new Map<string, ProgramComponent>();
  const isAsync = (c: ComponentPlan) => c.kind === 'worker' || !c.synchronous;
  for (const c of phase.components) {
    if (c.queue === null || c.visits === 0) {
      components.push({ name: c.name, kind: c.kind, stations: [], onPath: false, async: isAsync(c), skipped: c.queue === null ? 'the plan has no queue for it (no per-request operations)' : 'no visits per request' });
      continue;
    }
    const first = b.stations.length;
    const visits = componentVisits(b, c);
    visitsOf.set(c.name, { visits, amplifiedVisits: visits.reduce((s, v) => s + v.visits, 0) });
    components.push({ name: c.name, kind: c.kind, stations: range(first, b.stations.length), onPath: false, async: isAsync(c), skipped: null });
  }
  const graph = requestGraphOf(phase);
  const program: Program | null = graph.declared ? callGraphProgram(graph, visitsOf) : null;
  if (program === null && graph.declared) b.notes.push('the call graph expands too far to follow call by call: the simulation walks the path once per component, with all its visits');
  const main = program?.steps ?? flatProgram(phase, components, visitsOf);
  const reached = program?.reached ?? new Set(phase.system.path.filter((n) => !isAsync(byName.get(n)!)));
  for (const k of components) {
    k.onPath = k.skipped === null && reached.has(k.name) && onPath.has(k.name) && !k.async;
    const held = byName.get(k.name)!.queue?.holding;
    if (k.skipped === null && !k.onPath && held) for (const i of k.stations) b.stations[i]!.inexact = [b.stations[i]!.inexact, 'off the request path the simulation does not hold its worker through its calls'].filter((r) => r !== null).join('; ');
  }
  // The program: spawn the asynchronous and off-path work, walk the path, end; then the side programs.
  const side = components.filter((k) => k.skipped === null && !k.onPath).map((k) => ({ visits: visitsOf.get(k.name)!.visits, async: k.async }));
  const sidePrograms: Step[] = [];
  const offset = side.length;
  const spawns: Step[] = side.map((s) => {
    const target = offset + main.length + sidePrograms.length;
    for (const v of s.visits) sidePrograms.push(visitStep(s.async ? { ...v, visits: 1 } : v));
    sidePrograms.push({ op: 'end' });
    const spawn = s.async ? s.visits[0]!.visits : 1;
    return { op: 'spawn', target, whole: Math.floor(spawn + 1e-12), frac: Math.max(0, spawn - Math.floor(spawn + 1e-12)) };
  });
  const steps = [...spawns, ...main.map((s) => shifted(s, offset)), ...sidePrograms];
  closedLoopReasons(b, phase, steps);
  return {
    profile,
    phase: phase.name,
    // With regions the plan sizes one region: the simulation runs one region's share of the load.
    peakRps: phase.peakRps * regionShare(phase),
    regions: phase.regions ? { count: phase.regions.count, peakRps: phase.peakRps } : null,
    zones: phase.targets.zones,
    percentile: 0.95,
    latencyTargetS: phase.system.latencyTarget,
    stations: b.stations,
    components,
    dists: b.dists,
    limiters: b.limiters,
    steps,
    path: phase.system.path.filter((n) => namedIn(components).get(n)?.onPath),
    analyticPath: pathFigures(phase, b, byName, program),
    maxRps: phase.system.maxRps * regionShare(phase),
    breakingRps: phase.system.breakingRps * regionShare(phase),
    notes: [...b.notes, ...(program?.notes ?? [])],
  };
}

/**
 * Where a station's arrivals are not the Poisson stream the plan's per-visit figures assume: a
 * request that may visit it more than once (repeated visits, retries) comes back right after its
 * own visit, and the callee of blocking callers sees a finite population of their threads (the
 * plan's path corrects for both; its per-station figures do not).
 */
function closedLoopReasons(b: Builder, phase: PhasePlan, steps: readonly Step[]): void {
  const most = new Map<number, number>();
  for (const s of steps) {
    if (s.op !== 'visit') continue;
    const n = Math.ceil(s.whole + s.frac - 1e-12) * (s.attempts > 1 && s.failProbability > 0 ? 2 : 1);
    most.set(s.station, (most.get(s.station) ?? 0) + n);
  }
  const blockedOn = new Set(phase.components.flatMap((c) => c.callGraph.filter((k) => k.blocking).map((k) => k.to)));
  b.stations.forEach((st, i) => {
    const reasons = [
      (most.get(i) ?? 0) > 1 ? 'a request may visit it again right after its own visit (not the Poisson arrivals the plan’s per-visit figures assume)' : null,
      blockedOn.has(st.component) ? 'its blocking callers’ threads are a finite population, the plan’s per-visit figures the open model’s (its path corrects the wait)' : null,
    ].filter((r) => r !== null);
    if (reasons.length) st.inexact = [st.inexact, ...reasons].filter((r) => r !== null).join('; ');
  });
}

/** The path in order, each component with all its visits (a plan without a call graph). */
function flatProgram(phase: PhasePlan, components: SimComponent[], visitsOf: Map<string, ProgramComponent>): Step[] {
  const main: Step[] = [];
  for (const name of phase.system.path) {
    const k = namedIn(components).get(name);
    if (k && k.skipped === null && !k.async) for (const v of visitsOf.get(name)?.visits ?? []) main.push(visitStep(v));
  }
  main.push({ op: 'end' });
  return main;
}

/** A step with its targets moved by `by` (the main program sits after the spawns). */
function shifted(s: Step, by: number): Step {
  if (s.op === 'jump' || s.op === 'spawn') return { ...s, target: s.target + by };
  if (s.op === 'branch') return { ...s, targets: s.targets.map((t) => t + by) };
  if (s.op === 'fork') return { ...s, targets: s.targets.map((t) => t + by), after: s.after + by };
  // A held visit's skipTo is a step index too (where its request goes on when the visit fails).
  if (s.op === 'visit' && s.skipTo !== undefined) return { ...s, skipTo: s.skipTo + by };
  return s;
}

/** The share of the phase's load one region serves (1 without regions). */
function regionShare(phase: PhasePlan): number {
  return phase.regions?.share ?? 1;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

/** The option for a component: its own, else the `*` entry. */
function optionFor<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : Object.hasOwn(table, '*') ? table['*'] : undefined;
}

/**
 * The law of one operation type of mean `meanS` as simulated: a flag's shape, else the plan's.
 * A profile's `deterministic` or `lognormal` is drawn as that law (the plan solves its two-moment
 * phase-type stand-in); `mix` is the plan's whole law when the component mixes operation types.
 */
function addDist(b: Builder, c: ComponentPlan, meanS: number, mix: QueueModel['service'] | null = null): number {
  const q = c.queue!;
  const shape = optionFor(b.opts.service, c.name);
  let d: ServiceDist;
  if (shape) d = { ...shape, meanS };
  else if (mix !== null && Math.abs(lawScv({ branches: mix }) - q.serviceCv ** 2) > 1e-9) d = { kind: 'erlang-mixture', meanS, branches: branchesOf({ branches: mix }) };
  else if (q.serviceDistribution === 'deterministic') d = { kind: 'deterministic', meanS };
  else if (q.serviceDistribution === 'lognormal') d = { kind: 'lognormal', meanS, cv: q.serviceCv };
  else if (q.serviceDistribution === 'exponential') d = { kind: 'exponential', meanS };
  else d = { kind: 'erlang-mixture', meanS, branches: branchesOf(typeLaw(q, meanS)) };
  b.dists.push(d);
  return b.dists.length - 1;
}

/** The balancing policy the plan sized a component with (random when it has none to choose). */
function planBalancing(c: ComponentPlan): Balancing {
  const policy = c.queue?.balancing;
  return policy === 'round-robin' || policy === 'least-request' ? policy : 'random';
}

/** Why the plan's figures are not exact for a station of `c` simulated with these options (its queue's own approximations included). */
function optionReasons(b: Builder, c: ComponentPlan): string[] {
  const reasons: string[] = [];
  const q = c.queue!;
  const shape = optionFor(b.opts.service, c.name);
  if (shape) reasons.push(`service times are ${describeDist({ ...shape, meanS: 1 } as ServiceDist)}, not the plan's law`);
  else if (q.serviceDistribution === 'lognormal' || q.serviceDistribution === 'deterministic') reasons.push(`the plan matches the ${q.serviceDistribution} service time on its mean and cv (a phase-type law), the simulation draws it as ${q.serviceDistribution}`);
  if (q.arrivals.kind === 'renewal' && b.phase.components.some((k) => k.callGraph.some((e) => e.to === c.name))) {
    reasons.push('its arrivals are its callers’ departures, which the plan takes as a renewal stream matched by QNA (an approximation)');
  }
  const policy = optionFor(b.opts.balancing, c.name);
  if (policy && policy !== planBalancing(c)) reasons.push(`balancing is ${policy}, the plan sized it for ${planBalancing(c)}`);
  if (planBalancing(c) === 'least-request' && (policy ?? 'least-request') === 'least-request') reasons.push('the plan takes least-request as one pooled queue (an approximation)');
  else if (!q.exact && c.kind !== 'database') reasons.push(`the plan's queue is ${q.waitMethod}`);
  if (q.holding) reasons.push('the plan takes the time a blocking call holds a worker as a two-moment law of its callees’ response (layered approximation)');
  return reasons;
}

function addStation(b: Builder, c: ComponentPlan, s: Omit<SimStation, 'component' | 'kind' | 'balancing' | 'service' | 'inexact'> & { inexact?: string[] }, dists: number[]): number {
  const policy = optionFor(b.opts.balancing, c.name) ?? planBalancing(c);
  const reasons = [...(s.inexact ?? []), ...optionReasons(b, c)];
  b.stations.push({
    ...s,
    component: c.name,
    kind: c.kind,
    balancing: s.sharedQueue ? 'random' : policy,
    service: [...new Set(dists.map((d) => describeDist(b.dists[d]!)))].join(', '),
    inexact: reasons.length ? reasons.join('; ') : null,
  });
  return b.stations.length - 1;
}

/** The stations of one component and the visits a request makes to them. */
function componentVisits(b: Builder, c: ComponentPlan): Visit[] {
  const q = c.queue!;
  const X = b.phase.peakRps * regionShare(b.phase);
  if (c.kind === 'database') return databaseVisits(b, c);
  const dist = addDist(b, c, 1 / q.serviceRate, q.service);
  const { p95Bound, ...figures } = planQueueFigures(q);
  // A held station is busy for the whole hold; otherwise the plan's utilisation (for a disk: the I/O servers' share, which the simulation queues).
  const utilization = q.holding || c.kind === 'disk' ? figures.utilization : c.utilization;
  if (c.kind === 'worker') {
    const classes = (c.detail.classes as { name: string; share: number; meanWait: number; p95: number }[] | undefined) ?? [{ name: 'all', share: 1, meanWait: NaN, p95: NaN }];
    const perReplica = Number(c.detail.workersPerReplica ?? 1);
    const analytic = classes.map((k) => ({
      utilization,
      meanResponseS: classes.length === 1 ? figures.meanResponseS : k.meanWait + 1 / q.serviceRate,
      p95S: classes.length === 1 ? figures.p95S : k.p95,
      waitProbability: figures.waitProbability,
      queueLength: figures.queueLength,
    }));
    const s = addStation(b, c, {
      name: c.name, role: 'pool replica', replicas: c.replicas, servers: perReplica, sharedQueue: true, classes: classes.map((k) => k.name),
      zonal: true, fallback: null, arrivalRate: q.arrivalRate, analytic,
      inexact: [
        ...(classes.length > 1 ? ['per-class p95 is an approximation (Cobham’s mean wait is exact, the plan takes the conditional wait as exponential)'] : []),
        ...(classes.length === 1 && p95Bound ? [P95_BOUND_REASON] : []),
      ],
    }, [dist]);
    return [{ station: s, dist, visits: c.visits, delayS: 0, limiter: null, classShares: classes.length > 1 ? classes.map((k) => k.share) : [] }];
  }
  const replicas = c.kind === 'cache' ? Number(c.detail.shards ?? 1) : c.replicas;
  const lambda = X * c.visits;
  let limiter: number | null = null;
  const inexact: string[] = p95Bound ? [P95_BOUND_REASON] : [];
  const rate = c.detail.rateLimit as number | undefined;
  if (rate !== undefined) {
    b.limiters.push({ component: c.name, ratePerS: rate, burst: bucketDepth(rate), mode: b.opts.rateLimit });
    limiter = b.limiters.length - 1;
    if (lambda >= rate) inexact.push(`${lambda > rate ? 'over' : 'at'} the provider’s rate limit: the plan does not model ${b.opts.rateLimit === 'reject' ? 'refused calls' : 'calls held for a token'}`);
  }
  const role = c.kind === 'cache' ? 'shard' : c.kind === 'network' ? 'link' : c.kind === 'disk' ? 'device' : 'replica';
  const s = addStation(b, c, {
    name: c.name, role, replicas, servers: q.workersPerReplica, sharedQueue: false, classes: ['all'],
    // Caches fail over to their replica; links and devices are not placed in zones by the plan.
    zonal: c.kind !== 'cache' && c.kind !== 'network' && c.kind !== 'disk',
    fallback: null,
    arrivalRate: lambda, analytic: [{ ...figures, utilization }], inexact,
    // The plan's refused share holds for calls refused at the limit (not held for a token).
    ...(limiter !== null && b.opts.rateLimit === 'reject' && typeof c.detail.refusedShare === 'number' ? { refusedShare: c.detail.refusedShare } : {}),
  }, [dist]);
  return [{ station: s, dist, visits: c.visits, delayS: q.constantDelayS, limiter, classShares: [] }];
}

/** A database: writes to the primary of a shard; reads to the read replicas when there are any, else to the primary. */
function databaseVisits(b: Builder, c: ComponentPlan): Visit[] {
  const q = c.queue!;
  const X = b.phase.peakRps * regionShare(b.phase);
  const d = c.detail as { shards: number; readReplicasPerShard: number; writeRps: number; readRps: number; writeCapacity?: number };
  const workers = q.workersPerReplica;
  const readS = workers / c.capacityPerUnit;
  const writeS = workers / (d.writeCapacity ?? c.capacityPerUnit);
  const visits: Visit[] = [];
  const onReplicas = d.readReplicasPerShard > 0;
  const readDist = d.readRps > 0 ? addDist(b, c, readS) : -1;
  const writeDist = d.writeRps > 0 ? addDist(b, c, writeS) : -1;
  const primaryReads = onReplicas ? 0 : d.readRps;
  const primaryRate = (d.writeRps + primaryReads) / d.shards;
  // The primary's station, where this database has one (station names hold a space, which no component name does, so no other component's station shares its name).
  let primary = -1;
  if (primaryRate > 0) {
    // The primary's law: reads and writes mixed by their rates (hyperexponential when they differ), solved as the plan solves it.
    const law = mixLaws([{ weight: d.writeRps, law: typeLaw(q, writeS) }, { weight: primaryReads, law: typeLaw(q, readS) }].filter((p) => p.weight > 0));
    // The stream the plan gave the primary (a thinned renewal stream when the arrivals are not Poisson).
    const { p95Bound, ...f } = nodeFigures(workers, primaryRate, law, q.byOperation?.writes.queue.arrivals ?? q.arrivals);
    primary = addStation(b, c, {
      name: `${c.name} primary`, role: 'primary', replicas: d.shards, servers: workers, sharedQueue: false, classes: ['all'], zonal: false, fallback: null,
      arrivalRate: primaryRate * d.shards, analytic: [f],
      inexact: [...(f.exact ? [] : [`the plan's queue is ${f.method}`]), ...(p95Bound ? [P95_BOUND_REASON] : [])],
    }, [readDist, writeDist].filter((k) => k >= 0));
    if (primaryReads > 0) visits.push({ station: primary, dist: readDist, visits: primaryReads / X, delayS: 0, limiter: null, classShares: [] });
    if (d.writeRps > 0) visits.push({ station: primary, dist: writeDist, visits: d.writeRps / X, delayS: 0, limiter: null, classShares: [] });
  }
  if (onReplicas && d.readRps > 0) {
    const n = d.shards * d.readReplicasPerShard;
    const { p95Bound, ...f } = nodeFigures(workers, d.readRps / n, typeLaw(q, readS), q.byOperation?.reads.queue.arrivals ?? q.arrivals);
    // With every read replica gone, reads fall back to the primary (as the plan does when there are none).
    const s = addStation(b, c, {
      name: `${c.name} replica`, role: 'read replica', replicas: n, servers: workers, sharedQueue: false, classes: ['all'], zonal: true, fallback: primary >= 0 ? primary : null,
      arrivalRate: d.readRps, analytic: [f], inexact: [...(f.exact ? [] : [`the plan's queue is ${f.method}`]), ...(p95Bound ? [P95_BOUND_REASON] : [])],
    }, [readDist]);
    visits.unshift({ station: s, dist: readDist, visits: d.readRps / X, delayS: 0, limiter: null, classShares: [] });
  }
  return visits;
}

/** The plan's end-to-end figures, and why they are not exact for this simulation (if so). */
function pathFigures(phase: PhasePlan, b: Builder, byName: Map<string, ComponentPlan>, program: Program | null): PathFigures {
  const reasons: string[] = [];
  const path = phase.system.path.map((n) => byName.get(n)!).filter((c) => c.queue !== null && c.visits > 0);
  // A database's reads and writes are timed by the node each goes to, as the simulation sends them (QueueModel.byOperation).
  const repeated = path.filter((c) => c.visits > 1);
  if (repeated.length) reasons.push(`repeated visits in one request (${repeated.map((c) => c.name).join(', ')}) meet correlated queues, which the plan approximates (docs/model.md)`);
  const timed = path.flatMap((c) => c.callGraph.filter((k) => k.timeout !== null && k.retries > 0));
  if (timed.length) reasons.push('the plan counts a timed-out attempt as a full visit retried with the timeout’s probability, the simulation abandons it at the timeout');
  if (program === null && path.some((c) => c.callGraph.length > 0)) reasons.push('the simulation walks the path without its call graph');
  if (program?.notes.length) reasons.push(...program.notes);
  if (phase.system.latencyMethod === 'bound') reasons.push('the plan’s end-to-end p95 is an upper bound');
  // The components with a station not modelled exactly, gathered once (a scan of every station per component on the path cost n²: 3.7 s of 5,000 components).
  const inexact = new Set<string>();
  for (const s of b.stations) if (s.inexact !== null) inexact.add(s.component);
  if (path.some((c) => inexact.has(c.name))) reasons.push('some stations on the path are not modelled exactly (see their notes)');
  return { meanS: phase.system.latencyMean, p95S: phase.system.latencyP95, inexact: reasons.length ? reasons.join('; ') : null };
}
