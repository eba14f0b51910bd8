/**
 * The five bundled profiles and their source documents (data/seeds/), and the reading of a
 * profile's comments the seeds tests share: quotations, whether a quotation is in the document,
 * the numbers a value, a quote or a derivation carries.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node } from 'yaml';

/** Root of the repository. */
export const ROOT = join(import.meta.dirname, '..', '..');

/** Each bundled profile with the document it reads. */
export const SEEDS = [
  { profile: 'profiles/thea-ia.yaml', source: 'data/seeds/thea-ia-scalability.md' },
  { profile: 'profiles/ngx-agents.yaml', source: 'data/seeds/ngx-agents-scalability.md' },
  { profile: 'profiles/blatam-academy.yaml', source: 'data/seeds/blatam-academy-scaling-guide.md' },
  { profile: 'profiles/free-intelligence.yaml', source: 'data/seeds/free-intelligence-horizontal-scaling.md' },
  { profile: 'profiles/litper.yaml', source: 'data/seeds/litper-scalability-ha.md' },
] as const;

/** A file of the repository as text. */
export function read(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

/**
 * Text as quotations are compared: markdown table bars, emphasis and code marks, box-drawing
 * characters and (in the document) straight double quotes dropped, quotes and dashes unified,
 * whitespace collapsed, lower case. A quotation may leave out the table or diagram structure,
 * the YAML quoting and the line breaks of the document, but not change its words.
 */
export function normalise(text: string, document: boolean = false): string {
  return (document ? text.replace(/"/g, '') : text)
    .replace(/[*`]/g, '')
    .replace(/[|\u2500-\u257f]/g, ' ')
    .replace(/[“”]/g, '"')
    .replace(/[‘’]/g, "'")
    .replace(/[–—]/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The double-quoted passages of a comment. */
export function quotationsOf(comment: string): string[] {
  return [...comment.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
}

/** Whether a quotation is in the document: every part of it (split at an ellipsis) occurs there. */
export function inDocument(quote: string, document: string): boolean {
  const doc = normalise(document, true);
  return quote
    .split(/\s*(?:…|\.\.\.)\s*/)
    .map((p) => normalise(p))
    .filter(Boolean)
    .every((part) => doc.includes(part));
}

/** The numbers written in a text (thousands separators "1,000" and "10_000" read as one number). */
export function numbersIn(text: string): number[] {
  return [...text.matchAll(/(?<![\w.])[-+]?\d{1,3}(?:[,_]\d{3})+(?:\.\d+)?(?!\d)|(?<![\w.])[-+]?\d+(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/[,_]/g, '')));
}

/** Whether two written numbers are the same figure, allowing a fraction written as a percentage. */
export function sameFigure(a: number, b: number): boolean {
  const eq = (x: number, y: number) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  return eq(a, b) || eq(a * 100, b) || eq(a, b * 100);
}

/** A value of the profile that holds a figure, with where it is and the comment of its line. */
export interface Figure {
  /** The profile path, e.g. components.fsm.serviceTime. */
  path: string;
  value: string;
  line: number;
  comment: string;
}

/** Keys whose values are names or prose, not figures. */
const NOT_FIGURES = new Set(['name', 'description', 'phase', 'apiVersion', 'image', 'preset', 'path', 'rpsMetric', 'metric', 'severity', 'statistic', 'notes', 'to', 'poolPer', 'kind']);

/** The comment of a line: what follows ` #` outside quotes. */
export function commentOf(line: string): string {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === '#' && (i === 0 || /\s/.test(line[i - 1]!))) {
      return line.slice(i + 1).trim();
    }
  }
  return '';
}

/** Every figure of a profile: scalars that are numbers or start with one, outside name-like keys. */
export function figuresOf(text: string): Figure[] {
  return scalarsOf(text).filter((f) => f.figure);
}

/**
 * Every setting of a profile that is not a figure: booleans and words (least-request, on-failure,
 * hdd), outside name-like keys and the component names of `calls` lists.
 */
export function settingsOf(text: string): Figure[] {
  return scalarsOf(text).filter((f) => !f.figure && !/(^|\.)calls\[\d+\]$/.test(f.path));
}

/** Every scalar value of a profile outside name-like keys, with whether it is a figure. */
function scalarsOf(text: string): (Figure & { figure: boolean })[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const lines = text.split('\n');
  const out: (Figure & { figure: boolean })[] = [];
  const walk = (node: Node | null | undefined, path: string, key: string) => {
    if (!node) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : '?';
        if (NOT_FIGURES.has(k)) continue;
        walk(pair.value as Node, path ? `${path}.${k}` : k, k);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item as Node, `${path}[${i}]`, key));
    } else if (isScalar(node)) {
      const v = node.value;
      const figure = typeof v === 'number' || (typeof v === 'string' && /^[-+]?\d/.test(v));
      if (v === null || node.range === null || node.range === undefined) return;
      const line = counter.linePos(node.range[0]).line;
      out.push({ path, value: String(v), line, comment: commentOf(lines[line - 1] ?? ''), figure });
    }
  };
  walk(doc.contents as Node, '', '');
  return out;
}

/** Every comment of a profile with its line (whole-line comments and trailing ones). */
export function commentsOf(text: string): { line: number; comment: string }[] {
  return text.split('\n').flatMap((l, i) => {
    const c = commentOf(l);
    return c ? [{ line: i + 1, comment: c }] : [];
  });
}
