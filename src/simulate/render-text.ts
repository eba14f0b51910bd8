/**
 * Text and Markdown renderings of simulation reports: per phase the comparison table, what the
 * marks mean, warnings, and for faults and ramps the latency over time as a sparkline with what
 * it shows. Within 80 columns; colours come from the palette passed in.
 */
import { plainPalette, type Palette } from '../render/palette.js';
import { renderTextTable } from '../render/text-table.js';
import { formatDuration, formatNumber, formatPercent } from '../units/format.js';
import type { SimReport } from './report.js';
import { COMPARISON_HEADERS, comparisonRows, formatInterval, MARK_FLAGGED, MARK_INEXACT, MARK_UNSETTLED } from './render-rows.js';
import { markerLine, sparkline } from './sparkline.js';
import { TOLERANCES } from './stats.js';
import type { Timeline } from './timeline.js';

/** How a run was made, in one line. */
export function runLine(r: SimReport): string {
  const how = r.mode === 'steady'
    ? `${r.replications} replications × ${formatNumber(r.requestsPerReplication!)} requests, the first ${formatNumber(r.warmup!.fraction * 100)} % (${formatNumber(r.warmup!.requests)}) of each discarded as warm-up`
    : `${r.replications} replications × ${formatDuration(r.durationS!)} from an empty system`;
  return `${how}; arrivals: ${r.arrivals}; seed ${r.seed}`;
}

/** The legend and notes under a comparison table. */
export function noteLines(r: SimReport): string[] {
  const out: string[] = [];
  const rows = comparisonRows(r);
  const t = TOLERANCES;
  if (rows.some((x) => x[4] === MARK_FLAGGED)) {
    out.push(`${MARK_FLAGGED} the plan's value lies outside the 95 % interval by more than the tolerance (${formatNumber(t.meanResponseS.relative * 100)} % of the value; at least ${formatNumber(t.utilization.absolute)} for shares, ${formatDuration(t.meanResponseS.absolute)} for times, ${formatNumber(t.queueLength.absolute)} jobs)`);
  }
  // Each reason once, with every station it applies to.
  const byReason = new Map<string, string[]>();
  const add = (name: string, reasons: string | null) => {
    for (const reason of reasons?.split('; ') ?? []) byReason.set(reason, [...(byReason.get(reason) ?? []), name]);
  };
  for (const s of r.stations) add(s.name, s.inexact);
  add('end to end', r.endToEnd.inexact);
  const inexact = [...byReason.entries()].map(([reason, names]) => `${names.join(', ')}: ${reason}`);
  if (rows.some((x) => x[4] === MARK_INEXACT)) out.push(`${MARK_INEXACT} outside the interval, where the plan's model is not exact for this simulation (below)`);
  if (inexact.length) {
    out.push("where the plan's model is not exact for this simulation:");
    for (const line of inexact) out.push(`- ${line}`);
  }
  const unsettled = r.stations.filter((s) => !s.settled);
  if (unsettled.length) {
    const need = Math.max(...unsettled.map((s) => s.requestsNeeded ?? 0));
    out.push(`${MARK_UNSETTLED} too little simulated time for ${unsettled.map((s) => `${s.name} (service ${formatDuration(s.serviceS)})`).join(', ')} to settle, so it is not compared; run with --requests ${need} or more`);
  }
  for (const s of r.stations) {
    if (!s.stable) out.push(`warning: ${s.name} is offered ρ = ${formatNumber(s.offeredLoad)} ≥ 1: its queue grows without bound, so no mean or percentile is printed`);
    if (s.rejected > 0) out.push(`${s.name}: the provider's rate limit refused ${formatNumber(s.rejected)} calls per replication`);
  }
  if (r.endToEnd.failed.rejected + r.endToEnd.failed.lost + r.endToEnd.failed.exhausted > 0) {
    const f = r.endToEnd.failed;
    out.push(`failed requests per replication: ${formatNumber(f.rejected)} refused by a rate limit, ${formatNumber(f.lost)} lost with a replica, ${formatNumber(f.exhausted)} out of retries`);
  }
  if (r.overflowed > 0) out.push(`warning: ${r.overflowed} replication${r.overflowed === 1 ? '' : 's'} stopped early with too many requests in the system (unstable)`);
  for (const s of r.skipped) out.push(`not simulated: ${s.component} (${s.reason})`);
  for (const n of r.notes) out.push(n);
  return out;
}

