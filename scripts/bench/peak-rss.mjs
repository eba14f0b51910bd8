// Preloaded by the bench (`node --import ./scripts/bench/peak-rss.mjs bin/capplan.js …`): at exit,
// writes the process's peak resident set size in bytes (getrusage's ru_maxrss) to the file named
// by CAPPLAN_BENCH_RSS_FILE. Development only; the CLI never loads it.
import { writeFileSync } from 'node:fs';

const file = process.env.CAPPLAN_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    try {
      writeFileSync(file, String(process.resourceUsage().maxRSS * 1024));
    } catch {
      // The bench reports a missing figure; the command's own exit code is untouched.
    }
  });
}
