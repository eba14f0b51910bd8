/**
 * The gate's rules, one function each, over one phase: violations, headroom (on the deployed
 * replicas), latency, and the replicas and cost margins against the baseline. Pure.
 */
import type { ComponentPlan, PhasePlan } from '../plan/types.js';
import { formatDuration, formatNumber, formatPercent, formatUsd } from '../units/format.js';
import { apart } from './figures.js';
import { delta, relativeDelta, type PhaseDiff } from './diff.js';
import { causeOf, phasePath, type WorkloadMoves } from './moves.js';
import { money, moneyDelta } from './money.js';
import { headroomThreshold, violationLevel, type GatePolicy, type RuleName } from './policy.js';
import type { PhaseSummary } from './summary.js';
import { byName } from '../plan/by-name.js';

export { componentMoves, phasePath, workloadMoves, type WorkloadMoves } from './moves.js';

/** Why the gate failed or warned, for one phase (and component). */
export interface Finding {
  rule: RuleName;
  level: 'error' | 'warn';
  phase: string;
  component: string | null;
  /** The violation kind, for the violations rule. */
  kind: string | null;
  message: string;
  /** What moved in the profile to cause it ("the workload moved: sessionsPerDay 200,000 → 600,000"), or null. */
  cause: string | null;
  remedy: string | null;
  /** Profile paths most responsible, best first; the annotator takes the first the profile has. */
  paths: string[];
}

/** What every rule sees of one phase. */
export interface PhaseContext {
  phase: PhasePlan;
  /** Position in the plan: 0 is the base workload, i > 0 is the profile's phases[i − 1]. */
  index: number;
  /** The same phase in the baseline, or null. */
  before: PhaseSummary | null;
  diff: PhaseDiff;
  policy: GatePolicy;
  /** What moved in the phase's workload and targets. */
  moves: WorkloadMoves;
  /** What moved in each component's own settings (by name; absent when nothing did or the baseline does not say). */
  componentMoves: ReadonlyMap<string, WorkloadMoves>;
  /** The command that accepts the plan as the new baseline, ready to paste. */
  accept: string;
}

/** The accept command when the caller does not know the files. */
export const ACCEPT_COMMAND = 'capplan check capplan.yaml --baseline capplan.lock.json --update-baseline';

/** The severest level so far. */
export function worse(a: 'error' | 'warn' | null | undefined, b: 'error' | 'warn'): 'error' | 'warn' {
  return a === 'error' || b === 'error' ? 'error' : 'warn';
}

const plural = (n: number, one: string, many = `${one}s`) => `${formatNumber(n)} ${n === 1 ? one : many}`;
const acceptRemedy = (ctx: PhaseContext) => `if the rise is intended, accept it with \`${ctx.accept}\` and commit the baseline`;

/** Why a component's figures moved: the workload, its own settings, or both (null when neither is known to have). */
function componentCause(ctx: PhaseContext, name: string): string | null {
  const own = ctx.componentMoves.get(name);
  const parts = [causeOf(ctx.moves), own ? `its settings moved: ${own.words.join(', ')}` : null].filter((x): x is string => x !== null);
  return parts.length ? parts.join('; ') : null;
}

/** Profile paths of what moved for a component, its own keys first, then the workload's, then the component. */
function componentPaths(ctx: PhaseContext, name: string, componentPath: string): string[] {
  return [...(ctx.componentMoves.get(name)?.paths ?? []), ...ctx.moves.paths, componentPath];
}

