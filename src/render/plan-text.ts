/** Shared text pieces of the plan renderers: cells, summary lines, violations, explanations. */
import type { ComponentPlan, PhasePlan, Violation } from '../plan/types.js';
import { unboundedReason } from '../plan/unbounded.js';
import { indexOfNames, summaryNames, type PhaseSummary } from './plan-summary.js';
import { formatByteRate, formatDuration, formatNumber, formatPercent, formatWholeDown } from '../units/format.js';

/** Column headers of the per-phase component table. */
export const COMPONENT_HEADERS = ['component', 'kind', 'demand', 'size', 'binding', 'util', 'p95', 'max req/s'] as const;

/** A demand with its unit: "6.94 req/s", "12.5 MB/s". */
export function formatDemand(value: number, unit: string): string {
  return unit === 'B/s' ? formatByteRate(value) : `${formatNumber(value)} ${unit}`;
}

/** A latency cell: "10.2 ms", "∞" (unstable) or "–" (not modelled). */
export function formatLatency(value: number | null): string {
  if (value === null) return '–';
  return Number.isFinite(value) ? formatDuration(value) : '∞';
}

/** A headroom figure: "1.8×". */
export function formatHeadroom(h: number): string {
  return Number.isFinite(h) ? `${formatNumber(h)}×` : '∞';
}

/** A bottleneck cell: its name, or "none" when no component limits the rate. */
export function bottleneckLabel(name: string | null): string {
  return name ?? 'none';
}

/** The row cells of one component. */
export function componentCells(c: ComponentPlan, bottleneck: string | null): string[] {
  return [
    c.name,
    c.kind,
    formatDemand(c.demand, c.demandUnit),
    c.topology,
    c.binding,
    formatPercent(c.utilization),
    formatLatency(c.latencyP95),
    `${Number.isFinite(c.maxRps) ? formatNumber(c.maxRps) : '∞'}${c.name === bottleneck ? ' ◀' : ''}`,
  ];
}

/** One line describing the phase's workload. */
export function phaseHeadline(p: PhasePlan): string {
  const w = p.workload;
  const parts = [`peak ${formatNumber(p.peakRps)} req/s`, `mean ${formatNumber(p.meanRps)} req/s`];
  if (w.sessionsPerDay !== null) parts.push(`${formatNumber(w.sessionsPerDay)} sessions/day`);
  if (w.concurrentUsers !== null) parts.push(`${formatNumber(w.concurrentUsers)} concurrent users`);
  if (p.scale !== 1) parts.push(`scale ×${formatNumber(p.scale)}`);
  if (p.regions) parts.push(`${p.regions.count} regions${p.regions.names.length ? ` (${p.regions.names.join(', ')})` : ''}, sized per region at ${formatNumber(p.regions.peakRps)} req/s${p.regions.failover ? ' (failover)' : ''}`);
  return parts.join(' · ');
}

/** What systemLines leaves out. */
export interface SystemLineOptions {
  /**
   * Leave out the `request path:` line (a phase repeating the path of the one before): a path of
   * thousands of components is a line of tens of thousands of characters, not worth making only
   * to drop it.
   */
  path?: boolean;
}

