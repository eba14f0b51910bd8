/** The rows a gate report shows: what changed or tripped a rule, failures first. */
import type { GateComponent, GatePhase, GateResult } from './evaluate.js';
import type { GatePolicy } from './policy.js';
import { formatNumber, formatPercent } from '../units/format.js';
import { money } from './money.js';

/** One row: a component of a phase, or the phase's total (component null). */
export interface GateRow {
  phase: GatePhase;
  component: GateComponent | null;
  worst: 'error' | 'warn' | null;
}

const rank = (w: 'error' | 'warn' | null) => (w === 'error' ? 0 : w === 'warn' ? 1 : 2);

/** Rows that changed against the baseline or carry a finding, failures first, then in plan order. */
export function gateRows(result: GateResult): GateRow[] {
  const rows: { row: GateRow; order: number }[] = [];
  result.phases.forEach((phase, pi) => {
    phase.components.forEach((c, ci) => {
      if (c.worst !== null || (result.hasBaseline && c.diff.status !== 'unchanged')) rows.push({ row: { phase, component: c, worst: c.worst }, order: pi * 10_000 + ci });
    });
    const phaseLevel = result.findings.filter((f) => f.phase === phase.diff.name && f.component === null);
    const worst = phaseLevel.some((f) => f.level === 'error') ? 'error' : phaseLevel.length ? 'warn' : null;
    if (worst !== null || (result.hasBaseline && phase.diff.status !== 'unchanged')) rows.push({ row: { phase, component: null, worst }, order: pi * 10_000 + 9_999 });
  });
  return rows.sort((a, b) => rank(a.row.worst) - rank(b.row.worst) || a.order - b.order).map((r) => r.row);
}

/** What the baseline has and the plan no longer does: whole phases, and components of the phases both have. */
export interface Removed {
  phases: string[];
  components: { phase: string; names: string[] }[];
}

/** The phases and components the baseline has that the plan dropped (diff status `removed`). */
export function removedRows(result: GateResult): Removed {
  const phases = result.diff.phases.filter((p) => p.status === 'removed').map((p) => p.name);
  const components = result.diff.phases
    .filter((p) => p.status !== 'removed')
    .map((p) => ({ phase: p.name, names: p.components.filter((c) => c.status === 'removed').map((c) => c.name) }))
    .filter((p) => p.names.length > 0);
  return { phases, components };
}

/** The removed rows in sentences (`removed since the baseline: phase "12 months"`; `removed from phase "now" since the baseline: cache, queue`), none when nothing was; `quote` marks a phase's name. */
export function removedText(removed: Removed, quote: (s: string) => string = (s) => JSON.stringify(s)): string[] {
  const out: string[] = [];
  if (removed.phases.length) out.push(`removed since the baseline: phase${removed.phases.length === 1 ? '' : 's'} ${removed.phases.map(quote).join(', ')}`);
  for (const p of removed.components) out.push(`removed from phase ${quote(p.phase)} since the baseline: ${p.names.join(', ')}`);
  return out;
}

/** "3 errors, 1 warning" (or "no findings"). */
export function countsText(counts: { error: number; warn: number }): string {
  const parts = [];
  if (counts.error) parts.push(`${counts.error} error${counts.error === 1 ? '' : 's'}`);
  if (counts.warn) parts.push(`${counts.warn} warning${counts.warn === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

/** The verdict word. */
export function verdict(result: GateResult): string {
  return result.status === 'fail' ? 'failed' : result.status === 'warn' ? 'passed with warnings' : 'passed';
}

/** The policy in one line: "violations error · headroom error (min 1.3×) · replicas warn (margin 10%) · ...". */
export function policyLine(policy: GatePolicy): string {
  const kinds = Object.entries(policy.violations.kinds).map(([k, v]) => `${k} ${v}`);
  return [
    `violations ${policy.violations.level}${kinds.length ? ` (${kinds.join(', ')})` : ''}`,
    `headroom ${policy.headroom.level}${policy.headroom.level === 'off' ? '' : ` (min ${policy.headroom.min !== null ? `${formatNumber(policy.headroom.min)}×` : 'targets.minHeadroom'})`}`,
    `latency ${policy.latency.level}`,
    `availability ${policy.availability.level}`,
    `replicas ${policy.replicas.level}${policy.replicas.level === 'off' ? '' : ` (margin ${formatPercent(policy.replicas.margin)})`}`,
    costPolicyText(policy.cost),
    ...(policy.simulate.level === 'off' ? [] : [`simulate ${policy.simulate.level} (${formatNumber(policy.simulate.requests)} requests, seed ${policy.simulate.seed})`]),
  ].join(' · ');
}

/** "cost warn (margin 10%, max $5,000.00 a month)"; the budget's own level when it differs ("max … a month at error"). */
function costPolicyText(cost: GatePolicy['cost']): string {
  const max = cost.max !== null && cost.budgetLevel !== 'off' ? `max ${money(cost.max, 'USD')} a month${cost.budgetLevel !== cost.level ? ` at ${cost.budgetLevel}` : ''}` : null;
  const parts = [...(cost.level === 'off' ? [] : [`margin ${formatPercent(cost.margin)}`]), ...(max ? [max] : [])];
  return `cost ${cost.level}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
