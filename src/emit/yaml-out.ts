/**
 * YAML writing for manifests: keys sorted, no anchors, no line folding, and every string quoted
 * whose plain form would not read back as the same string under YAML 1.1 (older Compose, PyYAML,
 * Go yaml.v2) and YAML 1.2 (`yes`, `on`, `y`, `22:22`, `1_000`, `0o17`, `017`, dates, `null`, ...).
 */
import { Document, Scalar, parse, visit } from 'yaml';
import { stringTag, stringifyNumber, type StringifyContext } from 'yaml/util';

/** Strings YAML 1.1 gives a meaning of their own as plain scalars (merge key, value key). */
const SPECIAL_1_1 = new Set(['<<', '=']);

/** Answers of needsQuotes: manifests repeat the same keys and labels in every object, and each answer costs two YAML parses. */
const quoteCache = new Map<string, boolean>();
const QUOTE_CACHE_SIZE = 10_000;

/*
 * Words a YAML 1.1 or 1.2 reader takes for a boolean or null when plain (yaml 2.9's yaml-1.1 and
 * core schemas: y|Y|yes|Yes|YES|true|True|TRUE|on|On|ON, their negatives, ~|null|Null|NULL).
 * A string of letters, digits and `_ . / - @ +` and inner colons that starts with a letter or `_`
 * and is none of them reads back as itself in both: numbers, dates, times and sexagesimals start
 * with a digit, a sign or a dot, except YAML 1.1's exponent-only floats (`e5`, `E-3`); a colon
 * is an indicator only before a space or at the end; `<<` and `=` hold other characters. So does
 * a quantity with a unit (`250m`, `1.5Gi`): digits not starting with 0 (no 0x, 0o, 0b) then
 * letters. Such strings (names, labels, images, requests) need no parse;
 * test/emit/yaml-out.test.ts holds the shortcut to the parse.
 */
const PLAIN_WORD = /^[A-Za-z_](?:[A-Za-z0-9_./@+-]|:(?!$))*$/;
const EXPONENT_FLOAT = /^[eE][-+]?[0-9]+$/;
const QUANTITY = /^[1-9][0-9]*(?:\.[0-9]+)?[A-Za-z]+$/;
const YAML_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF', 'null', 'Null', 'NULL']);

/** Whether a string must be quoted to read back identically under YAML 1.1 and 1.2. */
export function needsQuotes(text: string): boolean {
  if ((PLAIN_WORD.test(text) && !YAML_WORDS.has(text) && !EXPONENT_FLOAT.test(text)) || QUANTITY.test(text)) return false;
  let answer = quoteCache.get(text);
  if (answer === undefined) {
    answer = readsBackDifferently(text);
    if (quoteCache.size >= QUOTE_CACHE_SIZE) quoteCache.clear();
    quoteCache.set(text, answer);
  }
  return answer;
}

