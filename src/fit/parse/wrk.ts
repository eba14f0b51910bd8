/**
 * wrk (and wrk2) text output, one run per connection count, several runs possibly pasted
 * into one file with shell prompts between them. Lines read, as printed by wg/wrk src/wrk.c:
 *   printf("  %"PRIu64" threads and %"PRIu64" connections\n", cfg.threads, cfg.connections);
 *   printf("Requests/sec: %9.2Lf\n", req_per_s);
 *   printf("  %"PRIu64" requests in %s, %sB read\n", complete, time, bytes);
 *   printf("  Non-2xx or 3xx responses: %d\n", errors.status);   (only when some were)
 * N is the connection count, X is Requests/sec = complete / runtime. `complete` counts the
 * non-2xx/3xx responses too (an overloaded server answering 503 fast would look faster), so a run
 * that reports some is taken at its successful rate, Requests/sec × (complete − errors) / complete,
 * with a note; one that reports them without its "requests in" line is refused.
 */

import { LoadPoints } from '../usl-model.js';
import { PER_SECOND } from '../rate-unit.js';
import { type FitDiagnostic, type ParseResult, parseNumber } from './types.js';

const CONNECTIONS = /^\s*(\d+)\s+threads?\s+and\s+(\d+)\s+connections?\b/;
const REQUESTS = /^\s*Requests\/sec:\s*(\S+)/;
const COMPLETE = /^\s*(\d+)\s+requests\s+in\s/;
const NON_2XX = /^\s*Non-2xx or 3xx responses:\s*(\d+)/;

/** Read every run in a wrk output file. */
export function parseWrk(text: string, file: string): ParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const points = new LoadPoints();
  const errors: FitDiagnostic[] = [];
  const notes: string[] = [];
  let open: { n: number; line: number; complete: number | null; failed: number } | null = null;
  lines.forEach((content, i) => {
    const line = i + 1;
    const c = CONNECTIONS.exec(content);
    if (c) {
      if (open) {
        errors.push({ file, line: open.line, message: `the run with ${open.n} connections has no "Requests/sec:" line`, hint: 'was it interrupted?' });
      }
      const n = Number(c[2]);
      open = { n, line, complete: null, failed: 0 };
      if (!(n > 0)) errors.push({ file, line, col: content.indexOf(c[2] as string) + 1, message: 'connection count must be greater than 0' });
      return;
    }
    const done = open ? COMPLETE.exec(content) : null;
    if (open && done) {
      open.complete = Number(done[1]);
      return;
    }
    const bad = open ? NON_2XX.exec(content) : null;
    if (open && bad) {
      open.failed = Number(bad[1]);
      return;
    }
    const r = REQUESTS.exec(content);
    if (!r) return;
    const rate = parseNumber(r[1] as string);
    const col = content.indexOf(r[1] as string) + 1;
    if (!open) {
      errors.push({ file, line, col, message: '"Requests/sec:" without a preceding "N threads and M connections" line' });
      return;
    }
    if (rate === null || rate < 0) {
      errors.push({ file, line, col, message: `"${r[1]}" is not a request rate` });
    } else if (open.failed > 0 && !(open.complete !== null && open.complete >= open.failed && open.complete > 0)) {
      errors.push({
        file, line, col,
        message: `the run with ${open.n} connections had ${open.failed} non-2xx or 3xx responses, counted in its Requests/sec, and no "N requests in" line to take them out`,
        hint: 'keep wrk\'s whole output for each run',
      });
    } else if (open.n > 0) {
      const ok = open.failed > 0 ? rate * ((open.complete! - open.failed) / open.complete!) : rate;
      if (open.failed > 0) {
        notes.push(`the run with ${open.n} connections had ${open.failed} non-2xx or 3xx responses of ${open.complete} (line ${line}): its throughput is the successful ones, ${Number(ok.toPrecision(6))}/s, not wrk's ${r[1]}/s`);
      }
      points.push(open.n, ok);
    }
    open = null;
  });
  if (open !== null) {
    const pending: { n: number; line: number } = open;
    errors.push({ file, line: pending.line, message: `the run with ${pending.n} connections has no "Requests/sec:" line`, hint: 'was it interrupted?' });
  }
  if (errors.length > 0) return errors;
  if (points.length === 0) {
    return [{ file, line: 1, message: 'no wrk run found', hint: 'expected lines "N threads and M connections" and "Requests/sec: X"' }];
  }
  return { points, source: `wrk: ${file}`, format: 'wrk', xLabel: 'connections', yLabel: 'requests/s', rateUnit: PER_SECOND, notes };
}
