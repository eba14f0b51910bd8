/**
 * analyse: the system view of one sized phase (DESIGN.md §3). The maximum sustainable user rate
 * is the least, over components, of what each carries at its target utilisation; that component
 * is the bottleneck. Headroom = max rate / peak rate; the breaking point is the same at 100 %.
 * The end-to-end p95 is the exact percentile of the sum of the response times along the request
 * path (its transform inverted: alternatives as mixtures, repeated visits correlated), shown
 * beside the budget sum Σ visits × p95; calls that time out below the callee's p95 are flagged.
 */
import { availabilityViolations } from './availability.js';
import { MAX_SHIFT_GROUPS, pathLatency, type Inversion } from '../model/path-latency.js';
import { GRID_CELLS } from '../model/path-parallel.js';
import { lawScv } from '../model/service-law.js';
import type { ResolvedPhase } from '../profile/load.js';
import { formatDuration, formatDurationToward, formatNumber, formatPercent } from '../units/format.js';
import { SECONDS_PER_DAY } from './derive.js';
import { timedEdges, type LayeredSizing } from './layers.js';
import { plannedComponents, plannedTimeouts, RetryLoad } from './retry-load.js';
import { latencyCulprit, type LatencyCulprit } from './latency-culprit.js';
import { PathBuilder } from './path-model.js';
import { unloadedPathPercentileS } from './unloaded-path.js';
import type { RequestGraph } from './request-graph.js';
import type { CallPlan, ComponentPlan, ComponentSettingsPlan, SizedComponent, SystemPlan, Violation } from './types.js';

