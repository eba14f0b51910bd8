/**
 * Fast-path quantity parser: the unit vocabulary of capplan profiles, read without mathjs.
 *
 * Every quantity is returned in SI base units (seconds, bytes, bytes/s, per-second rates, CPU
 * cores, fractions). Strings this parser does not understand are reported as `deferred`, so the
 * caller can hand them to the mathjs reader (expressions and the long tail of units); mathjs is
 * never loaded for a profile that only uses this vocabulary. `test/units/quantity.test.ts` checks
 * that this parser and mathjs agree wherever both read a value.
 */

/** The dimension a profile field expects. */
export type QuantityKind =
  | 'duration'
  | 'rate'
  | 'bytes'
  | 'byteRate'
  | 'cpu'
  | 'fraction'
  | 'count'
  | 'number';

/**
 * Result of reading one value: a number in SI units, an error, or "not mine" (deferred). `bare`
 * is true when the value carried no unit (a plain number, or an expression whose result has none):
 * the field decides whether its kind may be bare (UNIT_REQUIRED).
 */
export type QuantityResult =
  | { ok: true; value: number; bare: boolean }
  | { ok: false; message: string; hint?: string }
  | { ok: false; deferred: true };

/**
 * Kinds whose values need a unit, in profiles and in flags (as Compose durations and Kubernetes
 * memory quantities do): a bare `20` could be seconds or milliseconds, bytes or gigabytes. A field
 * whose key names the unit (`rps`, `tokensPerSecond`, `iops`) may still take a bare number, and a
 * bare 0 is zero in every unit. CPU (`2` = two cores, as in Kubernetes), fractions, counts and
 * numbers are bare by nature.
 */
export const UNIT_REQUIRED: ReadonlySet<QuantityKind> = new Set(['duration', 'rate', 'bytes', 'byteRate']);

/** The units each kind accepts, for hints ("durations take …"). */
export const ACCEPTED_UNITS: Record<QuantityKind, string> = {
  duration: 'durations take ns, us, ms, s, min, h, d, w, month or y: 20ms, 1.5s, 90d',
  rate: 'rates take /s, /min, /h or /d, with or without a noun, or rps, qps, IOPS, Hz: 1000/s, 30 msg/s, 600/min',
  bytes: 'sizes are in bytes: B, kB or KB, MB, GB, TB (powers of 1000); KiB, MiB, GiB, TiB (powers of 1024); Kubernetes k, M, G, Ki, Mi, Gi',
  byteRate: 'data rates take B/s, kB/s, MB/s, GB/s, MiB/s, GiB/s, or bits: kbit/s, Mbit/s, Gbit/s, Mbps, Gbps',
  cpu: 'CPU takes cores or millicores: 2, 0.5, 500m',
  fraction: 'a fraction takes a percentage or a number from 0 to 1: 70%, 0.7',
  count: 'a count is a whole number',
  number: 'a plain number',
};

/** The message for a bare number where a unit is required: `20 needs a unit: 20ms? 20s?` (or the field's own likely units). */
export function needsUnitMessage(kind: QuantityKind, value: number, units?: readonly string[]): { message: string; hint: string } {
  const v = String(value);
  if (units !== undefined && units.length > 0) return { message: `${v} needs a unit: ${units.map((u) => `${v}${u}?`).join(' ')}`, hint: ACCEPTED_UNITS[kind] };
  const guesses: Partial<Record<QuantityKind, string[]>> = {
    duration: [`${v}ms`, `${v}s`],
    rate: [`${v}/s`, `${v}/min`],
    bytes: value < 1024 ? [`${v}MiB`, `${v}GiB`] : [`${v}B`, `${v}KiB`],
    byteRate: [`${v} MB/s`, `${v} Gbit/s`],
  };
  return { message: `${v} needs a unit: ${(guesses[kind] ?? []).map((g) => `${g}?`).join(' ')}`.trim(), hint: ACCEPTED_UNITS[kind] };
}

