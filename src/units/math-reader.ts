/**
 * The slow-path reader, loaded only when a profile holds an expression or a unit outside the
 * fast-path vocabulary: the value is checked and evaluated by `expression.ts` (an allow-list, a
 * length and a depth cap) with the phase's workload variables in scope, each carrying its unit,
 * and the result converted to the field's SI unit. The mathjs instance holds only the parser,
 * units and the allowed arithmetic, and is locked down as mathjs's security notes advise
 * (mathjs.org/docs/expressions/security.html), although the evaluator never calls into its
 * expression language.
 */
import * as mathjsFactories from './mathjs-factories.js';
import type { Unit } from 'mathjs';
import { didYouMean } from '../profile/diagnostic.js';
import { VARIABLE_UNITS, type Scope } from '../profile/expression-scope.js';
import { echo, evaluateExpression, type ExpressionMath, type ExpressionValue } from './expression.js';
import {
  ACCEPTED_UNITS,
  checkFraction,
  checkNumber,
  dotGrouped,
  EXPECTED_FORM,
  expressionUnit,
  overflow,
  readQuantity,
  sizeUnitHint,
  splitNumber,
  type QuantityKind,
  type QuantityResult,
} from './quantity.js';

// Only the parser, units and the allowed arithmetic: half the code of `all`, and no matrix
// functions, statistics or algebra to reach even by mistake.
// (mathjs-factories.ts lists them: the parser, units, + − × ÷ ^, unary minus, min and max.)
// In the bundle the module is CommonJS, whose namespace holds more than the factories.
const factories = Object.fromEntries(Object.entries(mathjsFactories).filter(([name]) => name.endsWith('Dependencies')));
const math = mathjsFactories.create(factories as Parameters<typeof mathjsFactories.create>[0], {});
const parse = math.parse.bind(math);
const refuse = (name: string) => () => {
  throw new Error(`function ${name} is disabled in profiles`);
};
math.import(
  Object.fromEntries(['import', 'createUnit', 'evaluate', 'parse', 'compile', 'simplify', 'derivative', 'resolve', 'reviver', 'matrix', 'ones', 'zeros', 'range'].map((n) => [n, refuse(n)])),
  { override: true },
);

const MATH: ExpressionMath = {
  parse,
  isUnit: (x): x is Unit => math.isUnit(x),
  unitOf,
  add: (a, b) => math.add(a as never, b as never),
  subtract: (a, b) => math.subtract(a as never, b as never),
  multiply: (a, b) => math.multiply(a as never, b as never),
  divide: (a, b) => math.divide(a as never, b as never),
  pow: (a, b) => math.pow(a as never, b as never),
  unaryMinus: (a) => math.unaryMinus(a as never),
  min: (...args) => math.min(...(args as never[])),
  max: (...args) => math.max(...(args as never[])),
};

/** The units expressions have named so far, built on first use (most profiles name a handful). */
const UNITS = new Map<string, Unit | null>();

/** The mathjs value of a unit on capplan's list (expressionUnit), or undefined: mathjs's other units and prefixes are never read. */
function unitOf(name: string): Unit | undefined {
  let u = UNITS.get(name);
  if (u === undefined) {
    const known = expressionUnit(name);
    // A unit mathjs knows by the same name and size keeps its name in messages ("is in MB").
    const own = known !== undefined && math.Unit.isValuelessUnit(name) ? math.unit(name) : undefined;
    const same = own !== undefined && Math.abs(own.toNumber(known!.unit) - known!.factor) <= known!.factor * 1e-12;
    u = known === undefined ? null : same ? own! : math.unit(known.factor, known.unit);
    UNITS.set(name, u);
  }
  return u ?? undefined;
}

/** The SI unit mathjs converts each kind to; null where a unit makes no sense. */
const SI_UNIT: Record<QuantityKind, string | null> = {
  duration: 's',
  rate: 'Hz',
  bytes: 'B',
  byteRate: 'B/s',
  cpu: null,
  fraction: null,
  count: null,
  number: null,
};

