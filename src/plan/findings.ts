/**
 * Findings: what the plan says about the profile's own settings that is not a violation, where a
 * written figure and the sizing disagree. Each names the figures behind it:
 * - a configured minimum (replicas.min) well above what the load needs, and the resources idle;
 * - sharding allowed (shards.max) where one primary carries the writes;
 * - an autoscaler per-pod target (deploy.rpsMetric) a replica cannot reach at its utilisation, or
 *   one so far below what a replica serves at the planned peak that it runs more than one replica
 *   above the plan;
 * - workers held by blocking calls so long that CPU cannot show the load (no CPU autoscaler);
 * - a disruption budget as written (deploy.minAvailable) that lets a drain take more than the
 *   plan's spare, or that no drain can satisfy;
 * - a queued adapter whose peak exceeds its provider's limit (the backlog it builds);
 * - an adapter below its provider's limit whose bursts still get calls refused (unless they miss
 *   the availability target: that is a violation, plan/availability.ts);
 * - a stated alert that would fire at the planned peak.
 * Pure.
 */
import type { AlertRule } from './types.js';
import { formatDuration, formatNumber, formatNumberToward, formatPercent } from '../units/format.js';
import type { ComponentPlan, SystemPlan } from './types.js';
import { rateForRefusedShare } from '../model/token-bucket.js';
import { cpuAtTarget, cpuBlind } from './cpu-share.js';

/** Bindings that come from the load (not from bounds or floors). */
const LOAD_BINDINGS = new Set(['throughput', 'latency', 'zoneLoss', 'redundancy', 'connections', 'memory', 'writes', 'rateLimit']);

/** A minimum binds above what the load needs and keeps the replicas under half their target utilisation. */
function idleMinimum(c: ComponentPlan): string | null {
  if (c.binding !== 'minReplicas' || c.unitLabel !== 'replicas') return null;
  const needs = c.constraints.filter((k) => LOAD_BINDINGS.has(k.binding)).reduce((m, k) => Math.max(m, k.required), 1);
  if (!(c.replicas >= needs + 2 && c.utilization < c.targetUtilization / 2)) return null;
  const cores = c.resources.cpuCores;
  const busy = cores !== null ? `; ${formatNumber(c.replicas)} × ${formatNumber(cores)} cores requested, about ${formatNumber(Number((c.utilization * c.replicas * cores).toPrecision(2)))} busy` : '';
  const fixed = c.configuredReplicas.min === c.configuredReplicas.max;
  return `${c.name}: its ${c.replicas} replicas are the configured ${fixed ? 'count (replicas)' : 'minimum (replicas.min)'}; the load needs ${needs}, so they run at ${formatPercent(c.utilization)} at peak${busy}`;
}

/** Sharding allowed where one primary carries the writes. */
function idleShards(c: ComponentPlan, allowed: number | undefined): string | null {
  if (c.kind !== 'database' || allowed === undefined || allowed <= 1) return null;
  const shards = Number(c.detail.shards ?? 1);
  if (shards > 1) return null;
  const writes = Number(c.detail.writeRps ?? 0);
  return `${c.name}: sharding is allowed (shards.max ${allowed}) but one primary commits the ${formatNumber(writes)} writes/s at ${formatPercent(Number(c.detail.primaryUtilization ?? 0))}: sharding is not needed in this phase`;
}

/** Workers held by blocking calls so long that CPU cannot show the load: emit writes no CPU autoscaler (k8s-policy.ts). */
function blindCpu(c: ComponentPlan): string | null {
  if (c.managed || c.unitLabel !== 'replicas' || c.deploy.rpsMetric !== null || !cpuBlind(c)) return null;
  const { min, max } = c.configuredReplicas;
  if (min !== null && min === max) return null;
  const cpu = cpuAtTarget(c);
  const waiting = 1 - cpu.held!.ownS / cpu.held!.heldS;
  return `${c.name}: its workers wait on blocking calls ${formatPercent(waiting)} of the time they are held, so at ${formatPercent(c.targetUtilization)} busy they use ~${formatPercent(cpu.share)} of their CPU request: an autoscaler on CPU would shrink it at peak, so emit k8s writes it at the plan's fixed count; give deploy.rpsMetric (a per-pod request rate) to autoscale it`;
}

