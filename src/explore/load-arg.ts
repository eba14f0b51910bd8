/** Parsing the load arguments of `sweep` (--from, --to) and the step count. Pure; errors are plain Errors. */

/** A load: a multiple of the phase's peak, or a user request rate. */
export type LoadArg = { scale: number } | { rps: number };

/** Seconds per period of a rate written with one (`/min`, `req/h`); a bare `rps` is per second. */
const PER: Readonly<Record<string, number>> = { s: 1, sec: 1, min: 60, h: 3600 };

/**
 * Parses `0.1x`, `3×` (multiples of the peak) or `150/s`, `150rps`, `9000/min`, `9000 req/min`
 * (user request rates). A bare number other than 0 is refused: `--to 2000` could be 2000× the
 * peak or 2000 req/s, and units are never guessed.
 */
export function parseLoadArg(value: string): LoadArg {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)(?:e([+-]?\d+))?\s*(x|×|rps|(?:req\s*)?\/\s*(s|sec|min|h))?\s*$/i.exec(value);
  if (!m) throw new Error(`expected a multiple of the peak like 0.1x or 3x, or a rate like 150/s or 9000/min, got "${value}"`);
  const n = Number(m[1]) * 10 ** Number(m[2] ?? 0);
  if (!Number.isFinite(n)) throw new Error(`"${value}" is not a finite load`);
  if (m[3] === undefined && n !== 0) throw new Error(`${value.trim()} needs a unit: ${value.trim()}x (a multiple of the peak) or ${value.trim()}/s (a rate)?`);
  const unit = (m[3] ?? 'x').toLowerCase();
  if (unit === 'x' || unit === '×') return { scale: n };
  return { rps: n / (m[4] ? PER[m[4].toLowerCase()]! : 1) };
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