/** The violations rule; also which components (and whether the system) carry an active violation. */
export function violationFindings(ctx: PhaseContext): { findings: Finding[]; violated: Map<string, 'error' | 'warn'>; systemLatency: boolean } {
  const findings: Finding[] = [];
  const violated = new Map<string, 'error' | 'warn'>();
  let systemLatency = false;
  for (const v of ctx.phase.violations) {
    const level = violationLevel(ctx.policy, v.kind);
    if (level === 'off') continue;
    if (v.component !== null) violated.set(v.component, worse(violated.get(v.component), level));
    else if (v.kind === 'latency') systemLatency = true;
    const comp = v.component ? ctx.phase.components.find((c) => c.name === v.component) : undefined;
    // A violation that a change of the component's own settings brought points at that change first.
    const moved = v.component !== null ? ctx.componentMoves.get(v.component) : undefined;
    findings.push({
      rule: 'violations', level, phase: ctx.phase.name, component: v.component, kind: v.kind, message: v.message,
      cause: moved && v.component !== null ? componentCause(ctx, v.component) : null, remedy: v.remedy,
      paths: [...(moved?.paths ?? []), v.path, ...(comp ? [comp.path] : [])],
    });
  }
  return { findings, violated, systemLatency };
}

/**
 * Whether a symptom (low headroom, high p95) of a component is worth its own finding: not when
 * the component's violation, the cause, already reports it at the same or a higher level.
 */
export function symptomShown(violated: ReadonlyMap<string, 'error' | 'warn'>, component: string, level: 'error' | 'warn'): boolean {
  const v = violated.get(component);
  return v === undefined || (v === 'warn' && level === 'error');
}

/**
 * Max user req/s of `deployed` units under this plan's per-unit capacity. Replicas of horizontal
 * components limited by capacity scale linearly (n μ u / visits); other limits (rate limits,
 * serialised writes, primaries, shards) are not credited for extra units, only debited for fewer.
 */
export function deployedMaxRps(c: ComponentPlan, deployed: number): number {
  if (deployed === c.replicas || c.replicas === 0) return c.maxRps;
  const r = deployed / c.replicas;
  const linear = c.maxRpsBy === 'capacity' && c.unitLabel === 'replicas';
  return c.maxRps * (r < 1 || linear ? r : 1);
}

/** One component's deployed replicas and their headroom. */
export interface DeployedHeadroom {
  name: string;
  deployed: number;
  /** Deployed max req/s ÷ peak req/s (Infinity when unbounded or without load). */
  headroom: number;
}

/** The headroom rule: each component's deployed replicas (the baseline's, else the plan's) against the minimum. */
export function headroomFindings(ctx: PhaseContext, violated: ReadonlyMap<string, 'error' | 'warn'>): { findings: Finding[]; deployed: DeployedHeadroom[]; min: number | null } {
  const { phase, policy } = ctx;
  const min = headroomThreshold(policy, phase.targets.minHeadroom);
  const level = policy.headroom.level;
  const findings: Finding[] = [];
  const deployed = phase.components.map((c): DeployedHeadroom => {
    const was = ctx.before ? byName(ctx.before.components).get(c.name) : undefined;
    const n = was?.replicas ?? c.replicas;
    const maxRps = deployedMaxRps(c, n);
    const headroom = phase.peakRps > 0 ? maxRps / phase.peakRps : Infinity;
    if (level !== 'off' && min !== null && headroom < min * (1 - 1e-9) && symptomShown(violated, c.name, level)) {
      findings.push({ rule: 'headroom', level, phase: phase.name, component: c.name, kind: null, ...explainHeadroom(c, phase, n, was !== undefined, maxRps, headroom, min, ctx.accept), cause: componentCause(ctx, c.name), paths: componentPaths(ctx, c.name, c.path) });
    }
    return { name: c.name, deployed: n, headroom };
  });
  return { findings, deployed, min };
}

/** Bindings that size a component to run at its target utilisation at peak. */
const LOAD_BINDINGS = new Set(['throughput', 'memory', 'iops', 'bandwidth', 'writes', 'connections']);

/** What lifts a limit other than plain replica capacity. */
const LIMIT_REMEDY: Readonly<Record<string, string>> = {
  rateLimit: 'the provider’s rate limit caps it and no replica count lifts it: get a higher limit, or cut its perRequest',
  writes: 'serialised writes on the primary cap it: shard the writes, batch them, or raise writeCapacity',
  reads: 'reads cap it: add read replicas (replicas.min), raise the cache hit ratio, or raise capacity',
  memory: 'memory caps it: add shards or nodes with more memory, or store less per session',
  connections: 'connections cap it: pool them (PgBouncer) or raise maxConnections',
};

