/** Mutations of JSON data (saved plans, baselines, k6 summaries, generic JSON load tests). */
import type { Rng } from './rng.js';
import { EXTREME_NUMBERS, ODD_STRINGS } from './values.js';

type Json = unknown;

interface JsonSlot {
  parent: Record<string, Json> | Json[];
  key: string | number;
  value: Json;
  path: string;
}

function jsonSlots(root: Json): JsonSlot[] {
  const out: JsonSlot[] = [];
  const stack: { value: Json; path: string }[] = [{ value: root, path: '' }];
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        out.push({ parent: value, key: i, value: v, path: `${path}[${i}]` });
        stack.push({ value: v, path: `${path}[${i}]` });
      });
    } else if (value !== null && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        out.push({ parent: value as Record<string, Json>, key: k, value: v, path: `${path}.${k}` });
        stack.push({ value: v, path: `${path}.${k}` });
      }
    }
  }
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function set(slot: JsonSlot, v: Json): void {
  (slot.parent as Record<string | number, Json>)[slot.key] = v;
}

/** A placeholder for deep nesting, expanded in the text by renderJson (deep values overflow JSON.stringify). */
function deepMarker(depth: number): string {
  return `__capplan_fuzz_deep_${depth}__`;
}

/** JSON text of mutated data, with deep-nesting placeholders expanded. */
export function renderJson(data: Json, indent: number): string {
  return JSON.stringify(data, null, indent).replace(/"__capplan_fuzz_deep_(\d+)__"/g, (_, n: string) => `${'['.repeat(Number(n))}1${']'.repeat(Number(n))}`);
}

/**
 * The most bytes (as rendered, indented) duplicated items may add to a document: past the 32 MiB
 * a saved plan may be, so that limit is still reached, and well inside what a case may send to a
 * worker (pool.ts, MAX_CASE_BYTES).
 */
export const MAX_DUPLICATED_BYTES = 40 * 2 ** 20;

/** Each JSON mutation: its weight, and the function that applies it (null when the document has no place for it). */
export const JSON_MUTATIONS: Readonly<Record<string, readonly [number, (root: Json, rng: Rng) => string | null]>> = {
  deleteKey: [5, (root, rng) => {
    const ss = jsonSlots(root).filter((s) => !Array.isArray(s.parent));
    if (!ss.length) return null;
    const s = rng.pick(ss);
    delete (s.parent as Record<string, Json>)[s.key as string];
    return `deleteKey:${s.path}`;
  }],
  deleteItem: [2, (root, rng) => {
    const ss = jsonSlots(root).filter((s) => Array.isArray(s.parent));
    if (!ss.length) return null;
    const s = rng.pick(ss);
    (s.parent as Json[]).splice(s.key as number, 1);
    return `deleteItem:${s.path}`;
  }],
  number: [8, (root, rng) => {
    const ss = jsonSlots(root).filter((s) => typeof s.value === 'number' || s.value === null);
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const v = rng.pick(EXTREME_NUMBERS);
    set(s, v);
    return `number:${s.path}=${v}`;
  }],
  typeSwap: [6, (root, rng) => {
    const ss = jsonSlots(root);
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const v = rng.pick<Json>([null, true, 'text', '12', 12, [], {}, [1, 2], { a: 1 }, -1, '', 'NaN', 'Infinity']);
    set(s, v);
    return `typeSwap:${s.path}=${JSON.stringify(v)}`;
  }],
  string: [4, (root, rng) => {
    const ss = jsonSlots(root).filter((s) => typeof s.value === 'string');
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const v = rng.chance(0.1) ? 'x'.repeat(rng.int(1000, 500_000)) : rng.pick(ODD_STRINGS);
    set(s, v);
    return `string:${s.path}`;
  }],
  duplicateItem: [3, (root, rng) => {
    const ss = jsonSlots(root).filter((s) => Array.isArray(s.parent));
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const want = rng.pick([1, 1, 10, 1000, 20_000]);
    // 20,000 copies of a whole phase made a 400 MB file: bounded, still past the saved-plan size
    // limit. Measured as rendered: a deep-nesting placeholder is ~40 KB once expanded (20,000
    // copies of an item holding one overflowed V8's longest string, seed 2027 case 68822).
    const n = Math.min(want, Math.max(1, Math.floor(MAX_DUPLICATED_BYTES / (s.value === undefined ? 4 : renderJson(s.value, 2).length))));
    for (let i = 0; i < n; i++) (s.parent as Json[]).push(structuredClone(s.value));
    return `duplicateItem:${s.path}×${n}`;
  }],
  deepNest: [1, (root, rng) => {
    const ss = jsonSlots(root);
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const depth = rng.pick([50, 1000, 20_000]);
    set(s, deepMarker(depth));
    return `deepNest:${s.path}:${depth}`;
  }],
  addKey: [2, (root, rng) => {
    const ss = jsonSlots(root).filter((s) => s.value !== null && typeof s.value === 'object' && !Array.isArray(s.value));
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const key = rng.pick(['__proto__', 'constructor', 'toString', 'name', 'replicas', 'phases', 'components', 'lines', 'extra', '']);
    (s.value as Record<string, Json>)[key] = rng.pick<Json>([1, null, 'x', [], {}, -1, 1e308]);
    return `addKey:${s.path}.${key}`;
  }],
  swapItems: [1, (root, rng) => {
    const ss = jsonSlots(root).filter((s) => Array.isArray(s.value) && (s.value as Json[]).length > 1);
    if (!ss.length) return null;
    const s = rng.pick(ss);
    (s.value as Json[]).reverse();
    return `reverse:${s.path}`;
  }],
};

/** Applies 1–4 mutations to a copy of `data`; returns the new data and the mutation labels. */
export function mutateJson(data: Json, rng: Rng): { data: Json; mutations: string[] } {
  const root = structuredClone(data);
  const mutations: string[] = [];
  const n = rng.weighted([[6, 1], [3, 2], [1, 4]] as const);
  const entries = Object.entries(JSON_MUTATIONS);
  for (let i = 0; i < n; i++) {
    const [name, fn] = rng.weighted(entries.map(([k, [w, f]]) => [w, [k, f] as const] as const));
    const m = fn(root, rng);
    if (m) mutations.push(m);
    else mutations.push(`${name}:none`);
  }
  return { data: root, mutations };
}

/** JSON text tricks a writer might produce: non-JSON numbers, comments, trailing commas, garbage. */
export function jsonTextTrick(text: string, rng: Rng): [string, string] {
  const trick = rng.pick(['nanLiteral', 'hugeExponent', 'comment', 'trailingComma', 'trailingGarbage', 'twoDocuments', 'scalarRoot', 'arrayRoot', 'duplicateKeys']);
  switch (trick) {
    case 'nanLiteral': return [trick, text.replace(/: (\d+(\.\d+)?)/, ': NaN')];
    case 'hugeExponent': return [trick, text.replace(/: (\d+(\.\d+)?)/, ': 1e999')];
    case 'comment': return [trick, `// comment\n${text}`];
    case 'trailingComma': return [trick, text.replace(/\n(\s*)([}\]])/, ',\n$1$2')];
    case 'trailingGarbage': return [trick, `${text}}`];
    case 'twoDocuments': return [trick, `${text}\n${text}`];
    case 'scalarRoot': return [trick, rng.pick(['42', '"x"', 'null', 'true', '1e999'])];
    case 'arrayRoot': return [trick, `[${text}]`];
    default: return [trick, text.replace(/\{\n(\s*)"/, '{\n$1"name": "dup",\n$1"name": "dup2",\n$1"')];
  }
}