/** What each kind looks like, used in messages ("expected a duration like 10ms or 2s"). */
export const EXPECTED_FORM: Record<QuantityKind, string> = {
  duration: 'a duration like 10ms, 2s or 5min',
  rate: 'a rate like 1000/s or 600/min',
  bytes: 'a size like 256Mi, 16GiB or 50KB',
  byteRate: 'a data rate like 125 MB/s or 10 Gbit/s',
  cpu: 'a CPU amount like 500m or 2',
  fraction: 'a percentage like 70% or a fraction like 0.7',
  count: 'a whole number like 3',
  number: 'a number like 2.5',
};

/** Seconds per unit of time. A month is a twelfth of a Julian year (365.25 d), as in mathjs. */
export const TIME_UNITS: Readonly<Record<string, number>> = {
  ns: 1e-9, nanosecond: 1e-9, nanoseconds: 1e-9,
  us: 1e-6, 'µs': 1e-6, 'μs': 1e-6, microsecond: 1e-6, microseconds: 1e-6,
  ms: 1e-3, millisecond: 1e-3, milliseconds: 1e-3,
  s: 1, sec: 1, secs: 1, second: 1, seconds: 1,
  min: 60, mins: 60, minute: 60, minutes: 60,
  h: 3600, hr: 3600, hrs: 3600, hour: 3600, hours: 3600,
  d: 86_400, day: 86_400, days: 86_400,
  w: 604_800, wk: 604_800, week: 604_800, weeks: 604_800,
  month: 2_629_800, months: 2_629_800,
  y: 31_557_600, yr: 31_557_600, year: 31_557_600, years: 31_557_600,
};

const DECIMAL: Readonly<Record<string, number>> = { '': 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };
const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };

/**
 * Bytes per unit of size. Decimal (kB, MB, GB: powers of 1000) and binary (KiB, MiB: powers of
 * 1024) as in IEC 80000-13; Kubernetes quantity suffixes (Ki, Mi, Gi; k, M, G) as in
 * k8s.io/apimachinery resource.Quantity. Bits are not sizes (see bitFactor).
 */
function sizeFactor(unit: string): number | undefined {
  let m = /^([kKMGTPE]?)(B|[Bb]ytes?)$/.exec(unit);
  if (m) return DECIMAL[m[1]!];
  m = /^(Ki|Mi|Gi|Ti|Pi|Ei)(B|[Bb]ytes?)?$/.exec(unit);
  if (m) return BINARY[m[1]!];
  m = /^([kKMGTPE])$/.exec(unit);
  if (m) return DECIMAL[m[1]!];
  return undefined;
}

/**
 * A unit name an expression may use (`1.5 * 20ms`, `2 * 8 GiB`, `peakRps / 2 Hz`), as a factor
 * to one of mathjs's base units: exactly the vocabulary the fast path reads, so that a unit is
 * read the same way in a plain value and in an expression, and nothing else. mathjs itself takes
 * any SI prefix on `s` and `Hz` and its own names (`24 hs` would be 24 hectoseconds, `20ds` 2 s,
 * `100 mHz` 0.1/s, `1 decade`); none of them reaches it. Bare Kubernetes suffixes (`k`, `M`, `Gi`)
 * are not units in an expression: there `M` would be a multiplier.
 */
export function expressionUnit(name: string): { factor: number; unit: 's' | 'B' | 'b' | 'B/s' | 'Hz' } | undefined {
  const t = timeFactor(name);
  if (t !== undefined) return { factor: t, unit: 's' };
  if (PER_SECOND_WORDS.has(name)) return { factor: 1, unit: 'Hz' };
  if (/^[kKMGTPE]?i?$/.test(name)) return undefined;
  const size = sizeFactor(name);
  if (size !== undefined) return { factor: size, unit: 'B' };
  const bits = bitFactor(name);
  if (bits !== undefined) return { factor: bits * 8, unit: 'b' };
  const bitRate = bitRateFactor(name);
  if (bitRate !== undefined) return { factor: bitRate, unit: 'B/s' };
  return undefined;
}

