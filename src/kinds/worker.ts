/**
 * `worker`: queue consumers. All replicas pull from one shared queue, so the pool is a single
 * M/M/(n·c) system (not n separate queues). Jobs come in priority classes served
 * non-preemptively (Cobham's formula); each class's response time must stay within its timeout.
 */
import * as z from 'zod';
import { erlangC, waitPlusServicePercentile } from '../model/queueing.js';
import { priorityMmcMeanWaits } from '../model/priority.js';
import type { Constraint, Violation } from '../plan/types.js';
import { formatDuration, formatDurationToward, formatNumber } from '../units/format.js';
import { countText } from './constraint-text.js';
import { ceilish, MAX_UNITS } from './horizontal.js';
import { planHorizontal } from './horizontal-plan.js';
import { resolveCapacity } from './capacity.js';
import { servicePercentile } from './replica-queue.js';
import { baseFields, defineKind } from './kind.js';
import { callFigures } from './horizontal-model.js';
import { checkCapacity, checkReplicaBounds } from './refine.js';
import { checkShape, serviceLawOf } from './service-shape.js';
import { pathLatency } from '../model/path-latency.js';
import { exponentialLaw, fitLaw, isExponential, lawMean, lawMoment, lawScv, type ServiceLaw } from '../model/service-law.js';

/** Figures of one priority class at a pool size. */
export interface ClassFigures {
  name: string;
  share: number;
  rate: number;
  meanWait: number;
  p95: number;
  /** p95 is Cantelli's upper bound: the class's time is too sharp to invert (path-latency.ts). */
  bound: boolean;
  timeout: number | null;
  ok: boolean;
}

/**
 * Per-class figures of a non-preemptive priority M/G/N pool (N = servers): mean wait W_k by
 * Cobham (1954); the response-time percentile treats the conditional wait as exponential with
 * mean W_k / C (exact for one class with exponential service) plus the service law.
 *
 * With a non-exponential service law (squared cv c_s²) the residual work W_0 scales by
 * (1 + c_s²)/2: exact for one server, where Cobham's W_0 = λE[S²]/2 (Kleinrock vol. 2, §3.6),
 * and the Allen–Cunneen factor for N > 1. Arrivals burstier or smoother than Poisson (c_a² of
 * workload.arrivalCv, QNA downstream) scale it the same way, (c_a² + c_s²)/2 (Allen–Cunneen).
 */
export function classFigures(
  servers: number,
  perWorker: number,
  lambda: number,
  classes: readonly { name: string; share: number; timeout: number | null }[],
  percentile: number,
  law: ServiceLaw = exponentialLaw(1 / perWorker),
  arrivalScv = 1,
): ClassFigures[] {
  return poolFigures(servers, perWorker, lambda, classes, percentile, law, arrivalScv).classes;
}

/**
 * classFigures with the pool's probability of waiting, C(N, λ/μ), which the worker's plan reports
 * too. C is found once: Cobham's W_0 takes it when the classes' rates sum to λ exactly (one class,
 * the default), and the caller need not ask erlangC again (5,000 × 20: a worker sizing asked it
 * twice per count its search tried and once more at its count).
 */