/** The latency-over-time lines of a transient run (≤ 80 columns). */
export function timelineLines(r: SimReport, tl: Timeline, p: Palette): string[] {
  const out: string[] = [];
  const { line, scale } = sparkline(tl.windows.map((w) => w.p95S?.mean ?? Number.NaN));
  const width = tl.windows.length;
  out.push(`end-to-end p95 per ${formatDuration(tl.windowS)} window (${scale.log ? 'log scale ' : ''}${scale.min > 0 ? formatDuration(scale.min) : '0'} … ${formatDuration(scale.max)}):`);
  out.push(`  ${p.cyan(line)}`);
  const marks = tl.events.map((e) => Math.min(width - 1, Math.floor(e.atS / tl.windowS)));
  if (marks.length) out.push(`  ${markerLine(width, marks)}`);
  const end = formatDuration(r.durationS!);
  out.push(`  0${' '.repeat(Math.max(1, width - 1 - end.length))}${end}`);
  for (const e of tl.events) out.push(`  ▲ ${formatDuration(e.atS)}: ${e.label}`);
  for (const f of tl.faults) {
    out.push('', ...wrap(`lose ${f.label} at ${formatDuration(f.atS)}: p95 ${formatInterval(f.p95Before, 'time')} before, ${formatInterval(f.p95Worst, 'time')} in the worst window after, ${formatInterval(f.p95End, 'time')} over the last third`, 76));
    const rows = f.survivors.map((s) => [s.station, `${s.servers} → ${s.serversAfter}`, Number.isFinite(s.offeredAfter) ? formatPercent(s.offeredAfter) : 'no server left']);
    out.push(renderTextTable(['station', 'servers', 'ρ after'], rows, { align: ['left', 'right', 'right'] }));
    out.push(...wrap(f.recovers
      ? 'the survivors carry the peak (every ρ < 1): queues settle, so the zone-loss sizing holds'
      : `${f.saturated.join(', ')} cannot carry the peak on the survivors (ρ ≥ 1): queues grow until the replicas return`, 76).map((l) => (f.recovers ? p.green(l) : p.red(l))));
  }
  if (tl.ramp) {
    const rp = tl.ramp;
    const peak = r.peakRps;
    const at = (x: { atS: number; load: number; rps: number }) => `${formatNumber(x.load)}× peak (${formatNumber(x.rps)} req/s, at ${formatDuration(x.atS)})`;
    out.push('');
    const lines = [
      rp.latencyTargetS === null ? 'no end-to-end latency target to check (targets.latencyP95)' : rp.targetBrokenAt ? `latency target ${formatDuration(rp.latencyTargetS)} first exceeded at ${at(rp.targetBrokenAt)}: p95 ${formatDuration(rp.targetBrokenAt.p95S)}` : `the p95 stayed within the ${formatDuration(rp.latencyTargetS)} target over the whole ramp`,
      ...(rp.failingAt ? [`requests start failing (over 1 %) at ${at(rp.failingAt)}: ${formatPercent(rp.failingAt.share)} in that window`] : []),
      rp.saturatedAt ? `first saturated (servers ≥ 98 % busy): ${rp.saturatedAt.station} at ${at(rp.saturatedAt)}` : 'no station saturated during the ramp',
      `plan: max sustainable ${formatNumber(rp.analyticMaxRps)} req/s (${formatNumber(rp.analyticMaxRps / peak)}×), breaking point ${formatNumber(rp.analyticBreakingRps)} req/s (${formatNumber(rp.analyticBreakingRps / peak)}×)`,
    ];
    for (const l of lines) out.push(...wrap(l, 76));
  }
  return out;
}

/** Splits a line at spaces into lines of at most `width` columns; continuation lines are indented to the text after a leading "- " or mark. */
export function wrap(line: string, width: number): string[] {
  const indent = /^(- |[✗≈] )/.test(line) ? '  ' : '  ';
  const out: string[] = [];
  let rest = line;
  while ([...rest].length > width) {
    const cut = rest.lastIndexOf(' ', width);
    if (cut <= indent.length) break;
    out.push(rest.slice(0, cut));
    rest = indent + rest.slice(cut + 1);
  }
  out.push(rest);
  return out;
}

/** Text rendering of one or more phases' reports. */
export function renderSimulationText(reports: readonly SimReport[], p: Palette = plainPalette): string {
  const out: string[] = [];
  if (reports[0]) out.push(p.bold(`capplan simulate: ${reports[0].profile}`));
  for (const r of reports) {
    out.push('', p.bold(`Phase ${r.phase}`) + `  peak ${formatNumber(r.peakRps)} req/s`, ...wrap(runLine(r), 78).map((l) => p.dim(l)));
    if (r.mode === 'steady') {
      out.push(renderTextTable([...COMPARISON_HEADERS], comparisonRows(r), { align: ['left', 'left', 'right', 'right', 'left'], style: p.bold }));
      for (const line of noteLines(r)) out.push(...wrap(line, 78).map((l) => `  ${l}`));
    } else {
      out.push(...wrap("over a fault or a ramp the load changes, so each station's figures are not compared with the plan's peak (they are in the JSON); the timeline shows what happened", 78).map((l) => `  ${l}`));
      for (const line of noteLines(r).filter((l) => !l.startsWith('-') && !l.startsWith("where the plan's"))) out.push(...wrap(line, 78).map((l) => `  ${l}`));
    }
    if (r.timeline) out.push('', ...timelineLines(r, r.timeline, p).join('\n').split('\n').map((l) => (l ? `  ${l}` : l)));
  }
  return `${out.join('\n')}\n`;
}

/** Markdown rendering (a table per phase and the notes as a list). */
export function renderSimulationMarkdown(reports: readonly SimReport[]): string {
  const out: string[] = [];
  if (reports[0]) out.push(`# capplan simulate: ${reports[0].profile}`);
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  for (const r of reports) {
    out.push('', `## Phase ${r.phase} (peak ${formatNumber(r.peakRps)} req/s)`, '', runLine(r), '');
    out.push(`| ${COMPARISON_HEADERS.join(' | ')} |`, `|${COMPARISON_HEADERS.map((_, i) => (i >= 2 && i <= 3 ? ' ---: ' : ' --- ')).join('|')}|`);
    for (const row of r.mode === 'steady' ? comparisonRows(r) : []) out.push(`| ${row.map(cell).join(' | ')} |`);
    const notes = noteLines(r);
    if (notes.length) out.push('', ...notes.map((n) => (n.startsWith('- ') ? `  ${n}` : `- ${n}`)));
    if (r.timeline) out.push('', '```text', ...timelineLines(r, r.timeline, plainPalette), '```');
  }
  return `${out.join('\n')}\n`;
}
