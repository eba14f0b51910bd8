/**
 * The samples of `plan --uncertain` planned on this thread and on worker threads side by side.
 *
 * Each sample's figures depend on its draws alone (explore/monte-carlo.ts, samplePlanner), so
 * the threads share the work in chunks of CHUNK samples, each taking the next chunk from a shared
 * counter (Atomics) when it is free: a worker that starts late (it loads the bundle and warms up
 * its own JIT) takes fewer chunks, and the figures, put back in draw order, are the same bytes
 * whichever thread planned which sample (test/explore/threads.e2e.test.ts). A worker that fails
 * leaves its chunks to this thread. Workers run the bundle itself (dist/main.cjs, with WORKER_ARG:
 * run.ts); run from the sources (tests), every sample is planned here.
 *
 * Measured on the 2-core CI machine, `plan profiles/ngx-agents.yaml --uncertain` (2,000 samples):
 * see docs/development.md, "Round seven".
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { drawSamples, runMonteCarlo, samplePlanner, type Draw, type MonteCarloOptions, type MonteCarloResult, type SampleFigures } from '../explore/monte-carlo.js';
import type { UncertainInput } from '../explore/sample-profile.js';
import { priceBill, type BillOptions } from '../pricing/bill.js';
import type { Profile } from '../profile/load.js';
import { writeStderr } from './io.js';
import { WORKER_ARG } from './sample-worker-arg.js';

/** Samples a thread takes at a time. */
const CHUNK = 25;

/**
 * Work left (ms on this thread) above which workers are started. Measured here, plan of
 * ngx-agents --uncertain: 300 samples (~0.5 s of planning) took 696 ms on one thread and 756 ms
 * with a worker; 600 samples 768 / 701 ms; 2,000 samples 2,035 / 1,658 ms (medians of 7).
 */
const SPAWN_WORTH_MS = 1000;

/** The most threads used without --threads: past four, a worker's start-up costs more than its share saves for a few thousand samples. */
const DEFAULT_MAX_THREADS = 4;

/** What a worker is given (structured-cloned: the profile and the bill options are plain data). */
export interface SampleTask {
  profile: Profile;
  inputs: UncertainInput[];
  phase: number;
  price: BillOptions | null;
  draws: Draw[];
  /** The next chunk to take (one Int32 on a SharedArrayBuffer). */
  next: Int32Array;
  chunk: number;
}

/** What a worker posts: a chunk's figures, or that it has no more to take. */
export type SampleMessage = { chunk: number; figures: SampleFigures[] } | { done: true };

/** Threads to use by default: up to DEFAULT_MAX_THREADS, as the machine has cores. */
export function defaultThreads(): number {
  return Math.max(1, Math.min(DEFAULT_MAX_THREADS, availableParallelism()));
}

/** The bundle this code runs from, or null when it runs from the sources. */
function runningBundle(): string | null {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.cjs') ? here : null;
}

/** Takes chunks from `next` until none is left, planning each sample of a chunk with `figures`; `done` gets each chunk's figures. */
export function takeChunks(draws: readonly Draw[], next: Int32Array, chunk: number, figures: (draw: Draw) => SampleFigures, done: (chunk: number, figures: SampleFigures[]) => void): void {
  const chunks = Math.ceil(draws.length / chunk);
  for (let k = Atomics.add(next, 0, 1); k < chunks; k = Atomics.add(next, 0, 1)) {
    const out: SampleFigures[] = [];
    for (let j = k * chunk; j < Math.min(draws.length, (k + 1) * chunk); j++) out.push(figures(draws[j]!));
    done(k, out);
  }
}

/**
 * Every draw's figures, in draw order, planned on up to `threads` threads (this one included);
 * `figures` plans one sample on this thread. Threads the user asked for (`asked`) start at once;
 * by default workers are started once this thread's first chunk shows the work left worth them
 * (SPAWN_WORTH_MS): a worker takes ~0.2 s to start here, and shares the machine's cores with
 * this thread and the garbage collector's. `bundle`: the script a worker runs (the running
 * bundle; null: none, every sample is planned here).
 */
