/**
 * Renderers of `plan --uncertain`: the inputs, each component's units, utilisation, p95 and cost
 * as P50/P90/P99 (cost also P10), the plan to deploy at the chosen confidence, the bill's range,
 * and the tornado; terminal, Markdown and JSON. Table data is built as plain row arrays.
 */
import { normaliseForJson } from '../render/json.js';
import { formatDuration, formatNumber, formatPercent, formatQuantity, formatUsd } from '../units/format.js';
import type { MonteCarloResult, Spread } from './monte-carlo.js';
import { markdownTable, prose, quiet, table, type Rows, type TextOptions } from './text.js';
import { mdText, mdTextWithCode } from '../render/markdown.js';

const short = (path: string) => path.replace(/^components\./, '');
const ms = (s: number) => (Number.isFinite(s) ? formatDuration(s) : '∞');
const times = (h: number) => (Number.isFinite(h) ? `${formatNumber(h)}×` : '∞');
const pct = (confidence: number) => `${formatNumber(confidence * 100)} %`;

/** The inputs: path, law, p10, p50, p90. */
export function inputRows(r: MonteCarloResult): Rows {
  return {
    columns: [{ header: 'input', wrap: true, minWidth: 16 }, { header: 'law', drop: 1 }, { header: 'p10', align: 'right' }, { header: 'p50', align: 'right' }, { header: 'p90', align: 'right' }],
    rows: r.inputs.map((i) => [short(i.path), i.law, formatQuantity(i.p10, i.kind), formatQuantity(i.p50, i.kind), formatQuantity(i.p90, i.kind)]),
  };
}

/** Units per component: P50, P90, P99, and what to deploy at the confidence. */
export function unitRows(r: MonteCarloResult): Rows {
  return {
    columns: [{ header: 'component' }, { header: 'P50', align: 'right' }, { header: 'P90', align: 'right' }, { header: 'P99', align: 'right' }, { header: `deploy (${pct(r.confidence)})`, wrap: true, minWidth: 14 }],
    rows: r.components.map((c) => [c.name, formatNumber(c.replicas.p50), formatNumber(c.replicas.p90), formatNumber(c.replicas.p99), c.atConfidence.topology]),
  };
}

/** Utilisation and p95 per component, P50/P90/P99 each, and the end-to-end p95. */
export function loadRows(r: MonteCarloResult): Rows {
  const p = (s: Spread | null) => (s === null ? ['–', '–', '–'] : [ms(s.p50), ms(s.p90), ms(s.p99)]);
  const right = { align: 'right' as const };
  return {
    // A narrow terminal gives up the utilisation's P99, then its P90.
    columns: [{ header: 'component' }, { header: 'util P50', ...right }, { header: 'P90', ...right, drop: 2 }, { header: 'P99', ...right, drop: 1 }, { header: 'p95 P50', ...right }, { header: 'P90', ...right }, { header: 'P99', ...right }],
    rows: [
      ...r.components.map((c) => [c.name, formatPercent(c.utilization.p50), formatPercent(c.utilization.p90), formatPercent(c.utilization.p99), ...p(c.latencyP95)]),
      ['end to end', '', '', '', ...p(r.system.latencyP95)],
    ],
  };
}

/** Monthly cost per component and in total: P10, P50, P90, P99. */
export function costRows(r: MonteCarloResult): Rows | null {
  if (r.system.monthly === null) return null;
  const usd = (s: Spread) => [formatUsd(s.p10, 0), formatUsd(s.p50, 0), formatUsd(s.p90, 0), formatUsd(s.p99, 0)];
  const right = { align: 'right' as const };
  return {
    columns: [{ header: 'monthly' }, { header: 'P10', ...right }, { header: 'P50', ...right }, { header: 'P90', ...right }, { header: 'P99', ...right }],
    rows: [...r.components.filter((c) => c.monthly !== null && c.monthly.p99 > 0).map((c) => [c.name, ...usd(c.monthly!)]), ['bill (total)', ...usd(r.system.monthly)]],
  };
}

/** The tornado: input, its p10..p90, the swing in monthly cost and in headroom. */
export function tornadoRows(r: MonteCarloResult): Rows {
  const kindOf = (path: string) => r.inputs.find((i) => i.path === path)?.kind ?? 'rate';
  return {
    columns: [{ header: '#', align: 'right' }, { header: 'input (p10 → p90)', wrap: true, minWidth: 18 }, { header: 'monthly', align: 'right' }, { header: 'headroom now', align: 'right' }],
    rows: r.tornado.map((t, i) => [
      String(i + 1),
      `${short(t.input)} ${formatQuantity(t.low, kindOf(t.input))} → ${formatQuantity(t.high, kindOf(t.input))}`,
      t.monthlyLow === null || t.monthlyHigh === null ? '–' : `${formatUsd(t.monthlyLow, 0)} → ${formatUsd(t.monthlyHigh, 0)}`,
      `${times(t.headroomLow)} → ${times(t.headroomHigh)}`,
    ]),
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

/** The terminal rendering. */
export function renderUncertainText(r: MonteCarloResult, opts: TextOptions): string {
  const p = opts.palette;
  const cost = costRows(r);
  const title = (t: string) => ['', ...prose(t, opts, p.bold)];
  const out = [
    ...(quiet(opts) ? [] : [
      ...prose(`capplan plan --uncertain: ${r.profile}`, opts, p.bold),
      ...prose(`phase ${r.phase}: ${formatNumber(r.samples)} samples, seed ${r.seed}; the plan to deploy gives each component the units that cover ${pct(r.confidence)} of the samples`, opts, p.dim),
    ]),
    ...title('Uncertain inputs'),
    table(inputRows(r), opts),
    ...title('Units'),
    table(unitRows(r), opts),
    ...title('Utilisation and p95'),
    table(loadRows(r), opts),
  ];
  if (cost) out.push(...title('Monthly cost'), table(cost, opts));
  out.push(...uncertainSummary(r).flatMap((l) => prose(l, opts, (s) => s, '  ', '    ')));
  if (r.tornado.length) {
    out.push(...title('Sensitivity: each input from its p10 to its p90, the others at their medians'));
    if (!quiet(opts)) out.push(...prose('monthly: the plan sized for it; headroom now: what it leaves of the plan at the medians', opts, p.dim, '  '));
    out.push(table(tornadoRows(r), opts));
  }
  return `${out.join('\n')}\n`;
}

/** The Markdown rendering. */
export function renderUncertainMarkdown(r: MonteCarloResult): string {
  const cost = costRows(r);
  const md = (t: Rows) => [...markdownTable(t), ''];
  return [
    `## Uncertain plan: ${mdText(r.profile)}, ${mdText(r.phase)}`,
    '',
    `${formatNumber(r.samples)} samples, seed ${r.seed}; the plan to deploy gives each component the units that cover ${pct(r.confidence)} of the samples.`,
    '',
    ...md(inputRows(r)),
    ...md(unitRows(r)),
    ...md(loadRows(r)),
    ...(cost ? md(cost) : []),
    ...uncertainSummary(r).map((l) => `- ${mdTextWithCode(l)}`),
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
