/**
 * The one adapter from a planned phase to a SimModel: each component as the plan sized it
 * (replicas, servers per replica, service rate, visits, constant delays, rate limits, worker
 * pools with priority classes, database primaries and read replicas per shard, cache shards),
 * the synchronous path as the request program, and everything else as asynchronous jobs.
 */
import { mmc, mmcResponseTimePercentile } from '../model/queueing.js';
import type { ErlangBranch } from '../model/service-law.js';
import type { ComponentPlan, PhasePlan } from '../plan/types.js';
import { describeDist, type ServiceDist } from './distributions.js';
import type { Balancing, PathFigures, SimComponent, SimLimiter, SimModel, SimStation, StationFigures, Step, VisitStep } from './model.js';

/** A service-time shape without its mean (the plan gives the mean). */
export type ServiceShape =
  | { kind: 'exponential' }
  | { kind: 'deterministic' }
  | { kind: 'lognormal'; cv: number }
  | { kind: 'phase-type'; cv: number }
  | { kind: 'empirical'; samplesS: readonly number[]; source: string };

/** What a user may change about the sized system (flags). */
export interface ModelOptions {
  /** Service-time shapes by component name; the key `*` applies to all. Default: exponential, as the plan assumes. */
  service: Readonly<Record<string, ServiceShape>>;
  /** Balancing policies by component name; `*` for all. Default: random, as the plan assumes (λ/n per replica). */
  balancing: Readonly<Record<string, Balancing>>;
  /** What the provider does beyond an adapter's rate limit. */
  rateLimit: 'reject' | 'queue';
}

/** The plan's model, unchanged. */
export const PLAN_AS_IS: ModelOptions = { service: {}, balancing: {}, rateLimit: 'reject' };

/** Token-bucket depth of a provider limit, in seconds of the limit (a per-second limit lets one second's worth through at once). */
export const RATE_LIMIT_BURST_S = 1;

interface Builder {
  stations: SimStation[];
  dists: ServiceDist[];
  limiters: SimLimiter[];
  opts: ModelOptions;
  phase: PhasePlan;
  notes: string[];
}

/** A visit of one kind of operation to a station. */
interface Visit {
  station: number;
  dist: number;
  visits: number;
  delayS: number;
  limiter: number | null;
  classShares: number[];
}

/** Builds the simulation model of one planned phase. */
export function buildSimModel(profile: string, phase: PhasePlan, opts: ModelOptions = PLAN_AS_IS): SimModel {
  const b: Builder = { stations: [], dists: [], limiters: [], opts, phase, notes: [] };
  const components: SimComponent[] = [];
  const side: { visits: Visit[]; spawn: number; async: boolean }[] = [];
  const onPath = new Set(phase.system.path);
  const byName = new Map(phase.components.map((c) => [c.name, c]));
  const visitsOf = new Map<string, Visit[]>();
  for (const c of phase.components) {
    const isAsync = c.kind === 'worker' || !c.synchronous;
    if (c.queue === null || c.visits === 0) {
      components.push({ name: c.name, kind: c.kind, stations: [], onPath: false, async: isAsync, skipped: c.queue === null ? 'the plan has no queue for it (no per-request operations)' : 'no visits per request' });
      continue;
    }
    const first = b.stations.length;
    const visits = componentVisits(b, c);
    visitsOf.set(c.name, visits);
    const path = onPath.has(c.name) && !isAsync;
    components.push({ name: c.name, kind: c.kind, stations: range(first, b.stations.length), onPath: path, async: isAsync, skipped: null });
    if (!path) side.push({ visits, spawn: isAsync ? visits[0]!.visits : 1, async: isAsync });
  }
  // The program: spawn the asynchronous and off-path work, walk the path, end; then the side programs.
  const main: Step[] = [];
  for (const name of phase.system.path) {
    if (components.find((k) => k.name === name)?.onPath) for (const v of visitsOf.get(name) ?? []) main.push(visitStep(v));
  }
  main.push({ op: 'end' });
  const sidePrograms: Step[] = [];
  const spawns: Step[] = side.map((s) => {
    const target = side.length + main.length + sidePrograms.length;
    for (const v of s.visits) sidePrograms.push(visitStep(s.async ? { ...v, visits: 1 } : v));
    sidePrograms.push({ op: 'end' });
    return { op: 'spawn', target, whole: Math.floor(s.spawn + 1e-12), frac: Math.max(0, s.spawn - Math.floor(s.spawn + 1e-12)) };
  });
  const steps = [...spawns, ...main, ...sidePrograms];
  return {
    profile,
    phase: phase.name,
    // With regions the plan sizes one region: the simulation runs one region's share of the load.
    peakRps: phase.peakRps * regionShare(phase),
    zones: phase.targets.zones,
    percentile: 0.95,
    latencyTargetS: phase.system.latencyTarget,
    stations: b.stations,
    components,
    dists: b.dists,
    limiters: b.limiters,
    steps,
    path: phase.system.path.filter((n) => components.find((k) => k.name === n)?.onPath),
    analyticPath: pathFigures(phase, b, byName),
    maxRps: phase.system.maxRps * regionShare(phase),
    breakingRps: phase.system.breakingRps * regionShare(phase),
    notes: b.notes,
  };
}