/** Units of each kind that "did you mean" may suggest for an unknown unit: the canonical ones and their words. */
const UNIT_WORDS: Partial<Record<QuantityKind, readonly string[]>> = {
  duration: ['ns', 'us', 'ms', 's', 'min', 'h', 'd', 'w', 'month', 'y', 'second', 'seconds', 'minute', 'minutes', 'hour', 'hours', 'day', 'days', 'week', 'weeks', 'months', 'year', 'years'],
  rate: ['/s', '/min', '/h', '/d', 'rps', 'qps', 'IOPS', 'Hz'],
};

/**
 * Common spellings of time units capplan does not read, and the unit each means. Looked up before
 * any edit distance, which would offer a unit of another magnitude (`msec` is one letter from
 * `sec`, `mo` from `ms`, `yrs` from `hrs`). Spanish and Portuguese spellings are here because
 * profiles are written from documents in those languages (`24 hs` is 24 horas).
 */
const TIME_ALIASES: Readonly<Record<string, string>> = {
  msec: 'ms', msecs: 'ms', millis: 'ms', millisec: 'ms', millisecs: 'ms', mseg: 'ms',
  usec: 'us', usecs: 'us', 'µsec': 'us', microsec: 'us', microsecs: 'us',
  nsec: 'ns', nsecs: 'ns', nanosec: 'ns', nanosecs: 'ns',
  seg: 's', segs: 's', segundo: 's', segundos: 's',
  minuto: 'min', minutos: 'min',
  hs: 'h', hora: 'h', horas: 'h',
  dia: 'd', dias: 'd', 'día': 'd', 'días': 'd',
  wks: 'w', semana: 'w', semanas: 'w',
  mo: 'month', mos: 'month', mon: 'month', mons: 'month', mth: 'month', mths: 'month', mnth: 'month', mnths: 'month', mes: 'month', meses: 'month',
  yrs: 'y', yy: 'y', 'año': 'y', 'años': 'y', ano: 'y', anos: 'y',
};

/**
 * Rates per minute and per hour written as one word (`rpm`, `qph`), which capplan does not read,
 * and the time unit each counts over. Looked up before any edit distance, which would offer `rps`
 * or `qps`, 60 times off. The fit reader takes the same words in a column's name (fit/rate-unit.ts).
 */
const RATE_ALIASES: Readonly<Record<string, string>> = {
  rpm: 'min', qpm: 'min', tpm: 'min', opm: 'min',
  rph: 'h', qph: 'h', tph: 'h', oph: 'h',
};

/** Letters that read as several time units: each meaning is listed, none is picked. */
const TIME_AMBIGUOUS: Readonly<Record<string, readonly string[]>> = {
  m: ['min (minutes)', 'ms (milliseconds)'],
  M: ['min (minutes)', 'month', 'ms (milliseconds)'],
  mi: ['min (minutes)', 'ms (milliseconds)'],
};

/** A prefix mathjs would put on s or Hz (`hs` hectoseconds, `kHz`), which capplan does not read. */
const SI_PREFIXED = /^(da|[yzafpnuµmcdhkMGTPEZY])(s|Hz)$/;

/** Factors of the prefixes people put on Hz, for the hint that gives the rate per second. */
const HZ_PREFIX: Readonly<Record<string, number>> = { m: 1e-3, k: 1e3, M: 1e6, G: 1e9 };

/** A number as a user would write it back: 100000 → 100_000, 0.1 → 0.1. */
function formatPlain(value: number): string {
  const text = String(Number(value.toPrecision(12)));
  return /^\d{5,}$/.test(text) ? text.replace(/\B(?=(\d{3})+$)/g, '_') : text;
}

