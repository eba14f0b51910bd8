/** Renders an observation run: text tables, Markdown and JSON. Pure; table data stays in plain rows. */
import type { Palette } from '../render/palette.js';
import { DEFAULT_LAYOUT, type Layout } from '../render/layout.js';
import { drawTable, type Align } from '../render/table.js';
import { formatDuration, formatNumber, formatPercent } from '../units/format.js';
import { agreementBand } from './compare.js';
import type { BucketQuantile } from './histogram.js';
import type { ObserveResult } from './observe.js';
import { formatPromDuration, formatTime } from './promql.js';
import { mdCell, mdText, mdTextWithCode } from '../render/markdown.js';

/** A table as headers, rows and alignment. */
export interface Rows {
  title: string;
  headers: string[];
  rows: string[][];
  align: Align[];
}

const dash = '–';
const opt = (v: number | null, f: (x: number) => string) => (v === null ? dash : f(v));
const bucket = (q: BucketQuantile) => `${formatDuration(q.value)} (${formatDuration(Math.max(0, q.low))}–${formatDuration(q.high)})`;

/** What was observed, per component. */
export function observedRows(r: ObserveResult): Rows {
  return {
    title: 'Observed',
    headers: ['component', 'ops/s', 'replicas', 'CPU cores', 'mean R', 'p95 (its bucket)'],
    align: ['left', 'right', 'right', 'right', 'right', 'right'],
    rows: r.observation.components.map((c) => [
      c.name,
      formatNumber(c.rate.value),
      opt(c.replicas?.value ?? null, (v) => formatNumber(v)),
      opt(c.cpu?.value ?? null, (v) => formatNumber(v)),
      opt(c.latency?.meanS ?? null, formatDuration),
      c.latency ? bucket(c.latency.p95) : dash,
    ]),
  };
}

/** The operational laws' figures, per component. */
export function derivedRows(r: ObserveResult): Rows {
  return {
    title: 'Derived (operational laws)',
    headers: ['component', 'V (profile)', 'S = B/Xc', 'D = B/X', 'μ/replica', 'ρ', 'N = Xc·R'],
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
    rows: r.derived.components.map((d) => [
      d.name,
      `${opt(d.visits, (v) => formatNumber(v))} (${formatNumber(d.profileVisits)})`,
      opt(d.serviceTimeS, formatDuration),
      opt(d.demandS, formatDuration),
      opt(d.capacityPerReplica, (v) => `${formatNumber(v)}/s`),
      opt(d.utilization, (v) => formatPercent(v)),
      opt(d.concurrency, (v) => formatNumber(v)),
    ]),
  };
}

const VERDICT: Record<string, string> = { agrees: 'agrees', profile: 'profile off', model: 'model off', unmeasured: 'no data' };

/** Model against observed p95, per compared component. */
export function modelRows(r: ObserveResult): Rows {
  return {
    title: `p95: model at the observed load vs observed (agree within the bucket ± ${formatPercent(r.tolerance)})`,
    headers: ['component', 'observed', 'band', 'profile', 'measured S', 'verdict'],
    align: ['left', 'right', 'right', 'right', 'right', 'left'],
    rows: r.comparisons.map((c) => {
      const [lo, hi] = agreementBand(c.observed, r.tolerance);
      // Replicas that averaged a fraction: the model at the two counts, more replicas (lower p95) first.
      const b = c.replicasBetween;
      const range = (pair: [number, number]) => `${formatDuration(pair[0])}–${formatDuration(pair[1])}`;
      const profile = b ? range(b.profileP95) : formatDuration(c.profileP95);
      const measured = b?.calibratedP95 ? range(b.calibratedP95) : opt(c.calibratedP95, formatDuration);
      return [c.name, formatDuration(c.observed.value), `${formatDuration(lo)}–${formatDuration(hi)}`, profile, measured, VERDICT[c.verdict]!];
    }),
  };
}

/** The lines above the tables: when, over what, and the system's rate. */
export function headerLines(r: ObserveResult, source: string): string[] {
  const o = r.observation;
  const when = o.atMode === 'peak' ? `the peak of the ${formatPromDuration(o.windowS)} window ending ${formatTime(o.endS)}` : 'the time asked for';
  return [
    `${r.profile}: observed at ${formatTime(o.atS)}, rates over ${formatPromDuration(o.rateWindowS)}`,
    `(${when})`,
    `source: ${source}`,
    `X = ${formatNumber(r.derived.systemRps)} req/s (rate of ${r.derived.entry} ÷ its ${formatNumber(r.entryVisits)} visit${r.entryVisits === 1 ? '' : 's'} per request)`,
  ];
}

/** Why a component has no verdict (Verdict 'unmeasured'), in the text's notes and the JSON's. */
const NO_VERDICT = "no verdict: the profile's p95 is outside the band, but with no measured service time (S = B / X_c needs the busy CPU) there is no model with the measured S to tell whether the profile or the model is off";

