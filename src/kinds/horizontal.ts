/**
 * Replica count of a horizontally scaled component (DESIGN.md §3): the largest of the
 * throughput, latency, zone-loss and minimum constraints, capped by the maximum.
 */
import type { Inversion } from '../model/path-latency.js';
import { lawMean } from '../model/service-law.js';
import type { Binding, Constraint, Floor, QueueModel, Violation } from '../plan/types.js';
import { floorConstraint } from './constraint-text.js';
import { leastReplicasQueue, queueModelOf, replicaQueue, servicePercentile, visitLatency, visitPercentile, type ReplicaQueue, type ReplicaQueueSpec } from './replica-queue.js';
import { formatDuration, formatDurationToward, formatNumber, formatPercent } from '../units/format.js';

/** Inputs of the horizontal sizing rule, in SI units. */
export interface HorizontalInput {
  /** Arrival rate at the component, λ (ops/s). */
  lambda: number;
  /** Capacity of one replica at 100 % busy, μ (ops/s): workers / the time a worker is held. */
  perReplica: number;
  /** Servers per replica, c. */
  workers: number;
  /** The replicas as queues: service law, blocking hold, balancing. */
  queue: ReplicaQueueSpec;
  /** Target utilisation, u. */
  utilization: number;
  /** p95 budget for this component (seconds), or null. */
  budgetS: number | null;
  percentile: number;
  zones: number;
  /** Apply N+1 (one replica may be lost) in a single zone: targets.availability ≥ 99.9 %. */
  nPlusOne: boolean;
  /** Why N+1 applies, for the explanation (default: one zone and availability ≥ 99.9 %). */
  nPlusOneWhy?: string | undefined;
  /** replicas.min as written; null: not given (the floor is then 1, said so in the constraint). */
  min: number | null;
  max: number | null;
  /** Lower bounds other components put on this one, each already evaluated (e.g. the connection pools it holds). */
  floors?: readonly Floor[] | undefined;
  /**
   * Constraints the kind adds, each already evaluated (a worker's class timeouts): they join the
   * largest requirement, so replicas.max caps them like any other rule, and are listed last.
   */
  extras?: readonly Constraint[] | undefined;
  /** Unit of λ and μ in formulas ("req/s"). */
  unit: string;
  /** What is counted ("replicas"). */
  label: string;
  /** true: only the count is read (SizingContext.replicasOnly): the constraints' substitutions are left empty. */
  replicasOnly?: boolean;
}

/** The sized count, what binds it, and each constraint's arithmetic. */
export interface HorizontalResult {
  replicas: number;
  /** What the constraints require before the maximum caps it. */
  required: number;
  binding: Binding;
  constraints: Constraint[];
  /** Set when no replica count meets the latency budget. */
  latencyUnreachable: { zeroLoadP95: number } | null;
  /** The latency search's queue and visit p-quantile at its count (leastReplicasQueue), for queueFigures at that count; else null. */
  latencyAt: { n: number; queue: ReplicaQueue; percentileS: number; inversion: Inversion } | null;
}

/**
 * The most units (replicas, shards, devices) a plan sizes. Beyond it the inputs are almost
 * certainly in the wrong units; the plan stops there with a violation instead of computing
 * (or trying to deploy) an absurd count.
 */
export const MAX_UNITS = 100_000;

/** Rounds up, forgiving floating-point noise just above an integer. */
export function ceilish(x: number): number {
  return Math.ceil(x - 1e-9);
}

/**
 * Least n with n ≥ z whose survivors after losing the fullest zone, n − ⌈n/z⌉, carry λ at
 * utilisation u: (n − ⌈n/z⌉) μ u ≥ λ (replicas spread evenly over z zones).
 */
export function zoneLossReplicas(lambda: number, perReplica: number, utilization: number, zones: number): number {
  const needed = lambda / (perReplica * utilization);
  if (!(needed <= MAX_UNITS)) return Number.isFinite(needed) ? Math.ceil((needed * zones) / (zones - 1)) : Infinity;
  // n − ⌈n/z⌉ ≥ n(z−1)/z − 1, so the answer is within z of n(z−1)/z = needed: start just below it.
  let n = Math.max(zones, Math.floor((needed * zones) / (zones - 1)) - zones);
  while (n - Math.ceil(n / zones) < needed - 1e-9) n++;
  return n;
}

