/**
 * `capplan simulate <profile>`: a seeded discrete-event simulation of each planned phase beside
 * the plan's analytic figures; faults (`--fail`), ramps (`--ramp`), bursty or measured arrivals,
 * service-time laws and balancing policies. Maps flags to the pure core in src/simulate/, reads
 * the files flags name, shows progress on a terminal, prints the result.
 */
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { ArrivalSpec, RampSpec } from '../../simulate/arrivals.js';
import type { Balancing } from '../../simulate/model.js';
import type { ArrivalsFlag, FaultSpec, ServiceFlag } from '../../simulate/options.js';
import type { ServiceShape } from '../../simulate/from-plan.js';
import type { ShortRamp } from '../../simulate/transient-length.js';
import { formatDuration, formatDurationToward, formatNumber } from '../../units/format.js';
import { contextOf, formatOf, printWarnings, withFormat, type CliContext, type Format } from '../context.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { isTerminal } from '../stdio.js';
import { examples } from '../help.js';
import { repeatable } from '../once.js';
import type { SetExit } from './set-exit.js';
import { echo } from '../../units/expression.js';
import { dumbTerminal } from '../colors.js';

/** Options of `capplan simulate` after flag parsing. */
export interface SimulateOptions {
  format: Format;
  phase?: string | undefined;
  requests: number;
  /** --requests was given (it does not apply to fault and ramp runs). */
  requestsGiven?: boolean;
  replications?: number | undefined;
  seed: number;
  warmup: number;
  durationS?: number | undefined;
  fail: FaultSpec[];
  ramp?: RampSpec | undefined;
  /** null: each phase's workload.arrivalCv (Poisson where absent). */
  arrivals: ArrivalsFlag | null;
  service: ServiceFlag[];
  balancing: { component: string; policy: Balancing }[];
  rateLimit: 'reject' | 'queue';
  strict: boolean;
  /** Worker threads for the replications (default 1: this thread; at most the cores). */
  threads?: number | undefined;
}

/** Default steady-state requests per phase (over all replications). */
export const DEFAULT_REQUESTS = 200_000;
/** Default share of a replication discarded as warm-up: the simulator's DEFAULTS.warmupFraction (simulate/runner.ts, not loaded to register the command; test/simulate/options.test.ts holds them equal). */
export const DEFAULT_WARMUP = 0.1;

async function readTimes(file: string, kind: 'durations' | 'gaps', what: string): Promise<{ valuesS: number[]; source: string }> {
  const [{ readInputFile }, { MAX_LOADTEST_BYTES }, { readSamples }] = await Promise.all([import('../io.js'), import('../load-tests.js'), import('../../simulate/samples.js')]);
  const text = await readInputFile(file, 'load-test file', MAX_LOADTEST_BYTES);
  const r = readSamples(text, file, kind);
  if (!r.ok) throw new InputError(r.problems.map((p) => ({ file, line: p.line, col: p.col, path: what, message: p.message, severity: 'error' as const })));
  return r;
}

