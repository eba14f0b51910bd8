/**
 * `capplan diff <old> <new>`: two saved plans (`capplan plan --json` or baselines) compared, no
 * profile needed; a side that is a profile (YAML) is planned first, as `capplan check` plans it.
 */
import type { Command } from 'commander';
import type { PlanSummary } from '../../gate/summary.js';
import type { Diagnostic } from '../../profile/diagnostic.js';
import { contextOf, formatOf, printWarnings, withFormat, type CliContext, type Format } from '../context.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { examples } from '../help.js';
import type { SetExit } from './set-exit.js';

/** The largest saved plan read (a plan of hundreds of components is well under this). */
const MAX_SAVED_PLAN_BYTES = 32 * 1024 * 1024;

/** A saved plan read back, and which kind of file it was. */
export interface PlanSummaryFile {
  kind: 'baseline' | 'plan' | 'profile';
  summary: PlanSummary;
  /** A profile's warnings (its own and the plan's plausibility findings); none for a saved plan. */
  warnings?: readonly Diagnostic[];
  /** A profile's notes for stderr (inputs written as ranges, planned at their medians). */
  notes?: readonly string[];
}

/** Reads a saved plan or baseline; a bad file becomes an InputError (exit 2) with every problem positioned. */
export async function readSavedPlanFile(path: string, what: string): Promise<PlanSummaryFile> {
  const [{ readInputFile }, { displayPath }, { parseSavedPlan }] = await Promise.all([import('../io.js'), import('../profile-input.js'), import('../../gate/saved-plan.js')]);
  const text = await readInputFile(path, what, MAX_SAVED_PLAN_BYTES);
  const parsed = parseSavedPlan(text, displayPath(path));
  if (!parsed.ok) throw new InputError(parsed.diagnostics);
  return parsed;
}

/**
 * Whether a side of a diff is a profile: a .yaml or .yml file is, a .json file is not, and
 * another is when its first character is not `{` (read only then).
 */
