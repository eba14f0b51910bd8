/** One phase of the report: workload, system figures, the request-path diagram, the component table, violations, the explanation and the bill. Pure. */
import type { PhasePlan, Violation } from '../plan/types.js';
import { unboundedReason } from '../plan/unbounded.js';
import { bottleneckLabel, formatHeadroom, formatLatency } from '../render/plan-text.js';
import { formatDuration, formatNumber, formatUsd, formatWholeDown } from '../units/format.js';
import { renderBillSection } from './bill-section.js';
import { renderTornado } from './chart-explore.js';
import { renderSweepCharts } from './chart-sweep.js';
import { renderSimulationSection } from './simulation-section.js';
import { attrs, esc, planFigure, planPath, scrollBox } from './escape.js';
import { diagramLeftOut, renderRequestDiagram } from './diagram.js';
import { componentTable, explainBlock, sourceLink } from './phase-table.js';
import { chartFigure } from './svg.js';
import type { ReportInput } from './types.js';

/** The id of a phase's section. */
export function phaseAnchor(phaseIndex: number): string {
  return `phase-${phaseIndex}`;
}

/** One figure card: a label over a value (already marked up). */
export function card(label: string, value: string, tone: 'bad' | 'ok' | '' = ''): string {
  return `<div${attrs({ class: `card${tone ? ` ${tone}` : ''}` })}><span class="k">${esc(label)}</span><span class="v">${value}</span></div>`;
}

/** The phase's workload in one line, each figure marked. */
function workloadLine(p: PhasePlan, path: string): string {
  const w = p.workload;
  const parts = [`peak ${planFigure(`${path}.peakRps`, formatNumber(p.peakRps))} req/s`, `mean ${planFigure(`${path}.meanRps`, formatNumber(p.meanRps))} req/s`];
  if (w.sessionsPerDay !== null) parts.push(`${planFigure(`${path}.workload.sessionsPerDay`, formatNumber(w.sessionsPerDay))} sessions/day`);
  if (w.concurrentUsers !== null) parts.push(`${planFigure(`${path}.workload.concurrentUsers`, formatNumber(w.concurrentUsers))} concurrent users`);
  if (p.scale !== 1) parts.push(`scale ×${planFigure(`${path}.scale`, formatNumber(p.scale))}`);
  return `<p class="workload">${parts.join(' · ')}</p>`;
}

function systemCards(p: PhasePlan, path: string): string {
  const s = p.system;
  const sp = `${path}.system`;
  const b = p.components.find((c) => c.name === s.bottleneck);
  const headroomLow = p.targets.minHeadroom !== null && s.headroom < p.targets.minHeadroom;
  const latencyOver = s.latencyTarget !== null && !(s.latencyP95 <= s.latencyTarget);
  const unbounded = unboundedReason(p);
  // Nothing limits the rate: the reason, not "∞ req/s" and a p95 of no request.
  const cards = unbounded !== null ? [card('load', esc(unbounded)), card('bottleneck', planFigure(`${sp}.bottleneck`, bottleneckLabel(s.bottleneck)))] : [
    card('max sustainable load', `${planFigure(`${sp}.maxRps`, formatNumber(s.maxRps))} req/s`),
    card('breaking point', `${planFigure(`${sp}.breakingRps`, formatNumber(s.breakingRps))} req/s`),
    card(`headroom${p.targets.minHeadroom !== null ? ` (gate ${formatNumber(p.targets.minHeadroom)}×)` : ''}`, planFigure(`${sp}.headroom`, formatHeadroom(s.headroom)), headroomLow ? 'bad' : ''),
    card('bottleneck', `${planFigure(`${sp}.bottleneck`, bottleneckLabel(s.bottleneck))}${b ? ` <small>(${esc(b.maxRpsBy)})</small>` : ''}`),
    card(`end-to-end p95${s.latencyTarget !== null ? ` (target ${formatDuration(s.latencyTarget)})` : ''}`, planFigure(`${sp}.latencyP95`, formatLatency(s.latencyP95)), latencyOver ? 'bad' : ''),
  ];
  if (s.maxSessionsPerDay !== null) cards.push(card('max sessions/day', planFigure(`${sp}.maxSessionsPerDay`, formatWholeDown(s.maxSessionsPerDay))));
  if (p.bill) cards.push(card('monthly cost', planFigure(`${path}.bill.monthly`, formatUsd(p.bill.monthly))));
  cards.push(card('violations', String(p.violations.length), p.violations.length ? 'bad' : 'ok'));
  return `<div class="cards">${cards.join('')}</div>`;
}