/** The hint for an unknown unit after a number: a known spelling's unit, the meanings of an ambiguous letter, or a close unit of the kind. */
function unitHint(name: string, value: number | undefined, kind: QuantityKind): string {
  const v = value === undefined ? '' : String(value);
  if (kind === 'duration' || kind === 'rate') {
    const timeName = kind === 'rate' && name.startsWith('/') ? name.slice(1) : name;
    const alias = Object.hasOwn(TIME_ALIASES, timeName) ? TIME_ALIASES[timeName]! : undefined;
    if (alias !== undefined) return `did you mean ${kind === 'rate' ? `${v}/${alias}` : `${v}${alias}`}? ("${timeName}" is not a unit capplan reads; ${ACCEPTED_UNITS[kind]})`;
    const rateWord = name.toLowerCase();
    if (kind === 'rate' && Object.hasOwn(RATE_ALIASES, rateWord)) return `did you mean ${v}/${RATE_ALIASES[rateWord]}? ("${name}" is not a unit capplan reads; ${ACCEPTED_UNITS.rate})`;
    if (kind === 'duration' && Object.hasOwn(TIME_AMBIGUOUS, name)) {
      const meanings = TIME_AMBIGUOUS[name]!.map((u) => `${v}${u}`);
      return `did you mean ${meanings.slice(0, -1).join(', ')} or ${meanings[meanings.length - 1]}? "${name}" alone is ${meanings.length === 2 ? 'neither' : 'none of them'} here`;
    }
    const prefixed = SI_PREFIXED.exec(name);
    if (prefixed) {
      return prefixed[2] === 'Hz'
        ? `capplan reads Hz without a prefix${value !== undefined && Object.hasOwn(HZ_PREFIX, prefixed[1]!) ? `: ${v} ${name} is ${formatPlain(value * HZ_PREFIX[prefixed[1]!]!)}/s, write that` : ''} (${ACCEPTED_UNITS.rate})`
        : `capplan reads no "${prefixed[1]}" prefix on seconds (${ACCEPTED_UNITS[kind]})`;
    }
  }
  const suggestion = didYouMean(name, UNIT_WORDS[kind] ?? []);
  return suggestion ? `did you mean "${suggestion}"? (${ACCEPTED_UNITS[kind]})` : ACCEPTED_UNITS[kind];
}

/** The scope's numbers as mathjs values carrying the unit each variable's name states. */
function typedScope(scope: Scope): Map<string, ExpressionValue> {
  const out = new Map<string, ExpressionValue>();
  for (const [name, value] of Object.entries(scope)) {
    const unit = VARIABLE_UNITS.get(name) ?? null;
    out.set(name, unit === 'perSecond' ? (math.divide(value, math.unit('s')) as Unit) : unit === 'perDay' ? (math.divide(value, math.unit('day')) as Unit) : unit === 'seconds' ? math.unit(value, 's') : value);
  }
  return out;
}

/** A reader that tries the fast path, then the restricted expression evaluator in `scope`. */
export function makeMathReader(scope: Scope) {
  const typed = typedScope(scope);
  const names = [...typed.keys()].sort();
  return (value: unknown, kind: QuantityKind): QuantityResult => {
    const fast = readQuantity(value, kind);
    if (fast.ok || !('deferred' in fast)) return fast;
    const text = String(value);
    const grouping = misgrouped(text);
    if (grouping !== undefined) return { ok: false, ...grouping };
    if (DOTS_GROUPED.test(text)) return dotGrouped(text);
    const hyphen = hyphenated(text, kind);
    if (hyphen !== undefined) return { ok: false, ...hyphen };
    const result = evaluateExpression(MATH, text, typed);
    if (!result.ok) {
      if (!result.unknown) return { ok: false, message: result.message, ...(result.hint ? { hint: result.hint } : {}) };
      return { ok: false, message: result.message, hint: unknownHint(result.unknown, text, kind, names) };
    }
    return toKind(result.value, text, kind);
  };
}

