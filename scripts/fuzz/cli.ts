/**
 * `npm run fuzz -- --cases N --seed S [--target profiles|loadtests|plans|flags|all]`: seeded,
 * reproducible fuzzing of capplan's CLI. Cases are generated from (seed, case number), run on a
 * pool of worker processes with a per-case time and memory budget, classified, and each new
 * failure signature is shrunk and written as a reproducer. Exit 0 when nothing failed, 1 when
 * something did, 2 for bad harness arguments. Dev-only: never bundled into the CLI.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TARGETS, type FuzzCase, type Target } from './case.js';
import { classify, FAILING, type Classified, type OutcomeClass } from './classify.js';
import { readCorpus } from './corpus.js';
import { addPlanSeeds, generateCase } from './generate.js';
import { MAX_CASE_BYTES, Pool } from './pool.js';
import { listRepros, readRepro, writeRepro } from './repro.js';
import { shrinkCase } from './shrink.js';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

const USAGE = `usage: npm run fuzz -- [--cases N] [--seed S] [--target profiles|loadtests|plans|flags|all]
       [--jobs J] [--timeout-ms MS] [--memory-mb MB] [--out DIR] [--no-shrink] [--first I] [--case I[,I…]] [--replay DIR]`;

interface Options {
  cases: number;
  seed: number;
  targets: Target[];
  jobs: number;
  timeoutMs: number;
  memoryMiB: number;
  out: string;
  shrink: boolean;
  /** The case indices `--case` names (one, or several separated by commas); null: 0 … cases − 1. */
  only: number[] | null;
  /** The first case index of a run of `cases` (resuming a run that stopped: `--first`). */
  first: number;
  replay: string | null;
  quiet: boolean;
}