/** The share of the phase's load one region serves (1 without regions). */
function regionShare(phase: PhasePlan): number {
  return phase.regions?.share ?? 1;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}

function visitStep(v: Visit): VisitStep {
  const whole = Math.floor(v.visits + 1e-12);
  const frac = v.visits - whole < 1e-12 ? 0 : v.visits - whole;
  return { op: 'visit', station: v.station, dist: v.dist, whole, frac, delayS: v.delayS, limiter: v.limiter, classShares: v.classShares, hold: false, attempts: 1, failProbability: 0, timeoutS: 0 };
}

/** The option for a component: its own, else the `*` entry. */
function optionFor<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : Object.hasOwn(table, '*') ? table['*'] : undefined;
}

/** A service law with the plan's mean and the chosen shape (the plan's own law unless overridden: exponential, or its Erlang mixture). */
function addDist(b: Builder, component: string, meanS: number, planLaw: readonly ErlangBranch[] | null = null): number {
  const shape = optionFor(b.opts.service, component);
  const exponential = planLaw === null || (planLaw.length === 1 && planLaw[0]!.phases === 1);
  const d: ServiceDist = shape
    ? { ...shape, meanS }
    : exponential
      ? { kind: 'exponential', meanS }
      : { kind: 'erlang-mixture', meanS, branches: planLaw.map((x) => ({ ...x })) };
  b.dists.push(d);
  return b.dists.length - 1;
}

/** The balancing policy the plan sized a component with (random when it has none to choose). */
function planBalancing(c: ComponentPlan): Balancing {
  const policy = c.queue?.balancing;
  return policy === 'round-robin' || policy === 'least-request' ? policy : 'random';
}

/** Why the plan's figures are not exact for a station simulated with these options, or null. */
function optionReasons(b: Builder, c: ComponentPlan): string[] {
  const reasons: string[] = [];
  const shape = optionFor(b.opts.service, c.name);
  if (shape) reasons.push(`service times are ${describeDist({ ...shape, meanS: 1 } as ServiceDist)}, not the plan's law`);
  const policy = optionFor(b.opts.balancing, c.name);
  if (policy && policy !== planBalancing(c)) reasons.push(`balancing is ${policy}, the plan sized it for ${planBalancing(c)}`);
  if (planBalancing(c) === 'least-request' && (policy ?? 'least-request') === 'least-request') reasons.push('the plan takes least-request as one pooled queue (an approximation)');
  if (c.queue?.holding) reasons.push('the plan holds a worker through its blocking calls, the simulation frees it after its own work');
  return reasons;
}

