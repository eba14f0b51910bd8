/** The argument that makes the bundle a worker thread planning `plan --uncertain`'s samples (run.ts, monte-carlo-threads.ts). Its own module: run.ts reads it on every start. */
export const WORKER_ARG = '--capplan-sample-worker';
