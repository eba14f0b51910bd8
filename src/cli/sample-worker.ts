/**
 * A worker thread of `plan --uncertain` (monte-carlo-threads.ts): plans the chunks of samples it
 * takes and posts their figures back, then that it is done. It runs the bundle (run.ts starts it
 * on WORKER_ARG) with the profile, inputs and bill options the main thread loaded.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { samplePlanner } from '../explore/monte-carlo.js';
import { priceBill } from '../pricing/bill.js';
import { takeChunks, type SampleMessage, type SampleTask } from './monte-carlo-threads.js';

/** Plans chunks until none is left; false (nothing done) outside a worker thread. */
export function serveSamples(): boolean {
  const task = workerData as SampleTask | null;
  const port = parentPort;
  if (port === null || task === null) return false;
  const price = task.price;
  const { figures } = samplePlanner(task.profile, task.inputs, { phase: task.phase, ...(price ? { price: (p) => priceBill(p, price) } : {}) });
  takeChunks(task.draws, task.next, task.chunk, figures, (chunk, f) => port.postMessage({ chunk, figures: f } satisfies SampleMessage));
  port.postMessage({ done: true } satisfies SampleMessage);
  return true;
}
