/** What every command action gets: output streams with their palettes, and global flags. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import { renderDiagnostic, type Diagnostic } from '../profile/diagnostic.js';
import type { Layout } from '../render/layout.js';
import type { Palette } from '../render/palette.js';
import { wrapStyled } from '../render/wrap.js';
import { colourLevel, makePalette } from './colors.js';
import { writeStderr, writeStdout } from './io.js';
import { isTerminal, streamInfo } from './stdio.js';
import { terminalLayout, terminalWidth } from './terminal.js';

/** The command-side environment of one run. */
export interface CliContext {
  /** Results (stdout). */
  out(text: string): Promise<void>;
  /** Diagnostics, warnings and progress (stderr); silenced by --quiet except errors. */
  note(text: string): void;
  /**
   * A warning in prose (stderr, yellow, silenced by --quiet): `capplan: text`, wrapped to the
   * terminal with a hanging indent when stderr is one; one line in a pipe or a log, for grep.
   * Printed after the command's results (flushWarnings), as docs/terminal.md says.
   */
  warn(text: string): void;
  /** A warning as written (a positioned diagnostic), silenced by --quiet, printed after the results like warn. */
  warnLine(text: string): void;
  /** Errors (stderr), never silenced. */
  error(text: string): void;
  palette: Palette;
  errPalette: Palette;
  quiet: boolean;
  /** The width, character set and detail of stdout (--wide, --quiet, -v, the locale). */
  layout: Layout;
}

/**
 * Warnings of this run not yet printed. A command says them as it finds them (the profile's, a
 * plausibility check's, the inputs given as ranges), which is often before its result; they are
 * printed after it, so that stdout and stderr merged (`> f 2>&1`, a terminal) read the result
 * first and then what qualifies it (docs/terminal.md).
 */
const pending: string[] = [];

/** Prints the warnings held back (main: once the command has run, or failed). */
export function flushWarnings(): void {
  for (const text of pending.splice(0)) writeStderr(text);
}

/** Builds the context from the global options of the command being run. */
export function contextOf(cmd: Command): CliContext {
  const g = cmd.optsWithGlobals() as { color?: boolean; quiet?: boolean; verbose?: boolean; wide?: boolean };
  const quiet = g.quiet === true;
  // What stderr is, asked when something is written there: reading process.stderr creates the
  // stream (main.ts, endQuietlyOnClosedPipe), which a run without warnings never needs.
  let err: { palette: Palette; width: number } | undefined;
  const errFacts = () =>
    (err ??= {
      palette: makePalette(colourLevel(g.color, process.env, isTerminal(2))),
      width: isTerminal(2) ? terminalWidth(g.wide === true, process.env, process.stderr) : Infinity,
    });
  return {
    out: writeStdout,
    note: (t) => {
      if (!quiet) writeStderr(t);
    },
    warn: (t) => {
      if (!quiet) pending.push(formatWarning(t, errFacts().width, errFacts().palette.yellow));
    },
    warnLine: (t) => {
      if (!quiet) pending.push(t);
    },
    error: writeStderr,
    palette: makePalette(colourLevel(g.color, process.env, isTerminal(1))),
    get errPalette() {
      return errFacts().palette;
    },
    quiet,
    layout: terminalLayout(g, process.env, streamInfo(1)),
  };
}

/** A prose warning as printed: `capplan: text`, wrapped at `width` with a two-space hanging indent (a note of several lines kept as written). */
export function formatWarning(text: string, width: number, style: (s: string) => string): string {
  const line = `capplan: ${text}`;
  return line.includes('\n') ? style(line) : wrapStyled(line, width, style, { first: '', rest: '  ' }).join('\n');
}

/** Output formats of result-printing commands. */
export type Format = 'table' | 'json' | 'markdown';

/** Adds `--format` (with choices) and its `--json` short form to a command. */
export function withFormat(cmd: Command, choices: readonly string[] = ['table', 'json', 'markdown']): Command {
  return cmd
    .addOption(new Option('--format <format>', 'output format').choices([...choices]).default('table'))
    .option('--json', 'short for --format json');
}

/** The format chosen by --format / --json. */
export function formatOf(opts: { format?: string; json?: boolean }): Format {
  return opts.json ? 'json' : ((opts.format ?? 'table') as Format);
}

/**
 * The most warnings of one kind printed before the rest are counted: a profile of 3,000 copies
 * of one component gives 3,000 alike, and a terminal of them hides everything else. -v prints
 * them all.
 */
export const MAX_WARNINGS = 20;

/** Prints warnings (stderr) unless quiet: the first MAX_WARNINGS, then how many more and where they all are (all with -v). */
export function printWarnings(ctx: CliContext, warnings: readonly Diagnostic[], all = `\`capplan validate --json\` lists them all`): void {
  const shown = ctx.layout.detail === 'verbose' ? warnings : warnings.slice(0, MAX_WARNINGS);
  for (const w of shown) ctx.warnLine(ctx.errPalette.yellow(renderDiagnostic(w)));
  if (shown.length < warnings.length) ctx.warn(moreText(warnings.length - shown.length, 'warning', all));
}

/** Prose warnings (ctx.warn): the first MAX_WARNINGS, then how many more and where they all are (all with -v). */
export function warnEach(ctx: CliContext, texts: readonly string[], all: string): void {
  const shown = ctx.layout.detail === 'verbose' ? texts : texts.slice(0, MAX_WARNINGS);
  for (const t of shown) ctx.warn(t);
  if (shown.length < texts.length) ctx.warn(moreText(texts.length - shown.length, 'note', all));
}

function moreText(n: number, noun: string, all: string): string {
  return `… and ${n.toLocaleString('en-US')} more ${noun}${n === 1 ? '' : 's'} (-v prints them; ${all})`;
}

/** A commander argument parser from a function that throws plain Errors (shown as usage errors, exit 2). */
export function argument<T>(parse: (v: string) => T): (v: string) => T {
  return (v) => {
    try {
      return parse(v);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}
