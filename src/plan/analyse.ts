/**
 * analyse: the system view of one sized phase (DESIGN.md §3). The maximum sustainable user rate
 * is the least, over components, of what each carries at its target utilisation; that component
 * is the bottleneck. Headroom = max rate / peak rate; the breaking point is the same at 100 %.
 * The end-to-end p95 is the exact percentile of the sum of the response times along the request
 * path (phase-type convolution), shown beside the budget sum Σ visits × p95.
 */
import { pathMeanResponseTime, pathResponseTimePercentile, type PathStage } from '../model/path-latency.js';
import type { ResolvedPhase } from '../profile/load.js';
import { formatDuration, formatNumber } from '../units/format.js';
import { SECONDS_PER_DAY } from './derive.js';
import type { ComponentPlan, ComponentSettingsPlan, SizedComponent, SystemPlan, Violation } from './types.js';

/** The request path of a phase: which components a user request passes through, in order. */
export function requestPath(phase: ResolvedPhase): { order: string[]; notes: string[] } {
  const comps = phase.components;
  const isAsync = (s: { kind: string; async?: boolean }) => s.async ?? s.kind === 'worker';
  const declared = comps.some((c) => ((c.settings as { calls?: string[] }).calls ?? []).length > 0);
  if (!declared) {
    return {
      order: comps.filter((c) => !isAsync(c.settings as { kind: string; async?: boolean })).map((c) => c.name),
      notes: ['no component declares calls: the request path is taken to be every synchronous component in profile order (workers are off the path); add calls: to describe it'],
    };
  }
  const callees = new Set(comps.flatMap((c) => (c.settings as { calls?: string[] }).calls ?? []));
  const byName = new Map(comps.map((c) => [c.name, c]));
  const entries = comps.filter((c) => !callees.has(c.name) && !isAsync(c.settings as { kind: string; async?: boolean }));
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    seen.add(name);
    const c = byName.get(name);
    if (!c || isAsync(c.settings as { kind: string; async?: boolean })) return;
    order.push(name);
    for (const m of (c.settings as { calls?: string[] }).calls ?? []) visit(m);
  };
  for (const e of entries) visit(e.name);
  return { order, notes: [] };
}

/** System figures and cross-component violations of one phase. */
export function analyseSystem(
  phase: ResolvedPhase,
  sized: readonly (SizedComponent & ComponentSettingsPlan)[],
  path: readonly string[],
  percentile: number,
): { system: SystemPlan; violations: Violation[]; components: ComponentPlan[] } {
  const w = phase.workload;
  const sessionsAt = (rps: number) => (w.requestsPerSession !== null ? (rps * SECONDS_PER_DAY) / (w.requestsPerSession * w.peakFactor) : null);
  const components: ComponentPlan[] = sized.map((c) => ({ ...c, maxSessionsPerDay: sessionsAt(c.maxRps), breakingSessionsPerDay: sessionsAt(c.breakingRps) }));
  let bottleneck = components[0]!;
  for (const c of components) if (c.maxRps < bottleneck.maxRps) bottleneck = c;
  const breaking = Math.min(...components.map((c) => c.breakingRps));
  const maxRps = bottleneck.maxRps;
  const headroom = w.peakRps > 0 ? maxRps / w.peakRps : Infinity;
  const maxSessionsPerDay = sessionsAt(maxRps);

  const onPath = queuedOnPath(components, path);
  const stages = pathStages(onPath);
  const latencyBudgetSum = onPath.reduce((s, c) => s + c.visits * (c.latencyP95 ?? 0), 0);
  const latencyP95 = stages.length ? exactOrBudget(stages, percentile, latencyBudgetSum) : 0;
  const latencyMean = stages.length ? pathMeanResponseTime(stages) : 0;

  const violations: Violation[] = components.flatMap((c) => c.violations);
  const target = phase.targets.latencyP95;
  if (target !== null && latencyP95 > target) {
    const saturated = onPath.filter((c) => !Number.isFinite(c.latencyP95 ?? 0));
    const worst = [...onPath].sort((a, b) => b.visits * (b.latencyP95 ?? 0) - a.visits * (a.latencyP95 ?? 0))[0];
    violations.push({
      component: null,
      kind: 'latency',
      message: saturated.length
        ? `end-to-end p${Math.round(percentile * 100)} is unbounded: ${saturated.map((c) => c.name).join(', ')} ${saturated.length === 1 ? 'is' : 'are'} saturated at peak (target ${formatDuration(target)})`
        : `end-to-end p${Math.round(percentile * 100)} ${formatDuration(latencyP95)} exceeds the target ${formatDuration(target)}`,
      remedy: saturated.length
        ? 'resolve the saturated components’ violations first'
        : worst
          ? `the largest share is ${worst.name} (${formatNumber(worst.visits)} × ${formatDuration(worst.latencyP95 ?? 0)}): give it a latencyP95 budget so it is sized by latency, add replicas, or cut its service time`
          : 'shorten the request path',
      path: 'targets.latencyP95',
    });
  }
  const pools = connectionPools(phase, components);
  violations.push(...pools.violations);
  if (pools.totals.size > 0) {
    const indexOf = new Map(components.map((c, i) => [c.name, i]));
    for (const [name, total] of pools.totals) {
      const i = indexOf.get(name)!;
      components[i] = { ...components[i]!, detail: { ...components[i]!.detail, pooledConnections: total } };
    }
  }
  return {
    system: {
      maxRps,
      breakingRps: breaking,
      headroom,
      bottleneck: bottleneck.name,
      maxSessionsPerDay,
      breakingSessionsPerDay: sessionsAt(breaking),
      latencyP95,
      latencyBudgetSum,
      latencyMean,
      latencyTarget: target,
      path: [...path],
    },
    violations,
    components,
  };
}

