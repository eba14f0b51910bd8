// Preloaded by the bench (`node --import ./scripts/bench/peak-rss.mjs bin/capplan.js …`): at exit,
// writes the process's peak resident set size in bytes (getrusage's ru_maxrss) and its CPU time
// (user + system, µs) to the file named by CAPPLAN_BENCH_RSS_FILE, separated by a space: on a
// shared machine the CPU time says what the work costs when the wall time also holds waiting. Development only; the CLI never loads it.
import { writeFileSync } from 'node:fs';

const file = process.env.CAPPLAN_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      const use = process.resourceUsage();
      writeFileSync(file, `${use.maxRSS * 1024} ${use.userCPUTime + use.systemCPUTime}`);
    } catch {
      // The bench reports a missing figure; the command's own exit code is untouched.
    }
  });
}