function explainHeadroom(c: ComponentPlan, phase: PhasePlan, deployed: number, fromBaseline: boolean, maxRps: number, headroom: number, min: number, accept: string): { message: string; remedy: string } {
  const units = deployed === c.replicas ? c.topology : plural(deployed, 'replica');
  const who = fromBaseline ? `the baseline’s ${units}` : units;
  const [has, needs] = apart(headroom, min);
  const verb = /^1 \S+$/.test(units) ? 'carries' : 'carry';
  let message = `headroom ${has}× is under the minimum ${needs}×: ${who} ${verb} ${formatNumber(maxRps)} req/s at the target utilisation against a peak of ${formatNumber(phase.peakRps)} req/s`;
  if (deployed !== c.replicas) message += ` (the plan asks for ${c.topology})`;
  const linear = c.maxRpsBy === 'capacity' && c.unitLabel === 'replicas';
  // Replicas that meet the minimum, when capacity is linear in them: ⌈n × min / headroom⌉.
  const need = headroom > 0 ? Math.ceil((deployed * min) / headroom - 1e-9) : null;
  const pin = need === null ? 'more replicas' : `${need}`;
  if (deployed < c.replicas) return { message, remedy: `deploy the planned ${formatNumber(c.replicas)} and accept them with \`${accept}\`` };
  if (c.maxRpsBy !== 'capacity') return { message, remedy: LIMIT_REMEDY[c.maxRpsBy] ?? `its rate is limited by ${c.maxRpsBy}: give it more of that, or cut the load per request` };
  if (!linear) return { message, remedy: 'give it more capacity per unit or more units' };
  if (c.binding === 'maxReplicas') return { message, remedy: `replicas.max caps it at ${formatNumber(c.replicas)}: raise it to at least ${pin}, or give each replica more capacity` };
  if (LOAD_BINDINGS.has(c.binding)) {
    return { message, remedy: `it is sized by ${c.binding} to run at its target utilisation at peak, so its headroom is rounding only: set replicas.min to ${pin}, lower its utilisation target, or set gates.headroom to warn` };
  }
  return { message, remedy: `set replicas.min to ${pin} or give each replica more capacity` };
}

/** The latency rule: each p95 against its budget, and the end-to-end p95 against the target. */
export function latencyFindings(ctx: PhaseContext, violated: ReadonlyMap<string, 'error' | 'warn'>, systemLatencyViolated: boolean): Finding[] {
  const { phase, index } = ctx;
  const level = ctx.policy.latency.level;
  if (level === 'off') return [];
  const findings: Finding[] = [];
  for (const c of phase.components) {
    if (c.latencyBudget === null || c.latencyP95 === null || !symptomShown(violated, c.name, level)) continue;
    if (!(c.latencyP95 > c.latencyBudget * (1 + 1e-9))) continue;
    findings.push({
      rule: 'latency', level, phase: phase.name, component: c.name, kind: null, cause: ctx.componentMoves.has(c.name) ? componentCause(ctx, c.name) : null,
      message: Number.isFinite(c.latencyP95)
        ? `p95 ${formatDuration(c.latencyP95)} is over its ${formatDuration(c.latencyBudget)} budget at ${plural(c.replicas, 'replica')}`
        : `p95 is unbounded: saturated at peak with ${plural(c.replicas, 'replica')} (budget ${formatDuration(c.latencyBudget)})`,
      remedy: c.binding === 'maxReplicas' ? 'raise replicas.max so it can be sized by latency, or cut its service time' : 'give it more replicas or workers, or cut its service time',
      paths: [...(ctx.componentMoves.get(c.name)?.paths ?? []), `${c.path}.latencyP95`, c.path],
    });
  }
  const target = phase.system.latencyTarget;
  if (target !== null && phase.system.latencyP95 > target * (1 + 1e-9) && !systemLatencyViolated) {
    findings.push({
      rule: 'latency', level, phase: phase.name, component: null, kind: null, cause: null,
      message: `end-to-end p95 ${formatDuration(phase.system.latencyP95)} is over the target ${formatDuration(target)}`,
      remedy: 'give the slowest components on the request path a latencyP95 budget so they are sized by latency',
      paths: [...(index > 0 ? [`${phasePath(index)}.targets.latencyP95`] : []), 'targets.latencyP95'],
    });
  }
  return findings;
}

