/**
 * A fast path for zod's parse of a valid value. zod (run without its JIT, see load.ts) walks a
 * profile through a payload object, an issue list and a result handler per node; a profile of
 * 1,000 components spent most of its validation there. This walks the same schema's definitions
 * directly and builds the value zod would build, but decides only "valid": at the first issue, or
 * at anything it does not model, it gives up and the caller lets zod parse the value, so every
 * message still comes from zod. Leaves (strings, numbers, enums, literals, transforms) are parsed
 * by zod's own code; the containers (objects, records, arrays, unions, optional, default, pipe,
 * lazy) are walked here, with their checks (refinements, lengths) run as zod runs them.
 *
 * The semantics followed are zod 4.6's `$ZodObject`, `$ZodRecord`, `$ZodArray`, `$ZodUnion`,
 * `$ZodDiscriminatedUnion`, `$ZodOptional`, `$ZodDefault`, `$ZodPrefault`, `$ZodPipe` and
 * `$ZodLazy` (node_modules/zod/v4/core/schemas.js) on their success paths;
 * test/profile/fast-parse.test.ts holds it to zod's output on the bundled profiles, the templates
 * and generated ones.
 */
import type * as z from 'zod';
import type { RangeHook } from './fields.js';

/** The value has an issue here (a union may still take another option). */
const INVALID = Symbol('invalid');
/** Something the fast path does not model: zod decides. */
const UNSUPPORTED = Symbol('unsupported');

/** What the walk needs of a zod schema's internals. */
interface Internals {
  def: Def;
  traits: Set<string>;
  run: (payload: Payload, ctx: object) => Payload | Promise<Payload>;
  optin?: string | undefined;
  optout?: string | undefined;
  innerType?: Schema;
  propValues?: Record<string, Set<unknown>>;
}
interface Schema {
  _zod: Internals;
}
interface Def {
  type: string;
  checks?: Check[];
  shape?: Record<string, Schema>;
  catchall?: Schema;
  element?: Schema;
  keyType?: Schema;
  valueType?: Schema;
  mode?: string;
  options?: Schema[];
  discriminator?: string;
  unionFallback?: boolean;
  inclusive?: boolean;
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  defaultValue?: unknown;
  coerce?: boolean;
}
interface Check {
  _zod: { def: { when?: (payload: Payload) => boolean }; check: (payload: Payload) => unknown };
}
interface Payload {
  value: unknown;
  issues: unknown[];
}

/** The types parsed by zod's own code, one node each (their checks included). */
const LEAVES = new Set(['string', 'number', 'boolean', 'literal', 'enum', 'never', 'unknown', 'transform']);
/** Types whose parse is one typeof (and, for numbers, finiteness: `$ZodNumber` refuses NaN and the infinities). */
const PLAIN_TYPES: Readonly<Record<string, string | undefined>> = Object.assign(Object.create(null) as Record<string, string>, { string: 'string', number: 'number', boolean: 'boolean' });
/** The context zod's safeParse gives a synchronous forward parse. */
const CTX = { async: false };

/**
 * The value zod's `schema.safeParse(value)` would return as its data when it succeeds, or
 * undefined when the value has an issue or holds something this path leaves to zod. `effects`
 * counts the side effects the schema's transforms have had so far (told ranges, load.ts): a
 * union option or an absent optional key whose issue zod would ignore must not have had any,
 * since zod runs such a branch to its end and this path stops at its first issue.
 */
export function fastParse(schema: z.ZodType, value: unknown, effects: () => number): { value: unknown } | undefined {
  const outer = currentEffects;
  currentEffects = effects;
  try {
    return { value: parserOf(schema as unknown as Schema)(value) };
  } catch (error) {
    if (error === INVALID || error === UNSUPPORTED) return undefined;
    throw error;
  } finally {
    currentEffects = outer;
  }
}

/**
 * `schema.safeParse(value)`, by the fast path when it finds the value valid. The ranges the
 * schema's fields tell `hooks.onRange` (fields.ts) are held back meanwhile and told, in order,
 * only when it succeeds: when zod parses instead, it tells them itself, as without this path.
 */