/** System figures and cross-component violations of one phase. */
export function analyseSystem(
  phase: ResolvedPhase,
  /** Completed in place into the phase's ComponentPlans (solve builds them for this phase alone). */
  sized: (SizedComponent & ComponentSettingsPlan)[],
  graph: RequestGraph,
  layers: LayeredSizing,
  percentile: number,
  /** false: the latency model's explanation is left empty (SolveOptions.figuresOnly and .explanations). */
  explanations = true,
): { system: SystemPlan; violations: Violation[]; components: ComponentPlan[] } {
  const w = phase.workload;
  const sessionsAt = (rps: number) => (w.requestsPerSession !== null ? (rps * SECONDS_PER_DAY) / (w.requestsPerSession * w.peakFactor) : null);
  // The two figures are added to each component in place, not to a copy: copying its forty-odd
  // keys cost about a microsecond and as much garbage as the plan keeps, per component and phase.
  // Set key by key: Object.assign from a literal made that literal too, per component and phase.
  const components = sized as ComponentPlan[];
  // Each callee's breaking point with the retries' amplification held at the peak's: what the storm test compares a storm's load with.
  const { planned: plannedBreaking, bounded: retryBounded } = retryAwareRates(components, graph, layers, w.peakRps);
  let bottleneck = components[0]!;
  let breaking = Infinity;
  const byName = new Map<string, ComponentPlan>();
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    c.maxSessionsPerDay = sessionsAt(c.maxRps);
    c.breakingSessionsPerDay = sessionsAt(c.breakingRps);
    if (c.maxRps < bottleneck.maxRps) bottleneck = c;
    breaking = Math.min(breaking, c.breakingRps);
    byName.set(c.name, c);
  }
  const maxRps = bottleneck.maxRps;
  const headroom = w.peakRps > 0 ? maxRps / w.peakRps : Infinity;
  const maxSessionsPerDay = sessionsAt(maxRps);

  const onPath = graph.order.map((n) => byName.get(n)!).filter((c) => c.queue !== null && c.visits > 0);
  const latencyBudgetSum = onPath.reduce((s, c) => s + c.visits * (c.latencyP95 ?? 0), 0);
  const builder = new PathBuilder(graph, byName, layers.failures, layers.waitScales);
  const model = builder.endToEnd();
  const end = onPath.length ? pathLatency(model, percentile) : { percentileS: 0, meanS: 0, method: 'exact' as const, inversion: 'contour' as const, groups: 1 };
  const latencyP95 = end.percentileS;
  const pLabel = `p${Math.round(percentile * 100)}`;
  const latencyNotes =
    end.forkJoin === 'sum'
      ? [`phase ${phase.name}: the request path's parallel calls did not settle within the horizon of their composed law, so the end-to-end ${pLabel} shown is an upper bound: each parallel entry's members summed (the slowest member never takes longer than all of them)`]
      : end.inversion === 'cantelli'
      ? [`phase ${phase.name}: the request path's time is too sharp to invert (near-deterministic stages beside much slower ones), so the end-to-end ${pLabel} shown is an upper bound, m + σ·√(p/(1 − p)) (Cantelli's inequality)`]
      : end.method === 'bound'
      ? [`phase ${phase.name}: the request path has more than ${MAX_SHIFT_GROUPS} combinations of constant delays, so the end-to-end ${pLabel} shown is an upper bound, q(C) + D_max (the path's ${pLabel} without its fixed delays, plus the largest total delay)`]
      : [];
  for (let i = 0; i < layers.edges.length; i++) {
    const f = layers.edges[i]!;
    if (f.inversion === 'cantelli') latencyNotes.push(`phase ${phase.name}: one call ${f.edge.from} → ${f.edge.to} takes a time too sharp to invert (near-deterministic stages beside much slower ones), so its timeout probability and ${pLabel} are upper bounds by Cantelli's inequality (σ²/(σ² + (t − m)²), m + σ·√(p/(1 − p))), and so are the retries they drive`);
  }
  if (end.forkJoin === 'max') {
    latencyNotes.push(`phase ${phase.name}: ${builder.forks === 1 ? 'a parallel calls entry takes' : `${builder.forks} parallel calls entries take`} the slowest member's time, not the sum: the members' CDFs multiplied (independent branches), the rest of the path convolved with it on a ${formatNumber(GRID_CELLS)}-cell grid`);
  }
  for (const note of new Set(builder.forkNotes)) latencyNotes.push(`phase ${phase.name}: ${note}`);
  if (retryBounded.length) {
    latencyNotes.push(`phase ${phase.name}: the retry fixed point below a timed retry would take too many path inversions to search (a near-deterministic callee), so the breaking point and max sustainable rate of ${retryBounded.join(', ')} take every retried attempt timing out: lower bounds, not the exact rates`);
  }
  if (builder.flattened && [...graph.edges.values()].some((es) => es.some((e) => e.member !== null))) {
    latencyNotes.push(`phase ${phase.name}: taken flat, the path sums the members of its parallel calls: an upper bound on the slowest`);
  }
  if (builder.flattened) {
    latencyNotes.push(`phase ${phase.name}: the calls reach shared components along too many paths to expand; the end-to-end ${pLabel} takes each component once with all its visits (no alternatives, no per-call retries)`);
  }

  // A loop, not flatMap: most components have none, and flatMap's copy was ~0.4 µs a component (5,000 × 20: 43 ms).
  const violations: Violation[] = [];
  for (let i = 0; i < components.length; i++) {
    const own = components[i]!.violations;
    for (let j = 0; j < own.length; j++) violations.push(own[j]!);
  }
  violations.push(...timeoutViolations(components, percentile, w.peakRps, byName, plannedBreaking));
  violations.push(...availabilityViolations(components, phase.targets.availability ?? null, phase.regions ?? null));
  const target = phase.targets.latencyP95;
  if (target !== null && latencyP95 > target) {
    const saturated = onPath.filter((c) => !Number.isFinite(c.latencyP95 ?? 0));
    // A target below the path's time with no load at all: no replica count reaches it, and a remedy that adds replicas misleads.
    const unloadedS = saturated.length ? 0 : unloadedPathPercentileS(graph, byName, percentile, onPath.length, model);
    const unreachable = unloadedS > target;
    const culprit = saturated.length ? null : latencyCulprit(onPath, graph, byName, layers, percentile, latencyP95, model);
    violations.push({
      component: null,
      kind: 'latency',
      message: saturated.length
        ? `end-to-end ${pLabel} is unbounded: ${saturated.map((c) => c.name).join(', ')} ${saturated.length === 1 ? 'is' : 'are'} saturated at peak (target ${formatDuration(target)})`
        : `end-to-end ${pLabel} ${formatDuration(latencyP95)} exceeds the target ${formatDuration(target)}`,
      remedy: saturated.length
        ? 'resolve the saturated components’ violations first'
        : culprit
          ? latencyRemedy(culprit, pLabel, latencyP95, target, unreachable ? unloadedS : null)
          : unreachable
            ? `${unreachableHead(pLabel, unloadedS, target)}: shorten the request path, or raise targets.latencyP95`
            : 'shorten the request path',
      path: 'targets.latencyP95',
    });
  }
  const pools = connectionPools(graph, components, byName);
  violations.push(...pools.violations);
  if (pools.totals.size > 0) {
    // In place, like the figures above: a copy of the component's forty-odd keys was a slow dictionary-mode object. Its detail may be shared with another component's (share-sizing.ts): replaced, not changed.
    for (const [name, total] of pools.totals) {
      const c = byName.get(name)!;
      c.detail = { ...c.detail, pooledConnections: total };
    }
  }
  return {
    system: {
      maxRps,
      breakingRps: breaking,
      headroom,
      // No component limits the rate (each carries no load per user request): none is named.
      bottleneck: Number.isFinite(bottleneck.maxRps) ? bottleneck.name : null,
      maxSessionsPerDay,
      breakingSessionsPerDay: sessionsAt(breaking),
      latencyP95,
      latencyBudgetSum,
      latencyMean: end.meanS,
      latencyTarget: target,
      path: graph.order.slice(),
      latencyMethod: end.method,
      latencyModel: !explanations ? [] : pathExplanation(end, components, graph, layers, pLabel),
      latencyNotes,
    },
    violations,
    components,
  };
}

