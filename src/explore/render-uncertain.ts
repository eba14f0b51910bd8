/**
 * Renderers of `plan --uncertain`: the inputs, each component's units, utilisation, p95 and cost
 * as P50/P90/P99 (cost also P10), the plan to deploy at the chosen confidence, the bill's range,
 * and the tornado; terminal, Markdown and JSON. Table data is built as plain row arrays.
 */
import type { Palette } from '../render/palette.js';
import { normaliseForJson } from '../render/json.js';
import { renderTextTable, type Align } from '../render/text-table.js';
import type { QuantityKind } from '../units/quantity.js';
import { formatBytes, formatByteRate, formatDuration, formatNumber, formatPercent, formatUsd } from '../units/format.js';
import type { MonteCarloResult, Spread } from './monte-carlo.js';
import { wrap } from './wrap.js';

/** A value of an input's kind for people: "20 ms", "1,000/s", "6 GiB", "70%". */
export function formatQuantity(v: number, kind: QuantityKind | string): string {
  switch (kind) {
    case 'duration': return formatDuration(v);
    case 'rate': return `${formatNumber(v)}/s`;
    case 'bytes': return formatBytes(v);
    case 'byteRate': return formatByteRate(v);
    case 'fraction': return formatPercent(v);
    default: return formatNumber(v);
  }
}

const short = (path: string) => path.replace(/^components\./, '');
const ms = (s: number) => (Number.isFinite(s) ? formatDuration(s) : '∞');
const times = (h: number) => (Number.isFinite(h) ? `${formatNumber(h)}×` : '∞');
const pct = (confidence: number) => `${formatNumber(confidence * 100)} %`;

/** A table: headers and rows of cells. */
export interface Rows {
  headers: string[];
  rows: string[][];
  align: Align[];
}

/** The inputs: path, law, p10, p50, p90. */
export function inputRows(r: MonteCarloResult): Rows {
  return {
    headers: ['input', 'law', 'p10', 'p50', 'p90'],
    rows: r.inputs.map((i) => [short(i.path), i.law, formatQuantity(i.p10, i.kind), formatQuantity(i.p50, i.kind), formatQuantity(i.p90, i.kind)]),
    align: ['left', 'left', 'right', 'right', 'right'],
  };
}

/** Units per component: P50, P90, P99, and what to deploy at the confidence. */
export function unitRows(r: MonteCarloResult): Rows {
  return {
    headers: ['component', 'P50', 'P90', 'P99', `deploy (${pct(r.confidence)})`],
    rows: r.components.map((c) => [c.name, formatNumber(c.replicas.p50), formatNumber(c.replicas.p90), formatNumber(c.replicas.p99), c.atConfidence.topology]),
    align: ['left', 'right', 'right', 'right', 'left'],
  };
}

/** Utilisation and p95 per component, P50/P90/P99 each, and the end-to-end p95. */
export function loadRows(r: MonteCarloResult): Rows {
  const p = (s: Spread | null) => (s === null ? ['–', '–', '–'] : [ms(s.p50), ms(s.p90), ms(s.p99)]);
  return {
    headers: ['component', 'util P50', 'P90', 'P99', 'p95 P50', 'P90', 'P99'],
    rows: [
      ...r.components.map((c) => [c.name, formatPercent(c.utilization.p50), formatPercent(c.utilization.p90), formatPercent(c.utilization.p99), ...p(c.latencyP95)]),
      ['end to end', '', '', '', ...p(r.system.latencyP95)],
    ],
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  };
}

/** Monthly cost per component and in total: P10, P50, P90, P99. */
export function costRows(r: MonteCarloResult): Rows | null {
  if (r.system.monthly === null) return null;
  const usd = (s: Spread) => [formatUsd(s.p10, 0), formatUsd(s.p50, 0), formatUsd(s.p90, 0), formatUsd(s.p99, 0)];
  return {
    headers: ['monthly', 'P10', 'P50', 'P90', 'P99'],
    rows: [...r.components.filter((c) => c.monthly !== null && c.monthly.p99 > 0).map((c) => [c.name, ...usd(c.monthly!)]), ['bill (total)', ...usd(r.system.monthly)]],
    align: ['left', 'right', 'right', 'right', 'right'],
  };
}

/** The tornado: input, its p10..p90, the swing in monthly cost and in headroom. */
export function tornadoRows(r: MonteCarloResult): Rows {
  const kindOf = (path: string) => r.inputs.find((i) => i.path === path)?.kind ?? 'rate';
  return {
    headers: ['#', 'input (p10 → p90)', 'monthly', 'headroom now'],
    rows: r.tornado.map((t, i) => [
      String(i + 1),
      `${short(t.input)} ${formatQuantity(t.low, kindOf(t.input))} → ${formatQuantity(t.high, kindOf(t.input))}`,
      t.monthlyLow === null || t.monthlyHigh === null ? '–' : `${formatUsd(t.monthlyLow, 0)} → ${formatUsd(t.monthlyHigh, 0)}`,
      `${times(t.headroomLow)} → ${times(t.headroomHigh)}`,
    ]),
    align: ['right', 'left', 'right', 'right'],
  };
}

