/**
 * Writing a set of files into an output directory (`capplan emit -o DIR`) so that a kill at any
 * point leaves the old set or the new set, never a mix: the new directory is staged beside DIR
 * (the files kept from DIR hard-linked in, the new ones written), then swapped in: exchanged with
 * DIR in one step where Linux's renameat2 can (exchange.ts), else with two renames (DIR aside,
 * stage to DIR), and the old directory removed. What a killed run leaves behind (a
 * stage, an old directory set aside, temporary files) is recovered or removed by the next run.
 */
import { randomBytes } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { chmodSync, copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { UsageError } from './errors.js';
import { exchangeDirs } from './exchange.js';
import { inspectOverwrite, isOwnTempFile, processAlive, writeError, writeFilesAtomic } from './io.js';
import { acquireWriteLock, lockPathOf, type WriteLock } from './write-lock.js';

/** What a killed run leaves beside DIR: `.DIR.capplan-stage-PID-HEX` (the new set, being staged; for an instant after an exchange, the old set) and `.DIR.capplan-old-PID-HEX` (the old set, set aside). */
const LEFTOVER = /^\.(.+)\.capplan-(stage|old)-(\d+)-[0-9a-f]{12}$/;

/** How writeOutputSet wrote: `swapped` as a set; `per-file` when DIR cannot be swapped (it holds the working directory, is a mount point, its parent is not writable, or it holds a file that cannot be linked). */
export type OutputSetMode = 'swapped' | 'per-file';

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** A directory's entries, none when it is absent or not a directory. */
function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The directory's own path (symlinks resolved, so the swap replaces the directory, not a link to it). */
function ownPath(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return resolve(dir);
  }
}

/** Every path under root (relative, directories before their contents). */
function walk(root: string, under = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, under)).sort()) {
    const rel = under ? join(under, name) : name;
    out.push(rel);
    if (lstatSync(join(root, rel)).isDirectory()) out.push(...walk(root, rel));
  }
  return out;
}

/**
 * Recovers DIR from a killed run and removes what that run left: an old directory set aside while
 * DIR is missing is renamed back (the old set); stages and old directories beside a present DIR
 * are removed (an old directory only when every path in it is also in DIR, so nothing is lost);
 * temporary files inside DIR are removed. Leftovers of a run still going are left alone.
 * Returns one line per thing done, for a single note.
 */
export async function recoverOutputDir(dir: string): Promise<string[]> {
  const target = ownPath(dir);
  const parent = dirname(target);
  const base = basename(target);
  const names = entries(parent);
  const leftovers = names
    .map((name) => ({ name, m: LEFTOVER.exec(name) }))
    .filter((x): x is { name: string; m: RegExpExecArray } => x.m !== null && x.m[1] === base && !processAlive(Number(x.m[3])))
    .map(({ name, m }) => ({ path: join(parent, name), role: m[2] as 'stage' | 'old' }));
  const done: string[] = [];
  if (!exists(target)) {
    const aside = leftovers.find((l) => l.role === 'old');
    if (aside) {
      renameSync(aside.path, target);
      leftovers.splice(leftovers.indexOf(aside), 1);
      done.push(`restored ${dir} (a run killed while swapping in its files had set it aside)`);
    }
  }
  for (const l of leftovers) {
    if (l.role === 'old') {
      const missing = [];
      for (const rel of walk(l.path)) if (!exists(join(target, rel))) missing.push(rel);
      if (missing.length > 0) {
        done.push(`kept ${l.path}: it holds ${missing.length} path${missing.length === 1 ? '' : 's'} that ${dir} lacks (${missing.slice(0, 3).join(', ')}); look through it and delete it`);
        continue;
      }
    }
    rmSync(l.path, { recursive: true, force: true });
    done.push(`removed ${l.path} (${l.role === 'stage' ? 'the unfinished output' : 'the previous output'} of a killed run)`);
  }
  const temps = entries(target).filter((name) => isOwnTempFile(name)).sort();
  for (const name of temps) rmSync(join(target, name), { force: true });
  if (temps.length > 0) done.push(`removed ${temps.length} temporary file${temps.length === 1 ? '' : 's'} (.*.capplan-tmp) a killed run left in ${dir}`);
  return done;
}