/** Bytes per unit of bits (`b`, `bit`, `bits` with a decimal or binary prefix): 1/8 of a byte each. */
function bitFactor(unit: string): number | undefined {
  let m = /^([kKMGTPE]?)(b|bits?)$/.exec(unit);
  if (m) return DECIMAL[m[1]!]! / 8;
  m = /^(Ki|Mi|Gi|Ti|Pi|Ei)(b|bits?)$/.exec(unit);
  if (m) return BINARY[m[1]!]! / 8;
  return undefined;
}

/** The letter of a size prefix a unit starts with ("gigs" → G, "mb" → M), for hints. */
function prefixLetter(unit: string): string | undefined {
  const m = /^([kmgtpe])/i.exec(unit);
  return m ? (m[1]!.toLowerCase() === 'k' ? 'k' : m[1]!.toUpperCase()) : undefined;
}

/** "did you mean 16GB or 16GiB?" for a size written in an unknown or bit unit. */
export function sizeUnitHint(value: number, unit: string): string {
  const p = prefixLetter(unit);
  if (p === undefined) return ACCEPTED_UNITS.bytes;
  const binary = p === 'k' ? 'Ki' : `${p}i`;
  return `did you mean ${value}${p}B or ${value}${binary}B?`;
}

/** A size written in bits is refused: memory, storage, datasets and state are counted in bytes. */
function bitsAsSize(value: number, unit: string): QuantityResult {
  return { ok: false, message: `${value}${unit} is in bits; sizes are in bytes (B)`, hint: sizeUnitHint(value, unit) };
}

/** Bytes per second for bit-rate shorthands: bps, Kbps, Mbps, Gbps, Tbps. */
function bitRateFactor(unit: string): number | undefined {
  const m = /^([kKMGT]?)bps$/.exec(unit);
  return m ? DECIMAL[m[1]!]! / 8 : undefined;
}

/** Words that may name what is counted in a rate: `1000 req/s`, `5 msg/min`, `20000 IOPS`. */
const COUNT_NOUNS = new Set([
  'req', 'reqs', 'request', 'requests', 'op', 'ops', 'operation', 'operations', 'query', 'queries',
  'q', 'msg', 'msgs', 'message', 'messages', 'call', 'calls', 'tx', 'txn', 'txns', 'transaction',
  'transactions', 'token', 'tokens', 'session', 'sessions', 'event', 'events', 'job', 'jobs',
  'task', 'tasks', 'io', 'ios', 'write', 'writes', 'read', 'reads', 'order', 'orders', 'item',
  'items', 'hit', 'hits', 'user', 'users', 'visit', 'visits',
]);
const PER_SECOND_WORDS = new Set(['rps', 'qps', 'tps', 'ops', 'iops', 'IOPS', 'Hz', 'hz', 'mps']);

