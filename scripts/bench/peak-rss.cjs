// Preloaded by the bench (`node -r ./scripts/bench/peak-rss.cjs bin/capplan.js …`): at exit,
// writes the process's peak resident set size in bytes (getrusage's ru_maxrss) and its CPU time
// (user + system, µs) to the file named by CAPPLAN_BENCH_RSS_FILE, separated by a space: on a
// shared machine the CPU time says what the work costs when the wall time also holds waiting.
// Development only; the CLI never loads it.
//
// A CommonJS script loaded with -r, not an ES module with --import: --import starts Node's ES
// module loader before the command runs, which added ~10 ms to every measured run (node -e 0:
// 60.5 ms alone, 70.5 with the .mjs preload, 62.4 with this one; medians of 21 interleaved runs),
// time the bar then charged to capplan.
'use strict';
const { writeFileSync } = require('node:fs');

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