/** Simulates the profile's phases; returns the exit code (1 under --strict when a figure disagrees or a station is unstable). */
export async function runSimulate(file: string, o: SimulateOptions, ctx: CliContext): Promise<number> {
  const [{ planProfileFile }, sim, parallel] = await Promise.all([import('../plan-pipeline.js'), import('../../simulate/index.js'), import('../simulate-parallel.js')]);
  const planned = await planProfileFile(file, { bill: false }, undefined, o.phase);
  printWarnings(ctx, planned.warnings);
  let phases = planned.plan.phases;
  if (o.phase !== undefined) {
    phases = phases.filter((p) => p.name === o.phase);
    if (phases.length === 0) throw new UsageError(`no phase ${echo(o.phase)} in ${file}`, `phases: ${planned.plan.phases.map((p) => p.name).join(', ')}`);
  }
  // A phase without load has nothing to simulate: no request would arrive, nothing settle.
  const idle = phases.filter((p) => !(p.peakRps > 0));
  if (idle.length === phases.length) throw new UsageError(`${idle.length === 1 ? `phase "${idle[0]!.name}" has` : 'every phase has'} no load (peak 0 req/s): there is nothing to simulate`);
  for (const p of idle) ctx.warn(`phase "${p.name}" has no load (peak 0 req/s): not simulated`);
  phases = phases.filter((p) => p.peakRps > 0);
  const service: Record<string, ServiceShape> = {};
  for (const s of o.service) {
    if ('shape' in s) service[s.component] = s.shape;
    else {
      const t = await readTimes(s.file, 'durations', `--service ${s.component}=empirical:${s.file}`);
      service[s.component] = { kind: 'empirical', samplesS: t.valuesS, source: t.source };
    }
  }
  const known = new Set(phases[0]!.components.map((c) => c.name));
  for (const name of [...o.service.map((s) => s.component), ...o.balancing.map((b) => b.component)]) {
    if (name !== '*' && !known.has(name)) throw new UsageError(`no component "${name}" in ${file}`, `components: ${[...known].join(', ')}`);
  }
  let arrivals: ArrivalSpec | null = null;
  if (o.arrivals === null) {
    // Each phase's own workload.arrivalCv (below): Poisson where it is 1 or absent.
  } else if (o.arrivals.kind === 'trace') {
    if (o.ramp) throw new UsageError('--ramp cannot scale measured arrivals (--arrivals trace:FILE)', 'use poisson or mmpp arrivals with a ramp');
    const t = await readTimes(o.arrivals.file, 'gaps', `--arrivals trace:${o.arrivals.file}`);
    arrivals = { kind: 'trace', interArrivalsS: t.valuesS, source: t.source };
  } else arrivals = o.arrivals;
  const transient = o.fail.length > 0 || o.ramp !== undefined;
  if (!transient && o.durationS !== undefined) throw new UsageError('--duration applies to runs with --fail or --ramp', 'steady-state runs are sized by --requests');
  if (transient && o.requestsGiven) ctx.note(ctx.errPalette.yellow('capplan: --requests does not apply to a run with --fail or --ramp: it lasts --duration'));
  const lastEvent = Math.max(0, ...o.fail.map((f) => f.atS + (f.forS ?? 0)));
  const durationS = o.durationS ?? Math.max(o.ramp?.overS ?? 0, lastEvent > 0 ? 2 * lastEvent : 0);
  if (transient && o.durationS === undefined && !(durationS > 0)) throw new UsageError('every --fail is at 0 s and lasts for ever: the run, twice the last fault by default, would last 0 s', 'give its length: --duration 10m');
  if (transient && o.fail.some((f) => f.atS >= durationS)) throw new UsageError(`a fault is at or after the end of the run (${formatDuration(durationS)}, ${o.durationS === undefined ? 'twice the last fault' : '--duration'})`, 'give a longer --duration');
  const settings = {
    seed: o.seed,
    replications: o.replications ?? (transient ? sim.DEFAULTS.transientReplications : sim.DEFAULTS.replications),
    mode: transient ? ('transient' as const) : ('steady' as const),
    requests: o.requests,
    warmupFraction: o.warmup,
    durationS,
    windows: sim.DEFAULTS.windows,
    arrivals: arrivals ?? ({ kind: 'poisson' } as ArrivalSpec),
    ramp: o.ramp ?? null,
    faults: o.fail,
    maxInSystem: sim.DEFAULTS.maxInSystem,
  };
  const balancing = Object.fromEntries(o.balancing.map((b) => [b.component, b.policy]));
  const progress = progressBar(ctx);
  const threads = Math.min(o.threads ?? parallel.DEFAULT_THREADS, parallel.maxThreads());
  // Every phase is prepared (and refused) before any is run: a short ramp in the last phase is
  // said at once, not after the others' simulations.
  const runs = [];
  for (const phase of phases) {
    if (transient) {
      const arrivals = phase.peakRps * durationS * Math.max(1, o.ramp?.from ?? 1, o.ramp?.to ?? 1);
      if (!(arrivals <= MAX_REQUESTS)) {
        throw new UsageError(`phase "${phase.name}" would simulate about ${formatNumber(arrivals)} requests per replication (${formatNumber(phase.peakRps)} req/s for ${formatDuration(durationS)}), more than ${formatNumber(MAX_REQUESTS)}`, 'shorten the run: an earlier fault, a shorter --duration or --ramp');
      }
    }
    let prepared;
    try {
      // Without --arrivals, the phase's own arrivals: a renewal process of its workload.arrivalCv.
      const cv = phase.workload.arrivalCv;
      const phaseSettings = arrivals === null && cv !== undefined ? { ...settings, arrivals: { kind: 'renewal' as const, cv } } : settings;
      prepared = sim.preparePhase(planned.plan.profile, phase, { service, balancing, rateLimit: o.rateLimit }, phaseSettings);
    } catch (error) {
      if (error instanceof sim.SpecError) throw new UsageError(error.message, error.hint);
      throw error;
    }
    const short = sim.shortRamp(prepared.model, prepared.settings);
    if (short !== null && o.ramp !== undefined) throw shortRampError(phase.name, o.ramp, o.durationS !== undefined, short);
    runs.push({ phase, prepared });
  }
  const reports = [];
  for (const [i, { phase, prepared }] of runs.entries()) {
    const results = await parallel.runReplicationsParallel(prepared.model, prepared.settings, threads, (f) => progress((i + f) / phases.length, phase.name));
    reports.push(sim.summarise(prepared.model, prepared.settings, results));
  }
  progress(1, null);
  const text = o.format === 'json' ? sim.renderSimulationJson(reports) : o.format === 'markdown' ? sim.renderSimulationMarkdown(reports) : sim.renderSimulationText(reports, ctx.palette, ctx.layout);
  await ctx.out(text);
  // The figures the table marks ✗ (and unstable stations), from the one list the table is drawn from.
  const bad = reports.some((r) => sim.strictFailures(r).length > 0);
  return o.strict && bad ? EXIT.gate : EXIT.ok;
}

