/**
 * JSON with positions, for every JSON input capplan reads (load-test results, saved plans and
 * baselines). JSON.parse decides what is valid JSON (strictly); jsonc-parser's event visitor
 * (Microsoft's, as used by VS Code) supplies the line and column of a syntax error and of any
 * value on demand, descending only into the containers on the way to it, so locating stays a
 * fraction of a second even in a 16 MiB file. Nesting deeper than MAX_JSON_DEPTH is refused
 * before anything walks the value recursively (the visitor, schema validation), so hostile
 * input cannot overflow the stack.
 */

import { visit, type JSONPath } from 'jsonc-parser';
import { MAX_JSON_DEPTH } from './limits.js';

/** A parsed JSON text and a way to locate any value in it. */
export interface JsonText {
  value: unknown;
  /** Line and column of the value at `path` (or of its nearest existing ancestor). */
  positionOf(path: readonly (string | number)[]): { line: number; col: number };
  /** Line and column of the key that names the value at `path` (a column's name in a list of rows), else as positionOf. */
  keyPositionOf(path: readonly (string | number)[]): { line: number; col: number };
}

/** Parsed JSON, or why not and where. */
export type JsonTextResult = { ok: true; json: JsonText } | { ok: false; line: number; col: number; message: string };

/** Parse JSON text (a leading byte-order mark is ignored); a syntax error or excessive nesting comes back positioned. */
export function parseJsonText(text: string): JsonTextResult {
  const src = text.replace(/^\uFEFF/, '');
  const deep = excessiveDepth(src, MAX_JSON_DEPTH);
  if (deep !== undefined) return { ok: false, ...offsetToPosition(src, deep), message: `nesting deeper than ${MAX_JSON_DEPTH} levels` };
  let value: unknown;
  try {
    value = JSON.parse(src);
  } catch (error) {
    return { ok: false, ...syntaxErrorPosition(src, error), message: `invalid JSON: ${syntaxMessage(error)}` };
  }
  // JSON.parse keeps the last of two values of one key: which one was meant is not clear, so neither is taken.
  const duplicate = firstDuplicateKey(src);
  if (duplicate !== undefined) {
    return { ok: false, ...offsetToPosition(src, duplicate.offset), message: `duplicate key "${duplicate.key}": an object gives each key once (read, the last value would win silently)` };
  }
  return { ok: true, json: { value, positionOf: (path) => locate(src, path), keyPositionOf: (path) => locate(src, path, true) } };
}

/**
 * The first key that an object of valid JSON text gives twice, and the offset of its second
 * occurrence, or undefined. One pass: a string followed by ":" inside an object is a key; the
 * keys of each open object are kept in a list (a Set past a few, as objects of many keys are rare).
 */
export function firstDuplicateKey(src: string): { key: string; offset: number } | undefined {
  const stack: (string[] | Set<string> | null)[] = [];
  for (let i = 0; i < src.length; i++) {
    const ch = src.charCodeAt(i);
    if (ch === 0x7b) stack.push([]);
    else if (ch === 0x5b) stack.push(null);
    else if (ch === 0x7d || ch === 0x5d) stack.pop();
    else if (ch === 0x22) {
      const start = i;
      let escaped = false;
      for (i++; i < src.length; i++) {
        const c = src.charCodeAt(i);
        if (c === 0x5c) {
          escaped = true;
          i++;
        } else if (c === 0x22) break;
      }
      const keys = stack[stack.length - 1];
      if (!keys) continue;
      let j = i + 1;
      while (j < src.length && (src[j] === ' ' || src[j] === '\t' || src[j] === '\n' || src[j] === '\r')) j++;
      if (src[j] !== ':') continue;
      const raw = src.slice(start, i + 1);
      const key = escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      if (Array.isArray(keys)) {
        if (keys.includes(key)) return { key, offset: start };
        keys.push(key);
        if (keys.length > 8) stack[stack.length - 1] = new Set(keys);
      } else {
        if (keys.has(key)) return { key, offset: start };
        keys.add(key);
      }
    }
  }
  return undefined;
}

/** Line and column (from 1) of the value at `path` (or of the key naming it, with `key`), or of its deepest ancestor present. */
function locate(src: string, path: readonly (string | number)[], key = false): { line: number; col: number } {
  let best = { depth: -1, line: 1, col: 1 };
  let keyAt: { line: number; col: number } | undefined;
  const onPath = (at: JSONPath): boolean => at.length <= path.length && at.every((seg, i) => seg === path[i]);
  const consider = (at: JSONPath, line: number, character: number): boolean => {
    if (!onPath(at)) return false;
    if (at.length > best.depth) best = { depth: at.length, line: line + 1, col: character + 1 };
    return true;
  };
  visit(src, {
    // Returning false skips a container's contents: only the ancestors of `path` are entered.
    onObjectBegin: (_o, _l, line, character, at) => consider(at(), line, character),
    onArrayBegin: (_o, _l, line, character, at) => consider(at(), line, character),
    onLiteralValue: (_v, _o, _l, line, character, at) => {
      consider(at(), line, character);
    },
    onObjectProperty: (property, _o, _l, line, character, at) => {
      const parent = at();
      if (key && keyAt === undefined && parent.length === path.length - 1 && property === path[path.length - 1] && onPath(parent)) keyAt = { line: line + 1, col: character + 1 };
    },
    // jsonc-parser 3.3.1 ends a skip only in an end callback that exists: give it both.
    onObjectEnd: () => undefined,
    onArrayEnd: () => undefined,
  }, { disallowComments: true });
  return keyAt ?? { line: best.line, col: best.col };
}

/**
 * Offset of the first `[` or `{` nested deeper than `max`, or undefined. One pass that skips
 * string contents (with their escapes); it needs no valid JSON, so it can run before parsing.
 */
function excessiveDepth(src: string, max: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < src.length; i++) {
    const ch = src.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x5b || ch === 0x7b) {
      if (++depth > max) return i;
    } else if (ch === 0x5d || ch === 0x7d) depth--;
  }
  return undefined;
}

/** Where JSON.parse failed: its own "position N" when it gives one, else the first error jsonc-parser finds. */
function syntaxErrorPosition(src: string, error: unknown): { line: number; col: number } {
  const match = /position (\d+)/.exec(firstLine(error));
  if (match) return offsetToPosition(src, Number(match[1]));
  let first: { line: number; col: number } | null = null;
  visit(src, {
    onError: (_code, _o, _l, line, character) => {
      first ??= { line: line + 1, col: character + 1 };
    },
  }, { disallowComments: true, allowTrailingComma: false });
  return first ?? offsetToPosition(src, src.length);
}

function offsetToPosition(src: string, offset: number): { line: number; col: number } {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < src.length; i++) {
    if (src[i] === '\n') {
      line++;
      col = 1;
    } else col++;
  }
  return { line, col };
}

/** V8's JSON.parse message without the echoed text or the offset (the diagnostic carries the position). */
function syntaxMessage(error: unknown): string {
  const text = firstLine(error)
    .replace(/, ".*$/, '')
    .replace(/ (in|after) JSON at position \d+.*$/, (_, where: string) => (where === 'after' ? ' after the JSON value' : ''))
    .replace(/^Unexpected token/, 'unexpected')
    .replace(/^./, (c) => c.toLowerCase());
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
