// Types of the cli-table3 helpers table.ts draws plain tables with (cli-table3 0.6.5,
// src/utils.js; the package types only its Table).
declare module 'cli-table3/src/utils.js' {
  const utils: {
    /** `str` cut to `width` visible columns, ending in `truncateChar` when cut. */
    truncate(str: string, width: number, truncateChar?: string): string;
    /** `str` padded with `pad` to `width` visible columns, on the side `dir` says. */
    pad(str: string, width: number, pad: string, dir: 'left' | 'right' | 'center'): string;
    /** Text split at newlines and wrapped at `width` (at word boundaries unless `onWordBoundary` is false). */
    wordWrap(width: number, text: string, onWordBoundary?: boolean): string[];
    /** Lines with the colours each leaves open closed at its end and reopened on the next. */
    colorizeLines(lines: readonly string[]): string[];
  };
  export default utils;
}
