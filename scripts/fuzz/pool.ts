/**
 * A pool of fuzz workers (child processes running worker.ts under tsx). Each case gets a time
 * budget and a memory budget (resident set size, read from /proc while it runs); a worker that
 * exceeds either is killed and replaced, and a worker that dies by itself reports how.
 *
 * The time budget is CPU time where /proc tells it (the worker's user + system time since the
 * case began, all its threads): a case is a hang when it computes for longer than the budget,
 * whatever else the machine runs. Wall time alone called valid 3,000-component profiles hangs
 * on a busy machine. A case that waits without computing (a blocked read) is stopped by the
 * wall clock at WALL_FACTOR × the budget (one computing slowly on a crowded machine, at
 * MAX_WALL_FACTOR × it); without /proc the budget is wall time. Each run of
 * capplan on a case has a budget of its own: the worker says when the determinism check's second
 * run or the invariant checks begin (a `lap` message), and the budget starts again; sending the
 * outcome back (up to about 100 MB of output) is not charged to the case.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FuzzCase, RawOutcome } from './case.js';

/** Budgets and size of the pool. */
export interface PoolOptions {
  root: string;
  jobs: number;
  timeoutMs: number;
  memoryMiB: number;
}

interface Job {
  c: FuzzCase;
  resolve: (o: RawOutcome) => void;
}

interface Worker {
  child: ChildProcess;
  ready: boolean;
  job: Job | null;
  started: number;
  timer: NodeJS.Timeout | null;
  killedFor: { timedOut: true; during?: string } | { memoryMiB: number } | null;
  /** The run of the case under way when it is not the first (the worker says; see worker.ts `lap`). */
  during: string | undefined;
  /** The worker's CPU time (ms) when its case began; null where /proc cannot tell it. */
  cpuAtStartMs: number | null;
  /** Whether a run of capplan is under way (between startBudget and stopBudget): only then does the memory budget apply. */
  running: boolean;
  /** Killed or being replaced: no more cases go to it. */
  dying: boolean;
  stderrTail: string;
  cases: number;
}

/** Cases a worker runs before it is replaced (bounds what leaks could accumulate). */
const CASES_PER_WORKER = 4000;

/**
 * The most bytes of input files one case may send to a worker. The case travels as JSON over the
 * IPC channel: a 400 MB case once overflowed V8's string limit in `send` and crashed the whole
 * run, and one of 100 MB costs the parent and the worker seconds and gigabytes before capplan
 * even starts. Every input capplan reads is refused past 64 MiB, so a larger case tests nothing
 * more: it is skipped, and counted.
 */
export const MAX_CASE_BYTES = 96 * 2 ** 20;

/** Bytes of a case's input files (text as UTF-16 code units, a fair bound on its JSON). */
export function caseBytes(c: FuzzCase): number {
  return c.files.reduce((n, f) => n + (f.text?.length ?? 0) + (f.base64?.length ?? 0), 0) + c.argv.reduce((n, a) => n + a.length, 0);
}

/**
 * The V8 flags bin/capplan.js sets before it runs the bundle (its `shortRunFlags`: a larger
 * interrupt budget and a young generation that grows faster, on Node < 22), so that a case costs
 * what a user's run costs: the flags of a run that reads a profile, as every case's runs do (runs
 * that read none grow the young generation fourfold). Kept equal to the launcher's by
 * test/fuzz/harness.test.ts.
 */
export const LAUNCHER_V8_FLAGS: readonly string[] = Number(process.versions.node.split('.')[0]) < 22 ? ['--interrupt-budget=540672', '--semi-space-growth-factor=16'] : [];

/** Wall-clock bound of a case, as a multiple of the CPU budget (a case blocked without computing). */
export const WALL_FACTOR = 4;
/**
 * Wall-clock bound of a case that computes, but slowly: one that has used at least
 * 1 / WALL_FACTOR of its budget in CPU time by WALL_FACTOR × the budget is starved, not blocked,
 * and may go on to this multiple (at a load average of 10 on 2 cores a process gets a fifth of a
 * core, so a valid case of 4 s of CPU took 20 s).
 */
export const MAX_WALL_FACTOR = 25;

/** Clock ticks per second of /proc/PID/stat's times (USER_HZ: 100 on every Linux build Node supports). */
const TICKS_PER_S = 100;

/** User + system CPU time of a process in ms (fields 14 and 15 of /proc/PID/stat, after the command name), or null. */
export function cpuMs(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_S : null;
  } catch {
    return null;
  }
}

function rssMiB(pid: number): number | null {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}