/**
 * What the attempt count leaves out: it takes the attempts of a call as independent (each times
 * out with the same probability), but a retry sent at the timeout finds the callee still serving
 * the attempt it gives up on, often queues behind it, and times out in turn. The seeded
 * simulation of a 1 ms timeout against a 1.7 ms p95 with 3 retries failed 10.8 % of requests
 * where independent attempts would fail 0.2 % (test/plan/retry-storm.test.ts); api's figures
 * stayed within a few per cent of the plan's, db's wait (p95 4.5 ms against 1.7) did not. The
 * violation says so and names the command that measures it.
 */
const together = (callee: string) => `. Retries also fail together: one sent at the timeout queues behind the attempt it gives up on, which ${callee} still serves, so far more calls fail than independent attempts would (\`capplan simulate\` counts them)`;

/**
 * Where retries amplify the load on a timeout, each component's max sustainable rate and
 * breaking point are the least user rates at which its load at the retry fixed point reaches
 * them (retry-load.ts: the amplification recomputed at each load, the units held), not the
 * rates at the peak's amplification: where the fixed point ceases to exist the callee jumps to
 * the storm's load. Set in place; returns each changed component's breaking point at the peak's
 * amplification (the storm test's reference). Nothing runs without a retried call with a timeout.
 */
function retryAwareRates(components: readonly ComponentPlan[], graph: RequestGraph, layers: LayeredSizing, peakRps: number): { planned: Map<string, number>; bounded: string[] } {
  const planned = new Map<string, number>();
  const bounded: string[] = [];
  if (!(peakRps > 0) || timedEdges(graph).length === 0) return { planned, bounded };
  const load = RetryLoad.of(graph, plannedComponents(components), layers.waitScales, null, plannedTimeouts(components));
  if (load === null) return { planned, bounded };
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    if (!load.affected.has(c.name)) continue;
    planned.set(c.name, c.breakingRps);
    if (Number.isFinite(c.breakingRps) && c.breakingRps > 0) c.breakingRps = peakRps * load.scaleWhere(c.name, c.breakingRps / peakRps);
    if (Number.isFinite(c.maxRps) && c.maxRps > 0) c.maxRps = Math.min(c.breakingRps, peakRps * load.scaleWhere(c.name, c.maxRps / peakRps));
    // Its search ran out of the inversion budget (retry-load.ts): some loads took the storm's
    // amplification, so its rates are bounds from below.
    if (load.exhausted) bounded.push(c.name);
  }
  return { planned, bounded };
}

/**
 * A call whose timeout is below the callee's p95 times out often; with retries, it multiplies the
 * load (a retry storm). A retried call whose timeout is above the p95 is a violation too where a
 * storm on it would sustain itself at the peak (stormOutcome): the system then has a second,
 * collapsed state at the planned load, whatever the timeout, since a callee past its breaking
 * point queues until every attempt times out (the findings' retry.yaml: 150 ms against a p95 of
 * 127 ms, 38 % of requests failed in some of `simulate`'s replications).
 */
