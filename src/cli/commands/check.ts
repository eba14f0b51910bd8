/**
 * `capplan check <profile>`: the CI gate. Plans the profile, evaluates the gate policy (the
 * profile's `gates:`, overridden by flags) against an optional baseline, prints why per phase and
 * component, and returns 0 (holds), 1 (a gate failed); bad input throws (2). `--update-baseline`
 * writes the baseline atomically instead and returns 0.
 */
import { Option, type Command } from 'commander';
import type { GateOptions, GateResult, GateRunway } from '../../gate/evaluate.js';
import { GATE_LEVELS } from '../../gate/levels.js';
import { addGateAssignment, GATE_RULE_WORDS, gateFlagsOf, parseGateFlag, parseBudgetFlag, parseHeadroomFlag, parseMarginFlag, resolvePolicy, type GateAssignment, type GateFlags, type GatePolicy } from '../../gate/policy.js';
import type { CheckRenderOptions } from '../../gate/render-check.js';
import type { PlanSummary } from '../../gate/summary.js';
import type { Plan } from '../../plan/types.js';
import { argument, contextOf, printWarnings, type CliContext } from '../context.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { fsPromises } from '../io.js';
import { repeatable } from '../once.js';
import { examples } from '../help.js';
import type { PlannedProfile, PricingFlags } from '../plan-pipeline.js';
import { readSavedPlanFile } from './diff.js';
import { withCalibration, withPricing } from './plan.js';
import type { SetExit } from './set-exit.js';
import { VERSION } from '../../version.js';

/** The modules `check` needs, loaded on demand so that other commands (and --help) do not pay for them. */
async function loadModules() {
  const [evaluate, inputs, paths, checkJson, check, github, saved, summary, io, pipeline, input, record] = await Promise.all([
    import('../../gate/evaluate.js'),
    import('../../gate/inputs.js'),
    import('../../gate/profile-paths.js'),
    import('../../gate/render-check-json.js'),
    import('../../gate/render-check.js'),
    import('../../gate/render-github.js'),
    import('../../gate/saved-plan.js'),
    import('../../gate/summary.js'),
    import('../io.js'),
    import('../plan-pipeline.js'),
    import('../profile-input.js'),
    import('../../gate/policy-record.js'),
  ]);
  return { ...evaluate, ...inputs, ...paths, ...checkJson, ...check, ...github, ...saved, ...summary, ...io, ...pipeline, ...input, ...record };
}
type Modules = Awaited<ReturnType<typeof loadModules>>;

/** Output formats of `capplan check`. */
export type CheckFormat = 'table' | 'json' | 'markdown' | 'github';

/** Options of `capplan check`. */
export interface CheckOptions {
  format: CheckFormat;
  baseline?: string | undefined;
  updateBaseline: boolean;
  flags: GateFlags;
  pricing: PricingFlags;
}

async function exists(path: string): Promise<boolean> {
  return fsPromises().access(path).then(
    () => true,
    () => false,
  );
}

/** The baseline, or null when updating one that does not exist yet. */
async function readBaseline(m: Modules, path: string, forUpdate: boolean): Promise<PlanSummary | null> {
  if (!(await exists(path))) {
    if (forUpdate) return null;
    throw new UsageError(`${m.displayPath(path)}: no such baseline`, 'write it with --update-baseline, then commit it', m.displayPath(path));
  }
  let read: Awaited<ReturnType<typeof readSavedPlanFile>>;
  try {
    read = await readSavedPlanFile(path, 'baseline');
  } catch (error) {
    if (forUpdate && error instanceof InputError) {
      const [first, ...rest] = error.diagnostics;
      throw new InputError([{ ...first!, hint: 'not overwriting it with a baseline: remove it or choose another --baseline path' }, ...rest]);
    }
    throw error;
  }
  // A saved `capplan plan --json` compares as a baseline, but it is not one: replacing it would
  // lose the plan (docs/terminal.md: a baseline is replaced only when it reads as one). Placed at
  // the document's start, as every problem of a file is.
  if (forUpdate && read.kind !== 'baseline') {
    throw new InputError([{ file: m.displayPath(path), line: 1, col: 1, path: '', message: 'a saved plan (capplan plan --json), not a baseline: not overwriting it', hint: 'choose another --baseline path for the baseline, or remove the file first', severity: 'error' }]);
  }
  return read.summary;
}

