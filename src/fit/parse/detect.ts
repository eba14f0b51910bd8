/**
 * One entry point for `capplan fit <file|dir>`: recognise each file's format from its content
 * (and name), read it, and merge the points of all files (k6 writes one summary per VU level).
 */

import { listedProblems } from '../../profile/diagnostic.js';
import { MAX_LISTED_PROBLEMS } from '../../profile/limits.js';
import { LoadPoints } from '../usl-model.js';
import { parseGenericCsv } from './generic-csv.js';
import { isRecord, parseGenericJson } from './generic-json.js';
import { parseJmeterCsv } from './jmeter.js';
import { parseK6Summary } from './k6.js';
import { parseLocustHistory } from './locust.js';
import { parsePgbench } from './pgbench.js';
import {
  type FitDiagnostic,
  type InputFile,
  type LoadFormat,
  type LoadSeries,
  type ParseOptions,
  type ParseResult,
  isDiagnostics,
} from './types.js';
import { parseWrk } from './wrk.js';

/** Recognise a file's format from its content, with its name as a tie-breaker. */
export function detectFormat(file: InputFile): LoadFormat {
  const text = file.text.replace(/^\uFEFF/, '');
  const head = text.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    if (/^\{"type":\s*"(Metric|Point)"/.test(head)) return 'k6';
    try {
      const value: unknown = JSON.parse(text);
      if (isRecord(value) && isRecord(value['metrics'])) {
        const m = value['metrics'];
        if ('http_reqs' in m || 'iterations' in m || 'vus' in m || 'vus_max' in m) return 'k6';
      }
    } catch {
      // Not valid JSON: the reader will say where. Still route a broken k6 summary to k6.
      if (/"metrics"\s*:/.test(text) && /"(http_reqs|vus_max|vus|iterations)"\s*:/.test(text)) return 'k6';
    }
    return 'json';
  }
  if (/^\s*\d+\s+threads?\s+and\s+\d+\s+connections?/m.test(text) || /^\s*Requests\/sec:/m.test(text)) return 'wrk';
  if (/^\s*number of clients:/m.test(text) || /^\s*tps = \S+ \(/m.test(text)) return 'pgbench';
  const header = (text.split(/\r?\n/, 1)[0] ?? '').toLowerCase();
  if (header.includes('user count') && header.includes('requests/s')) return 'locust';
  if (header.includes('timestamp') && header.includes('elapsed') && header.includes('allthreads')) return 'jmeter';
  if (/\.jtl$/i.test(file.name)) return 'jmeter';
  if (/\.json$/i.test(file.name)) return 'json';
  return 'csv';
}

/** The first MAX_LISTED_PROBLEMS problems, and one that counts the rest (a corrupt file can have a problem a line). */
function listed(diagnostics: FitDiagnostic[]): FitDiagnostic[] {
  return listedProblems(diagnostics, MAX_LISTED_PROBLEMS);
}

/** Read one file in a given format. */
export function parseAs(format: LoadFormat, file: InputFile, options: ParseOptions = {}): ParseResult {
  switch (format) {
    case 'csv':
      return parseGenericCsv(file.text, file.name, options);
    case 'json':
      return parseGenericJson(file.text, file.name, options);
    case 'k6':
      return parseK6Summary(file.text, file.name);
    case 'wrk':
      return parseWrk(file.text, file.name);
    case 'pgbench':
      return parsePgbench(file.text, file.name);
    case 'locust':
      return parseLocustHistory(file.text, file.name);
    case 'jmeter':
      return parseJmeterCsv(file.text, file.name);
  }
}

/**
 * Detect and read every file (sorted by name, so the order files are listed in never matters),
 * then merge their points. All files must be of one format; every problem in every file is
 * reported.
 */
export function detectAndParse(files: readonly InputFile[], options: ParseOptions = {}): ParseResult {
  if (files.length === 0) return [{ file: '(input)', line: 1, message: 'no input files' }];
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const diagnostics: FitDiagnostic[] = [];
  const series: LoadSeries[] = [];
  let firstFormat: { format: LoadFormat; name: string } | null = null;
  for (const file of sorted) {
    const format = options.format ?? detectFormat(file);
    if (firstFormat && format !== firstFormat.format) {
      diagnostics.push({
        file: file.name,
        line: 1,
        message: `looks like ${format} output, but ${firstFormat.name} is ${firstFormat.format}`,
        hint: 'fit one tool’s results at a time',
      });
      continue;
    }
    firstFormat ??= { format, name: file.name };
    const result = parseAs(format, file, options);
    // One by one: a file of 280,000 bad rows has as many problems, too many to spread into push.
    if (isDiagnostics(result)) for (const d of result) diagnostics.push(d);
    else series.push(result);
  }
  if (diagnostics.length > 0) return listed(diagnostics);
  const [first] = series;
  if (!first) return [{ file: '(input)', line: 1, message: 'no points read' }];
  if (series.length === 1) return first;
  // Each file's points are per second already; files whose columns were in different units keep no one column's label.
  const oneUnit = series.every((s) => s.rateUnit.seconds === first.rateUnit.seconds && s.rateUnit.assumed === first.rateUnit.assumed);
  return {
    points: LoadPoints.of(series.flatMap((s) => s.points.toArray()).sort((a, b) => a.n - b.n || a.x - b.x)),
    source: `${first.format}: ${series.length} files`,
    format: first.format,
    xLabel: first.xLabel,
    yLabel: oneUnit ? first.yLabel : 'throughput/s',
    rateUnit: oneUnit ? first.rateUnit : { seconds: 1, assumed: series.some((s) => s.rateUnit.assumed) },
    notes: [...new Set(series.flatMap((s) => s.notes))],
  };
}
