/** `capplan validate <profile>`: schema and unit checks only. */
import type { Command } from 'commander';
import { glyphsOf } from '../../render/layout.js';
import { wrapText } from '../../render/wrap.js';
import { contextOf, formatOf, printWarnings, withFormat, type CliContext, type Format } from '../context.js';
import { EXIT } from '../errors.js';
import { examples } from '../help.js';
import type { SetExit } from './set-exit.js';

/** Validates a profile; problems are thrown as InputError (exit 2). */
export async function runValidate(file: string, format: Format, ctx: CliContext): Promise<number> {
  const { loadProfileFile } = await import('../profile-input.js');
  const { profile, warnings } = await loadProfileFile(file);
  printWarnings(ctx, warnings);
  const components = new Set(profile.phases.flatMap((p) => p.components.map((c) => c.name))).size;
  if (format === 'json') {
    await ctx.out(`${JSON.stringify({ valid: true, profile: profile.name, file, phases: profile.phases.map((p) => p.name), components }, null, 2)}\n`);
  } else {
    // Wrapped to the terminal like every line on stdout, a hanging indent under the mark.
    const ok = glyphsOf(ctx.layout).ok;
    const lines = wrapText(`${ok} ${file}: valid (${components} component${components === 1 ? '' : 's'}, ${profile.phases.length} phase${profile.phases.length === 1 ? '' : 's'}: ${profile.phases.map((p) => p.name).join(', ')})`, ctx.layout.width, { rest: '  ' });
    lines[0] = `${ctx.palette.green(ok)}${lines[0]!.slice(ok.length)}`;
    await ctx.out(`${lines.join('\n')}\n`);
  }
  return EXIT.ok;
}

/** Registers `validate`. */
export function registerValidate(program: Command, setExit: SetExit): void {
  const cmd = withFormat(program.command('validate').description('check a profile: schema, units and references; exit 2 with every problem positioned').argument('<profile>', 'profile YAML file'), ['table', 'json']);
  examples(cmd, [
    ['capplan validate capplan.yaml', 'every problem at once, as file:line:col path: message'],
    ['capplan validate capplan.yaml --json', 'the verdict as JSON'],
  ]);
  cmd.action(async (file: string, o: { format?: string; json?: boolean }, cmd: Command) => {
      setExit(await runValidate(file, formatOf(o), contextOf(cmd)));
    });
}
