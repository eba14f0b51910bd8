/** `capplan sweep <profile>`: one phase's sized system under a rising load (docs/explore.md). */
import { Option, type Command } from 'commander';
import type { LoadArg } from '../../explore/load-arg.js';
import { parseLoadArg, parseSteps } from '../../explore/load-arg.js';
import type { PhasePlan, Plan } from '../../plan/types.js';
import { argument, contextOf, printWarnings, type CliContext } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { examples } from '../help.js';
import type { SetExit } from './set-exit.js';
import { echo } from '../../units/expression.js';

/** Output formats of `capplan sweep`. */
export type SweepFormat = 'table' | 'json' | 'markdown' | 'csv';

/** Options of `capplan sweep`. */
export interface SweepCommandOptions {
  format: SweepFormat;
  phase?: string | undefined;
  from: LoadArg;
  to?: LoadArg | undefined;
  steps: number;
  resize: boolean;
}

/** The phase a command works on: the named one, else the first. */
export function choosePhase(plan: Plan, name: string | undefined, file: string): { phase: PhasePlan; index: number } {
  if (name === undefined) return { phase: plan.phases[0]!, index: 0 };
  const index = plan.phases.findIndex((p) => p.name === name);
  if (index < 0) throw new UsageError(`no phase ${echo(name)} in ${file}`, `phases: ${plan.phases.map((p) => p.name).join(', ')}`);
  return { phase: plan.phases[index]!, index };
}

/** Sweeps a phase of a profile; returns the exit code. */
export async function runSweep(file: string, opts: SweepCommandOptions, ctx: CliContext): Promise<number> {
  const [{ planProfileFile }, sweep, render, { fixPhase }, { scaleOf }] = await Promise.all([
    import('../plan-pipeline.js'),
    import('../../explore/sweep.js'),
    import('../../explore/render-sweep.js'),
    import('../../explore/fixed-load.js'),
    import('../../explore/load-arg.js'),
  ]);
  const planned = await planProfileFile(file, { bill: false });
  printWarnings(ctx, planned.warnings);
  for (const n of planned.notes) ctx.warn(`${n}`);
  const { phase, index } = choosePhase(planned.plan, opts.phase, file);
  if (!(phase.peakRps > 0)) throw new UsageError(`phase "${phase.name}" has no load (peak 0 req/s): there is nothing to sweep`);
  const fromScale = scaleOf(opts.from, phase.peakRps);
  const toScale = opts.to ? scaleOf(opts.to, phase.peakRps) : defaultTo(phase, fixPhase(phase).pathSaturationRps, sweep.fixedHardBreak(phase)?.rps ?? Infinity);
  if (!(toScale > fromScale)) {
    // Without --to the end is the sweep's own: say so rather than blame a flag the user did not give.
    if (!opts.to) throw new UsageError(`--from (${fromScale.toPrecision(3)}× the peak) is at or past where the sweep ends without --to (${toScale.toPrecision(3)}×, a little past where the end-to-end p95 becomes unbounded or a hard limit breaks)`, `give --to as well, e.g. --to ${+(fromScale * 2).toPrecision(3)}x`);
    throw new UsageError(`--to (${toScale.toPrecision(3)}× the peak) must be above --from (${fromScale.toPrecision(3)}×)`);
  }
  const range = { fromScale, toScale, points: opts.steps };
  const result = opts.resize
    ? sweep.sweepResized(planned.profile, planned.profile.phases[index]!, range, 0.95, { fits: planned.fits })
    : sweep.sweepFixed(planned.plan.profile, phase, range, 0.95);
  const text =
    opts.format === 'json' ? render.renderSweepJson(result)
      : opts.format === 'csv' ? render.renderSweepCsv(result)
        : opts.format === 'markdown' ? render.renderSweepMarkdown(result)
          : render.renderSweepText(result, { palette: ctx.palette, layout: ctx.layout });
  await ctx.out(text);
  return EXIT.ok;
}

/**
 * The default end of the range: a little past where the end-to-end p95 becomes unbounded (the
 * first queue on the request path saturating) or the planned topology's hard break (a limit no
 * replica count lifts: past it requests fail, whatever the p95), whichever comes first, else past
 * the system's breaking point, else 3×; never below 1.2× so that the peak itself is on the chart.
 */
export function defaultTo(phase: PhasePlan, pathSaturationRps: number, hardBreakRps = Infinity): number {
  const first = Math.min(pathSaturationRps, hardBreakRps);
  const limit = Number.isFinite(first) ? first : phase.system.breakingRps;
  const scale = Number.isFinite(limit) ? (1.1 * limit) / phase.peakRps : 3;
  return Math.max(1.2, scale);
}


/** Registers `sweep`. */
export function registerSweep(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('sweep')
    .description('raise the load on one phase: utilisation and p95 per component, the end-to-end p95 curve, its knee, and the order in which components saturate')
    .argument('<profile>', 'profile YAML file')
    .option('--phase <name>', 'the phase to sweep (default: the first)')
    .addOption(new Option('--from <load>', 'first load: a multiple of the peak (0.1x) or a rate (50/s, 3000/min)').argParser(argument(parseLoadArg)).default({ scale: 0.1 } as LoadArg, '0.1x'))
    .option('--to <load>', 'last load (default: just past where the end-to-end p95 becomes unbounded, or a limit no replica count lifts breaks first)', argument(parseLoadArg))
    .option('--steps <n>', 'points, evenly spaced from --from to --to', argument(parseSteps), 60)
    .option('--resize', 're-plan the units at every point instead of holding the planned topology')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown', 'csv']).default('table'))
    .option('--json', 'short for --format json');
  examples(cmd, [
    ['capplan sweep profiles/litper.yaml', 'the first phase from 0.1× the peak to past saturation'],
    ['capplan sweep profiles/litper.yaml --from 0 --to 3x --steps 200 --format csv > sweep.csv', 'the series, for a spreadsheet'],
    ['capplan sweep profiles/thea-ia.yaml --phase "FSM target 1000 req/s" --resize', 're-planned at every load'],
  ]);
  cmd.action(async (file: string, o: { phase?: string; from: LoadArg; to?: LoadArg; steps: number; resize?: boolean; format: SweepFormat; json?: boolean }, c: Command) => {
      setExit(await runSweep(file, { format: o.json ? 'json' : o.format, phase: o.phase, from: o.from, to: o.to, steps: o.steps, resize: o.resize === true }, contextOf(c)));
    });
}
