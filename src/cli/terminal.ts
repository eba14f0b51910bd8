/**
 * The terminal a run prints to, decided once from the stream, the environment and the flags:
 * its width (the TTY's columns, else $COLUMNS, else 80; --wide: no limit), whether it shows
 * Unicode (the locale), and how much detail to print (--quiet, -v).
 */
import type { Detail, Layout } from '../render/layout.js';

/** The flags that shape the layout. */
export interface LayoutFlags {
  wide?: boolean | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
}

/** What the layout reads of an output stream. */
export interface StreamInfo {
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/** Columns to fit: the TTY's width, else a positive $COLUMNS, else 80; Infinity with --wide. */
export function terminalWidth(wide: boolean, env: NodeJS.ProcessEnv, stream: StreamInfo): number {
  if (wide) return Infinity;
  if (stream.isTTY && stream.columns !== undefined && stream.columns > 0) return stream.columns;
  const columns = Number(env.COLUMNS);
  if (Number.isInteger(columns) && columns > 0) return columns;
  return 80;
}

/**
 * Whether the terminal shows Unicode, from the locale as C programs read it: the first set of
 * LC_ALL, LC_CTYPE and LANG. A locale that names UTF-8 (en_US.UTF-8, C.UTF-8) gets Unicode; any
 * other (C, POSIX, en_US.ISO-8859-1) gets ASCII. With none set (many containers and CI runners)
 * capplan assumes UTF-8, as Node writes it and modern terminals show it.
 */
export function supportsUnicode(env: NodeJS.ProcessEnv): boolean {
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((v) => v !== undefined && v !== '');
  if (locale === undefined) return true;
  return /utf-?8/i.test(locale);
}

/** The layout of a run's stdout. */
export function terminalLayout(flags: LayoutFlags, env: NodeJS.ProcessEnv, stream: StreamInfo): Layout {
  const detail: Detail = flags.quiet ? 'quiet' : flags.verbose ? 'verbose' : 'normal';
  return { width: terminalWidth(flags.wide === true, env, stream), unicode: supportsUnicode(env), detail };
}