/** The components of the request path that are queues with visits, in path order. */
export function queuedOnPath<C extends Pick<ComponentPlan, 'name' | 'queue' | 'visits'>>(components: readonly C[], path: readonly string[]): C[] {
  const byName = new Map<string, C>();
  for (const c of components) if (!byName.has(c.name)) byName.set(c.name, c);
  return path.map((n) => byName.get(n)!).filter((c) => c.queue !== null && c.visits > 0);
}

/** The path-latency stages of queued components: each one's M/M/c queue and visits per request. */
export function pathStages(onPath: readonly Pick<ComponentPlan, 'queue' | 'visits'>[]): PathStage[] {
  return onPath.map((c) => ({
    servers: c.queue!.servers,
    arrivalRate: c.queue!.arrivalRate,
    serviceRate: c.queue!.serviceRate,
    visits: c.visits,
    constantDelayS: c.queue!.constantDelayS,
  }));
}

/**
 * The exact path percentile; when a path has too many fractionally visited stages with distinct
 * fixed delays for the exact method (over 4,096 delay combinations), the budget sum stands in.
 */
export function exactOrBudget(stages: readonly PathStage[], percentile: number, budgetSum: number | (() => number), guessS?: number): number {
  try {
    return pathResponseTimePercentile(stages, percentile, guessS);
  } catch (error) {
    if (error instanceof RangeError) return typeof budgetSum === 'number' ? budgetSum : budgetSum();
    throw error;
  }
}

/** A database's max_connections must hold every caller replica's pool (Σ replicas × poolSize). */
function connectionPools(phase: ResolvedPhase, components: readonly ComponentPlan[]): { violations: Violation[]; totals: Map<string, number> } {
  const out: Violation[] = [];
  const totals = new Map<string, number>();
  // Each component's callers, in profile order (a caller naming it twice counts once).
  let callersOf: Map<string, ComponentPlan[]> | undefined;
  const callersOfDb = (name: string): ComponentPlan[] => {
    if (!callersOf) {
      callersOf = new Map();
      const byName = new Map(components.map((c) => [c.name, c]));
      for (const c of phase.components) {
        for (const callee of new Set((c.settings as { calls?: string[] }).calls ?? [])) {
          let list = callersOf.get(callee);
          if (!list) callersOf.set(callee, (list = []));
          list.push(byName.get(c.name)!);
        }
      }
    }
    return callersOf.get(name) ?? [];
  };
  for (const db of components) {
    const pool = db.detail.poolSize as number | undefined;
    if (db.kind !== 'database' || pool === undefined) continue;
    const callers = callersOfDb(db.name);
    const total = callers.reduce((s, c) => s + c.replicas * pool, 0);
    const max = db.detail.maxConnections as number;
    totals.set(db.name, total);
    if (total > max) {
      out.push({
        component: db.name,
        kind: 'connections',
        message: `${callers.map((c) => `${c.name} ${c.replicas} × ${pool}`).join(' + ')} = ${total} pooled connections exceed max_connections ${max}`,
        remedy: `put PgBouncer (transaction pooling) between them, lower poolSize to ${Math.max(1, Math.floor(max / Math.max(1, callers.reduce((s, c) => s + c.replicas, 0))))}, or raise maxConnections`,
        path: `${db.path}.poolSize`,
      });
    }
  }
  return { violations: out, totals };
}
