/**
 * Renderers of a sweep: the terminal (a chart of the end-to-end p95 against the load with each
 * component's 100 % point marked, and the saturation order as a table), Markdown, CSV and JSON.
 * Table data is built as plain row arrays (sweepRows) that any table drawer can take.
 */
import { jsonNumber, normaliseForJson } from '../render/json.js';
import { formatDuration, formatNumber } from '../units/format.js';
import { renderLineChart, type ChartMark } from './line-chart.js';
import type { SweepResult } from './sweep.js';
import { chartWidth, markdownTable, prose, quiet, table, type Rows, type TextOptions } from './text.js';
import { maxOf } from '../model/extremes.js';
import { mdText, mdTextWithCode } from '../render/markdown.js';

/** A multiple of the peak, compact: "4.29×", "3,024×", "1.51M×". */
export function formatTimes(x: number): string {
  return x >= 1e6 ? `${formatNumber(x / 1e6)}M×` : `${formatNumber(x)}×`;
}

/** A load as "42.9 req/s (4.29×)"; "never" when unbounded. */
export function formatLoad(rps: number | null, peakRps: number): string {
  if (rps === null || !Number.isFinite(rps)) return 'never';
  return peakRps > 0 ? `${formatNumber(rps)} req/s (${formatTimes(rps / peakRps)})` : `${formatNumber(rps)} req/s`;
}

/** A load cell without the unit (the header carries it): "42.9 (4.29×)". */
function loadCell(rps: number | null, peakRps: number): string {
  if (rps === null || !Number.isFinite(rps)) return 'never';
  return peakRps > 0 ? `${formatNumber(rps)} (${formatTimes(rps / peakRps)})` : formatNumber(rps);
}

/** The saturation order as table rows: #, component, at target, at 100 % (req/s and × the peak), limited by. */
export function sweepRows(r: SweepResult): Rows {
  return {
    columns: [
      { header: '#', align: 'right' },
      { header: 'component' },
      { header: r.mode === 'resize' ? 'violation, req/s' : 'target, req/s', align: 'right' },
      { header: '100 %, req/s', align: 'right' },
      { header: 'limited by', drop: 1 },
    ],
    rows: r.saturation.map((s) => [String(s.order), s.component, loadCell(s.targetRps, r.peakRps), loadCell(s.breakingRps, r.peakRps), s.limitedBy]),
  };
}

/** What a hard break is, in words, and what happens past it. */
const BREAK_WORDS: Readonly<Record<string, [string, string]>> = {
  rateLimit: ["reaches its provider's rate limit, which no replica count lifts", 'the provider refuses the calls over it'],
  writes: ['reaches the writes its primaries can commit, which no replica count lifts', 'writes back up without bound'],
  maxReplicas: ['saturates at its replicas.max (or fixed replicas), with no replica to add', 'its queue grows without bound'],
  capacity: ['needs more units than capplan sizes', 'its queue grows without bound'],
  unstable: ['saturates at its fixed count', 'its queue grows without bound'],
};