/** Notes: what could not be observed, and how to read the verdicts. */
export function noteLines(r: ObserveResult): string[] {
  const out = r.observation.components.flatMap((c) => c.notes.map((n) => `${c.name}: ${n}`));
  for (const c of r.comparisons) {
    const b = c.replicasBetween;
    const n = r.derived.components.find((d) => d.name === c.name)?.replicas;
    if (b && n != null) out.push(`${c.name}: replicas averaged ${formatNumber(n)} over the rate window (between ${b.fewer} and ${b.more}): the model's p95 is the range at ${b.more} and ${b.fewer} replicas`);
    if (c.verdict === 'unmeasured') out.push(`${c.name}: ${NO_VERDICT}`);
  }
  if (r.comparisons.length > 0) {
    out.push(
      'The true p95 lies in its bucket: histogram_quantile interpolates linearly inside',
      "it, so the estimate can be off by up to the bucket's width. profile off: only",
      'the model with the measured S agrees (fix the profile). model off: neither',
      'agrees (M/M/c does not fit: waits outside the CPU, other service-time shapes,',
      'uneven balancing).',
      ...(r.comparisons.some((c) => c.verdict === 'unmeasured') ? ['no data: the profile disagrees and S was not measured, so neither is blamed.'] : []),
    );
  }
  return out;
}

/** Text tables (cli-table3), fitted to the terminal's width. */
export function renderObserveText(r: ObserveResult, source: string, palette: Palette, layout: Layout = DEFAULT_LAYOUT): string {
  const columns = (t: Rows) => t.headers.map((header, i) => ({ header, align: t.align[i] ?? 'left', wrap: i === 0, minWidth: 10 }));
  const table = (t: Rows) => (t.rows.length === 0 ? [] : [palette.bold(t.title), drawTable(columns(t), t.rows, { layout, palette, indent: 0 }).text, '']);
  const notes = noteLines(r);
  return [...headerLines(r, source), '', ...table(observedRows(r)), ...table(derivedRows(r)), ...table(modelRows(r)), ...(notes.length ? [...notes.map((n) => palette.dim(n)), ''] : [])].join('\n');
}

/** Markdown tables. */
export function renderObserveMarkdown(r: ObserveResult, source: string): string {
  const table = (t: Rows) =>
    t.rows.length === 0
      ? []
      : [`### ${t.title}`, '', `| ${t.headers.map(mdCell).join(' | ')} |`, `| ${t.align.map((a) => (a === 'right' ? '---:' : '---')).join(' | ')} |`, ...t.rows.map((row) => `| ${row.map(mdCell).join(' | ')} |`), ''];
  const notes = noteLines(r);
  return [`## capplan observe: ${mdText(r.profile)}`, '', ...headerLines(r, source).map((l) => `${mdTextWithCode(l)}  `), '', ...table(observedRows(r)), ...table(derivedRows(r)), ...table(modelRows(r)), ...(notes.length ? [notes.map(mdTextWithCode).join('\n'), ''] : [])].join('\n');
}

const finite = (v: number | null) => (v === null || !Number.isFinite(v) ? null : v);

/** JSON: every observed and derived figure in SI units, with the queries that gave them. */
export function renderObserveJson(r: ObserveResult, source: string): string {
  const o = r.observation;
  const json = {
    apiVersion: 'capplan/v1',
    profile: r.profile,
    source,
    at: formatTime(o.atS),
    atMode: o.atMode,
    window: formatPromDuration(o.windowS),
    end: formatTime(o.endS),
    rateWindow: formatPromDuration(o.rateWindowS),
    entry: r.derived.entry,
    systemRps: r.derived.systemRps,
    peakQuery: o.peakQuery,
    tolerance: r.tolerance,
    components: r.derived.components.map((d) => {
      const c = o.components.find((x) => x.name === d.name)!;
      const cmp = r.comparisons.find((x) => x.name === d.name);
      return {
        name: d.name,
        kind: d.kind,
        observed: {
          rate: d.rate,
          busyCores: d.busyCores,
          replicas: d.replicas,
          meanResponse: d.meanResponseS,
          p95: d.p95 ? { value: d.p95.value, low: finite(d.p95.low), high: finite(d.p95.high) } : null,
        },
        derived: {
          visits: d.visits,
          profileVisits: d.profileVisits,
          serviceTime: d.serviceTimeS,
          demand: d.demandS,
          workers: d.workers,
          capacityPerReplica: d.capacityPerReplica,
          utilization: d.utilization,
          concurrency: d.concurrency,
        },
        model: cmp
          ? {
              profileP95: finite(cmp.profileP95),
              calibratedP95: finite(cmp.calibratedP95),
              replicasBetween: cmp.replicasBetween && { fewer: cmp.replicasBetween.fewer, more: cmp.replicasBetween.more, profileP95: cmp.replicasBetween.profileP95.map(finite), calibratedP95: cmp.replicasBetween.calibratedP95?.map(finite) ?? null },
              verdict: cmp.verdict,
            }
          : null,
        calibration: Object.fromEntries((r.calibration.find((x) => x.name === d.name)?.values ?? []).map((v) => [v.key, v.value])),
        queries: {
          rate: c.rate.query,
          cpu: c.cpu?.query ?? null,
          replicas: c.replicas?.query ?? null,
          latency: c.latency?.queries ?? null,
        },
        notes: cmp?.verdict === 'unmeasured' ? [...c.notes, NO_VERDICT] : c.notes,
      };
    }),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