/** needsQuotes by parsing the plain form as YAML 1.1 and 1.2 (exported for the test of the shortcut). */
export function readsBackDifferently(text: string): boolean {
  if (text === '' || SPECIAL_1_1.has(text)) return true;
  // Multi-line strings are written as block or quoted scalars by the library, never plain.
  if (text.includes('\n')) return false;
  if (text !== text.trim()) return true;
  for (const version of ['1.1', '1.2'] as const) {
    try {
      if (parse(text, { version, logLevel: 'error' }) !== text) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** The Document options and toString options every manifest is written with. */
const DOCUMENT_OPTIONS = { aliasDuplicateObjects: false, sortMapEntries: true } as const;
const TO_STRING_OPTIONS = { lineWidth: 0, indentSeq: true } as const;

/** Stringifies plain data as one YAML document: sorted keys, no aliases, ambiguous strings double-quoted. */
export function stringifyYaml(value: unknown): string {
  return writeDocument(value) ?? stringifyByDocument(value);
}

/** stringifyYaml through yaml's Document: every shape of data (exported for the test that holds writeDocument to it). */
export function stringifyByDocument(value: unknown): string {
  const doc = new Document(value, DOCUMENT_OPTIONS);
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value === 'string' && needsQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString(TO_STRING_OPTIONS);
}

/*
 * The common shape of a manifest written directly, as yaml 2.9's Document writes it with the
 * options above: a block mapping at the top; mappings (keys sorted by `<`, undefined values left
 * out) and sequences nested in block style, two spaces a level, sequences indented under their
 * key, `{}` and `[]` for empty ones, a mapping or sequence in a sequence starting on the `- `
 * line; numbers, booleans and null as yaml's tags write them; one-line strings by yaml's own
 * string writer (plain, or quoted where yaml must or needsQuotes says). A one-line string is
 * written the same at any depth (no folding at lineWidth 0; nothing below the top level is a
 * document marker), so each is written once. Anything else (a key that is not a plain word, a
 * multi-line string, a value that is not plain data) returns null, and the Document writes it.
 * Building yaml's nodes, visiting and writing them costs ~5 µs a node: seconds for the manifests
 * of a thousand components.
 */
let stringContext: StringifyContext | undefined;
const written = new Map<string, string>();
const numbers = new Map<number, string>();
const WRITTEN_SIZE = 10_000;

function scalarText(value: unknown): string | null {
  if (typeof value === 'string') {
    if (value.includes('\n')) return null;
    let text = written.get(value);
    if (text === undefined) {
      stringContext ??= stringifyContext();
      const item = new Scalar(value);
      if (needsQuotes(value)) item.type = Scalar.QUOTE_DOUBLE;
      text = stringTag.stringify!(item, { ...stringContext }, undefined, undefined) as string;
      if (written.size >= WRITTEN_SIZE) written.clear();
      written.set(value, text);
    }
    return text;
  }
  if (typeof value === 'number') {
    // Keyed by value, -0 apart (a Map holds 0 and -0 as one key; yaml writes them differently).
    if (Object.is(value, -0)) return stringifyNumber(new Scalar(value));
    let text = numbers.get(value);
    if (text === undefined) {
      text = stringifyNumber(new Scalar(value));
      if (numbers.size >= WRITTEN_SIZE) numbers.clear();
      numbers.set(value, text);
    }
    return text;
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null) return 'null';
  return null;
}

/** What yaml's stringify passes a string below the top level (its createStringifyContext with the options above). */
function stringifyContext(): StringifyContext {
  const doc = new Document(null, DOCUMENT_OPTIONS);
  return {
    anchors: new Set(),
    doc,
    flowCollectionPadding: ' ',
    indent: '  ',
    indentStep: '  ',
    inFlow: null,
    implicitKey: false,
    options: {
      blockQuote: true, defaultKeyType: null, defaultStringType: 'PLAIN', directives: null, doubleQuotedAsJSON: false,
      doubleQuotedMinMultiLineLength: 40, falseStr: 'false', flowCollectionPadding: true, indentSeq: true, lineWidth: 0,
      minContentWidth: 20, nullStr: 'null', simpleKeys: false, singleQuote: null, trailingComma: false, trueStr: 'true', verifyAliasOrder: true,
    },
  } as unknown as StringifyContext;
}

const isPlainData = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;
const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_./-]*$/;
/** Keys already judged: manifests repeat the same few hundred keys in every object. */
const plainKeys = new Map<string, boolean>();
function plainKey(k: string): boolean {
  let answer = plainKeys.get(k);
  if (answer === undefined) {
    answer = k.length <= 1024 && PLAIN_KEY.test(k) && !needsQuotes(k);
    if (plainKeys.size >= WRITTEN_SIZE) plainKeys.clear();
    plainKeys.set(k, answer);
  }
  return answer;
}

/** A mapping's keys with a value, sorted by `<` (most mappings are built in that order already: then not sorted again). */
function definedKeys(map: Record<string, unknown>): string[] {
  const keys: string[] = [];
  let sorted = true;
  for (const k of Object.keys(map)) {
    if (map[k] === undefined) continue;
    if (sorted && keys.length > 0 && !(keys[keys.length - 1]! < k)) sorted = false;
    keys.push(k);
  }
  return sorted ? keys : keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The direct writer's text of a document, or null when its shape is left to the Document (exported for its test). */
export function writeDocument(value: unknown): string | null {
  if (!isPlainData(value)) return null;
  const lines: string[] = [];
  if (!writeMap(value, definedKeys(value), '', lines, '')) return null;
  return lines.length === 0 ? '{}\n' : `${lines.join('\n')}\n`;
}

/** Appends a mapping's lines (its definedKeys) at `indent`; the first line starts with `first` instead of the indent. */
function writeMap(map: Record<string, unknown>, keys: readonly string[], indent: string, lines: string[], first: string): boolean {
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (!plainKey(key)) return false;
    if (!writeValue(map[key], indent, lines, `${i === 0 ? first : indent}${key}:`, true)) return false;
  }
  return true;
}

/** Appends a sequence's lines at `indent`, each item after `- `; the first line starts with `first`. */
function writeSeq(seq: readonly unknown[], indent: string, lines: string[], first: string): boolean {
  for (let i = 0; i < seq.length; i++) {
    if (!(i in seq) || seq[i] === undefined) return false;
    if (!writeValue(seq[i], indent, lines, `${i === 0 ? first : indent}-`, false)) return false;
  }
  return true;
}

/** A value after `lead` (`key:` or `-`): a scalar or an empty collection on the same line, else the collection's lines. */
function writeValue(v: unknown, indent: string, lines: string[], lead: string, inMap: boolean): boolean {
  const inner = `${indent}  `;
  if (Array.isArray(v)) {
    if (v.length === 0) return lines.push(`${lead} []`), true;
    if (inMap) return lines.push(lead), writeSeq(v, inner, lines, inner);
    return writeSeq(v, inner, lines, `${lead} `);
  }
  if (v !== null && typeof v === 'object') {
    if (!isPlainData(v)) return false;
    const keys = definedKeys(v);
    if (keys.length === 0) return lines.push(`${lead} {}`), true;
    if (inMap) return lines.push(lead), writeMap(v, keys, inner, lines, inner);
    return writeMap(v, keys, inner, lines, `${lead} `);
  }
  const text = scalarText(v);
  if (text === null) return false;
  lines.push(`${lead} ${text}`);
  return true;
}

/** Several documents as one YAML stream, each introduced by `---`, after optional comment lines. */
export function stringifyYamlStream(docs: readonly unknown[], comment: readonly string[] = []): string {
  return commentLines(comment) + docs.map((d) => `---\n${stringifyYaml(d)}`).join('');
}

/** `# line` for each line (newlines inside a line become spaces). */
export function commentLines(lines: readonly string[]): string {
  return lines.map((l) => `# ${l.replace(/[\r\n]+/g, ' ')}`.trimEnd() + '\n').join('');
}
