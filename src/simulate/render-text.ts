/**
 * Text and Markdown renderings of simulation reports: per phase the comparison table, what the
 * marks mean, warnings, and for faults and ramps the latency over time as a sparkline with what
 * it shows. The text fits the layout's width (tables by cli-table3, prose wrapped) in its glyphs;
 * colours come from the palette passed in (docs/terminal.md).
 */
import { DEFAULT_LAYOUT, glyphsOf, type Layout } from '../render/layout.js';
import { plainPalette, type Palette } from '../render/palette.js';
import { drawTable, type Column } from '../render/table.js';
import { wrapStyled, wrapText } from '../render/wrap.js';
import { formatDuration, formatDurationToward, formatNumber, formatPercent } from '../units/format.js';
import type { SimReport } from './report.js';
import { COMPARISON_HEADERS, comparisonRows, formatInterval, MARK_FLAGGED, MARK_INEXACT, MARK_UNSETTLED } from './render-rows.js';
import { markerLine, sparkline } from './sparkline.js';
import { TOLERANCES } from './stats.js';
import type { Timeline } from './timeline.js';
import { mdCell, mdText, mdTextWithCode } from '../render/markdown.js';

/** The peak a run offers, and with regions whose it is: "100 req/s, one region's share of 200 req/s over 2 regions". */
export function peakText(r: SimReport): string {
  const peak = `${formatNumber(r.peakRps)} req/s`;
  return r.regions ? `${peak}, one region’s share of ${formatNumber(r.regions.peakRps)} req/s over ${r.regions.count} regions` : peak;
}

/** How a run was made, in one line. */
export function runLine(r: SimReport): string {
  const how = r.mode === 'steady'
    ? `${r.replications} replications × ${formatNumber(r.requestsPerReplication!)} requests, the first ${formatNumber(r.warmup!.fraction * 100)} % (${formatNumber(r.warmup!.requests)}) of each discarded as warm-up`
    : `${r.replications} replications × ${formatDuration(r.durationS!)} from an empty system`;
  return `${how}; arrivals: ${r.arrivals}; seed ${r.seed}`;
}

/** Warnings under a table: unstable stations, refused calls, failed requests, early stops. Said even with --quiet. */
export function warningLines(r: SimReport): string[] {
  const out: string[] = [];
  for (const s of r.stations) {
    if (!s.stable) out.push(`${s.name} is offered ρ = ${formatNumber(s.offeredLoad)} ≥ 1: its queue grows without bound, so no mean or percentile is printed`);
    if (s.rejected > 0) out.push(`${s.name}: the provider's rate limit refused ${formatNumber(s.rejected)} calls per replication`);
  }
  const f = r.endToEnd.failed;
  if (f.rejected + f.lost + f.exhausted > 0) {
    out.push(`failed requests per replication: ${formatNumber(f.rejected)} refused by a rate limit, ${formatNumber(f.lost)} lost with a replica, ${formatNumber(f.exhausted)} out of retries`);
  }
  if (r.overflowed > 0) out.push(`${r.overflowed} replication${r.overflowed === 1 ? '' : 's'} stopped early with too many requests in the system (unstable)`);
  return out;
}

/** The legend and notes under a comparison table ("- " lines are reasons, each once with the stations it applies to). */
export function noteLines(r: SimReport): string[] {
  const out: string[] = [];
  const rows = comparisonRows(r);
  const t = TOLERANCES;
  if (rows.some((x) => x[4] === MARK_FLAGGED)) {
    out.push(`${MARK_FLAGGED} the plan's value lies outside the 95 % interval by more than the tolerance (${formatNumber(t.meanResponseS.relative * 100)} % of the value; at least ${formatNumber(t.utilization.absolute)} for shares, ${formatDuration(t.meanResponseS.absolute)} for times, ${formatNumber(t.queueLength.absolute)} jobs)`);
  }
  const byReason = new Map<string, string[]>();
  const add = (name: string, reasons: string | null) => {
    for (const reason of reasons?.split('; ') ?? []) byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
  };
  for (const s of r.stations) add(s.name, s.inexact);
  add('end to end', r.endToEnd.inexact);
  if (rows.some((x) => x[4] === MARK_INEXACT)) out.push(`${MARK_INEXACT} outside the interval, where the plan's model is not exact for this simulation (below)`);
  const unsettled = r.stations.filter((s) => !s.settled);
  const e = r.endToEnd;
  const pathUnsettled = e.path.length > 0 && !e.settled;
  if (unsettled.length) {
    const need = Math.max(...unsettled.map((s) => s.requestsNeeded ?? 0));
    out.push(`${MARK_UNSETTLED} too little simulated time for ${unsettled.map((s) => `${s.name} (service ${formatDuration(s.serviceS)})`).join(', ')} to settle, so it is not compared${pathUnsettled ? ', nor are the end-to-end figures' : ''}; run with --requests ${need} or more`);
  } else if (pathUnsettled) {
    out.push(`${MARK_UNSETTLED} ${formatNumber(e.censored)} measured requests per replication were still in flight when the run stopped, so the end-to-end figures are not compared; run with more --requests`);
  }
  if (byReason.size) {
    out.push("where the plan's model is not exact for this simulation:");
    for (const [reason, names] of byReason) out.push(`- ${names.join(', ')}: ${reason}`);
  }
  for (const s of r.skipped) out.push(`not simulated: ${s.component} (${s.reason})`);
  out.push(...r.notes);
  return out;
}

