/**
 * `capplan observe <profile> --prometheus URL`: production metrics → service demand per
 * component (operational laws), the model's p95 against the observed one, and a calibration
 * overlay for `plan --calibration`. This file is the I/O: HTTP to Prometheus with a timeout and
 * retries with backoff, the recording (`--save`, `--from`), and the overlay file (`--write`).
 */
import { InvalidArgumentError, type Command } from 'commander';
import { formatPromDuration, parsePromDuration, readTimeFlag } from '../../observe/promql.js';
import type { QuerySource, Recording, RecordedQuery } from '../../observe/source.js';
import { contextOf, formatOf, printWarnings, withFormat, type CliContext, type Format } from '../context.js';
import { EXIT, UsageError } from '../errors.js';
import { examplesHelp } from '../help.js';
import { repeatable } from '../once.js';
import { splitNumber, timeFactor } from '../../units/quantity.js';
import type { SetExit } from './set-exit.js';

/** Options of `capplan observe`. */
export interface ObserveOptions {
  prometheus?: string | undefined;
  from?: string | undefined;
  window?: number | undefined;
  end?: string | undefined;
  at?: string | undefined;
  rateWindow?: number | undefined;
  entry?: string | undefined;
  components?: string[] | undefined;
  tolerance: number;
  timeoutS: number;
  retries: number;
  save?: string | undefined;
  write?: string | undefined;
  force: boolean;
  allowResets: boolean;
  format: Format;
}

const DEFAULT_WINDOW_S = 7 * 86_400;
const DEFAULT_RATE_WINDOW_S = 300;
/** Largest recording `--from` reads (a week of answers for a large profile is a few MB). */
const MAX_RECORDING_BYTES = 64 * 1024 * 1024;

