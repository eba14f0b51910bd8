/** The bundle's entry: run capplan with the process arguments and set the exit code. */
import { main } from './main.js';

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
