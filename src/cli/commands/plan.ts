/** `capplan plan <profile>`: the sized, explained plan of every phase. */
import { Option, type Command } from 'commander';
import { argument, contextOf, formatOf, printWarnings, withFormat, type CliContext, type Format } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { examples } from '../help.js';
import type { PricingFlags } from '../plan-pipeline.js';
import { parseConfidence, parseSamples, parseSeed, parseThreads } from '../plan-uncertain.js';
import type { SetExit } from './set-exit.js';
import { echo } from '../../units/expression.js';

/** Options of `capplan plan`. */
export interface PlanOptions {
  format: Format;
  explain: boolean;
  strict: boolean;
  phase?: string | undefined;
  pricing: PricingFlags;
  /** Monte Carlo over the profile's ranges (docs/explore.md), when set. */
  uncertain?: { samples: number; seed: number; confidence: number; threads?: number | undefined } | undefined;
}

/** Plans a profile and prints it; returns the exit code (1 with --strict when there are violations). */
export async function runPlan(file: string, opts: PlanOptions, ctx: CliContext): Promise<number> {
  // --uncertain samples the profile's phases by index: it gets every phase.
  if (opts.uncertain) return runUncertainPlan(file, { ...opts, uncertain: opts.uncertain }, ctx);
  // Loaded on demand, so that other commands (and --help) do not pay for them.
  const [{ planProfileInPhases }, { planJsonChunks }, { planMarkdownChunks }, { planTableChunks }] = await Promise.all([
    import('../plan-pipeline.js'),
    import('../../render/json.js'),
    import('../../render/plan-markdown.js'),
    import('../../render/plan-table.js'),
  ]);
  // Each phase is solved, priced, rendered and written in its turn, then dropped. Only the JSON
  // shows each component's replicas at the mean rate (offPeakReplicas, a second sizing of every
  // component; emit reads it through planProfileFile): the text and Markdown plans skip it. Only
  // the JSON and --explain show the explanations (worked substitutions, model lines, the latency
  // model): without --explain the text and Markdown plans are solved without them.
  const json = opts.format === 'json';
  const planned = await planProfileInPhases(file, opts.pricing, undefined, opts.phase, { offPeak: json, explanations: json || opts.explain });
  if (!planned.phaseFound) {
    ctx.error(`capplan: no phase ${echo(opts.phase!)} in ${file}; phases: ${planned.profile.phases.map((p) => p.name).join(', ')}`);
    return EXIT.input;
  }
  if (planned.uncertain.length) ctx.warn(`${planned.uncertain.length} input${planned.uncertain.length === 1 ? ' is a range' : 's are ranges'}: planned at the medians; --uncertain runs the Monte Carlo`);
  const plan = planned.plan;
  if (opts.format === 'json') await outInPieces(ctx, planJsonChunks(plan));
  else if (opts.format === 'markdown') await outInPieces(ctx, planMarkdownChunks(plan, { explain: opts.explain }));
  else await outInPieces(ctx, planTableChunks(plan, { palette: ctx.palette, layout: ctx.layout, explain: opts.explain }));
  const { warnings, notes, violations } = planned.finish();
  // Said at the end of the run, after the plan they qualify.
  printWarnings(ctx, warnings);
  for (const n of notes) ctx.warn(`${n}`);
  return opts.strict && violations > 0 ? EXIT.gate : EXIT.ok;
}

/** `plan --uncertain`: the Monte Carlo of one phase over the profile's ranges (docs/explore.md). */
async function runUncertainPlan(file: string, opts: PlanOptions & { uncertain: NonNullable<PlanOptions['uncertain']> }, ctx: CliContext): Promise<number> {
  const [{ GATE_PARTS, planProfileFile }, { renderUncertainPlan }] = await Promise.all([import('../plan-pipeline.js'), import('../plan-uncertain.js')]);
  // The Monte Carlo plans its phase itself: of the plan at the medians only that phase's
  // violations are read (--strict), so only that phase is planned, without the parts no one reads.
  const planned = await planProfileFile(file, opts.pricing, null, opts.phase ?? 0, GATE_PARTS);
  const phases = planned.profile.phases;
  const index = opts.phase === undefined ? 0 : phases.findIndex((p) => p.name === opts.phase);
  if (index < 0) throw new UsageError(`no phase ${echo(opts.phase!)} in ${file}`, `phases: ${phases.map((p) => p.name).join(', ')}`);
  await ctx.out(await renderUncertainPlan(planned, { ...opts.uncertain, phase: index, format: opts.format, pricing: opts.pricing }, { palette: ctx.palette, layout: ctx.layout }));
  const atMedians = planned.plan.phases.find((p) => p.name === phases[index]!.name)!;
  return opts.strict && atMedians.violations.length > 0 ? EXIT.gate : EXIT.ok;
}

/** Bytes gathered before each write of a document written in pieces. */
const PIECE_BYTES = 1 << 19;

/** Writes a document given in pieces to stdout about half a MiB at a time, never holding all of it (a large plan's JSON is hundreds of MB). */
async function outInPieces(ctx: CliContext, pieces: Iterable<string>): Promise<void> {
  let buffered: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    buffered.push(piece);
    length += piece.length;
    if (length >= PIECE_BYTES) {
      // One piece is written as it is (a phase of thousands of components is one); join would copy it.
      await ctx.out(buffered.length === 1 ? piece : buffered.join(''));
      buffered = [];
      length = 0;
    }
  }
  if (length > 0) await ctx.out(buffered.join(''));
}

