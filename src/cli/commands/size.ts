/**
 * `capplan size`: one service sized from flags alone, no file: the same schema, units and
 * sizing as a profile with a single `service` component.
 */
import { Option, type Command } from 'commander';
import { contextOf, formatOf, withFormat, type CliContext, type Format } from '../context.js';
import { EXIT, InputError, UsageError } from '../errors.js';
import { examples } from '../help.js';
import type { SetExit } from './set-exit.js';

/** Flag → profile path, for building the profile and for error messages. */
const FLAGS: readonly [flag: string, key: string, path: readonly string[], help: string][] = [
  ['--rps', 'rps', ['workload', 'rps'], 'peak requests per second (e.g. 800 or 800/s)'],
  ['--sessions-per-day', 'sessionsPerDay', ['workload', 'sessionsPerDay'], 'sessions per day'],
  ['--requests-per-session', 'requestsPerSession', ['workload', 'requestsPerSession'], 'requests per session'],
  ['--peak-factor', 'peakFactor', ['workload', 'peakFactor'], 'peak rate ÷ mean rate (e.g. 3)'],
  ['--peak-hour-share', 'peakHourShare', ['workload', 'peakHourShare'], "share of the day's requests in the busiest hour (e.g. 15%)"],
  ['--concurrent-users', 'concurrentUsers', ['workload', 'concurrentUsers'], 'users active at peak'],
  ['--think-time', 'thinkTime', ['workload', 'thinkTime'], 'pause after a response before a user’s next request (e.g. 10s)'],
  ['--arrival-cv', 'arrivalCv', ['workload', 'arrivalCv'], 'coefficient of variation of the time between requests (default 1, Poisson; e.g. 2 for bursty traffic)'],
  ['--service-time', 'serviceTime', ['components', 'service', 'serviceTime'], 'mean time per request on one worker (e.g. 20ms)'],
  ['--capacity', 'capacity', ['components', 'service', 'capacity'], 'requests/s one replica completes at 100 % busy (e.g. 400/s)'],
  ['--workers', 'workers', ['components', 'service', 'workers'], 'workers per replica (c of M/M/c)'],
  ['--latency-p95', 'latencyP95', ['components', 'service', 'latencyP95'], 'p95 latency budget (e.g. 100ms)'],
  ['--utilization', 'utilization', ['targets', 'cpuUtilization'], 'target utilisation at peak (default 70%)'],
  ['--zones', 'zones', ['targets', 'zones'], 'zones to survive the loss of one'],
  ['--availability', 'availability', ['targets', 'availability'], 'availability target (e.g. 99.9%)'],
  ['--min', 'min', ['components', 'service', 'replicas', 'min'], 'fewest replicas'],
  ['--max', 'max', ['components', 'service', 'replicas', 'max'], 'most replicas'],
];

/** Builds the one-component profile data from flag values (strings, read with the profile's units). */
export function sizeProfileData(values: Readonly<Record<string, string | undefined>>): Record<string, unknown> {
  const data: Record<string, unknown> = { apiVersion: 'capplan/v1', name: 'size', workload: {}, targets: {}, components: { service: { kind: 'service' } } };
  for (const [, key, path] of FLAGS) {
    const v = values[key];
    if (v === undefined) continue;
    let cur = data as Record<string, unknown>;
    for (const seg of path.slice(0, -1)) cur = (cur[seg] ??= {}) as Record<string, unknown>;
    cur[path[path.length - 1]!] = v;
  }
  return data;
}

/** The service's missing capacity in the flags' words (the profile's message names operations, which no flag gives). */
const NO_CAPACITY = 'needs --service-time (e.g. 20ms: the time one request takes on one worker) or --capacity (e.g. 400/s: what one replica completes per second at 100 % busy)';

function flagFor(path: string): string {
  const exact = FLAGS.find(([, , p]) => p.join('.') === path);
  if (exact) return exact[0];
  // A check of several settings (replicas.min above replicas.max): the flags that give them.
  const under = path.startsWith('components.service.') ? FLAGS.filter(([, , p]) => p.join('.').startsWith(`${path}.`)) : [];
  if (under.length) return under.map(([flag]) => flag).join(' and ');
  if (path.startsWith('workload')) return '--rps, --sessions-per-day or --concurrent-users';
  if (path.startsWith('components.service')) return '--capacity or --service-time';
  return path;
}

/** Sizes one service from flags; returns the exit code. */
export async function runSize(values: Readonly<Record<string, string | undefined>>, format: Format, ctx: CliContext): Promise<number> {
  const [{ solve }, { plainSourceDocument }, { renderSizeJson, renderSizeMarkdown, renderSizeText }, { validateDocument }, { planPlausibilityWarnings }] = await Promise.all([
    import('../../plan/solve.js'),
    import('../../profile/source-document.js'),
    import('../../render/size.js'),
    import('../profile-input.js'),
    import('../plan-plausibility.js'),
  ]);
  // A profile may name thinkTime in expressions; a flag has no use but the users' law, so it is not dropped silently.
  if (values.thinkTime !== undefined && values.concurrentUsers === undefined) {
    throw new UsageError('--think-time is used only with --concurrent-users (X = N / Z); without it the flag would be ignored', 'for example: capplan size --concurrent-users 500 --think-time 10s --service-time 20ms');
  }
  let loaded;
  try {
    loaded = await validateDocument(plainSourceDocument(sizeProfileData(values), 'flags'));
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const lines = error.diagnostics.map((d) => (d.path === 'components.service' && d.message.startsWith('needs capacity') ? NO_CAPACITY : `${flagFor(d.path)}: ${d.message.replace(/^missing required key "(\w+)".*$/, 'missing')}${d.hint ? ` (${d.hint})` : ''}`));
    throw new UsageError(lines.join('\n  '), 'for example: capplan size --rps 800 --service-time 20ms --workers 4 --latency-p95 100ms');
  }
  const plan = solve(loaded.profile);
  const warnings = [...loaded.warnings, ...planPlausibilityWarnings(plan, loaded.profile, loaded.doc)];
  for (const w of warnings) ctx.warn(`warning: ${flagFor(w.path)}: ${w.message}`);
  const phase = plan.phases[0]!;
  await ctx.out(format === 'json' ? renderSizeJson(phase) : format === 'markdown' ? renderSizeMarkdown(phase) : renderSizeText(phase, ctx.palette, ctx.layout));
  return EXIT.ok;
}

/** Registers `size`. */
export function registerSize(program: Command, setExit: SetExit): void {
  const cmd = program
    .command('size')
    .description('size one service from flags, no file: replicas, binding constraint, utilisation, p95');
  examples(cmd, [
    ['capplan size --rps 800 --service-time 20ms --workers 4 --latency-p95 100ms', 'replicas for 800 req/s within a 100 ms p95'],
    ['capplan size --sessions-per-day 50000 --requests-per-session 20 --peak-factor 3 --capacity 200/s', 'from sessions per day'],
    ['capplan size --rps 800 --capacity 200/s --zones 3 --json', 'surviving a zone, as JSON'],
    ['capplan size --rps 800 --service-time 20ms --format markdown >> design.md', 'as a Markdown section for a document'],
  ]);
  for (const [flag, , , help] of FLAGS) cmd.addOption(new Option(`${flag} <value>`, help));
  withFormat(cmd).action(async (o: Record<string, string | undefined> & { format?: string; json?: boolean }, c: Command) => {
    setExit(await runSize(o, formatOf(o), contextOf(c)));
  });
}
