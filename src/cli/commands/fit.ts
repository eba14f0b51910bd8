/** `capplan fit <results>`: the Universal Scalability Law fitted to load-test measurements. */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { LoadFormat } from '../../fit/index.js';
import { contextOf, formatOf, withFormat, type CliContext, type Format } from '../context.js';
import { QUANTITY_RANGE } from '../../profile/limits.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { examples } from '../help.js';
import type { SetExit } from './set-exit.js';

/** Options of `capplan fit`. */
export interface FitCommandOptions {
  x?: string | undefined;
  y?: string | undefined;
  input?: LoadFormat | undefined;
  predict: number[];
  format: Format;
}

/** Parses `--predict 64,128` into concurrencies. */
export function parsePredict(value: string): number[] {
  const ns = value.split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (ns.length === 0 || ns.some((n) => !Number.isFinite(n) || n <= 0 || n > QUANTITY_RANGE.count.max)) {
    throw new UsageError(`--predict ${value}: expected concurrencies above 0 and at most ${QUANTITY_RANGE.count.maxText}, separated by commas, e.g. 64,128`);
  }
  return ns;
}

/** A `--x`/`--y` column name: an empty one is refused (it read as none given, the column detected). */
export function parseColumn(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('the column name is empty; give a column of the file, or leave the flag out to detect it by name');
  return value;
}

/** Fits the USL to a file or a directory of files; returns the exit code. */
export async function runFit(path: string, opts: FitCommandOptions, ctx: CliContext): Promise<number> {
  const [{ detectAndParse, fitUsl, isDiagnostics, predict, renderFit }, { readLoadTestInputs }] = await Promise.all([
    import('../../fit/index.js'),
    import('../load-tests.js'),
  ]);
  const inputs = await readLoadTestInputs(path);
  const series = detectAndParse(inputs, { ...(opts.x ? { x: opts.x } : {}), ...(opts.y ? { y: opts.y } : {}), ...(opts.input ? { format: opts.input } : {}) });
  if (isDiagnostics(series)) {
    throw new InputError(series.map((d) => ({ file: d.file, line: d.line, col: d.col ?? 1, path: '', message: d.message, severity: 'error' as const, ...(d.hint ? { hint: d.hint } : {}) })));
  }
  for (const n of series.notes) ctx.note(`capplan: ${n}`);
  const fit = fitUsl(series.points);
  if (!fit.ok) throw new UsageError(`${series.source}: ${fit.message}`, fit.code === 'too-few-levels' ? 'a fit needs at least 4 distinct concurrency levels with a throughput above 0' : undefined);
  const report = { fit, series, ...(opts.predict.length ? { predictions: predict(fit.params, opts.predict) } : {}) };
  await ctx.out(renderFit(report, opts.format, { palette: ctx.palette, layout: ctx.layout }));
  return EXIT.ok;
}

/** Registers `fit`. */
export function registerFit(program: Command, setExit: SetExit): void {
  const cmd = withFormat(
    program
      .command('fit')
      .description('fit the Universal Scalability Law to load-test results: σ, κ, λ, peak concurrency N*, predictions, chart')
      .argument('<results>', 'CSV/JSON file, or k6/wrk/pgbench/Locust/JMeter output (a file or a directory of files)')
      .option('--x <column>', 'concurrency column (default: detected by name)', parseColumn)
      .option('--y <column>', 'throughput column (default: detected by name); its time unit from its name (rpm, _per_min, /h), else per second', parseColumn)
      .addOption(new Option('--input <format>', 'input format (default: detected)').choices(['csv', 'json', 'k6', 'wrk', 'pgbench', 'locust', 'jmeter']))
      .option('--predict <list>', 'predict throughput and latency at these concurrencies, e.g. 64,128', parsePredict),
  );
  examples(cmd, [
    ['capplan fit results.csv --predict 64,128', 'σ, κ, λ, N*, and throughput and latency at 64 and 128'],
    ['capplan fit k6-summaries/', 'a directory of k6 summaries, one per load level'],
    ['capplan fit load.csv --x users --y rps --json', 'named columns, JSON out'],
  ]);
  cmd.action(async (path: string, o: { x?: string; y?: string; input?: LoadFormat; predict?: number[]; format?: string; json?: boolean }, cmd: Command) => {
    setExit(await runFit(path, { x: o.x, y: o.y, input: o.input, predict: o.predict ?? [], format: formatOf(o) }, contextOf(cmd)));
  });
}
