/** The plan as a Markdown document section (for design docs and PR comments). */
import type { PlanSource } from '../plan/solve.js';
import type { PhasePlan, Plan } from '../plan/types.js';
import { renderBillMarkdown } from './bill.js';
import { mdTable, mdText, mdTextWithCode } from './markdown.js';
import { summarisePhase, type PhaseSummary } from './plan-summary.js';
import { runNotesOf } from './run-notes.js';
import { COMPONENT_HEADERS, componentCells, explainLines, phaseHeadline, roadmapRows, systemLines, violationLines } from './plan-text.js';

/** Options of the Markdown plan. */
export interface PlanMarkdownOptions {
  explain?: boolean;
  /** Extra sections appended per phase, rendered by their own modules. */
  phaseSections?: (i: number) => string[];
}

/** Renders the plan as Markdown. */
export function renderPlanMarkdown(plan: Plan, opts: PlanMarkdownOptions = {}): string {
  return [...planMarkdownChunks(plan, opts)].join('');
}

/**
 * renderPlanMarkdown's text in pieces, a phase at a time (the same bytes): the phases are read
 * once, in order, and only each one's summary (plan-summary.ts) is kept for the roadmap and the
 * closing sections. The document ends in exactly one line break.
 */
export function* planMarkdownChunks(plan: PlanSource, opts: PlanMarkdownOptions = {}): Generator<string> {
  // The document is its lines joined with line breaks, its trailing breaks cut to one: a
  // piece's trailing breaks are held back until more text follows them.
  let held = '';
  function* piece(lines: readonly string[], first: boolean): Generator<string> {
    const text = `${first ? '' : '\n'}${lines.join('\n')}`;
    let end = text.length;
    while (end > 0 && text.charCodeAt(end - 1) === 10) end--;
    if (end > 0) {
      yield held + text.slice(0, end);
      held = '';
    }
    held += text.slice(end);
  }
  yield* piece([`## Capacity plan: ${mdText(plan.profile)}`, ''], true);
  const summaries: PhaseSummary[] = [];
  // The next phase's lines, or undefined after the last: a function of its own, so that this
  // generator holds no phase while the next one is solved (pipelines solve it as it is read).
  const phases = plan.phases[Symbol.iterator]();
  const nextLines = (): string[] | undefined => {
    const next = phases.next();
    if (next.done) return undefined;
    const lines = phaseLines(next.value, summaries.length, opts);
    summaries.push(summarisePhase(next.value, summaries[summaries.length - 1] ?? null));
    return lines;
  };
  for (let lines = nextLines(); lines !== undefined; lines = nextLines()) yield* piece(lines, false);
  const out: string[] = [];
  if (summaries.length > 1) {
    const r = roadmapRows({ phases: summaries });
    out.push('### Roadmap', '', mdTable(r.headers, r.rows), '');
  }
  if (plan.profileNotes.length) out.push('### Notes from the profile', '', ...plan.profileNotes.map((n) => `- ${mdText(n)}`), '');
  // Said once for the whole plan, not under every phase's bill.
  const notes = runNotesOf({ phases: summaries, notes: [...plan.notes] });
  if (notes.warnings.length) out.push('### Warnings', '', ...notes.warnings.map((w) => `- ⚠ ${mdTextWithCode(w)}`), '');
  for (const s of [...notes.provenance, ...notes.notices]) out.push(`<sub>${mdTextWithCode(s)}</sub>`, '');
  for (const n of notes.notes) out.push(`> Note: ${mdTextWithCode(n)}`, '');
  if (out.length > 0) yield* piece(out, false);
  yield '\n';
}

/** The Markdown lines of one phase. */
function phaseLines(phase: PhasePlan, i: number, opts: PlanMarkdownOptions): string[] {
  const out: string[] = [];
  out.push(`### Phase ${mdText(phase.name)}`, '', mdTextWithCode(phaseHeadline(phase)), '');
  out.push(mdTable(COMPONENT_HEADERS, phase.components.map((c) => componentCells(c, phase.system.bottleneck)), ['left', 'left', 'right', 'left', 'left', 'right', 'right', 'right']));
  out.push('');
  for (const line of systemLines(phase)) out.push(`- ${mdTextWithCode(line)}`);
  out.push('');
  if (phase.violations.length) {
    out.push(`**${phase.violations.length} violation${phase.violations.length === 1 ? '' : 's'}:**`, '');
    for (const v of phase.violations) {
      const [what, remedy] = violationLines(v);
      out.push(`- ❌ ${mdTextWithCode(what)}  `, `  ${mdTextWithCode(remedy)}`);
    }
  } else {
    out.push('✅ No violations.');
  }
  out.push('');
  if (phase.findings.length) out.push(`**${phase.findings.length} finding${phase.findings.length === 1 ? '' : 's'}:**`, '', ...phase.findings.map((f) => `- ${mdTextWithCode(f)}`), '');
  if (phase.bill) out.push(renderBillMarkdown(phase.bill), '');
  for (const s of opts.phaseSections?.(i) ?? []) out.push(s, '');
  if (opts.explain) {
    out.push('<details><summary>How each figure was derived</summary>', '', `- workload: ${mdTextWithCode(phase.workload.derivation)}${phase.regions ? `; ${mdTextWithCode(phase.regions.derivation)}` : ''}`);
    for (const c of phase.components) {
      out.push(`- **${c.name}** (${c.kind})`);
      for (const line of explainLines(c, phase)) out.push(`  - ${mdTextWithCode(line.trim())}`);
    }
    out.push('- **request path**');
    for (const line of phase.system.latencyModel) out.push(`  - ${mdTextWithCode(line)}`);
    out.push('', '</details>', '');
  }
  return out;
}
