/**
 * Parses remembered by the content of their input. A fuzzed or generated profile may hold
 * thousands of components written alike (3,000 copies of one service under other names): each
 * parsed by zod cost ~0.1 ms and most of a large profile's validation. A schema's parse depends
 * only on its input and the quantity reader in use (load.ts), so an input spelled the same way as
 * one already parsed without an issue gets a copy of that parse's output.
 */
import type * as z from 'zod';

/** Inputs whose key would be longer than this many characters are parsed every time. */
const MAX_KEY_CHARS = 1 << 16;

/**
 * A text that is the same for two inputs exactly when they are the same plain data: the same
 * types, numbers (-0, NaN and the infinities told apart), strings, keys in the same order, and
 * lengths. Undefined for data that is not plain (a class instance, a function) or too large.
 */
export function contentKey(value: unknown): string | undefined {
  let key = '';
  // Iterative: an explicit stack of values, and beside each whether it is ready text (a key, the
  // end of a list or mapping) rather than a value, so no nesting exhausts the call stack. Strings
  // are written with their length before them, which keeps every text apart without escaping.
  const stack: unknown[] = [value];
  const text: boolean[] = [false];
  while (stack.length > 0) {
    const v = stack.pop();
    if (text.pop()) {
      key += v as string;
    } else if (typeof v === 'string') {
      key += `s${v.length}:${v}`;
    } else if (typeof v === 'number') {
      key += Object.is(v, -0) ? 'n-0;' : `n${v};`;
    } else if (typeof v === 'boolean') {
      key += v ? 'T' : 'F';
    } else if (v === null) {
      key += 'N';
    } else if (v === undefined) {
      key += 'U';
    } else if (Array.isArray(v)) {
      key += `[${v.length};`;
      stack.push(']');
      text.push(true);
      for (let i = v.length - 1; i >= 0; i--) {
        stack.push(v[i]);
        text.push(false);
      }
    } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const keys = Object.keys(v);
      key += `{${keys.length};`;
      stack.push('}');
      text.push(true);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        stack.push((v as Record<string, unknown>)[k], `k${k.length}:${k}`);
        text.push(false, true);
      }
    } else {
      return undefined;
    }
    if (key.length > MAX_KEY_CHARS) return undefined;
  }
  return key;
}

/** A deep copy of plain data (objects, arrays, primitives), or undefined when it holds anything else. */
export function cloneData(value: unknown): { value: unknown } | undefined {
  if (value === null || typeof value !== 'object') return typeof value === 'function' || typeof value === 'symbol' ? undefined : { value };
  const root: { value: unknown } = { value: undefined };
  const stack: { from: unknown; into: Record<string | number, unknown>; at: string | number }[] = [{ from: value, into: root as Record<string, unknown>, at: 'value' }];
  while (stack.length > 0) {
    const { from, into, at } = stack.pop()!;
    if (from === null || typeof from !== 'object') {
      if (typeof from === 'function' || typeof from === 'symbol') return undefined;
      into[at] = from;
    } else if (Array.isArray(from)) {
      const copy: unknown[] = new Array(from.length);
      into[at] = copy;
      for (let i = 0; i < from.length; i++) stack.push({ from: from[i], into: copy as unknown as Record<number, unknown>, at: i });
    } else if (Object.getPrototypeOf(from) === Object.prototype) {
      const copy: Record<string, unknown> = {};
      into[at] = copy;
      // Keys are set in their order first, so the copy lists them as the original does.
      for (const k of Object.keys(from)) copy[k] = undefined;
      for (const k of Object.keys(from)) stack.push({ from: (from as Record<string, unknown>)[k], into: copy, at: k });
    } else {
      return undefined;
    }
  }
  return root;
}

/** Successful parses of one reader: by the input's JSON text, each input with its contentKey (made when a second input of that text comes) and its output. */
export type ParseMemo = Map<string, { input: unknown; key?: string | undefined; output: unknown }[]>;

/**
 * Makes `schema` remember its successful parses in the memo that `memoOf` gives at the time of the
 * parse (undefined: no memo). Inputs are first told apart by their JSON text (V8's serialiser, a
 * few microseconds): most inputs are unlike any other, and only when two share a text are their
 * contentKeys compared (JSON writes NaN and -0 as null and 0, and leaves out undefined). A parse
 * with issues is never remembered, so every problem is found and reported where it is written.
 */
export function memoizeParses(schema: z.ZodType, memoOf: () => ParseMemo | undefined): void {
  const internals = schema._zod as unknown as { run: (payload: Payload, ctx: { direction?: string }) => Payload | Promise<Payload> };
  const run = internals.run;
  internals.run = (payload, ctx) => {
    const memo = ctx.direction === 'backward' ? undefined : memoOf();
    const text = memo ? jsonText(payload.value) : undefined;
    const entries = text === undefined ? undefined : memo!.get(text);
    let key: string | undefined;
    if (entries) {
      key = contentKey(payload.value);
      for (const entry of key === undefined ? [] : entries) {
        if (!('key' in entry)) entry.key = contentKey(entry.input);
        if (entry.key !== key) continue;
        const copy = cloneData(entry.output);
        if (!copy) break;
        payload.value = copy.value;
        return payload;
      }
    }
    const input = payload.value;
    const issuesBefore = payload.issues.length;
    const result = run(payload, ctx);
    // The output itself is kept: nothing changes it while validateProfile runs, and every later
    // copy is a copy of it (cloneData), so no two components share an object.
    if (text !== undefined && !(result instanceof Promise) && result.issues.length === issuesBefore && result.value !== undefined) {
      const entry = { input, output: result.value, ...(entries ? { key } : {}) };
      if (entries) entries.push(entry);
      else memo!.set(text, [entry]);
    }
    return result;
  };
}

/** JSON.stringify's text of a value, or undefined when it has none (a BigInt, a cycle). */
function jsonText(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

interface Payload {
  value: unknown;
  issues: unknown[];
}
