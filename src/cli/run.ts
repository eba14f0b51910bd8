/** The bundle's entry: run capplan with the process arguments and set the exit code. */
import { main } from './main.js';
import { writeDirectly } from './stdio.js';

// This process is capplan's own: its output may skip Node's stdio streams (stdio.ts).
writeDirectly();
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
