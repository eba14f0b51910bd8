/**
 * zod builders for profile quantities. Each field accepts a string with units (or a number where
 * its kind may be bare, see UNIT_REQUIRED) and yields a number in SI units, inside the field's
 * range and the kind's magnitudes (QUANTITY_RANGE). The reader is injected: the fast-path reader
 * defers strings it does not know, and the mathjs reader (loaded only then) evaluates them,
 * including expressions over the phase's workload values.
 */
import * as z from 'zod';
import { isRangeLike, readRange, type RangeValue } from '../explore/ranges.js';
import { EXPECTED_FORM, needsUnitMessage, UNIT_REQUIRED, type QuantityKind, type QuantityResult } from '../units/quantity.js';
import { formatDuration, formatNumber } from '../units/format.js';
import { MAX_NAME_LENGTH, QUANTITY_RANGE } from './limits.js';

/** Reads one raw value of a kind into SI units. */
export type QuantityReader = (value: unknown, kind: QuantityKind) => QuantityResult;

/** Range limits for a quantity field. */
export interface Range {
  /** Smallest allowed value (inclusive unless `positive`). */
  min?: number;
  max?: number;
  /** Must be greater than zero. */
  positive?: boolean;
  /** Must be strictly below this value, and why (availability: 100 % is a target no system meets). */
  below?: { value: number; why: string };
  /** The key names the unit (`rps`, `tokensPerSecond`, `iops`): a bare number is taken per second. */
  bare?: boolean;
  /** One value, never a range: a requirement or a policy rather than an estimate (targets, gates). */
  single?: boolean;
  /** Units a bare number here most likely lacks, for its message (`['d', ' months']` for a retention); default the kind's. */
  guesses?: readonly string[];
}

/**
 * What the JSON Schema says of each quantity schema, keyed by its zod definition (which the
 * copies `.describe()` makes share): its kind's title, whether it needs a unit (then the JSON
 * Schema refuses bare numbers but 0), and whether it may be a range (docs/explore.md). Kept aside
 * rather than in zod's `.meta()`, which would clone every quantity schema on each run.
 */
export const QUANTITY_SCHEMAS = new WeakMap<object, { title: string; unitRequired: boolean; range: boolean }>();

/** The definition object of a zod schema, the key of QUANTITY_SCHEMAS. */
export function zodDef(schema: unknown): object {
  return (schema as { _zod: { def: object } })._zod.def;
}

/** Short names of the kinds, for the JSON Schema's `title` and the field reference. */
export const KIND_TITLE: Record<QuantityKind, string> = {
  duration: 'duration', rate: 'rate', bytes: 'size', byteRate: 'data rate', cpu: 'CPU', fraction: 'fraction', count: 'count', number: 'number',
};

/** Marker put in an issue's params when the fast path could not read a value. */
export const DEFERRED = 'capplan:deferred';

/** Likely units of a bare number in a long duration (a retention period): days or months. */
export const LONG_DURATION_UNITS: readonly string[] = ['d', ' months'];

/** The field builders bound to one reader. */
export type Fields = ReturnType<typeof makeFields>;

/** Told of every uncertain input a field reads (`20ms..35ms`): the raw value and its quantiles in SI units. */
export type RangeHook = (raw: unknown, range: RangeValue) => void;

/** The mapping form of an uncertain input: two of p10, p50, p90, and its law. */
const rangeObject = z
  .strictObject({
    p10: z.union([z.number(), z.string()]).optional().register(z.globalRegistry, { description: '10th percentile.' }),
    p50: z.union([z.number(), z.string()]).optional().register(z.globalRegistry, { description: 'Median.' }),
    p90: z.union([z.number(), z.string()]).optional().register(z.globalRegistry, { description: '90th percentile.' }),
    dist: z.enum(['lognormal', 'normal']).optional().register(z.globalRegistry, { description: 'The law between them (default lognormal).' }),
  })
  .meta({ id: 'UncertainValue', description: 'An uncertain value: two of p10, p50 and p90 (docs/explore.md).' });

/** The written forms of a quantity (number, text, and a range where one is allowed), one per kind and form: schemas are immutable, so the fields share them and build only their own transform. */
const INPUT_FORMS = new Map<string, z.ZodUnion<[z.ZodNumber, z.ZodString, typeof rangeObject]> | z.ZodUnion<[z.ZodNumber, z.ZodString]>>();

function inputForm(kind: QuantityKind, ranged: boolean) {
  const key = `${kind}:${ranged}`;
  let form = INPUT_FORMS.get(key);
  if (!form) {
    form = ranged
      ? z.union([z.number(), z.string(), rangeObject], { error: () => `expected ${EXPECTED_FORM[kind]}` })
      : z.union([z.number(), z.string()], { error: () => `expected ${EXPECTED_FORM[kind]}` });
    INPUT_FORMS.set(key, form);
  }
  return form;
}

