/**
 * `capplan emit k8s|compose <profile> -o DIR`: deployment manifests for the planned topology of
 * one phase, written atomically; a file capplan did not write is replaced only with --force.
 * `--dry-run` prints what would be written (path, bytes, action; contents with --json) instead.
 */
import { Buffer } from 'node:buffer';
import { join } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { EmitOptions, EmitPlan } from '../../emit/context.js';
import type { PhasePlan } from '../../plan/types.js';
import type { Arch } from '../../pricing/catalog-types.js';
import type { Diagnostic } from '../../profile/diagnostic.js';
import type { Profile } from '../../profile/load.js';
import type { SourceDocument } from '../../profile/source.js';
import { contextOf, formatOf, printWarnings, warnEach, type CliContext } from '../context.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { examples } from '../help.js';
import { GENERATED_MARKER, STDOUT_PATH, checkOverwrite, fsPromises, readHead, sealGenerated, writeError } from '../io.js';
import { shownLockPath, type WriteLock } from '../write-lock.js';
import type { SetExit } from './set-exit.js';
import { echo } from '../../units/expression.js';

/** What `emit` can write. */
export type EmitTarget = 'k8s' | 'compose';

/** Options of `capplan emit`. */
export interface EmitCommandOptions {
  output: string;
  phase?: string | undefined;
  dryRun: boolean;
  force: boolean;
  format: 'table' | 'json';
  /** k8s only. */
  namespace?: string | undefined;
  /** k8s only. */
  alerts?: boolean | undefined;
  /** k8s only: the images' CPU architecture, over the profile's pricing.arch. */
  arch?: string | undefined;
}

/** What a write would do to one path. */
type Action = 'new' | 'replace' | 'force' | 'refuse';

/** Plans the profile, emits the chosen phase and writes (or, with --dry-run, lists) the files; returns the exit code. */
export async function runEmit(target: EmitTarget, file: string, opts: EmitCommandOptions, ctx: CliContext): Promise<number> {
  if (opts.output.trim() === '') throw new UsageError('-o: the path is empty', 'give the directory to write the manifests into, e.g. -o deploy/');
  if (opts.output === STDOUT_PATH) {
    throw new UsageError('-o -: emit writes a set of files into a directory, not to standard output', 'give a directory (-o deploy/); with --dry-run --json it prints every file and its contents on stdout, writing nothing');
  }
  const { lockOutputDir, recoverOutputDir } = await import('../output-set.js');
  if (opts.dryRun) return emitLocked(target, file, opts, ctx, null);
  // One run at a time writes DIR (another one running stops here, exit 2), from its recovery to its swap.
  const lock = lockOutputDir(opts.output);
  try {
    // A killed run's leftovers first: its directory set aside is put back, its stage and temporary files removed.
    const recovered = await recoverOutputDir(opts.output).catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`-o ${opts.output}: cannot recover it from an interrupted run (${writeReason(opts.output, error)})`);
    });
    if (lock?.tookOverFrom != null) recovered.unshift(`removed ${shownLockPath(lock.path)} (the lock of a killed run, pid ${lock.tookOverFrom})`);
    if (recovered.length > 0) ctx.warn(`${recovered.join('; ')}`);
    return await emitLocked(target, file, opts, ctx, lock);
  } finally {
    lock?.release();
  }
}