/** The replicas rule: each component's replicas against the baseline's, beyond the margin. */
export function replicaFindings(ctx: PhaseContext): Finding[] {
  const { policy } = ctx;
  if (!ctx.before || policy.replicas.level === 'off') return [];
  const findings: Finding[] = [];
  for (const d of ctx.diff.components) {
    const { before, after } = d.replicas;
    const rel = relativeDelta(d.replicas);
    if (d.status === 'added' || d.status === 'removed' || before === null || after === null || rel === null) continue;
    if (after <= before * (1 + policy.replicas.margin) + 1e-9) continue;
    const comp = byName(ctx.phase.components).get(d.name)!;
    findings.push({
      rule: 'replicas', level: policy.replicas.level, phase: ctx.phase.name, component: d.name, kind: null,
      message: `replicas ${formatNumber(before)} → ${formatNumber(after)} (+${formatPercent(rel)}) rose more than the ${formatPercent(policy.replicas.margin)} margin over the baseline`,
      cause: componentCause(ctx, d.name) ?? `its settings or capacity changed (binding ${d.binding.before ?? '?'} → ${d.binding.after ?? '?'})`,
      remedy: acceptRemedy(ctx),
      paths: componentPaths(ctx, d.name, comp.path),
    });
  }
  return findings;
}

/**
 * The cost rule: the phase's monthly bill against the budget (gates.cost.max, with or without a
 * baseline), and against the baseline's, beyond the margin; `skipped` says why a part could not run.
 */
export function costFindings(ctx: PhaseContext): { findings: Finding[]; skipped: string | null } {
  const { level, budgetLevel } = ctx.policy.cost;
  const none = { findings: [], skipped: null };
  const budget = budgetLevel === 'off' ? none : budgetFindings(ctx, budgetLevel);
  const margin = level === 'off' ? none : marginFindings(ctx, level);
  return { findings: [...budget.findings, ...margin.findings], skipped: budget.skipped ?? margin.skipped };
}

/** The phase's monthly bill over the budget: a finding naming its largest parts. */
function budgetFindings(ctx: PhaseContext, level: 'error' | 'warn'): { findings: Finding[]; skipped: string | null } {
  const { max } = ctx.policy.cost;
  if (max === null) return { findings: [], skipped: null };
  const monthly = ctx.diff.monthly.after;
  if (monthly === null) return { findings: [], skipped: 'the plan is not priced (--no-bill), so gates.cost.max cannot be checked' };
  if (monthly <= max + 1e-9) return { findings: [], skipped: null };
  const cur = ctx.diff.currency ?? 'USD';
  const [costs, budget] = apart(monthly, max, (x, digits) => (digits === undefined ? money(x, cur) : cur === 'USD' ? formatUsd(x, digits - 2) : `${formatNumber(x, digits)} ${cur}`));
  const parts = [...ctx.diff.components.map((c) => ({ name: c.name, usd: c.monthly.after })), { name: 'packing waste', usd: ctx.diff.packingWaste.after }]
    .filter((r): r is { name: string; usd: number } => r.usd !== null && r.usd > 0.005)
    .sort((a, b) => b.usd - a.usd || a.name.localeCompare(b.name))
    .slice(0, 3);
  return {
    skipped: null,
    findings: [{
      rule: 'cost', level, phase: ctx.phase.name, component: null, kind: null,
      message: `monthly cost ${costs} is over the budget of ${budget} (+${formatPercent(monthly / max - 1)})${parts.length ? `; the largest parts: ${parts.map((r) => `${r.name} ${money(r.usd, cur)}`).join(', ')}` : ''}`,
      cause: causeOf(ctx.moves),
      remedy: 'lower what costs most (a higher utilisation target, smaller resources, pricing.arch: arm64 for Arm nodes, a negotiated pricing.discountPercent), or raise the budget (gates.cost.max, --max-cost) if it grew',
      paths: ['gates.cost.max', 'gates.cost', 'pricing', phasePath(ctx.index)],
    }],
  };
}

