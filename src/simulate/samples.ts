/**
 * Measured times from load-test files, for empirical service times (`--service X=empirical:FILE`)
 * and measured arrivals (`--arrivals trace:FILE`): JMeter CSV results (`elapsed` per sample,
 * `timeStamp` of each start), k6 JSON output lines (`http_req_duration` points and their times),
 * a CSV column whose name says its unit (`latency_ms`, `start_s`), or one duration (or inter-arrival
 * gap) per line (`12ms`; a bare number is seconds). Pure: text in, seconds or positioned problems out.
 */
import { parseCsv } from '../fit/parse/csv-text.js';
import { parseNumber } from '../fit/parse/types.js';
import { splitNumber, timeFactor } from '../units/quantity.js';

/** What to read: per-sample durations, or the gaps between sample start times. */
export type SampleKind = 'durations' | 'gaps';

/** Times read from a file (seconds), or the problems found. */
export type SampleResult = { ok: true; valuesS: number[]; source: string } | { ok: false; problems: { line: number; col: number; message: string }[] };

/** The most samples kept (a file beyond it is read up to there). */
export const MAX_SAMPLES = 1_000_000;

/** Reads durations or inter-arrival gaps from a load-test file's text. */
export function readSamples(text: string, name: string, kind: SampleKind): SampleResult {
  const body = text.replace(/^\uFEFF/, '');
  const head = body.trimStart();
  const result = head.startsWith('{') ? fromK6(body, kind) : /^[^\n]*[A-Za-z]/.test(head) && /[,;\t]/.test(head.split('\n', 1)[0]!) ? fromCsv(body, kind) : fromList(body, kind);
  if (!result.ok) return result;
  const valuesS = result.valuesS.slice(0, MAX_SAMPLES);
  if (valuesS.length < 2) return { ok: false, problems: [{ line: 1, col: 1, message: `${name}: needs at least 2 ${kind === 'gaps' ? 'arrival times' : 'durations'}, found ${valuesS.length}` }] };
  if (!valuesS.some((v) => v > 0)) return { ok: false, problems: [{ line: 1, col: 1, message: `${name}: every ${kind === 'gaps' ? 'gap' : 'duration'} is 0` }] };
  return { ok: true, valuesS, source: `${basename(name)}, ${result.source}` };
}

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** Gaps between successive times, after sorting (load tools log in completion order). */
function gaps(times: number[]): number[] {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted.slice(1).map((t, i) => t - sorted[i]!);
}

/** k6 `--out json` lines: {"type":"Point","metric":"http_req_duration","data":{"time":"…","value":ms}}. */
function fromK6(text: string, kind: SampleKind): SampleResult {
  const values: number[] = [];
  const times: number[] = [];
  const problems: { line: number; col: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    let v: { type?: string; metric?: string; data?: { time?: string; value?: number } };
    try {
      v = JSON.parse(line) as typeof v;
    } catch {
      problems.push({ line: i + 1, col: 1, message: 'not a JSON line (expected k6 --out json output)' });
      return;
    }
    if (v.type !== 'Point' || v.metric !== 'http_req_duration') return;
    const value = v.data?.value;
    const time = Date.parse(v.data?.time ?? '');
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) problems.push({ line: i + 1, col: 1, message: 'http_req_duration point without a duration' });
    else if (kind === 'gaps' && !Number.isFinite(time)) problems.push({ line: i + 1, col: 1, message: 'http_req_duration point without a time' });
    else {
      values.push(value / 1000);
      // k6 stamps a point when the request ends: its start is the end less its duration (ms, exact beside epoch seconds).
      times.push(time - value);
    }
  });
  if (problems.length) return { ok: false, problems: problems.slice(0, 20) };
  return { ok: true, valuesS: kind === 'gaps' ? gaps(times).map((g) => g / 1000) : values, source: `k6 http_req_duration, ${values.length} requests` };
}

const DURATION_COLUMNS = /^(elapsed|duration|latency|response[ _-]?time|service[ _-]?time|time)(?![a-z])/i;
const TIME_COLUMNS = /^(timestamp|start[ _-]?time|start|ts|time)(?![a-z])/i;

/** Seconds per unit named in a column header: `latency_ms`, `duration (s)`, `elapsed` (JMeter: ms). */
function headerUnit(header: string): number | null {
  if (/^elapsed$|^timestamp$/i.test(header.trim())) return 1e-3;
  const m = /[ _(\[-](ns|us|µs|ms|s|sec|seconds|min)\)?\]?\s*$/i.exec(header.trim());
  return m ? timeFactor(m[1]!.toLowerCase()) ?? null : null;
}

function fromCsv(text: string, kind: SampleKind): SampleResult {
  const table = parseCsv(text);
  if (table.error) return { ok: false, problems: [table.error] };
  const [header, ...rows] = table.records;
  if (!header) return { ok: false, problems: [{ line: 1, col: 1, message: 'empty file' }] };
  const names = header.fields.map((f) => f.value);
  const pattern = kind === 'gaps' ? TIME_COLUMNS : DURATION_COLUMNS;
  const col = names.findIndex((n) => pattern.test(n) && headerUnit(n) !== null);
  if (col < 0) {
    return { ok: false, problems: [{ line: header.line, col: 1, message: `no ${kind === 'gaps' ? 'start-time' : 'duration'} column with a unit in its name (e.g. ${kind === 'gaps' ? 'timeStamp (JMeter, ms) or start_s' : 'elapsed (JMeter, ms), latency_ms or duration_s'}); columns: ${names.join(', ')}` }] };
  }
  const unit = headerUnit(names[col]!)!;
  const values: number[] = [];
  const problems: { line: number; col: number; message: string }[] = [];
  for (const row of rows) {
    const cell = row.fields[col];
    const v = cell ? parseNumber(cell.value) : null;
    if (v === null || v < 0) problems.push({ line: row.line, col: cell?.col ?? 1, message: `${names[col]}: "${cell?.value ?? ''}" is not a number ≥ 0` });
    else values.push(v * unit);
  }
  if (problems.length) return { ok: false, problems: problems.slice(0, 20) };
  return { ok: true, valuesS: kind === 'gaps' ? gaps(values) : values, source: `column ${names[col]}, ${values.length} rows` };
}

function fromList(text: string, kind: SampleKind): SampleResult {
  const values: number[] = [];
  const problems: { line: number; col: number; message: string }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.replace(/#.*$/, '').trim();
    if (!t) return;
    const q = splitNumber(t);
    const unit = q ? (q.unit === '' ? 1 : timeFactor(q.unit)) : undefined;
    if (!q || unit === undefined || !(q.value >= 0)) problems.push({ line: i + 1, col: 1, message: `"${t}" is not a duration (write 12ms, 0.3s, or seconds as a bare number)` });
    else values.push(q.value * unit);
  });
  if (problems.length) return { ok: false, problems: problems.slice(0, 20) };
  // A plain list holds the durations, or the inter-arrival gaps themselves.
  return { ok: true, valuesS: values, source: `${values.length} ${kind === 'gaps' ? 'inter-arrival times' : 'durations'}` };
}
