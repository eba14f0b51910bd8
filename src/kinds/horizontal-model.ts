/**
 * The queueing side of a horizontally scaled component: its visits after derived probabilities
 * and retries, its service law, the worker hold of blocking calls, its balancing policy, and
 * the --explain lines that say which model each figure uses.
 */
import { fitLaw, lawMoment, lawScv, type ServiceLaw } from '../model/service-law.js';
import { formatDuration, formatNumber, formatPercent } from '../units/format.js';
import type { ReplicaCapacity, SizingContext } from './kind.js';
import type { ReplicaQueue, ReplicaQueueSpec } from './replica-queue.js';
import { givenShape, serviceLawOf, type Balancing, type ShapeSettings } from './service-shape.js';

/**
 * The empty lines, notes and detail of a sizing that has none, shared (read only): most
 * components have no derived visits, no retries and no note, and a sizing without --explain no
 * lines. 5,000 × 20 built two empty arrays and an empty object a horizontal sizing for them.
 */
const NONE: readonly string[] = Object.freeze([]);
const NO_DETAIL: Readonly<Record<string, unknown>> = Object.freeze({});

/** Visits per user request after derived probabilities and retries. */
export function callFigures(c: { perRequest?: number | undefined }, ctx: SizingContext): { visits: number; detail: Readonly<Record<string, unknown>>; lines: readonly string[] } {
  const derived = c.perRequest === undefined ? ctx.model?.derivedVisits ?? null : null;
  const base = c.perRequest ?? derived ?? 1;
  const factor = ctx.model?.loadFactor ?? 1;
  const retried = factor > 1 + 1e-12;
  if (derived === null && !retried) return { visits: base * factor, detail: NO_DETAIL, lines: NONE };
  const lines: string[] = [];
  const detail: Record<string, unknown> = {};
  // Lines only --explain and the JSON read (SizingContext.explanations).
  const brief = ctx.replicasOnly === true || ctx.explanations === false;
  if (derived !== null) {
    if (!brief) lines.push(`visits: ${formatNumber(derived)} per request, from the calls that reach it (caller visits × call probability, summed; no perRequest given)`);
    detail.derivedVisits = derived;
  }
  if (retried) {
    if (!brief) lines.push(`retries: callers retry failed or timed-out calls, ${formatNumber(factor)} expected attempts per call: visits ${formatNumber(base)} × ${formatNumber(factor)} = ${formatNumber(base * factor)}`);
    detail.retryAmplification = factor;
    detail.visitsBeforeRetries = base;
  }
  return { visits: base * factor, detail, lines };
}

/** The component's queue: its laws, balancing and per-replica throughput. */
export interface ShapeFigures {
  spec: ReplicaQueueSpec;
  /** Operations per second one replica completes with every worker busy (held through blocking calls). */
  perReplica: number;
  /** Its detail figures (SizedComponent.detail): the balancing policy and the service time's cv. */
  balancing: Balancing | 'shared-queue';
  serviceCv: number;
  /** --explain lines (none where nothing reads them) and notes, read only. */
  lines: readonly string[];
  notes: readonly string[];
  /** Mean own service time and mean hold (seconds); equal without blocking calls. */
  ownMeanS: number;
  heldMeanS: number;
}

/** Why each balancing policy, for --explain. */
const BALANCING_SOURCE: Record<Balancing, string> = {
  random: 'kube-proxy in iptables mode picks a backend at random',
  'round-robin': 'IPVS rr, NGINX upstream default',
  'least-request': 'Envoy/Istio LEAST_REQUEST, NGINX least_conn',
};

const SHARED_QUEUE_LINE = 'balancing: none needed, every replica pulls from one shared queue';