/** A custom-metric target above what one replica carries at its target utilisation. */
function unreachableTarget(c: ComponentPlan): string | null {
  const target = c.deploy.rpsTarget;
  if (target === null || c.deploy.rpsMetric === null) return null;
  const sized = c.capacityPerUnit * c.targetUtilization;
  if (target <= sized * (1 + 1e-9)) return null;
  const saturates = target >= c.capacityPerUnit;
  return `${c.name}: the autoscaler's ${c.deploy.rpsMetric} target of ${formatNumber(target)}/s per pod is above the ${formatNumber(sized)}/s a replica carries at ${formatPercent(c.targetUtilization)} (${formatNumber(c.capacityPerUnit)}/s at 100 %)${saturates ? ': pods saturate before it scales out' : `: it scales out only at ${formatPercent(target / c.capacityPerUnit)} utilisation`}`;
}

/**
 * A custom-metric target so far below what a replica serves at the planned peak that the
 * autoscaler runs more than one replica above the plan. The Kubernetes HPA's desired count is
 * ⌈n × metric ÷ target⌉ = ⌈λ ÷ target⌉ for λ spread over n pods, capped at maxReplicas (here the
 * written replicas.max; emit k8s writes the roadmap's peak when there is none). One replica more
 * is the rounding of a target a little under λ ÷ n and is not reported; λ ÷ n is the target that
 * keeps the plan's count.
 */
function overeagerTarget(c: ComponentPlan): string | null {
  const target = c.deploy.rpsTarget;
  if (target === null || c.deploy.rpsMetric === null || !(target > 0) || !(c.replicas > 0) || !(c.demand > 0)) return null;
  const wants = Math.ceil((c.demand / target) * (1 - 1e-9));
  const max = c.configuredReplicas.max;
  const runs = max !== null ? Math.min(wants, Math.max(max, c.replicas)) : wants;
  if (runs < c.replicas + 2) return null;
  const perPod = c.demand / c.replicas;
  const wanted = `⌈${formatNumber(c.demand)} ÷ ${formatNumber(target)}⌉ = ${formatNumber(wants)}`;
  const scales = runs < wants ? `its replicas.max of ${formatNumber(runs)} (it wants ${wanted})` : `${wanted} replicas${max === null ? ' (or its maxReplicas, if lower)' : ''}`;
  // Rounded up: a target a little under λ ÷ n would ask for one replica more.
  return `${c.name}: the autoscaler's ${c.deploy.rpsMetric} target of ${formatNumber(target)}/s per pod is below the ${formatNumber(perPod)}/s each of its ${c.replicas} replicas serves at the planned peak: it scales to ${scales} against the plan's ${c.replicas}; a target of ${formatNumberToward(perPod, 'up')}/s per pod keeps the plan's count`;
}

/**
 * A written minAvailable that lets a drain take more replicas than the plan's spare, or none at
 * all: a budget that keeps every replica (a count at or above the planned replicas, or 100 %)
 * allows no voluntary eviction, so `kubectl drain` and node upgrades wait on it indefinitely.
 * Kubernetes rounds a percentage up.
 */
function looseBudget(c: ComponentPlan, zones: number): string | null {
  const written = c.deploy.minAvailable;
  if (written === null || c.managed) return null;
  const keep = typeof written === 'number' ? written : Math.ceil((c.replicas * Number(written.replace('%', ''))) / 100);
  if (keep >= c.replicas) {
    return `${c.name}: its disruption budget (minAvailable ${written}) keeps ${keep > c.replicas ? `${keep} pods, more than its ${c.replicas} replicas` : `all ${c.replicas} replica${c.replicas === 1 ? '' : 's'}`} at peak (and fewer when scaled in): no pod may be evicted, so node drains and upgrades wait on it indefinitely`;
  }
  if (c.replicas <= 1) return null;
  const spare = zones > 1 ? Math.ceil(c.replicas / zones) : 1;
  if (c.replicas - keep <= spare) return null;
  return `${c.name}: its disruption budget (minAvailable ${written}) lets a drain take ${c.replicas - keep} of ${c.replicas} replicas at peak; the plan's spare is ${spare}, so the rest run above their target utilisation meanwhile`;
}

/**
 * A queued adapter whose peak exceeds its provider's limit: the queue absorbs it, with a backlog.
 * The queue sends at the limit, so a call queued when an hour at peak ends waits for the backlog
 * ahead of it, backlog ÷ limit: that wait is what a message's delivery takes then, and the row's
 * p95 (one call's own time once sent) leaves it out, so the finding says it.
 */
