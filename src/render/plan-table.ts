/** The terminal rendering of a plan: a table per phase, the system summary, violations, a roadmap. */
import type { Plan } from '../plan/types.js';
import type { Palette } from './palette.js';
import { renderTextTable, type Align } from './text-table.js';
import { COMPONENT_HEADERS, componentCells, explainLines, phaseHeadline, roadmapRows, systemLines, violationLines } from './plan-text.js';

/** Options of the plan renderers. */
export interface PlanRenderOptions {
  palette: Palette;
  explain?: boolean;
  /** Extra sections appended per phase (bills), rendered by their own modules. */
  phaseSections?: (phaseIndex: number) => string[];
}

/** A table with bold headers, in the palette's colours. */
export function textTable(headers: readonly string[], rows: readonly string[][], palette: Palette, align?: readonly Align[]): string {
  return renderTextTable(headers, rows, { style: palette.bold, ...(align ? { align } : {}) });
}

/** Renders the plan for a terminal. */
export function renderPlanTable(plan: Plan, opts: PlanRenderOptions): string {
  const p = opts.palette;
  const out: string[] = [];
  out.push(p.bold(`capplan plan: ${plan.profile}`));
  plan.phases.forEach((phase, i) => {
    out.push('');
    out.push(`${p.bold(p.cyan(`Phase ${phase.name}`))}  ${p.dim(phaseHeadline(phase))}`);
    const rows = phase.components.map((c) => {
      const cells = componentCells(c, phase.system.bottleneck);
      if (c.violations.length) cells[0] = p.red(cells[0]!);
      if (c.utilization > c.targetUtilization + 1e-9) cells[5] = p.yellow(cells[5]!);
      return cells;
    });
    out.push(textTable(COMPONENT_HEADERS, rows, p, ['left', 'left', 'right', 'left', 'left', 'right', 'right', 'right']));
    for (const line of systemLines(phase)) out.push(`  ${line}`);
    if (phase.violations.length) {
      out.push(p.red(p.bold(`  ${phase.violations.length} violation${phase.violations.length === 1 ? '' : 's'}:`)));
      for (const v of phase.violations) {
        const [what, remedy] = violationLines(v);
        out.push(`  ${p.red('✗')} ${what}`);
        out.push(`      ${p.dim(remedy)}`);
      }
    } else {
      out.push(`  ${p.green('✓')} no violations`);
    }
    for (const s of opts.phaseSections?.(i) ?? []) out.push(s);
    if (opts.explain) {
      out.push('');
      out.push(p.bold(`  How each figure was derived (${phase.name})`));
      out.push(`  workload: ${phase.workload.derivation}`);
      for (const c of phase.components) {
        out.push(`  ${p.bold(c.name)} ${p.dim(`(${c.kind})`)}`);
        for (const line of explainLines(c, phase)) out.push(`    ${line}`);
      }
    }
  });
  if (plan.phases.length > 1) {
    const r = roadmapRows(plan);
    out.push('');
    out.push(p.bold('Roadmap'));
    out.push(textTable(r.headers, r.rows, p));
  }
  if (plan.notes.length) {
    out.push('');
    for (const n of plan.notes) out.push(p.dim(`note: ${n}`));
  }
  return `${out.join('\n')}\n`;
}