/** runEmit once DIR is locked (lock: null for --dry-run, or while DIR's parent does not exist: writeOutputSet takes it). */
async function emitLocked(target: EmitTarget, file: string, opts: EmitCommandOptions, ctx: CliContext, lock: WriteLock | null): Promise<number> {
  const { writeOutputSet } = await import('../output-set.js');
  await checkOutputDirectory(opts.output);
  const { plan, warnings, profile, doc } = await planForEmit(file, opts.phase);
  printWarnings(ctx, warnings);
  const phaseName = opts.phase ?? plan.phases[0]!.name;
  const chosen = plan.phases.find((p): p is PhasePlan => p.name === phaseName && 'system' in p);
  if (!chosen) throw new UsageError(`no phase ${echo(phaseName)} in ${file}`, `phases: ${plan.phases.map((p) => `"${p.name}"`).join(', ')}`);
  // Every quantity the manifests would carry must be one Kubernetes can represent: else the profile value behind it is refused, at its place.
  const { limitProblems, quantityProblems } = await import('../../emit/quantities.js');
  const overflows = quantityProblems(chosen);
  // A problem with a component's setting, at its place in the profile (file:line:col path: message).
  const positioned = (component: string, key: readonly string[], message: string, hint: string | undefined, onName = false) => {
    const comp = profile.phases.find((p) => p.name === phaseName)?.components.find((c) => c.name === component);
    const pos = comp ? doc.position([...comp.segments, ...key], { key: onName }) : { line: 1, col: 1 };
    const base = comp?.path ?? `components.${component}`;
    return { file: profile.file, line: pos.line, col: pos.col, path: key.length > 0 ? `${base}.${key.join('.')}` : base, message, severity: 'error' as const, ...(hint !== undefined ? { hint } : {}) };
  };
  if (overflows.length > 0) throw new InputError(overflows.map((o) => positioned(o.component, o.key, o.message, 'check the value and its unit')));
  const belowRequests = limitProblems(chosen);
  if (belowRequests.length > 0) throw new InputError(belowRequests.map((o) => positioned(o.component, o.key, o.message, 'raise the limit to at least the request, or lower the request')));
  const arch = (opts.arch ?? (profile.input.pricing as { arch?: Arch } | undefined)?.arch ?? 'amd64') as Arch;
  const emitOpts: EmitOptions = { phase: phaseName, targets: { zones: chosen.targets.zones, memoryUtilization: chosen.targets.memoryUtilization }, arch };
  // The emitters load only when emitting, keeping other commands' start-up small.
  const [{ EmitError, EmitErrors }, { emitK8s }, { emitCompose, composeWarningsOf }] = await Promise.all([
    import('../../emit/context.js'),
    import('../../emit/k8s.js'),
    import('../../emit/compose.js'),
  ]);
  let files: Map<string, string>;
  try {
    files = target === 'k8s' ? emitK8s(plan, { ...emitOpts, namespace: opts.namespace ?? null, alerts: opts.alerts === true }) : emitCompose(plan, emitOpts);
  } catch (error) {
    // Components whose names are too long for this output (name-limits.ts): every one, each at its name.
    const all = error instanceof EmitErrors ? error.errors : error instanceof EmitError ? [error] : [];
    if (all.length > 0 && all.every((e) => e.at !== undefined)) throw new InputError(all.map((e) => positioned(e.at!.component, e.at!.key, e.message, e.hint, e.at!.onName === true)));
    if (error instanceof EmitError) throw new UsageError(error.message, error.hint);
    throw error;
  }
  const phase = chosen;
  if (phase.violations.length > 0) {
    ctx.warn(`phase "${phaseName}" has ${phase.violations.length} violation${phase.violations.length === 1 ? '' : 's'}; the manifests carry the plan's capped sizes (see capplan plan ${file} --phase "${phaseName}")`);
  }
  if (target === 'compose') warnEach(ctx, composeWarningsOf(plan, emitOpts), 'compose.yaml’s header comments hold them all');
  const sealed = new Map([...files].map(([name, content]) => [name, sealGenerated(content)]));
  const paths = new Map([...sealed].map(([name, content]) => [join(opts.output, name), content]));
  if (opts.dryRun) return dryRun(paths, opts, ctx);
  // As a set: a kill at any point leaves the old manifests or the new ones (docs/manifests.md).
  await writeOutputSet(opts.output, sealed, { force: opts.force, lock });
  const next = target === 'k8s' ? `kubectl apply -k ${opts.output}` : `docker compose -f ${join(opts.output, 'compose.yaml')} up -d`;
  ctx.note(`wrote ${paths.size} file${paths.size === 1 ? '' : 's'} to ${opts.output} (phase "${phaseName}"); next: ${next}`);
  for (const stale of await staleFiles(opts.output, files, target)) {
    ctx.warn(`${join(opts.output, stale)} was written by an earlier capplan run and is not part of this output; delete it if its component is gone`);
  }
  return EXIT.ok;
}

/**
 * The plan emit reads, with planProfileFile's warnings (no bill): the emitted phase planned in
 * full but for the explanations no manifest carries (SolveOptions.explanations;
 * test/emit/emit-parts.test.ts), the others sized at their peaks for their counts only
 * (phaseCounts), all that the manifests (the autoscaler's ceiling) and the plausibility check read of them.
 */
