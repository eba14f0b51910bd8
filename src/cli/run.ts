/** The bundle's entry: run capplan with the process arguments and set the exit code. */
import { main } from './main.js';

process.exitCode = await main(process.argv.slice(2));