/** The phase's monthly bill against the baseline's, beyond the margin. */
function marginFindings(ctx: PhaseContext, level: 'error' | 'warn'): { findings: Finding[]; skipped: string | null } {
  const { policy } = ctx;
  if (!ctx.before) return { findings: [], skipped: null };
  const m = ctx.diff.monthly;
  if (m.before === null || m.after === null) return { findings: [], skipped: 'the plan or the baseline is not priced' };
  if (m.after <= m.before * (1 + policy.cost.margin) + 1e-9) return { findings: [], skipped: null };
  const rel = relativeDelta(m);
  const cur = ctx.diff.currency ?? 'USD';
  // Where the rise went: the components (their own cost: requests, storage, managed services) and the packing waste.
  const rises = [
    ...ctx.diff.components.map((c) => ({ name: c.name, d: moneyDelta(c.monthly)?.delta ?? (c.status === 'added' ? c.monthly.after : null) })),
    { name: 'packing waste', d: moneyDelta(ctx.diff.packingWaste)?.delta ?? null },
  ]
    .filter((r): r is { name: string; d: number } => r.d !== null && r.d > 0.005)
    .sort((a, b) => b.d - a.d);
  const top = rises.slice(0, 3);
  const where = top.length ? `; most of it: ${top.map((r) => `${r.name} +${money(r.d, cur)}`).join(', ')}` : '';
  const comps = top.map((r) => ctx.phase.components.find((c) => c.name === r.name)).filter((c): c is ComponentPlan => c !== undefined);
  const causes = [causeOf(ctx.moves), ...comps.filter((c) => ctx.componentMoves.has(c.name)).map((c) => `${c.name}’s settings moved: ${ctx.componentMoves.get(c.name)!.words.join(', ')}`)].filter((x): x is string => x !== null);
  return {
    skipped: null,
    findings: [{
      rule: 'cost', level, phase: ctx.phase.name, component: null, kind: null,
      message: `monthly cost ${money(m.before, cur)} → ${money(m.after, cur)} (${rel === null ? 'new' : `+${formatPercent(rel)}`}) rose more than the ${formatPercent(policy.cost.margin)} margin over the baseline${where}`,
      cause: causes.length ? causes.join('; ') : null,
      remedy: acceptRemedy(ctx),
      paths: [...comps.flatMap((c) => ctx.componentMoves.get(c.name)?.paths ?? []), ...ctx.moves.paths, 'pricing', phasePath(ctx.index)],
    }],
  };
}

/** The runway as the check command computed it (explore/runway.ts) for the gate. */
export interface GateRunway {
  /** The phase the runway starts from. */
  phase: string;
  /** Months until the first event; null when none within the horizon. */
  months: number | null;
  horizonMonths: number;
  /** "postgres: writes exceed one primary in month 14". */
  headline: string;
  /** The component of the first event, or null. */
  component: string | null;
}

/** The runway rule: months until the first month that needs action, against gates.minRunway. */
export function runwayFindings(policy: GatePolicy, phase: PhasePlan, runway: GateRunway): Finding[] {
  const min = policy.runway.minMonths;
  if (policy.runway.level === 'off' || min === null || runway.months === null || !(runway.months < min - 1e-9)) return [];
  const comp = runway.component ? phase.components.find((c) => c.name === runway.component) : undefined;
  return [{
    rule: 'runway', level: policy.runway.level, phase: phase.name, component: runway.component, kind: null, cause: null,
    message: `runway ${plural(runway.months, 'month')} is under the minimum ${plural(min, 'month')}: ${runway.headline}`,
    remedy: 'act on it before then (`capplan runway` shows each month), or lower gates.minRunway if the growth forecast allows',
    paths: ['workload.growth', ...(comp ? [comp.path] : []), 'gates.minRunway'],
  }];
}