async function planForEmit(file: string, phase: string | undefined): Promise<{ plan: EmitPlan; warnings: Diagnostic[]; profile: Profile; doc: SourceDocument }> {
  const [{ loadProfileFile }, { fitCapacityFiles }, { planPlausibilityWarnings }, { uslPeakWarnings }, { phaseCounts }, { afterOf, planPhase }, { alertRules }] = await Promise.all([
    import('../profile-input.js'),
    import('../plan-pipeline.js'),
    import('../plan-plausibility.js'),
    import('../usl-peak-warnings.js'),
    import('../../plan/solve.js'),
    import('../../explore/scale.js'),
    import('../../profile/alerts.js'),
  ]);
  const { profile, warnings, doc } = await loadProfileFile(file);
  const { fits } = await fitCapacityFiles(profile, file, doc);
  warnings.push(...uslPeakWarnings(profile, doc, fits));
  const name = phase ?? profile.phases[0]!.name;
  const first = profile.phases.findIndex((p) => p.name === name);
  const phases = profile.phases.map((p, i) => (i === first ? planPhase(profile, p, { fits, explanations: false }, afterOf(profile, i)) : phaseCounts(p, { fits })));
  const plan: EmitPlan = { profile: profile.name, alerts: alertRules(profile.input.alerts), phases };
  warnings.push(...planPlausibilityWarnings(plan, profile, doc));
  return { plan, warnings, profile, doc };
}

/** `-o` names a directory (created when missing): a file there is a usage error, not a bug. */
async function checkOutputDirectory(dir: string): Promise<void> {
  const info = await fsPromises().stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    if (error.code === 'ENOTDIR') throw new UsageError(`-o ${dir}: a parent of it is a file, not a directory`, 'give -o the directory to write the manifests into, e.g. -o deploy/');
    throw new UsageError(`-o ${dir}: cannot use it (${error.code ?? error.message})`);
  });
  if (info && !info.isDirectory()) {
    throw new UsageError(`-o ${dir}: is a file; -o takes the directory to write the manifests into`, `for example: capplan emit … -o deploy/ (the files are named after the components)`);
  }
}

/** Files in the output directory that `capplan emit <target>` wrote earlier but this run did not (a component removed, another phase). */
async function staleFiles(dir: string, files: ReadonlyMap<string, string>, target: EmitTarget): Promise<string[]> {
  const names = (await fsPromises().readdir(dir)).filter((f) => /\.(ya?ml|conf)$/.test(f) && !files.has(f)).sort();
  const out: string[] = [];
  for (const name of names) {
    const head = (await readHead(join(dir, name), 4096).catch(() => null))?.toString('utf8') ?? '';
    const first = head.slice(0, head.indexOf('\n') + 1 || undefined);
    if (first.includes(GENERATED_MARKER) && first.includes(`\`capplan emit ${target}\``)) out.push(name);
  }
  return out;
}

/** Lists what a write would do; exit 2 when it would refuse a file, with the words the write would refuse it with. */
async function dryRun(paths: ReadonlyMap<string, string>, opts: EmitCommandOptions, ctx: CliContext): Promise<number> {
  const rows: { path: string; bytes: number; action: Action; content: string }[] = [];
  const refusals: UsageError[] = [];
  for (const [path, content] of paths) {
    let action: Action;
    try {
      const state = await checkOverwrite(path, content, opts.force);
      action = state === 'new' ? 'new' : state === 'ours' ? 'replace' : 'force';
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      action = 'refuse';
      refusals.push(error);
    }
    rows.push({ path, bytes: Buffer.byteLength(content, 'utf8'), action, content });
  }
  if (opts.format === 'json') {
    await ctx.out(`${JSON.stringify({ dryRun: true, files: rows }, null, 2)}\n`);
  } else {
    const width = Math.max(...rows.map((r) => String(r.bytes).length));
    await ctx.out(rows.map((r) => `${r.action.padEnd(7)} ${String(r.bytes).padStart(width)}  ${r.path}`).join('\n') + '\n');
  }
  if (refusals.length === 0) return EXIT.ok;
  // Each refusal as the real run would say it (main's rendering of a UsageError), its hint once.
  for (const refusal of refusals) ctx.error(ctx.errPalette.red(`capplan: ${refusal.message}`));
  for (const hint of new Set(refusals.map((r) => r.hint).filter((h): h is string => h !== undefined))) ctx.error(`  hint: ${hint}`);
  return EXIT.input;
}