function unsent(reason: string): RawOutcome {
  return { exit: null, stdout: '', stderr: '', ms: 0, unsent: reason };
}

/** Runs cases on child processes with per-case budgets. */
export class Pool {
  private readonly workers: Worker[] = [];
  private readonly queue: Job[] = [];
  private readonly watcher: NodeJS.Timeout;
  private closed = false;
  /**
   * The scratch folder every worker writes its cases under. A worker removes its own on exit,
   * but one killed for a budget cannot: the pool removes them all when it closes.
   */
  private readonly scratch = mkdtempSync(join(tmpdir(), 'capplan-fuzz-'));
  /** Workers started (the first `jobs` plus every replacement). */
  spawned = 0;

  constructor(private readonly opts: PoolOptions) {
    for (let i = 0; i < opts.jobs; i++) this.workers.push(this.spawn());
    this.watcher = setInterval(() => this.watch(), 50);
    this.watcher.unref();
  }

  /** Runs one case; resolves with its raw outcome (never rejects). A case too large to send is not run: its outcome says so (`unsent`). */
  run(c: FuzzCase): Promise<RawOutcome> {
    const bytes = caseBytes(c);
    if (bytes > MAX_CASE_BYTES) return Promise.resolve(unsent(`${mib(bytes)} of input, over the ${mib(MAX_CASE_BYTES)} a case may send`));
    return new Promise((resolve) => {
      this.queue.push({ c, resolve });
      this.dispatch();
    });
  }

  /** Stops every worker. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.watcher);
    await Promise.all(
      this.workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.child.exitCode !== null || w.child.signalCode !== null) return resolve();
            w.child.once('exit', () => resolve());
            w.child.kill('SIGKILL');
          }),
      ),
    );
    rmSync(this.scratch, { recursive: true, force: true });
  }

  private spawn(): Worker {
    this.spawned++;
    const child = fork(join(this.opts.root, 'scripts/fuzz/worker.ts'), [], {
      cwd: this.opts.root,
      // The memory budget is the resident set the watcher reads; V8's heap cap is only a backstop,
      // at twice it: a cap near the budget made V8 collect harder and charged a valid
      // 3,000-component plan 0.5 s more CPU than a user's run (5.1 s against 4.6 s).
      execArgv: ['--import', 'tsx', `--max-old-space-size=${2 * this.opts.memoryMiB + 256}`, ...LAUNCHER_V8_FLAGS],
      env: { ...process.env, NO_COLOR: '1', CAPPLAN_DEBUG: '1', FORCE_COLOR: '', CAPPLAN_FUZZ_SCRATCH: this.scratch },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const w: Worker = { child, ready: false, job: null, started: 0, timer: null, killedFor: null, during: undefined, cpuAtStartMs: null, running: false, dying: false, stderrTail: '', cases: 0 };
    const tail = (chunk: Buffer) => {
      w.stderrTail = (w.stderrTail + chunk.toString('utf8')).slice(-4000);
    };
    child.stderr!.on('data', tail);
    child.stdout!.on('data', tail);
    // A worker that never gets ready (its modules changed under it, say) is replaced, not waited for.
    const startup = setTimeout(() => {
      if (!w.ready) child.kill('SIGKILL');
    }, 60_000);
    startup.unref();
    child.on('message', (m: { ready?: boolean; index?: number; outcome?: RawOutcome; heapMiB?: number; lap?: number; what?: string; measured?: number }) => {
      if (m.lap !== undefined) {
        if (w.job && m.lap === w.job.c.index && !w.killedFor) this.startBudget(w, m.what);
        return;
      }
      if (m.measured !== undefined) {
        if (w.job && m.measured === w.job.c.index && !w.killedFor) this.stopBudget(w);
        return;
      }
      if (m.ready) {
        clearTimeout(startup);
        w.ready = true;
        this.dispatch();
        return;
      }
      const job = w.job;
      if (!job || m.index !== job.c.index || !m.outcome) return;
      this.finish(w, m.outcome);
      // A worker grown past half the budget (the heap, or what the heap gave back but the process
      // kept) is replaced, so that a case is charged only for what it allocates itself.
      const rss = w.child.pid === undefined ? null : rssMiB(w.child.pid);
      if (w.cases >= CASES_PER_WORKER || (m.heapMiB ?? 0) > this.opts.memoryMiB / 2 || (rss ?? 0) > this.opts.memoryMiB / 2) this.replace(w, true);
      else this.dispatch();
    });
    child.on('exit', (code, signal) => {
      if (w.job) {
        const killed = w.killedFor;
        const elapsed = performance.now() - w.started;
        const base = { exit: null, stdout: '', stderr: '', ms: elapsed };
        this.finish(w, killed ? { ...base, ...killed } : { ...base, died: { code, signal, stderrTail: w.stderrTail } });
      }
      if (!this.closed) this.replace(w, false);
    });
    return w;
  }

  private finish(w: Worker, outcome: RawOutcome): void {
    const job = w.job!;
    if (w.timer) clearTimeout(w.timer);
    w.timer = null;
    w.job = null;
    w.cases++;
    job.resolve(outcome);
  }

  private replace(w: Worker, kill: boolean): void {
    const i = this.workers.indexOf(w);
    if (i < 0) return;
    w.dying = true;
    if (kill) {
      w.child.removeAllListeners('exit');
      w.child.kill('SIGKILL');
    }
    this.workers[i] = this.spawn();
  }

  private dispatch(): void {
    for (const w of this.workers) {
      if (!w.ready || w.dying || w.job || this.queue.length === 0) continue;
      const job = this.queue.shift()!;
      w.job = job;
      w.started = performance.now();
      w.killedFor = null;
      w.stderrTail = '';
      this.startBudget(w, undefined);
      try {
        w.child.send({ case: job.c });
      } catch (error) {
        // Not sent (the message could not be serialised): the worker never saw it and stays usable.
        if (w.timer) clearTimeout(w.timer);
        w.timer = null;
        w.job = null;
        job.resolve(unsent(`not sent to a worker: ${(error as Error).message}`));
        queueMicrotask(() => this.dispatch());
      }
    }
  }

  /** Starts the time budget of a run of capplan on the worker's case: the first, or another one (`during`). */
  private startBudget(w: Worker, during: string | undefined): void {
    if (w.timer) clearTimeout(w.timer);
    w.during = during;
    w.running = true;
    w.cpuAtStartMs = w.child.pid === undefined ? null : cpuMs(w.child.pid);
    if (w.cpuAtStartMs === null) {
      w.timer = setTimeout(() => this.kill(w, this.timedOut(w)), this.opts.timeoutMs);
      return;
    }
    const runStarted = performance.now();
    const wallCheck = () => {
      // Computing, only slowly (a machine with many more processes than cores): not blocked, and
      // the CPU budget will tell. Up to MAX_WALL_FACTOR × the budget on the wall clock.
      const cpu = w.child.pid === undefined ? null : cpuMs(w.child.pid);
      const computing = cpu !== null && w.cpuAtStartMs !== null && cpu - w.cpuAtStartMs >= this.opts.timeoutMs / WALL_FACTOR;
      if (computing && performance.now() - runStarted < this.opts.timeoutMs * MAX_WALL_FACTOR) w.timer = setTimeout(wallCheck, this.opts.timeoutMs);
      else this.kill(w, this.timedOut(w));
    };
    w.timer = setTimeout(wallCheck, this.opts.timeoutMs * WALL_FACTOR);
  }