/** The marks in the layout's glyphs (ASCII terminals get x, ~ and ?). */
function markGlyph(mark: string, layout: Layout): string {
  if (layout.unicode) return mark;
  return mark === MARK_FLAGGED ? glyphsOf(layout).fail : mark === MARK_INEXACT ? '~' : mark;
}

const COMPARISON_COLUMNS: Column[] = [
  { header: COMPARISON_HEADERS[0], wrap: true, minWidth: 10 },
  { header: COMPARISON_HEADERS[1], wrap: true, minWidth: 8 },
  { header: COMPARISON_HEADERS[2], align: 'right' },
  { header: COMPARISON_HEADERS[3], align: 'right' },
  { header: COMPARISON_HEADERS[4] },
];

/** The latency-over-time lines of a transient run. */
export function timelineLines(r: SimReport, tl: Timeline, p: Palette, layout: Layout = DEFAULT_LAYOUT): string[] {
  const out: string[] = [];
  const width = layout.width - 2;
  const para = (text: string, style: (s: string) => string = (s) => s) => out.push(...wrapStyled(text, width, style, { rest: '  ' }));
  const g = glyphsOf(layout);
  const arrowUp = layout.unicode ? '▲' : '^';
  const { line, scale } = sparkline(tl.windows.map((w) => w.p95S?.mean ?? Number.NaN), g.spark);
  const n = tl.windows.length;
  para(`end-to-end p95 per ${formatDuration(tl.windowS)} window (${scale.log ? 'log scale ' : ''}${scale.min > 0 ? formatDuration(scale.min) : '0'} … ${formatDuration(scale.max)}):`);
  out.push(p.cyan(line));
  const marks = tl.events.map((e) => Math.min(n - 1, Math.floor(e.atS / tl.windowS)));
  if (marks.length) out.push(markerLine(n, marks, arrowUp));
  const end = formatDuration(r.durationS!);
  out.push(`0${' '.repeat(Math.max(1, n - 1 - end.length))}${end}`);
  for (const e of tl.events) out.push(`${arrowUp} ${formatDuration(e.atS)}: ${e.label}`);
  const gaps = tl.windows.filter((w) => w.p95S === null).length;
  if (gaps > 0 && r.endToEnd.path.length > 0) {
    para(gaps === n
      ? `no window completed ${tl.minCompletedForP95} requests per replication, the fewest a p95 needs: no p95 was measured`
      : `${gaps} of the ${n} windows completed fewer than ${tl.minCompletedForP95} requests per replication, the fewest a p95 needs: they have no p95 (blank above)`);
  }
  for (const f of tl.faults) {
    out.push('');
    para(`lose ${f.label} at ${formatDuration(f.atS)}: p95 ${formatInterval(f.p95Before, 'time')} before, ${formatInterval(f.p95Worst, 'time')} in the worst window after, ${formatInterval(f.p95End, 'time')} over the last third`);
    const rows = f.survivors.map((s) => [s.station, `${s.servers} ${g.arrow} ${s.serversAfter}`, Number.isFinite(s.offeredAfter) ? formatPercent(s.offeredAfter) : 'no server left']);
    out.push(drawTable([{ header: 'station', wrap: true }, { header: 'servers', align: 'right' }, { header: 'ρ after', align: 'right' }], rows, { layout: { ...layout, width: width }, palette: p, indent: 0 }).text);
    const verdict = f.recovers
      ? `the survivors carry the peak (every ρ < 1): queues settle, so ${f.label.startsWith('zone ') ? 'the zone-loss sizing holds' : 'the plan survives this loss'}`
      : [
          ...(f.saturated.length ? [`${f.saturated.join(', ')} cannot carry the peak on the survivors (ρ ≥ 1): queues grow until the replicas return`] : []),
          ...(f.growing.length ? [`${f.growing.join(', ')} still queued up more and more over the last third of the run though ρ < 1 on paper: the survivors may not keep up (a longer --duration shows whether the queue settles)`] : []),
        ].join('; ');
    para(verdict, f.recovers ? p.green : p.red);
  }
  if (tl.ramp) {
    const rp = tl.ramp;
    const at = (x: { atS: number; load: number; rps: number }) => `${formatNumber(x.load)}× peak (${formatNumber(x.rps)} req/s, at ${formatDuration(x.atS)})`;
    out.push('');
    // A verdict only from windows that measured a p95: with none, the ramp says nothing either way.
    const unmeasured = rp.windowsWithP95 === 0;
    const longer = rp.rampNeededS !== null ? `a ramp over at least ${formatDurationToward(rp.rampNeededS, 'up')} would` : 'a longer ramp would';
    const stayed = rp.windowsWithP95 === n ? 'over the whole ramp' : `in the ${rp.windowsWithP95} windows that completed enough requests to measure it`;
    para(rp.latencyTargetS === null ? 'no end-to-end latency target to check (targets.latencyP95)' : rp.targetBrokenAt ? `latency target ${formatDuration(rp.latencyTargetS)} first exceeded at ${at(rp.targetBrokenAt)}: p95 ${formatDuration(rp.targetBrokenAt.p95S)}` : unmeasured ? `no verdict on the ${formatDuration(rp.latencyTargetS)} target: no window completed enough requests to measure the p95 (${longer})` : `the p95 stayed within the ${formatDuration(rp.latencyTargetS)} target ${stayed}`);
    if (rp.failingAt) para(`requests start failing (over 1 %) at ${at(rp.failingAt)}: ${formatPercent(rp.failingAt.share)} in that window`);
    para(rp.saturatedAt ? `first saturated (servers ≥ 98 % busy): ${rp.saturatedAt.station} at ${at(rp.saturatedAt)}` : unmeasured ? 'no verdict on saturation: too few requests ran to load the stations' : 'no station saturated during the ramp');
    para(`plan${r.regions ? ', one region' : ''}: max sustainable ${formatNumber(rp.analyticMaxRps)} req/s (${formatNumber(rp.analyticMaxRps / r.peakRps)}×), breaking point ${formatNumber(rp.analyticBreakingRps)} req/s (${formatNumber(rp.analyticBreakingRps / r.peakRps)}×)`);
  }
  return out;
}