function timeoutViolations(components: readonly ComponentPlan[], percentile: number, peakRps: number, byName: ReadonlyMap<string, ComponentPlan>, plannedBreaking: ReadonlyMap<string, number>): Violation[] {
  const out: Violation[] = [];
  const pLabel = `p${Math.round(percentile * 100)}`;
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    for (let j = 0; j < c.callGraph.length; j++) {
      const call = c.callGraph[j]!;
      if (call.timeout === null || call.callP95 === null) continue;
      const late = call.timeoutProbability ?? 0;
      const breaking = plannedBreaking.get(call.to) ?? byName.get(call.to)?.breakingRps ?? NaN;
      if (!(call.callP95 > call.timeout)) {
        const outcome = call.retries > 0 ? stormOutcome(c, call, byName.get(call.to), peakRps, breaking) : null;
        if (outcome === null || !outcome.sustains) continue;
        out.push({
          component: c.name,
          kind: 'timeout',
          message: `calls to ${call.to} time out after ${formatDuration(call.timeout)}, above their ${pLabel} of ${formatDuration(call.callP95)}, yet ${formatPercent(late)} of attempts time out and each is retried (${call.retries} ${call.retries === 1 ? 'retry' : 'retries'}, ${formatNumber(call.expectedAttempts)} attempts a call)${outcome.text}`,
          remedy: `give ${call.to} the capacity to carry the storm (${formatNumber(outcome.load)}× what it has), or cap the retries (fewer attempts, a retry budget, backoff with jitter) so that every attempt timing out stays under ${call.to}'s breaking point`,
          path: `${c.path}.calls[${call.entry}]`,
        });
        continue;
      }
      const storm = call.retries > 0 ? `; with ${call.retries} ${call.retries === 1 ? 'retry' : 'retries'} each call makes ${formatNumber(call.expectedAttempts)} attempts, multiplying the load on ${call.to} and everything it calls: a retry storm risk${stormOutcome(c, call, byName.get(call.to), peakRps, breaking)?.text ?? ''}${together(call.to)}` : '';
      out.push({
        component: c.name,
        kind: 'timeout',
        message: `calls to ${call.to} time out after ${formatDuration(call.timeout)}, below their ${pLabel} of ${formatDuration(call.callP95)}: ${formatPercent(late)} of attempts time out${storm}`,
        remedy: Number.isFinite(call.callP95)
          ? `raise the timeout to at least ${formatDurationToward(call.callP95, 'up')}, size ${call.to} by latency (give it a latencyP95 budget), or retry with backoff and fewer attempts`
          : `${call.to} is saturated (its queue grows without bound, so no timeout is long enough): give it the capacity its violations ask for first`,
        path: `${c.path}.calls[${call.entry}]`,
      });
    }
  }
  return out;
}

/**
 * Whether a retry storm on this call would drain or sustain itself. The plan's retries are a
 * fixed point: q of the attempts fail or time out, and a call makes E = Σ_{k=0..r} q^k attempts.
 * A burst or a slow callee can tip it to the other one, where every attempt times out and a call
 * makes r + 1: the callee's load from this call grows by (r + 1)/E, its whole load by
 * F = 1 + s·((r + 1)/E − 1) (s: this call's share of its visits). Where F × the peak rate passes
 * the callee's breaking point, its queue grows while every attempt times out, and the storm
 * sustains itself (a metastable failure: Bronson et al., "Metastable failures in distributed
 * systems", HotOS 2021); below it, the queue drains and the timeouts stop. `simulate` shows both
 * (test/plan/retry-storm.test.ts).
 */
function stormOutcome(caller: ComponentPlan, call: CallPlan, callee: ComponentPlan | undefined, peakRps: number, breakingRps: number): { text: string; sustains: boolean; load: number } | null {
  if (callee === undefined || !(callee.visits > 0) || !(call.expectedAttempts > 0) || !(peakRps > 0) || !(breakingRps > 0) || !Number.isFinite(breakingRps)) return null;
  const attempts = call.retries + 1;
  const share = Math.min(1, (caller.visits * call.callsPerVisit * call.expectedAttempts) / callee.visits);
  const factor = 1 + share * (attempts / call.expectedAttempts - 1);
  const load = (factor * peakRps) / breakingRps;
  const every = `; were every attempt to time out (a burst, a slow ${call.to}), each call would make ${attempts} attempts and ${call.to} would take ${formatNumber(factor)}× its planned load`;
  return load > 1
    ? { text: `${every}, ${formatNumber(load)}× its breaking point: once started, the storm would sustain itself (metastable)`, sustains: true, load }
    : { text: `${every}, ${formatPercent(load)} of its breaking point: such a storm would drain`, sustains: false, load };
}