/** The hint for an unknown name: a unit hint after a number, else the variables (or the expected form). */
function unknownHint(unknown: { name: string; asUnit: boolean }, text: string, kind: QuantityKind, names: readonly string[]): string {
  if (unknown.asUnit) {
    const multiplied = multiplierHint(text, kind);
    if (multiplied !== undefined) return multiplied;
    const split = splitNumber(text);
    if (kind === 'bytes' && split) return sizeUnitHint(split.value, unknown.name);
    return unitHint(unknown.name, split?.value, kind);
  }
  const suggestion = didYouMean(unknown.name, names);
  if (suggestion) return `did you mean "${suggestion}"?`;
  if (VARIABLE_UNITS.has(unknown.name) && names.length > 0) return `${unknown.name} is not known in this phase (its workload does not give it); expressions here may use: ${names.join(', ')}`;
  // A lone word is a value in the wrong form; the variables are the hint only for an expression.
  if (names.length > 0 && /[-+*/^(]/.test(text)) return `expressions may use: ${names.join(', ')}`;
  return `expected ${EXPECTED_FORM[kind]}`;
}

/** A number whose separators are not thousands' ("1_0", "10,0000", a decimal comma "1,5"), at the start of a value. */
const GROUPED = /^[+-]?\d+(?:[_,]\d+)+/;

/** The message and hint for a number with separators that do not group thousands; undefined when there are none or they do. */
function misgrouped(text: string): { message: string; hint: string } | undefined {
  const m = GROUPED.exec(text.trim());
  if (!m || /^[+-]?\d{1,3}(?:[_,]\d{3})+$/.test(m[0])) return undefined;
  return { message: `${echo(text)}: "_" and "," separate thousands, in groups of three digits`, hint: 'write 10000, 10_000 or 10,000; a decimal point is "." (1.5, not 1,5)' };
}

/** Several dot groups of three (`1.000.000`): thousands grouped with dots, in any kind. */
const DOTS_GROUPED = /^\s*[+-]?\d{1,3}(?:\.\d{3}){2,}(?![\d.])/;

/** A date: 2025-06-01 or 2025-06. */
const DATE = /^\s*\d{4}-\d{1,2}(?:-\d{1,2})?\s*$/;
/** Two written numbers joined by a hyphen, each with or without a unit: `10-20`, `100ms-200ms`, `20-30ms`. */
const HYPHENATED = /^\s*(\d[\d_,]*(?:\.\d+)?)\s*([A-Za-zµμ%]*(?:\/[A-Za-z]+)?)\s*-\s*(\d[\d_,]*(?:\.\d+)?)\s*([A-Za-zµμ%]*(?:\/[A-Za-z]+)?)\s*$/;

/**
 * A value written `A-B` is a range or a date, not a subtraction: mathjs would compute `10-20` as
 * −10 and `2025-06-01` as 2018. A difference of two written numbers is never what a profile
 * means (it would write the result), so it is refused, with the range syntax where one may help.
 */
function hyphenated(text: string, kind: QuantityKind): { message: string; hint: string } | undefined {
  if (DATE.test(text)) {
    return kind === 'duration'
      ? { message: `${echo(text)} is a date, not a duration`, hint: 'write the time it stands for, e.g. 6month, 90d or 1y (a phase\'s after is the time from the start of the base phase)' }
      : { message: `${echo(text)} is a date; expected ${EXPECTED_FORM[kind]}`, hint: ACCEPTED_UNITS[kind] };
  }
  const m = HYPHENATED.exec(text);
  if (!m) return undefined;
  const [, a, ua, b, ub] = m as unknown as [string, string, string, string, string];
  const unit = ub || ua;
  // A range is written low..high: `5ms-3ms` is offered as 3ms..5ms, not reversed.
  const [lo, hi] = [`${a}${ua || unit}`, `${b}${unit}`];
  const valueOf = (q: string) => {
    const r = readQuantity(q, kind === 'count' ? 'number' : kind);
    return r.ok ? r.value : Number(q.replace(/[_,]/g, '').replace(/[^\d.].*$/, ''));
  };
  const range = valueOf(lo) > valueOf(hi) ? `${hi}..${lo}` : `${lo}..${hi}`;
  if (kind === 'count') return { message: `${echo(text)} looks like a range; a count takes one whole number`, hint: `give one value, e.g. ${a}; ranges (written ${range}) are for estimates such as service times, capacities and rates` };
  return { message: `${echo(text)} looks like a range written with a hyphen`, hint: `a range is written with two dots, ${range} (its p10..p90), where the field takes an estimate; otherwise give one value` };
}

/**
 * Magnitudes people write after a number ("1.2M sessions", "2k/s", "3 million"). A unit reader
 * that took them would read `M` as mega in a count and `m` as milli in a CPU, and 2k/s is a
 * typo as often as a shorthand, so capplan takes none of them and says the number in full.
 */
const MULTIPLIERS: Readonly<Record<string, number>> = { k: 1e3, K: 1e3, thousand: 1e3, M: 1e6, mn: 1e6, mio: 1e6, million: 1e6, G: 1e9, bn: 1e9, billion: 1e9 };
const MULTIPLIED = /^(k|K|thousand|M|mn|mio|million|G|bn|billion)(?![A-Za-z])\s*(.*)$/;

/** For a count, number or rate written with a magnitude ("1.2M", "2k/s"): the hint that gives it in full ("1_200_000", "2_000/s"); else undefined. */
export function multiplierHint(text: string, kind: QuantityKind): string | undefined {
  if (kind !== 'count' && kind !== 'number' && kind !== 'rate') return undefined;
  const split = splitNumber(text);
  const m = split ? MULTIPLIED.exec(split.unit) : null;
  if (!split || !m) return undefined;
  const full = Number((split.value * MULTIPLIERS[m[1]!]!).toPrecision(12));
  const digits = String(full);
  if (!/^-?\d+(\.\d+)?$/.test(digits)) return undefined;
  const [whole, fraction] = digits.split('.');
  const grouped = `${whole!.replace(/\B(?=(\d{3})+(?!\d))/g, '_')}${fraction ? `.${fraction}` : ''}`;
  const rest = m[2] ? (m[2].startsWith('/') ? m[2] : ` ${m[2]}`) : '';
  return `capplan reads no "${m[1]}" multiplier: write the number in full, ${grouped}${rest}`;
}

/** Converts an evaluated value to the field's kind in SI units. */
function toKind(value: ExpressionValue, text: string, kind: QuantityKind): QuantityResult {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, message: `${echo(text)} = ${value} is not a finite number` };
    return kind === 'fraction' ? checkFraction(value) : checkNumber(value, kind, true);
  }
  const target = SI_UNIT[kind];
  if (target === null) return { ok: false, message: `${echo(text)} has a unit (${value.formatUnits()}); expected ${EXPECTED_FORM[kind]}` };
  const parts = (value as unknown as { units: { unit: { name: string } }[] }).units;
  if (kind === 'bytes' && parts.some((p) => p.unit.name === 'b' || p.unit.name === 'bits')) {
    const split = splitNumber(text);
    return { ok: false, message: `${echo(text)} is in bits; sizes are in bytes (B)`, hint: split ? sizeUnitHint(split.value, split.unit) : ACCEPTED_UNITS.bytes };
  }
  let si: number;
  try {
    si = value.toNumber(target);
  } catch {
    return { ok: false, message: `${echo(text)} is in ${value.formatUnits()}, not ${EXPECTED_FORM[kind]}`, hint: ACCEPTED_UNITS[kind] };
  }
  if (Number.isNaN(si)) return { ok: false, message: `${echo(text)} is not a number` };
  if (!Number.isFinite(si)) return overflow(text.length > 40 ? echo(text) : text, kind);
  return checkNumber(si, kind, false);
}