/** Runs the gate; returns the exit code. With --format github or json, a problem that stops it is also on stdout in that format (then thrown: exit 2). */
export async function runCheck(file: string, opts: CheckOptions, ctx: CliContext): Promise<number> {
  // An empty or blank --baseline (a shell variable that expanded to nothing) would run the gate
  // with no baseline, silently, or read `: no such baseline`.
  const given = opts.baseline;
  if (given !== undefined && given.trim() === '') throw new UsageError(`no baseline named (${given === '' ? 'an empty path' : `a path of ${given.length} blank${given.length === 1 ? '' : 's'}`})`, "give the baseline's path, e.g. --baseline capplan.lock.json");
  if (opts.updateBaseline && !opts.baseline) {
    throw new UsageError('--update-baseline needs --baseline FILE', 'for example: capplan check capplan.yaml --baseline capplan.lock.json --update-baseline');
  }
  // A budget that cannot be checked is refused, not skipped: --no-bill leaves the plan unpriced.
  if (opts.flags.costMax !== undefined && opts.pricing.bill === false) {
    throw new UsageError('--max-cost needs a priced plan, and --no-bill leaves it unpriced', 'drop --no-bill to check the budget, or drop --max-cost');
  }
  const m = await loadModules();
  try {
    return await runLoadedCheck(m, file, opts, ctx);
  } catch (error) {
    // The formats CI reads get the problem in their own form (an annotation, an error document, a
    // comment that replaces the last verdict); a table run has it on stderr alone.
    if (opts.format !== 'table' && !opts.updateBaseline && (error instanceof InputError || error instanceof UsageError)) {
      const problems = error instanceof InputError
        ? m.checkProblems(error.diagnostics)
        : [{ file: error.file ?? m.displayPath(file), line: null, col: null, path: '', message: error.message, hint: error.hint ?? null, severity: 'error' as const }];
      const where = { file: m.displayPath(file), baselineFile: opts.baseline ? m.displayPath(opts.baseline) : null };
      await ctx.out(opts.format === 'github' ? m.renderProblemsGithub(problems) : opts.format === 'markdown' ? m.renderCheckErrorMarkdown(problems) : m.renderCheckErrorJson(problems, where));
    }
    throw error;
  }
}

async function runLoadedCheck(m: Modules, file: string, opts: CheckOptions, ctx: CliContext): Promise<number> {
  const planned = await m.planProfileFile(file, opts.pricing, undefined, undefined, m.GATE_PARTS);
  const { profile, doc, plan, warnings, notes } = planned;
  printWarnings(ctx, warnings);
  for (const n of notes) ctx.warn(`${n}`);
  const policy = resolvePolicy(profile.input.gates, opts.flags);
  const baseline = opts.baseline ? await readBaseline(m, opts.baseline, opts.updateBaseline) : null;
  if (baseline && baseline.profile && baseline.profile !== plan.profile) {
    ctx.warn(`note: the baseline is of profile "${baseline.profile}", this is "${plan.profile}"; phases and components are matched by name`);
  }

  if (baseline && !opts.updateBaseline) {
    await sharedPhases(baseline, plan, opts.baseline!, m.displayPath(opts.baseline!));
    await sameCurrency(baseline, plan, opts.baseline!, m.displayPath(opts.baseline!));
    const note = m.baselineVersionNote(baseline, VERSION, m.displayPath(opts.baseline!));
    if (note !== null) ctx.warn(note);
  }

  const gateOptions = {
    inputs: m.profileInputs(profile),
    written: (path: string) => doc.has(m.parseProfilePath(path)),
    acceptCommand: `capplan check ${file === '-' ? '-' : shellWord(m.displayPath(file))} --baseline ${shellWord(opts.baseline ? m.displayPath(opts.baseline) : 'capplan.lock.json')} --update-baseline`,
    // The profile's own policy, without this run's flags: what a baseline records and a pull request can edit.
    profilePolicy: m.recordPolicy(resolvePolicy(profile.input.gates)),
  };
  if (opts.updateBaseline) return updateBaseline(m, plan, baseline, opts.baseline!, policy, gateOptions, ctx, opts.format);

  const result = m.evaluateGates(plan, baseline, policy, { ...gateOptions, extraFindings: await simulatedFindings(plan, policy), runway: await gateRunway(planned, policy) });
  const o: CheckRenderOptions = {
    file: m.displayPath(file),
    baselineFile: opts.baseline ? m.displayPath(opts.baseline) : null,
    locate: (f) => m.locatePaths(doc, f.paths),
    layout: ctx.layout,
  };
  await ctx.out(render(m, result, opts.format, o, ctx));
  return result.status === 'fail' ? EXIT.gate : EXIT.ok;
}

