/**
 * capplan's entry point: builds the command table, runs it once, and maps every outcome to an
 * exit code (0 ok, 1 gate failed, 2 bad input, 3 internal error). Nothing below calls process.exit.
 */
import { Command, CommanderError } from 'commander';
import { renderDiagnostic } from '../profile/diagnostic.js';
import { VERSION } from '../version.js';
import { colourLevel, makePalette } from './colors.js';
import { registerCommands } from './commands/index.js';
import { EXIT, InputError, UsageError } from './errors.js';
import { writeStderr } from './io.js';

/** Where users report bugs. */
export const ISSUES_URL = 'https://github.com/capplan/capplan/issues';

/** Runs capplan with user arguments and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let code: number = EXIT.ok;
  const program = new Command('capplan')
    .description('Capacity planner: a workload profile in; replicas, shards, links, bottleneck, headroom, bill and manifests out.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--no-color', 'never colour the output (also NO_COLOR=1)')
    .option('-q, --quiet', 'print results only: no notes or warnings on stderr')
    .showHelpAfterError('(run `capplan --help` for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => process.stdout.write(s), writeErr: (s) => process.stderr.write(s) });
  registerCommands(program, (c) => {
    code = c;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (error) {
    return reportError(error, argv);
  }
}

function reportError(error: unknown, argv: readonly string[]): number {
  const noColor = argv.includes('--no-color') ? false : undefined;
  const p = makePalette(colourLevel(noColor, process.env, process.stderr.isTTY === true));
  if (error instanceof CommanderError) {
    return error.exitCode === 0 ? EXIT.ok : EXIT.input;
  }
  if (error instanceof InputError) {
    for (const d of error.diagnostics) writeStderr(d.severity === 'error' ? p.red(renderDiagnostic(d)) : p.yellow(renderDiagnostic(d)));
    const n = error.diagnostics.filter((d) => d.severity === 'error').length;
    writeStderr(p.dim(`${n} problem${n === 1 ? '' : 's'} found`));
    return EXIT.input;
  }
  if (error instanceof UsageError) {
    writeStderr(p.red(`capplan: ${error.message}`));
    if (error.hint) writeStderr(`  hint: ${error.hint}`);
    return EXIT.input;
  }
  const e = error as Error;
  writeStderr(p.red(`capplan: internal error: ${e?.message ?? String(error)}`));
  writeStderr(`This is a bug in capplan ${VERSION}. Please report it at ${ISSUES_URL} with the command you ran${process.env.CAPPLAN_DEBUG ? '' : ' (set CAPPLAN_DEBUG=1 to see the stack)'}.`);
  if (process.env.CAPPLAN_DEBUG && e?.stack) writeStderr(e.stack);
  return EXIT.internal;
}