/** The violations of a phase with their remedies, each linked to the profile line most responsible. */
export function violationList(violations: readonly Violation[], path: string, lineOf: Readonly<Record<string, number>>): string {
  if (violations.length === 0) return '<p class="ok">✓ No violations.</p>';
  const items = violations.map((v, i) => {
    const vp = `${path}.violations[${i}]`;
    const where = v.component ?? 'system';
    return (
      `<li><strong>${sourceLink(v.path || where, lineOf[v.path], esc(where))}</strong> <span class="tag v">${esc(v.kind)}</span> ` +
      `${planFigure(`${vp}.message`, v.message)}<span class="remedy">Remedy: ${planFigure(`${vp}.remedy`, v.remedy)}</span></li>`
    );
  });
  return `<ul class="violations">${items.join('')}</ul>`;
}

function diagramFigure(p: PhasePlan, i: number, colours: ReadonlyMap<string, number>): string {
  const callersOf = new Map<string, string[]>();
  for (const k of p.components) {
    for (const to of new Set(k.calls)) {
      const list = callersOf.get(to);
      if (list) list.push(k.name);
      else callersOf.set(to, [k.name]);
    }
  }
  const rows = p.components.map((c) => {
    const callers = callersOf.get(c.name) ?? [];
    return `<tr><th scope="row">${esc(c.name)}</th><td>${esc(callers.join(', ') || '–')}</td><td>${esc(c.calls.join(', ') || '–')}</td><td>${esc(c.topology)}</td></tr>`;
  });
  const table = scrollBox(`<table><thead><tr><th scope="col">component</th><th scope="col">called by</th><th scope="col">calls</th><th scope="col">size</th></tr></thead><tbody>${rows.join('')}</tbody></table>`);
  const leftOut = diagramLeftOut(p);
  if (leftOut) return `<div class="chart-block" id="${phaseAnchor(i)}-path-figure"><p class="note">${esc(leftOut)} Each component's callers and calls:</p>${table}</div>`;
  const d = renderRequestDiagram(p, { id: `${phaseAnchor(i)}-path`, path: planPath('phases', i), colours });
  const caption = `Request path: boxes are components with their size and utilisation at peak (the bar's tick is the target); the bottleneck is outlined in blue, components with violations in red, asynchronous ones dashed.${d.inferred ? ' No component declares calls, so the arrows follow the path the planner inferred.' : ''}`;
  return chartFigure({ id: `${phaseAnchor(i)}-path-figure`, caption, svg: d.svg, table });
}

/** The sweep's charts and the tornado of phase `i`, when the report has them. */
function explorations(input: ReportInput, i: number, colours: ReadonlyMap<string, number>): string[] {
  const out: string[] = [];
  const sweep = input.sweeps?.[i];
  const p = input.plan.phases[i]!;
  if (sweep) out.push('<h3>Under a rising load</h3>', renderSweepCharts(sweep, { id: `${phaseAnchor(i)}-sweep`, colours, targetUtilization: new Map(p.components.map((c) => [c.name, c.targetUtilization])) }));
  const u = input.uncertain;
  if (u && u.phaseIndex === i && u.bars.length) out.push('<h3>Sensitivity to uncertain inputs</h3>', renderTornado(u.bars, u.base, { id: `${phaseAnchor(i)}-tornado`, phase: p.name }));
  return out;
}

/** The whole section of phase `i`. */
export function renderPhaseSection(input: ReportInput, i: number, colours: ReadonlyMap<string, number>): string {
  const p = input.plan.phases[i]!;
  const path = planPath('phases', i);
  const description = input.phaseDescriptions[i];
  const out = [
    `<section class="phase" id="${phaseAnchor(i)}" aria-labelledby="${phaseAnchor(i)}-h">`,
    `<h2 id="${phaseAnchor(i)}-h">Phase ${planFigure(`${path}.name`, p.name)}</h2>`,
    description ? `<p class="desc">${esc(description)}</p>` : '',
    workloadLine(p, path),
    systemCards(p, path),
    diagramFigure(p, i, colours),
    ...explorations(input, i, colours),
    `<h3>Components</h3>`,
    componentTable(p, i, input.lineOf),
    `<h3>Violations</h3>`,
    violationList(p.violations, path, input.lineOf),
    input.simulations?.[i] ? renderSimulationSection(input.simulations[i]!) : '',
    explainBlock(p, i),
    p.bill ? renderBillSection(p.bill, i) : '',
    `</section>`,
  ];
  return out.join('\n');
}
