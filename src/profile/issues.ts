/** Turns zod issues into positioned diagnostics with "did you mean" hints. */
import type * as z from 'zod';
import { didYouMean, formatPath, quote, type Diagnostic, type PathSegment } from './diagnostic.js';
import { DEFERRED } from './fields.js';
import type { SourceDocument } from './source.js';

/** Where issues of a merged phase came from: the phase override, or the base profile. */
export type PathMapper = (path: readonly PathSegment[]) => PathSegment[];

/** Converts issues to diagnostics; `deferred` is true when any value awaits the mathjs reader. */
export function issuesToDiagnostics(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  data: unknown,
  doc: SourceDocument,
  mapPath: PathMapper = (p) => [...p],
  written?: { schema: z.ZodType; data: unknown },
): { diagnostics: Diagnostic[]; deferred: boolean } {
  const diagnostics: Diagnostic[] = [];
  let deferred = false;
  for (const issue of expandUnions(issues)) {
    const path = issue.path.map((p) => (typeof p === 'number' ? p : String(p)));
    const params = (issue as { params?: Record<string, unknown> }).params ?? {};
    if (params[DEFERRED] || branchIssues(issue).some((i) => paramsOf(i)[DEFERRED])) deferred = true;
    const at = (p: readonly PathSegment[], opts?: { key?: boolean }, message = issue.message, hint?: string): void => {
      const mapped = mapPath(p);
      const pos = doc.position(mapped, opts);
      diagnostics.push({
        file: doc.file, line: pos.line, col: pos.col, path: formatPath(mapped), message, severity: 'error',
        ...(hint ? { hint } : {}),
      });
    };
    const raw = valueAt(data, path);
    if (typeof raw === 'number' && !Number.isFinite(raw)) {
      at(path, {}, `${raw} is not a finite number`);
      continue;
    }
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, path, data);
        for (const key of issue.keys) {
          const home = sectionOf(schema, path, key, data);
          const suggestion = didYouMean(key, known, true);
          const writtenPath = mapPath(path);
          const placed = placementHint(schema, path, key, data, writtenPath)
            ?? (written && writtenPath.join('.') !== path.join('.') ? placementHint(written.schema, writtenPath, key, written.data, writtenPath) : undefined);
          const hint = flowCommaHint(doc, mapPath([...path, key])) ?? (home === undefined ? placed : undefined) ?? (home !== undefined ? `${quote(key)} is a key of ${home}, not ${path.length === 0 ? 'a top-level key' : `of ${formatPath(path)}`}: move it there` : suggestion ? `did you mean "${suggestion}"?` : known.length ? `expected one of: ${known.join(', ')}${path.length === 0 ? ' (or an x- key of your own, e.g. x-defaults for anchors; capplan does not read it)' : ''}` : undefined);
          at([...path, key], { key: true }, `unknown key ${quote(key)}`, hint);
        }
        break;
      }
      case 'invalid_key':
        at(path, { key: true }, `invalid name ${quote(String(path[path.length - 1]))}: ${firstInnerMessage(issue) ?? issue.message}`);
        break;
      case 'invalid_union': {
        const value = valueAt(data, path);
        // A discriminated union (component kinds) names its discriminator and options.
        const union = issue as { note?: string; discriminator?: string; options?: unknown[] };
        if (value === undefined) {
          at(path, { key: true }, `missing required key "${String(path[path.length - 1])}"${issue.message.startsWith('expected') ? `: ${issue.message}` : ''}`);
        } else if (union.note === 'No matching discriminator') {
          const options = (union.options ?? []).map(String);
          const suggestion = typeof value === 'string' ? didYouMean(value, options) : undefined;
          at(path, {}, `${union.discriminator} ${quote(value)}: unknown ${union.discriminator}; expected one of ${options.join(', ')}`, suggestion ? `did you mean "${suggestion}"?` : undefined);
        } else {
          const named = enumOrQuantity(issue, value);
          const forms = named ? [] : mappingForms(schema, path, data, value);
          if (named) at(path, {}, named.message, named.hint);
          else if (forms.length > 1) {
            // A mapping that fits none of a union's mapping forms: its keys no form knows, or the forms it mixes.
            const known = [...new Set(forms.flat())].sort();
            const unknown = Object.keys(value as object).filter((k) => !known.includes(k));
            for (const key of unknown) {
              const suggestion = didYouMean(key, known);
              at([...path, key], { key: true }, `unknown key ${quote(key)}`, suggestion ? `did you mean "${suggestion}"?` : `expected one of: ${known.join(', ')}`);
            }
            if (unknown.length === 0) at(path, {}, `mixes the keys of different forms: expected ${forms.map((f) => `{ ${f.join(', ')} }`).join(' or ')}`);
          } else at(path, {}, `${issue.message}, got ${describe(value)}`);
        }
        break;
      }
      case 'invalid_value': {
        const value = valueAt(data, path);
        const options = issue.values.map(String);
        const suggestion = typeof value === 'string' ? didYouMean(value, options) : undefined;
        if (value === undefined) at(path, { key: true }, `missing required key "${String(path[path.length - 1])}"`);
        else at(path, {}, `expected ${options.length === 1 ? JSON.stringify(options[0]) : `one of ${options.map((o) => JSON.stringify(o)).join(', ')}`}, got ${describe(value)}`, suggestion ? `did you mean "${suggestion}"?` : undefined);
        break;
      }
      case 'invalid_type': {
        const value = valueAt(data, path);
        if (value === undefined) at(path, { key: true }, `missing required key "${String(path[path.length - 1])}" (${typeName(issue.expected)})`);
        else at(path, {}, `expected ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`}, got ${describe(value)}`);
        break;
      }
      default:
        at(path, {}, issue.message, typeof params.hint === 'string' ? params.hint : undefined);
    }
  }
  return { diagnostics, deferred };
}

/**
 * A union whose input matched one option's type but failed inside it (a quantity that is a
 * string but out of range) is reported by that option's own issues, not as "invalid input".
 */
function expandUnions(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const out: z.core.$ZodIssue[] = [];
  for (const issue of issues) {
    const branches = issue.code === 'invalid_union' ? (issue as { errors?: z.core.$ZodIssue[][] }).errors ?? [] : [];
    let matched = branches.filter((b) => b.length > 0 && !typeMismatch(b));
    // Of several mappings (growth's { rate } and { points }), the one whose keys the value has.
    if (matched.length > 1) {
      const fitting = matched.filter((b) => !b.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0));
      if (fitting.length === 1) matched = fitting;
    }
    if (matched.length === 1) {
      out.push(...expandUnions(matched[0]!.map((i) => ({ ...i, path: [...issue.path, ...i.path] }))));
    } else {
      out.push(issue);
    }
  }
  return out;
}

/** A branch that failed on the value's type alone (a count's own union of a number and a string, given a mapping). */
function typeMismatch(branch: readonly z.core.$ZodIssue[]): boolean {
  return branch.every((i) => i.path.length === 0 && (i.code === 'invalid_type' || (i.code === 'invalid_union' && ((i as { errors?: z.core.$ZodIssue[][] }).errors ?? []).every(typeMismatch))));
}

function paramsOf(issue: z.core.$ZodIssue): Record<string, unknown> {
  return (issue as { params?: Record<string, unknown> }).params ?? {};
}

function branchIssues(issue: z.core.$ZodIssue): z.core.$ZodIssue[] {
  return issue.code === 'invalid_union' ? ((issue as { errors?: z.core.$ZodIssue[][] }).errors ?? []).flat() : [];
}

/**
 * A value that fits neither a name nor a quantity (`link: 1Gbe`, `link: 125000000`): a close
 * name is suggested; otherwise the quantity's own problem is reported (a missing unit, say).
 */
function enumOrQuantity(issue: z.core.$ZodIssue, value: unknown): { message: string; hint?: string } | undefined {
  const inner = branchIssues(issue).filter((i) => i.path.length === 0);
  const options = inner.flatMap((i) => (i.code === 'invalid_value' ? i.values.map(String) : []));
  const quantity = inner.find((i) => i.code === 'custom');
  if (options.length === 0 || !quantity) return undefined;
  const hint = paramsOf(quantity).hint;
  // Spaces and case aside (`10 GbE`, `10gbe`), a name that is one of the options is that option.
  const compact = typeof value === 'string' ? value.replace(/\s+/g, '') : undefined;
  const exact = compact === undefined ? undefined : options.find((o) => o.toLowerCase() === compact.toLowerCase());
  const close = exact ?? (compact === undefined ? undefined : didYouMean(compact, options));
  // A close name with another number (10GbE for 1GbE, 100GbE for 10GbE) is another speed, not a spelling.
  const suggestion = close !== undefined && leadingDigits(close) === leadingDigits(compact!) ? close : undefined;
  if (suggestion) {
    // `1GB` is as close to the link 1GbE as to the data rate 1GB/s, 8× apart: both are offered.
    if (exact === undefined && typeof hint === 'string' && hint.startsWith('did you mean ')) {
      return { message: `${quantity.message} (or one of ${options.join(', ')})`, hint: `${hint.replace(/\?$/, '')}, or "${suggestion}"?` };
    }
    return { message: `${describe(value)} is not one of ${options.join(', ')}`, hint: `did you mean "${suggestion}"?` };
  }
  return { message: `${quantity.message} (or one of ${options.join(', ')})`, ...(typeof hint === 'string' ? { hint } : {}) };
}

/** The digits a name starts with ("10" of 10GbE), for telling a misspelt name from another size. */
function leadingDigits(text: string): string {
  let end = 0;
  while (end < text.length && text.charCodeAt(end) >= 48 && text.charCodeAt(end) <= 57) end++;
  return text.slice(0, end);
}

/** The key sets of the mapping forms a union at `path` accepts, when the value is a mapping. */
function mappingForms(schema: z.ZodType, path: readonly PathSegment[], data: unknown, value: unknown): string[][] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return schemasAt(schema, path, data, 0).map((o) => Object.keys(defOf(o).shape ?? {})).filter((keys) => keys.length > 0);
}

function firstInnerMessage(issue: z.core.$ZodIssue): string | undefined {
  const inner = (issue as { issues?: z.core.$ZodIssue[] }).issues;
  return inner?.[0]?.message;
}

/** zod's name of an expected type in a profile's words: a record or an object is a mapping, an array a list. */
function typeName(expected: string): string {
  return expected === 'object' || expected === 'record' ? 'a mapping' : expected === 'array' ? 'a list' : expected === 'string' ? 'text' : expected;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return quote(value);
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(data: unknown, path: readonly PathSegment[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = Object.hasOwn(cur, seg) ? (cur as Record<string | number, unknown>)[seg] : undefined;
  }
  return cur;
}

type Def = { type: string; shape?: Record<string, z.ZodType>; innerType?: z.ZodType; in?: z.ZodType; out?: z.ZodType; options?: z.ZodType[]; discriminator?: string; valueType?: z.ZodType; element?: z.ZodType; getter?: () => z.ZodType };

/** The keys a mapping at `path` may have, read from the zod schema (for "did you mean"). */
/** The top-level mappings a key written at the wrong level most often belongs to. */
const SECTIONS: readonly (readonly PathSegment[])[] = [[], ['workload'], ['targets'], ['gates'], ['pricing']];

/**
 * Where a key unknown at the top or in one of the sections is known instead ("regions" under
 * workload belongs to targets, "zones" at the top too): the section's name ("targets", or "the
 * top level"), or undefined. Only among the top-level sections, which share no keys.
 */
function sectionOf(schema: z.ZodType, path: readonly PathSegment[], key: string, data: unknown): string | undefined {
  if (path.length > 1 || (path.length === 1 && !SECTIONS.some((s) => s.length === 1 && s[0] === path[0]))) return undefined;
  for (const section of SECTIONS) {
    if (section.length === path.length && section.every((seg, i) => seg === path[i])) continue;
    if (knownKeysAt(schema, section, data).includes(key)) return section.length === 0 ? 'the top level' : String(section[0]);
  }
  return undefined;
}

export function knownKeysAt(schema: z.ZodType, path: readonly PathSegment[], data: unknown): string[] {
  const objects = schemasAt(schema, path, data, 0);
  const keys = new Set<string>();
  for (const o of objects) for (const k of Object.keys(defOf(o).shape ?? {})) keys.add(k);
  return [...keys].sort();
}

function defOf(s: z.ZodType): Def {
  return (s as unknown as { _zod: { def: Def } })._zod.def;
}

function schemasAt(schema: z.ZodType, path: readonly PathSegment[], data: unknown, depth: number): z.ZodType[] {
  if (depth > 64) return [];
  const def = defOf(schema);
  switch (def.type) {
    case 'optional': case 'default': case 'prefault': case 'nullable': case 'readonly': case 'catch': case 'nonoptional':
      return schemasAt(def.innerType!, path, data, depth + 1);
    case 'pipe':
      return defOf(def.in!).type === 'transform' ? schemasAt(def.out!, path, data, depth + 1) : schemasAt(def.in!, path, data, depth + 1);
    case 'lazy':
      // The schema the lazy built (and keeps), not a new one from its getter.
      return schemasAt((schema as unknown as { _zod: { innerType: z.ZodType } })._zod.innerType, path, data, depth + 1);
    case 'union': {
      let options = def.options ?? [];
      if (def.discriminator && data && typeof data === 'object') {
        const tag = (data as Record<string, unknown>)[def.discriminator];
        const match = options.filter((o) => {
          // A kind built on demand (schema.ts) names its tag without being built.
          if (defOf(o).type === 'lazy') return (o as unknown as { _zod: { propValues?: Record<string, Set<unknown>> } })._zod.propValues?.[def.discriminator!]?.has(tag) === true;
          const d = defOf(o).shape?.[def.discriminator!];
          const values = d ? (defOf(d) as { values?: unknown[] }).values : undefined;
          return values?.includes(tag);
        });
        if (match.length > 0) options = match;
      }
      return options.flatMap((o) => schemasAt(o, path, data, depth + 1));
    }
    case 'object': {
      if (path.length === 0) return [schema];
      const [head, ...rest] = path;
      const child = def.shape?.[String(head)];
      return child ? schemasAt(child, rest, valueAt(data, [head!]), depth + 1) : [];
    }
    case 'record': {
      if (path.length === 0) return [];
      const [head, ...rest] = path;
      return schemasAt(def.valueType!, rest, valueAt(data, [head!]), depth + 1);
    }
    case 'array': {
      if (path.length === 0) return [];
      const [head, ...rest] = path;
      return schemasAt(def.element!, rest, valueAt(data, [head!]), depth + 1);
    }
    default:
      return [];
  }
}

/**
 * Where a key unknown in the mapping at `path` belongs, when the mapping around it or one inside it
 * knows it: `resources.workers` (a key of the component, a level up), `workload.scale` in a phase
 * (a key of the phase), `components.api.max` (a key of its replicas, a level down: mis-indented).
 * `shown` is the path as the user wrote it (a phase's, not the merged phase's).
 */
function placementHint(schema: z.ZodType, path: readonly PathSegment[], key: string, data: unknown, shown: readonly PathSegment[]): string | undefined {
  if (path.length === 0) return undefined;
  const last = path[path.length - 1];
  if (typeof last === 'string') {
    const parent = path.slice(0, -1);
    const around = knownKeysAt(schema, parent, data);
    // The mapping around is an object that holds this one (not a list or a map of names).
    if (around.includes(last) && around.includes(key)) {
      const up = shown.slice(0, -1);
      return `${quote(key)} is a key of ${up.length === 0 ? 'the top level' : formatPath(up)}, not of ${last}: move it out of ${last}, a level up`;
    }
  }
  const inside = knownKeysAt(schema, path, data).filter((k) => k !== key && knownKeysAt(schema, [...path, k], data).includes(key));
  if (inside.length === 0) return undefined;
  const homes = inside.map((k) => formatPath([...shown, k]));
  return `${quote(key)} is a key of ${homes.join(' or ')}: indent it under ${inside.join(' or ')}`;
}

/**
 * The hint for a key of digits that a comma inside a flow mapping split off a number:
 * `{ sessionsPerDay: 10,000 }` is sessionsPerDay 10 and a key "000" (YAML reads "0"). Three
 * digits after the comma were a thousands separator; others a decimal comma (`scale: 1,5`).
 */
function flowCommaHint(doc: SourceDocument, keyPath: readonly PathSegment[]): string | undefined {
  const key = keyPath[keyPath.length - 1];
  if (doc.text === undefined || !/^\d+$/.test(String(key))) return undefined;
  const pos = doc.position(keyPath, { key: true });
  const line = lineOf(doc.text, pos.line);
  const before = line.slice(0, pos.col - 1);
  // No blank on either side of the comma: `rps: 100, 2024: 5` is two entries as written.
  const number = /:\s*([-+]?\d[\d_]*(?:\.\d+)?),$/.exec(before)?.[1];
  const digits = /^\d+/.exec(line.slice(pos.col - 1))?.[0];
  if (number === undefined || digits === undefined || !before.includes('{')) return undefined;
  const written = `${number},${digits}`;
  if (digits.length === 3) return `inside { } a comma separates entries, so ${written} is ${number} and a key "${digits}": write ${number}${digits}, ${number}_${digits} or "${written}"`;
  return `inside { } a comma separates entries, so ${written} is ${number} and a key "${digits}": a decimal is written with a point, ${number}.${digits}`;
}

/** Line `n` (from 1) of `text`, without its line break. */
function lineOf(text: string, n: number): string {
  let start = 0;
  for (let i = 1; i < n; i++) {
    const br = text.indexOf('\n', start);
    if (br < 0) return '';
    start = br + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}