/** A few names quoted, "…" after the fifth. */
function someNames(names: readonly string[]): string {
  const quoted = names.slice(0, 5).map((n) => JSON.stringify(n));
  return names.length > 5 ? `${quoted.join(', ')}, … (${names.length} in all)` : quoted.join(', ');
}

/**
 * Throws (exit 2) when the baseline and the plan share no phase by name: every phase would be
 * new or removed, nothing compared, and a gate that compares nothing must not report success.
 */
/** Line and column of the first `"key"` in a saved file (1:1 when absent): a baseline's problems found after reading it are placed there, as every problem of a file is. */
async function keyPlace(path: string, key: string): Promise<{ line: number; col: number }> {
  const text = await fsPromises().readFile(path, 'utf8').catch(() => '');
  const before = text.slice(0, Math.max(0, text.indexOf(JSON.stringify(key)))).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}

async function sharedPhases(baseline: PlanSummary, plan: Plan, path: string, baselineFile: string): Promise<void> {
  const now = new Set(plan.phases.map((p) => p.name));
  if (baseline.phases.some((p) => now.has(p.name))) return;
  throw new InputError([{
    file: baselineFile,
    ...(await keyPlace(path, 'phases')),
    path: 'phases',
    message: `the baseline has no phase of this profile (baseline: ${someNames(baseline.phases.map((p) => p.name))}; profile: ${someNames(plan.phases.map((p) => p.name))})`,
    hint: 'phases are matched by name: if they were renamed on purpose, accept the plan with --update-baseline',
    severity: 'error',
  }]);
}

/**
 * Throws (exit 2) when a phase's bill is in another currency in the baseline (EUR) than in the
 * plan (USD): its money figures, the cost rule's margin and every Δ cost would compare amounts
 * that are not alike, so the gate refuses rather than note it and compare the rest.
 */
async function sameCurrency(baseline: PlanSummary, plan: Plan, path: string, baselineFile: string): Promise<void> {
  const before = new Map(baseline.phases.map((p) => [p.name, p.bill?.currency]));
  for (const p of plan.phases) {
    const was = before.get(p.name);
    if (p.bill && was !== undefined && was !== p.bill.currency) {
      throw new InputError([{
        file: baselineFile,
        ...(await keyPlace(path, 'currency')),
        path: 'currency',
        message: `the baseline's bill of phase ${JSON.stringify(p.name)} is in ${was}, the plan's in ${p.bill.currency}: their money figures cannot be compared`,
        hint: `capplan prices in ${p.bill.currency}: write the baseline again with --update-baseline once the plan is reviewed`,
        severity: 'error',
      }]);
    }
  }
}