/** The --explain line of each balancing policy, given or by default (built once: every horizontal component of every phase has one). */
const BALANCING_LINES = Object.fromEntries(
  (Object.keys(BALANCING_SOURCE) as Balancing[]).map((b) => [b, { given: `balancing: ${b}: ${BALANCING_SOURCE[b]}`, default: `balancing: ${b} (the default): ${BALANCING_SOURCE[b]}` }]),
) as Record<Balancing, { given: string; default: string }>;

/** The service-time lines already built, by description then squared cv (most components share a handful). */
const serviceTimeLines = new Map<string, Map<number, string>>();

/** The --explain line of a service law: its description, and its cv when not 1. */
function serviceTimeLine(description: string, scv: number): string {
  let byScv = serviceTimeLines.get(description);
  if (byScv === undefined) {
    byScv = new Map();
    // Descriptions of operation mixtures name their durations: keep the cache to the few shared ones.
    if (serviceTimeLines.size < 64) serviceTimeLines.set(description, byScv);
  }
  let line = byScv.get(scv);
  if (line === undefined) {
    // An exponential law's squared cv, computed from its moments, can miss 1 by a rounding error:
    // it was then named twice ("exponential (cv 1) (cv 1)").
    // A description that names the cv itself ("cv 1.3, matched on mean and cv") is not followed by it again.
    const cv = `cv ${formatNumber(Math.sqrt(scv))}`;
    const named = [',', ' ', ')'].some((end) => `${description} `.includes(cv + end));
    line = `service time: ${description}${Math.abs(scv - 1) < 1e-9 || named ? '' : ` (${cv})`}`;
    if (byScv.size < 64) byScv.set(scv, line);
  }
  return line;
}

/** The service law, the blocking hold and the balancing policy of a horizontal component. */
export function shapeOf(
  c: ShapeSettings & { balancing?: Balancing | undefined },
  resolved: ReplicaCapacity,
  ctx: SizingContext,
  opts: { constantDelayS?: number; defaultBalancing?: Balancing; sharedQueue?: boolean },
): ShapeFigures {
  const ownMeanS = resolved.workers / resolved.perReplica;
  const { law, description, scv, given } = ownLaw(c, ownMeanS);
  const held = ctx.model?.held ?? null;
  let holding: ServiceLaw | null = null;
  let perReplica = resolved.perReplica;
  let heldMeanS = ownMeanS;
  const brief = ctx.replicasOnly === true || ctx.explanations === false;
  if (held) {
    /*
     * Layered queueing (Method of Layers, Rolia & Sevcik 1995; Woodside et al., "The stochastic
     * rendezvous network model", IEEE Trans. Computers 1995): a worker that blocks on its calls
     * is held for its own time plus theirs, H = S + Σ calls × R_callee, so its queue is served
     * at c/E[H], not c/E[S]. H's law is fitted on its mean and variance (independent parts).
     */
    heldMeanS = ownMeanS + held.meanS;
    const ownVariance = lawMoment(law, 2) - ownMeanS * ownMeanS;
    holding = fitLaw(heldMeanS, (ownVariance + held.varianceS2) / (heldMeanS * heldMeanS));
    perReplica = resolved.workers / heldMeanS;
  }
  const explicit = c.balancing !== undefined;
  const balancing = opts.sharedQueue ? 'shared-queue' : c.balancing ?? opts.defaultBalancing ?? 'random';
  let lines = NONE;
  if (!brief) {
    const balancingLine = balancing === 'shared-queue' ? SHARED_QUEUE_LINE : BALANCING_LINES[balancing][explicit ? 'given' : 'default'];
    lines = ctx.model?.arrivalText !== undefined ? [serviceTimeLine(description, scv), balancingLine, arrivalLine(ctx.model.arrivalScv ?? 1, ctx.model.arrivalText)] : [serviceTimeLine(description, scv), balancingLine];
  }
  const notes =
    balancing === 'least-request' && resolved.workers < 4
      ? [`least-request is modelled as one pooled queue; with ${resolved.workers} worker${resolved.workers === 1 ? '' : 's'} per replica that is optimistic (a simulated join-the-shortest-queue waits up to 12 % longer at the p95, power-of-two-choices up to 19 %)`]
      : NONE;
  return {
    spec: { workers: resolved.workers, service: law, holding, balancing, constantDelayS: opts.constantDelayS ?? 0, given, arrivalScv: ctx.model?.arrivalScv ?? 1 },
    perReplica,
    balancing,
    serviceCv: Math.sqrt(scv),
    lines,
    notes,
    ownMeanS,
    heldMeanS,
  };
}