export function poolFigures(
  servers: number,
  perWorker: number,
  lambda: number,
  classes: readonly { name: string; share: number; timeout: number | null }[],
  percentile: number,
  law: ServiceLaw = exponentialLaw(1 / perWorker),
  arrivalScv = 1,
): { classes: ClassFigures[]; waitProbability: number } {
  const rates = classes.map((k) => lambda * k.share);
  const factor = (arrivalScv + lawScv(law)) / 2;
  const c = erlangC(servers, lambda / perWorker);
  // priorityMmcMeanWaits' own sum of the rates, in its order.
  const totalRate = rates.reduce((sum, rate) => sum + rate, 0);
  const waits = priorityMmcMeanWaits(servers, perWorker, rates, Object.is(totalRate / perWorker, lambda / perWorker) ? c : undefined).map((w) => w * factor);
  const exponential = isExponential(law);
  const figures = classes.map((k, i) => {
    const w = waits[i]!;
    const inverted = !Number.isFinite(w) || exponential || w === 0
      ? null
      : pathLatency({ stages: [{ wait: { kind: 'exponential', waitProbability: c, conditionalRate: c / w }, service: law, constantDelayS: 0 }], root: { kind: 'visit', stage: 0, counts: [{ count: 1, probability: 1 }] } }, percentile);
    const p95 = !Number.isFinite(w) ? Infinity : inverted === null ? waitPlusServicePercentile(percentile, c, w > 0 ? c / w : Infinity, perWorker) : inverted.percentileS;
    return { name: k.name, share: k.share, rate: rates[i]!, meanWait: w, p95, bound: inverted?.inversion === 'cantelli', timeout: k.timeout, ok: k.timeout === null || p95 <= k.timeout };
  });
  return { classes: figures, waitProbability: c };
}

