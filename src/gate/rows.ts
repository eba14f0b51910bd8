/** The rows a gate report shows: what changed or tripped a rule, failures first. */
import type { GateComponent, GatePhase, GateResult } from './evaluate.js';
import { POLICY_RULE_LEVEL, type GatePolicy } from './policy.js';
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
    // The policy rule's finding is the profile's, not a phase's (it carries the base phase's name to sort).
    const phaseLevel = result.findings.filter((f) => f.phase === phase.diff.name && f.component === null && f.rule !== 'policy');
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

/** "gates loosened since the baseline: headroom error → off, replicas margin 10% → 50%", or null when the policy did not loosen (or the baseline records none). */
export function policyLoosenedText(result: GateResult): string | null {
  const l = result.policyLoosened;
  return l?.length ? `gates loosened since the baseline: ${l.map((x) => x.words).join(', ')}` : null;
}

/** Where a finding is: its phase (and component); the policy rule's is the profile's gates. */
export function findingPlace(f: { rule: string; phase: string; component: string | null }, sep = ' · '): string {
  if (f.rule === 'policy') return 'gates';
  return f.component === null ? f.phase : `${f.phase}${sep}${f.component}`;
}

/** A removed and an added component of one kind in a phase, in sentences (`api removed and web added (phase "now"): if renamed, …`), one per pair with the phases it is in; `quote` marks a phase's name. */
export function renamedText(result: GateResult, quote: (s: string) => string = (s) => JSON.stringify(s)): string[] {
  const byPair = new Map<string, { removed: string; added: string; phases: string[] }>();
  for (const r of result.renamed) {
    const key = JSON.stringify([r.removed, r.added]);
    const pair = byPair.get(key) ?? { removed: r.removed, added: r.added, phases: [] };
    pair.phases.push(r.phase);
    byPair.set(key, pair);
  }
  return [...byPair.values()].map((p) => `${p.removed} removed and ${p.added} added (phase${p.phases.length === 1 ? '' : 's'} ${p.phases.map(quote).join(', ')}): if renamed, the replicas margin did not compare them`);
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
    // Shown when a flag moved it from its default, like simulate.
    ...(policy.policy.level === POLICY_RULE_LEVEL ? [] : [`policy ${policy.policy.level}`]),
  ].join(' · ');
}

/** "cost warn (margin 10%, max $5,000.00 a month)"; the budget's own level when it differs ("max … a month at error"). */
function costPolicyText(cost: GatePolicy['cost']): string {
  const max = cost.max !== null && cost.budgetLevel !== 'off' ? `max ${money(cost.max, 'USD')} a month${cost.budgetLevel !== cost.level ? ` at ${cost.budgetLevel}` : ''}` : null;
  const parts = [...(cost.level === 'off' ? [] : [`margin ${formatPercent(cost.margin)}`]), ...(max ? [max] : [])];
  return `cost ${cost.level}${parts.length ? ` (${parts.join(', ')})` : ''}`;
}