export function safeParseFast<T extends z.ZodType>(schema: T, value: unknown, hooks: { onRange: RangeHook }): z.ZodSafeParseResult<z.output<T>> {
  const hook = hooks.onRange;
  const told: Parameters<RangeHook>[] = [];
  hooks.onRange = (raw, range) => {
    told.push([raw, range]);
  };
  let fast: { value: unknown } | undefined;
  try {
    fast = fastParse(schema, value, () => told.length);
  } finally {
    hooks.onRange = hook;
  }
  if (!fast) return schema.safeParse(value);
  for (const [raw, range] of told) hook(raw, range);
  return { success: true, data: fast.value as z.output<T> };
}

/** The discriminator value → option maps of discriminated unions, as zod's discriminatorMap builds them. */
const DISCRIMINATOR_MAPS = new WeakMap<Def, Map<unknown, Schema | null>>();

/** A schema's parse of a valid value: its output, or INVALID (an issue) or UNSUPPORTED (left to zod) thrown. */
type Parser = (value: unknown) => unknown;

/** The effects counter of the parse under way (fastParse's argument; a parse runs to its end before another starts, and fastParse restores the outer one). */
let currentEffects: () => number = () => 0;

/**
 * Each schema's parser, built on its first use with its children's. A parser decides once what
 * the walk decided at every node (which type, which checks, whether a plain typeof settles it)
 * and keeps only the work that depends on the value: a profile of 1,000 components has ~56,000
 * nodes to parse, and deciding at each was most of the fast path's time. Every check on the value
 * runs in the same order as zod's, so INVALID and UNSUPPORTED come where they did (a union takes
 * the next option at INVALID only); what may give up (an object's shape, a discriminator map) is
 * still worked out at the first value that reaches it.
 */
const PARSERS = new WeakMap<Schema, Parser>();

function parserOf(schema: Schema): Parser {
  let parser = PARSERS.get(schema);
  if (parser === undefined) {
    // A schema reached again while its parser is built (z.lazy's cycles) calls it through this.
    let built: Parser | undefined;
    PARSERS.set(schema, (value) => built!(value));
    built = buildParser(schema);
    PARSERS.set(schema, built);
    parser = built;
  }
  return parser;
}

const unsupported: Parser = () => {
  throw UNSUPPORTED;
};

function buildParser(schema: Schema): Parser {
  const zod = schema._zod;
  const def = zod.def;
  if (def.coerce) return unsupported;
  const plain = PLAIN_TYPES[def.type];
  const checks = def.checks !== undefined && def.checks.length > 0 ? def.checks : null;
  // A string format (z.email()) or a number format (z.int()) is a check itself, with its own test.
  if (plain !== undefined && checks === null && !zod.traits.has('$ZodCheck')) {
    // zod's own test for these types, without a payload.
    if (plain === 'number') {
      return (value) => {
        if (typeof value !== 'number' || !Number.isFinite(value)) throw INVALID;
        return value;
      };
    }
    return (value) => {
      if (typeof value !== plain) throw INVALID;
      return value;
    };
  }
  if (LEAVES.has(def.type)) {
    return (value) => {
      const result = zod.run({ value, issues: [] }, CTX);
      if (result instanceof Promise) throw UNSUPPORTED;
      if (result.issues.length > 0) throw INVALID;
      return result.value;
    };
  }
  const inner = containerParser(schema, def);
  return checks === null ? inner : (value) => runChecks(checks, inner(value));
}

