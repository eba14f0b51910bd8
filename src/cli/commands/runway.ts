/** `capplan runway <profile>`: the load grown month by month along workload.growth (docs/explore.md). */
import { InvalidArgumentError, type Command } from 'commander';
import { contextOf, formatOf, printWarnings, withFormat, type CliContext, type Format } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { examples } from '../help.js';
import type { PricingFlags } from '../plan-pipeline.js';
import { withPricing } from './plan.js';
import { choosePhase } from './sweep.js';
import type { SetExit } from './set-exit.js';

/** Options of `capplan runway`. */
export interface RunwayCommandOptions {
  format: Format;
  months: number;
  phase?: string | undefined;
  /** A growth rate overriding the profile's (e.g. 8%/month). */
  growth?: string | undefined;
  pricing: PricingFlags;
}

/** The longest runway computed (50 years). */
export const MAX_RUNWAY_MONTHS = 600;

/** Parses `--months`: a whole number of months, 1 to 600. */
export function parseMonths(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !(n >= 1 && n <= MAX_RUNWAY_MONTHS)) throw new InvalidArgumentError(`expected a whole number of months from 1 to ${MAX_RUNWAY_MONTHS}, got "${value}"`);
  return n;
}

/** Runs the runway; returns the exit code. */
export async function runRunway(file: string, opts: RunwayCommandOptions, ctx: CliContext): Promise<number> {
  const [{ planProfileFile, billOptions }, { planRunway }, growth, render, { priceBill }] = await Promise.all([
    import('../plan-pipeline.js'),
    import('../../explore/runway.js'),
    import('../../explore/growth.js'),
    import('../../explore/render-runway.js'),
    import('../../pricing/bill.js'),
  ]);
  const planned = await planProfileFile(file, opts.pricing);
  printWarnings(ctx, planned.warnings);
  for (const n of planned.notes) ctx.warn(`${n}`);
  const { index } = choosePhase(planned.plan, opts.phase, file);
  const curve = curveOf(growth, opts.growth, planned.profile.input.workload.growth);
  const price = opts.pricing.bill === false ? undefined : billOptions(planned.profile, opts.pricing).options;
  const result = planRunway(planned.profile, index, curve, {
    months: opts.months,
    solve: { fits: planned.fits },
    ...(price ? { price: (p) => priceBill(p, price) } : {}),
  });
  const text = opts.format === 'json' ? render.renderRunwayJson(result) : opts.format === 'markdown' ? render.renderRunwayMarkdown(result) : render.renderRunwayText(result, { palette: ctx.palette, layout: ctx.layout });
  await ctx.out(text);
  return EXIT.ok;
}

type GrowthModule = typeof import('../../explore/growth.js');

function curveOf(g: GrowthModule, flag: string | undefined, fromProfile: Parameters<GrowthModule['growthCurve']>[0] | undefined) {
  if (flag !== undefined) {
    const rate = g.parseGrowthRate(flag);
    if (!rate || !(rate.fraction > -1)) throw new UsageError(`--growth ${flag}: expected a growth rate like 8%/month or 100%/year`);
    return g.growthCurve(rate);
  }
  if (!fromProfile) throw new UsageError('the profile says nothing about growth', 'add workload.growth (e.g. growth: 8%/month), or pass --growth 8%/month');
  return g.growthCurve(fromProfile);
}

/** Registers `runway`. */
export function registerRunway(program: Command, setExit: SetExit): void {
  const cmd = withFormat(
    program
      .command('runway')
      .description('grow the load month by month (workload.growth): replicas, the month each component must scale, the first violation, storage and the bill per month')
      .argument('<profile>', 'profile YAML file'),
  )
    .option('--months <n>', 'months to look ahead', parseMonths, 24)
    .option('--phase <name>', 'the phase that is today (default: the first)')
    .option('--growth <rate>', 'compound growth rate instead of the profile’s (e.g. 8%/month)');
  examples(cmd, [
    ['capplan runway profiles/litper.yaml', 'two years of the growth the profile states'],
    ['capplan runway capplan.yaml --months 36 --growth 5%/month --format markdown', 'three years at 5 % a month, as Markdown'],
  ]);
  withPricing(cmd).action(async (file: string, o: { format?: string; json?: boolean; months: number; phase?: string; growth?: string } & PricingFlags, c: Command) => {
    setExit(await runRunway(file, { format: formatOf(o), months: o.months, phase: o.phase, growth: o.growth, pricing: o }, contextOf(c)));
  });
}