/** Findings of the simulate rule (when on): each phase simulated as the plan sized it. */
async function simulatedFindings(plan: Plan, policy: GatePolicy): Promise<import('../../gate/evaluate.js').Finding[]> {
  const level = policy.simulate.level;
  if (level === 'off') return [];
  const [{ simulatePhase, PLAN_AS_IS, DEFAULTS }, { simulationFindings }] = await Promise.all([import('../../simulate/index.js'), import('../../simulate/gate.js')]);
  const settings = { seed: policy.simulate.seed, replications: DEFAULTS.replications, mode: 'steady' as const, requests: policy.simulate.requests, warmupFraction: DEFAULTS.warmupFraction, durationS: 0, windows: 1, arrivals: { kind: 'poisson' as const }, ramp: null, faults: [], maxInSystem: DEFAULTS.maxInSystem };
  // Each phase arrives as its profile says (workload.arrivalCv): the simulation checks the plan's own assumption.
  const arrivalsOf = (phase: Plan['phases'][number]) => (phase.workload.arrivalCv !== undefined ? { ...settings, arrivals: { kind: 'renewal' as const, cv: phase.workload.arrivalCv } } : settings);
  return plan.phases.flatMap((phase, i) => simulationFindings(phase, i, simulatePhase(plan.profile, phase, PLAN_AS_IS, arrivalsOf(phase)), level));
}

/** The runway for the gate, when the policy sets a minimum and the profile says how the load grows (explore/runway.ts, unpriced). */
async function gateRunway(planned: PlannedProfile, policy: GatePolicy): Promise<GateRunway | null> {
  const growth = planned.profile.input.workload.growth;
  const min = policy.runway.minMonths;
  if (policy.runway.level === 'off' || min === null || !growth) return null;
  const [{ planRunway }, { growthCurve }] = await Promise.all([import('../../explore/runway.js'), import('../../explore/growth.js')]);
  const r = planRunway(planned.profile, 0, growthCurve(growth), { months: Math.ceil(min), solve: { fits: planned.fits } });
  const first = r.events[0];
  return { phase: r.phase, months: r.runwayMonths, horizonMonths: r.horizonMonths, headline: r.headline, component: first?.component ?? null };
}

function render(m: Modules, result: GateResult, format: CheckFormat, o: CheckRenderOptions, ctx: CliContext): string {
  switch (format) {
    case 'json': return m.renderCheckJson(result, o);
    case 'markdown': return m.renderCheckMarkdown(result, o);
    case 'github': return m.renderCheckGithub(result, o);
    default: return m.renderCheckText(result, o, ctx.palette);
  }
}

/** A word for a POSIX shell: as is when it is plain, else single-quoted. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Writes the baseline; says on stderr what changed and which findings no baseline waives. */
async function updateBaseline(m: Modules, plan: Plan, previous: PlanSummary | null, path: string, policy: GatePolicy, gate: GateOptions, ctx: CliContext, format: CheckFormat): Promise<number> {
  // The version that wrote it, so a later gate can say so when its own differs.
  const summary: PlanSummary = { ...m.summarisePlan(plan, gate.inputs), capplanVersion: VERSION, policy: gate.profilePolicy };
  const cleaned = m.removedTempsNote(await m.writeFilesAtomic(new Map([[path, m.renderBaseline(summary)]]), { force: true, guard: false }));
  if (cleaned) ctx.note(ctx.errPalette.yellow(cleaned));
  const components = summary.phases.reduce((n, p) => n + p.components.length, 0);
  let changedPhases: number | null = null;
  let changed = '';
  let loosened: string[] = [];
  if (previous) {
    changedPhases = m.evaluateGates(plan, previous, policy, gate).diff.phases.filter((p) => p.status !== 'unchanged').length;
    changed = changedPhases === 0 ? '; no change' : `; ${changedPhases} phase${changedPhases === 1 ? '' : 's'} changed`;
    loosened = previous.policy && gate.profilePolicy ? m.loosenedPolicy(previous.policy, gate.profilePolicy).map((l) => l.words) : [];
    if (loosened.length) changed += `; gates loosened: ${loosened.join(', ')}`;
  }
  ctx.note(`capplan: wrote ${m.displayPath(path)} (${summary.phases.length} phase${summary.phases.length === 1 ? '' : 's'}, ${components} component rows${changed})`);
  const standing = m.evaluateGates(plan, summary, policy, gate).counts;
  if (standing.error > 0) {
    ctx.warn(`warning: ${standing.error} gate error${standing.error === 1 ? '' : 's'} (violations, headroom, latency or availability) ${standing.error === 1 ? 'does' : 'do'} not depend on the baseline; \`capplan check\` still fails until ${standing.error === 1 ? 'it is' : 'they are'} fixed`);
  }
  // A script that pipes --json to jq gets what was written (docs/json.md), not an empty input; a
  // CI step that posts --format markdown as a comment posts a note of it, not an empty comment.
  const update = { baseline: m.displayPath(path), profile: plan.profile, phases: summary.phases.length, componentRows: components, changedPhases, standingErrors: standing.error };
  if (format === 'json') await ctx.out(`${JSON.stringify({ apiVersion: 'capplan/v1', kind: 'capplan-baseline-update', ...update }, null, 2)}\n`);
  if (format === 'markdown') await ctx.out(m.renderBaselineUpdateMarkdown(update, loosened));
  return EXIT.ok;
}


