/**
 * `capplan report <profile> [-o FILE]`: the plan as one self-contained HTML page (or, with
 * `--format markdown`, the same report for a pull request), written atomically; a file capplan
 * did not write is replaced only with --force.
 */
import { basename } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { contextOf, printWarnings, type CliContext } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { STDIN_PATH, outputFileArg, readInputFile, removedTempsNote, sealGenerated, writeFilesAtomic } from '../io.js';
import type { PricingFlags } from '../plan-pipeline.js';
import { examples } from '../help.js';
import type { Plan } from '../../plan/types.js';
import type { SimReport } from '../../simulate/report.js';
import type { SetExit } from './set-exit.js';
import { withCalibration, withPricing } from './plan.js';
import { echo } from '../../units/expression.js';

/** Options of `capplan report`. */
export interface ReportOptions {
  format: 'html' | 'markdown';
  output?: string | undefined;
  phase?: string | undefined;
  /** YYYY-MM-DD printed in the header, or none. */
  date?: string | undefined;
  force: boolean;
  strict: boolean;
  /** Simulate each phase beside the plan (capplan simulate's defaults). */
  simulate: boolean;
  /** Run the Monte Carlo of the profile's ranges and draw its tornado. */
  uncertain: boolean;
  pricing: PricingFlags;
}

/** Plans the profile and writes (or prints) its report; returns the exit code. */
export async function runReport(file: string, opts: ReportOptions, ctx: CliContext): Promise<number> {
  const [{ planProfileFile }, { VERSION }, { assembleReport }, { renderReportHtml }, { renderReportMarkdown }] = await Promise.all([
    import('../plan-pipeline.js'),
    import('../../version.js'),
    import('../../report/input.js'),
    import('../../report/html.js'),
    import('../../report/markdown.js'),
  ]);
  // The catalog's age is told relative to the report's date, and not at all without one.
  const planned = await planProfileFile(file, opts.pricing, opts.date ?? null);
  printWarnings(ctx, planned.warnings);
  for (const n of planned.notes) ctx.warn(`${n}`);
  const { plan: all, profile, doc } = planned;
  let phaseIndex: number | undefined;
  if (opts.phase !== undefined) {
    phaseIndex = all.phases.findIndex((p) => p.name === opts.phase);
    if (phaseIndex < 0) throw new UsageError(`no phase ${echo(opts.phase)} in ${file}`, `phases: ${all.phases.map((p) => `"${p.name}"`).join(', ')}`);
  }
  // Named by file name alone: the report's bytes do not depend on the directory it ran from, nor on how the path was spelt.
  const sources = [{ file: reportName(file), role: 'profile', text: await readInputFile(file, 'profile') }];
  if (opts.pricing.calibration !== undefined) {
    sources.push({ file: reportName(opts.pricing.calibration), role: 'calibration overlay', text: await readInputFile(opts.pricing.calibration, 'calibration file') });
  }
  const base = assembleReport({ plan: all, profile, doc, sources, version: VERSION, date: opts.date ?? null, notes: planned.notes, phaseIndex });
  if (opts.uncertain && planned.uncertain.length === 0) throw new UsageError('nothing in the profile is uncertain: no value is a range', 'write an estimate as a range, e.g. serviceTime: 20ms..35ms (docs/explore.md)');
  const { exploreForReport } = await import('../report-explorations.js');
  const indexes = phaseIndex === undefined ? all.phases.map((_p, i) => i) : [phaseIndex];
  const explored = { ...base, ...(await exploreForReport(planned, { indexes, uncertain: opts.uncertain, pricing: opts.pricing })) };
  const input = opts.simulate ? { ...explored, simulations: await simulatePhases(base.plan, ctx) } : explored;
  const plan = input.plan;
  // Sealed with its digest in an HTML comment (hidden in both formats), so a later run replaces it only while unedited.
  const text = sealGenerated(opts.format === 'markdown' ? renderReportMarkdown(input) : renderReportHtml(input), 'html');
  if (opts.output === undefined) {
    await ctx.out(text);
  } else {
    const removed = await writeFilesAtomic(new Map([[opts.output, text]]), { force: opts.force });
    const cleaned = removedTempsNote(removed);
    if (cleaned) ctx.note(ctx.errPalette.yellow(cleaned));
    ctx.note(`wrote ${opts.output} (${plan.phases.length} phase${plan.phases.length === 1 ? '' : 's'}${opts.format === 'html' ? '; it opens offline in any browser' : ''})`);
  }
  const violations = plan.phases.reduce((n, p) => n + p.violations.length, 0);
  return opts.strict && violations > 0 ? EXIT.gate : EXIT.ok;
}

