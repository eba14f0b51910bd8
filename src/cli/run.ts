/** The bundle's entry: run capplan with the process arguments and set the exit code. */
import { main } from './main.js';
import { WORKER_ARG } from './sample-worker-arg.js';
import { writeDirectly } from './stdio.js';

function runCommand(): void {
  // This process is capplan's own: its output may skip Node's stdio streams (stdio.ts).
  writeDirectly();
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}

// A worker thread of `plan --uncertain` (monte-carlo-threads.ts) plans samples; the argument
// anywhere else is an unknown option, which the command line reports.
if (process.argv[2] === WORKER_ARG) void import('./sample-worker.js').then((w) => w.serveSamples() || runCommand());
else runCommand();
