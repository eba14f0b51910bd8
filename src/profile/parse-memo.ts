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
  const parts: string[] = [];
  let chars = 0;
  // Iterative: an explicit stack of values, keys and closing marks, so no nesting exhausts the call stack.
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    let part: string;
    if (v instanceof Mark) part = v.text;
    else if (typeof v === 'string') part = `s${JSON.stringify(v)}`;
    else if (typeof v === 'number') part = Object.is(v, -0) ? 'n-0' : `n${v}`;
    else if (typeof v === 'boolean') part = v ? 'T' : 'F';
    else if (v === null) part = 'N';
    else if (v === undefined) part = 'U';
    else if (Array.isArray(v)) {
      part = `[${v.length}`;
      stack.push(CLOSE_LIST);
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const keys = Object.keys(v);
      part = `{${keys.length}`;
      stack.push(CLOSE_MAP);
      for (let i = keys.length - 1; i >= 0; i--) stack.push((v as Record<string, unknown>)[keys[i]!], new Mark(`k${JSON.stringify(keys[i])}`));
    } else {
      return undefined;
    }
    chars += part.length;
    if (chars > MAX_KEY_CHARS) return undefined;
    parts.push(part);
  }
  return parts.join(',');
}

/** A piece of contentKey's text that is not a value: a mapping's key, the end of a list or mapping. */
class Mark {
  constructor(readonly text: string) {}
}
const CLOSE_LIST = new Mark(']');
const CLOSE_MAP = new Mark('}');

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

/**
 * Makes `schema` remember its successful parses by their input's contentKey, in the map that
 * `memoOf` gives at the time of the parse (undefined: no memo). A parse with issues is never
 * remembered, so every problem is found and reported where it is written, as before.
 */
export function memoizeParses(schema: z.ZodType, memoOf: () => Map<string, unknown> | undefined): void {
  const internals = schema._zod as unknown as { run: (payload: Payload, ctx: { direction?: string }) => Payload | Promise<Payload> };
  const run = internals.run;
  internals.run = (payload, ctx) => {
    const memo = ctx.direction === 'backward' ? undefined : memoOf();
    const key = memo ? contentKey(payload.value) : undefined;
    if (memo && key !== undefined) {
      const known = memo.get(key);
      if (known !== undefined) {
        const copy = cloneData(known);
        if (copy) {
          payload.value = copy.value;
          return payload;
        }
      }
    }
    const issuesBefore = payload.issues.length;
    const result = run(payload, ctx);
    if (memo && key !== undefined && !(result instanceof Promise) && result.issues.length === issuesBefore) {
      const copy = cloneData(result.value);
      if (copy && copy.value !== undefined) memo.set(key, copy.value);
    }
    return result;
  };
}

interface Payload {
  value: unknown;
  issues: unknown[];
}
