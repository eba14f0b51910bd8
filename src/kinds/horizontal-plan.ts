/** Builds the SizedComponent of a horizontally scaled kind (service, adapter, agent, worker). */
import type { Binding, SizedComponent, Constraint, Violation } from '../plan/types.js';
import { formatDuration, formatNumber } from '../units/format.js';
import { resolveCapacity, type CapacitySettings } from './capacity.js';
import { countText } from './constraint-text.js';
import { horizontalViolations, queueFigures, sizeHorizontal, type HorizontalInput } from './horizontal.js';
import { blockingDetail, callFigures, queueLines, shapeOf, type ShapeFigures } from './horizontal-model.js';
import type { Balancing, ShapeSettings } from './service-shape.js';
import type { ReplicaCapacity, SizingContext } from './kind.js';

/** Settings every horizontal kind reads. */
export interface HorizontalSettings extends CapacitySettings, ShapeSettings {
  kind: string;
  perRequest?: number | undefined;
  balancing?: Balancing | undefined;
  latencyP95?: number | undefined;
  utilization?: number | undefined;
  replicas?: { min?: number | undefined; max?: number | undefined } | undefined;
  resources?: { cpu?: number | undefined; memory?: number | undefined; gpu?: number | undefined } | undefined;
  managed: boolean;
  async?: boolean | undefined;
}

/** Kind-specific adjustments to the common horizontal plan. */
export interface HorizontalOptions {
  /** Unit noun of the component's operations ("req", "msg", "query", "job"). */
  noun: string;
  label?: string;
  /** Capacity already resolved by the kind (e.g. an agent's GPUs × per-GPU rate). */
  capacity?: ReplicaCapacity;
  /** A constant delay per visit added to the latency (third-party API time). */
  constantDelayS?: number;
  /** A hard ceiling on the component's own rate no replica count lifts (ops/s). */
  ceiling?: { rate: number; by: Binding; constraint: Constraint; violation: (lambda: number) => Violation | null };
  /** Constraints the kind adds, each already evaluated (their `required` joins the maximum before replicas.max caps it). */
  extraConstraints?: Constraint[];
  detail?: Record<string, unknown>;
  synchronous?: boolean;
  /** Balancing when the profile does not say (default random, kube-proxy's). */
  defaultBalancing?: Balancing;
  /** Every replica pulls from one shared queue (workers): one pooled queue, no balancer. */
  sharedQueue?: boolean;
  /** Why N+1 applies, when the kind decides it otherwise than by one zone and availability ≥ 99.9 % (network links). */
  nPlusOneWhy?: string;
}