function fail(message: string): never {
  process.stderr.write(`fuzz: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function intOption(value: string | undefined, name: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) fail(`--${name} ${value}: expected a whole number ≥ ${min}`);
  return n;
}

function parseOptions(argv: string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        cases: { type: 'string' }, seed: { type: 'string' }, target: { type: 'string' }, jobs: { type: 'string' },
        'timeout-ms': { type: 'string' }, 'memory-mb': { type: 'string' }, out: { type: 'string' }, 'no-shrink': { type: 'boolean' },
        case: { type: 'string' }, first: { type: 'string' }, replay: { type: 'string' }, quiet: { type: 'boolean' }, help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const target = values.target ?? 'all';
  if (target !== 'all' && !TARGETS.includes(target as Target)) fail(`--target ${target}: expected one of ${TARGETS.join(', ')}, all`);
  return {
    cases: intOption(values.cases, 'cases', 1000, 1),
    seed: intOption(values.seed, 'seed', 1),
    targets: target === 'all' ? [...TARGETS] : [target as Target],
    jobs: intOption(values.jobs, 'jobs', 1, 1),
    timeoutMs: intOption(values['timeout-ms'], 'timeout-ms', 5000, 100),
    memoryMiB: intOption(values['memory-mb'], 'memory-mb', 1024, 128),
    out: resolve(values.out ?? join(ROOT, '.tmp/fuzz')),
    shrink: values['no-shrink'] !== true,
    first: intOption(values.first, 'first', 0, 0),
    only: values.case === undefined ? null : values.case.split(',').map((i) => intOption(i.trim(), 'case', 0)),
    replay: values.replay ?? null,
    quiet: values.quiet === true,
  };
}

interface Found {
  verdict: Classified;
  first: FuzzCase;
  count: number;
  /** Every failing case's index, in the order they ended. */
  indices: number[];
}

/** The most case indices a summary line lists, and the most the closing `--case` list holds. */
const LISTED_CASES = 20;
const RERUN_CASES = 500;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}

async function replay(opts: Options, pool: Pool): Promise<number> {
  const dirs = listRepros(opts.replay!);
  const all = dirs.length ? dirs : [opts.replay!];
  let failing = 0;
  for (const dir of all) {
    const { c, manifest } = readRepro(dir);
    const verdict = classify(c, await pool.run(c));
    if (FAILING.has(verdict.cls)) failing++;
    process.stdout.write(`${verdict.cls.padEnd(16)} ${dir}\n  was: ${manifest.signature}\n  now: ${verdict.signature}\n${verdict.detail ? `  ${verdict.detail.split('\n').slice(0, 6).join('\n  ')}\n` : ''}`);
  }
  return failing ? 1 : 0;
}

async function main(): Promise<number> {
  const opts = parseOptions(process.argv.slice(2));
  const pool = new Pool({ root: ROOT, jobs: opts.jobs, timeoutMs: opts.timeoutMs, memoryMiB: opts.memoryMiB });
  // Interrupted (Ctrl-C, a CI timeout): stop the workers and remove their scratch folder first.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void pool.close().finally(() => process.exit(130)));
  try {
    if (opts.replay) return await replay(opts, pool);
    return await fuzz(opts, pool);
  } finally {
    await pool.close();
  }
}

/** Shrinks a failing case while its signature holds, and writes the result over its first reproducer. */
async function shrinkAndWrite(opts: Options, pool: Pool, c: FuzzCase, verdict: Classified): Promise<string> {
  const reproduces = async (candidate: FuzzCase) => classify(candidate, await pool.run(candidate)).signature === verdict.signature;
  const budget = verdict.cls === 'hang' || verdict.cls === 'memory' ? { maxRuns: 40, maxMs: 120_000 } : { maxRuns: 400, maxMs: 60_000 };
  const { shrunk } = await shrinkCase(c, reproduces, budget);
  return writeRepro(opts.out, shrunk, verdict);
}

async function fuzz(opts: Options, pool: Pool): Promise<number> {
  const started = performance.now();
  const corpus = readCorpus(ROOT);
  if (opts.targets.includes('plans')) await addPlanSeeds(corpus, ROOT);
  const counts = new Map<Target, Map<OutcomeClass, number>>(opts.targets.map((t) => [t, new Map()]));
  const found = new Map<string, Found>();
  const slowest: { ms: number; index: number; target: Target }[] = [];
  const indices = opts.only !== null ? opts.only : Array.from({ length: opts.cases }, (_, i) => opts.first + i);
  let done = 0;
  let lastReport = performance.now();
  const inFlight = new Set<Promise<void>>();
  const shrinking = new Set<Promise<void>>();
  const written = new Map<string, string>();
  const ungenerated: number[] = [];
  for (const index of indices) {
    let c: FuzzCase;
    try {
      c = generateCase(corpus, opts.targets, opts.seed, index);
    } catch (error) {
      // A bug of the harness, not of capplan: said, counted, and the run goes on (and fails).
      ungenerated.push(index);
      process.stderr.write(`fuzz: case ${index}: not generated: ${(error as Error)?.message ?? String(error)}\n`);
      done++;
      continue;
    }
    const p = pool.run(c).then(async (first) => {
      // A hang or memory verdict is confirmed by a second run: a machine busy with other work can
      // push a slow case past the budget once.
      let outcome = first;
      if (first.timedOut || first.memoryMiB !== undefined) {
        const again = await pool.run(c);
        if (!again.timedOut && again.memoryMiB === undefined) outcome = again;
      }
      const verdict = classify(c, outcome);
      const byClass = counts.get(c.target)!;
      byClass.set(verdict.cls, (byClass.get(verdict.cls) ?? 0) + 1);
      slowest.push({ ms: outcome.ms, index, target: c.target });
      slowest.sort((a, b) => b.ms - a.ms).splice(5);
      if (FAILING.has(verdict.cls)) {
        const f = found.get(verdict.signature);
        if (f) {
          f.count++;
          f.indices.push(index);
        } else {
          found.set(verdict.signature, { verdict, first: c, count: 1, indices: [index] });
          if (!opts.quiet) process.stderr.write(`fuzz: case ${index} (${c.target}): ${verdict.cls}: ${verdict.signature}\n`);
          // Written at once, and again when shrunk, so that a run that crashes or is killed keeps it.
          written.set(verdict.signature, writeRepro(opts.out, c, verdict));
          if (opts.shrink) shrinking.add(shrinkAndWrite(opts, pool, c, verdict).then((dir) => void written.set(verdict.signature, dir)));
        }
      }
      done++;
      if (!opts.quiet && performance.now() - lastReport > 10_000) {
        lastReport = performance.now();
        const s = (lastReport - started) / 1000;
        process.stderr.write(`fuzz: ${done}/${indices.length} cases, ${(done / s).toFixed(0)}/s, ${found.size} failing signatures\n`);
      }
    });
    inFlight.add(p);
    void p.then(() => inFlight.delete(p));
    if (inFlight.size >= opts.jobs * 2) await Promise.race(inFlight);
  }
  await Promise.all(inFlight);
  const runMs = performance.now() - started;
  await Promise.all(shrinking);

  const classes: OutcomeClass[] = ['ok', 'violation', 'rejected', 'internal', 'hang', 'memory', 'crash', 'unpositioned', 'bad-output', 'invariant', 'nondeterministic', 'skipped'];
  const rows = [['target', ...classes]];
  for (const [t, byClass] of counts) rows.push([t, ...classes.map((k) => String(byClass.get(k) ?? 0))]);
  const out: string[] = [table(rows), ''];
  out.push(`slowest: ${slowest.map((s) => `case ${s.index} (${s.target}) ${s.ms.toFixed(0)} ms`).join(', ')}`);
  for (const [signature, f] of found) {
    const listed = [...f.indices].sort((a, b) => a - b);
    const more = listed.length > LISTED_CASES ? `, … ${listed.length - LISTED_CASES} more` : '';
    out.push(`${f.verdict.cls}: ${signature} (${f.count} case${f.count === 1 ? '' : 's'}, first ${f.first.index}: ${listed.slice(0, LISTED_CASES).join(', ')}${more})`);
  }
  // Every failing case again, after a fix: the same seed, only those indices.
  const failingIndices = [...new Set([...found.values()].flatMap((f) => f.indices))].sort((a, b) => a - b);
  if (failingIndices.length) out.push(`again: npm run fuzz -- --seed ${opts.seed} --case ${failingIndices.slice(0, RERUN_CASES).join(',')}${failingIndices.length > RERUN_CASES ? ` (the first ${RERUN_CASES} of ${failingIndices.length})` : ''}`);
  for (const w of written.values()) out.push(`reproducer: ${w}`);
  const skipped = [...counts.values()].reduce((n, byClass) => n + (byClass.get('skipped') ?? 0), 0);
  if (skipped) out.push(`skipped: ${skipped} case${skipped === 1 ? '' : 's'} too large to send to a worker (over ${MAX_CASE_BYTES / 2 ** 20} MiB of input)`);
  if (ungenerated.length) out.push(`not generated (a harness bug): ${ungenerated.length} case${ungenerated.length === 1 ? '' : 's'}: ${ungenerated.slice(0, LISTED_CASES).join(', ')}`);
  const failing = [...found.values()].reduce((n, f) => n + f.count, 0);
  out.push(`fuzz: ${indices.length} cases (seed ${opts.seed}), ${failing} failing in ${found.size} signature${found.size === 1 ? '' : 's'}, ${(runMs / 1000).toFixed(1)} s, ${(indices.length / (runMs / 1000)).toFixed(0)} cases/s, ${pool.spawned} workers started`);
  process.stdout.write(`${out.join('\n')}\n`);
  return found.size > 0 || ungenerated.length > 0 ? 1 : 0;
}

process.exitCode = await main();
