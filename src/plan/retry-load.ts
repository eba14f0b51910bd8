/**
 * The load a planned topology carries at another user rate when retried calls time out. A
 * retried call with a timeout is retried with probability q = f + (1 − f)·P(R_callee > timeout),
 * and P(R > timeout) grows with the callee's load, which grows with the attempts: at a load
 * factor s (1: the plan's peak) the amplification is the least fixed point of that loop, found
 * by the plan's own passes (layers.ts) with the units held. Holding it at the peak's value, as
 * the breaking point and the sweep once did, overstated a callee's breaking point by a third
 * (/tmp findings: 190 req/s given, 141 req/s where the fixed point ceases to exist).
 *
 * Only phases with a retried call that has a timeout to a synchronous callee build one
 * (`RetryLoad.of` gives null otherwise): without it every component's load is s × its planned
 * load, exactly, and nothing here runs.
 */
import { checkedSurvival } from '../model/path-latency.js';
import { waitPlusServiceSurvival } from '../model/queueing.js';
import { isExponential, lawMean } from '../model/service-law.js';
import { amplify, timedEdges } from './layers.js';
import { edgeKey, PathBuilder, type PathComponent } from './path-model.js';
import { queueAt } from './plan-path.js';
import { edgeKeyOf, type GraphEdge, type RequestGraph } from './request-graph.js';
import type { CallPlan, PhasePlan, QueueModel } from './types.js';
import { requestGraphOf } from './plan-path.js';

/**
 * The most passes of one fixed point. Just past the load where it ceases to exist (a saddle-node)
 * the passes crawl through the bottleneck, about 3.5/√ε of them at ε above it (retry.yaml of the
 * findings); passes that have not settled by then are read as broken, which puts a breaking point
 * at most ~3e-6 (relative) below the exact one: far below the 3 significant digits printed.
 */
const MAX_PASSES = 2_000;

/** Relative width at which a load bisection stops: far below the 3 significant digits printed. */
const LOAD_TOLERANCE = 1e-6;

/**
 * The path inversions one phase's retry load may spend, in contours (a sharp inversion counts
 * SHARP_INVERSION). A pass inverts the callee's path law
 * where no closed form gives its survival, and a sharp one (deterministic stages beside much
 * slower ones: the Fourier series) costs ~20 ms: a plan of three components searched ~3,800
 * passes, 98 s. 8,000 contours are ~0.4 s (an H2 callee near its saddle-node took ~6,300 passes,
 * 0.3 s), twenty sharp inversions the same: a sweep --resize or a runway plans again at every
 * point or month and pays it each time. Past the budget every load not yet solved takes the storm's amplification (every
 * timed attempt failing): its rates a bound from below, its loads from above, never optimistic;
 * `exhausted` says so and the plan notes it. Counted, not timed, so a plan is the same each run.
 */
export const INVERSION_BUDGET = 8_000;

/** What one sharp inversion (the Fourier series, the time domain) counts against the budget: ~400 times a contour's cost (measured, 2026-11-29). */
const SHARP_INVERSION = 400;

/** A timed call whose timeout probability at the peak is below this is not searched (`of`). */
export const NEGLIGIBLE_TIMEOUT = 1e-9;

/** Thrown inside a fixed point when the budget runs out (caught by `at`). */
const SPENT = Symbol('retry inversion budget spent');

/** What the plan holds of one component: its queue at the peak and the retry amplification its load was planned with. */
export interface RetryLoadComponent {
  queue: QueueModel | null;
  /** The plan's load multiplier from retries (1 without). */
  amplification: number;
}

/** The retry fixed point at one load factor. */
export interface RetryPoint {
  /** Load factor (× the plan's peak user rate). */
  scale: number;
  /** Each component's arrival rate as a multiple of its planned rate: s × A(s) / A(plan) (absent: s). */
  factors: Map<string, number>;
  /** Each retried edge's probability that an attempt fails or times out, by edge key (absent: 0). */
  failures: Map<string, number>;
  /** false: the passes did not settle (within MAX_PASSES of a load where the fixed point ceases to exist): read as broken. */
  converged: boolean;
}

