/**
 * Help conventions every command follows: help fitted to the terminal like every other output,
 * an Examples section after the options, and a usage error that points to the help of the
 * command it happened in.
 */
import { Help, type AddHelpTextContext, type Command } from 'commander';
import { wrapText } from '../render/wrap.js';
import { streamInfo } from './stdio.js';
import { terminalWidth } from './terminal.js';

/** Width the help is written for when no terminal says otherwise. */
const HELP_WIDTH = 80;

/** Columns an option's description needs beside its term; with fewer, it goes under the term. */
const MIN_DESCRIPTION_WIDTH = 24;

/** Indent of a description put under its term. */
const UNDER_TERM = '      ';

/** A long command line broken at spaces outside quotes, continued with a backslash, as a shell reads it. */
export function continueLines(command: string, first = '  ', rest = '      ', width = HELP_WIDTH): string[] {
  const words = command.match(/(?:"[^"]*"|'[^']*'|\S)+/g) ?? [];
  const lines: string[] = [];
  let line = first;
  for (const word of words) {
    const sep = line === first || line === rest ? '' : ' ';
    if (line !== first && line !== rest && line.length + sep.length + word.length + 2 > width) {
      lines.push(`${line} \\`);
      line = rest + word;
    } else {
      line += sep + word;
    }
  }
  lines.push(line);
  return lines;
}

/**
 * The "Examples:" section at `width`: what each does (wrapped, a hanging indent that stays a
 * shell comment), then the command line (continued with backslashes) — kubectl's layout.
 */
export function examplesText(lines: readonly (readonly [command: string, what: string])[], width = HELP_WIDTH): string {
  const text = lines.map(([c, what]) => [...wrapText(what, width, { first: '  # ', rest: '  #   ' }), ...continueLines(c, '  ', '      ', width)].join('\n')).join('\n\n');
  return `\nExamples:\n${text}\n`;
}

/** The "Examples:" section for addHelpText: written at the width of the stream the help goes to. */
export function examplesHelp(lines: readonly (readonly [command: string, what: string])[]): (context: AddHelpTextContext) => string {
  return ({ error, command }) => examplesText(lines, helpWidthOf(command, error));
}

/** Adds an "Examples:" section to a command's --help. */
export function examples(cmd: Command, lines: readonly (readonly [command: string, what: string])[]): Command {
  return cmd.addHelpText('after', examplesHelp(lines));
}

/** The width a command's help is written at: that of stdout, or of stderr for help after a usage error. */
function helpWidthOf(cmd: Command, error: boolean): number {
  const output = cmd.configureOutput();
  return (error ? output.getErrHelpWidth?.() : output.getOutHelpWidth?.()) ?? HELP_WIDTH;
}

/**
 * Fits every command's --help to the terminal, as the rest of capplan's output: the TTY's
 * columns, else $COLUMNS, else 80 (terminal.ts). Descriptions wrap beside their option, or under
 * it, six spaces in, when the terminal leaves them fewer than MIN_DESCRIPTION_WIDTH columns; a
 * usage line too long wraps with a hanging indent. A word is never cut (a long option or path
 * overflows whole).
 */
export function fitHelpToTerminal(program: Command): void {
  const width = (fd: 1 | 2) => () => terminalWidth(false, process.env, streamInfo(fd));
  const walk = (cmd: Command) => {
    cmd.configureOutput({ getOutHelpWidth: width(1), getErrHelpWidth: width(2) });
    cmd.configureHelp({ minWidthToWrap: 1, formatItem: formatHelpItem, formatHelp: formatHelpFitted });
    cmd.commands.forEach(walk);
  };
  walk(program);
}

/** An option, argument or command and its description: beside it when there is room, else under it. */
function formatHelpItem(this: Help, term: string, termWidth: number, description: string, helper: Help): string {
  const width = helper.helpWidth ?? HELP_WIDTH;
  if (description === '' || width - termWidth - 4 >= MIN_DESCRIPTION_WIDTH) return Help.prototype.formatItem.call(this, term, termWidth, description, helper);
  return [`  ${term}`, ...wrapText(description, width, { first: UNDER_TERM })].join('\n');
}

/** Commander's help, with the usage line (and any other still too long) wrapped with a hanging indent. */
function formatHelpFitted(this: Help, cmd: Command, helper: Help): string {
  const width = helper.helpWidth ?? HELP_WIDTH;
  const text = Help.prototype.formatHelp.call(this, cmd, helper);
  return text
    .split('\n')
    .flatMap((line) => {
      if (helper.displayWidth(line) <= width) return [line];
      const indent = /^ */.exec(line)![0];
      return wrapText(line.slice(indent.length), width, { first: indent, rest: `${indent}${line.startsWith('Usage:') ? '       ' : '  '}` });
    })
    .join('\n');
}

/** The command's path from the program: "emit k8s". */
export function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/** Makes every command's usage errors point to its own --help, all the way down. */
export function pointUsageErrorsToHelp(program: Command): void {
  const walk = (cmd: Command) => {
    const path = commandPath(cmd);
    cmd.showHelpAfterError(`(run \`${program.name()}${path ? ` ${path}` : ''} --help\` for usage and examples)`);
    cmd.commands.forEach(walk);
  };
  walk(program);
}