/** The summary lines: the hard break, the knee, the target crossing, where the path saturates. */
export function sweepSummary(r: SweepResult): string[] {
  const lines: string[] = [];
  const p = `p${Math.round(r.percentile * 100)}`;
  // Said whenever there is one (the JSON has it), also where the path saturates at or before it.
  const hb = r.hardBreak;
  if (hb) {
    const [what, past] = BREAK_WORDS[hb.limitedBy] ?? [`is limited by ${hb.limitedBy}`, 'it cannot keep up'];
    const where = r.pathSaturationRps === null || hb.rps < r.pathSaturationRps ? '' : hb.rps > r.pathSaturationRps ? ', past where the request path saturates' : ', where the request path saturates';
    lines.push(`hard break at ${formatLoad(hb.rps, r.peakRps)}${where}: ${hb.component} ${what}; past it ${past}, which the ${p} figures (of the requests served) leave out`);
  }
  const beyond = ' below the hard break';
  if (r.knee) {
    lines.push(`knee of the end-to-end ${p} (where req/s ÷ ${p} peaks): ${formatLoad(r.knee.rps, r.peakRps)}, ${p} ${formatDuration(r.knee.latencyS)}`);
  } else if (r.mode === 'resize') {
    lines.push(`no knee of the end-to-end ${p}${hb ? beyond : ' within the sweep'}: req/s ÷ ${p} still rises at its last point${hb ? ' before it' : ''}`);
  } else if (hb && r.pathSaturationRps !== null) {
    lines.push(`no knee of the end-to-end ${p}${beyond}: req/s ÷ ${p} still rises there`);
  }
  if (r.latencyTarget !== null) {
    lines.push(r.latencyLimitRps !== null
      ? `the end-to-end ${p} reaches the ${formatDuration(r.latencyTarget)} target at ${formatLoad(r.latencyLimitRps, r.peakRps)}`
      : hb
        ? `the end-to-end ${p} stays within the ${formatDuration(r.latencyTarget)} target up to the hard break`
        : `the end-to-end ${p} stays within the ${formatDuration(r.latencyTarget)} target${r.mode === 'resize' ? ' at every point' : ''}`);
  }
  if (r.pathSaturationRps !== null) {
    lines.push(hb && hb.rps < r.pathSaturationRps
      ? `a queue on the request path saturates at ${formatLoad(r.pathSaturationRps, r.peakRps)}, past the hard break`
      : `a queue on the request path saturates at ${formatLoad(r.pathSaturationRps, r.peakRps)}: the ${p} is unbounded from there`);
  }
  if (r.bounded) lines.push(`some ${p} figures are upper bounds by Cantelli's inequality (m + σ·√(p/(1 − p))): their times are too sharp to invert numerically (near-deterministic parts far apart)`);
  return lines;
}

function headline(r: SweepResult): string {
  const first = r.scale[0] ?? 0;
  const last = r.scale[r.scale.length - 1] ?? 0;
  const how = r.mode === 'fixed' ? 'topology fixed as planned at the peak' : 're-planned at every point';
  return `phase ${r.phase}: peak ${formatNumber(r.peakRps)} req/s; load ${formatNumber(first)}× to ${formatNumber(last)}× (${r.scale.length} points), ${how}`;
}

/** The chart of the end-to-end p95 (ms) against the load, each component's 100 % point marked with its rank. */
export function sweepChart(r: SweepResult, opts: Pick<TextOptions, 'layout'> = {}): string {
  const ms = r.latencyP95.map((s) => s * 1000);
  const finite = ms.filter((v) => Number.isFinite(v));
  // Up to 3 × the p95 at the knee, so the bend shows; the target is drawn when it falls within.
  const highest = Math.max(0, maxOf(finite));
  const top = r.knee ? Math.min(highest, 3 * r.knee.latencyS * 1000) : highest;
  const yMax = top > 0 ? top : undefined;
  const target = r.latencyTarget !== null ? r.latencyTarget * 1000 : null;
  const showTarget = target !== null && (yMax === undefined || target <= yMax * 1.25);
  const marks: ChartMark[] = r.saturation
    .filter((s) => s.breakingRps !== null && Number.isFinite(s.breakingRps))
    .map((s) => ({ x: s.breakingRps!, label: String(s.order) }));
  return renderLineChart(r.rps, [{ label: `end-to-end p${Math.round(r.percentile * 100)}`, glyph: '*', ys: ms }], {
    width: chartWidth(opts) - 2,
    height: 14,
    ...(yMax !== undefined ? { yMax: showTarget ? Math.max(yMax, target!) : yMax } : {}),
    xLabel: r.mode === 'fixed' ? 'load (user req/s); n = where component n reaches 100 %' : 'load (user req/s); n = component n at or over 100 %',
    yLabel: `p${Math.round(r.percentile * 100)} (ms)`,
    rules: showTarget ? [{ y: target!, label: `target ${formatDuration(r.latencyTarget!)}` }] : [],
    marks,
    unicode: opts.layout?.unicode !== false,
  });
}

/** The terminal rendering. */
export function renderSweepText(r: SweepResult, opts: TextOptions): string {
  const p = opts.palette;
  const out = [
    ...(quiet(opts) ? [] : [...prose(`capplan sweep: ${r.profile}`, opts, p.bold), ...prose(headline(r), opts, p.dim), '']),
    indent(sweepChart(r, opts)),
    '',
    ...prose(r.mode === 'fixed' ? 'Saturation order (topology as planned)' : 'Saturation order (re-planned: the first load each cannot be sized for)', opts, p.bold),
    table(sweepRows(r), opts),
    ...sweepSummary(r).flatMap((l) => prose(l, opts, (s) => s, '  ', '    ')),
  ];
  return `${out.join('\n')}\n`;
}

