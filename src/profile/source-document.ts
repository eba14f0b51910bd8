/**
 * A parsed profile with the positions of its values (source.ts reads one from YAML), and the same
 * over plain data without positions. Apart from source.ts so that a command that validates data it
 * made itself (`size`, from flags) does not load the YAML library.
 */
import type { PathSegment } from './diagnostic.js';

/** Parsed YAML with its positions. */
export interface SourceDocument {
  file: string;
  data: unknown;
  /** Line and column of the node at `path` (or of its key with `key: true`); falls back to the nearest ancestor. */
  position(path: readonly PathSegment[], opts?: { key?: boolean }): { line: number; col: number };
  /** True when `path` exists in this document. */
  has(path: readonly PathSegment[]): boolean;
  /** The source text, when there is one (for hints that quote what was written). */
  text?: string;
}

/** A SourceDocument over plain data without positions (flags, generated profiles). */
export function plainSourceDocument(data: unknown, file: string): SourceDocument {
  const has = (path: readonly PathSegment[]): boolean => {
    let cur: unknown = data;
    for (const seg of path) {
      if (cur === null || typeof cur !== 'object' || !Object.hasOwn(cur, seg)) return false;
      cur = (cur as Record<string | number, unknown>)[seg];
    }
    return true;
  };
  return { file, data, has, position: () => ({ line: 0, col: 0 }) };
}