export async function planSamples(
  task: Omit<SampleTask, 'next' | 'chunk'>,
  figures: (draw: Draw) => SampleFigures,
  threads: number,
  asked: boolean,
  bundle: string | null = runningBundle(),
): Promise<{ figures: SampleFigures[]; workers: number; here: number }> {
  const { draws } = task;
  const out = new Array<SampleFigures | undefined>(draws.length);
  const place = (k: number, f: readonly SampleFigures[]) => f.forEach((one, i) => (out[k * CHUNK + i] = one));
  const next = new Int32Array(new SharedArrayBuffer(4));
  const started: Worker[] = [];
  const finished: Promise<void>[] = [];
  const start = () => {
    const workers = bundle === null ? 0 : Math.min(threads - 1, Math.ceil(draws.length / CHUNK) - Atomics.load(next, 0));
    for (let w = 0; w < workers; w++) {
      let worker: Worker;
      try {
        worker = new Worker(bundle!, { argv: [WORKER_ARG], workerData: { ...task, next, chunk: CHUNK } satisfies SampleTask, stdout: true, stderr: true });
      } catch {
        // No worker (threads refused, data that does not clone): this thread plans every chunk.
        return;
      }
      started.push(worker);
      finished.push(
        new Promise<void>((resolve) => {
          worker.on('message', (m: SampleMessage) => {
            if ('done' in m) resolve();
            else place(m.chunk, m.figures);
          });
          // A worker that fails leaves the chunks it took to this thread (below).
          worker.on('error', () => resolve());
          worker.on('exit', () => resolve());
        }),
      );
    }
  };
  if (asked && threads > 1) start();
  let first = !asked;
  let here = 0;
  const began = performance.now();
  try {
    takeChunks(draws, next, CHUNK, figures, (k, f) => {
      place(k, f);
      here += f.length;
      if (!first) return;
      first = false;
      // The first chunk's time per sample (cold: it overstates the rest) times the samples left.
      const left = ((performance.now() - began) / f.length) * (draws.length - Atomics.load(next, 0) * CHUNK);
      if (threads > 1 && left > SPAWN_WORTH_MS) start();
    });
    await Promise.all(finished);
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
  // What a failed worker took and did not deliver.
  for (let j = 0; j < draws.length; j++) {
    if (out[j] !== undefined) continue;
    out[j] = figures(draws[j]!);
    here += 1;
  }
  return { figures: out as SampleFigures[], workers: started.length, here };
}

/**
 * runMonteCarlo with its samples planned on up to `threads` threads (planSamples; `asked`: the
 * user's --threads), priced with `price` (null: not priced). Under CAPPLAN_DEBUG it says on stderr
 * how the samples were shared.
 */
export async function runMonteCarloOnThreads(
  profile: Profile,
  inputs: UncertainInput[],
  opts: Omit<MonteCarloOptions, 'price'>,
  price: BillOptions | null,
  threads: number,
  asked: boolean,
): Promise<MonteCarloResult> {
  const mc: MonteCarloOptions = { ...opts, ...(price ? { price: (p) => priceBill(p, price) } : {}) };
  if (threads <= 1) return runMonteCarlo(profile, inputs, mc);
  const shared = await planSamples({ profile, inputs, phase: opts.phase, price, draws: drawSamples(inputs, mc) }, samplePlanner(profile, inputs, mc).figures, threads, asked);
  if (process.env.CAPPLAN_DEBUG) writeStderr(`capplan: debug: ${opts.samples} samples, ${shared.workers} worker thread${shared.workers === 1 ? '' : 's'} besides this one, which planned ${shared.here}`);
  return runMonteCarlo(profile, inputs, mc, shared.figures);
}