/** A planned phase's retry fixed point at any load factor, its units held. */
export class RetryLoad {
  /** Converged points by load factor, ascending, with the last passes' failures (below the fixed point): those start the passes of any higher load (a sub-solution there, so the passes still climb to the least fixed point). */
  private readonly known: { point: RetryPoint; lower: ReadonlyMap<string, number> }[] = [];
  /** Components whose load depends on a timed retry: the callees of timed edges and everything below them. */
  readonly affected: ReadonlySet<string>;
  private readonly timedKeys: ReadonlySet<string>;
  /** Path inversions spent so far (INVERSION_BUDGET). */
  private inversions = 0;

  private constructor(
    private readonly graph: RequestGraph,
    private readonly components: ReadonlyMap<string, RetryLoadComponent>,
    private readonly waitScales: ReadonlyMap<string, number>,
    private readonly timed: readonly GraphEdge[],
    private readonly base: ReadonlyMap<string, number>,
    /** The plan's own point at its peak (its failures as planned, every factor 1), where known: at s = 1 the figures are the plan's. */
    private readonly planned: RetryPoint | null,
  ) {
    const below = new Set<string>();
    const visit = (n: string) => {
      if (below.has(n)) return;
      below.add(n);
      for (const e of graph.edges.get(n) ?? []) visit(e.to);
    };
    for (const e of timed) visit(e.to);
    this.affected = below;
    this.timedKeys = new Set(timed.map(edgeKey));
  }

  /** The phase's retry load, or null when no retried call has a timeout to a synchronous callee (every load then s × the plan's). */
  static of(graph: RequestGraph, components: ReadonlyMap<string, RetryLoadComponent>, waitScales: ReadonlyMap<string, number>, plannedFailures: ReadonlyMap<string, number> | null = null, plannedTimeouts: ReadonlyMap<string, number> | null = null): RetryLoad | null {
    // A timed call that next to never times out at the peak (a 2 s timeout on a 6 ms p95) is left
    // out: its attempts stay at the failure rate's until its callee nears saturation, where the
    // callee's own breaking point rules; searching it cost every pass an inversion per hop, and a
    // chain of such calls ran out of the budget (six hops: a storm bound of 62.5 req/s where
    // 2,000 is right).
    const timed = timedEdges(graph).filter((e) => components.get(e.to)?.queue != null && !((plannedTimeouts?.get(edgeKey(e)) ?? 1) < NEGLIGIBLE_TIMEOUT));
    if (timed.length === 0) return null;
    const base = new Map<string, number>();
    for (const es of graph.edges.values()) for (const e of es) if (!Object.is(e.failureRate, 0)) base.set(edgeKey(e), e.failureRate);
    const planned = plannedFailures === null ? null : { scale: 1, factors: new Map([...components.keys()].map((n) => [n, 1])), failures: new Map(plannedFailures), converged: true };
    return new RetryLoad(graph, components, waitScales, timed, base, planned);
  }

  /**
   * The least retry fixed point at load factor s: the plan's passes (q_{n+1} = f + (1 − f)·
   * P(R > timeout | the load the attempts at q_n send)), climbing from the failure rates alone,
   * each callee's queue solved at its own load with the units held.
   */
  at(s: number): RetryPoint {
    if (s === 1 && this.planned !== null) return this.planned;
    let start: (typeof this.known)[number] | null = null;
    for (const k of this.known) if (k.point.scale <= s) start = k;
    if (start !== null && start.point.scale === s) return start.point;
    if (this.exhausted) return this.storm(s);
    try {
      return this.solveAt(s, start);
    } catch (error) {
      if (error === SPENT) return this.storm(s);
      throw error;
    }
  }

  /** Whether the inversion budget ran out: loads solved since take the storm's amplification (a bound). */
  get exhausted(): boolean {
    return this.inversions >= INVERSION_BUDGET;
  }

