/** `capplan validate <profile>`: schema and unit checks only. */
import type { Command } from 'commander';
import { glyphsOf } from '../../render/layout.js';
import { wrapText } from '../../render/wrap.js';
import { contextOf, formatOf, printWarnings, withFormat, type CliContext, type Format } from '../context.js';
import { sortDiagnostics, type Diagnostic } from '../../profile/diagnostic.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { examples } from '../help.js';
import type { SetExit } from './set-exit.js';

/** A diagnostic as `validate --json` lists it: position (null when the problem has none, as a missing file), path, message, hint. */
function diagnosticJson(d: Pick<Diagnostic, 'file' | 'path' | 'message' | 'hint'> & { line: number | null; col: number | null }) {
  return { file: d.file, line: d.line, col: d.col, path: d.path, message: d.message, hint: d.hint ?? null };
}

/**
 * With --json, a profile with problems is JSON too: `valid: false`, its errors and warnings,
 * then the problems go on to stderr and exit 2 as without --json (rethrown).
 */
async function invalidJson(file: string, error: unknown, ctx: CliContext): Promise<never> {
  const { displayPath } = await import('../profile-input.js');
  const diagnostics = error instanceof InputError ? error.diagnostics : null;
  const errors = diagnostics
    ? diagnostics.filter((d) => d.severity === 'error').map(diagnosticJson)
    : [diagnosticJson({ file: displayPath(file), line: null, col: null, path: '', message: (error as UsageError).message, hint: (error as UsageError).hint })];
  const warnings = (diagnostics ?? []).filter((d) => d.severity !== 'error').map(diagnosticJson);
  await ctx.out(`${JSON.stringify({ valid: false, file, errors, warnings }, null, 2)}\n`);
  throw error;
}

/**
 * The profile loaded, then what plan reads beyond it (profile-references.ts): its warnings with
 * the profile's, and a reference problem thrown with the profile's warnings beside it.
 */
async function loadChecked(file: string) {
  const { loadProfileFile } = await import('../profile-input.js');
  const { checkProfileReferences } = await import('../profile-references.js');
  const loaded = await loadProfileFile(file);
  try {
    const more = await checkProfileReferences(loaded.profile, file, loaded.doc);
    return more.length === 0 ? loaded : { ...loaded, warnings: sortDiagnostics([...loaded.warnings, ...more]) };
  } catch (error) {
    if (error instanceof InputError) throw new InputError(sortDiagnostics([...loaded.warnings, ...error.diagnostics]));
    throw error;
  }
}

/** Validates a profile; problems are thrown as InputError (exit 2), after the JSON verdict with --json. */
export async function runValidate(file: string, format: Format, ctx: CliContext): Promise<number> {
  const loaded = await loadChecked(file).catch((error: unknown) => (format === 'json' && (error instanceof InputError || error instanceof UsageError) ? invalidJson(file, error, ctx) : Promise.reject(error)));
  const { profile, warnings } = loaded;
  printWarnings(ctx, warnings);
  const components = new Set(profile.phases.flatMap((p) => p.components.map((c) => c.name))).size;
  if (format === 'json') {
    const doc = { valid: true, profile: profile.name, file, phases: profile.phases.map((p) => p.name), components, errors: [], warnings: warnings.map(diagnosticJson) };
    await ctx.out(`${JSON.stringify(doc, null, 2)}\n`);
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