/** The lock inside DIR, used when DIR's parent takes no file (the files are then written one by one, inside DIR). */
const INNER_LOCK = '.capplan-lock';

/** Errors of a directory that takes no new entry from this user. */
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Takes the lock of an output directory: `.DIR.capplan-lock` beside it, or `DIR/.capplan-lock`
 * when DIR exists and its parent is not writable. Null when DIR's parent does not exist yet
 * (there is nothing to recover; writeOutputSet takes it once it made the parent). A running
 * capplan's lock is a UsageError (exit 2) naming its process; a killed run's is taken over.
 */
export function lockOutputDir(dir: string): WriteLock | null {
  const target = ownPath(dir);
  try {
    return acquireWriteLock(target, dir, lockPathOf(target));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code === 'ENOENT' || code === 'ENOTDIR') && !isDirectory(dirname(target))) return null;
    if (code !== undefined && NOT_WRITABLE.has(code) && isDirectory(target)) {
      try {
        return acquireWriteLock(target, dir, join(target, INNER_LOCK));
      } catch (inner) {
        if ((inner as NodeJS.ErrnoException).code === undefined) throw inner;
        throw writeError(dir, inner);
      }
    }
    if (code === undefined) throw error;
    throw writeError(dir, error);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Why DIR cannot be swapped as a whole (null: it can). */
function swapObstacle(target: string, workingDir: string): string | null {
  const cwd = ownPath(workingDir);
  if (cwd === target || cwd.startsWith(target.endsWith(sep) ? target : `${target}${sep}`)) return 'it holds the working directory';
  if (statSync(target).dev !== statSync(dirname(target)).dev) return 'it is a mount point';
  return null;
}

/** Copies DIR's entries (except those in `skip`) into stage: files hard-linked, directories recreated, symlinks copied. Throws `unlinkable` for anything else. */
function mirror(from: string, to: string, skip: ReadonlySet<string>, root = from): void {
  for (const name of readdirSync(from)) {
    const src = join(from, name);
    const dst = join(to, name);
    if (skip.has(relative(root, src))) continue;
    const info = lstatSync(src);
    if (info.isDirectory()) {
      mkdirSync(dst);
      mirror(src, dst, skip, root);
      chmodSync(dst, info.mode & 0o7777);
    } else if (info.isSymbolicLink()) {
      symlinkSync(readlinkSync(src), dst);
    } else if (info.isFile()) {
      try {
        linkSync(src, dst);
      } catch {
        copyFileSync(src, dst);
      }
    } else {
      throw Object.assign(new Error(`${src} is neither a file, a directory nor a link`), { code: 'unlinkable' });
    }
  }
}

/**
 * Links a file that holds the bytes to be written into the stage instead of writing it again,
 * when it is a regular file of mode 644 (creating a file costs this file system ~0.25 ms of kernel
 * time, a link a tenth of it, and a re-emit mostly rewrites what is there). False: write it.
 */