/** A container's parser; INVALID where zod would report an issue. */
function containerParser(schema: Schema, def: Def): Parser {
  switch (def.type) {
    case 'object':
      return objectParser(def);
    case 'record':
      return recordParser(def);
    case 'array': {
      const element = parserOf(def.element!);
      return (value) => {
        if (!Array.isArray(value)) throw INVALID;
        const out: unknown[] = new Array(value.length);
        for (let i = 0; i < value.length; i++) out[i] = element(value[i]);
        return out;
      };
    }
    case 'union':
      return unionParser(def);
    case 'optional': {
      const innerType = def.innerType!;
      const inner = parserOf(innerType);
      return (value) => {
        if (value !== undefined) return inner(value);
        if (innerType._zod.optin !== 'defaulted') return undefined;
        // zod drops a substituting inner schema's issues here and yields undefined.
        return attempt(inner, undefined, undefined);
      };
    }
    case 'default': {
      const inner = parserOf(def.innerType!);
      return (value) => {
        if (value === undefined) return def.defaultValue;
        const out = inner(value);
        return out === undefined ? def.defaultValue : out;
      };
    }
    case 'prefault': {
      const inner = parserOf(def.innerType!);
      return (value) => inner(value === undefined ? def.defaultValue : value);
    }
    case 'pipe': {
      const into = parserOf(def.in!);
      const out = parserOf(def.out!);
      return (value) => out(into(value));
    }
    case 'lazy':
      return parserOf(schema._zod.innerType!);
    default:
      return unsupported;
  }
}

/** `parse` run on `value`, or `fallback` at an issue (which the caller ignores, as zod does there). */
function attempt(parse: Parser, value: unknown, fallback: unknown): unknown {
  const before = currentEffects();
  try {
    return parse(value);
  } catch (error) {
    if (error !== INVALID) throw error;
    if (currentEffects() !== before) throw UNSUPPORTED;
    return fallback;
  }
}

/** A strict or stripping object: the shape's keys in its order, each present or absent as zod's handlePropertyResult decides. */
function objectParser(def: Def): Parser {
  let entries: readonly ShapeEntry[] | undefined;
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw INVALID;
    // Only plain data: a key found on a prototype would be read as zod reads it, but is not worth the care.
    if (Object.getPrototypeOf(value) !== Object.prototype) throw UNSUPPORTED;
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    entries ??= shapeEntries(def);
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const key = entry.key;
      const present = Object.hasOwn(input, key);
      if (!present) {
        // The value's prototype is Object.prototype (above): `key in input` for an absent own key.
        if (entry.onPrototype) throw UNSUPPORTED;
        if (entry.absentAddsNothing) continue;
      }
      // The key's parser and what its absence means, worked out the first time a value reaches it.
      if (entry.parse === undefined) {
        entry.parse = parserOf(entry.schema);
        entry.optin = entry.schema._zod.optin;
        entry.optout = entry.schema._zod.optout;
      }
      const { parse, optin, optout } = entry;
      let result: unknown;
      if (!present && optin !== undefined && optout === 'optional') {
        // An absent key whose issues zod ignores; with optin 'optional' it adds nothing either way.
        result = attempt(parse, undefined, INVALID);
        if (result === INVALID || optin === 'optional') continue;
      } else {
        result = parse(input[key]);
      }
      if (!present && optin === undefined) throw INVALID;
      if (result === undefined) {
        if (present || (optin === 'defaulted' && optout !== 'optional')) out[key] = undefined;
      } else {
        out[key] = result;
      }
    }
    if (def.catchall !== undefined) {
      if (def.catchall._zod.def.type !== 'never') throw UNSUPPORTED;
      for (const key in input) if (!Object.hasOwn(def.shape!, key)) throw INVALID;
    }
    return out;
  };
}

/** A record over any string keys (a key type that lists its keys, or a loose record, is left to zod). */
function recordParser(def: Def): Parser {
  const keyType = parserOf(def.keyType!);
  const valueType = parserOf(def.valueType!);
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value) || Object.getPrototypeOf(value) !== Object.prototype) throw UNSUPPORTED;
    if (def.keyType!._zod.propValues !== undefined || (def.keyType!._zod as { values?: unknown }).values !== undefined || def.mode === 'loose') throw UNSUPPORTED;
    if (Object.getOwnPropertySymbols(value).length > 0) throw UNSUPPORTED;
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(input)) {
      if (key === '__proto__') throw UNSUPPORTED;
      // zod retries a numeric key as a number where the key type refuses it: not modelled.
      const outKey = attempt(keyType, key, UNSUPPORTED);
      if (outKey === UNSUPPORTED) throw UNSUPPORTED;
      if (typeof outKey !== 'string' || outKey === '__proto__') throw UNSUPPORTED;
      out[outKey] = valueType(input[key]);
    }
    return out;
  };
}