/** Builds the quantity field constructors for one reader; ranges (docs/explore.md) read as their median and are told to `onRange`. */
export function makeFields(read: QuantityReader, onRange: RangeHook = () => {}) {
  const quantity = (kind: QuantityKind, range: Range = {}) => {
    const unitRequired = UNIT_REQUIRED.has(kind) && !range.bare;
    // A count takes one whole number, a target or a policy one value; other quantities may be a range (an estimate).
    const ranged = kind !== 'count' && range.single !== true;
    const schema = inputForm(kind, ranged)
      .transform((raw, ctx) => {
        const result = !isRangeLike(raw)
          ? readField(read, raw, kind, range, unitRequired)
          : ranged
            ? readRangeField(read, raw, kind, range, unitRequired, onRange)
            : kind === 'count'
              ? { ok: false as const, message: 'a count cannot be a range', params: { hint: 'give one whole number; ranges are for estimates such as service times, capacities, rates and visit counts' } }
              : { ok: false as const, message: 'a range stands for an estimate; this setting takes one value', params: { hint: 'ranges are for workload and component figures (service times, capacities, visits, rates); targets, gates and prices are choices' } };
        if (!result.ok) {
          ctx.addIssue({ code: 'custom', message: result.message, params: result.params });
          return z.NEVER;
        }
        return result.value;
      });
    QUANTITY_SCHEMAS.set(zodDef(schema), { title: range.bare ? `${KIND_TITLE[kind]} (bare: per second)` : KIND_TITLE[kind], unitRequired, range: ranged });
    return schema;
  };
  return {
    /** Seconds. */
    duration: (range?: Range) => quantity('duration', range),
    /** Events per second. */
    rate: (range?: Range) => quantity('rate', range),
    /** Bytes. */
    bytes: (range?: Range) => quantity('bytes', range),
    /** Bytes per second. */
    byteRate: (range?: Range) => quantity('byteRate', range),
    /** CPU cores. */
    cpu: (range?: Range) => quantity('cpu', range),
    /** A fraction 0..1 (percentages accepted). */
    fraction: (range?: Range) => quantity('fraction', range),
    /** A whole number. */
    count: (range?: Range) => quantity('count', range),
    /** A real number. */
    number: (range?: Range) => quantity('number', range),
  };
}

/** The same field builders, each taking one value only (for targets and gates: choices, not estimates). */
export function singleValued(f: Fields): Fields {
  const one = <K extends keyof Fields>(k: K) => ((range: Range = {}) => f[k]({ ...range, single: true })) as Fields[K];
  return { duration: one('duration'), rate: one('rate'), bytes: one('bytes'), byteRate: one('byteRate'), cpu: one('cpu'), fraction: one('fraction'), count: one('count'), number: one('number') };
}

/** A value read and checked against its field: the number, or the issue to report. */
type FieldValue = { ok: true; value: number } | { ok: false; message: string; params: Record<string, unknown> };

/** One value of a field: read, with its unit where the kind needs one, inside the field's range and the kind's magnitudes. */
function readField(read: QuantityReader, raw: unknown, kind: QuantityKind, range: Range, unitRequired: boolean): FieldValue {
  const result = read(raw, kind);
  if (!result.ok) {
    if ('deferred' in result) return { ok: false, message: `cannot read ${JSON.stringify(raw)} as ${EXPECTED_FORM[kind]}`, params: { [DEFERRED]: true } };
    return { ok: false, message: result.message, params: result.hint ? { hint: result.hint } : {} };
  }
  if (result.bare && unitRequired && result.value !== 0) {
    const { message, hint } = needsUnitMessage(kind, result.value, range.guesses);
    return { ok: false, message, params: { hint } };
  }
  const problem = checkRange(result.value, range, kind) ?? checkMagnitude(result.value, kind, range.positive === true);
  return problem ? { ok: false, message: problem, params: {} } : { ok: true, value: result.value };
}

