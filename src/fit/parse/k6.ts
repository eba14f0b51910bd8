/**
 * k6 end-of-test summaries, one file per VU level. Two layouts, both written by k6 itself
 * (grafana/k6 js/summary_test.go, expectedOldJSONExportResult and expectedHandleSummaryRawData):
 *  - `--summary-export`: `metrics.<name>` holds the values, e.g. `"http_reqs": {"count": 3, "rate": 3}`,
 *    `"vus_max": {"value": 10, "min": 10, "max": 10}`;
 *  - `handleSummary(data)` + `JSON.stringify(data)`: the values sit one level down,
 *    `"http_reqs": {"type": "counter", "contains": "default", "values": {"count": 3, "rate": 3}}`.
 * N is the VU count (vus_max, else the maximum of vus); X is http_reqs.rate, else iterations.rate.
 * http_reqs counts failed requests too (an overloaded server failing fast would look faster), so
 * when the summary has http_req_failed (its fraction: `rate`, or `value` in --summary-export) X
 * is the successful rate, http_reqs.rate × (1 − failed), with a note.
 */

import { LoadPoints } from '../usl-model.js';
import { PER_SECOND } from '../rate-unit.js';
import { isRecord } from './generic-json.js';
import { parseJsonText } from '../../profile/json-text.js';
import type { FitDiagnostic, LoadSeries, ParseResult } from './types.js';

/** One k6 summary file as one (VUs, rate) point. */
export function parseK6Summary(text: string, file: string): ParseResult {
  if (/^\s*\{"type":\s*"(Metric|Point)"/.test(text)) {
    return [{
      file,
      line: 1,
      message: "this is k6's streaming --out json output, not an end-of-test summary",
      hint: 'run k6 with --summary-export=summary.json, or return JSON.stringify(data) from handleSummary, one run per VU level',
    }];
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok) return [{ file, line: parsed.line, col: parsed.col, message: parsed.message }];
  const json = parsed.json;
  const root = json.value;
  if (!isRecord(root) || !isRecord(root['metrics'])) {
    return [{ file, ...json.positionOf([]), message: 'not a k6 summary: no "metrics" object' }];
  }
  const metrics = root['metrics'];
  const errors: FitDiagnostic[] = [];

  const vusMax = metricValues(metrics, 'vus_max');
  const vus = metricValues(metrics, 'vus');
  const n = pick(vusMax, ['max', 'value']) ?? pick(vus, ['max', 'value']);
  if (n === null || !(n > 0)) {
    errors.push({
      file,
      ...json.positionOf(['metrics', vusMax ? 'vus_max' : 'vus']),
      message: 'no VU count: expected metrics.vus_max (or metrics.vus) with a positive "max" or "value"',
    });
  }
  const reqs = metricValues(metrics, 'http_reqs');
  const iterations = metricValues(metrics, 'iterations');
  const rate = pick(reqs, ['rate']) ?? pick(iterations, ['rate']);
  const rateSource = pick(reqs, ['rate']) !== null ? 'http_reqs.rate' : 'iterations.rate';
  if (rate === null || rate < 0) {
    errors.push({
      file,
      ...json.positionOf(['metrics', reqs ? 'http_reqs' : 'iterations']),
      message: 'no throughput: expected metrics.http_reqs.rate (or metrics.iterations.rate)',
    });
  }
  if (errors.length > 0 || n === null || rate === null) return errors;
  const failed = rateSource === 'http_reqs.rate' ? pick(metricValues(metrics, 'http_req_failed'), ['rate', 'value']) : null;
  const notes: string[] = [];
  let x = rate;
  if (failed !== null && failed > 0 && failed <= 1) {
    x = rate * (1 - failed);
    notes.push(`${file}: ${Number((failed * 100).toPrecision(3))}% of requests failed (http_req_failed) at ${n} VUs: its throughput is the successful ones, ${Number(x.toPrecision(6))}/s, not http_reqs' ${Number(rate.toPrecision(6))}/s`);
  }
  const series: LoadSeries = {
    points: LoadPoints.of([{ n, x }]),
    source: `k6: ${file}`,
    format: 'k6',
    xLabel: 'VUs',
    yLabel: rateSource === 'http_reqs.rate' ? 'http_reqs/s' : 'iterations/s',
    rateUnit: PER_SECOND,
    notes,
  };
  return series;
}

/** The values object of a metric in either layout (`values` nested or flat). */
function metricValues(metrics: Record<string, unknown>, name: string): Record<string, unknown> | null {
  const metric = metrics[name];
  if (!isRecord(metric)) return null;
  return isRecord(metric['values']) ? metric['values'] : metric;
}

function pick(values: Record<string, unknown> | null, keys: readonly string[]): number | null {
  if (!values) return null;
  for (const key of keys) {
    const v = values[key];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}