/** The --explain lines of the end-to-end figure: how the path was combined, which model each part uses. */
/** How the end-to-end percentile was found, as --explain says it (a bound has its own line). */
const PATH_METHOD: Record<Exclude<Inversion, 'cantelli'>, string> = {
  contour: 'by numerical inversion of its Laplace transform (Talbot contour)',
  series: 'by numerical inversion of its Laplace transform (Fourier series: too sharp for the Talbot contour)',
  'time-domain': "from its law in the time domain (one visit's wait and service convolved on a grid: too sharp to invert its Laplace transform)",
};

/** How one call's timeout probability and percentile were found, where not on the Talbot contour. */
const CALL_METHOD: Record<Exclude<Inversion, 'contour'>, string> = {
  series: 'the Fourier series (too sharp for the Talbot contour)',
  'time-domain': "its law in the time domain (one visit's wait and service convolved on a grid: too sharp to invert its Laplace transform)",
  cantelli: "Cantelli's upper bound (too sharp for numerical inversion)",
};

function pathExplanation(
  end: { method: 'exact' | 'bound'; inversion: Inversion; groups: number | null; forkJoin?: 'max' | 'sum' },
  components: readonly ComponentPlan[],
  graph: RequestGraph,
  layers: LayeredSizing,
  pLabel: string,
): string[] {
  const lines = [
    end.forkJoin === 'max'
      ? `end-to-end ${pLabel}: the percentile of the whole path's time, each parallel calls entry the slowest of its members (their CDFs multiplied), composed with the rest of the path in the time domain (the parts without parallel calls by numerical inversion of their Laplace transforms), not a sum of percentiles`
      : end.forkJoin === 'sum'
      ? `end-to-end ${pLabel}: an upper bound, each parallel calls entry's members summed (their composed law did not reach the ${pLabel} within its horizon)`
      : end.groups === null && end.method === 'exact'
      ? `end-to-end ${pLabel}: unbounded, a component on the path is saturated`
      : end.inversion === 'cantelli'
        ? `end-to-end ${pLabel}: an upper bound m + σ·√(p/(1 − p)) (Cantelli): the path's law is too sharp for numerical inversion`
        : end.method === 'exact'
          ? `end-to-end ${pLabel}: the percentile of the whole path's time, ${PATH_METHOD[end.inversion]} over ${end.groups} constant-delay group${end.groups === 1 ? '' : 's'}, not a sum of percentiles`
          : `end-to-end ${pLabel}: an upper bound q(C) + D_max (more than ${MAX_SHIFT_GROUPS} combinations of constant delays)`,
  ];
  for (const c of components) {
    // A oneOf is an entry, or one member of a parallel entry.
    const keyOf = (e: CallPlan) => `${e.entry}:${e.member ?? ''}`;
    const groups = [...new Set(c.callGraph.filter((e) => e.alternative).map(keyOf))];
    for (const g of groups) {
      const alts = c.callGraph.filter((e) => keyOf(e) === g);
      const rest = 1 - alts.reduce((s, e) => s + e.probability, 0);
      lines.push(`alternatives: each visit of ${c.name} calls one of ${alts.map((e) => `${e.to} (${formatPercent(e.probability)})`).join(', ')}${rest > 1e-9 ? `, or none (${formatPercent(rest)})` : ''}: the path is their mixture`);
    }
    for (const g of [...new Set(c.callGraph.filter((e) => e.member !== undefined).map((e) => e.entry))]) {
      const members = c.callGraph.filter((e) => e.entry === g && e.member !== undefined);
      const shown = [...new Set(members.map((e) => e.member))].map((j) => members.filter((e) => e.member === j).map((e) => e.to).join(' or '));
      if (shown.length < 2) continue;
      lines.push(`parallel: each visit of ${c.name} calls ${shown.join(', ')} at once: the path takes the slowest (the max of independent members), not their sum`);
    }
  }
  const byName = new Map(components.map((c) => [c.name, c]));
  for (const name of graph.order) {
    const c = byName.get(name)!;
    const q = c.queue;
    if (!q || c.visits <= 1 + 1e-12 || q.utilization <= 0 || q.wait === null) continue;
    const scv = lawScv({ branches: q.service });
    const same = q.sameQueue === 1 ? '' : `${formatNumber(q.sameQueue)} × `;
    lines.push(
      `repeated visits: ${name} ${formatNumber(c.visits)} per request; consecutive visits' waits are correlated, the customers ahead of a visit coming back behind it (Cov = ${q.sameQueue === 1 ? '' : 'a × '}r^|i−j| × Var(${q.servers === 1 ? 'T' : 'W'}), r = ρ + ${same}p × (1 − ρ), ρ = ${formatPercent(q.utilization)}, p the share of them with visits left${q.sameQueue === 1 ? '' : `, a = ${same.length ? `${formatNumber(q.sameQueue)} + ${formatNumber(1 - q.sameQueue)} × ${formatNumber(q.sameQueue)} × p` : ''}`}), modelled as a mixture of independent and repeated waits${Math.abs(scv - 1) > 1e-9 ? `; a returning visit waits whole services (c² = ${formatNumber(scv)}), not a residual one` : ''}`,
    );
  }
  for (const f of layers.edges) {
    if (f.expectedAttempts > 1 + 1e-9) {
      lines.push(`retries: ${f.edge.from} → ${f.edge.to} retried with probability ${formatPercent(f.retryProbability)}${f.timeoutProbability !== null ? ` (${formatPercent(f.timeoutProbability)} outlast the ${formatDuration(f.edge.timeoutS ?? 0)} timeout)` : ''}: ${formatNumber(f.expectedAttempts)} attempts per call, each counted as a full visit`);
    }
  }
  for (const f of layers.edges) {
    if (f.inversion !== 'contour') lines.push(`call ${f.edge.from} → ${f.edge.to}: its timeout probability and ${pLabel} by ${CALL_METHOD[f.inversion]}`);
  }
  const layered = layers.edges.some((f) => f.edge.blocking || (f.edge.retries > 0 && f.edge.timeoutS !== null));
  if (layered) lines.push(`layers solved callees first; the fixed point (blocking callers' threads, timed-out retries) took ${layers.passes} pass${layers.passes === 1 ? '' : 'es'}`);
  return lines;
}