  /** The storm's point at load s: every timed attempt failing (the most the retries can send). */
  private storm(s: number): RetryPoint {
    const failures = new Map(this.base);
    for (const e of this.timed) failures.set(edgeKey(e), 1);
    return { scale: s, factors: this.factorsAt(s, failures), failures, converged: true };
  }

  private solveAt(s: number, start: (typeof this.known)[number] | null): RetryPoint {
    let failures = new Map(start?.lower ?? this.base);
    let lower: ReadonlyMap<string, number> = failures;
    let factors = this.factorsAt(s, failures);
    let converged = false;
    let step = Infinity;
    for (let pass = 0; pass < MAX_PASSES; pass++) {
      const next = this.passAt(s, factors, failures);
      let largest = 0;
      for (const [key, q] of next) largest = Math.max(largest, q - (failures.get(key) ?? 0));
      if (!(largest > 1e-14)) {
        lower = failures;
        converged = true;
        break;
      }
      // Passes that shrink geometrically (ratio ρ) have about Δ·ρ/(1 − ρ) left to climb: twice that
      // ahead is a super-solution (every q at or above its next pass) when the fixed point is
      // there, and then the least fixed point lies between (G maps [q, q̄] into itself): the
      // passes' slow end skipped, the factors taken at q̄, a bound from above.
      const ratio = largest / step;
      step = largest;
      failures = next;
      factors = this.factorsAt(s, failures);
      if (ratio < 1 && pass >= 3 && largest < 1e-3) {
        const ahead = (2 * largest * ratio) / (1 - ratio) + 1e-12;
        const bar = new Map<string, number>();
        for (const [key, q] of failures) bar.set(key, this.timedKeys.has(key) ? Math.min(1, q + ahead) : q);
        const barFactors = this.factorsAt(s, bar);
        const check = this.passAt(s, barFactors, bar);
        let below = true;
        for (const [key, q] of check) if (q > bar.get(key)! + 1e-15) below = false;
        if (below) {
          // The least fixed point lies in [q, q̄]: halve the bracket, a midpoint at or above its
          // pass the new q̄ (a super-solution bounds the least fixed point from above), one
          // below it the new q (in [q, q̄] a sub-solution lies below the least fixed point),
          // to 1e-13; factors read at q̄.
          let lo: Map<string, number> = failures;
          let hi = bar;
          let hiFactors = barFactors;
          for (let k = 0; k < 60; k++) {
            let gap = 0;
            const mid = new Map(hi);
            for (const key of this.timedKeys) {
              gap = Math.max(gap, hi.get(key)! - lo.get(key)!);
              mid.set(key, (hi.get(key)! + lo.get(key)!) / 2);
            }
            if (!(gap > 1e-13)) break;
            const midFactors = this.factorsAt(s, mid);
            const g = this.passAt(s, midFactors, mid, false);
            let over = true;
            let under = true;
            for (const key of this.timedKeys) {
              if (g.get(key)! > mid.get(key)!) over = false;
              if (g.get(key)! < mid.get(key)!) under = false;
            }
            if (over) {
              hi = mid;
              hiFactors = midFactors;
            } else if (under) lo = mid;
            else break;
          }
          lower = lo;
          failures = hi;
          factors = hiFactors;
          converged = true;
          break;
        }
      }
    }
    const point: RetryPoint = { scale: s, factors, failures, converged };
    if (converged) this.remember(point, lower);
    return point;
  }

