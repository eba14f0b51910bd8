/** `capplan plan <profile>`: the sized, explained plan of every phase. */
import type { Command } from 'commander';
import { solve } from '../../plan/solve.js';
import { renderPlanJson } from '../../render/json.js';
import { renderPlanMarkdown } from '../../render/plan-markdown.js';
import { renderPlanTable } from '../../render/plan-table.js';
import { contextOf, formatOf, printWarnings, withFormat, type CliContext, type Format } from '../context.js';
import { EXIT } from '../errors.js';
import { loadProfileFile } from '../profile-input.js';
import type { SetExit } from './index.js';

/** Options of `capplan plan`. */
export interface PlanOptions {
  format: Format;
  explain: boolean;
  strict: boolean;
  phase?: string | undefined;
}

/** Plans a profile and prints it; returns the exit code (1 with --strict when there are violations). */
export async function runPlan(file: string, opts: PlanOptions, ctx: CliContext): Promise<number> {
  const { profile, warnings } = await loadProfileFile(file);
  printWarnings(ctx, warnings);
  let plan = solve(profile);
  if (opts.phase !== undefined) {
    const phase = plan.phases.find((p) => p.name === opts.phase);
    if (!phase) {
      ctx.error(`capplan: no phase "${opts.phase}" in ${file}; phases: ${plan.phases.map((p) => p.name).join(', ')}`);
      return EXIT.input;
    }
    plan = { ...plan, phases: [phase] };
  }
  const text =
    opts.format === 'json'
      ? renderPlanJson(plan)
      : opts.format === 'markdown'
        ? renderPlanMarkdown(plan, { explain: opts.explain })
        : renderPlanTable(plan, { palette: ctx.palette, explain: opts.explain });
  await ctx.out(text);
  const violations = plan.phases.reduce((n, p) => n + p.violations.length, 0);
  return opts.strict && violations > 0 ? EXIT.gate : EXIT.ok;
}

/** Registers `plan`. */
export function registerPlan(program: Command, setExit: SetExit): void {
  withFormat(
    program
      .command('plan')
      .description('plan every phase of a profile: replicas, binding constraint, utilisation, latency, headroom, bottleneck, violations')
      .argument('<profile>', 'profile YAML file'),
  )
    .option('--explain', "show each constraint's formula with the numbers plugged in")
    .option('--strict', 'exit 1 when the plan has violations')
    .option('--phase <name>', 'plan only this phase')
    .action(async (file: string, o: { format?: string; json?: boolean; explain?: boolean; strict?: boolean; phase?: string }, cmd: Command) => {
      setExit(await runPlan(file, { format: formatOf(o), explain: o.explain === true, strict: o.strict === true, phase: o.phase }, contextOf(cmd)));
    });
}
