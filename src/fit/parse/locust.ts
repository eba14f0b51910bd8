/**
 * Locust's `<prefix>_stats_history.csv` (locust --csv PREFIX), written by
 * locust/stats.py StatsCSVFileWriter: columns "Timestamp" (Unix seconds), "User Count",
 * "Type", "Name", "Requests/s", "Failures/s", percentiles, "Total Request Count", …
 * One row every few seconds; the "Aggregated" rows carry the totals. Requests/s there is
 * Locust's current_rps, a trailing window over the last 12 s (minus the last 2), so the first
 * rows after a step in user count still mix the previous level: they are skipped when the
 * step lasts long enough. N is the user count, X the mean Requests/s over the rest of the step,
 * less Failures/s where the file has it: Locust's Requests/s counts failed requests too (an
 * overloaded server failing fast would look faster).
 */

import { LoadPoints } from '../usl-model.js';
import { PER_SECOND } from '../rate-unit.js';
import { numericCell, parseCsv } from './csv-text.js';
import { parseNumber, type FitDiagnostic, type ParseResult } from './types.js';

/** Seconds of Locust's trailing current_rps window (locust/stats.py StatsEntry.current_rps). */
export const LOCUST_RPS_WINDOW_S = 12;

const REQUIRED = ['Timestamp', 'User Count', 'Name', 'Requests/s'] as const;

interface Row {
  t: number;
  users: number;
  rps: number;
  requests: number | null;
}

/** Average the aggregated Requests/s of each user-count step of a Locust history file. */
export function parseLocustHistory(text: string, file: string): ParseResult {
  const table = parseCsv(text, ',');
  if (table.error) return [{ file, ...table.error }];
  const [header, ...records] = table.records;
  if (!header) return [{ file, line: 1, message: 'empty file' }];
  const names = header.fields.map((f) => f.value.toLowerCase());
  const index = (name: string): number => names.indexOf(name.toLowerCase());
  const missing = REQUIRED.filter((name) => index(name) < 0);
  if (missing.length > 0) {
    return [{
      file,
      line: header.line,
      message: `not a Locust stats history: missing column(s) ${missing.map((m) => `"${m}"`).join(', ')}`,
      hint: 'use the <prefix>_stats_history.csv file that locust --csv <prefix> writes',
    }];
  }
  const [iT, iUsers, iName, iRps, iTotal, iFail] = [index('Timestamp'), index('User Count'), index('Name'), index('Requests/s'), index('Total Request Count'), index('Failures/s')];
  let failing = 0;
  const errors: FitDiagnostic[] = [];
  const rows: Row[] = [];
  for (const record of records) {
    if ((record.fields[iName]?.value ?? '').toLowerCase() !== 'aggregated') continue;
    const t = numericCell(record, iT, 'Timestamp', file, errors);
    const users = numericCell(record, iUsers, 'User Count', file, errors);
    const rps = numericCell(record, iRps, 'Requests/s', file, errors);
    const total = iTotal >= 0 ? parseNumber(record.fields[iTotal]?.value ?? '') : null;
    if (t === null || users === null || rps === null) continue;
    const failed = iFail >= 0 ? parseNumber(record.fields[iFail]?.value ?? '') : null;
    const failedRps = failed !== null && failed > 0 ? Math.min(failed, rps) : 0;
    if (failedRps > 0) failing++;
    rows.push({ t, users, rps: rps - failedRps, requests: total });
  }
  if (errors.length > 0) return errors;

  // Steps: maximal runs of consecutive rows with the same user count.
  const steps: Row[][] = [];
  for (const row of rows) {
    const last = steps[steps.length - 1];
    if (last && last[0]?.users === row.users) last.push(row);
    else steps.push([row]);
  }
  const sums = new Map<number, { sum: number; count: number }>();
  let settled = 0;
  for (const step of steps) {
    const users = step[0]?.users ?? 0;
    if (users <= 0) continue;
    const measured = step.filter((r) => r.requests !== 0);
    const start = step[0]?.t ?? 0;
    const late = measured.filter((r) => r.t >= start + LOCUST_RPS_WINDOW_S);
    const used = late.length > 0 ? late : measured;
    if (late.length > 0 && late.length < measured.length) settled++;
    const acc = sums.get(users) ?? { sum: 0, count: 0 };
    for (const r of used) {
      acc.sum += r.rps;
      acc.count++;
    }
    sums.set(users, acc);
  }
  const points = LoadPoints.of(
    [...sums.entries()]
      .filter(([, acc]) => acc.count > 0)
      .sort(([a], [b]) => a - b)
      .map(([n, acc]) => ({ n, x: acc.sum / acc.count })),
  );
  if (points.length === 0) {
    return [{ file, line: header.line, message: 'no "Aggregated" rows with users and requests', hint: 'was the test run long enough to record history?' }];
  }
  const notes = [`averaged Requests/s${iFail >= 0 ? ' less Failures/s' : ''} of the "Aggregated" rows per user count (${points.length} levels from ${rows.length} rows)`];
  if (failing > 0) notes.push(`${failing} of the ${rows.length} rows had failures: their throughput is the successful requests, Requests/s − Failures/s`);
  if (settled > 0) notes.push(`skipped the first ${LOCUST_RPS_WINDOW_S} s of ${settled} step(s): Locust's Requests/s there still averages the previous level`);
  return { points, source: `locust: ${file}`, format: 'locust', xLabel: 'users', yLabel: 'requests/s', rateUnit: PER_SECOND, notes };
}