/** The Markdown rendering: summary, the saturation table, the chart in a text block. */
export function renderSweepMarkdown(r: SweepResult): string {
  return [
    `## Load sweep: ${mdText(r.profile)}`,
    '',
    `${mdTextWithCode(headline(r))}.`,
    '',
    ...markdownTable(sweepRows(r)),
    '',
    ...sweepSummary(r).map((l) => `- ${mdTextWithCode(l)}`),
    '',
    '```text',
    sweepChart(r),
    '```',
    '',
  ].join('\n');
}

/** Two spaces before every line, as tables are indented. */
function indent(block: string): string {
  return block.split('\n').map((l) => (l ? `  ${l}` : l)).join('\n');
}

/** A CSV cell: 6 significant digits, `inf` when unbounded, empty when not modelled. */
function csvNumber(v: number | null): string {
  if (v === null) return '';
  if (v === Infinity) return 'inf';
  return String(jsonNumber(v));
}

/** One row per point: scale, rps, the end-to-end p95, then each component's utilisation, p95 and units. */
export function renderSweepCsv(r: SweepResult): string {
  const header = ['scale', 'rps', 'latency_p95_s', ...r.components.flatMap((c) => [`${c.name}_utilization`, `${c.name}_latency_p95_s`, `${c.name}_replicas`])];
  const rows = r.scale.map((s, k) => [
    csvNumber(s),
    csvNumber(r.rps[k]!),
    csvNumber(r.latencyP95[k]!),
    ...r.components.flatMap((c) => [csvNumber(c.utilization[k]!), csvNumber(c.latencyP95[k]!), csvNumber(c.replicas[k]!)]),
  ]);
  return `${[header, ...rows].map((row) => row.join(',')).join('\n')}\n`;
}

/** The JSON document of a sweep (docs/explore.md): summary first, then columnar series. */
export function sweepJson(r: SweepResult): unknown {
  return JSON.parse(renderSweepJson(r));
}

/**
 * The JSON rendering, pretty-printed with each series on one line. The series (one number per
 * point, a few hundred thousand on a fine sweep) are written straight from their arrays,
 * rounded as every capplan JSON number is (jsonNumber), not copied and re-parsed.
 */
export function renderSweepJson(r: SweepResult): string {
  const series: (readonly (number | null)[])[] = [];
  const slot = (values: readonly (number | null)[]) => `\u0000${series.push(values) - 1}`;
  const load = (rps: number | null) => (rps === null || !Number.isFinite(rps) ? null : { rps, scale: r.peakRps > 0 ? rps / r.peakRps : null });
  const doc = normaliseForJson({
    apiVersion: 'capplan/v1',
    kind: 'sweep',
    profile: r.profile,
    phase: r.phase,
    mode: r.mode,
    percentile: r.percentile,
    peakRps: r.peakRps,
    latencyTarget: r.latencyTarget,
    knee: r.knee ? { rps: r.knee.rps, scale: r.peakRps > 0 ? r.knee.rps / r.peakRps : null, latencyP95: r.knee.latencyS } : null,
    latencyLimit: load(r.latencyLimitRps),
    pathSaturation: load(r.pathSaturationRps),
    hardBreak: r.hardBreak ? { ...load(r.hardBreak.rps), component: r.hardBreak.component, limitedBy: r.hardBreak.limitedBy } : null,
    ...(r.bounded ? { bounded: true } : {}),
    saturation: r.saturation,
    series: { scale: slot(r.scale), rps: slot(r.rps), latencyP95: slot(r.latencyP95) },
    components: r.components.map((c) => ({ ...c, utilization: slot(c.utilization), latencyP95: slot(c.latencyP95), replicas: slot(c.replicas) })),
  });
  const number = (v: number | null) => {
    const j = v === null ? null : jsonNumber(v);
    return j === null ? 'null' : String(j);
  };
  return `${JSON.stringify(doc, null, 2).replace(/"\\u0000(\d+)"/g, (_, i: string) => `[${series[Number(i)]!.map(number).join(', ')}]`)}\n`;
}
