/**
 * Help conventions every command follows: an Examples section after the options, and a usage
 * error that points to the help of the command it happened in.
 */
import type { Command } from 'commander';

/** Width the help is written for. */
const HELP_WIDTH = 80;

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

/** The "Examples:" section: what each does, then the command line (kubectl's layout). */
export function examplesText(lines: readonly (readonly [command: string, what: string])[]): string {
  const text = lines.map(([c, what]) => [`  # ${what}`, ...continueLines(c)].join('\n')).join('\n\n');
  return `\nExamples:\n${text}\n`;
}

/** Adds an "Examples:" section to a command's --help. */
export function examples(cmd: Command, lines: readonly (readonly [command: string, what: string])[]): Command {
  return cmd.addHelpText('after', examplesText(lines));
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