/** Observes a profile's components and prints (and optionally writes) the result; returns the exit code. */
export async function runObserve(file: string, opts: ObserveOptions, ctx: CliContext): Promise<number> {
  if ((opts.prometheus === undefined) === (opts.from === undefined)) {
    throw new UsageError('give --prometheus URL or --from FILE (one of them)', 'for example: capplan observe profile.yaml --prometheus http://localhost:9090');
  }
  // Loaded on demand, so that other commands (and --help) do not pay for them.
  const [{ planProfileFile }, io, obs, render, src, { ObserveError }, { renderOverlay }, { basicAuthOf, httpSource, parseBaseUrl }] = await Promise.all([
    import('../plan-pipeline.js'),
    import('../io.js'),
    import('../../observe/observe.js'),
    import('../../observe/render.js'),
    import('../../observe/source.js'),
    import('../../observe/collect.js'),
    import('../../observe/overlay.js'),
    import('../prometheus-http.js'),
  ]);
  // Paths no file can be written to are refused before Prometheus is asked (retries take seconds).
  io.refuseOutputPaths([opts.save, opts.write]);
  const base = opts.prometheus !== undefined ? parseBaseUrl(opts.prometheus) : null;
  const { profile, plan, fits, warnings } = await planProfileFile(file, { bill: false });
  printWarnings(ctx, warnings);

  let source: QuerySource;
  let sourceLabel: string;
  let recorded: Recording | null = null;
  if (opts.from !== undefined) {
    let data: unknown;
    try {
      data = JSON.parse(await io.readInputFile(opts.from, 'recording', MAX_RECORDING_BYTES));
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`${opts.from}: not JSON (${(error as Error).message})`);
    }
    const rec = src.parseRecording(data);
    if (typeof rec === 'string') throw new UsageError(`${opts.from}: ${rec}`);
    recorded = rec;
    source = src.replaySource(rec, opts.from);
    sourceLabel = `${opts.from} (recorded from ${rec.prometheus})`;
  } else {
    source = httpSource(base!, opts.timeoutS, opts.retries, (n) => ctx.warn(`${n}`), basicAuthOf(opts.prometheus!));
    sourceLabel = base!;
  }

  const nowS = Math.floor(Date.now() / 1000);
  const endText = opts.end ?? (recorded ? String(recorded.options.end) : 'now');
  const end = readTimeFlag('--end', endText, nowS);
  if (!end.ok) throw new UsageError(end.message, end.hint);
  const endS = end.s;
  const windowS = opts.window ?? (recorded ? parsePromDuration(recorded.options.window) : null) ?? DEFAULT_WINDOW_S;
  const rateWindowS = opts.rateWindow ?? (recorded ? parsePromDuration(recorded.options.rateWindow) : null) ?? DEFAULT_RATE_WINDOW_S;
  const atText = opts.at ?? recorded?.options.at ?? 'peak';
  let at: 'peak' | number;
  if (atText === 'peak') at = 'peak';
  else {
    const t = readTimeFlag('--at', atText, nowS);
    if (!t.ok) throw new UsageError(t.message, t.hint.replace('takes ', 'takes peak (the default), '));
    at = t.s;
  }
  const entry = opts.entry ?? (recorded?.options.entry || undefined);

  const log: RecordedQuery[] = [];
  const asked = opts.save !== undefined ? src.recordingSource(source, log) : source;
  let result;
  try {
    result = await obs.observeProfile(profile, plan, asked, {
      endS, windowS, rateWindowS, at, entry, only: opts.components, allowResets: opts.allowResets, tolerance: opts.tolerance, fits,
    });
  } catch (error) {
    if (error instanceof ObserveError) {
      const where = error.component ? `${error.component}: ` : '';
      throw new UsageError(`${where}${error.message}${error.query ? `\n  query: ${error.query}` : ''}`, error.hint);
    }
    throw error;
  }

  const outputs = new Map<string, string>();
  if (opts.save !== undefined) {
    const recording = {
      comment: `${io.GENERATED_MARKER} observe --save: Prometheus answers, replayed by capplan observe --from`,
      capplan: 'observe-recording',
      version: 1,
      prometheus: recorded ? recorded.prometheus : sourceLabel,
      options: { end: endS, window: formatPromDuration(windowS), rateWindow: formatPromDuration(rateWindowS), at: at === 'peak' ? 'peak' : String(at), entry: result.derived.entry },
      queries: log,
    };
    outputs.set(opts.save, `${JSON.stringify(recording, null, 2)}\n`);
  }
  if (opts.write !== undefined) {
    // Sealed like every file capplan generates: a later observe replaces it while it is unedited.
    outputs.set(opts.write, io.sealGenerated(renderOverlay({
      marker: io.GENERATED_MARKER,
      profile: profile.name,
      source: recorded ? recorded.prometheus : sourceLabel,
      obs: result.observation,
      derived: result.derived,
      values: result.calibration,
      entryQuery: result.observation.components.find((c) => c.name === result.derived.entry)!.rate.query,
      entryVisits: result.entryVisits,
    })));
  }
  if (outputs.size > 0) {
    const cleaned = io.removedTempsNote(await io.writeFilesAtomic(outputs, { force: opts.force }));
    if (cleaned) ctx.note(ctx.errPalette.yellow(cleaned));
  }

  const text =
    opts.format === 'json'
      ? render.renderObserveJson(result, sourceLabel)
      : opts.format === 'markdown'
        ? render.renderObserveMarkdown(result, sourceLabel)
        : render.renderObserveText(result, sourceLabel, ctx.palette, ctx.layout);
  await ctx.out(text);
  if (opts.save !== undefined) ctx.note(`wrote ${opts.save} (${log.length} answers); replay with: capplan observe ${file} --from ${opts.save}`);
  if (opts.write !== undefined) ctx.note(`wrote ${opts.write}; next: capplan plan ${file} --calibration ${opts.write}`);
  return EXIT.ok;
}


/** A Prometheus duration flag (5m, 1h30m, 7d) in seconds, at least 1 s. */
export function durationFlag(value: string): number {
  const s = parsePromDuration(value) ?? capplanDuration(value);
  if (s === null || s < 1) throw new InvalidArgumentError('expected a duration of at least 1s, like 30s, 5min, 1.5h or 7d (Prometheus\'s 5m and 1h30m are read too)');
  return s;
}