/** Why a file operation on DIR failed, in words (writeError's reason). */
function writeReason(dir: string, error: NodeJS.ErrnoException): string {
  return writeError(dir, error).message.replace(`cannot write ${dir}: `, '');
}

/** A namespace argument: a DNS label. */
function parseNamespace(value: string): string {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(value)) throw new InvalidArgumentError('must be a DNS label: lowercase letters, digits and "-", at most 63 characters');
  return value;
}

/** Registers `emit k8s` and `emit compose`. */
export function registerEmit(program: Command, setExit: SetExit): void {
  const emit = program.command('emit').description('write deployment manifests (Kubernetes or Docker Compose) for the planned topology of one phase');
  const common = (cmd: Command) =>
    cmd
      .argument('<profile>', 'profile YAML file')
      .requiredOption('-o, --output <dir>', 'directory to write the files into (required, also with --dry-run)')
      .option('--phase <name>', 'phase to emit (default: the first)')
      .option('--dry-run', 'print each file that would be written (action, bytes, path) instead of writing')
      .addOption(new Option('--format <format>', 'output of --dry-run: table, or json with the contents').choices(['table', 'json']).default('table'))
      .option('--json', 'short for --format json')
      .option('--force', 'overwrite files capplan did not write');
  type Raw = { output: string; phase?: string; dryRun?: boolean; force?: boolean; format?: string; json?: boolean; namespace?: string; alerts?: boolean; arch?: string };
  const optionsOf = (o: Raw): EmitCommandOptions => ({
    output: o.output,
    phase: o.phase,
    dryRun: o.dryRun === true,
    force: o.force === true,
    format: formatOf(o) === 'json' ? 'json' : 'table',
    namespace: o.namespace,
    alerts: o.alerts,
    arch: o.arch,
  });
  examples(emit, [
    ['capplan emit k8s capplan.yaml -o k8s/', 'Kubernetes manifests of the first phase'],
    ['capplan emit compose capplan.yaml -o deploy/ --dry-run', 'what a Compose emit would write'],
  ]);
  const k8s = common(emit.command('k8s').description('Deployments, StatefulSets, Services, HPAs, PDBs, NetworkPolicies and a kustomization.yaml (kubectl apply -k DIR)'))
    .option('--namespace <ns>', 'namespace of every object (default: kubectl\'s current one)', parseNamespace)
    .option('--alerts', 'also write a PrometheusRule: CPU above target, p95 above budget, headroom gone')
    .addOption(new Option('--arch <arch>', 'CPU architecture of the images: arm64 pins the pods to Arm nodes (default: the profile’s pricing.arch, else amd64)').choices(['amd64', 'arm64', 'any']))
    .action(async (file: string, o: Raw, cmd: Command) => {
      setExit(await runEmit('k8s', file, optionsOf(o), contextOf(cmd)));
    });
  examples(k8s, [
    ['capplan emit k8s capplan.yaml -o k8s/', 'the first phase, then: kubectl apply -k k8s/'],
    ['capplan emit k8s capplan.yaml -o k8s/ --phase "12 months" --namespace shop --alerts', 'another phase, a namespace, alert rules'],
    ['capplan emit k8s capplan.yaml -o k8s/ --dry-run --json', 'what would be written, with contents'],
  ]);
  const compose = common(emit.command('compose').description('compose.yaml with replicas, resources and health checks, and the nginx.conf of its load balancer'))
    .action(async (file: string, o: Raw, cmd: Command) => {
      setExit(await runEmit('compose', file, optionsOf(o), contextOf(cmd)));
    });
  examples(compose, [
    ['capplan emit compose capplan.yaml -o deploy/', 'then: docker compose -f deploy/compose.yaml up -d'],
    ['capplan emit compose capplan.yaml -o deploy/ --phase "6 months" --dry-run', 'what would be written for another phase'],
  ]);
}
