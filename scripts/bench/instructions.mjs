// Instructions a command executes, counted by Valgrind's callgrind (all threads, serialised):
// a start-up measure that does not move with the machine's load. On a shared 2-core machine the
// wall and CPU times of one start move by ±5–20 ms from run to run, so a change of 2 ms needs
// hundreds of paired runs to see; the count of the same run moves by ~0.5 %. Not a bar (the
// issue's bars are wall times), a way to tell whether a change to start-up paid. Only for short
// runs: V8 times its collections by the clock, which runs ~50× slower under Valgrind, so a long
// run's count can move with a GC flag that does not move its native CPU time (docs/development.md,
// round ten).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** Whether valgrind is on the PATH. */
export function hasValgrind() {
  return spawnSync('valgrind', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Instructions of `node ...argv` under callgrind (Valgrind's "Collected" count), or null when the
 * command failed (its status not in okStatus) or valgrind printed no count.
 */
export function countInstructions(argv, { env, cwd, scratch, okStatus = [0] }) {
  const out = join(scratch, 'callgrind.out');
  const r = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, process.execPath, ...argv], { env, cwd, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 << 20 });
  if (!okStatus.includes(r.status)) return null;
  const m = /Collected : (\d+)/.exec(String(r.stderr));
  return m ? Number(m[1]) : null;
}
