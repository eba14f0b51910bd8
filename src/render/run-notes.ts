/**
 * What a run says once: the bills' warnings de-duplicated across phases ("! default requests
 * per replica for redis (phases: all)"), unpriced items merged by reason, the price sources and
 * the provider's notice once, and the planner's notes.
 */
import type { Plan } from '../plan/types.js';
import { summariseBill, type PhaseSummary } from './plan-summary.js';

/** The run's closing messages, each said once. */
export interface RunNotes {
  warnings: string[];
  /** "prices as of … from …", once per distinct catalog. */
  provenance: string[];
  /** Notices the price sources require next to their prices (AWS). */
  notices: string[];
  notes: string[];
}

/** " (phases: all)", " (phases: a, b)" or "" when the plan has one phase. */
export function phaseSuffix(phases: readonly string[], all: readonly string[]): string {
  if (all.length <= 1) return '';
  if (phases.length === all.length) return ' (phases: all)';
  return ` (phase${phases.length === 1 ? '' : 's'}: ${phases.join(', ')})`;
}

/** Groups messages by text, keeping first-seen order and the phases each came from. */
export function groupMessages(items: readonly { phase: string; text: string }[]): { text: string; phases: string[] }[] {
  const byText = new Map<string, string[]>();
  for (const { phase, text } of items) {
    const phases = byText.get(text) ?? [];
    if (!phases.includes(phase)) phases.push(phase);
    byText.set(text, phases);
  }
  return [...byText].map(([text, phases]) => ({ text, phases }));
}

const UNPRICED = /^(.+): unpriced: (.+)$/;

/**
 * Unpriced items with the same reason in the same phases become one message:
 * "unpriced: Kubernetes control plane, load balancer: no dated source …".
 */
function mergeUnpriced(groups: { text: string; phases: string[] }[]): { text: string; phases: string[] }[] {
  const out: { text: string; phases: string[]; items?: string[]; reason?: string }[] = [];
  for (const g of groups) {
    const m = UNPRICED.exec(g.text);
    if (!m) {
      out.push(g);
      continue;
    }
    const same = out.find((o) => o.reason === m[2] && o.phases.join('\n') === g.phases.join('\n'));
    if (same) same.items!.push(m[1]!);
    else out.push({ text: '', phases: g.phases, items: [m[1]!], reason: m[2]! });
  }
  return out.map((o) => (o.items ? { text: `unpriced: ${o.items.join(', ')}: ${o.reason}`, phases: o.phases } : o));
}

/** Collects what a plan says once: bill warnings, price sources, notices, planner notes. */
export function collectRunNotes(plan: Plan): RunNotes {
  return runNotesOf({ phases: plan.phases.map((p) => ({ name: p.name, bill: p.bill ? summariseBill(p.bill) : null })), notes: plan.notes });
}

/** collectRunNotes from the phases' summaries (plan-summary.ts). */
export function runNotesOf(plan: { phases: readonly Pick<PhaseSummary, 'name' | 'bill'>[]; notes: readonly string[] }): RunNotes {
  const all = plan.phases.map((p) => p.name);
  const items = plan.phases.flatMap((p) => (p.bill ? p.bill.warnings.map((text) => ({ phase: p.name, text })) : []));
  const warnings = mergeUnpriced(groupMessages(items)).map((g) => `${g.text}${phaseSuffix(g.phases, all)}`);
  const bills = plan.phases.flatMap((p) => (p.bill ? [p.bill] : []));
  const provenance = [...new Set(bills.map((b) => b.provenance))];
  const notices = [...new Set(bills.flatMap((b) => (b.disclaimer ? [b.disclaimer] : [])))];
  return { warnings, provenance, notices, notes: [...plan.notes] };
}