/**
 * Callers' pools against a database's nodes. Each calling replica holds poolSize connections to
 * every node it queries (a pool per host), so each node sees P = Σ replicas × poolSize: P must fit
 * within max_connections, and P must hold the busy connections of the busiest node,
 * L = λ_node × R_node (Little's law, the database's `connectionsInUse`), or queries wait for a
 * free connection in the callers, a wait the plan's latency leaves out.
 */
function connectionPools(graph: RequestGraph, components: readonly ComponentPlan[], byName: ReadonlyMap<string, ComponentPlan>): { violations: Violation[]; totals: Map<string, number> } {
  const out: Violation[] = [];
  const totals = new Map<string, number>();
  // A component's callers, in profile order (the graph's incoming edges are; a caller naming it twice counts once).
  const callersOfDb = (name: string): ComponentPlan[] => {
    const list: ComponentPlan[] = [];
    let last: string | null = null;
    for (const e of graph.callers.get(name) ?? []) {
      if (e.from === last) continue;
      last = e.from;
      list.push(byName.get(e.from)!);
    }
    return list;
  };
  for (let i = 0; i < components.length; i++) {
    const db = components[i]!;
    // The kind first: reading `detail` (a record of a different shape for every kind) of every component cost more than the check.
    if (db.kind !== 'database') continue;
    const pool = db.detail.poolSize as number | undefined;
    if (pool === undefined) continue;
    const callers = callersOfDb(db.name);
    const total = callers.reduce((s, c) => s + c.replicas * pool, 0);
    const max = db.detail.maxConnections as number;
    totals.set(db.name, total);
    // A caller whose threads block on the database needs a connection for every thread that can be waiting on it.
    for (const c of callers) {
      const threads = c.detail.workersPerReplica as number | undefined;
      if (threads !== undefined && threads > pool && c.callGraph.some((e) => e.to === db.name && e.blocking)) {
        c.notes.push(`poolSize ${pool} < ${threads} workers per replica: threads blocked on ${db.name} wait for a connection besides the database; a pool of ${threads} matches the threads`);
      }
    }
    if (total > max) {
      out.push({
        component: db.name,
        kind: 'connections',
        message: `${callers.map((c) => `${c.name} ${c.replicas} × ${pool}`).join(' + ')} = ${total} pooled connections exceed max_connections ${max}`,
        remedy: `put PgBouncer (transaction pooling) between them, lower poolSize to ${Math.max(1, Math.floor(max / Math.max(1, callers.reduce((s, c) => s + c.replicas, 0))))}, or raise maxConnections`,
        path: `${db.path}.poolSize`,
      });
    }
    const busy = db.detail.connectionsInUse as number;
    const replicas = callers.reduce((s, c) => s + c.replicas, 0);
    if (callers.length > 0 && Number.isFinite(busy) && busy > total) {
      const node = db.detail.connectionsNode === 'replica' ? 'each read replica' : 'the primary';
      const need = Math.ceil(busy / replicas);
      out.push({
        component: db.name,
        kind: 'connections',
        message: `${callers.map((c) => `${c.name} ${c.replicas} × ${pool}`).join(' + ')} = ${total} pooled connections are fewer than the ${formatNumber(busy)} busy at peak on ${node} (λ × R, Little’s law): queries wait for a free connection, which the plan’s latency leaves out`,
        remedy: need * replicas <= max
          ? `raise poolSize to ${need} (${replicas} × ${need} = ${need * replicas} ≤ max_connections ${max})`
          : `raise poolSize to ${need}, which needs max_connections ≥ ${need * replicas}: raise it, or lower the busy connections per node (more read replicas, shorter queries)`,
        path: `${db.path}.poolSize`,
      });
    }
  }
  return { violations: out, totals };
}

