/**
 * The SourceDocument of a profile read by readPlainYaml (plain-yaml.ts): the same answers as the
 * one source.ts makes over yaml's composed document (its NodeIndex and yaml's LineCounter), from
 * the offsets the reader kept.
 */
import type { PathSegment } from './diagnostic.js';
import { MAX_PROFILE_BYTES } from './limits.js';
import { readPlainYaml, type PlainMap, type PlainNode, type PlainSeq, type PlainYaml } from './plain-yaml.js';
import type { SourceDocument } from './source-document.js';

/**
 * The profile in `text` when readPlainYaml reads it (and it is within the size limit), else
 * null: source.ts's readSourceDocument then reads it with yaml. Apart from source.ts so that a
 * profile read here never loads yaml.
 */
export function readPlainSourceDocument(text: string, file: string): SourceDocument | null {
  if (text.length > MAX_PROFILE_BYTES) return null;
  const read = readPlainYaml(text);
  return read ? plainYamlDocument(file, text, read) : null;
}

/** A SourceDocument over a profile read by readPlainYaml. */
export function plainYamlDocument(file: string, text: string, read: PlainYaml): SourceDocument {
  let lineStarts: number[] | undefined;
  const linePos = (offset: number) => lineAndColumn((lineStarts ??= newlineOffsets(text)), offset);
  const indexes = new WeakMap<PlainMap, Map<string, number>>();
  // The index of `key` among a mapping's keys (they are unique strings), or -1.
  const keyIndex = (map: PlainMap, key: string): number => {
    let index = indexes.get(map);
    if (!index) {
      index = new Map();
      map.keys.forEach((k, i) => index!.set(k, i));
      indexes.set(map, index);
    }
    return index.get(key) ?? -1;
  };
  // The child at `segment`, as NodeIndex.child: a mapping's key is found by ===, a list's item by
  // the segment read as a whole number.
  const child = (node: PlainNode, segment: PathSegment): PlainNode | undefined => {
    if (typeof node === 'number') return undefined;
    if (isSeq(node)) {
      const i = typeof segment === 'string' && segment ? Number(segment) : segment;
      return typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < node.items.length ? node.items[i] : undefined;
    }
    if (typeof segment !== 'string') return undefined;
    const i = keyIndex(node, segment);
    return i < 0 ? undefined : node.values[i];
  };
  return {
    file,
    data: read.value,
    text,
    has(path) {
      let node: PlainNode = read.root;
      for (const segment of path) {
        const next = child(node, segment);
        if (next === undefined) return false;
        node = next;
      }
      return true;
    },
    position(path, opts) {
      // The nodes along the path, from the root, as far as the path exists.
      const nodes: PlainNode[] = [read.root];
      for (const segment of path) {
        const next = child(nodes[nodes.length - 1]!, segment);
        if (next === undefined) break;
        nodes.push(next);
      }
      for (let n = path.length; n >= 0; n--) {
        const exact = n === path.length;
        if (n > 0 && (opts?.key || !exact) && n - 1 < nodes.length) {
          // A key's position is found by its text, whatever the segment's type (NodeIndex.keyNode).
          const parent = nodes[n - 1]!;
          if (typeof parent !== 'number' && !isSeq(parent)) {
            const i = keyIndex(parent, String(path[n - 1]));
            if (i >= 0) return linePos(parent.keyStarts[i]!);
          }
        }
        const node = nodes[n];
        if (node !== undefined) return linePos(typeof node === 'number' ? node : node.start);
      }
      return { line: 1, col: 1 };
    },
  };
}

function isSeq(node: PlainMap | PlainSeq): node is PlainSeq {
  return 'items' in node;
}

/** The offset of each line's start: 0 and the one after each newline (what yaml's parser tells its LineCounter). */
function newlineOffsets(text: string): number[] {
  const out = [0];
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) out.push(nl + 1);
  return out;
}

/** yaml's LineCounter.linePos: the 1-based line and column of an offset, by binary search. */
function lineAndColumn(lineStarts: readonly number[], offset: number): { line: number; col: number } {
  let low = 0;
  let high = lineStarts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (lineStarts[mid]! < offset) low = mid + 1;
    else high = mid;
  }
  if (lineStarts[low] === offset) return { line: low + 1, col: 1 };
  if (low === 0) return { line: 0, col: offset };
  return { line: low, col: offset - lineStarts[low - 1]! + 1 };
}
