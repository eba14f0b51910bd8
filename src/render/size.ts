/** Renders `capplan size`: one service's sizing as text, Markdown or JSON. */
import type { ComponentPlan, PhasePlan } from '../plan/types.js';
import { formatNumber, formatPercent } from '../units/format.js';
import { normaliseForJson } from './json.js';
import { DEFAULT_LAYOUT, glyphsOf, type Layout } from './layout.js';
import { mdTable, mdText } from './markdown.js';
import type { Palette } from './palette.js';
import { formatLatency } from './plan-text.js';
import { drawTable } from './table.js';
import { wrapStyled } from './wrap.js';

/** "6 replicas", "1 replica": the headline's count, the same in every format. */
export function sizeReplicas(c: ComponentPlan): string {
  return `${formatNumber(c.replicas)} ${c.replicas === 1 ? 'replica' : 'replicas'}`;
}

/** The figures of the one-off sizing as [label, value] rows, shared by the text and Markdown renderings. */
export function sizeFigures(phase: PhasePlan): [label: string, value: string][] {
  const c = phase.components[0]!;
  return [
    ['demand', `${formatNumber(c.demand)} req/s at peak${sessionsText(phase)}`],
    ['capacity', `${formatNumber(c.capacityPerUnit)} req/s per replica (${c.capacityDerivation})`],
    ['utilisation', `${formatPercent(c.utilization)} at peak (target ${formatPercent(c.targetUtilization)})`],
    ['p95', `${formatLatency(c.latencyP95)}${c.latencyBudget !== null ? ` (budget ${formatLatency(c.latencyBudget)})` : ''} · P(wait) ${c.waitProbability === null ? '–' : formatPercent(c.waitProbability)}`],
    ['carries', `${formatNumber(c.maxRps)} req/s at target · breaks at ${formatNumber(c.breakingRps)} req/s · headroom ${formatNumber(phase.system.headroom)}×`],
  ];
}

/**
 * " (50,000 sessions/day, peak 3× the day's mean)": the sessions and the peak factor that turned
 * them into the peak, so a rate sized without --peak-factor shows that its peak is the mean.
 */
function sessionsText(phase: PhasePlan): string {
  const w = phase.workload;
  if (w.sessionsPerDay === null) return '';
  const peak = Math.abs(w.peakFactor - 1) < 1e-12 ? 'peak factor 1: the peak is the day’s mean' : `peak ${formatNumber(w.peakFactor)}× the day’s mean`;
  return ` (${formatNumber(w.sessionsPerDay)} sessions/day, ${peak})`;
}

/** The one-off sizing as text: the figures, then each constraint with its numbers, fitted to the width. */
export function renderSizeText(phase: PhasePlan, p: Palette, layout: Layout = DEFAULT_LAYOUT): string {
  const c = phase.components[0]!;
  const g = glyphsOf(layout);
  const keyValue = [{ header: '' }, { header: '', wrap: true, minWidth: 20 }];
  const lines = [
    `${p.bold(sizeReplicas(c))} (binding: ${p.cyan(c.binding)})`,
    drawTable(keyValue, sizeFigures(phase), { layout, palette: p, head: false }).text,
  ];
  if (layout.detail !== 'quiet') {
    lines.push('  constraints', drawTable(keyValue, c.constraints.map((k) => [k.binding, k.substituted.replace(' ≤ ', ` ${g.le} `)]), { layout, palette: p, head: false, indent: 4 }).text);
  }
  for (const v of c.violations) {
    lines.push(...wrapStyled(v.message, layout.width, p.red, { first: `  ${p.red(g.fail)} `, rest: '    ' }));
    lines.push(...wrapStyled(`remedy: ${v.remedy}`, layout.width, (s) => s, { first: '    ' }));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The one-off sizing as a Markdown section (for a design document or a pull request): a heading
 * naming the component and its peak demand, the text's headline, figures and worked constraints as tables, then the
 * violations with their remedies. Never wrapped or coloured; every constraint is listed.
 */
export function renderSizeMarkdown(phase: PhasePlan): string {
  const c = phase.components[0]!;
  const out = [
    `## Sizing: ${mdText(c.name)} at ${formatNumber(c.demand)} req/s`,
    '',
    `**${sizeReplicas(c)}** (binding: ${mdText(c.binding)})`,
    '',
    mdTable(['figure', 'value'], sizeFigures(phase)),
    '',
    '**Constraints:**',
    '',
    mdTable(['constraint', 'working'], c.constraints.map((k) => [k.binding, k.substituted])),
    '',
  ];
  if (c.violations.length) {
    out.push(`**${c.violations.length} violation${c.violations.length === 1 ? '' : 's'}:**`, '');
    for (const v of c.violations) out.push(`- ❌ ${v.message}  `, `  remedy: ${v.remedy}`);
  } else {
    out.push('✅ No violations.');
  }
  return `${out.join('\n')}\n`;
}

/** The one-off sizing as JSON: the workload and the component plan. */
export function renderSizeJson(phase: PhasePlan): string {
  const c = phase.components[0]!;
  const doc = {
    replicas: c.replicas,
    binding: c.binding,
    utilization: c.utilization,
    latencyP95: c.latencyP95,
    waitProbability: c.waitProbability,
    demand: c.demand,
    capacityPerReplica: c.capacityPerUnit,
    maxRps: c.maxRps,
    breakingRps: c.breakingRps,
    headroom: phase.system.headroom,
    peakRps: phase.peakRps,
    meanRps: phase.meanRps,
    constraints: c.constraints,
    violations: c.violations,
  };
  return `${JSON.stringify(normaliseForJson(doc), null, 2)}\n`;
}