const NUMBER_RE = /^([+-]?(?:\d[\d_,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)\s*(.*)$/;

/** Splits "125 MB/s" into the number 125 and the unit text "MB/s"; undefined if no leading number. */
export function splitNumber(text: string): { value: number; unit: string } | undefined {
  const m = NUMBER_RE.exec(text.trim());
  if (!m) return undefined;
  const digits = m[1]!;
  // Thousands separators: "10_000" and "10,000" are accepted only in groups of three.
  const grouped = /[_,]/.test(digits);
  if (grouped && !/^[+-]?\d{1,3}([_,]\d{3})*(\.\d*)?([eE][+-]?\d+)?$/.test(digits)) return undefined;
  const value = Number(grouped ? digits.replace(/[_,]/g, '') : digits);
  return Number.isNaN(value) ? undefined : { value, unit: m[2]!.trim() };
}

/** Seconds in one `unit` of time, or undefined. */
export function timeFactor(unit: string): number | undefined {
  return Object.hasOwn(TIME_UNITS, unit) ? TIME_UNITS[unit] : undefined;
}

/** Reads a rate denominator: "s", "min", "sec", "1h"; returns seconds per unit. */
function perTime(denominator: string): number | undefined {
  return timeFactor(denominator.trim());
}

function readRate(value: number, unit: string): number | undefined {
  if (unit === '') return value;
  if (PER_SECOND_WORDS.has(unit)) return value;
  const slash = unit.indexOf('/');
  if (slash < 0) return undefined;
  const noun = unit.slice(0, slash).trim();
  const seconds = perTime(unit.slice(slash + 1));
  if (seconds === undefined) return undefined;
  if (noun !== '' && !COUNT_NOUNS.has(noun) && !COUNT_NOUNS.has(noun.toLowerCase())) return undefined;
  return value / seconds;
}

function readByteRate(value: number, unit: string): number | undefined {
  if (unit === '') return value;
  const bits = bitRateFactor(unit);
  if (bits !== undefined) return value * bits;
  const slash = unit.indexOf('/');
  if (slash < 0) return undefined;
  const numerator = unit.slice(0, slash).trim();
  const size = sizeFactor(numerator) ?? bitFactor(numerator);
  const seconds = perTime(unit.slice(slash + 1));
  if (size === undefined || seconds === undefined) return undefined;
  return (value * size) / seconds;
}

function readCpu(value: number, unit: string): number | undefined {
  if (unit === '') return value;
  if (unit === 'm') return value / 1000;
  if (/^(cores?|cpus?|vcpus?|vCPUs?|CPUs?)$/.test(unit)) return value;
  return undefined;
}

function readFraction(value: number, unit: string): QuantityResult {
  if (unit === '%') {
    if (value > 100) return { ok: false, message: `${value}% is over 100%`, hint: 'a percentage is at most 100%' };
    return { ok: true, value: value / 100, bare: false };
  }
  if (unit !== '') return { ok: false, deferred: true };
  return checkFraction(value);
}

/** A bare fraction must lie in 0..1; 70 is most likely a percentage. */
export function checkFraction(value: number): QuantityResult {
  if (value > 1) {
    return {
      ok: false,
      message: `${value} is not a fraction between 0 and 1`,
      hint: `write ${value}% if you mean a percentage`,
    };
  }
  return { ok: true, value, bare: true };
}

function readUnit(kind: QuantityKind, value: number, unit: string, text: string): QuantityResult {
  if (unit === '' && kind !== 'fraction') return { ok: true, value, bare: true };
  let out: number | undefined;
  switch (kind) {
    case 'duration': out = value * (timeFactor(unit) ?? Number.NaN); break;
    case 'rate': out = readRate(value, unit); break;
    case 'bytes': {
      if (bitFactor(unit) !== undefined) return bitsAsSize(value, unit);
      if (unit === 'm') return { ok: false, message: `${value}m is ${value} thousandths of a byte (m is milli)`, hint: `did you mean ${value}Mi or ${value}M?` };
      out = value * (sizeFactor(unit) ?? Number.NaN);
      break;
    }
    case 'byteRate':
      if (sizeFactor(unit) !== undefined || bitFactor(unit) !== undefined) {
        return { ok: false, message: `${text.trim()} is a size, not a data rate`, hint: `did you mean ${text.trim()}/s?` };
      }
      out = readByteRate(value, unit);
      break;
    case 'cpu': out = readCpu(value, unit); break;
    case 'fraction': return readFraction(value, unit);
    case 'count': out = undefined; break;
    case 'number': out = unit === 'x' || unit === '×' ? value : undefined; break;
  }
  if (out === undefined || Number.isNaN(out)) return { ok: false, deferred: true };
  if (!Number.isFinite(out)) return overflow(text.trim(), kind);
  return { ok: true, value: out, bare: false };
}

/** A value too large for a double once converted to SI units (`1e308 GB`). */
export function overflow(text: string, kind: QuantityKind): QuantityResult {
  return { ok: false, message: `${text} is too large: it overflows when converted to ${SI_WORD[kind]}` };
}

const SI_WORD: Record<QuantityKind, string> = {
  duration: 'seconds', rate: 'a rate per second', bytes: 'bytes', byteRate: 'bytes per second',
  cpu: 'cores', fraction: 'a fraction', count: 'a count', number: 'a number',
};

/** Checks what all quantities share: finite, and whole for counts. */
export function checkNumber(value: number, kind: QuantityKind, bare: boolean): QuantityResult {
  if (!Number.isFinite(value)) return { ok: false, message: `${value} is not a finite number` };
  if (kind === 'count' && !Number.isInteger(value)) return { ok: false, message: `${value} is not a whole number` };
  return { ok: true, value, bare };
}

/**
 * Reads a profile value of the given kind with the fast-path vocabulary into SI base units
 * (seconds, bytes, per second, cores; fractions 0..1), telling whether it had a unit. Strings
 * outside the vocabulary come back `deferred` for the mathjs reader.
 */
export function readQuantity(input: unknown, kind: QuantityKind): QuantityResult {
  if (typeof input === 'number') {
    if (kind === 'fraction' && Number.isFinite(input)) return checkFraction(input);
    return checkNumber(input, kind, true);
  }
  if (typeof input !== 'string') {
    return { ok: false, message: `expected ${EXPECTED_FORM[kind]}, got ${describeValue(input)}` };
  }
  // An empty string is no expression for mathjs either ("only numbers may appear …, not undefined").
  if (input.trim() === '') return { ok: false, message: `expected ${EXPECTED_FORM[kind]}, got an empty string` };
  if ((kind === 'count' || kind === 'rate' || kind === 'number') && DOT_GROUPED.test(input)) return dotGrouped(input);
  const split = splitNumber(input);
  if (!split) return { ok: false, deferred: true };
  // `1e400` is Infinity once read: too large, not "Infinity is not a finite number".
  if (!Number.isFinite(split.value)) return { ok: false, message: `${input.trim()} is too large: it is beyond the largest number capplan can hold` };
  const result = readUnit(kind, split.value, split.unit, input);
  return result.ok ? checkNumber(result.value, kind, result.bare) : result;
}

/** `50.000`, `1.000/s`: three zeros after a dot, which in much of the world group thousands. */
const DOT_GROUPED = /^\s*[+-]?\d{1,3}\.000(?![\d.])/;

/**
 * A count, rate or plain number written with a dot and three zeros (`sessionsPerDay: 50.000`,
 * `capacity: 1.000/s`) is refused: where the dot groups thousands it is 50,000, elsewhere 50,
 * and a plan 1000× off would be made without a word. (A decimal comma, `1,5`, is refused for the
 * same reason.) Durations, sizes and the like keep their decimals: `1.000s` is 1 s.
 */
export function dotGrouped(text: string): QuantityResult {
  const m = /^\s*([+-]?)(\d{1,3})((?:\.\d{3})+)\s*(.*)$/.exec(text)!;
  const [, sign, head, groups, rest] = m as unknown as [string, string, string, string, string];
  const thousands = `${sign}${head}${groups.replace(/\./g, '_')}`;
  const unit = rest === '' ? '' : rest.startsWith('/') ? rest : ` ${rest}`;
  const small = groups.length === 4 ? `; for ${sign}${head}, write ${sign}${head}${unit}` : '';
  return { ok: false, message: `${JSON.stringify(text.trim())}: a dot does not group thousands here`, hint: `for ${thousands.replace(/_/g, ',')}, write ${thousands}${unit}${small} ("." is a decimal point; "_" or "," groups thousands)` };
}

/** A short description of a value's type for error messages. */
export function describeValue(input: unknown): string {
  if (input === null || input === undefined) return 'nothing';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'boolean') return `the boolean ${input}`;
  return JSON.stringify(input);
}
