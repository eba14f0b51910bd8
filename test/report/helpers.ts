/**
 * Shared by the report tests: a report input planned in-process exactly as `capplan report`
 * plans it, and the check that a figure shown on the page equals the plan JSON's value.
 */
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { exploreForReport } from '../../src/cli/report-explorations.js';
import { parseProfilePath } from '../../src/gate/profile-paths.js';
import { renderPlanJson } from '../../src/render/json.js';
import { assembleReport } from '../../src/report/input.js';
import type { ReportInput } from '../../src/report/types.js';

export const root = new URL('../../', import.meta.url).pathname;

/** The report input of a profile file, as the command builds it (no date, so no catalog-age note), with its sweeps and runway unless `explore` is false. */
export async function reportInputOf(file: string, opts: { phaseIndex?: number; date?: string; target?: 'cloud' | 'onprem'; bill?: false; explore?: false } = {}): Promise<ReportInput> {
  const planned = await planProfileFile(file, { ...(opts.target ? { target: opts.target } : {}), ...(opts.bill === false ? { bill: false } : {}) }, opts.date ?? null);
  const text = await readFile(file, 'utf8');
  const input = assembleReport({
    plan: planned.plan,
    profile: planned.profile,
    doc: planned.doc,
    sources: [{ file: relative(root, file), role: 'profile', text }],
    version: '0.0.0-test',
    date: opts.date ?? null,
    notes: planned.notes,
    phaseIndex: opts.phaseIndex,
  });
  if (opts.explore === false) return input;
  const indexes = opts.phaseIndex === undefined ? planned.plan.phases.map((_p, i) => i) : [opts.phaseIndex];
  const pricing = { ...(opts.target ? { target: opts.target } : {}), ...(opts.bill === false ? { bill: false } : {}) };
  return { ...input, ...(await exploreForReport(planned, { indexes, uncertain: false, pricing })) };
}

/** How many charts a report draws: the cost (when priced), per phase the path and its two sweep charts, the runway. */
export function chartCount(input: ReportInput): number {
  const sweeps = (input.sweeps ?? []).filter((s) => s !== null).length;
  return (input.plan.phases.some((p) => p.bill) ? 1 : 0) + input.plan.phases.length + 2 * sweeps + (input.runway ? 1 : 0) + (input.uncertain ? 1 : 0);
}

/** The plan as `capplan plan --json` prints it, parsed: what every figure on the page is compared with. */
export function planJson(input: ReportInput): unknown {
  return JSON.parse(renderPlanJson(input.plan));
}

/** The value at a path like `phases[0].bill.byComponent["a.b"]`, or undefined. */
export function valueAt(json: unknown, path: string): unknown {
  let v: unknown = json;
  for (const seg of parseProfilePath(path)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}

/** Multipliers of the units figures are shown in, to SI. */
const UNITS: Readonly<Record<string, number>> = {
  '': 1, '%': 0.01, '×': 1,
  'µs': 1e-6, ms: 1e-3, s: 1, min: 60, h: 3600, d: 86_400,
  B: 1, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15,
  KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4, PiB: 1024 ** 5,
};

/**
 * Reads a figure as a person reads it, independently of capplan's formatters: "1,440,000",
 * "42.9 req/s", "64.2 ms", "6.7%", "$2,357.30", "4.29×", "12.5 MB/s", "3e-5". Returns the SI value
 * and one unit in the last shown place (the display's precision), or null when it is no number.
 */
export function readFigure(text: string): { value: number; ulp: number } | null {
  const m = /^(-?)(\$?)([\d,]*\.?\d+)(?:e([+-]?\d+))?\s*(.*)$/.exec(text.trim());
  if (!m) return null;
  const digits = m[3]!.replace(/,/g, '');
  const decimals = digits.includes('.') ? digits.length - digits.indexOf('.') - 1 : 0;
  const exp = m[4] ? Number(m[4]) : 0;
  let unit = m[5]!.trim();
  // A rate's noun ("req/s", "query/s") is not a scale; a byte rate's prefix is.
  if (/^[a-zA-Z]+\/s$/.test(unit) && !(unit.replace('/s', '') in UNITS)) unit = '';
  else if (unit.endsWith('/s')) unit = unit.slice(0, -2);
  const scale = UNITS[unit];
  if (scale === undefined) return null;
  const sign = m[1] ? -1 : 1;
  return { value: sign * Number(digits) * 10 ** exp * scale, ulp: 10 ** (exp - decimals) * scale };
}

/** Why a shown figure differs from the plan's value, or null when it matches to its shown precision. */
export function figureMismatch(text: string, value: unknown): string | null {
  const shown = text.trim();
  if (typeof value === 'string') return shown === value ? null : `shows "${shown}", the plan says "${value}"`;
  if (value === null) return shown === '∞' || shown === '–' ? null : `shows "${shown}", the plan says null (∞ or not modelled)`;
  if (typeof value !== 'number') return `the plan has no figure here (${JSON.stringify(value)})`;
  const read = readFigure(shown);
  if (!read) return `"${shown}" is not a number`;
  // One unit in the last place covers rounding and flooring; 1e-5 relative covers the JSON's 6 digits.
  const tolerance = read.ulp + Math.abs(value) * 1e-5;
  return Math.abs(read.value - value) <= tolerance ? null : `shows "${shown}" = ${read.value}, the plan says ${value} (±${tolerance})`;
}

const ENTITIES: Readonly<Record<string, string>> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"' };

/** Every marked figure of an HTML report, read from the markup: path and shown text. */
export function markedFigures(html: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot);/g, (e) => ENTITIES[e]!);
  for (const m of html.matchAll(/<(span|text|tspan)\b[^>]*?\bdata-plan="([^"]*)"[^>]*>([^<]*)<\/\1>/g)) out.push({ path: unescape(m[2]!), text: unescape(m[3]!) });
  return out;
}
