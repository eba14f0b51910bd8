/**
 * The time unit of a load test's throughput column. The readers turn every throughput into
 * requests per second, the unit of λ and of every rate capplan plans with, so a column that says
 * it is per minute (`throughput_per_min`, `Throughput (req/min)`, `rpm`) is divided by 60 where it
 * is read, for `capplan fit` and `capacity.fit` alike. The load tools' own outputs (k6, wrk,
 * pgbench, Locust, JMeter) are per second. A CSV or JSON column whose name says no time unit
 * (`throughput`, `txn_rate`) is read as per second, as docs/calibration.md says, and the report
 * says it assumed so. A name whose unit capplan cannot read, or that says two, is refused rather
 * than guessed: `throughput_per_fortnight`, `latency_ms` (a duration, not a rate),
 * `throughput_min` (per minute, or the minimum?), `rps (per minute)`, `Throughput (k req/s)`.
 */
import { timeFactor } from '../units/quantity.js';

/** Seconds per unit of the throughput's time base (60: per minute), and whether that was assumed. */
export interface RateUnit {
  seconds: number;
  assumed: boolean;
}

/** The unit of the load tools' own rates, and of every throughput once read: per second, known. */
export const PER_SECOND: RateUnit = { seconds: 1, assumed: false };

/** A column whose name says no time unit: read as per second, assumed. */
export const ASSUMED_PER_SECOND: RateUnit = { seconds: 1, assumed: true };

/** Words that are a rate with its time unit: requests (queries, transactions…) per second, minute, hour. */
export const RATE_WORDS: Readonly<Record<string, number>> = {
  rps: 1, qps: 1, tps: 1, iops: 1, hz: 1, mps: 1,
  rpm: 60, qpm: 60, tpm: 60,
  rph: 3600, qph: 3600, tph: 3600,
};

/** Words that scale a count ("Throughput (k req/s)", "krps"): refused, as a unit not read would be. */
const MULTIPLIERS = /^(k|thousands?|millions?|k(rps|rpm|qps|tps|reqs?|requests|ops))$/;

/** The unit a column's name gives, or why it gives none capplan can use. */
export type RateUnitResult = RateUnit | { error: string; hint: string };

/**
 * The time unit a throughput column's name states: `X/min` or `X / min` (also in brackets,
 * `Throughput (req/min)`), `X_per_min`, `X per minute`, `XPerMinute`, or a rate word (`rps`,
 * `rpm`, `tph`…), with any time unit capplan reads in a duration (ns … y: units/quantity.ts).
 * None: per second, assumed. A "per" or "/" before a word that is no time unit, a name ending in
 * a time unit without "per" or "/", or two different units: refused.
 */
export function rateUnitOfColumn(name: string): RateUnitResult {
  const tokens = tokensOf(name);
  const said: { seconds: number; text: string }[] = [];
  const show = `"${name}"`;
  const hint = 'name the rate with its time unit, e.g. "throughput_per_min", "throughput/h" or "Throughput (req/s)" (s, min, h or d), or convert the column to requests per second';
  for (let i = 0; i < tokens.length; i++) {
    const { text, sep } = tokens[i]!;
    const afterPer = i > 0 && tokens[i - 1]!.text === 'per';
    if (sep.includes('/') || afterPer) {
      const unit = text.replace(/^1(?=\D)/, '');
      const seconds = timeFactor(unit);
      const written = afterPer ? `per${tokens[i]!.sep}${text}` : `${sep.trim()}${text}`;
      if (seconds === undefined) return { error: `the throughput column ${show} is a rate ${written.startsWith('/') ? `per "${text}"` : `"${written}"`}, and "${text}" is no unit of time capplan knows`, hint };
      said.push({ seconds, text: written });
      continue;
    }
    if (MULTIPLIERS.test(text)) {
      return { error: `the throughput column ${show} is counted in "${text}": capplan reads a throughput as a count of requests and will not apply a multiplier a column name states`, hint: 'write the column in requests (1500, not 1.5 with "k" in its name)' };
    }
    const glued = /^per(.+)$/.exec(text);
    const gluedSeconds = glued ? timeFactor(glued[1]!) : undefined;
    if (gluedSeconds !== undefined) said.push({ seconds: gluedSeconds, text });
    else if (Object.hasOwn(RATE_WORDS, text)) said.push({ seconds: RATE_WORDS[text]!, text });
    else if (i === tokens.length - 1 && i > 0 && text !== 'per' && timeFactor(text) !== undefined) {
      return {
        error: `the throughput column ${show} ends in "${text}", a unit of time without "per" or "/": a duration (a latency in ${text}?) or a minimum is not a rate, and capplan will not guess which`,
        hint,
      };
    }
  }
  const [first] = said;
  if (first === undefined) return ASSUMED_PER_SECOND;
  const other = said.find((s) => s.seconds !== first.seconds);
  if (other) return { error: `the throughput column ${show} names two time units, "${first.text}" and "${other.text}"`, hint };
  return { seconds: first.seconds, assumed: false };
}

/** The words of a column name, lower-case (camelCase split), each with the separator before it ("/" marks a denominator). */
function tokensOf(name: string): { text: string; sep: string }[] {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  const out: { text: string; sep: string }[] = [];
  for (const m of words.matchAll(/([^a-z0-9µμ]*)([a-z0-9µμ]+)/g)) out.push({ sep: m[1]!, text: m[2]! });
  return out;
}

/** The note a reader adds when it converted a column: what it read, and by what it divided. */
export function perSecondNote(file: string, column: string, unit: RateUnit): string {
  const factor = unit.seconds >= 1 ? `÷ ${unit.seconds}` : `× ${perSubSecond(unit)}`;
  return `${file}: throughput "${column}" is a rate per ${unit.seconds} s: read ${factor} as per second, the unit of λ and of every rate capplan plans with`;
}

/** The column label with the conversion the reader made: "throughput_per_min ÷ 60"; the label itself when none. */
export function perSecondLabel(column: string, unit: RateUnit | undefined): string {
  if (unit === undefined || unit.seconds === 1) return column;
  return unit.seconds > 1 ? `${column} ÷ ${unit.seconds}` : `${column} × ${perSubSecond(unit)}`;
}

/** Reads a throughput cell of a column in `unit` as per second (unchanged, not even re-represented, when it is per second). */
export function toPerSecond(value: number, unit: RateUnit): number {
  if (unit.seconds === 1) return value;
  return unit.seconds > 1 ? value / unit.seconds : value * perSubSecond(unit);
}

/** Units of a time base shorter than a second in one second (ms: 1000), exact: 1 / 1e-9 is not. */
function perSubSecond(unit: RateUnit): number {
  return Math.round(1 / unit.seconds);
}