/** A range: each end read and checked as the field's own value; the field takes the median. */
function readRangeField(read: QuantityReader, raw: unknown, kind: QuantityKind, range: Range, unitRequired: boolean, onRange: RangeHook): FieldValue {
  let failed: FieldValue | null = null;
  const r = readRange(raw, kind, (v) => {
    const end = readField(read, v, kind, range, unitRequired);
    if (end.ok) return { ok: true, value: end.value, bare: false };
    failed = end;
    return { ok: false, message: end.message };
  });
  if (!r.ok) return failed ?? ('message' in r ? { ok: false, message: r.message, params: r.hint ? { hint: r.hint } : {} } : { ok: false, message: `cannot read ${JSON.stringify(raw)}`, params: { [DEFERRED]: true } });
  // An end computed rather than written (x ± d, a p10 mirrored from p50 and p90) must be a value of the field too: 10ms ± 200% has a p10 of −10 ms.
  for (const [name, v] of [['p10', r.range.p10], ['p90', r.range.p90]] as const) {
    const problem = checkRange(v, range, kind);
    if (problem) return { ok: false, message: `the range's ${name}, ${kind === 'count' || kind === 'number' ? formatNumber(v, 6) : boundText(v, kind)}, ${problem.replace(/ \(got .*\)$/, '')}`, params: { hint: 'narrow the spread, or write the range as p10..p90 (a lognormal law, which stays positive)' } };
  }
  onRange(raw, { ...r.range, ...(range.min !== undefined ? { min: range.min } : {}), ...(range.max !== undefined ? { max: range.max } : {}) });
  return { ok: true, value: r.range.p50 };
}

const SI_SUFFIX: Record<QuantityKind, string> = { duration: ' s', rate: '/s', bytes: ' B', byteRate: ' B/s', cpu: ' cores', fraction: '', count: '', number: '' };

/** A non-zero value must lie within its kind's magnitudes (QUANTITY_RANGE), so products stay finite. */
function checkMagnitude(value: number, kind: QuantityKind, positive: boolean): string | undefined {
  const r = QUANTITY_RANGE[kind];
  const abs = Math.abs(value);
  // The value is written into the message only when there is one: every field of a profile passes here.
  if (abs > r.max) return `must be at most ${r.maxText}, the largest ${KIND_TITLE[kind]} capplan accepts (got ${value}${SI_SUFFIX[kind]})`;
  if (abs !== 0 && abs < r.min) return `must be ${positive ? '' : '0 or '}at least ${r.minText}, the smallest ${KIND_TITLE[kind]} capplan accepts (got ${value}${SI_SUFFIX[kind]})`;
  return undefined;
}

function checkRange(value: number, range: Range, kind: QuantityKind): string | undefined {
  if (range.positive && !(value > 0)) return `must be greater than ${boundText(0, kind)} (got ${boundText(value, kind)})`;
  if (range.min !== undefined && value < range.min) return `must be at least ${boundText(range.min, kind)} (got ${boundText(value, kind)})`;
  if (range.max !== undefined && value > range.max) return `must be at most ${boundText(range.max, kind)} (got ${boundText(value, kind)})`;
  if (range.below !== undefined && !(value < range.below.value)) return `must be below ${boundText(range.below.value, kind)} (got ${boundText(value, kind)}): ${range.below.why}`;
  return undefined;
}

/** A bound or the value against it, in the field's unit: "0 s", "-5 ms", "99%", "-2,000 B", "3". */
function boundText(value: number, kind: QuantityKind): string {
  switch (kind) {
    case 'duration': return value === 0 ? '0 s' : formatDuration(value);
    case 'fraction': return `${formatNumber(value * 100, 6)}%`;
    case 'rate': return `${formatNumber(value, 6)}/s`;
    case 'bytes': return `${formatNumber(value, 6)} B`;
    case 'byteRate': return `${formatNumber(value, 6)} B/s`;
    case 'cpu': return `${formatNumber(value, 6)} cores`;
    default: return String(value);
  }
}

/** A name that heads tables and messages (the system, a phase): one to MAX_NAME_LENGTH characters. */
export function headingName(what: string) {
  return z.string().min(1).max(MAX_NAME_LENGTH, { error: `a ${what} name is at most ${MAX_NAME_LENGTH} characters (limit: name length)` });
}

/** A component name: a DNS-1035 label, because it names Kubernetes objects and Compose services. */
export const componentName = z
  .string()
  .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, {
    error: 'must be a DNS label: lowercase letters, digits and "-", starting with a letter, at most 63 characters (it names Kubernetes objects)',
  });

/**
 * An optional section whose schema is built the first time a profile has it (`z.lazy(build)
 * .optional()`, keeping what it built). zod's optional asks its inner schema, even for an absent
 * key, whether it substitutes a default (`optin === 'defaulted'`), which of a lazy builds it; the
 * sections built this way are objects or arrays, which never do, and the lazy says so itself.
 */
export function optionalOnDemand<T extends z.ZodType>(build: () => T) {
  const lazy = z.lazy(build);
  Object.defineProperty(lazy._zod, 'optin', { value: undefined, configurable: true, writable: true });
  return lazy.optional();
}