/** An input as a report names it: its file name (`<stdin>` for standard input), never the directories on the way to it. */
export function reportName(path: string): string {
  return path === STDIN_PATH ? '<stdin>' : basename(path);
}

/**
 * Each phase simulated as `capplan simulate` does by default (200,000 Poisson arrivals over 10
 * replications, 10 % warm-up, the plan's service laws and balancing, seed 1), on this thread.
 */
async function simulatePhases(plan: Plan, ctx: CliContext): Promise<(SimReport | null)[]> {
  const sim = await import('../../simulate/index.js');
  const { DEFAULT_REQUESTS } = await import('./simulate.js');
  const settings = {
    seed: 1,
    replications: sim.DEFAULTS.replications,
    mode: 'steady' as const,
    requests: DEFAULT_REQUESTS,
    warmupFraction: sim.DEFAULTS.warmupFraction,
    durationS: 0,
    windows: sim.DEFAULTS.windows,
    arrivals: { kind: 'poisson' as const },
    ramp: null,
    faults: [],
    maxInSystem: sim.DEFAULTS.maxInSystem,
  };
  return plan.phases.map((phase) => {
    if (!(phase.peakRps > 0)) return null;
    ctx.note(`simulating phase "${phase.name}"…`);
    return sim.simulatePhase(plan.profile, phase, sim.PLAN_AS_IS, settings);
  });
}

/** A --date argument: YYYY-MM-DD (a real calendar day), or `today` (the local date). */
export function parseReportDate(value: string, now: Date = new Date()): string {
  if (value === 'today') {
    return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const day = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!m || !day || day.getUTCMonth() !== Number(m[2]) - 1 || day.getUTCDate() !== Number(m[3])) {
    throw new InvalidArgumentError('expected a date as YYYY-MM-DD, or "today"');
  }
  return value;
}

/** Registers `report`. */
export function registerReport(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('report')
    .description('one self-contained HTML page (or Markdown) with the plan, its charts, the bill, the manifests and the inputs')
    .argument('<profile>', 'profile YAML file')
    .option('-o, --output <file>', 'write the report to this file instead of stdout (- is stdout)')
    .addOption(new Option('--format <format>', 'html (a page that opens offline) or markdown (for pull requests); default: markdown for an -o file ending .md, else html').choices(['html', 'markdown']))
    .option('--phase <name>', 'report only this phase')
    .option('--date <date>', 'print this date in the header (YYYY-MM-DD or "today"; default: none, so that the same input gives the same bytes)', (v: string) => parseReportDate(v))
    .option('--strict', 'exit 1 when the plan has violations')
    .option('--simulate', 'simulate each phase beside the plan, as capplan simulate does by default (takes seconds)')
    .option('--uncertain', 'sample the inputs written as ranges and draw the sensitivity tornado (as plan --uncertain)')
    .option('--force', 'overwrite a file capplan did not write');
  examples(cmd, [
    ['capplan report profiles/thea-ia.yaml -o capacity.html', 'one page with every phase; it opens offline in any browser'],
    ['capplan report capplan.yaml -o capacity.html --date today', 'with the date in its header'],
    ['capplan report capplan.yaml --format markdown > report.md', 'the same report for a pull request'],
  ]);
  withCalibration(withPricing(cmd)).action(async (file: string, o: { output?: string; format?: string; phase?: string; date?: string; strict?: boolean; force?: boolean; simulate?: boolean; uncertain?: boolean } & PricingFlags, c: Command) => {
    const output = outputFileArg(o.output);
    const format = (o.format ?? (output && /\.(md|markdown)$/i.test(output) ? 'markdown' : 'html')) as 'html' | 'markdown';
    setExit(await runReport(file, { format, output, phase: o.phase, date: o.date, force: o.force === true, strict: o.strict === true, simulate: o.simulate === true, uncertain: o.uncertain === true, pricing: o }, contextOf(c)));
  });
}
