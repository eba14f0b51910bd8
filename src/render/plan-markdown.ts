/** The plan as a Markdown document section (for design docs and PR comments). */
import type { Plan } from '../plan/types.js';
import { COMPONENT_HEADERS, componentCells, explainLines, phaseHeadline, roadmapRows, systemLines, violationLines } from './plan-text.js';

/** Escapes a table cell for GitHub-flavoured Markdown. */
export function mdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** A GitHub-flavoured Markdown table. */
export function mdTable(headers: readonly string[], rows: readonly string[][], align?: readonly ('left' | 'right')[]): string {
  const sep = headers.map((_, i) => (align?.[i] === 'right' ? '---:' : '---'));
  return [headers, sep, ...rows].map((r) => `| ${r.map((c, i) => (r === sep ? c : mdCell(c ?? ''))).join(' | ')} |`).join('\n');
}

/** Renders the plan as Markdown. */
export function renderPlanMarkdown(plan: Plan, opts: { explain?: boolean; phaseSections?: (i: number) => string[] } = {}): string {
  const out: string[] = [`## Capacity plan: ${plan.profile}`, ''];
  plan.phases.forEach((phase, i) => {
    out.push(`### Phase ${phase.name}`, '', phaseHeadline(phase), '');
    out.push(mdTable(COMPONENT_HEADERS, phase.components.map((c) => componentCells(c, phase.system.bottleneck)), ['left', 'left', 'right', 'left', 'left', 'right', 'right', 'right']));
    out.push('');
    for (const line of systemLines(phase)) out.push(`- ${line}`);
    out.push('');
    if (phase.violations.length) {
      out.push(`**${phase.violations.length} violation${phase.violations.length === 1 ? '' : 's'}:**`, '');
      for (const v of phase.violations) {
        const [what, remedy] = violationLines(v);
        out.push(`- ❌ ${what}  `, `  ${remedy}`);
      }
    } else {
      out.push('✅ No violations.');
    }
    out.push('');
    for (const s of opts.phaseSections?.(i) ?? []) out.push(s, '');
    if (opts.explain) {
      out.push('<details><summary>How each figure was derived</summary>', '', `- workload: ${phase.workload.derivation}`);
      for (const c of phase.components) {
        out.push(`- **${c.name}** (${c.kind})`);
        for (const line of explainLines(c, phase)) out.push(`  - ${line.trim()}`);
      }
      out.push('', '</details>', '');
    }
  });
  if (plan.phases.length > 1) {
    const r = roadmapRows(plan);
    out.push('### Roadmap', '', mdTable(r.headers, r.rows), '');
  }
  for (const n of plan.notes) out.push(`> Note: ${n}`, '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
