/** `capplan init [template] [-o file]`: a starting profile from a template or a bundled profile. */
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { didYouMean } from '../../profile/diagnostic.js';
import { contextOf, type CliContext } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { examples } from '../help.js';
import { GENERATED_MARKER, fsPromises, outputFileArg, removedTempsNote, sealGenerated, writeFilesAtomic } from '../io.js';
import { packageRoot } from '../package-root.js';
import type { SetExit } from './set-exit.js';

/**
 * A template's description: the first sentence of its leading comment paragraph, without a
 * repeated "name:" prefix ("# large: edge gateway, …" → "edge gateway, …"), never cut mid-sentence.
 */
export function templateDescription(name: string, text: string): string {
  const paragraph: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^#\s?(.*)$/.exec(line);
    if (!m || m[1]!.trim() === '') break;
    paragraph.push(m[1]!.trim());
  }
  let s = paragraph.join(' ');
  const prefix = /^([^:]{1,40}):\s+/.exec(s);
  if (prefix && prefix[1]!.toLowerCase().replace(/[^a-z0-9]+/g, '-') === name.toLowerCase()) s = s.slice(prefix[0].length);
  // The first sentence: up to a full stop followed by a space and a capital (not "e.g. x").
  const end = /\.(?=\s+[A-Z])/.exec(s);
  s = end ? s.slice(0, end.index + 1) : s;
  return s.length ? `${s[0]!.toUpperCase()}${s.slice(1)}` : s;
}

/** Templates and bundled profiles by name, with the first sentence of their comment as a description. */
export async function listTemplates(): Promise<{ name: string; file: string; description: string }[]> {
  const root = packageRoot();
  const out: { name: string; file: string; description: string }[] = [];
  for (const dir of ['profiles/templates', 'profiles']) {
    const entries = (await fsPromises().readdir(join(root, dir))).filter((f) => f.endsWith('.yaml')).sort();
    for (const f of entries) {
      const file = join(root, dir, f);
      const text = await fsPromises().readFile(file, 'utf8');
      const name = f.replace(/\.yaml$/, '');
      out.push({ name, file, description: templateDescription(name, text) });
    }
  }
  return out;
}

/**
 * The YAML language server's modeline, so that editors complete and check the new profile at
 * once. It names the JSON Schema shipped in the capplan package that ran, by a path relative to
 * the profile (to the working directory for stdout): offline, and the same in every clone of a
 * project that installs capplan locally (`node_modules/capplan/schema/…`). See docs/terminal.md.
 */
export function schemaLine(output: string | undefined, root: string = packageRoot(), cwd: string = process.cwd()): string {
  const schema = join(root, 'schema', 'capplan-profile.schema.json');
  const from = output === undefined ? cwd : dirname(resolve(cwd, output));
  const path = relative(from, schema).split(sep).join('/');
  return `# yaml-language-server: $schema=${path.startsWith('.') ? path : `./${path}`}`;
}

/** Writes (or prints) a starting profile; returns the exit code. */
export async function runInit(template: string, opts: { output?: string | undefined; force: boolean; list: boolean }, ctx: CliContext): Promise<number> {
  const templates = await listTemplates();
  if (opts.list) {
    const { drawTable } = await import('../../render/table.js');
    const rows = templates.map((t) => [ctx.palette.cyan(t.name), t.description]);
    await ctx.out(`${drawTable([{ header: '' }, { header: '', wrap: true, minWidth: 24 }], rows, { layout: ctx.layout, palette: ctx.palette, head: false, indent: 0 }).text}\n`);
    return EXIT.ok;
  }
  const chosen = templates.find((t) => t.name === template);
  if (!chosen) {
    const suggestion = didYouMean(template, templates.map((t) => t.name));
    throw new UsageError(`no template "${template}"`, suggestion ? `did you mean "${suggestion}"? (capplan init --list)` : `choose one of: ${templates.map((t) => t.name).join(', ')}`);
  }
  const body = await fsPromises().readFile(chosen.file, 'utf8');
  // The digest line lets a later `init` see that the file was edited, and refuse to replace it.
  // The marker stays the first line (the guard reads it there); the language server finds its
  // modeline on any comment line.
  const text = sealGenerated(`# ${GENERATED_MARKER} init from "${chosen.name}"; edit freely (capplan init will not overwrite your edits without --force).
${schemaLine(opts.output)}
${body}`);
  if (!opts.output) {
    await ctx.out(text);
    return EXIT.ok;
  }
  const cleaned = removedTempsNote(await writeFilesAtomic(new Map([[opts.output, text]]), { force: opts.force }));
  if (cleaned) ctx.note(ctx.errPalette.yellow(cleaned));
  ctx.note(`wrote ${opts.output} (from ${chosen.name}); next: capplan plan ${opts.output}`);
  return EXIT.ok;
}

/** Registers `init`. */
export function registerInit(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('init')
    .description('write a starting profile from a template (small, medium, large) or a bundled profile')
    .argument('[template]', 'template or bundled profile name', 'small')
    .option('-o, --output <file>', 'write to this file instead of stdout (- is stdout)')
    .option('--force', 'overwrite a file capplan did not write')
    .option('--list', 'list the templates and bundled profiles');
  examples(cmd, [
    ['capplan init --list', 'the templates and bundled profiles'],
    ['capplan init medium -o capplan.yaml', 'start from the medium template'],
    ['capplan init litper > litper.yaml', 'a bundled profile, to stdout'],
  ]);
  cmd.action(async (template: string, o: { output?: string; force?: boolean; list?: boolean }, cmd: Command) => {
      setExit(await runInit(template, { output: outputFileArg(o.output), force: o.force === true, list: o.list === true }, contextOf(cmd)));
    });
}
