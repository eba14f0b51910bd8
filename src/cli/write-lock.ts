/**
 * One writer at a time for each output: a lock file beside the output (`.NAME.capplan-lock`,
 * holding the writer's process id), made with an exclusive create so that of two runs writing
 * the same file or directory at once one writes and the other stops (exit 2) before touching
 * anything: "another capplan (pid N) is writing k8s; try again when it ends". A lock whose
 * process is gone (a killed run's) is taken over. Without it, two `emit` runs into one directory
 * could each swap in a stage built from the other's files, and two baseline updates could each
 * judge the file before the other replaced it.
 */
import { closeSync, fstatSync, linkSync, lstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { Buffer } from 'node:buffer';
import { UsageError } from './errors.js';
import { processAlive } from './process-alive.js';

/** node:crypto, loaded when a lock is taken (io.ts says why not at start-up). */
const crypto = () => process.getBuiltinModule('node:crypto');

/** A lock held by this run; release() removes it (only while it is still this run's). */
export interface WriteLock {
  /** The lock file. */
  readonly path: string;
  /** Throws a UsageError when the lock is no longer this run's file (removed or replaced by hand). */
  assertHeld(): void;
  /** Removes the lock, if it is still this run's. */
  release(): void;
  /** Set when a lock a killed run left was taken over: its process id. */
  readonly tookOverFrom: number | null;
}

/** The lock file of an output path: `.NAME.capplan-lock` beside it. */
export function lockPathOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.capplan-lock`);
}

/** Attempts at taking a lock over from a killed run before giving up (another run keeps winning the race). */
const ATTEMPTS = 5;

/**
 * Takes the lock of an output (target: the path written, links resolved; shown: the path as the
 * user gave it, for the message). Throws a UsageError naming the process that holds it when a
 * running capplan does; the lock file's own errors (a directory not writable) are thrown as they
 * come, for the caller to word.
 */
export function acquireWriteLock(target: string, shown: string, lockPath = lockPathOf(target)): WriteLock {
  let tookOverFrom: number | null = null;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const ino = tryCreate(lockPath);
    if (ino !== null) {
      removeDeadAsides(lockPath);
      return held(lockPath, ino, tookOverFrom);
    }
    const holder = readStartedHolder(lockPath);
    if (holder === null) continue; // Released between the create and the read: try again.
    try {
      if (holder.pid !== null && processAlive(holder.pid)) throw busy(shown, holder.pid, lockPath);
      if (holder.pid === null && holder.young) throw busy(shown, null, lockPath);
      // A killed run's lock (its process is gone), or one that never got its process id: set it
      // aside under a name of this run's and remove it, only when it is still the file judged
      // stale (its inode, held open): a run that took it over in between keeps its own.
      const aside = `${lockPath}-${process.pid}-${crypto().randomBytes(6).toString('hex')}`;
      try {
        renameSync(lockPath, aside);
      } catch {
        continue; // Another run moved it first.
      }
      if (lstatSync(aside).ino === holder.ino) {
        unlinkSync(aside);
        tookOverFrom = holder.pid;
        continue;
      }
      // Not the file judged stale: another run's fresh lock. Put it back (unless a third run has
      // made one since) and stop.
      try {
        linkSync(aside, lockPath);
      } catch {
        // A third run holds the path now.
      }
      unlinkSync(aside);
      throw busy(shown, holderPid(lockPath), lockPath);
    } finally {
      closeSync(holder.fd);
    }
  }
  throw busy(shown, holderPid(lockPath), lockPath);
}

/** Removes the stale locks that runs killed while taking them over left set aside (`LOCK-PID-HEX`, their process gone). */
function removeDeadAsides(lockPath: string): void {
  const prefix = `${basename(lockPath)}-`;
  let names: string[];
  try {
    names = readdirSync(dirname(lockPath));
  } catch {
    return;
  }
  for (const name of names) {
    const m = name.startsWith(prefix) ? /^(\d+)-[0-9a-f]{12}$/.exec(name.slice(prefix.length)) : null;
    if (m === null || processAlive(Number(m[1]))) continue;
    try {
      unlinkSync(join(dirname(lockPath), name));
    } catch {
      // Removed by another run.
    }
  }
}

/**
 * Creates the lock file (an exclusive create: it fails when the file exists) and writes this
 * process's id into it; its inode, or null when it exists. A reader that finds it still empty
 * takes it for a run starting (EMPTY_LOCK_GRACE_MS). No temporary file: a kill at any point
 * leaves at most the lock, which the next run takes over.
 */
function tryCreate(lockPath: string): number | null {
  let fd: number;
  try {
    fd = openSync(lockPath, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  }
  try {
    writeSync(fd, `${process.pid}\n`);
    return fstatSync(fd).ino;
  } finally {
    closeSync(fd);
  }
}

/** A lock file no run has written its id into for this long is taken for a killed run's. */
const EMPTY_LOCK_GRACE_MS = 2_000;

/** The lock's holder: its process id (null when unreadable), its inode, and a descriptor held open (so the inode is not reused while it is judged). Null when there is no lock file. */
function readHolder(lockPath: string): { pid: number | null; ino: number; fd: number; young: boolean } | null {
  let fd: number;
  try {
    fd = openSync(lockPath, 'r');
  } catch {
    return null;
  }
  const buffer = Buffer.alloc(32);
  let n: number;
  let info;
  try {
    n = readSync(fd, buffer, 0, buffer.length, 0);
    info = fstatSync(fd);
  } catch {
    closeSync(fd);
    return null;
  }
  const m = /^(\d+)\n/.exec(buffer.subarray(0, n).toString('latin1'));
  return { pid: m ? Number(m[1]) : null, ino: info.ino, fd, young: Date.now() - info.mtimeMs < EMPTY_LOCK_GRACE_MS };
}

/** A lock's path as messages show it: relative to the working directory when it lies under it. */
export function shownLockPath(absolute: string): string {
  const near = relative(process.cwd(), absolute);
  return isAbsolute(absolute) && !near.startsWith('..') && !isAbsolute(near) ? near : absolute;
}

/**
 * readHolder, waiting a little (up to ~100 ms) while the lock is new and still empty: its run has
 * made it and is writing its id, which the message names.
 */
function readStartedHolder(lockPath: string): ReturnType<typeof readHolder> {
  for (let wait = 0; ; wait++) {
    const holder = readHolder(lockPath);
    if (holder === null || holder.pid !== null || !holder.young || wait === 20) return holder;
    closeSync(holder.fd);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
  }
}

/** The process id in a lock file (null: none, or no file), its descriptor closed. */
function holderPid(lockPath: string): number | null {
  const holder = readHolder(lockPath);
  if (holder === null) return null;
  closeSync(holder.fd);
  return holder.pid;
}

function busy(shown: string, pid: number | null, absolute: string): UsageError {
  const lockPath = shownLockPath(absolute);
  return new UsageError(
    `another capplan${pid === null ? '' : ` (pid ${pid})`} is writing ${shown}; try again when it ends`,
    pid === null ? `if no capplan is running, delete ${lockPath}` : `if no capplan runs as pid ${pid}, delete ${lockPath}`,
  );
}

function held(lockPath: string, ino: number, tookOverFrom: number | null): WriteLock {
  // The inode and the process id both: a lock removed by hand frees its inode for the next file made.
  const mine = () => {
    try {
      return lstatSync(lockPath).ino === ino && readFileSync(lockPath, 'latin1') === `${process.pid}\n`;
    } catch {
      return false;
    }
  };
  return {
    path: lockPath,
    tookOverFrom,
    assertHeld() {
      if (!mine()) throw new UsageError(`the lock ${lockPath} was removed or replaced while this capplan wrote; nothing more is written`, 'run the command again');
    },
    release() {
      if (!mine()) return;
      try {
        unlinkSync(lockPath);
      } catch {
        // Removed by hand meanwhile.
      }
    },
  };
}
