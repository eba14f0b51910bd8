/**
 * wrk (and wrk2) text output, one run per connection count, several runs possibly pasted
 * into one file with shell prompts between them. Lines read, as printed by wg/wrk src/wrk.c:
 *   printf("  %"PRIu64" threads and %"PRIu64" connections\n", cfg.threads, cfg.connections);
 *   printf("Requests/sec: %9.2Lf\n", req_per_s);
 * N is the connection count, X is Requests/sec.
 */

import { LoadPoints } from '../usl-model.js';
import { type FitDiagnostic, type ParseResult, parseNumber } from './types.js';

const CONNECTIONS = /^\s*(\d+)\s+threads?\s+and\s+(\d+)\s+connections?\b/;
const REQUESTS = /^\s*Requests\/sec:\s*(\S+)/;

/** Read every run in a wrk output file. */
export function parseWrk(text: string, file: string): ParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const points = new LoadPoints();
  const errors: FitDiagnostic[] = [];
  let open: { n: number; line: number } | null = null;
  lines.forEach((content, i) => {
    const line = i + 1;
    const c = CONNECTIONS.exec(content);
    if (c) {
      if (open) {
        errors.push({ file, line: open.line, message: `the run with ${open.n} connections has no "Requests/sec:" line`, hint: 'was it interrupted?' });
      }
      const n = Number(c[2]);
      open = { n, line };
      if (!(n > 0)) errors.push({ file, line, col: content.indexOf(c[2] as string) + 1, message: 'connection count must be greater than 0' });
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
    } else if (open.n > 0) {
      points.push(open.n, rate);
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
  return { points, source: `wrk: ${file}`, format: 'wrk', xLabel: 'connections', yLabel: 'requests/s', notes: [] };
}