function keepUnchanged(from: string, to: string): boolean {
  try {
    const info = lstatSync(from);
    if (!info.isFile() || (info.mode & 0o7777) !== 0o644) return false;
    linkSync(from, to);
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes files (names relative to dir) into dir as a set: after this returns, or after a kill at
 * any point and the next run's recoverOutputDir, dir holds exactly the old set or exactly the new
 * one. Every target is first checked by the overwrite guard (a file capplan did not write, or one
 * edited since, is replaced only with force).
 */
export async function writeOutputSet(dir: string, files: ReadonlyMap<string, string>, opts: { force: boolean; cwd?: string; lock?: WriteLock | null }): Promise<OutputSetMode> {
  if (opts.lock) return writeLocked(dir, files, opts, opts.lock);
  try {
    mkdirSync(dirname(ownPath(dir)), { recursive: true });
  } catch (error) {
    throw writeError(dir, error);
  }
  const lock = lockOutputDir(dir)!;
  try {
    return await writeLocked(dir, files, opts, lock);
  } finally {
    lock.release();
  }
}

/** writeOutputSet under the directory's lock. */
async function writeLocked(dir: string, files: ReadonlyMap<string, string>, opts: { force: boolean; cwd?: string }, lock: WriteLock): Promise<OutputSetMode> {
  // The guard first, for every file; a file that already holds what would be written is kept (below).
  const unchanged = new Set<string>();
  for (const [name, text] of files) {
    const { existing } = inspectOverwrite(join(dir, name), text, opts.force);
    if (existing !== null && existing.length === Buffer.byteLength(text, 'utf8') && existing.equals(Buffer.from(text, 'utf8'))) unchanged.add(name);
  }
  const target = ownPath(dir);
  const present = exists(target);
  const perFile = async (): Promise<OutputSetMode> => {
    lock.assertHeld();
    await writeFilesAtomic(new Map([...files].map(([name, text]) => [join(dir, name), text])), { force: opts.force, guard: false, locked: true });
    return 'per-file';
  };
  if (present && swapObstacle(target, opts.cwd ?? process.cwd()) !== null) return perFile();
  const tag = `${process.pid}-${randomBytes(6).toString('hex')}`;
  const stage = join(dirname(target), `.${basename(target)}.capplan-stage-${tag}`);
  const aside = join(dirname(target), `.${basename(target)}.capplan-old-${tag}`);
  try {
    mkdirSync(dirname(target), { recursive: true });
    try {
      mkdirSync(stage);
    } catch (error) {
      // DIR's parent takes no stage (DIR itself may take files): the files one by one, inside DIR.
      const code = (error as NodeJS.ErrnoException).code;
      if (present && (code === 'EACCES' || code === 'EPERM')) return await perFile();
      throw error;
    }
    if (present) {
      mirror(target, stage, new Set([...files.keys(), INNER_LOCK]));
      chmodSync(stage, statSync(target).mode & 0o7777);
    }
    // Synchronous writes: a command waits for them anyway, and one await a file costs thread-pool round trips.
    for (const [name, text] of files) {
      mkdirSync(dirname(join(stage, name)), { recursive: true });
      if (!(present && unchanged.has(name) && keepUnchanged(join(target, name), join(stage, name)))) writeFileSync(join(stage, name), text, { mode: 0o644 });
    }
  } catch (error) {
    removeQuietly(stage);
    if (error instanceof UsageError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'unlinkable') return perFile();
    throw writeError(dir, error);
  }
  // The swap: one exchange of the stage and dir where the system has it (exchangeDirs), so that
  // dir always holds the old set or the new one; otherwise two renames back to back, synchronous
  // so that nothing runs between them: dir is absent only for that instant, and
  // recoverOutputDir puts the old set back if a kill lands there.
  lock.assertHeld();
  if (present && exchangeDirs(stage, target)) {
    // The old set now sits at the stage's name: renamed to the old directory's so that a kill
    // before its removal leaves a leftover named for what it holds.
    let old = stage;
    try {
      renameSync(stage, aside);
      old = aside;
    } catch {
      // Removed under the stage's name then.
    }
    rmSync(old, { recursive: true, force: true });
    return 'swapped';
  }
  try {
    if (present) renameSync(target, aside);
    try {
      renameSync(stage, target);
    } catch (error) {
      if (present) renameSync(aside, target);
      throw error;
    }
  } catch (error) {
    removeQuietly(stage);
    throw writeError(dir, error);
  }
  if (present) rmSync(aside, { recursive: true, force: true });
  return 'swapped';
}

/** Removes a stage a failed write made, if it can: the write's own error is the one to report. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // Not there, or not removable where nothing could be written either.
  }
}