  /**
   * The least load factor at which component `name`'s load reaches `factor` × its planned load
   * (its arrival factor at the fixed point, s·A(s)/A(plan), is nondecreasing in s and jumps
   * where the fixed point ceases to exist): bisection to LOAD_TOLERANCE, the lower end returned
   * (the largest load found below it). Bracketed by the amplification of failures alone and of
   * every timed attempt failing.
   */
  scaleWhere(name: string, factor: number): number {
    if (!(factor > 0) || !Number.isFinite(factor)) return factor;
    const planned = this.components.get(name)?.amplification ?? 1;
    const least = amplify(this.graph, this.base).get(name) ?? 1;
    const all = new Map(this.base);
    for (const e of this.timed) all.set(edgeKey(e), 1);
    const most = amplify(this.graph, all).get(name) ?? 1;
    const reached = (s: number) => {
      const p = this.at(s);
      return !p.converged || (p.factors.get(name) ?? s) >= factor;
    };
    // First a continuous crossing, from the load the held amplification gives (s = factor): a
    // few fixed points, not the bisection's ~75 (each of up to thousands of passes, a sharp
    // callee's survival by the Fourier series in each: 98 s for one plan). It stands when the
    // fixed point exists just below it and is short of the factor there: the least fixed point
    // at a lower load lies below that one (G grows with the load) and its factor is no larger, so
    // no load below it reaches the factor either.
    const crossing = this.crossingFrom(name, factor, factor);
    if (crossing !== null && !reached(crossing * (1 - LOAD_TOLERANCE))) return crossing;
    let lo = ((factor * planned) / most) * (1 - 1e-9);
    let hi = ((factor * planned) / least) * (1 + 1e-9);
    while (reached(lo) && lo > 1e-300) lo /= 2;
    while (!reached(hi) && hi < 1e300) hi *= 2;
    while (hi - lo > LOAD_TOLERANCE * hi) {
      const mid = (lo + hi) / 2;
      if (reached(mid)) hi = mid;
      else lo = mid;
    }
    // A continuous crossing (no jump: the load at hi just reaches the factor) is solved exactly
    // by s ← factor·A(plan)/A(s), A varying slowly there: a call whose timeouts barely move
    // keeps the plan's figure to the last digit instead of the bisection's.
    const top = this.at(hi);
    if (top.converged && (top.factors.get(name) ?? hi) <= factor * (1 + 1e-3)) return this.crossingFrom(name, factor, hi) ?? lo;
    return lo;
  }

  /** The load where `name`'s factor is `factor`, by s ← s·factor/f(s) from `start`; null when a fixed point on the way does not settle, or the steps do not. */
  private crossingFrom(name: string, factor: number, start: number): number | null {
    let x = start;
    for (let k = 0; k < 50; k++) {
      const p = this.at(x);
      const f = p.factors.get(name) ?? x;
      if (!p.converged || !(f > 0)) return null;
      const next = (x * factor) / f;
      if (next === x || Math.abs(next - x) <= 1e-15 * x) return next;
      x = next;
    }
    return null;
  }

  /** One pass: every timed edge's retry probability with the callees' queues at these factors (the other edges' as given); `climb`: never below the one given (the passes from below). */
  private passAt(s: number, factors: ReadonlyMap<string, number>, failures: ReadonlyMap<string, number>, climb = true): Map<string, number> {
    let builder: PathBuilder | null = null;
    const next = new Map(failures);
    for (const e of this.timed) {
      let late = this.plainSurvival(e, factors.get(e.to) ?? s);
      if (late === null) {
        if (builder === null) {
          const view = new Map<string, PathComponent>();
          for (const name of this.affected) {
            const q = this.components.get(name)?.queue ?? null;
            view.set(name, { queue: q === null ? null : queueAt(q, factors.get(name) ?? s) });
          }
          builder = new PathBuilder(this.graph, view, failures, this.waitScales);
        }
        if (this.inversions >= INVERSION_BUDGET) throw SPENT;
        const found = checkedSurvival(builder.oneCall(e.to, e), e.timeoutS!);
        // The contour costs ~50 µs here; the series and the time domain (a sharp law) ~20 ms.
        this.inversions += found.inversion === 'series' || found.inversion === 'time-domain' ? SHARP_INVERSION : 1;
        late = found.survival;
      }
      const key = edgeKey(e);
      const q = Math.min(1, e.failureRate + (1 - e.failureRate) * late);
      next.set(key, climb ? Math.max(failures.get(key) ?? 0, q) : q);
    }
    return next;
  }