/** How the remedy of a target below the unloaded path's percentile starts: no sizing reaches it. */
function unreachableHead(pLabel: string, unloadedS: number, target: number): string {
  return `unreachable: even unloaded (no waits, no retries) the end-to-end ${pLabel} is ${formatDurationToward(unloadedS, 'up')} > target ${formatDuration(target)}, so no replica count or latency budget reaches it`;
}

/**
 * The remedy of an end-to-end latency violation: the component whose time sets the percentile
 * most, and what would shorten it. With `unloadedS` (the path's percentile with no load, above the
 * target) adding replicas or a budget cannot help, and the remedy says so and offers neither.
 */
function latencyRemedy({ component: c, withoutS }: LatencyCulprit, pLabel: string, endS: number, target: number, unloadedS: number | null): string {
  const p95 = c.latencyP95 ?? 0;
  const unreachable = unloadedS === null ? '' : `${unreachableHead(pLabel, unloadedS, target)}; `;
  // No component's time makes a tenth of the excess: the time is the path's length, not one part.
  if (withoutS > target && endS - withoutS < 0.1 * (endS - target)) {
    return `${unreachable}the time is spread over the path: without its largest share, ${c.name} (${formatNumber(c.visits)} × ${formatDuration(p95)}), the end-to-end ${pLabel} is still ${formatDuration(withoutS)}; shorten the path (fewer calls in sequence, calls made asynchronous)${unloadedS === null ? ' or give its components latencyP95 budgets' : ', cut its components\' service times, or raise targets.latencyP95'}`;
  }
  const head = `the largest share is ${c.name} (${formatNumber(c.visits)} × ${formatDuration(p95)}; the end-to-end ${pLabel} is ${formatDuration(withoutS)} without it)`;
  const delay = c.queue?.constantDelayS ?? 0;
  if (delay > 0 && delay >= p95 / 2) return `${unreachable}${head}: most of its time is a fixed delay of ${formatDuration(delay)} that no replica count shortens: take the call off the request path (make it asynchronous), cache its answers, or shorten the delay`;
  if (unloadedS !== null) return `${unreachable}${head}: cut its service time (${formatDuration(c.queue ? 1 / c.queue.serviceRate : 0)} mean), take it off the request path, or raise targets.latencyP95`;
  return `${head}: give it a latencyP95 budget so it is sized by latency, add replicas, or cut its service time`;
}
