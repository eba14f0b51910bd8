/**
 * YAML writing for manifests: keys sorted, no anchors, no line folding, and every string quoted
 * whose plain form would not read back as the same string under YAML 1.1 (older Compose, PyYAML,
 * Go yaml.v2) and YAML 1.2 (`yes`, `on`, `y`, `22:22`, `1_000`, `0o17`, `017`, dates, `null`, ...).
 */
import { Document, Scalar, parse, visit } from 'yaml';

/** Strings YAML 1.1 gives a meaning of their own as plain scalars (merge key, value key). */
const SPECIAL_1_1 = new Set(['<<', '=']);

/** Answers of needsQuotes: manifests repeat the same keys and labels in every object, and each answer costs two YAML parses. */
const quoteCache = new Map<string, boolean>();
const QUOTE_CACHE_SIZE = 10_000;

/** Whether a string must be quoted to read back identically under YAML 1.1 and 1.2. */
export function needsQuotes(text: string): boolean {
  let answer = quoteCache.get(text);
  if (answer === undefined) {
    answer = readsBackDifferently(text);
    if (quoteCache.size >= QUOTE_CACHE_SIZE) quoteCache.clear();
    quoteCache.set(text, answer);
  }
  return answer;
}

function readsBackDifferently(text: string): boolean {
  if (text === '' || SPECIAL_1_1.has(text)) return true;
  // Multi-line strings are written as block or quoted scalars by the library, never plain.
  if (text.includes('\n')) return false;
  if (text !== text.trim()) return true;
  for (const version of ['1.1', '1.2'] as const) {
    try {
      if (parse(text, { version }) !== text) return true;
    } catch {
      return true;
    }
  }
  return false;
}

/** Stringifies plain data as one YAML document: sorted keys, no aliases, ambiguous strings double-quoted. */
export function stringifyYaml(value: unknown): string {
  const doc = new Document(value, { aliasDuplicateObjects: false, sortMapEntries: true });
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value === 'string' && needsQuotes(node.value)) node.type = Scalar.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0, indentSeq: true });
}

/** Several documents as one YAML stream, each introduced by `---`, after optional comment lines. */
export function stringifyYamlStream(docs: readonly unknown[], comment: readonly string[] = []): string {
  return commentLines(comment) + docs.map((d) => `---\n${stringifyYaml(d)}`).join('');
}

/** `# line` for each line (newlines inside a line become spaces). */
export function commentLines(lines: readonly string[]): string {
  return lines.map((l) => `# ${l.replace(/[\r\n]+/g, ' ')}`.trimEnd() + '\n').join('');
}