/** Text rendering of one or more phases' reports, fitted to the layout. */
export function renderSimulationText(reports: readonly SimReport[], p: Palette = plainPalette, layout: Layout = DEFAULT_LAYOUT): string {
  const out: string[] = [];
  const width = layout.width;
  const quiet = layout.detail === 'quiet';
  const prose = (text: string, style: (s: string) => string = (s) => s) => out.push(...wrapStyled(text, width, style, { first: '  ', rest: '    ' }));
  if (reports[0]) out.push(p.bold(`capplan simulate: ${reports[0].profile}`));
  for (const r of reports) {
    out.push('', `${p.bold(`Phase ${r.phase}`)}  peak ${peakText(r)}`);
    if (!quiet) out.push(...wrapText(runLine(r), width, { rest: '  ' }).map((l) => p.dim(l)));
    if (r.mode === 'steady') {
      const rows = comparisonRows(r).map((row) => [...row.slice(0, 4), markGlyph(row[4]!, layout)]);
      out.push(drawTable(COMPARISON_COLUMNS, rows, { layout, palette: p }).text);
    } else if (!quiet) {
      prose("over a fault or a ramp the load changes, so each station's figures are not compared with the plan's peak (they are in the JSON); the timeline shows what happened");
    }
    for (const w of warningLines(r)) prose(`! ${w}`, p.yellow);
    if (quiet) continue;
    if (r.mode === 'steady') for (const line of noteLines(r)) prose(line.replace(/^[✗≈?] /, (m) => `${markGlyph(m.trim(), layout)} `));
    if (r.timeline) out.push('', ...timelineLines(r, r.timeline, p, layout).join('\n').split('\n').map((l) => (l ? `  ${l}` : l)));
  }
  return `${out.join('\n')}\n`;
}

/** Markdown rendering (a table per phase and the notes as a list). */
export function renderSimulationMarkdown(reports: readonly SimReport[]): string {
  const out: string[] = [];
  if (reports[0]) out.push(`# capplan simulate: ${mdText(reports[0].profile)}`);
  for (const r of reports) {
    out.push('', `## Phase ${mdText(r.phase)} (peak ${peakText(r)})`, '', mdTextWithCode(runLine(r)), '');
    if (r.mode === 'steady') {
      out.push(`| ${COMPARISON_HEADERS.join(' | ')} |`, `|${COMPARISON_HEADERS.map((_, i) => (i >= 2 && i <= 3 ? ' ---: ' : ' --- ')).join('|')}|`);
      for (const row of comparisonRows(r)) out.push(`| ${row.map(mdCell).join(' | ')} |`);
    }
    const notes = [...warningLines(r).map((w) => `! ${w}`), ...(r.mode === 'steady' ? noteLines(r) : [])];
    if (notes.length) out.push('', ...notes.map((n) => (n.startsWith('- ') ? `  - ${mdTextWithCode(n.slice(2))}` : `- ${mdTextWithCode(n)}`)));
    if (r.timeline) out.push('', '```text', ...timelineLines(r, r.timeline, plainPalette, { ...DEFAULT_LAYOUT, width: Infinity }), '```');
  }
  return `${out.join('\n')}\n`;
}