function queueBacklog(c: ComponentPlan): string | null {
  const backlog = Number(c.detail.backlogPerPeakHour ?? 0);
  if (c.detail.queued !== true || !(backlog > 0)) return null;
  const limit = Number(c.detail.rateLimit);
  return `${c.name}: its peak of ${formatNumber(c.demand)}/s is above the provider's ${formatNumber(limit)}/s, so its queue backs up ${formatNumber(backlog)} calls per peak hour, drained while the rate is below ${formatNumber(limit)}/s (the mean is ${formatNumber(Number(c.detail.rateLimitUse) * limit)}/s); a call queued as that hour ends waits ${formatDuration(backlog / limit)} to be sent, which its p95 (the call once sent) leaves out`;
}

/** The least share of an adapter's calls refused in bursts below its limit that the plan mentions (one in 10,000). */
const REFUSED_NOTICE = 1e-4;

/**
 * An adapter below its provider's limit whose Poisson bursts still empty the limit's token bucket:
 * the share of calls refused at peak (detail.refusedShare, model/token-bucket.ts) and the peak
 * below which it falls under one in 10,000.
 */
function burstRefusals(c: ComponentPlan): string | null {
  const share = c.detail.refusedShare;
  if (typeof share !== 'number' || !(share >= REFUSED_NOTICE)) return null;
  const limit = Number(c.detail.rateLimit);
  const below = rateForRefusedShare(limit, REFUSED_NOTICE);
  return `${c.name}: its peak of ${formatNumber(c.demand)}/s is ${formatPercent(Number(c.detail.rateLimitUse))} of the provider's ${formatNumber(limit)}/s, and Poisson bursts empty the limit's token bucket (one second of calls): about ${formatPercent(share)} of its calls are refused at peak (M/D/1 bounded-workload model); under ${formatNumber(below)}/s fewer than ${formatPercent(REFUSED_NOTICE)} are, or queue the calls (async: true)`;
}

/** A stated alert that the planned peak would trip. */
function firingAlert(a: AlertRule, components: readonly ComponentPlan[], system: SystemPlan): string | null {
  const name = a.name ?? `${a.metric} ${a.direction} ${a.threshold}`;
  if (a.metric === 'latency') {
    const value = a.statistic === 'mean' ? system.latencyMean : system.latencyP95;
    if (!(value > a.threshold)) return null;
    return `alert ${name} (${a.statistic} response time > ${formatDuration(a.threshold)} for ${formatDuration(a.forS)}) fires at the planned peak: the end-to-end ${a.statistic} is ${formatDuration(value)}`;
  }
  if (a.metric === 'cpu') {
    const hot = components.filter((c) => (a.components === null || a.components.includes(c.name)) && c.unitLabel === 'replicas' && !c.managed && c.utilization > a.threshold);
    if (!hot.length) return null;
    return `alert ${name} (CPU > ${formatPercent(a.threshold)}) fires at the planned peak on ${hot.map((c) => `${c.name} (${formatPercent(c.utilization)})`).join(', ')}`;
  }
  return null;
}

/** The findings of one phase. */
export function phaseFindings(
  components: readonly ComponentPlan[],
  system: SystemPlan,
  /** The phase's components as resolved, in the plan's order (each one's settings at its index; by name where the two orders differ). */
  settings: readonly { name: string; settings: Record<string, unknown> }[],
  zones: number,
  alerts: readonly AlertRule[],
  /** Components whose burst refusals miss the availability target: their availability violation (plan/availability.ts) says it, with the refused share. */
  availabilityMissed: ReadonlySet<string | null> = new Set(),
): string[] {
  const out: string[] = [];
  // Each component's findings in this order (written one by one: an array of the six and its iterator per component cost more than the checks).
  for (let i = 0; i < components.length; i++) {
    const c = components[i]!;
    const own = settings[i]?.name === c.name ? settings[i]!.settings : settings.find((k) => k.name === c.name)?.settings;
    const shardsMax = (own?.shards as { max?: number } | undefined)?.max;
    pushFinding(out, idleMinimum(c));
    pushFinding(out, idleShards(c, shardsMax));
    pushFinding(out, unreachableTarget(c));
    pushFinding(out, overeagerTarget(c));
    pushFinding(out, blindCpu(c));
    pushFinding(out, looseBudget(c, zones));
    pushFinding(out, queueBacklog(c));
    if (!availabilityMissed.has(c.name)) pushFinding(out, burstRefusals(c));
  }
  for (const a of alerts) {
    const f = firingAlert(a, components, system);
    if (f) out.push(f);
  }
  return out;
}

function pushFinding(out: string[], finding: string | null): void {
  if (finding) out.push(finding);
}