async function isProfile(path: string): Promise<boolean> {
  if (/\.ya?ml$/i.test(path)) return true;
  if (/\.json$/i.test(path)) return false;
  const { readInputFile } = await import('../io.js');
  return !/^\uFEFF?\s*\{/.test(await readInputFile(path, 'saved plan or profile', MAX_SAVED_PLAN_BYTES, { sniff: true }));
}

/**
 * A side of a diff: a saved plan or baseline (JSON), or a profile (YAML, isProfile) planned at
 * its peak as `capplan check` plans it (its own pricing settings, no explanations) and read as
 * the baseline `check --update-baseline` would write of it, its inputs included. A profile's
 * problems are its own: file:line:col, exit 2.
 */
export async function readComparable(path: string): Promise<PlanSummaryFile> {
  if (!(await isProfile(path))) return readSavedPlanFile(path, 'saved plan');
  const [{ planProfileFile, GATE_PARTS }, { summarisePlan }, { profileInputs }] = await Promise.all([import('../plan-pipeline.js'), import('../../gate/summary.js'), import('../../gate/inputs.js')]);
  const { profile, plan, warnings, uncertain } = await planProfileFile(path, {}, undefined, undefined, GATE_PARTS);
  // The live plan's summary, as `check` compares it: its figures in full, so a cost prints and
  // moves by the same cents in both (read back from a baseline's six digits, $161.195… became
  // 161.195 and printed $161.19 where check printed $161.20). Equal figures are equal within
  // a saved plan's precision either way (gate/figures.ts).
  const ranges = uncertain.length ? [`${path}: ${uncertain.length} input${uncertain.length === 1 ? ' is a range' : 's are ranges'}: planned at the medians`] : [];
  return { kind: 'profile', summary: summarisePlan(plan, profileInputs(profile)), warnings, notes: ranges };
}

/**
 * Reads both sides. The reads run together, so the first to fail is a race: the problems
 * are reported in argument order (both files' when both are bad), never whichever failed first.
 */
async function readBoth(before: string, after: string): Promise<[PlanSummaryFile, PlanSummaryFile]> {
  if (before === '-' && after === '-') throw new UsageError('both sides are standard input (-)', 'give at least one side as a file');
  const [a, b] = await Promise.allSettled([readComparable(before), readComparable(after)]);
  if (a.status === 'fulfilled' && b.status === 'fulfilled') return [a.value, b.value];
  if (a.status === 'rejected' && b.status === 'rejected' && a.reason instanceof InputError && b.reason instanceof InputError) {
    throw new InputError([...a.reason.diagnostics, ...b.reason.diagnostics]);
  }
  throw a.status === 'rejected' ? a.reason : (b as PromiseRejectedResult).reason;
}

/** Options of `capplan diff`. */
export interface DiffOptions {
  format: Format;
  all: boolean;
}

/** Compares two saved plans and prints the comparison; informational, so exit 0. */
export async function runDiff(before: string, after: string, opts: DiffOptions, ctx: CliContext): Promise<number> {
  // Loaded on demand, so that other commands (and --help) do not pay for them.
  const [{ diffPlans }, render, { displayPath }] = await Promise.all([import('../../gate/diff.js'), import('../../gate/render-diff.js'), import('../profile-input.js')]);
  const [a, b] = await readBoth(before, after);
  for (const side of [a, b]) {
    printWarnings(ctx, side.warnings ?? []);
    for (const n of side.notes ?? []) ctx.warn(n);
  }
  if (a.summary.profile && b.summary.profile && a.summary.profile !== b.summary.profile) {
    ctx.warn(`note: comparing plans of different profiles (${a.summary.profile} and ${b.summary.profile}); phases and components are matched by name`);
  }
  // Money in two currencies is not comparable: said, as check refuses it (diff is informational, exit 0).
  const currencyOf = new Map(a.summary.phases.map((p) => [p.name, p.bill?.currency]));
  const apart = b.summary.phases.filter((p) => p.bill && currencyOf.get(p.name) !== undefined && currencyOf.get(p.name) !== p.bill.currency);
  if (apart.length) {
    const p = apart[0]!;
    ctx.warn(`note: ${apart.length === 1 ? `phase ${JSON.stringify(p.name)} is` : `${apart.length} phases are`} billed in ${currencyOf.get(p.name)} in ${displayPath(before)} and in ${p.bill!.currency} in ${displayPath(after)}: the cost columns compare figures in different currencies`);
  }
  const diff = diffPlans(a.summary, b.summary);
  const o = { beforeFile: displayPath(before), afterFile: displayPath(after), all: opts.all, layout: ctx.layout };
  const text = opts.format === 'json' ? render.renderDiffJson(diff, o) : opts.format === 'markdown' ? render.renderDiffMarkdown(diff, o) : render.renderDiffText(diff, o, ctx.palette);
  await ctx.out(text);
  return EXIT.ok;
}

/** Registers `diff`. */
export function registerDiff(program: Command, setExit: SetExit): void {
  const cmd = withFormat(
    program
      .command('diff')
      .description('compare two plans: saved (capplan plan --json output or baselines) or profiles, planned first: replicas, utilisation, p95, max req/s, headroom, cost')
      .argument('<old>', 'the earlier plan or baseline (JSON), or profile (YAML)')
      .argument('<new>', 'the later plan or baseline (JSON), or profile (YAML)'),
  )
    .option('--all', 'show unchanged components too');
  examples(cmd, [
    ['capplan diff before.json after.json', 'two `capplan plan --json` outputs compared'],
    ['capplan diff capplan.lock.json after.json --all', 'against a baseline, unchanged components too'],
    ['capplan diff before.json after.json --format markdown > diff.md', 'as Markdown'],
    ['capplan diff capplan.lock.json capplan.yaml', 'the baseline against the profile as it is now'],
  ]);
  cmd.action(async (before: string, after: string, o: { format?: string; json?: boolean; all?: boolean }, cmd: Command) => {
      setExit(await runDiff(before, after, { format: formatOf(o), all: o.all === true }, contextOf(cmd)));
    });
}