/** Sizes a horizontal component; see DESIGN.md §3. */
export function sizeHorizontal(h: HorizontalInput): HorizontalResult {
  const u = h.utilization;
  const constraints: Constraint[] = [];
  const brief = h.replicasOnly === true;
  // μ and u are the component's settings', the same phase after phase: formatted once (repeatedNumber); λ once per sizing.
  const mu = brief ? '' : repeatedNumber(h.perReplica);
  const uText = brief ? '' : repeatedNumber(u);
  const lambdaText = brief ? '' : formatNumber(h.lambda);
  const throughput = Math.max(0, ceilish(h.lambda / (h.perReplica * u)));
  constraints.push({
    binding: 'throughput',
    required: throughput,
    formula: 'n ≥ ⌈λ / (μ × u)⌉',
    substituted: brief ? '' : `⌈${lambdaText} / (${mu} × ${uText})⌉ = ⌈${formatNumber(h.lambda / (h.perReplica * u))}⌉ = ${formatNumber(throughput)}`,
  });

  let latencyUnreachable: HorizontalResult['latencyUnreachable'] = null;
  let latencyAt: HorizontalResult['latencyAt'] = null;
  if (h.budgetS !== null) {
    const found = leastReplicasQueue(h.queue, h.lambda, h.percentile, h.budgetS, MAX_UNITS);
    const n = found?.n ?? null;
    if (found !== null && found.at !== null) latencyAt = { n: found.n, ...found.at };
    const pLabel = `p${Math.round(h.percentile * 100)}`;
    if (n === null) {
      const zeroLoadP95 = servicePercentile(h.queue, h.percentile);
      latencyUnreachable = zeroLoadP95 > h.budgetS ? { zeroLoadP95 } : null;
      constraints.push({
        binding: 'latency',
        required: latencyUnreachable ? 0 : MAX_UNITS + 1,
        formula: `least n with ${pLabel}(λ/n) ≤ budget`,
        substituted: brief
          ? ''
          : latencyUnreachable
          ? `unreachable: even unloaded, ${pLabel} of the service time = ${formatDuration(zeroLoadP95)} > budget ${formatDuration(h.budgetS)}`
          : `more than ${formatNumber(MAX_UNITS)} replicas`,
      });
    } else if (brief) {
      constraints.push({ binding: 'latency', required: n, formula: '', substituted: '' });
    } else {
      const q = latencyAt?.queue ?? replicaQueue(h.queue, h.lambda, n);
      const p95 = latencyAt?.percentileS ?? visitPercentile(h.queue, q, h.percentile);
      constraints.push({
        binding: 'latency',
        required: n,
        formula: latencyFormula(pLabel, h.workers),
        substituted: `n = ${n}: ${pLabel} = ${formatDuration(p95)} ≤ ${formatDuration(h.budgetS)} (${q.solution.method}${h.queue.balancing === 'random' || n === 1 ? '' : `; ${q.model}`})`,
      });
    }
  }

  if (h.zones > 1) {
    const n = zoneLossReplicas(h.lambda, h.perReplica, u, h.zones);
    constraints.push({
      binding: 'zoneLoss',
      required: n,
      formula: `least n ≥ z with (n − ⌈n/z⌉) × μ × u ≥ λ`,
      substituted: brief ? '' : `z = ${h.zones}: n = ${n}, (${n} − ${Math.ceil(n / h.zones)}) × ${mu} × ${uText} = ${formatNumber((n - Math.ceil(n / h.zones)) * h.perReplica * u)} ≥ ${lambdaText}`,
    });
  } else if (h.nPlusOne) {
    const n = Math.max(2, throughput + 1);
    constraints.push({
      binding: 'redundancy',
      required: n,
      formula: 'N+1: n ≥ max(2, ⌈λ / (μ × u)⌉ + 1)',
      substituted: brief ? '' : `${h.nPlusOneWhy ?? 'one zone and availability ≥ 99.9 %'}: n = max(2, ${throughput} + 1) = ${n}`,
      note: 'after losing one (a node failure or a rolling update) the rest still carry the peak at the target utilisation',
    });
  }

  const min = Math.max(1, h.min ?? 1);
  constraints.push({ binding: 'minReplicas', required: min, formula: 'n ≥ min', substituted: brief ? '' : `min = ${min}${h.min === null ? ' (default: none given)' : ''}` });
  if (h.floors !== undefined) {
    for (let i = 0; i < h.floors.length; i++) {
      // The Constraint's own keys only: a floor's `capped` words are for the violation (horizontalViolations).
      const f = h.floors[i]!;
      constraints.push(f.note === undefined ? { binding: f.binding, required: f.required, formula: f.formula, substituted: f.substituted } : { binding: f.binding, required: f.required, formula: f.formula, substituted: f.substituted, note: f.note });
    }
  }

  // The largest requirement binds; on ties the earlier constraint is named (the load-driven ones
  // above, then the kind's extras, which bind only when they ask for more).
  let best = constraints[0]!;
  for (let i = 1; i < constraints.length; i++) if (constraints[i]!.required > best.required) best = constraints[i]!;
  const extras = h.extras;
  for (let i = 0; extras !== undefined && i < extras.length; i++) if (extras[i]!.required > best.required) best = extras[i]!;
  // One replica is the floor of any deployment: when no constraint asks for more, none binds.
  if (best.required <= 1) {
    best = floorConstraint(1, h.label);
    constraints.push(best);
  }
  const required = best.required;
  const max = Math.min(h.max ?? MAX_UNITS, MAX_UNITS);
  const capped = !(required <= max);
  if (capped) {
    constraints.push({ binding: 'maxReplicas', required: max, formula: 'n ≤ max', substituted: brief ? '' : `needs ${formatNumber(required)} (${best.binding}), max = ${formatNumber(max)}` });
  }
  // The extras are listed after the cap, in the order the kind gave them (as the kinds' explanations always showed them).
  for (let i = 0; extras !== undefined && i < extras.length; i++) constraints.push(extras[i]!);
  if (capped) return { replicas: max, required, binding: 'maxReplicas', constraints, latencyUnreachable, latencyAt };
  return { replicas: required, required, binding: best.binding, constraints, latencyUnreachable, latencyAt };
}