/** The system summary lines of one phase. */
export function systemLines(p: PhasePlan, opts: SystemLineOptions = {}): string[] {
  const pathLine = (): string[] => (opts.path === false ? [] : [`request path: ${p.system.path.join(' → ')}`]);
  const s = p.system;
  const unbounded = unboundedReason(p);
  if (unbounded !== null) {
    // Nothing limits the rate: no "bottleneck" of a load it does not carry, no "∞ req/s".
    const lines = [`${unbounded}; so no bottleneck, and no max sustainable load or headroom`];
    if (s.path.length) lines.push('end-to-end p95: none, no request visits a component', ...pathLine(), ...parallelLines(p));
    return lines;
  }
  const b = p.components.find((c) => c.name === s.bottleneck);
  const lines = [
    `max sustainable ${formatNumber(s.maxRps)} req/s · breaking point ${formatNumber(s.breakingRps)} req/s · headroom ${formatHeadroom(s.headroom)}`,
    `bottleneck ${s.bottleneck}${b ? ` (limited by ${b.maxRpsBy})` : ''}${s.maxSessionsPerDay !== null ? ` · max sessions/day ${formatWholeDown(s.maxSessionsPerDay)} (${formatWholeDown(s.breakingSessionsPerDay!)} at 100 %)` : ''}`,
  ];
  const target = s.latencyTarget !== null ? ` ${s.latencyP95 <= s.latencyTarget ? '≤' : '>'} target ${formatDuration(s.latencyTarget)}` : '';
  // Without a synchronous path (every component async) there is no request to time: not "0 s".
  if (s.path.length) {
    lines.push(`end-to-end p95 ${formatLatency(s.latencyP95)}${target} (mean ${formatLatency(s.latencyMean)}, budget sum ${formatLatency(s.latencyBudgetSum)})`);
    lines.push(...pathLine(), ...parallelLines(p));
  } else lines.push('end-to-end p95: none, no component is on a synchronous request path (async ones are timed by their own queues)');
  return lines;
}

/**
 * The path line lists components in call order, so the members of a `parallel` entry read as a
 * sequence there: one line per such entry on the path says which calls start together (a oneOf
 * inside it as its alternatives in parentheses, joined by "or"; members off the path, queue consumers, left out).
 */
function parallelLines(p: PhasePlan): string[] {
  // Most plans call nothing in parallel: then no set of the path and no map of the components.
  if (!hasParallelCall(p.components)) return [];
  const onPath = new Set(p.system.path);
  const byName = new Map<string, ComponentPlan>();
  for (let i = 0; i < p.components.length; i++) byName.set(p.components[i]!.name, p.components[i]!);
  const out: string[] = [];
  for (const name of p.system.path) {
    const c = byName.get(name);
    if (!c) continue;
    // Made at the first parallel call: most of a long path's components (4,159 of a 5,000-component
    // profile's) have none, and a Map each was ~80,000 thrown away over 20 phases.
    let entries: Map<number, Map<number, string[]>> | undefined;
    for (const call of c.callGraph) {
      if (call.member === undefined || !onPath.has(call.to)) continue;
      entries ??= new Map<number, Map<number, string[]>>();
      const members = entries.get(call.entry) ?? new Map<number, string[]>();
      members.set(call.member, [...(members.get(call.member) ?? []), call.to]);
      entries.set(call.entry, members);
    }
    if (entries === undefined) continue;
    for (const members of entries.values()) {
      if (members.size < 2) continue;
      const texts = [...members.values()].map((alternatives) => (alternatives.length > 1 ? `(${alternatives.join(' or ')})` : alternatives[0]!));
      out.push(`parallel: ${name} calls ${texts.slice(0, -1).join(', ')} and ${texts.at(-1)!} at once; the path takes the slowest`);
    }
  }
  return out;
}

/**
 * Whether any component makes a call of a `parallel` entry. Indexed loops: run once a phase, the
 * loop was not optimised enough to drop for-of's iterator objects (~10 MB over 5,000 × 20, sampled).
 */
function hasParallelCall(components: readonly ComponentPlan[]): boolean {
  for (let i = 0; i < components.length; i++) {
    const calls = components[i]!.callGraph;
    for (let j = 0; j < calls.length; j++) if (calls[j]!.member !== undefined) return true;
  }
  return false;
}

/** A violation as two lines: what and the remedy. */
export function violationLines(v: Violation): [string, string] {
  return [`${v.component ?? 'system'} (${v.kind}): ${v.message}`, `remedy: ${v.remedy}`];
}