/** The worker kind. */
export const worker = defineKind({
  kind: 'worker',
  title: "Queue workers: one shared M/M/(n·c) pool; priority classes (non-preemptive, Cobham) each within its timeout.",
  schema: (f) =>
    z
      .strictObject({
        kind: z.literal('worker'),
        ...baseFields(f),
        classes: z
          .array(
            z.strictObject({
              name: z.string().min(1).register(z.globalRegistry, { description: 'Class name (e.g. critical, high, normal, low).' }),
              share: f.fraction({ min: 0 }).optional().register(z.globalRegistry, { description: 'Fraction of jobs in this class (fractions sum to 1; default: an equal split).' }),
              timeout: f.duration({ positive: true }).optional().register(z.globalRegistry, { description: 'Longest acceptable time from enqueue to done for this class (duration with a unit: 500ms, 30s); a class that misses it, out of reach or at a count replicas.max caps, is a violation of its own.' }),
            }),
          )
          .min(1)
          .optional()
          .register(z.globalRegistry, { description: 'Priority classes, highest first, served non-preemptively: the replicas are the least count at which every class meets its timeout (Cobham), within replicas.max.' }),
      })
      .superRefine((v, ctx) => {
        checkCapacity(v, ctx, { alternatives: ['operations, each with a serviceTime'] });
        checkReplicaBounds(v, ctx);
        checkShape(v, ctx);
        const shares = (v.classes ?? []).map((k) => k.share);
        if (shares.some((s) => s !== undefined) && shares.some((s) => s === undefined)) {
          ctx.addIssue({ code: 'custom', path: ['classes'], message: 'give share on every class or on none', params: {} });
        } else if (shares.length > 0 && shares.every((s) => s !== undefined)) {
          const sum = shares.reduce((a, b) => a! + b!, 0)!;
          if (Math.abs(sum - 1) > 1e-3) ctx.addIssue({ code: 'custom', path: ['classes'], message: `class shares sum to ${formatNumber(sum)}, not 1 (100%)`, params: {} });
        }
        const names = (v.classes ?? []).map((k) => k.name);
        const dup = names.find((n, i) => names.indexOf(n) !== i);
        if (dup) ctx.addIssue({ code: 'custom', path: ['classes'], message: `class "${dup}" appears twice`, params: {} });
      }),
  size: (c, ctx) => {
    const capacity = resolveCapacity(c, ctx, 'job/s');
    const lambda = ctx.workload.peakRps * callFigures(c, ctx).visits;
    const raw = c.classes ?? [{ name: 'default', share: 1, timeout: undefined }];
    const classes = raw.map((k) => ({ name: k.name, share: k.share ?? 1 / raw.length, timeout: k.timeout ?? null }));
    // A job's time to done is its own work plus, when its calls block, the downstream time.
    const own = serviceLawOf(c, 1 / capacity.perWorker).law;
    const held = ctx.model?.held ?? null;
    const law = held ? fitLaw(lawMean(own) + held.meanS, (lawMoment(own, 2) - lawMean(own) ** 2 + held.varianceS2) / (lawMean(own) + held.meanS) ** 2) : own;
    const perWorker = 1 / lawMean(law);
    const perReplica = perWorker * capacity.workers;
    // Each count's figures once: the search, its tightest class and the plan ask for the same counts.
    const figuresSeen = new Map<number, ReturnType<typeof poolFigures>>();
    const poolAt = (n: number) => {
      let pool = figuresSeen.get(n);
      if (pool === undefined) {
        pool = poolFigures(n * capacity.workers, perWorker, lambda, classes, ctx.percentile, law, ctx.model?.arrivalScv ?? 1);
        figuresSeen.set(n, pool);
      }
      return pool;
    };
    const figuresAt = (n: number) => poolAt(n).classes;

    // Least n meeting the timeouts of the classes at index `which` (every timed class at once, or
    // one): doubling then bisection (Cobham's waits fall with n); MAX_UNITS + 1 when none up to
    // MAX_UNITS does.
    const leastCount = (which: (i: number) => boolean) => {
      const meets = (n: number) => n > MAX_UNITS || figuresAt(n).every((k, i) => k.ok || !which(i));
      let hi = Math.max(1, ceilish(lambda / perReplica));
      while (!meets(hi)) hi *= 2;
      hi = Math.min(hi, MAX_UNITS + 1);
      let lo = Math.max(1, Math.floor(hi / 2));
      if (meets(lo)) hi = lo;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (meets(mid)) hi = mid;
        else lo = mid;
      }
      return hi;
    };

    const extra: Constraint[] = [];
    const violations: Violation[] = [];
    const pLabel = `p${Math.round(ctx.percentile * 100)}`;
    // A class whose timeout is below the job's own percentile (unloaded) misses it at any count:
    // each such class is a violation of its own, and the count is sized for the other classes.
    const zeroLoad = classes.some((k) => k.timeout !== null) && lambda > 0 ? servicePercentile({ workers: 1, service: law, holding: null, balancing: 'random', constantDelayS: 0 }, ctx.percentile) : 0;
    const unreachable = classes.map((k) => k.timeout !== null && k.timeout < zeroLoad);
    const sizedFor = (i: number) => classes[i]!.timeout !== null && !unreachable[i];
    for (let i = 0; i < classes.length && !ctx.replicasOnly; i++) {
      if (!unreachable[i]) continue;
      const k = classes[i]!;
      violations.push({
        component: ctx.name,
        kind: 'timeout',
        // Rounded the safe way: the job's percentile up, the mean to cut to down, the timeout to raise to up.
        message: `class ${k.name}: timeout ${formatDuration(k.timeout!)} is below the ${pLabel} of the job itself (${formatDurationToward(zeroLoad, 'up')})`,
        remedy: `cut the job's mean below ${formatDurationToward((k.timeout! / zeroLoad) * lawMean(law), 'down')} (now ${formatDuration(lawMean(law))}) or raise the ${k.name} timeout to at least ${formatDurationToward(zeroLoad, 'up')}`,
        path: `${ctx.path}.classes[${i}].timeout`,
      });
    }
    if (lambda > 0 && classes.some((_, i) => sizedFor(i))) {
      const hi = leastCount(sizedFor);
      const worst = ctx.replicasOnly || ctx.explanations === false ? null : figuresAt(hi).filter((_, i) => sizedFor(i)).sort((a, b) => b.p95 / b.timeout! - a.p95 / a.timeout!)[0]!;
      extra.push({
        binding: 'latency',
        required: hi,
        formula: 'least n with every class p95(W_k + S) ≤ timeout_k, W_k = W0 / ((1 − σ_{k−1})(1 − σ_k)) (Cobham)',
        substituted: worst ? `n = ${hi} (${hi * capacity.workers} workers): tightest class ${worst.name} p95 ${formatDuration(worst.p95)} ≤ ${formatDuration(worst.timeout!)}` : '',
      });
    }
    // planHorizontal caps the classes' count at replicas.max with the other rules (sizeHorizontal).
    const plan = planHorizontal(withoutBudget(c), ctx, {
      noun: 'job',
      capacity,
      extraConstraints: extra,
      synchronous: false,
      sharedQueue: true,
    });
    // Read only for its count (the off-peak sizing): the classes' figures are not needed.
    if (ctx.replicasOnly) return plan;
    const servers = plan.replicas * capacity.workers;
    const pool = poolAt(plan.replicas);
    const figures = pool.classes;
    // Below the count the timeouts need (replicas.max caps it): every class that misses its
    // timeout at the count planned, in class order, each with its figure and the count it needs.
    // A class that waits without bound is not one of them: Cobham's σ_k ≥ 1 means the whole pool
    // is past 100 %, which the pool's own violation (maxReplicas, or the count past MAX_UNITS) says.
    for (let i = 0; i < figures.length; i++) {
      const k = figures[i]!;
      if (k.ok || !sizedFor(i) || !Number.isFinite(k.p95)) continue;
      const needs = leastCount((j) => j === i);
      const levers = [
        ...(needs <= MAX_UNITS ? [`raise replicas.max to ${formatNumber(needs)} (the class meets its timeout from ${formatNumber(needs)} ${needs === 1 ? 'replica' : 'replicas'}, ${formatNumber(needs * capacity.workers)} workers)`] : []),
        'add workers per replica',
        'shorten the jobs',
        `raise the ${k.name} timeout to at least ${formatDurationToward(k.p95, 'up')}`,
      ];
      violations.push({
        component: ctx.name,
        kind: 'timeout',
        message: `class ${k.name}: ${pLabel} ${formatDuration(k.p95)} exceeds its timeout ${formatDuration(k.timeout!)} at ${countText(plan.replicas, 'replicas')} (mean wait ${formatDuration(k.meanWait)}, Cobham)`,
        remedy: `${levers.slice(0, -1).join(', ')}, or ${levers[levers.length - 1]}`,
        path: `${ctx.path}.classes[${i}].timeout`,
      });
    }
    const stable = lambda < servers * perWorker;
    // Completed in place: planHorizontal's result is this sizing's own (a spread copy of its forty-odd keys cost more than the sizing).
    // Every key set here is one of its own, so the key order is a copy's.
    // The pool's C(N, λ/μ) at this count, as poolFigures found it (erlangC of the same arguments).
    plan.waitProbability = stable ? pool.waitProbability : 1;
    plan.latencyP95 = Math.max(...figures.map((k) => k.p95));
    plan.latencyMean = figures.reduce((s, k) => s + k.share * (k.meanWait + 1 / perWorker), 0);
    plan.violations = [...violations, ...plan.violations];
    plan.detail.poolWorkers = servers;
    plan.detail.classes = figures.map((k) => ({ name: k.name, share: k.share, rate: k.rate, meanWait: k.meanWait, p95: k.p95, timeout: k.timeout }));
    const bounded = figures.filter((k) => k.bound).map((k) => k.name);
    if (bounded.length > 0) {
      plan.notes.push(`${bounded.length === 1 ? `the p${Math.round(ctx.percentile * 100)} of class ${bounded[0]} is an upper bound` : `the p${Math.round(ctx.percentile * 100)}s of classes ${bounded.join(', ')} are upper bounds`} by Cantelli's inequality (m + σ·√(p/(1 − p))): the time is too sharp to invert numerically (near-deterministic parts far apart)`);
    }
    return plan;
  },
});

/** Worker settings without latencyP95 (a worker's budgets are its classes' timeouts), one copy per settings object (read-only; a phase that leaves a worker alone hands over the same settings). */
const budgetless = new WeakMap<object, object>();

function withoutBudget<T extends object>(c: T): T & { latencyP95: undefined } {
  let out = budgetless.get(c);
  if (out === undefined) {
    out = { ...c, latencyP95: undefined };
    budgetless.set(c, out);
  }
  return out as T & { latencyP95: undefined };
}
