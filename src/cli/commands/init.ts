/** `capplan init [template] [-o file]`: a starting profile from a template or a bundled profile. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { didYouMean } from '../../profile/diagnostic.js';
import { contextOf, type CliContext } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { examples } from '../help.js';
import { GENERATED_MARKER, sealGenerated, writeFilesAtomic } from '../io.js';
import { packageRoot } from '../package-root.js';
import type { SetExit } from './index.js';

/** Templates and bundled profiles by name, with the first comment line as a description. */
export async function listTemplates(): Promise<{ name: string; file: string; description: string }[]> {
  const root = packageRoot();
  const out: { name: string; file: string; description: string }[] = [];
  for (const dir of ['profiles/templates', 'profiles']) {
    const entries = (await readdir(join(root, dir))).filter((f) => f.endsWith('.yaml')).sort();
    for (const f of entries) {
      const file = join(root, dir, f);
      const text = await readFile(file, 'utf8');
      const description = /^#\s*(.+)$/m.exec(text)?.[1] ?? '';
      out.push({ name: f.replace(/\.yaml$/, ''), file, description });
    }
  }
  return out;
}

/** Writes (or prints) a starting profile; returns the exit code. */
export async function runInit(template: string, opts: { output?: string | undefined; force: boolean; list: boolean }, ctx: CliContext): Promise<number> {
  const templates = await listTemplates();
  if (opts.list) {
    const width = Math.max(...templates.map((t) => t.name.length));
    await ctx.out(templates.map((t) => `${t.name.padEnd(width)}  ${t.description}`).join('\n') + '\n');
    return EXIT.ok;
  }
  const chosen = templates.find((t) => t.name === template);
  if (!chosen) {
    const suggestion = didYouMean(template, templates.map((t) => t.name));
    throw new UsageError(`no template "${template}"`, suggestion ? `did you mean "${suggestion}"? (capplan init --list)` : `choose one of: ${templates.map((t) => t.name).join(', ')}`);
  }
  const body = await readFile(chosen.file, 'utf8');
  // The digest line lets a later `init` see that the file was edited, and refuse to replace it.
  const text = sealGenerated(`# ${GENERATED_MARKER} init from "${chosen.name}"; edit freely (capplan init will not overwrite your edits without --force).\n${body}`);
  if (!opts.output) {
    await ctx.out(text);
    return EXIT.ok;
  }
  await writeFilesAtomic(new Map([[opts.output, text]]), { force: opts.force });
  ctx.note(`wrote ${opts.output} (from ${chosen.name}); next: capplan plan ${opts.output}`);
  return EXIT.ok;
}

/** Registers `init`. */
export function registerInit(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('init')
    .description('write a starting profile from a template (small, medium, large) or a bundled profile')
    .argument('[template]', 'template or bundled profile name', 'small')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--force', 'overwrite a file capplan did not write')
    .option('--list', 'list the templates and bundled profiles');
  examples(cmd, [
    ['capplan init --list', 'the templates and bundled profiles'],
    ['capplan init medium -o capplan.yaml', 'start from the medium template'],
    ['capplan init litper > litper.yaml', 'a bundled profile, to stdout'],
  ]);
  cmd.action(async (template: string, o: { output?: string; force?: boolean; list?: boolean }, cmd: Command) => {
      setExit(await runInit(template, { output: o.output, force: o.force === true, list: o.list === true }, contextOf(cmd)));
    });
}