/** Numbers formatNumber wrote for repeatedNumber, by value (bounded: emptied when full). */
const numberTexts = new Map<number, string>();

/** formatNumber of a figure that repeats from sizing to sizing (a replica's capacity, a target utilisation): each value formatted once. */
function repeatedNumber(x: number): string {
  let text = numberTexts.get(x);
  if (text === undefined) {
    if (numberTexts.size >= 4096) numberTexts.clear();
    text = formatNumber(x);
    numberTexts.set(x, text);
  }
  return text;
}

/** Latency-constraint formulas already built, by percentile label and workers (a few distinct texts across thousands of components). */
const latencyFormulas = new Map<string, Map<number, string>>();

function latencyFormula(pLabel: string, workers: number): string {
  let byWorkers = latencyFormulas.get(pLabel);
  if (byWorkers === undefined) {
    byWorkers = new Map();
    latencyFormulas.set(pLabel, byWorkers);
  }
  let text = byWorkers.get(workers);
  if (text === undefined) {
    text = `least n with ${pLabel}(λ/n, c = ${workers}) ≤ budget`;
    byWorkers.set(workers, text);
  }
  return text;
}

/**
 * Queue figures of n replicas carrying λ under the component's balancing policy (`withPercentile`
 * false: latencyP95 is left NaN, for a sizing read only for its count). `known`: the latency
 * search's queue and quantile at its count (HorizontalResult.latencyAt), used when that count is n.
 */
export function queueFigures(spec: ReplicaQueueSpec, lambda: number, replicas: number, percentile: number, withPercentile = true, known: HorizontalResult['latencyAt'] = null): {
  utilization: number;
  waitProbability: number;
  latencyP95: number;
  /** How latencyP95 was found (`cantelli`: an upper bound, see VisitLatency). */
  latencyInversion: Inversion;
  latencyMean: number;
  queue: QueueModel;
  replicaQueue: ReplicaQueue;
} {
  const reuse = known !== null && known.n === replicas;
  const q = reuse ? known.queue : replicaQueue(spec, lambda, replicas);
  const latency = !withPercentile ? { percentileS: NaN, inversion: 'contour' as const } : reuse ? known : visitLatency(spec, q, percentile);
  return {
    utilization: q.solution.utilization,
    waitProbability: q.solution.waitProbability,
    latencyP95: latency.percentileS,
    latencyInversion: latency.inversion,
    latencyMean: q.solution.stable ? q.solution.meanWaitS + lawMean(spec.service) : Infinity,
    queue: queueModelOf(spec, q, replicas),
    replicaQueue: q,
  };
}

