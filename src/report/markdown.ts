/**
 * The report as Markdown for a pull request: the same header, summary, phases (the plan with
 * its --explain text, a Mermaid drawing of the request path, the bill), manifests and inputs
 * as the HTML page, with tables where the page has charts (GitHub does not render inline SVG). Pure.
 */
import type { PhasePlan } from '../plan/types.js';
import { mdTable, mdText } from '../render/markdown.js';
import { renderPlanMarkdown } from '../render/plan-markdown.js';
import { COMPARISON_HEADERS, comparisonRows } from '../simulate/render-rows.js';
import { runLine } from '../simulate/render-text.js';
import { formatHeadroom } from '../render/plan-text.js';
import { formatDuration, formatNumber, formatPercent, formatUsd } from '../units/format.js';
import { costTable, headlineFacts, overviewTable, pricesAsOf, type CellTable } from './cells.js';
import { DIAGRAM_LIMITS, diagramLeftOut, requestGraph } from './diagram.js';
import { esc } from './escape.js';
import { manifestTable } from './manifests.js';
import { violationsOf } from './phase-table.js';
import { REPORT_MARKER, commentSafe, type ReportInput } from './types.js';

function table(t: CellTable): string {
  return mdTable(
    t.headers.map((h) => h.text),
    t.rows.map((r) => r.map((c) => c.text)),
    t.headers.map((h) => (h.num ? 'right' : 'left')),
  );
}