  /**
   * P(R > timeout) of one call to a callee that calls nothing, with an exponential wait and
   * service (M/M/c, GI/M/c) and no finite-caller factor on the edge: the closed form of
   * W + S's survival past the callee's fixed delay, as the path's inversion gives it to its own
   * precision; null for any other callee (then the path's law is inverted).
   */
  private plainSurvival(e: GraphEdge, factor: number): number | null {
    if ((this.graph.edges.get(e.to)?.length ?? 0) > 0 || this.waitScales.has(edgeKey(e))) return null;
    const planned = this.components.get(e.to)?.queue ?? null;
    if (planned === null || planned.byOperation || planned.holding || !isExponential({ branches: planned.service })) return null;
    const q = queueAt(planned, factor);
    if (q.wait === null) return 1;
    if (q.wait.kind !== 'exponential') return null;
    const t = e.timeoutS! - q.constantDelayS;
    if (t < 0) return 1;
    const c = q.wait.waitProbability;
    return waitPlusServiceSurvival(t, c, c > 0 ? q.wait.conditionalRate : Infinity, 1 / lawMean({ branches: q.service }));
  }

  /** Each component's arrival factor at load s with these failure probabilities: s × A(s) / A(plan). */
  private factorsAt(s: number, failures: ReadonlyMap<string, number>): Map<string, number> {
    const amp = amplify(this.graph, failures);
    const out = new Map<string, number>();
    for (const [name, a] of amp) out.set(name, (s * a) / (this.components.get(name)?.amplification ?? 1));
    return out;
  }

  /** Keeps a converged point, in load order (the most recent 64: a bisection or a sweep reads its neighbours). */
  private remember(point: RetryPoint, lower: ReadonlyMap<string, number>): void {
    let i = this.known.length;
    while (i > 0 && this.known[i - 1]!.point.scale > point.scale) i--;
    this.known.splice(i, 0, { point, lower });
    if (this.known.length > 64) this.known.splice(i === 0 ? this.known.length - 1 : 0, 1);
  }
}

const byPhase = new WeakMap<PhasePlan, RetryLoad | null>();

/** A planned phase's retry load (from its own queues, call graph and retry figures), built once per phase; null without a timed retry. */
export function retryLoadOf(phase: PhasePlan): RetryLoad | null {
  if (byPhase.has(phase)) return byPhase.get(phase)!;
  let out: RetryLoad | null = null;
  if (phase.components.some((c) => c.callGraph.some((k) => k.retries > 0 && k.timeout !== null))) {
    const graph = requestGraphOf(phase);
    const waitScales = new Map<string, number>();
    const failures = new Map<string, number>();
    for (const c of phase.components) {
      for (const k of c.callGraph) {
        const key = edgeKeyOf(c.name, k);
        if (k.waitScale !== 1 && !waitScales.has(key)) waitScales.set(key, k.waitScale);
        if (!failures.has(key) && k.retryProbability !== 0) failures.set(key, k.retryProbability);
      }
    }
    out = RetryLoad.of(graph, plannedComponents(phase.components), waitScales, failures, plannedTimeouts(phase.components));
  }
  byPhase.set(phase, out);
  return out;
}

/** Each planned call's probability of timing out at the peak, by edge key (RetryLoad.of leaves out the negligible ones). */
export function plannedTimeouts(components: readonly { name: string; callGraph: readonly CallPlan[] }[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of components) for (const k of c.callGraph) if (k.timeoutProbability !== null) out.set(edgeKeyOf(c.name, k), Math.max(out.get(edgeKeyOf(c.name, k)) ?? 0, k.timeoutProbability));
  return out;
}

/** What RetryLoad reads of planned components: each one's queue and the retry amplification it was planned with. */
export function plannedComponents(components: readonly { name: string; queue: QueueModel | null; detail: Record<string, unknown> }[]): Map<string, RetryLoadComponent> {
  return new Map(components.map((c) => [c.name, { queue: c.queue, amplification: (c.detail.retryAmplification as number | undefined) ?? 1 }]));
}