/** Sizes a horizontal component and assembles its plan. */
export function planHorizontal(c: HorizontalSettings, ctx: SizingContext, opts: HorizontalOptions): SizedComponent {
  const unit = `${opts.noun}/s`;
  const label = opts.label ?? 'replicas';
  const resolved = opts.capacity ?? resolveCapacity(c, ctx, unit);
  const brief = ctx.replicasOnly === true;
  // The explanations alone (substitutions, model lines, derivation) where nothing reads them (SizingContext.explanations).
  const quiet = brief || ctx.explanations === false;
  const calls = callFigures(c, ctx);
  const visits = calls.visits;
  const lambda = ctx.workload.peakRps * visits;
  const u = c.utilization ?? ctx.targets.cpuUtilization;
  // shapeOf reads the options' delay, default balancing and shared queue (a copy of the three was an object per component).
  const shape = shapeOf(c, resolved, ctx, opts);
  const input: HorizontalInput = {
    lambda,
    perReplica: shape.perReplica,
    workers: resolved.workers,
    queue: shape.spec,
    utilization: u,
    budgetS: c.latencyP95 ?? null,
    percentile: ctx.percentile,
    zones: ctx.targets.zones,
    nPlusOne: ctx.targets.zones === 1 && (ctx.targets.availability ?? 0) >= 0.999,
    nPlusOneWhy: opts.nPlusOneWhy,
    min: c.replicas?.min ?? null,
    max: c.replicas?.max ?? null,
    floors: ctx.floors,
    extras: opts.extraConstraints,
    unit,
    label,
    // sizeHorizontal's replicas-only mode leaves only its texts out: its counts are the same.
    replicasOnly: quiet,
  };
  const sized = sizeHorizontal(input);
  // The kind's extra constraints are in the count already, capped by replicas.max like the rest.
  const replicas = sized.replicas;
  let binding = sized.binding;
  // The result's own array (sizeHorizontal builds it per call and nothing else holds it).
  const constraints = sized.constraints;
  const violations = brief ? [] : horizontalViolations(ctx.name, ctx.path, input, sized);
  const q = queueFigures(shape.spec, lambda, replicas, ctx.percentile, !brief, sized.latencyAt);
  const delay = opts.constantDelayS ?? 0;

  const capacityRate = replicas * shape.perReplica;
  let maxRate = capacityRate * u;
  let breakingRate = capacityRate;
  let maxRpsBy = 'capacity';
  if (opts.ceiling) {
    constraints.push(opts.ceiling.constraint);
    if (opts.ceiling.rate < maxRate) {
      maxRate = opts.ceiling.rate;
      maxRpsBy = opts.ceiling.by;
    }
    breakingRate = Math.min(breakingRate, opts.ceiling.rate);
    const v = opts.ceiling.violation(lambda);
    if (v) {
      violations.push(v);
      binding = opts.ceiling.by;
    }
  }
  if (q.utilization >= 1 && binding !== 'maxReplicas' && !brief) {
    violations.push({
      component: ctx.name,
      kind: 'unstable',
      message: `utilisation ${formatNumber(q.utilization * 100)}% at peak: the queue grows without bound`,
      remedy: 'add replicas or capacity',
      path: ctx.path,
    });
  }
  const notes = brief ? [] : resolved.notes.concat(shape.notes);
  if (c.resources?.cpu === undefined && !c.managed && !brief) notes.push('no resources.cpu given: manifests and bills use defaults');
  if (q.latencyInversion === 'cantelli' && !brief) {
    notes.push(`its p${Math.round(ctx.percentile * 100)} per visit is an upper bound by Cantelli's inequality (m + σ·√(p/(1 − p))): its time per visit is too sharp to invert numerically (near-deterministic parts far apart)`);
  }
  return {
    name: ctx.name,
    kind: c.kind,
    demand: lambda,
    demandUnit: unit,
    replicas,
    binding,
    utilization: q.utilization,
    latencyP95: Number.isFinite(q.latencyP95) ? q.latencyP95 + delay : Infinity,
    waitProbability: q.waitProbability,
    maxRps: visits > 0 ? maxRate / visits : Infinity,
    violations,
    breakingRps: visits > 0 ? breakingRate / visits : Infinity,
    maxRpsBy,
    visits,
    capacityPerUnit: shape.perReplica,
    capacityUnit: unit,
    targetUtilization: u,
    unitLabel: label,
    topology: countText(replicas, label),
    managed: c.managed,
    resources: {
      cpuCores: c.resources?.cpu ?? null,
      memoryBytes: c.resources?.memory ?? null,
      gpus: c.resources?.gpu ?? 0,
    },
    latencyMean: Number.isFinite(q.latencyMean) ? q.latencyMean + delay : Infinity,
    latencyBudget: c.latencyP95 ?? null,
    queue: q.queue,
    synchronous: opts.synchronous ?? !c.async,
    storageBytes: null,
    egressBytesPerMonth: null,
    capacityDerivation: quiet ? '' : shape.spec.holding ? `${resolved.derivation}; a worker held H = ${formatDuration(shape.heldMeanS)} by blocking calls: c / H = ${formatNumber(shape.perReplica)} ${unit}` : resolved.derivation,
    constraints,
    detail: horizontalDetail(resolved, delay, shape, calls.detail, lambda, replicas, opts.detail),
    model: quiet ? [] : [...calls.lines, ...shape.lines, ...queueLines(shape, q.replicaQueue, resolved, ctx.model?.held?.parts ?? [])],
    path: ctx.path,
    notes,
  };
}

/**
 * The detail figures of a horizontal component: its workers and service time, the constant
 * delay, then the shape's, the calls', the blocking hold's and the kind's own figures, in that
 * order (a later key of an earlier name keeps its place and takes the later value, as a spread
 * of each would). Written key by key into one object: five spreads built four objects a component.
 */
function horizontalDetail(
  resolved: ReplicaCapacity,
  delay: number,
  shape: ShapeFigures,
  calls: Readonly<Record<string, unknown>>,
  lambda: number,
  replicas: number,
  own: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const detail: Record<string, unknown> = { workersPerReplica: resolved.workers, serviceTime: resolved.workers / resolved.perReplica };
  if (delay > 0) detail.constantDelay = delay;
  // The shape's two figures, written here rather than copied from an object of their own.
  detail.balancing = shape.balancing;
  detail.serviceCv = shape.serviceCv;
  Object.assign(detail, calls);
  if (shape.spec.holding !== null) Object.assign(detail, blockingDetail(shape, lambda, replicas, resolved));
  if (own !== undefined) Object.assign(detail, own);
  return detail;
}
