/** Problems found in user input, as values: every one of them, each with its position. */

/** One path segment into a profile: a mapping key or a list index. */
export type PathSegment = string | number;

/** A positioned problem in an input file. Lines and columns count from 1. */
export interface Diagnostic {
  file: string;
  line: number;
  col: number;
  /** Dotted path into the profile (`components.db.capacity`, `phases[1].name`); '' for the file. */
  path: string;
  message: string;
  hint?: string;
  severity: 'error' | 'warning';
}

/**
 * The first `max` problems, and one more that counts the rest at the position where they start:
 * a corrupt file can have a problem a line (half a million for a 2 MB profile with a YAML error
 * that every later line repeats), and a listing that long only buries the first.
 */
/** `total`: how many there are when only the first max + 1 were made into diagnostics. */
export function listedProblems<T extends { message: string; hint?: string }>(diagnostics: T[], max: number, hint = 'fix these and run again', total = diagnostics.length): T[] {
  if (total <= max) return diagnostics;
  const next = diagnostics[max]!;
  const more = total - max;
  return [...diagnostics.slice(0, max), { ...next, message: `and ${more.toLocaleString('en-US')} more problem${more === 1 ? '' : 's'} from here on`, hint }];
}

/** Formats a path as `components.db.capacity` or `phases[1].name`. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (seg.length <= MAX_QUOTED && /^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${quote(seg)}]`;
  }
  return out;
}

/** Renders one diagnostic as `file:line:col path: message` with an indented hint line. */
export function renderDiagnostic(d: Diagnostic): string {
  const where = `${d.file}:${d.line}:${d.col}`;
  const head = `${where}${d.path ? ` ${d.path}` : ''}: ${d.severity === 'warning' ? 'warning: ' : ''}${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Sorts diagnostics by position, then path and message, and drops exact repeats. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out: Diagnostic[] = [];
  for (const d of [...list].sort(compareDiagnostics)) {
    const key = `${d.file}\0${d.line}\0${d.col}\0${d.path}\0${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

/** By file (code points: the same order under every LANG), line, column, path and message. */
function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.line - b.line ||
    a.col - b.col ||
    (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  );
}

/** Levenshtein edit distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      const cost = a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + cost);
      diag = up;
    }
  }
  return prev[b.length]!;
}

/**
 * Edit distance with a swap of two neighbouring letters counted as one edit (the optimal string
 * alignment distance, Damerau's): "scael" is one edit from "scale", two by Levenshtein.
 */
export function swapEditDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let before = Array.from({ length: y.length + 1 }, () => 0);
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[y.length]!;
}

/**
 * The closest candidate to `word` when it is plausibly a misspelling, else undefined. With
 * `swaps`, two neighbouring letters swapped count as one edit (keys: `scael` for `scale`).
 */
export function didYouMean(word: string, candidates: Iterable<string>, swaps = false): string | undefined {
  const distance = swaps ? swapEditDistance : editDistance;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of [...candidates].sort()) {
    // The distance is at least the difference in length, and no more than 3 is suggested: a
    // 500 kB value is not compared letter by letter with every name.
    if (Math.abs(word.length - c.length) > 3) continue;
    const d = distance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  return best !== undefined && bestDistance <= limit ? best : undefined;
}

/** The longest value or key a message quotes; the position points at the whole of it. */
export const MAX_QUOTED = 60;

/**
 * Characters a terminal shows as nothing or as a plain space: format characters (zero-width
 * space, joiners, direction marks, the BOM), line and paragraph separators and the non-ASCII
 * spaces. JSON leaves them as they are, so `"api\u200b"` would print as `"api"`.
 */
const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/gu;

/** A value or key as a message quotes it: JSON with invisible characters escaped (\u200b), cut to MAX_QUOTED characters with an ellipsis. */
export function quote(value: unknown): string {
  const text = (JSON.stringify(value) ?? String(value)).replace(INVISIBLE, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
  return text.length <= MAX_QUOTED ? text : `${text.slice(0, MAX_QUOTED - 1)}…`;
}
