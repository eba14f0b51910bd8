/**
 * An input file as the reader wrote it, comments included: numbered lines (each an anchor the
 * tables link to), comments and keys coloured from yaml's own lexer, so that a `#` inside a
 * quoted string or a block scalar is not taken for a comment. Pure.
 */
import { CST, Lexer } from 'yaml';
import { esc } from './escape.js';

/** Lexer tokens that mark structure and are not source text. */
const CONTROL = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR, CST.BOM]);

type Span = { text: string; cls: 'y-c' | 'y-k' | null };

/** Splits YAML source into spans: comments, mapping keys, and the rest. Concatenated, the spans are the source. */
export function yamlSpans(text: string): Span[] {
  const tokens: { text: string; scalar: boolean }[] = [];
  let scalarNext = false;
  for (const t of new Lexer().lex(text)) {
    if (CONTROL.has(t)) {
      scalarNext = t === CST.SCALAR;
      continue;
    }
    tokens.push({ text: t, scalar: scalarNext || CST.tokenType(t)?.endsWith('quoted-scalar') === true });
    scalarNext = false;
  }
  const spans: Span[] = [];
  tokens.forEach((t, i) => {
    let cls: Span['cls'] = null;
    if (CST.tokenType(t.text) === 'comment' && !t.scalar) cls = 'y-c';
    else if (t.scalar) {
      let j = i + 1;
      while (tokens[j] && CST.tokenType(tokens[j]!.text) === 'space' && !tokens[j]!.scalar) j++;
      if (tokens[j] && CST.tokenType(tokens[j]!.text) === 'map-value-ind') cls = 'y-k';
    }
    spans.push({ text: t.text, cls });
  });
  return spans;
}

/** The source as numbered lines; line n has the id `${idPrefix}L${n}`. */
export function renderSourceView(text: string, idPrefix: string): string {
  const lines: string[] = [];
  let current = '';
  const flush = () => {
    lines.push(current);
    current = '';
  };
  for (const span of yamlSpans(text.replace(/\r\n?/g, '\n'))) {
    const parts = span.text.split('\n');
    parts.forEach((part, k) => {
      if (k > 0) flush();
      if (part) current += span.cls ? `<span class="${span.cls}">${esc(part)}</span>` : esc(part);
    });
  }
  if (current || lines.length === 0) flush();
  if (lines.length > 1 && lines[lines.length - 1] === '' && text.endsWith('\n')) lines.pop();
  // Each line keeps its newline, so that copied text has the file's line breaks.
  const body = lines.map((l, i) => `<span class="l" id="${idPrefix}L${i + 1}" data-n="${i + 1}">${l}\n</span>`).join('');
  // Focusable, so that keyboard users can scroll long lines (WCAG 2.1.1).
  return `<pre class="source" tabindex="0"><code>${body}</code></pre>`;
}
