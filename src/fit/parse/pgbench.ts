/**
 * pgbench output, one run per client count, several runs possibly concatenated. Lines read,
 * as printed by PostgreSQL's src/bin/pgbench/pgbench.c (printResults):
 *   number of clients: %d
 *   tps = %f (without initial connection time)        (PostgreSQL 14 and later)
 *   tps = %f (including reconnection times)           (with -C, 14 and later)
 *   tps = %f (including connections establishing)     (13 and earlier)
 *   tps = %f (excluding connections establishing)     (13 and earlier; preferred over "including")
 * Per-script lines (" - … (tps = %f)") and progress lines ("progress: … tps") are not runs.
 */

import { LoadPoints } from '../usl-model.js';
import { PER_SECOND } from '../rate-unit.js';
import { type FitDiagnostic, type ParseResult, parseNumber } from './types.js';

const CLIENTS = /^\s*number of clients:\s*(\S+)/;
const TPS = /^\s*tps = (\S+) \(([^)]*)\)/;

interface Run {
  n: number;
  line: number;
  tps: { value: number; kind: string; line: number }[];
}

/** Read every run in a pgbench output file. */
export function parsePgbench(text: string, file: string): ParseResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const runs: Run[] = [];
  const errors: FitDiagnostic[] = [];
  let current: Run | null = null;
  lines.forEach((content, i) => {
    const line = i + 1;
    const c = CLIENTS.exec(content);
    if (c) {
      const n = parseNumber(c[1] as string);
      if (n === null || !(n > 0)) {
        errors.push({ file, line, col: content.indexOf(c[1] as string) + 1, message: `"${c[1]}" is not a client count` });
        current = null;
        return;
      }
      current = { n, line, tps: [] };
      runs.push(current);
      return;
    }
    const t = TPS.exec(content);
    if (!t) return;
    const col = content.indexOf(t[1] as string) + 1;
    const value = parseNumber(t[1] as string);
    if (!current) {
      errors.push({ file, line, col, message: '"tps =" line without a preceding "number of clients:" line' });
      return;
    }
    if (value === null || value < 0) {
      errors.push({ file, line, col, message: `"${t[1]}" is not a transaction rate` });
      return;
    }
    current.tps.push({ value, kind: t[2] as string, line });
  });

  const points = new LoadPoints();
  let kinds = new Set<string>();
  for (const run of runs) {
    const chosen = run.tps.find((t) => /without initial|excluding/.test(t.kind)) ?? run.tps[0];
    if (!chosen) {
      errors.push({ file, line: run.line, message: `the run with ${run.n} clients has no "tps =" line`, hint: 'was it interrupted?' });
      continue;
    }
    kinds = kinds.add(chosen.kind);
    points.push(run.n, chosen.value);
  }
  if (errors.length > 0) return errors;
  if (points.length === 0) {
    return [{ file, line: 1, message: 'no pgbench run found', hint: 'expected lines "number of clients: N" and "tps = X (…)"' }];
  }
  const notes = [...kinds].sort().map((k) => `tps read as "${k}"`);
  return { points, source: `pgbench: ${file}`, format: 'pgbench', xLabel: 'clients', yLabel: 'tps', rateUnit: PER_SECOND, notes };
}