/** A union: the first option without an issue; a discriminated one by its discriminator's value. */
function unionParser(def: Def): Parser {
  const options = def.options!;
  if (def.discriminator !== undefined) {
    const discriminator = def.discriminator;
    return (value) => {
      if (def.unionFallback) throw UNSUPPORTED;
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw INVALID;
      const option = discriminatorMap(def).get((value as Record<string, unknown>)[discriminator]);
      if (!option) throw INVALID;
      // Options are built as values reach them: a profile's kinds, not every kind.
      return parserOf(option)(value);
    };
  }
  if (def.inclusive === false) return unsupported;
  if (options.length === 1) return parserOf(options[0]!);
  // An option of a plain type refuses a value of another type at once (as zod's own parse does).
  const plains = options.map((option) => (option._zod.def.coerce ? undefined : PLAIN_TYPES[option._zod.def.type]));
  const parsers = options.map(parserOf);
  return (value) => {
    for (let i = 0; i < parsers.length; i++) {
      const plain = plains[i];
      if (plain !== undefined && typeof value !== plain) continue;
      const result = attempt(parsers[i]!, value, INVALID);
      if (result !== INVALID) return result;
    }
    throw INVALID;
  };
}

/** A key of an object's shape, with what its absence means, worked out once per definition. */
interface ShapeEntry {
  key: string;
  schema: Schema;
  /** The schema's parser, built when a value first reaches the key (a kind's keys are mostly absent), and its zod optin and optout (what its absence means to zod's object), read then. */
  parse: Parser | undefined;
  optin: string | undefined;
  optout: string | undefined;
  /** `key in {}`: an absent key zod would find on the prototype (not modelled). */
  onPrototype: boolean;
  /**
   * Absent, the key adds nothing and has no effect: a plain z.optional (no checks, an inner
   * schema without a default) whose run on undefined gives undefined, which object() then skips
   * for its optin 'optional'. Most of a component's keys are such (1,000 components: ~16,000
   * absent keys a parse), so object() skips them without running the schema.
   */
  absentAddsNothing: boolean;
}

/** An object's keys as zod walks them (its shape's, less `__proto__`), listed once per definition. */
const SHAPE_ENTRIES = new WeakMap<Def, readonly ShapeEntry[]>();

function shapeEntries(def: Def): readonly ShapeEntry[] {
  let entries = SHAPE_ENTRIES.get(def);
  if (!entries) {
    const shape = def.shape!;
    if (Object.getOwnPropertySymbols(shape).length > 0) throw UNSUPPORTED;
    entries = Object.keys(shape)
      .filter((k) => k !== '__proto__')
      .map((key) => {
        const schema = shape[key]!;
        const zod = schema._zod;
        const d = zod.def;
        const absentAddsNothing =
          d.type === 'optional' && zod.optin === 'optional' && zod.optout === 'optional' && !d.coerce && (d.checks === undefined || d.checks.length === 0) && d.innerType!._zod.optin !== 'defaulted';
        return { key, schema, parse: undefined, optin: undefined, optout: undefined, onPrototype: key in Object.prototype, absentAddsNothing };
      });
    SHAPE_ENTRIES.set(def, entries);
  }
  return entries;
}

function discriminatorMap(def: Def): Map<unknown, Schema | null> {
  let map = DISCRIMINATOR_MAPS.get(def);
  if (!map) {
    map = new Map();
    for (const option of def.options!) {
      const values = option._zod.propValues?.[def.discriminator!];
      if (!values || values.size === 0) throw UNSUPPORTED;
      for (const v of values) map.set(v, map.has(v) ? null : option);
    }
    DISCRIMINATOR_MAPS.set(def, map);
  }
  return map;
}

/** A node's checks on its value, as zod's runChecks runs them: any issue is INVALID; an overwrite check may replace the value. */
function runChecks(checks: readonly Check[], value: unknown): unknown {
  const payload: Payload = { value, issues: [] };
  for (const check of checks) {
    const when = check._zod.def.when;
    if (when && !when(payload)) continue;
    if (check._zod.check(payload) instanceof Promise) throw UNSUPPORTED;
    if (payload.issues.length > 0) throw INVALID;
  }
  return payload.value;
}
