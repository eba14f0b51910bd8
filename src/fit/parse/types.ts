/**
 * Shared shapes of the load-test readers: what a reader returns (a series of points or
 * positioned diagnostics, never a throw) and the options a caller may pass.
 */

import { MAX_FIT_POINTS, QUANTITY_RANGE } from '../../profile/limits.js';
import type { RateUnit } from '../rate-unit.js';
import type { LoadPoints } from '../usl-model.js';

/** A problem in an input file, positioned for `file:line:col message` rendering. */
export interface FitDiagnostic {
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column, when known. */
  col?: number;
  message: string;
  hint?: string;
}

/** Formats the readers understand. */
export type LoadFormat = 'csv' | 'json' | 'k6' | 'wrk' | 'pgbench' | 'locust' | 'jmeter';

/** Points read from one or more files, with axis labels for reports. */
export interface LoadSeries {
  points: LoadPoints;
  /** Where the points came from, e.g. "wrk: runs.txt" or "k6: 3 files". */
  source: string;
  format: LoadFormat;
  xLabel: string;
  yLabel: string;
  /** The time unit the file's throughput was in; the points are per second whatever it was (rate-unit.ts). */
  rateUnit: RateUnit;
  /** Non-fatal remarks on how the input was read (rows skipped, levels averaged). */
  notes: string[];
}

/** A reader's answer: the series, or every problem found (not just the first). */
export type ParseResult = LoadSeries | FitDiagnostic[];

/** Caller options: explicit column names (`--x`, `--y`) and a forced format. */
export interface ParseOptions {
  x?: string;
  y?: string;
  format?: LoadFormat;
}

/** An input file: its name (for messages and detection) and its full text. */
export interface InputFile {
  name: string;
  text: string;
}

/** Why a point cannot be fitted (concurrency above 0 and at most the count limit, throughput 0 or within the rate range), or null. */
export function pointProblem(n: number, x: number, nLabel = 'concurrency', xLabel = 'throughput'): string | null {
  if (!(n > 0)) return `${nLabel} must be greater than 0, got ${n}`;
  if (n > QUANTITY_RANGE.count.max) return `${nLabel} ${n} is above ${QUANTITY_RANGE.count.maxText}, the most capplan plans for`;
  if (Number.isNaN(x)) return `${xLabel} is not a number`;
  if (x < 0) return `${xLabel} must not be negative, got ${x}`;
  if (x > QUANTITY_RANGE.rate.max) return `${xLabel} ${x} is above ${QUANTITY_RANGE.rate.maxText}`;
  // Squares of smaller throughputs underflow in the least squares, and no profile rate is that small: 0 (nothing completed) stays.
  if (x > 0 && x < QUANTITY_RANGE.rate.min) return `${xLabel} ${x} is above 0 but below ${QUANTITY_RANGE.rate.minText}, the smallest rate capplan accepts (0 is accepted: nothing completed)`;
  return null;
}

/** The diagnostic for the first point past MAX_FIT_POINTS. */
export function tooManyPoints(file: string, line: number, col?: number): FitDiagnostic {
  return {
    file, line, ...(col === undefined ? {} : { col }),
    message: `more than ${MAX_FIT_POINTS} points: a fit reads at most ${MAX_FIT_POINTS}`,
    hint: 'one point per load level is enough: average repeated measurements of a level, or fit a sample',
  };
}

/** True when a reader answered with diagnostics rather than a series. */
export function isDiagnostics(result: ParseResult): result is FitDiagnostic[] {
  return Array.isArray(result);
}

/** `file:line:col message (hint)`, the one rendering of a diagnostic. */
export function formatDiagnostic(d: FitDiagnostic): string {
  const where = d.col === undefined ? `${d.file}:${d.line}` : `${d.file}:${d.line}:${d.col}`;
  return d.hint ? `${where} ${d.message} (${d.hint})` : `${where} ${d.message}`;
}

/** Parse a decimal number the way load tools print them; null for anything else (no hex, no blanks). */
export function parseNumber(text: string): number | null {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const v = Number(t);
  return Number.isFinite(v) ? v : null;
}
