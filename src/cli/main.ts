/**
 * capplan's entry point: builds the command table, runs it once, and maps every outcome to an
 * exit code (0 ok, 1 gate failed, 2 bad input, 3 internal error). Nothing below calls process.exit.
 */
import { Command, CommanderError } from 'commander';
import { renderDiagnostic } from '../profile/diagnostic.js';
import { BUGS_URL, VERSION } from '../version.js';
import { colourLevel, makePalette } from './colors.js';
import { registerCommands } from './commands/index.js';
import { flushWarnings } from './context.js';
import { EXIT, InputError, UsageError } from './errors.js';
import { fitHelpToTerminal, pointUsageErrorsToHelp } from './help.js';
import { refuseJsonWithOtherFormat, refuseRepeatedOptions } from './once.js';
import { writeStderr } from './io.js';
import { directFailure, isTerminal, writeTo } from './stdio.js';

/** The line that asks a user to report an internal error: where (package.json's `bugs`, if any) and with what. */
export function bugReportLine(version: string, url: string | null, debug: boolean): string {
  const where = url ? ` at ${url}` : ' to its maintainers';
  return `This is a bug in capplan ${version}. Please report it${where} with the command you ran and the profile${debug ? '' : ' (set CAPPLAN_DEBUG=1 to see the stack)'}.`;
}

/**
 * A reader that stops reading (`capplan plan … | head`) closes our stdout: that is a normal end,
 * so the rest of the output is dropped and the run ends with its own exit code, quietly. Any
 * other failure to write the results is reported once, as bad output (exit 2). Each stream gets
 * its listener when the run first uses it (whoever reads process.stdout or process.stderr):
 * creating a stdio stream loads Node's stream modules (a pipe node:net too), ~2–3 ms, which a
 * run that never writes to stderr (most runs) then does not pay.
 */
function endQuietlyOnClosedPipe(): { failed: () => boolean } {
  if (!outputGuard) {
    const guard = { failed: false };
    onFirstUse('stdout', (stdout) =>
      stdout.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED' || guard.failed) return;
        guard.failed = true;
        writeStderr(`capplan: cannot write the output: ${error.code ?? error.message}`);
      }),
    );
    onFirstUse('stderr', (stderr) => stderr.on('error', () => undefined));
    outputGuard = guard;
  }
  const guard = outputGuard;
  return { failed: () => guard.failed };
}

/** The stdout guard, installed once per process (main may run more than once in tests). */
let outputGuard: { failed: boolean } | null = null;

/**
 * Calls `use` with process[name] when something first reads it, before handing it over (at once
 * if the property is not Node's configurable getter); Node's own getter, which creates and keeps
 * the stream, is put back.
 */
export function onFirstUse(name: 'stdout' | 'stderr', use: (stream: NodeJS.WriteStream) => void): void {
  const own = Object.getOwnPropertyDescriptor(process, name);
  const getter = own?.get;
  if (!own || !getter || !own.configurable) {
    use(process[name]);
    return;
  }
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: own.enumerable ?? true,
    get() {
      Object.defineProperty(process, name, own);
      const stream = getter.call(process) as NodeJS.WriteStream;
      use(stream);
      return stream;
    },
  });
}

/** The program: global options and the command table (only the command `only` names, when it names one); `setExit` receives each command's exit code. */
export function buildProgram(setExit: (code: number) => void, only?: string): Command {
  const program = new Command('capplan')
    .description('Capacity planner: a workload profile in; replicas, shards, links, bottleneck, headroom, bill and manifests out.')
    .version(VERSION, '-V, --version', 'print the version')
    .option('--no-color', 'never colour the output (also NO_COLOR=1 or TERM=dumb; FORCE_COLOR=1 forces it)')
    .option('-q, --quiet', 'print only tables and violations: no summaries, notes or warnings')
    .option('-v, --verbose', 'print every detail: packing, price sources per phase, unpriced lines')
    .option('--wide', 'do not fit the output to the terminal width (all columns, no wrapping)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => writeTo(1, s), writeErr: (s) => writeTo(2, s) });
  registerCommands(program, setExit, only);
  refuseRepeatedOptions(program);
  refuseJsonWithOtherFormat(program);
  pointUsageErrorsToHelp(program);
  fitHelpToTerminal(program);
  return program;
}

/** Runs capplan with user arguments and returns the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  const output = endQuietlyOnClosedPipe();
  let code: number = EXIT.ok;
  const program = buildProgram((c) => {
    code = c;
  }, argv[0]);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    flushWarnings();
    return output.failed() || directFailure() !== null ? EXIT.input : code;
  } catch (error) {
    flushWarnings();
    const exit = reportError(error, argv);
    // --help and --version end in commander's exit 0: a failure to write them is bad output (exit 2), as a command's.
    return exit === EXIT.ok && (output.failed() || directFailure() !== null) ? EXIT.input : exit;
  }
}

function reportError(error: unknown, argv: readonly string[]): number {
  const noColor = argv.includes('--no-color') ? false : undefined;
  const p = makePalette(colourLevel(noColor, process.env, isTerminal(2)));
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
  writeStderr(bugReportLine(VERSION, BUGS_URL, Boolean(process.env.CAPPLAN_DEBUG)));
  if (process.env.CAPPLAN_DEBUG && e?.stack) writeStderr(e.stack);
  return EXIT.internal;
}