/** Registers `check`. */
export function registerCheck(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('check')
    .description('CI gate: exit 1 when the plan trips a gate (violation, headroom, latency, availability, replicas or cost over the baseline), 0 when it holds')
    .argument('<profile>', 'profile YAML file')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'markdown', 'github']).default('table'))
    .option('--json', 'short for --format json')
    .option('--baseline <file>', 'baseline to compare with (a JSON file written by --update-baseline)')
    .option('--update-baseline', 'write the baseline from this plan (atomically) and exit 0')
    .option('--margin-replicas <p>', 'allowed rise of a component’s replicas over the baseline (15% or 0.15; default 10%)', argument(parseMarginFlag))
    .option('--margin-cost <p>', 'allowed rise of a phase’s monthly cost over the baseline (15% or 0.15; default 10%)', argument(parseMarginFlag))
    .option('--max-cost <usd>', 'a monthly budget: fail when a phase’s bill comes to more (USD, e.g. 5000; over gates.cost.max; an error unless --gate cost=LEVEL)', argument(parseBudgetFlag))
    .option('--min-headroom <x>', 'least headroom per component, over targets.minHeadroom (e.g. 1.3)', argument(parseHeadroomFlag))
    .option(
      '--gate <rule=level>',
      `set a rule to ${GATE_LEVELS.slice(0, -1).join(', ')} or ${GATE_LEVELS.at(-1)} (repeatable); rules: ${GATE_RULE_WORDS.join(', ')}`,
      repeatable((v: string, acc: GateAssignment[] | undefined) => argument((x: string) => addGateAssignment(acc ?? [], parseGateFlag(x)))(v)),
    );
  examples(cmd, [
    ['capplan check capplan.yaml --baseline capplan.lock.json', 'the gate against the committed baseline'],
    ['capplan check capplan.yaml --baseline capplan.lock.json --update-baseline', 'accept this plan as the new baseline'],
    ['capplan check capplan.yaml --baseline capplan.lock.json --format markdown > comment.md', 'a pull-request comment'],
    ['capplan check capplan.yaml --gate cost=warn --gate violations.timeout=off', 'rules relaxed for one run'],
  ]);
  type CheckFlags = PricingFlags & { format: CheckFormat; json?: boolean; baseline?: string; updateBaseline?: boolean; marginReplicas?: number; marginCost?: number; maxCost?: number; minHeadroom?: number; gate?: GateAssignment[] };
  withCalibration(withPricing(cmd)).action(async (file: string, o: CheckFlags, c: Command) => {
    const flags: GateFlags = { ...gateFlagsOf(o.gate ?? []), replicasMargin: o.marginReplicas, costMargin: o.marginCost, costMax: o.maxCost, minHeadroom: o.minHeadroom };
    const pricing: PricingFlags = { provider: o.provider, region: o.region, target: o.target, arch: o.arch, bill: o.bill, calibration: o.calibration };
    setExit(await runCheck(file, { format: o.json ? 'json' : o.format, baseline: o.baseline, updateBaseline: o.updateBaseline === true, flags, pricing }, contextOf(c)));
  });
}
