/**
 * JSON with positions. JSON.parse decides what is valid JSON (strictly); the `yaml` parser,
 * whose flow syntax is a superset of JSON, supplies line and column of any value on demand,
 * so a reader can say where a bad value is.
 */

import { LineCounter, parseDocument } from 'yaml';
import type { FitDiagnostic } from './types.js';

/** A parsed JSON text and a way to locate any value in it. */
export interface JsonText {
  value: unknown;
  /** Line and column of the value at `path` (or of its nearest existing ancestor). */
  positionOf(path: readonly (string | number)[]): { line: number; col: number };
}

/** Parse JSON text; a syntax error becomes a positioned diagnostic. */
export function parseJsonText(text: string, file: string): JsonText | FitDiagnostic[] {
  const src = text.replace(/^\uFEFF/, '');
  let value: unknown;
  try {
    value = JSON.parse(src);
  } catch (error) {
    return [{ file, ...syntaxErrorPosition(src, error), message: `invalid JSON: ${firstLine(error)}` }];
  }
  let located: { doc: ReturnType<typeof parseDocument>; lines: LineCounter } | null = null;
  const locate = (): { doc: ReturnType<typeof parseDocument>; lines: LineCounter } => {
    if (!located) {
      const lines = new LineCounter();
      located = { doc: parseDocument(src, { lineCounter: lines, uniqueKeys: false }), lines };
    }
    return located;
  };
  return {
    value,
    positionOf(path) {
      const { doc, lines } = locate();
      for (let depth = path.length; depth >= 0; depth--) {
        const node = doc.getIn(path.slice(0, depth), true) as { range?: [number, number, number] } | undefined;
        if (node && typeof node === 'object' && Array.isArray(node.range)) return lines.linePos(node.range[0]);
      }
      return { line: 1, col: 1 };
    },
  };
}

function syntaxErrorPosition(src: string, error: unknown): { line: number; col: number } {
  const match = /position (\d+)/.exec(firstLine(error));
  if (match) return offsetToPosition(src, Number(match[1]));
  const lines = new LineCounter();
  const doc = parseDocument(src, { lineCounter: lines });
  const pos = doc.errors[0]?.linePos?.[0];
  if (pos) return { line: pos.line, col: pos.col };
  return offsetToPosition(src, firstSuspect(src));
}

/** Where a JSON text most likely goes wrong when no parser says: a trailing comma or the end. */
function firstSuspect(src: string): number {
  const trailing = /,\s*[}\]]/.exec(src);
  return trailing ? trailing.index : src.length;
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

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0] ?? message;
}
