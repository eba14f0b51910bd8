/**
 * Replications of a simulation spread over worker threads (each independent, seeded by its
 * index, so the results — merged in replication order — are the same bytes as a sequential run).
 * Falls back to the sequential run where the bundled worker is absent (tests run the sources).
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SimModel } from '../simulate/model.js';
import type { ReplicationResult } from '../simulate/result.js';
import { runReplications, type SimSettings } from '../simulate/runner.js';
import { packageRoot } from './package-root.js';
import type { WorkerMessage } from './simulate-worker.js';

/**
 * Threads by default: one (this thread). Measured on the 2-core development machines, shared with
 * other work, two workers made a 10^6-request run slower (9.6 s wall against 7.6 s): each worker
 * starts and warms up its own JIT; `--threads` helps on idle multi-core machines.
 */
export const DEFAULT_THREADS = 1;

/** The most threads worth asking for here: the machine's cores. */
export function maxThreads(): number {
  return Math.max(1, availableParallelism());
}

/** The bundled worker script, or null when running from the sources. */
function workerFile(): string | null {
  const file = join(packageRoot(), 'dist', 'simulate-worker.cjs');
  return existsSync(file) ? file : null;
}

/** Runs the replications on up to `threads` workers; `progress` gets the overall fraction done. */
export async function runReplicationsParallel(model: SimModel, s: SimSettings, threads: number, progress?: (fraction: number) => void): Promise<ReplicationResult[]> {
  const n = Math.min(threads, s.replications);
  const file = n > 1 ? workerFile() : null;
  if (file === null) return runReplications(model, s, progress);
  const results: ReplicationResult[] = [];
  const partial = new Array<number>(s.replications).fill(0);
  const report = () => progress?.(partial.reduce((a, b) => a + b, 0) / s.replications);
  let next = 0;
  const workers = Array.from({ length: n }, () => new Worker(file));
  try {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve, reject) => {
            let current = -1;
            const send = () => {
              if (next >= s.replications) return resolve();
              current = next++;
              w.postMessage({ model, settings: s, replication: current });
            };
            w.on('message', (m: WorkerMessage) => {
              if ('progress' in m) {
                partial[current] = m.progress;
                report();
                return;
              }
              results[m.replication] = m.result;
              partial[m.replication] = 1;
              report();
              send();
            });
            w.on('error', reject);
            w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`simulation worker exited with code ${code}`))));
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
