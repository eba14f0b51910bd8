/**
 * JMeter CSV results (JTL written with `jmeter -n -t plan.jmx -l results.jtl`), with the
 * header row JMeter prints by default (jmeter.save.saveservice.print_field_names=true):
 *   timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,
 *   failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect
 * timeStamp is the sample start in epoch milliseconds (timestamp_format=ms, the default),
 * elapsed the sample time in ms, allThreads the active threads of all groups at that moment.
 * Samples are grouped by allThreads; each level's throughput is JMeter's own definition
 * (Summary Report): samples / (last sample end − first sample start), counting only the samples
 * whose `success` is true when the file has that column: JMeter's own figure counts failed
 * samples too, and an overloaded server failing fast would look faster.
 */

import { LoadPoints } from '../usl-model.js';
import { PER_SECOND } from '../rate-unit.js';
import { numericCell, parseCsv } from './csv-text.js';
import { parseNumber, type FitDiagnostic, type ParseResult } from './types.js';

const REQUIRED = ['timeStamp', 'elapsed', 'allThreads'] as const;

interface Level {
  count: number;
  failed: number;
  firstStartMs: number;
  lastEndMs: number;
}

/** Throughput per active-thread level from a JMeter CSV results file. */
export function parseJmeterCsv(text: string, file: string): ParseResult {
  const table = parseCsv(text);
  if (table.error) return [{ file, ...table.error }];
  const [header, ...records] = table.records;
  if (!header) return [{ file, line: 1, message: 'empty file' }];
  const names = header.fields.map((f) => f.value.toLowerCase());
  const missing = REQUIRED.filter((name) => !names.includes(name.toLowerCase()));
  if (missing.length > 0) {
    const numeric = parseNumber(header.fields[0]?.value ?? '') !== null;
    return [{
      file,
      line: header.line,
      message: numeric
        ? 'no header row: cannot tell which column is which'
        : `not a JMeter CSV result file: missing column(s) ${missing.map((m) => `"${m}"`).join(', ')}`,
      hint: 'save results with jmeter.save.saveservice.print_field_names=true and thread_counts=true, the defaults',
    }];
  }
  const [iTs, iElapsed, iThreads] = REQUIRED.map((name) => names.indexOf(name.toLowerCase())) as [number, number, number];
  const iSuccess = names.indexOf('success');
  const errors: FitDiagnostic[] = [];
  const levels = new Map<number, Level>();
  for (const record of records) {
    const ts = numericCell(record, iTs, 'timeStamp', file, errors, 'timestamps must be epoch milliseconds: set jmeter.save.saveservice.timestamp_format=ms');
    const elapsed = numericCell(record, iElapsed, 'elapsed', file, errors);
    const threads = numericCell(record, iThreads, 'allThreads', file, errors);
    if (ts === null || elapsed === null || threads === null) continue;
    if (threads <= 0) continue;
    const level = levels.get(threads) ?? { count: 0, failed: 0, firstStartMs: ts, lastEndMs: ts + elapsed };
    level.count++;
    if (iSuccess >= 0 && record.fields[iSuccess]?.value.trim().toLowerCase() === 'false') level.failed++;
    level.firstStartMs = Math.min(level.firstStartMs, ts);
    level.lastEndMs = Math.max(level.lastEndMs, ts + elapsed);
    levels.set(threads, level);
  }
  if (errors.length > 0) return errors.slice(0, 50).concat(errors.length > 50 ? [{ file, line: errors[50]?.line ?? 1, message: `… and ${errors.length - 50} more` }] : []);

  const points = new LoadPoints();
  const dropped: number[] = [];
  const failedLevels: string[] = [];
  for (const [n, level] of [...levels.entries()].sort(([a], [b]) => a - b)) {
    const spanS = (level.lastEndMs - level.firstStartMs) / 1000;
    if (level.count < 2 || !(spanS > 0)) {
      dropped.push(n);
      continue;
    }
    points.push(n, (level.count - level.failed) / spanS);
    if (level.failed > 0) failedLevels.push(`${level.failed} of ${level.count} at ${n} threads`);
  }
  if (points.length === 0) {
    return [{ file, line: header.line, message: 'no thread level with at least two samples' }];
  }
  const notes = [`throughput per allThreads level = ${iSuccess >= 0 ? 'successful samples' : 'samples'} / (last end − first start), ${points.length} levels`];
  if (failedLevels.length > 0) notes.push(`failed samples (success false) left out of the throughput: ${failedLevels.join(', ')}`);
  if (dropped.length > 0) notes.push(`dropped ${dropped.length} level(s) with fewer than 2 samples (ramp transitions): ${dropped.join(', ')}`);
  return { points, source: `jmeter: ${file}`, format: 'jmeter', xLabel: 'threads', yLabel: 'samples/s', rateUnit: PER_SECOND, notes };
}