/**
 * The refusal of a ramp none of whose windows can complete enough requests for a p95 (a 1 ms ramp
 * at 300 req/s completes none): what its busiest window would hold, and the ramp that would do.
 */
function shortRampError(phase: string, ramp: RampSpec, durationGiven: boolean, short: ShortRamp): UsageError {
  const flag = (seconds: number) => formatDurationToward(seconds, 'up').replace(/\s+/g, '');
  const expected = short.busiest > 0 ? `about ${formatNumber(short.busiest)}` : 'no';
  return new UsageError(
    `phase "${phase}": a ramp over ${formatDuration(ramp.overS)} is too short to measure: its busiest ${formatDuration(short.windowS)} window is expected to complete ${expected} requests per replication, and a window's p95 needs ${short.needed}`,
    `ramp over at least ${formatDurationToward(short.overS, 'up')}: --ramp "${formatNumber(ramp.from)}..${formatNumber(ramp.to)}x over ${flag(short.overS)}"${durationGiven ? ` --duration ${flag(short.durationS)}` : ''}`,
  );
}

/** Whether simulate draws its progress bar on stderr: a terminal that takes control codes (not TERM=dumb), and not --quiet. */
export function showsProgress(quiet: boolean, stderrIsTty: boolean, env: NodeJS.ProcessEnv): boolean {
  return !quiet && stderrIsTty && !dumbTerminal(env);
}

/** A progress bar on stderr (`\r`, erase line) when showsProgress; a no-op otherwise. */
function progressBar(ctx: CliContext): (fraction: number, label: string | null) => void {
  if (!showsProgress(ctx.quiet, isTerminal(2), process.env)) return () => undefined;
  let last = -1;
  return (fraction, label) => {
    const pct = Math.floor(fraction * 100);
    if (label === null) {
      process.stderr.write('\r\x1b[2K');
      return;
    }
    if (pct === last) return;
    last = pct;
    const width = 30;
    const done = Math.round(fraction * width);
    process.stderr.write(`\r\x1b[2Ksimulating ${label.slice(0, 30)} [${'#'.repeat(done)}${' '.repeat(width - done)}] ${pct}%`);
  };
}

/** A commander argument parser from a pure parser that throws SpecError or Error. */
function arg<T>(parse: (v: string) => T): (v: string) => T {
  return (v) => {
    try {
      return parse(v);
    } catch (error) {
      const e = error as Error & { hint?: string };
      throw new InvalidArgumentError(e.hint ? `${e.message} (${e.hint})` : e.message);
    }
  };
}

/** Collects a repeatable flag's values. */
const collect = repeatable((v: string, acc: string[] | undefined): string[] => [...(acc ?? []), v]);