/** Text for a Mermaid label inside double quotes: quotes and angle brackets as Mermaid's entity codes. */
function mermaidLabel(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** The request path as a Mermaid flowchart (GitHub and GitLab draw it). */
export function mermaidDiagram(phase: PhasePlan): string {
  const graph = requestGraph(phase);
  const leftOut = diagramLeftOut(phase, graph);
  if (leftOut) return mdText(leftOut);
  const id = (n: number) => `n${n}`;
  const lines = ['flowchart LR', `  n0(["clients<br/>${mermaidLabel(`${formatNumber(phase.peakRps)} req/s at peak`)}"])`];
  phase.components.forEach((c, i) => lines.push(`  ${id(i + 1)}["${mermaidLabel(c.name)}<br/>${mermaidLabel(`${c.topology} · ${formatPercent(c.utilization)}`)}"]`));
  for (const [a, b] of graph.edges) lines.push(`  ${id(a)} ${graph.inferred ? '-.->' : '-->'} ${id(b)}`);
  const b = phase.components.findIndex((c) => c.name === phase.system.bottleneck);
  const violated = phase.components.map((c, i) => (violationsOf(phase, c).length ? id(i + 1) : '')).filter(Boolean);
  lines.push('  classDef bottleneck stroke:#0969da,stroke-width:3px', '  classDef violated stroke:#cf222e,stroke-width:2px');
  if (violated.length) lines.push(`  class ${violated.join(',')} violated`);
  if (b >= 0) lines.push(`  class ${id(b + 1)} bottleneck`);
  const text = lines.join('\n');
  if (text.length <= DIAGRAM_LIMITS.mermaidChars) return `\`\`\`mermaid\n${text}\n\`\`\``;
  return mdText(`The request-path diagram is left out: its Mermaid text is ${formatNumber(text.length)} characters, more than the ${formatNumber(DIAGRAM_LIMITS.mermaidChars)} Mermaid draws (long component names).`);
}

/** The sweep of phase `i` in one paragraph: where the p95 turns up and where it reaches the target. */
function sweepLines(input: ReportInput, i: number): string[] {
  const s = input.sweeps?.[i];
  if (!s) return [];
  const parts = [`planned peak ${formatNumber(s.peakRps)} req/s`];
  if (s.knee) parts.push(`knee at ${formatNumber(s.knee.rps)} req/s (p95 ${formatDuration(s.knee.latencyS)})`);
  if (s.latencyLimitRps !== null && s.latencyTarget !== null) parts.push(`the p95 reaches its target ${formatDuration(s.latencyTarget)} at ${formatNumber(s.latencyLimitRps)} req/s`);
  const hb = s.hardBreak ?? null;
  if (hb) parts.push(`a hard break at ${formatNumber(hb.rps)} req/s (${hb.component}: ${hb.limitedBy}, which no replica count lifts)`);
  return [`**Under a rising load** (the planned topology held): ${parts.join('; ')}.`];
}

/** The tornado of phase `i` as a table, when the report has one. */
function tornadoTable(input: ReportInput, i: number): string[] {
  const u = input.uncertain;
  if (!u || u.phaseIndex !== i || u.bars.length === 0) return [];
  const priced = u.base.monthly !== null && u.bars.every((b) => b.monthlyLow !== null && b.monthlyHigh !== null);
  const fmt = (v: number) => (priced ? formatUsd(v) : formatHeadroom(v));
  const rows = u.bars.map((b) => [b.input, fmt(priced ? b.monthlyLow! : b.headroomLow), fmt(priced ? b.monthlyHigh! : b.headroomHigh)]);
  const what = priced ? 'monthly cost' : 'headroom';
  return [`**Sensitivity** (${what} with every input at its median: ${fmt(priced ? u.base.monthly! : u.base.headroom)})\n\n${mdTable(['input', `${what} at p10`, `${what} at p90`], rows, ['left', 'right', 'right'])}`];
}

/** A fence longer than any run of backticks in the text, so the text cannot close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
}

/** The report as a Markdown document. */
export function renderReportMarkdown(input: ReportInput): string {
  const plan = input.plan;
  const source = input.sources[0]?.file ?? plan.profile;
  const asOf = pricesAsOf(plan);
  const meta = [`profile \`${source}\``, `capplan ${input.version}`, ...(asOf ? [`prices as of ${asOf}`] : []), ...(input.date ? [`report date ${input.date}`] : [])];
  const out = [`<!-- ${REPORT_MARKER} ${commentSafe(`${input.version} from ${source}`)} -->`, `# Capacity report: ${mdText(plan.profile)}`, '', meta.join(' · '), ''];
  if (input.description) out.push(`> ${mdText(input.description)}`, '');
  for (const f of headlineFacts(plan, () => '')) out.push(`- **${f.label}**: ${f.lead ? `${f.lead.text} ` : ''}${f.value.text}`);
  out.push('', '## Summary', '', table(overviewTable(plan, () => '')), '');
  const cost = costTable(plan);
  if (cost) out.push('**Monthly cost per phase by component**', '', table(cost), '');
  const phaseSections = (i: number) => {
    const p = plan.phases[i]!;
    const description = input.phaseDescriptions[i];
    const sim = input.simulations?.[i];
    const simulated = sim ? [`**Simulated beside the plan** (${runLine(sim)})\n\n${mdTable([...COMPARISON_HEADERS], comparisonRows(sim), ['left', 'left', 'right', 'right', 'left'])}`] : [];
    return [...(description ? [`> ${mdText(description)}`] : []), `**Request path**\n\n${mermaidDiagram(p)}`, ...sweepLines(input, i), ...tornadoTable(input, i), ...simulated];
  };
  if (input.runway) {
    const r = input.runway;
    out.push('## Runway', '', `${r.headline} (phase ${r.phase}, ${r.months.length - 1} months).`, '', ...r.events.map((e) => `- **${e.label}**: ${e.summary}`), '');
  }
  out.push(renderPlanMarkdown(plan, { explain: true, phaseSections }).trimEnd(), '');
  if (input.manifests) {
    out.push('## Manifests', '', 'Objects `capplan emit k8s` writes for each phase:', '', table(manifestTable(input.manifests)), '');
  }
  out.push('## Inputs', '');
  for (const s of input.sources) {
    const f = fence(s.text);
    out.push(`<details><summary>${esc(s.role)}: <code>${esc(s.file)}</code></summary>`, '', `${f}yaml`, s.text.replace(/\n+$/, ''), f, '', '</details>', '');
  }
  for (const n of input.notes) out.push(`> Note: ${n}`, '');
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
