/** The plan as a Markdown document section (for design docs and PR comments). */
import type { Plan } from '../plan/types.js';
import { renderBillMarkdown } from './bill.js';
import { mdTable } from './markdown.js';
import { collectRunNotes } from './run-notes.js';
import { COMPONENT_HEADERS, componentCells, explainLines, phaseHeadline, roadmapRows, systemLines, violationLines } from './plan-text.js';

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
    if (phase.findings.length) out.push(`**${phase.findings.length} finding${phase.findings.length === 1 ? '' : 's'}:**`, '', ...phase.findings.map((f) => `- ${f}`), '');
    if (phase.bill) out.push(renderBillMarkdown(phase.bill), '');
    for (const s of opts.phaseSections?.(i) ?? []) out.push(s, '');
    if (opts.explain) {
      out.push('<details><summary>How each figure was derived</summary>', '', `- workload: ${phase.workload.derivation}${phase.regions ? `; ${phase.regions.derivation}` : ''}`);
      for (const c of phase.components) {
        out.push(`- **${c.name}** (${c.kind})`);
        for (const line of explainLines(c, phase)) out.push(`  - ${line.trim()}`);
      }
      out.push('- **request path**');
      for (const line of phase.system.latencyModel) out.push(`  - ${line}`);
      out.push('', '</details>', '');
    }
  });
  if (plan.phases.length > 1) {
    const r = roadmapRows(plan);
    out.push('### Roadmap', '', mdTable(r.headers, r.rows), '');
  }
  if (plan.profileNotes.length) out.push('### Notes from the profile', '', ...plan.profileNotes.map((n) => `- ${n}`), '');
  // Said once for the whole plan, not under every phase's bill.
  const notes = collectRunNotes(plan);
  if (notes.warnings.length) out.push('### Warnings', '', ...notes.warnings.map((w) => `- ⚠ ${w}`), '');
  for (const s of [...notes.provenance, ...notes.notices]) out.push(`<sub>${s}</sub>`, '');
  for (const n of notes.notes) out.push(`> Note: ${n}`, '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
