/**
 * The display width of a string, as string-width measures it (colour codes take no room, East
 * Asian wide characters and emoji two columns), made cheap for the strings capplan draws: a
 * string of narrow characters is its length, and anything else is measured once and remembered. string-width 4
 * builds its ANSI and emoji regular expressions on every call; cli-table3 calls it several times
 * per cell, so the bundle points cli-table3 here too (scripts/build.mjs).
 */
import stringWidth from 'string-width';

/** SGR colour sequences, the only escapes capplan's palette writes. */
const SGR = /\u001b\[[0-9;]*m/g;
/**
 * Characters string-width counts as one column, alone and next to others: printable ASCII,
 * Latin, Greek, punctuation, super- and subscripts, letter-like symbols, arrows, mathematical
 * operators, box drawing, blocks, geometric shapes, ★ ✓ ✗ (checked code point by code point
 * against string-width in test/render/measure.test.ts). A string of only these is as wide as it
 * is long; anything else (CJK, emoji, combining marks, joiners) goes to string-width itself.
 */
export const NARROW_RANGES: readonly (readonly [number, number])[] = [
  [0x20, 0x7e], [0xa0, 0xac], [0xae, 0x2ff], [0x370, 0x3ff], [0x2010, 0x2027], [0x2030, 0x205e], [0x2070, 0x209f],
  [0x2100, 0x2319], [0x231c, 0x2328], [0x2500, 0x25fc], [0x2605, 0x2605], [0x2713, 0x2713], [0x2717, 0x2717],
];
const hex = (n: number) => `\\u${n.toString(16).padStart(4, '0')}`;
const NARROW = new RegExp(`^[${NARROW_RANGES.map(([a, b]) => (a === b ? hex(a) : `${hex(a)}-${hex(b)}`)).join('')}]*$`);
const MAX_REMEMBERED = 20_000;
const remembered = new Map<string, number>();

/** Whether every character of the string is one column wide (NARROW_RANGES): its width is its length. */
export function isNarrow(text: string): boolean {
  return NARROW.test(text);
}

/**
 * Whether every string is narrow (isNarrow of each), for a table column of thousands of cells: a
 * loop over their characters, printable ASCII at once and the rest by NARROW_RANGES (a search
 * of the cells joined cost more in the joining than a test of each).
 */
export function allNarrow(texts: readonly string[]): boolean {
  for (let t = 0; t < texts.length; t++) {
    const text = texts[t]!;
    // A cell as the one above (a column's sizes, kinds and bindings come in runs) is not scanned again.
    if (t > 0 && text === texts[t - 1]) continue;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if ((ch < 0x20 || ch > 0x7e) && !narrowCode(ch)) return false;
    }
  }
  return true;
}

/**
 * NARROW_RANGES as a table by code unit (1: narrow), up to the last range's end (~10 KB): one
 * lookup per character, where a search of the ranges took a plan's utilisation bars (box-drawing
 * blocks, the ninth range) ~50 ns a character.
 */
const NARROW_TABLE = (() => {
  const table = new Uint8Array(Math.max(...NARROW_RANGES.map(([, b]) => b)) + 1);
  for (const [a, b] of NARROW_RANGES) table.fill(1, a, b + 1);
  return table;
})();

function narrowCode(ch: number): boolean {
  return ch < NARROW_TABLE.length && NARROW_TABLE[ch] === 1;
}

/** Columns a terminal shows the string in. */
export function measureWidth(text: string): number {
  if (typeof text !== 'string' || text.length === 0) return 0;
  const plain = text.includes('\u001b') ? text.replace(SGR, '') : text;
  if (isNarrow(plain)) return plain.length;
  let width = remembered.get(plain);
  if (width === undefined) {
    width = stringWidth(plain);
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(plain, width);
  }
  return width;
}