/** M/M/c figures of one replica (the plan's model) with L_q per queue. */
function mmcFigures(servers: number, lambda: number, perServer: number): StationFigures {
  const m = mmc(servers, lambda, perServer);
  return {
    utilization: m.utilization,
    meanResponseS: m.meanResponseS,
    p95S: mmcResponseTimePercentile(0.95, servers, lambda, perServer),
    waitProbability: m.waitProbability,
    queueLength: m.meanQueueLength,
  };
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
  if (c.kind === 'worker') {
    const classes = (c.detail.classes as { name: string; share: number; meanWait: number; p95: number }[] | undefined) ?? [{ name: 'all', share: 1, meanWait: NaN, p95: NaN }];
    const perReplica = Number(c.detail.workersPerReplica ?? 1);
    const dist = addDist(b, c.name, 1 / q.serviceRate, q.service);
    const pool = mmcFigures(q.servers, q.arrivalRate, q.serviceRate);
    const analytic = classes.map((k) => ({
      utilization: c.utilization,
      meanResponseS: classes.length === 1 ? c.latencyMean : k.meanWait + 1 / q.serviceRate,
      p95S: classes.length === 1 ? c.latencyP95 : k.p95,
      waitProbability: c.waitProbability,
      queueLength: pool.queueLength,
    }));
    const s = addStation(b, c, {
      name: c.name, role: 'pool replica', replicas: c.replicas, servers: perReplica, sharedQueue: true, classes: classes.map((k) => k.name),
      zonal: true, fallback: null, arrivalRate: q.arrivalRate, analytic,
      inexact: classes.length > 1 ? ['per-class p95 is an approximation (Cobham’s mean wait is exact, the plan takes the conditional wait as exponential)'] : [],
    }, [dist]);
    return [{ station: s, dist, visits: c.visits, delayS: 0, limiter: null, classShares: classes.length > 1 ? classes.map((k) => k.share) : [] }];
  }
  const replicas = c.kind === 'cache' ? Number(c.detail.shards ?? 1) : c.replicas;
  const dist = addDist(b, c.name, 1 / q.serviceRate, q.service);
  const lambda = X * c.visits;
  let limiter: number | null = null;
  const inexact: string[] = [];
  const rate = c.detail.rateLimit as number | undefined;
  if (rate !== undefined) {
    b.limiters.push({ component: c.name, ratePerS: rate, burst: Math.max(1, rate * RATE_LIMIT_BURST_S), mode: b.opts.rateLimit });
    limiter = b.limiters.length - 1;
    if (lambda >= rate) inexact.push(`${lambda > rate ? 'over' : 'at'} the provider’s rate limit: the plan does not model ${b.opts.rateLimit === 'reject' ? 'refused calls' : 'calls held for a token'}`);
  }
  // Per replica (least-request's pooled queue is the plan's view, not the stations').
  const servers = q.workersPerReplica;
  const figures = mmcFigures(servers, lambda / replicas, q.serviceRate);
  const analytic: StationFigures = {
    // A disk's plan utilisation is the larger of bandwidth and IOPS use; the simulation queues I/Os, so compare the I/O servers' share.
    utilization: c.kind === 'disk' ? figures.utilization : c.utilization,
    meanResponseS: c.latencyMean,
    p95S: c.latencyP95,
    waitProbability: c.waitProbability,
    queueLength: figures.queueLength,
  };
  const role = c.kind === 'cache' ? 'shard' : c.kind === 'network' ? 'link' : c.kind === 'disk' ? 'device' : 'replica';
  const s = addStation(b, c, {
    name: c.name, role, replicas, servers, sharedQueue: false, classes: ['all'],
    // Caches fail over to their replica; links and devices are not placed in zones by the plan.
    zonal: c.kind !== 'cache' && c.kind !== 'network' && c.kind !== 'disk',
    fallback: null,
    arrivalRate: lambda, analytic: [analytic], inexact,
  }, [dist]);
  return [{ station: s, dist, visits: c.visits, delayS: q.constantDelayS, limiter, classShares: [] }];
}