/** A component's own service law (serviceLawOf), its squared cv and the law it was given as (givenShape): read-only, shared by its sizings. */
interface OwnLaw {
  meanS: number;
  law: ServiceLaw;
  description: string;
  scv: number;
  given: ReturnType<typeof givenShape>;
}

/** The last own law of each settings object (its mean depends on the capacity alone: the same phase after phase, at peak and at the mean). */
const ownLaws = new WeakMap<object, OwnLaw>();

/** serviceLawOf(c, meanS) with its squared cv and givenShape(c), found once per settings object and mean (pure functions of the two; the results are read-only). */
function ownLaw(c: ShapeSettings, meanS: number): OwnLaw {
  let known = ownLaws.get(c);
  if (known === undefined || !Object.is(known.meanS, meanS)) {
    const { law, description } = serviceLawOf(c, meanS);
    known = { meanS, law, description, scv: lawScv(law), given: givenShape(c) };
    ownLaws.set(c, known);
  }
  return known;
}

/** Detail figures of a blocking component: hold, waiting share, the worker pool that would match its CPU. */
export function blockingDetail(shape: ShapeFigures, lambda: number, replicas: number, resolved: ReplicaCapacity): Record<string, unknown> {
  if (shape.spec.holding === null) return {};
  const perReplicaRate = lambda / replicas;
  return {
    heldTime: shape.heldMeanS,
    ownTime: shape.ownMeanS,
    waitingShare: 1 - shape.ownMeanS / shape.heldMeanS,
    workersNeeded: Math.ceil((resolved.workers * shape.heldMeanS) / shape.ownMeanS - 1e-9),
    ownUtilization: (perReplicaRate * shape.ownMeanS) / resolved.workers,
  };
}

/** The --explain lines of the queue itself and, when calls block, of the hold. */
export function queueLines(shape: ShapeFigures, q: ReplicaQueue, resolved: ReplicaCapacity, heldParts: readonly string[]): string[] {
  const lines: string[] = [];
  if (shape.spec.holding !== null) {
    const waiting = 1 - shape.ownMeanS / shape.heldMeanS;
    const needed = Math.ceil((resolved.workers * shape.heldMeanS) / shape.ownMeanS - 1e-9);
    lines.push(
      `blocking calls: a worker is held H = ${formatDuration(shape.ownMeanS)} own + ${heldParts.join(' + ')} = ${formatDuration(shape.heldMeanS)} per operation; ${formatPercent(waiting)} of each worker's time is spent waiting downstream`,
    );
    lines.push(
      `worker pool: ${resolved.workers} per replica carry ${formatNumber(shape.perReplica)}/s held (${formatNumber(resolved.perReplica)}/s if nothing blocked); ${needed} per replica would keep up with what the own work allows`,
    );
  }
  const s = q.solution;
  lines.push(`queue: ${s.method}${s.stable ? `, P(wait) ${formatPercent(s.waitProbability)}, mean wait ${formatDuration(s.meanWaitS)}` : ''}; ${q.model}`);
  return lines;
}

/** The --explain line of a stream that is not Poisson (workload.arrivalCv): its cv and where it comes from (plan/arrival-cv.ts). */
export function arrivalLine(scv: number, text: string): string {
  return `arrivals: cv ${formatNumber(Math.sqrt(scv))} (c_a² ${formatNumber(scv)}) from ${text}`;
}