/** Registers `plan`. */
export function registerPlan(program: Command, setExit: SetExit): void {
  const cmd = withFormat(
    program
      .command('plan')
      .description('plan every phase of a profile: replicas, binding constraint, utilisation, latency, headroom, bottleneck, violations')
      .argument('<profile>', 'profile YAML file'),
  )
    .option('--explain', "show each constraint's formula with the numbers plugged in")
    .option('--strict', 'exit 1 when the plan has violations')
    .option('--phase <name>', 'plan only this phase')
    .option('--uncertain', 'inputs given as ranges: a seeded Monte Carlo of one phase (--phase, default the first): P50/P90/P99, the plan at --confidence, the bill range, a sensitivity tornado')
    .option('--samples <n>', 'Monte Carlo samples (with --uncertain)', argument(parseSamples), 2000)
    .option('--seed <n>', 'Monte Carlo seed (with --uncertain): the same seed, the same output', argument(parseSeed), 1)
    .option('--confidence <p>', 'the share of the samples the plan to deploy covers (with --uncertain)', argument(parseConfidence), 0.9)
    .option('--threads <n>', 'threads planning the samples side by side (with --uncertain; default: up to 4, as the machine has cores); the output is the same bytes', argument(parseThreads));
  examples(cmd, [
    ['capplan plan profiles/litper.yaml', 'plan every phase of a bundled profile'],
    ['capplan plan capplan.yaml --explain --phase "12 months"', 'one phase, with every formula and its numbers'],
    ['capplan plan capplan.yaml --provider gcp --format markdown > plan.md', 'priced on GCP, as a Markdown document'],
    ['capplan plan capplan.yaml --json > plan.json', 'the JSON contract, for scripts and capplan diff'],
    ['capplan plan profiles/litper.yaml --uncertain --confidence 95%', 'sample the inputs written as ranges (docs/explore.md)'],
  ]);
  type Flags = { format?: string; json?: boolean; explain?: boolean; strict?: boolean; phase?: string; uncertain?: boolean; samples: number; seed: number; confidence: number; threads?: number } & PricingFlags;
  withCalibration(withPricing(cmd)).action(async (file: string, o: Flags, c: Command) => {
    refuseIgnoredUncertainFlags(c, o.uncertain === true, o.explain === true);
    const uncertain = o.uncertain ? { samples: o.samples, seed: o.seed, confidence: o.confidence, threads: o.threads } : undefined;
    setExit(await runPlan(file, { format: formatOf(o), explain: o.explain === true, strict: o.strict === true, phase: o.phase, pricing: o, uncertain }, contextOf(c)));
  });
}

/** The flags that act only on the Monte Carlo of `plan --uncertain`. */
const UNCERTAIN_ONLY = ['samples', 'seed', 'confidence', 'threads'] as const;

/**
 * Refuses a flag the run would ignore, as `size --think-time` without `--concurrent-users` is:
 * `--samples`, `--seed`, `--confidence` and `--threads` without `--uncertain` (a `--confidence
 * 99%` that changes nothing must not look taken), and `--explain` with `--uncertain` (the Monte
 * Carlo plans thousands of samples; its output is their percentiles, the plan at the confidence
 * and the sensitivity tornado, none of which is one substitution into a formula: `plan --explain`
 * explains the plan at the medians).
 */
export function refuseIgnoredUncertainFlags(cmd: Command, uncertain: boolean, explain: boolean): void {
  if (uncertain) {
    if (explain) throw new UsageError('--explain does not apply to --uncertain: the Monte Carlo prints percentiles over its samples, not one plan\'s formulas', 'run plan --explain without --uncertain for the formulas of the plan at the medians');
    return;
  }
  const given = UNCERTAIN_ONLY.find((key) => {
    const source = cmd.getOptionValueSource(key);
    return source !== undefined && source !== 'default';
  });
  if (given) throw new UsageError(`--${given} is used only with --uncertain (the Monte Carlo); without it the flag would be ignored`, `add --uncertain to run the Monte Carlo it sets`);
}

/** Adds the bill options (provider, region, cloud or on-prem, --no-bill) to a command. */
export function withPricing(cmd: Command): Command {
  return cmd
    .addOption(new Option('--provider <provider>', 'price in this cloud (default: the profile’s, else aws)').choices(['aws', 'gcp', 'azure']))
    .option('--region <region>', 'price in this region (default: the catalog’s region for the provider)')
    .addOption(new Option('--target <target>', 'price a cloud deployment or an on-prem build').choices(['cloud', 'onprem']))
    .addOption(new Option('--arch <arch>', 'CPU architecture of the images: the node types the bill buys (default: the profile’s, else amd64)').choices(['amd64', 'arm64', 'any']))
    .option('--no-bill', 'plan without pricing');
}

/** Adds `--calibration FILE`: a calibration overlay (capplan observe --write) merged over the profile. */
export function withCalibration(cmd: Command): Command {
  return cmd.option('--calibration <file>', 'merge a calibration overlay written by `capplan observe --write` over the profile');
}