function positiveInteger(what: string, min: number, max = Number.MAX_SAFE_INTEGER): (v: string) => number {
  return (v) => {
    const n = Number(v.replace(/_/g, ''));
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${what} must be a whole number from ${min} to ${max.toExponential().replace('e+', 'e')}, got "${v}"`);
    return n;
  };
}

/** The most arrivals a run may simulate per phase and replication (about a minute of one core per 10^7). */
export const MAX_REQUESTS = 100_000_000;

function fraction(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%?)\s*$/.exec(v);
  const n = m ? Number(m[1]) / (m[2] ? 100 : 1) : Number.NaN;
  if (!(n >= 0 && n <= 0.9)) throw new Error(`--warmup must be a share between 0 and 90 %, like 10% or 0.1, got "${v}"`);
  return n;
}

/** Registers `simulate`. */
export function registerSimulate(program: Command, setExit: SetExit): void {
  const cmd = withFormat(
    program
      .command('simulate')
      .description('simulate each planned phase (seeded discrete-event simulation) beside the plan: utilisation, latency, P(wait), queues with 95 % intervals; faults and ramps')
      .argument('<profile>', 'profile YAML file'),
  )
    .option('--phase <name>', 'simulate only this phase')
    .option('--requests <n>', 'requests per phase over all replications (default 200,000; 1e6 for tighter intervals)', arg(positiveInteger('--requests', 1000, MAX_REQUESTS)))
    .option('--replications <n>', 'independent replications (default 10; 5 with --fail or --ramp)', arg(positiveInteger('--replications', 2, 1000)))
    .option('--seed <n>', 'seed of the random numbers (same seed, same output)', arg(positiveInteger('--seed', 0, 2 ** 53 - 1)), 1)
    .option('--warmup <share>', 'share of each replication discarded as warm-up, raised to span ten service times of the slowest station, at most half (default 10%)', arg(fraction))
    .option('--fail <what@time>', 'lose replicas at a time: zone:a@300s, fsm:2@60s, postgres:replica@60s; +2m brings them back (repeatable)', collect)
    .option('--ramp <spec>', 'ramp the load, e.g. "0..2x over 10m"')
    .option('--duration <time>', 'simulated time of a --fail/--ramp run (default: twice the last fault, or the ramp)')
    .option('--arrivals <process>', "poisson, renewal:CV (inter-arrival cv: H2 above 1, gamma below), mmpp:3x,10%,30s (bursts), or trace:FILE (measured arrival times); default: the profile's workload.arrivalCv (Poisson when absent)")
    .option('--service <law>', 'service times: exponential (default, as the plan), deterministic, lognormal:CV, phase-type:CV, empirical:FILE; COMPONENT=LAW for one (repeatable)', collect)
    .option('--balancing <policy>', 'random (default, as the plan), round-robin, least-request, p2c; COMPONENT=POLICY for one (repeatable)', collect)
    .addOption(new Option('--rate-limit <mode>', 'beyond a provider rate limit: reject the call (HTTP 429) or queue it for a token').choices(['reject', 'queue']).default('reject'))
    .option('--threads <n>', 'worker threads running replications side by side (default 1; up to the cores); the output is the same bytes', arg(positiveInteger('--threads', 1, 1024)))
    .option('--strict', 'exit 1 when a station is unstable or the plan’s value falls outside an interval where its model is exact')
    .action(async (file: string, raw: Record<string, unknown>, cmd: Command) => {
      const setting = await import('../../simulate/options.js');
      const list = (v: unknown) => (Array.isArray(v) ? v : v === undefined ? [] : [v]) as string[];
      const all = (flag: string, xs: string[], parse: (s: string) => unknown) => xs.map((x) => {
        try {
          return parse(x);
        } catch (error) {
          if (error instanceof setting.SpecError) throw new UsageError(error.message, error.hint);
          throw new UsageError(`${flag} ${x}: ${(error as Error).message}`);
        }
      });
      const once = <T extends { component: string }>(flag: string, xs: T[]): T[] => {
        const twice = setting.repeatedComponent(xs);
        if (twice !== null) throw new UsageError(`${flag} is given twice for ${twice === '*' ? 'every component' : twice}: give it once ${twice === '*' ? '(COMPONENT=… sets one component)' : 'per component'}`);
        return xs;
      };
      const opts: SimulateOptions = {
        format: formatOf(raw as { format?: string; json?: boolean }),
        phase: raw.phase as string | undefined,
        requests: (raw.requests as number | undefined) ?? DEFAULT_REQUESTS,
        requestsGiven: raw.requests !== undefined,
        replications: raw.replications as number | undefined,
        seed: raw.seed as number,
        warmup: (raw.warmup as number | undefined) ?? DEFAULT_WARMUP,
        durationS: raw.duration === undefined ? undefined : (all('--duration', [raw.duration as string], (d) => setting.parseDurationS(d, '--duration'))[0] as number),
        fail: all('--fail', list(raw.fail), setting.parseFail) as FaultSpec[],
        ramp: raw.ramp === undefined ? undefined : (all('--ramp', [raw.ramp as string], setting.parseRamp)[0] as RampSpec),
        arrivals: raw.arrivals === undefined ? null : (all('--arrivals', [raw.arrivals as string], setting.parseArrivals)[0] as ArrivalsFlag),
        service: once('--service', all('--service', list(raw.service), setting.parseService) as ServiceFlag[]),
        balancing: once('--balancing', all('--balancing', list(raw.balancing), setting.parseBalancing) as { component: string; policy: Balancing }[]),
        rateLimit: raw.rateLimit as 'reject' | 'queue',
        strict: raw.strict === true,
        threads: raw.threads as number | undefined,
      };
      setExit(await runSimulate(file, opts, contextOf(cmd)));
    });
  examples(cmd, [
    ['capplan simulate profiles/thea-ia.yaml --phase "v0.14 today"', 'one phase beside its plan, 95 % intervals'],
    ['capplan simulate capplan.yaml --fail zone:a@5m', 'lose a zone at 5 minutes: latency over time, do the survivors recover?'],
    ['capplan simulate capplan.yaml --ramp "0..2x over 10m"', 'ramp the load to twice the peak: where does latency break?'],
    ['capplan simulate capplan.yaml --service api=lognormal:1.5 --balancing p2c', 'slower tails on api, power-of-two-choices balancing'],
    ['capplan simulate capplan.yaml --requests 1e6 --seed 7 --json > sim.json', 'a longer run with another seed, as JSON'],
  ]);
}