/** The violations of a horizontal sizing result, with remedies. */
export function horizontalViolations(
  name: string,
  path: string,
  h: HorizontalInput,
  r: HorizontalResult,
): Violation[] {
  const out: Violation[] = [];
  if (r.binding === 'maxReplicas' && !(r.required <= MAX_UNITS)) {
    out.push({
      component: name,
      kind: 'capacity',
      message: `needs ${formatNumber(r.required)} ${h.label}, more than the ${formatNumber(MAX_UNITS)} capplan sizes: the capacity (${formatNumber(h.perReplica)} ${h.unit} per replica) or the load (${formatNumber(h.lambda)} ${h.unit}) is probably in the wrong unit`,
      remedy: 'check the units of capacity, serviceTime and the workload (e.g. 10ms, not 10; 1000/s, not 1000/h)',
      path,
    });
  } else if (r.binding === 'maxReplicas') {
    const utilization = h.lambda / (r.replicas * h.perReplica);
    const floor = countFloor(h, r);
    out.push({
      component: name,
      kind: 'maxReplicas',
      message: `needs ${formatNumber(r.required)} ${h.label}${floor ? ` (${floor.why})` : ''} but max is ${r.replicas}; at ${r.replicas} the peak runs at ${formatPercent(utilization)} utilisation`,
      remedy: floor
        ? `raise replicas.max to ${formatNumber(r.required)}, or ${floor.instead}: more capacity per replica does not lower this count`
        : `raise replicas.max to ${formatNumber(r.required)}, or give each replica more capacity (more workers or a shorter service time)`,
      path: `${path}.replicas`,
    });
  }
  if (r.latencyUnreachable && h.budgetS !== null) {
    out.push({
      component: name,
      kind: 'latency',
      // Rounded the safe way: the p95 up (it is over the budget), the service time to cut to down, the budget to raise to up.
      message: `latency budget ${formatDuration(h.budgetS)} is unreachable: even unloaded the p95 is ${formatDurationToward(r.latencyUnreachable.zeroLoadP95, 'up')} (the service time alone, mean ${formatDuration(meanServiceS(h))})`,
      remedy: `cut the service time below ${formatDurationToward((h.budgetS / r.latencyUnreachable.zeroLoadP95) * meanServiceS(h), 'down')} or raise latencyP95 to at least ${formatDurationToward(r.latencyUnreachable.zeroLoadP95, 'up')}`,
      path: `${path}.latencyP95`,
    });
  }
  return out;
}

/**
 * When the count over replicas.max is a floor no capacity per replica lowers (the rule that asks
 * most is a replica in each zone, n ≥ z, N+1's second replica, or the connection pools of an
 * adapter whose pools this component's replicas hold), why, and the other way out; else null.
 */
function countFloor(h: HorizontalInput, r: HorizontalResult): { why: string; instead: string } | null {
  let best: Constraint | null = null;
  for (const c of r.constraints) if (c.binding !== 'maxReplicas' && (best === null || c.required > best.required)) best = c;
  if (best === null || best.required !== r.required) return null;
  if (best.binding === 'zoneLoss' && r.required === h.zones) return { why: `one in each of the ${h.zones} zones, so that losing a zone leaves some`, instead: 'plan fewer zones (targets.zones)' };
  if (best.binding === 'redundancy' && r.required === 2 && h.nPlusOneWhy === undefined) return { why: 'N+1 in one zone at an availability target of 99.9 % or more: a second, so that losing one leaves the peak carried', instead: 'lower targets.availability below 99.9 %' };
  // A floor another component puts on the count (the connection pools it holds): its own words,
  // and what this component's own rules ask, which is what more capacity per replica could lower.
  const floor = h.floors?.find((f) => f.capped !== undefined && f.binding === best!.binding && f.required === r.required);
  if (floor?.capped !== undefined) {
    let own = 1;
    for (const c of r.constraints) if (c.binding !== 'maxReplicas' && c.binding !== floor.binding && c.required > own) own = c.required;
    return { why: `${floor.capped.why}; its own load and bounds ask for ${formatNumber(own)}`, instead: floor.capped.instead };
  }
  return null;
}

/** Caps a unit count at MAX_UNITS; past it, a violation saying the inputs are probably in the wrong units. */
export function capUnits(n: number, label: string, component: string, path: string): { n: number; violation: Violation | null } {
  if (n <= MAX_UNITS) return { n, violation: null };
  return {
    n: MAX_UNITS,
    violation: {
      component,
      kind: 'capacity',
      message: `needs ${formatNumber(n)} ${label}, more than the ${formatNumber(MAX_UNITS)} capplan sizes: a capacity or the load is probably in the wrong unit`,
      remedy: 'check the units of capacity, serviceTime and the workload (e.g. 10ms, not 10; 1000/s, not 1000/h)',
      path,
    },
  };
}

function meanServiceS(h: HorizontalInput): number {
  return lawMean(h.queue.service);
}