  /** Ends the CPU budget of a case whose runs are over (its answer is on its way); the wall clock still bounds the sending. */
  private stopBudget(w: Worker): void {
    if (w.timer) clearTimeout(w.timer);
    w.cpuAtStartMs = null;
    w.running = false;
    w.timer = setTimeout(() => this.kill(w, this.timedOut(w)), this.opts.timeoutMs * WALL_FACTOR);
  }

  private timedOut(w: Worker): { timedOut: true; during?: string } {
    return w.during === undefined ? { timedOut: true } : { timedOut: true, during: w.during };
  }

  /** Every 50 ms: kills a worker whose case is past its memory budget or its CPU-time budget. */
  private watch(): void {
    for (const w of this.workers) {
      if (!w.job || w.dying || w.child.pid === undefined) continue;
      // Sending a large output back (a 3,000-component plan's JSON is ~90 MB, serialised for the
      // channel) is the harness's work: it pushed a plan that peaks at ~430 MB past 1,024 MiB
      // (seed 2027 case 55412). V8's heap cap stays the backstop then.
      const rss = w.running ? rssMiB(w.child.pid) : null;
      if (rss !== null && rss > this.opts.memoryMiB) {
        this.kill(w, { memoryMiB: rss });
        continue;
      }
      const cpu = w.cpuAtStartMs === null ? null : cpuMs(w.child.pid);
      if (cpu !== null && cpu - w.cpuAtStartMs! > this.opts.timeoutMs) this.kill(w, this.timedOut(w));
    }
  }

  private kill(w: Worker, why: NonNullable<Worker['killedFor']>): void {
    if (w.killedFor) return;
    w.killedFor = why;
    w.dying = true;
    w.child.kill('SIGKILL');
  }
}
