/** Byte- and line-level mutations of any text input (YAML, CSV, JSON, tool output). */
import type { Rng } from './rng.js';

/** A text mutation: its name and the new text. */
export type TextMutation = (text: string, rng: Rng) => string;

function lines(text: string): string[] {
  return text.split('\n');
}

/** Line- and byte-level mutations, by name. */
export const TEXT_MUTATIONS: Readonly<Record<string, TextMutation>> = {
  crlf: (t) => t.replace(/\n/g, '\r\n'),
  cr: (t) => t.replace(/\n/g, '\r'),
  bom: (t) => `\uFEFF${t}`,
  tabs: (t, r) => {
    const ls = lines(t);
    const i = r.int(0, ls.length - 1);
    ls[i] = ls[i]!.replace(/^ +/, (s) => '\t'.repeat(Math.max(1, s.length / 2)));
    return ls.join('\n');
  },
  truncate: (t, r) => t.slice(0, r.int(0, t.length)),
  deleteLine: (t, r) => {
    const ls = lines(t);
    ls.splice(r.int(0, ls.length - 1), 1);
    return ls.join('\n');
  },
  duplicateLine: (t, r) => {
    const ls = lines(t);
    const i = r.int(0, ls.length - 1);
    ls.splice(i, 0, ls[i]!);
    return ls.join('\n');
  },
  swapLines: (t, r) => {
    const ls = lines(t);
    const i = r.int(0, ls.length - 1);
    const j = r.int(0, ls.length - 1);
    [ls[i], ls[j]] = [ls[j]!, ls[i]!];
    return ls.join('\n');
  },
  insertByte: (t, r) => {
    const at = r.int(0, t.length);
    const ch = r.pick(['\u0000', '\u0001', '\u007f', '\u0085', '\u00a0', '\u2028', '\u2029', '\ufffd', '\ud800', '\uffff', '"', "'", ':', '#', '{', '[', '&', '*', '!', '|', '>', '%', '@', '`', '\\', ',', ';']);
    return t.slice(0, at) + ch + t.slice(at);
  },
  deleteChars: (t, r) => {
    const at = r.int(0, t.length);
    return t.slice(0, at) + t.slice(at + r.int(1, 20));
  },
  flipChar: (t, r) => {
    if (t.length === 0) return t;
    const at = r.int(0, t.length - 1);
    return t.slice(0, at) + String.fromCharCode(t.charCodeAt(at) ^ (1 << r.int(0, 6))) + t.slice(at + 1);
  },
  garbageLine: (t, r) => {
    const ls = lines(t);
    ls.splice(r.int(0, ls.length), 0, r.pick(['???', ':::', '- - -', '{{{{', ']]]]', '"unterminated', "'x", '&anchor', '*alias', '!!binary', '%TAG ! !x', '---', '...', '\u0000\u0001', 'ü'.repeat(50)]));
    return ls.join('\n');
  },
  repeatBlock: (t, r) => {
    const ls = lines(t);
    const i = r.int(0, ls.length - 1);
    const n = r.int(1, Math.min(20, ls.length - i));
    const block = ls.slice(i, i + n);
    const times = r.int(2, 200);
    ls.splice(i, 0, ...Array.from({ length: times }, () => block).flat());
    return ls.join('\n');
  },
  longLine: (t, r) => {
    const ls = lines(t);
    const i = r.int(0, ls.length - 1);
    ls[i] = ls[i]! + r.pick(['x', '9', ' ', ',', '1,']).repeat(r.int(1000, 200_000));
    return ls.join('\n');
  },
  nulTail: (t) => `${t}\u0000`,
  invalidUtf8: (t) => `${t}\udc00`,
  empty: () => '',
  whitespace: (_t, r) => r.pick([' ', '\n', '\n\n\n', '\t', '\r\n', ' \n \n']),
};

/** Applies one random text mutation; returns its name and the text. */
export function mutateText(text: string, rng: Rng, weights?: Readonly<Record<string, number>>): [string, string] {
  const names = Object.keys(TEXT_MUTATIONS);
  const name = weights ? rng.weighted(names.map((n) => [weights[n] ?? 1, n] as const)) : rng.pick(names);
  return [name, TEXT_MUTATIONS[name]!(text, rng)];
}