/** The summary lines: the bill's range, the deployed plan's cost, latency, headroom, violations. */
export function uncertainSummary(r: MonteCarloResult): string[] {
  const s = r.system;
  const lines: string[] = [];
  if (s.monthly !== null) {
    lines.push(`bill: ${formatUsd(s.monthly.p10, 0)} to ${formatUsd(s.monthly.p90, 0)} a month (P10–P90; P50 ${formatUsd(s.monthly.p50, 0)}, P99 ${formatUsd(s.monthly.p99, 0)}); at the medians ${formatUsd(r.point.monthly!, 0)}; the plan to deploy (${pct(r.confidence)}) ${formatUsd(r.deploy.monthly!, 0)}`);
  }
  lines.push(`end-to-end p95: P50 ${ms(s.latencyP95.p50)}, P90 ${ms(s.latencyP95.p90)}, P99 ${ms(s.latencyP95.p99)} (${ms(r.point.latencyP95)} at the medians)`);
  const peak = s.peakRps.p10 === s.peakRps.p90 ? '' : ` (peak P10–P90 ${formatNumber(s.peakRps.p10)}–${formatNumber(s.peakRps.p90)} req/s)`;
  lines.push(`the plan to deploy carries the peak within target utilisation in ${formatPercent(s.coverage)} of the samples; its headroom P10 ${times(s.headroom.p10)}, P50 ${times(s.headroom.p50)}${peak}`);
  const kinds = s.violations.slice(0, 4).map((v) => `${v.component ?? 'system'} ${v.kind} ${formatPercent(v.share)}`);
  lines.push(s.violationShare > 0 ? `${formatPercent(s.violationShare)} of the samples have a violation (${kinds.join(', ')}${s.violations.length > 4 ? ', …' : ''})` : 'no sample has a violation');
  return lines;
}

function table(t: Rows, palette: Palette): string {
  return renderTextTable(t.headers, t.rows, { style: palette.bold, align: t.align });
}

/** The terminal rendering. */
export function renderUncertainText(r: MonteCarloResult, palette: Palette): string {
  const cost = costRows(r);
  const out = [
    palette.bold(`capplan plan --uncertain: ${r.profile}`),
    ...wrap(`phase ${r.phase}: ${formatNumber(r.samples)} samples, seed ${r.seed}; the plan to deploy gives each component the units that cover ${pct(r.confidence)} of the samples`).map(palette.dim),
    '',
    palette.bold('Uncertain inputs'),
    table(inputRows(r), palette),
    '',
    palette.bold('Units'),
    table(unitRows(r), palette),
    '',
    palette.bold('Utilisation and p95'),
    table(loadRows(r), palette),
  ];
  if (cost) out.push('', palette.bold('Monthly cost'), table(cost, palette));
  out.push(...uncertainSummary(r).flatMap((l) => wrap(`  ${l}`, 80, '    ')));
  if (r.tornado.length) {
    out.push('', palette.bold('Sensitivity: each input from its p10 to its p90, the others at their medians'));
    out.push(...wrap('monthly: the plan sized for it; headroom now: what it leaves of the plan at the medians', 80).map(palette.dim), table(tornadoRows(r), palette));
  }
  return `${out.join('\n')}\n`;
}

/** The Markdown rendering. */
export function renderUncertainMarkdown(r: MonteCarloResult): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const md = (t: Rows) => ['| ' + t.headers.map(cell).join(' | ') + ' |', '| ' + t.align.map((a) => (a === 'right' ? '---:' : '---')).join(' | ') + ' |', ...t.rows.map((row) => '| ' + row.map(cell).join(' | ') + ' |'), ''];
  const cost = costRows(r);
  return [
    `## Uncertain plan: ${r.profile}, ${r.phase}`,
    '',
    `${formatNumber(r.samples)} samples, seed ${r.seed}; the plan to deploy gives each component the units that cover ${pct(r.confidence)} of the samples.`,
    '',
    ...md(inputRows(r)),
    ...md(unitRows(r)),
    ...md(loadRows(r)),
    ...(cost ? md(cost) : []),
    ...uncertainSummary(r).map((l) => `- ${l}`),
    '',
    ...(r.tornado.length ? ['Sensitivity: each input from its p10 to its p90, the others at their medians (monthly: the plan sized for it; headroom now: what it leaves of the plan at the medians).', '', ...md(tornadoRows(r))] : []),
  ].join('\n');
}

/** The JSON document (docs/explore.md). */
export function uncertainJson(r: MonteCarloResult): unknown {
  return normaliseForJson({ apiVersion: 'capplan/v1', kind: 'uncertain', ...r });
}

/** The JSON rendering. */
export function renderUncertainJson(r: MonteCarloResult): string {
  return `${JSON.stringify(uncertainJson(r), null, 2)}\n`;
}