/** A database: writes to the primary of a shard; reads to the read replicas when there are any, else to the primary. */
function databaseVisits(b: Builder, c: ComponentPlan): Visit[] {
  const q = c.queue!;
  const X = b.phase.peakRps * regionShare(b.phase);
  const d = c.detail as { shards: number; readReplicasPerShard: number; writeRps: number; readRps: number; writeCapacity?: number };
  const workers = q.workersPerReplica;
  const readCap = c.capacityPerUnit;
  const writeCap = d.writeCapacity ?? readCap;
  const visits: Visit[] = [];
  const onReplicas = d.readReplicasPerShard > 0;
  const readDist = d.readRps > 0 ? addDist(b, c.name, workers / readCap) : -1;
  const writeDist = d.writeRps > 0 ? addDist(b, c.name, workers / writeCap) : -1;
  const primaryReads = onReplicas ? 0 : d.readRps;
  const primaryRate = (d.writeRps + primaryReads) / d.shards;
  const primaryUtil = (d.writeRps / writeCap + primaryReads / readCap) / d.shards;
  const mixed = primaryReads > 0 && d.writeRps > 0 && readCap !== writeCap;
  if (primaryRate > 0) {
    // The plan's primary: one M/M/c with the blended rate λ/ρ per replica, as in its sizing.
    const blended = primaryRate / primaryUtil / workers;
    const s = addStation(b, c, {
      name: `${c.name} primary`, role: 'primary', replicas: d.shards, servers: workers, sharedQueue: false, classes: ['all'], zonal: false, fallback: null,
      arrivalRate: primaryRate * d.shards, analytic: [mmcFigures(workers, primaryRate, blended)],
      inexact: mixed ? ['reads and writes of different service times on one primary make a hyperexponential service (the plan solves it as M/H2/c); this column blends them into one exponential rate'] : [],
    }, [readDist, writeDist].filter((k) => k >= 0));
    if (primaryReads > 0) visits.push({ station: s, dist: readDist, visits: primaryReads / X, delayS: 0, limiter: null, classShares: [] });
    if (d.writeRps > 0) visits.push({ station: s, dist: writeDist, visits: d.writeRps / X, delayS: 0, limiter: null, classShares: [] });
  }
  if (onReplicas && d.readRps > 0) {
    const n = d.shards * d.readReplicasPerShard;
    // With every read replica gone, reads fall back to the primary (as the plan does when there are none).
    const primary = b.stations.findIndex((x) => x.name === `${c.name} primary`);
    const s = addStation(b, c, {
      name: `${c.name} replica`, role: 'read replica', replicas: n, servers: workers, sharedQueue: false, classes: ['all'], zonal: true, fallback: primary >= 0 ? primary : null,
      arrivalRate: d.readRps, analytic: [mmcFigures(workers, d.readRps / n, readCap / workers)],
    }, [readDist]);
    visits.unshift({ station: s, dist: readDist, visits: d.readRps / X, delayS: 0, limiter: null, classShares: [] });
  }
  return visits;
}

/** The plan's end-to-end figures, and why they are not exact for this simulation (if so). */
function pathFigures(phase: PhasePlan, b: Builder, byName: Map<string, ComponentPlan>): PathFigures {
  const reasons: string[] = [];
  const path = phase.system.path.map((n) => byName.get(n)!).filter((c) => c.queue !== null && c.visits > 0);
  const repeated = path.filter((c) => c.visits > 1 && c.kind !== 'database');
  if (repeated.length) reasons.push(`repeated visits in one request (${repeated.map((c) => c.name).join(', ')}) meet correlated queues, which the plan approximates (docs/model.md)`);
  const alternatives = path.filter((c) => c.callGraph.some((e) => e.alternative));
  if (alternatives.length) reasons.push(`the plan takes ${alternatives.map((c) => c.name).join(', ')}'s oneOf calls as exclusive, the simulation visits each callee with its own probability`);
  const dbs = path.filter((c) => c.kind === 'database');
  if (dbs.length) reasons.push(`the plan times every database visit (${dbs.map((c) => c.name).join(', ')}) by its busiest node, the simulation by the node each read or write goes to`);
  if (path.some((c) => b.stations.some((s) => s.component === c.name && s.inexact !== null))) reasons.push('some stations on the path are not modelled exactly (see their notes)');
  return { meanS: phase.system.latencyMean, p95S: phase.system.latencyP95, inexact: reasons.length ? reasons.join('; ') : null };
}