/** The --explain lines of one component: capacity, demand, each constraint with numbers. */
export function explainLines(c: ComponentPlan, p: PhasePlan): string[] {
  const lines = [`capacity: ${c.capacityDerivation}`];
  if (c.demandUnit !== 'B/s') {
    lines.push(`demand: λ = X × visits = ${formatNumber(p.regions?.peakRps ?? p.peakRps)} × ${formatNumber(c.visits)} = ${formatNumber(c.demand)} ${c.demandUnit}; target utilisation u = ${formatPercent(c.targetUtilization)}`);
  }
  const marked = c.constraints.some((k) => k.binds === true);
  for (const k of c.constraints) {
    const binds = marked ? k.binds === true : k.binding === c.binding && k.required === c.replicas;
    const mark = binds ? '  ← binds' : '';
    lines.push(`${k.binding}: ${k.formula}`);
    lines.push(`    ${k.substituted}${mark}${k.note ? ` (${k.note})` : ''}`);
  }
  for (const m of c.model) lines.push(m);
  for (const call of c.callGraph) {
    const parts = [
      call.alternative || call.probability < 1 ? `${formatPercent(call.probability)} of visits` : '',
      call.blocking ? 'blocking' : '',
      call.retries > 0 ? `${call.retries} ${call.retries === 1 ? 'retry' : 'retries'}` : '',
      call.timeout !== null ? `timeout ${formatDuration(call.timeout)}${call.timeoutProbability !== null ? ` (${formatPercent(call.timeoutProbability)} outlast it)` : ''}` : '',
      call.failureRate > 0 ? `${formatPercent(call.failureRate)} fail` : '',
      call.expectedAttempts > 1 + 1e-9 ? `${formatNumber(call.expectedAttempts)} attempts per call` : '',
    ].filter(Boolean);
    if (parts.length) lines.push(`calls ${call.to}: ${parts.join(', ')}`);
  }
  const q = c.queue;
  const model = q ? ` (${q.waitMethod.split(' ')[0]} at ${formatNumber(q.arrivalRate)}/s, μ = ${formatNumber(q.serviceRate)}/s per server${q.constantDelayS ? ` + ${formatDuration(q.constantDelayS)} fixed` : ''})` : '';
  lines.push(`result: ${c.topology}, binding ${c.binding}; utilisation ${formatPercent(c.utilization)}; p95 ${formatLatency(c.latencyP95)}${model}`);
  const sessions = (n: number | null) => (n !== null ? ` = ${formatWholeDown(n)} sessions/day` : '');
  lines.push(`carries up to ${formatNumber(c.maxRps)} user req/s at u${sessions(c.maxSessionsPerDay)} (${c.maxRpsBy}); breaks at ${formatNumber(c.breakingRps)} req/s${sessions(c.breakingSessionsPerDay)}`);
  for (const n of c.notes) lines.push(`note: ${n}`);
  return lines;
}

/** Roadmap rows: one per component, one column per phase. */
export function roadmapRows(plan: { phases: readonly PhaseSummary[] }): { headers: string[]; rows: string[][] } {
  const headers = ['', ...plan.phases.map((p) => p.name)];
  const byName = plan.phases.map((p) => indexOfNames(p.names));
  const rows = summaryNames(plan.phases).map((n) => [n, ...plan.phases.map((p, j) => {
    const i = byName[j]!.get(n);
    return i === undefined ? '–' : p.topologies[i]!;
  })]);
  rows.push(['peak req/s', ...plan.phases.map((p) => formatNumber(p.peakRps))]);
  rows.push(['headroom', ...plan.phases.map((p) => formatHeadroom(p.system.headroom))]);
  rows.push(['bottleneck', ...plan.phases.map((p) => bottleneckLabel(p.system.bottleneck))]);
  rows.push(['p95', ...plan.phases.map((p) => formatLatency(p.system.latencyP95))]);
  rows.push(['violations', ...plan.phases.map((p) => String(p.violations))]);
  if (plan.phases.some((p) => p.bill)) rows.push(['monthly', ...plan.phases.map((p) => (p.bill ? `$${formatNumber(p.bill.monthly)}` : '–'))]);
  return { headers, rows };
}
