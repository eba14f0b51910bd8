/**
 * A worker thread of `capplan simulate`: runs the replications it is sent, one at a time, and
 * posts back their statistics (typed arrays, transferred) and its progress. Bundled as
 * dist/simulate-worker.cjs.
 */
import { parentPort } from 'node:worker_threads';
import type { SimModel } from '../simulate/model.js';
import type { ReplicationResult } from '../simulate/result.js';
import { runReplication, type SimSettings } from '../simulate/runner.js';

/** A replication to run. */
export interface WorkerTask {
  model: SimModel;
  settings: SimSettings;
  replication: number;
}

/** What a worker posts: progress within its replication, or the finished replication. */
export type WorkerMessage = { progress: number } | { replication: number; result: ReplicationResult };

/** The buffers of a result, to transfer rather than copy. */
export function transferables(r: ReplicationResult): ArrayBuffer[] {
  const arrays = [r.busyInt, r.queuedInt, r.aliveServersInt, r.aliveQueuesInt, r.count, r.sumResp, r.sumWait, r.waited, r.hist, r.rejected, r.lost, r.retries, r.e2eHist];
  if (r.windows) arrays.push(...Object.values(r.windows));
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

parentPort?.on('message', (task: WorkerTask) => {
  const result = runReplication(task.model, task.settings, task.replication, (f) => parentPort!.postMessage({ progress: f } satisfies WorkerMessage));
  parentPort!.postMessage({ replication: task.replication, result } satisfies WorkerMessage, transferables(result));
});