/** A duration as a profile writes it (5min, 1.5h, 90s): one rule for minutes across capplan, whatever Prometheus writes. */
function capplanDuration(value: string): number | null {
  const q = splitNumber(value);
  const unit = q && q.unit !== '' ? timeFactor(q.unit) : undefined;
  return q && unit !== undefined && Number.isFinite(q.value * unit) ? q.value * unit : null;
}

/** A fraction flag: 20% or 0.2. */
function fractionFlag(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(%?)$/.exec(value.trim());
  const v = m ? Number(m[1]) / (m[2] ? 100 : 1) : NaN;
  if (!(v >= 0 && v < 10)) throw new InvalidArgumentError('expected a tolerance like 20% or 0.2');
  return v;
}

/** A whole-number flag within bounds. */
function countFlag(min: number, max: number) {
  return (value: string): number => {
    const v = Number(value);
    if (!Number.isInteger(v) || v < min || v > max) throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    return v;
  };
}

/** Registers `observe`. */
export function registerObserve(program: Command, setExit: SetExit): void {
  withFormat(
    program
      .command('observe')
      .description('read production metrics from Prometheus: service demand per component (operational laws), model vs observed p95, a calibration overlay')
      .argument('<profile>', 'profile YAML file'),
  )
    .option('--prometheus <url>', 'base URL of the Prometheus server (http://host:9090)')
    .option('--from <file>', 'replay the answers recorded by --save instead of asking a server')
    .option('--window <duration>', 'look for the busiest moment in this window (default 7d)', durationFlag)
    .option('--end <time>', 'end of the window: now, RFC 3339 or Unix seconds (default now)')
    .option('--at <peak|time>', 'observe at the window\'s peak (default) or at this time')
    .option('--rate-window <duration>', 'range of each rate() (default 5m)', durationFlag)
    .option('--entry <component>', 'component whose rate is the user request rate (default: the first service no component calls)')
    .option('--component <names>', 'observe only these components (comma-separated)', repeatable((v: string, acc: string[] | undefined) => [...(acc ?? []), ...v.split(',').map((s) => s.trim()).filter(Boolean)]))
    .option('--tolerance <p>', 'relative tolerance around the observed p95\'s bucket (default 20%)', fractionFlag)
    .option('--timeout <duration>', 'timeout of each HTTP request (default 10s)', durationFlag)
    .option('--retries <n>', 'retries of a failed request, with backoff 0.5 s, 1 s, 2 s, … (default 2)', countFlag(0, 10))
    .option('--save <file>', 'write the answers Prometheus gave (JSON) for --from')
    .option('--write <file>', 'write the calibration overlay (YAML) for plan --calibration')
    .option('--force', 'overwrite files capplan did not write')
    .option('--allow-resets', 'accept counters that reset inside the rate window (Prometheus corrects the rate)')
    .addHelpText(
      'after',
      examplesHelp([
        ['capplan observe shop.yaml --prometheus http://localhost:9090 --window 7d', 'the busiest moment of the last 7 days'],
        ['capplan observe shop.yaml --prometheus http://prom:9090 --save observed.json --write calibration.yaml', 'record the answers and write a calibration overlay'],
        ['capplan observe shop.yaml --from observed.json', 'replay a recording, no server needed'],
        ['capplan plan shop.yaml --calibration calibration.yaml', 'plan with the measured service demands'],
      ]),
    )
    .action(async (file: string, o: Record<string, unknown>, c: Command) => {
      setExit(
        await runObserve(
          file,
          {
            prometheus: o.prometheus as string | undefined,
            from: o.from as string | undefined,
            window: o.window as number | undefined,
            end: o.end as string | undefined,
            at: o.at as string | undefined,
            rateWindow: o.rateWindow as number | undefined,
            entry: o.entry as string | undefined,
            components: o.component as string[] | undefined,
            tolerance: (o.tolerance as number | undefined) ?? 0.2,
            timeoutS: (o.timeout as number | undefined) ?? 10,
            retries: (o.retries as number | undefined) ?? 2,
            save: o.save as string | undefined,
            write: o.write as string | undefined,
            force: o.force === true,
            allowResets: o.allowResets === true,
            format: formatOf(o as { format?: string; json?: boolean }),
          },
          contextOf(c),
        ),
      );
    });
}
