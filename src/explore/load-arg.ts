/** Parsing the load arguments of `sweep` (--from, --to) and the step count. Pure; errors are plain Errors. */

/** A load: a multiple of the phase's peak, or a user request rate. */
export type LoadArg = { scale: number } | { rps: number };

/** Parses `0.1x`, `3×`, `3` (multiples of the peak) or `150/s`, `150rps` (user req/s). */
export function parseLoadArg(value: string): LoadArg {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?\s*(x|×|\/s|rps|req\/s)?\s*$/i.exec(value);
  if (!m) throw new Error(`expected a multiple of the peak like 0.1x or 3x, or a rate like 150/s, got "${value}"`);
  const n = Number(m[1]) * 10 ** Number(m[2] ?? 0);
  if (!Number.isFinite(n)) throw new Error(`"${value}" is not a finite load`);
  const unit = (m[3] ?? 'x').toLowerCase();
  return unit === 'x' || unit === '×' ? { scale: n } : { rps: n };
}

/** The load factor of a load argument for a phase with the given peak. */
export function scaleOf(arg: LoadArg, peakRps: number): number {
  return 'scale' in arg ? arg.scale : arg.rps / peakRps;
}

/** The most points a sweep evaluates (each holds a value per component). */
export const MAX_SWEEP_POINTS = 100_000;

/** Parses `--steps`: the number of points, 2 to 100,000. */
export function parseSteps(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !(n >= 2 && n <= MAX_SWEEP_POINTS)) throw new Error(`expected a whole number of points from 2 to ${MAX_SWEEP_POINTS.toLocaleString('en-US')}, got "${value}"`);
  return n;
}
