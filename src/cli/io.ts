/**
 * The I/O edge: reading input files with clear errors, writing outputs atomically, and the
 * overwrite guard (a file capplan did not write is replaced only with --force).
 */
import { Buffer, isUtf8 } from 'node:buffer';
import { closeSync, lstatSync, mkdirSync, openSync, readlinkSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { MAX_PROFILE_BYTES } from '../profile/limits.js';
import { UsageError } from './errors.js';
import { processAlive } from './process-alive.js';
import { writeTo } from './stdio.js';

/*
 * node:crypto takes a few milliseconds to load, which every run would pay at start-up; only
 * writing files and checking digests needs it, so it is loaded then. Output files are written
 * synchronously: a command waits for them anyway, and a thousand manifests written one await at
 * a time spent most of `emit`'s time waiting on the thread pool (four round trips a file).
 */
const crypto = () => process.getBuiltinModule('node:crypto');

/**
 * node:fs/promises, loaded when first used: requiring it at start-up cost every run ~3 ms (it
 * loads readline's interface and node:stream). Input files are read with the synchronous calls
 * (a command waits for its input anyway), so `plan` and `validate` never load it.
 */
export const fsPromises = () => process.getBuiltinModule('node:fs/promises');

/** Bytes read at a time by readBounded. */
const READ_CHUNK_BYTES = 64 * 1024;

/** A byte count as the limits are written: `1 MiB`, `16 MiB`. */
export function formatLimit(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1 && Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}

/** The first `bytes` bytes of a file (fewer when it is shorter), read through its descriptor whatever the file is. */
export async function readHead(path: string, bytes: number): Promise<Buffer> {
  return readHeadSync(path, bytes);
}

/** readHead, synchronously (output checks, where a command waits anyway). */
export function readHeadSync(path: string, bytes: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    return readFdHead(fd, bytes);
  } finally {
    closeSync(fd);
  }
}

/** The first `bytes` bytes an open descriptor gives (fewer at its end). */
function readFdHead(fd: number, bytes: number): Buffer {
  // One scratch buffer for every read, the bytes copied out: a fresh 64 KiB buffer a call was
  // 64 MB of garbage for the 1,001 manifests emit checks (createUnsafeBuffer ~10 µs each).
  scratch ??= Buffer.allocUnsafe(READ_CHUNK_BYTES);
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < bytes) {
    let bytesRead: number;
    try {
      bytesRead = readSync(fd, scratch, 0, Math.min(READ_CHUNK_BYTES, bytes - total), null);
    } catch (error) {
      // A descriptor left non-blocking by whoever opened it (a pipe from some shells and
      // runners) has nothing yet: wait for it rather than take the silence for its end.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
      continue;
    }
    if (bytesRead === 0) break;
    chunks.push(Buffer.from(scratch.subarray(0, bytesRead)));
    total += bytesRead;
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
}

/** readHeadSync's buffer, made on its first call. */
let scratch: Buffer | undefined;

/**
 * A whole file of at most maxBytes, read through its descriptor whatever the file is (a regular
 * file, /dev/zero, a FIFO, a /proc file whose size says 0); null when it holds more (it stops
 * reading at maxBytes + 1).
 */
export async function readBounded(path: string, maxBytes: number): Promise<Buffer | null> {
  const buffer = await readHead(path, maxBytes + 1);
  return buffer.length > maxBytes ? null : buffer;
}

/** The name that stands for standard input where a command takes a file: `capplan plan -`. */
export const STDIN_PATH = '-';

/** The output path that means standard output (`-o -`). */
export const STDOUT_PATH = '-';

/** An `-o FILE` argument: undefined for standard output (none, or `-`); an empty path is refused rather than read as either. */
export function outputFileArg(value: string | undefined): string | undefined {
  if (value === undefined || value === STDOUT_PATH) return undefined;
  if (value.trim() === '') throw new UsageError('-o: the path is empty', 'give a file name, or - for standard output');
  return value;
}

/** What standard input held once read, and the input it was read as (null while only sniffed): a second read (a command that reads its profile twice) gets the same text. */
let stdinInput: { what: string | null; text: string } | undefined;

/**
 * Standard input as a text input (`-` in place of a file name), read to its end once per run, at
 * most maxBytes of it. It serves one input: a second input named `-` in another role (a profile
 * and its calibration overlay, both sides of a diff) is refused, since the first read took all
 * there was. A sniff (diff looking at a side's first character) sets no role. On a terminal it
 * says on stderr that it waits for the text, which would otherwise look like a hang.
 */
function readStdinInput(what: string, maxBytes: number, sniff: boolean): string {
  if (stdinInput === undefined) stdinInput = { what: null, text: readStdin(what, maxBytes) };
  else if (stdinInput.what !== null && !sniff && stdinInput.what !== what) {
    throw new UsageError(`-: standard input is already read as the ${stdinInput.what}`, `give the ${what} as a file`);
  }
  if (!sniff) stdinInput.what = what;
  return stdinInput.text;
}

function readStdin(what: string, maxBytes: number): string {
  let buffer: Buffer;
  try {
    // node:tty loads node:net and Node's streams: only a run that reads standard input pays for it.
    if (process.getBuiltinModule('node:tty').isatty(0)) writeTo(2, `capplan: reading the ${what} from standard input (end it with Ctrl-D)\n`);
    buffer = readFdHead(0, maxBytes + 1);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EBADF') throw new UsageError('-: there is no standard input to read', `give the ${what} as a file, or pipe it in: capplan … - < file`);
    throw new UsageError(`-: cannot read standard input (${code ?? (error as Error).message})`);
  }
  if (buffer.length > maxBytes) throw new UsageError(`-: standard input holds more than ${formatLimit(maxBytes)}, the limit for a ${what} (limit: ${what} size)`);
  return decodeText(buffer, '<stdin>', what, () => new UsageError(`-: standard input is binary, not a ${what}`));
}

/** The error for an input path that is empty or only blanks (`capplan plan ''`), which would otherwise read `: no such profile`. */
export function blankPath(path: string, what: string): UsageError {
  return new UsageError(`no ${what} named (${path === '' ? 'an empty path' : `a path of ${path.length} blank${path.length === 1 ? '' : 's'}`})`, `give the ${what}'s path, or - for standard input`);
}

/** Reads a text input file (or standard input, for `-`), at most maxBytes of it whatever the file is, or throws a UsageError that says why not. */
export async function readInputFile(path: string, what = 'file', maxBytes = MAX_PROFILE_BYTES, opts: { sniff?: boolean } = {}): Promise<string> {
  if (path === STDIN_PATH) return readStdinInput(what, maxBytes, opts.sniff === true);
  let info;
  try {
    info = statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw path.trim() === '' ? blankPath(path, what) : new UsageError(`${path}: no such ${what}`);
    if (code === 'EACCES') throw new UsageError(`${path}: permission denied`);
    throw new UsageError(`${path}: cannot read (${code ?? (error as Error).message})`);
  }
  if (info.isDirectory()) throw new UsageError(`${path}: is a directory, not a ${what}`);
  const tooLarge = () => new UsageError(`${path}: larger than ${formatLimit(maxBytes)}, the limit for a ${what} (limit: ${what} size)`);
  // A regular file says its size; anything else (a device, a FIFO, /proc) is read up to the limit.
  if (info.size > maxBytes) throw tooLarge();
  let buffer: Buffer | null;
  try {
    buffer = await readBounded(path, maxBytes);
  } catch (error) {
    throw new UsageError(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (buffer === null) throw tooLarge();
  return decodeText(buffer, path, what, () => new UsageError(`${path}: is a binary file, not a ${what}`));
}

/**
 * An input file's bytes as text: UTF-8 (a leading byte-order mark dropped), or a UsageError. A
 * byte that is not UTF-8 (a Latin-1 `é`, 0xE9) is refused at its line and column, not replaced
 * with U+FFFD (which would put "caf\uFFFD" into every output); UTF-16, which editors on Windows
 * save, is named as such rather than called binary.
 */
export function decodeText(buffer: Buffer, name: string, what: string, binary: () => UsageError): string {
  if (buffer.length >= 2 && ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff))) {
    throw new UsageError(`${name}: is UTF-16; save it as UTF-8`, `capplan reads a ${what} as UTF-8 text`);
  }
  if (buffer.includes(0)) throw binary();
  if (!isUtf8(buffer)) {
    const at = firstInvalidUtf8(buffer);
    const lineStart = buffer.lastIndexOf(10, at - 1) + 1;
    let line = 1;
    for (let i = buffer.indexOf(10); i >= 0 && i < at; i = buffer.indexOf(10, i + 1)) line++;
    const col = buffer.subarray(lineStart, at).toString('utf8').length + 1;
    throw new UsageError(`${name}:${line}:${col}: not UTF-8 (byte 0x${buffer[at]!.toString(16).toUpperCase().padStart(2, '0')}); the ${what} may be in Latin-1 or Windows-1252`, 'save the file as UTF-8');
  }
  return buffer.toString('utf8').replace(/^\uFEFF/, '');
}

/** The offset of the first byte that does not begin or continue a valid UTF-8 sequence (RFC 3629). */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    if (n > 0 && !isUtf8(b.subarray(i, i + n + 1))) return i;
    i += n + 1;
  }
  return b.length;
}

/** Marker that capplan puts on the first line of every file it generates. */
export const GENERATED_MARKER = 'generated by capplan';

/** The last line of a generated file: the SHA-256 of everything above it, as capplan wrote it (after `#`, or in an HTML comment). */
const DIGEST_LINE = /(^|\n)(?:# capplan-digest sha256:([0-9a-f]{64})|<!-- capplan-digest sha256:([0-9a-f]{64}) -->)\n?$/;

/** How a file says its digest: a `#` comment (YAML, nginx.conf) or an HTML comment (HTML, Markdown, where `#` would show). */
export type DigestStyle = 'hash' | 'html';

function sha256(text: string): string {
  return crypto().createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A generated file's text with its digest line appended: `# capplan-digest sha256:…`. A later
 * run replaces the file only while the digest still matches, so an edit (to a profile `init`
 * wrote, or a manifest) is never overwritten without --force.
 */
export function sealGenerated(text: string, style: DigestStyle = 'hash'): string {
  const body = text.endsWith('\n') ? text : `${text}\n`;
  const digest = `capplan-digest sha256:${sha256(body)}`;
  return `${body}${style === 'html' ? `<!-- ${digest} -->` : `# ${digest}`}\n`;
}

/** Whether a file is capplan's and unedited: `intact`, `edited` since capplan wrote it, `foreign` (not capplan's), or `unsealed` (capplan's marker, no digest: an older capplan or an edit). */
export function generatedState(text: string): 'intact' | 'edited' | 'foreign' | 'unsealed' {
  const first = text.slice(0, text.indexOf('\n') + 1 || undefined);
  if (!first.includes(GENERATED_MARKER)) return 'foreign';
  const m = DIGEST_LINE.exec(text);
  if (!m) return 'unsealed';
  return sha256(text.slice(0, m.index + m[1]!.length)) === (m[2] ?? m[3]) ? 'intact' : 'edited';
}

/** The largest file checked for capplan's digest before replacing it: anything larger is not one capplan wrote. */
export const MAX_GENERATED_BYTES = 256 * 1024 * 1024;

/**
 * The output a generated file is, as its first line says it (inside the digest, so an intact
 * file cannot lie about it): the command that writes it, e.g. `capplan emit k8s`, or null when
 * the line names no output capplan knows (an older capplan's file, or not capplan's).
 */
export function writerOf(text: string): string | null {
  const first = text.slice(0, text.indexOf('\n') + 1 || undefined);
  if (!first.includes(GENERATED_MARKER)) return null;
  if (/^(?:<!DOCTYPE html>)?<!-- generated by capplan report /.test(first)) return 'capplan report';
  if (first.startsWith(`# ${GENERATED_MARKER} init from `)) return 'capplan init';
  if (first.startsWith(`# ${GENERATED_MARKER} observe from `)) return 'capplan observe --write';
  // The last command named in backquotes: a profile's name, earlier on the line, cannot decide it.
  const emit = /.*`(capplan emit (?:k8s|compose))`/.exec(first);
  return emit ? emit[1]! : null;
}

/** Whether an existing file may be replaced: absent, or written by capplan for the same output (writerOf the text to write) and unedited since, or --force. */
export async function checkOverwrite(path: string, next: string, force: boolean): Promise<'new' | 'ours' | 'forced'> {
  return inspectOverwrite(path, next, force).state;
}

/**
 * checkOverwrite, synchronously, with the bytes the file holds now (null when it is absent): a
 * writer may keep a file whose bytes it would write again. A refusal is a UsageError that says
 * what the file is; `emit --dry-run` prints the same words.
 */
export function inspectOverwrite(path: string, next: string, force: boolean): { state: 'new' | 'ours' | 'forced'; existing: Buffer | null } {
  let existing: Buffer | null;
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${path}: is a directory`);
    const head = readHeadSync(path, MAX_GENERATED_BYTES + 1);
    existing = head.length > MAX_GENERATED_BYTES ? null : head;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      if (/[\\/]$/.test(path)) throw new UsageError(`${path}: names a directory (it ends with a slash); give a file name, e.g. ${path}out.yaml`);
      return { state: 'new', existing: null };
    }
    if (code === 'ENOTDIR') throw new UsageError(`${path}: cannot be written: a parent of it is a file, not a directory`);
    if (code === 'ELOOP') throw new UsageError(`${path}: cannot be written: it is a loop of symbolic links`);
    if (code === 'EACCES') throw new UsageError(`${path}: cannot read it to check who wrote it (permission denied)`);
    throw new UsageError(`${path}: cannot read it to check who wrote it (${code ?? (error as Error).message})`);
  }
  const text = existing === null ? '' : existing.toString('utf8');
  const state = existing === null ? 'foreign' : generatedState(text);
  const was = state === 'intact' ? writerOf(text) : null;
  const now = writerOf(next);
  if (was !== null && was === now) return { state: 'ours', existing };
  if (force) return { state: 'forced', existing };
  if (state === 'intact') {
    const by = now === null ? 'this command' : `\`${now}\``;
    const why =
      was === null
        ? `was written by capplan, but its first line does not say by which command (an older capplan wrote it), so it may be another output than ${by}'s`
        : `was written by \`${was}\`, not by ${by}`;
    throw new UsageError(`${path}: ${why}; not overwriting it`, 'use --force to replace it');
  }
  const why = {
    foreign: 'exists and was not written by capplan',
    edited: 'was edited since capplan wrote it (its content no longer matches its capplan-digest line)',
    unsealed: 'carries no capplan digest (an older capplan wrote it, or it was edited), so capplan cannot tell it is unedited',
  }[state];
  throw new UsageError(`${path}: ${why}; not overwriting it`, 'use --force to replace it');
}

export { processAlive };

/** A temporary file of capplan's: `.PID-HEX.capplan-tmp` (HEX alone from capplan 0.1). */
const TEMP_FILE = /^\.(?:(\d+)-)?[0-9a-f]{12}\.capplan-tmp$/;

/** Whether a directory entry is a temporary file a killed capplan run left (its process is gone). */
export function isOwnTempFile(name: string, alive: (pid: number) => boolean = processAlive): boolean {
  const m = TEMP_FILE.exec(name);
  return m !== null && (m[1] === undefined || !alive(Number(m[1])));
}

/** Removes the temporary files killed runs left in a directory; returns their paths. */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const names = (await fsPromises().readdir(dir).catch(() => [] as string[])).filter((name) => isOwnTempFile(name)).sort();
  for (const name of names) await fsPromises().unlink(join(dir, name)).catch(() => undefined);
  return names.map((name) => join(dir, name));
}

/**
 * The error for a file or directory of the user's that could not be written: it names the path
 * the user gave (never capplan's temporary file or staging directory beside it) and the reason
 * in words, e.g. `cannot write x.yaml: permission denied (the directory . is not writable)`;
 * target: the file actually written when path is a link to it (the reason is said of it).
 */
export function writeError(path: string, error: unknown, target = path): UsageError {
  const via = target === path ? '' : ` (a link to ${target})`;
  return new UsageError(`cannot write ${path}${via}: ${writeFailureReason(target, error)}`);
}

/** Why writing path failed, from the error's code, said of the user's path and its directories. */
function writeFailureReason(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const dir = existingAncestor(dirname(path) || '.');
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return `permission denied (the directory ${dir} is not writable)`;
    case 'EROFS':
      return `the file system is read-only (the directory ${dir})`;
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'the disk quota is exceeded';
    case 'EISDIR':
      return 'it is a directory';
    case 'ENOTDIR':
    case 'EEXIST': {
      const file = fileOnPath(dirname(path) || '.');
      return file ? `${file} is a file, not a directory` : 'a part of the path is not a directory';
    }
    case 'ENOENT':
      return `the directory ${dirname(path) || '.'} cannot be created`;
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'ENOTEMPTY':
      return 'a directory that is not empty is in the way';
    case 'EBUSY':
      return 'it is in use (a mount point, or held by another program)';
    case 'ELOOP':
      return 'the path goes through too many symbolic links (a loop?)';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    case 'EIO':
      return 'the device reported an input/output error';
    case 'EXDEV':
      return 'it is on another file system than its temporary file';
    default:
      return code === undefined ? (error as Error).message : `the system refused it (${code})`;
  }
}

/** The nearest of dir and its parents that exists (what the user can fix the permissions of). */
function existingAncestor(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    try {
      statSync(d);
      return d;
    } catch {
      if (dirname(d) === d) return dir;
    }
  }
}

/** The first part of dir's path that exists and is not a directory, or null. */
function fileOnPath(dir: string): string | null {
  const parts: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    parts.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of parts) {
    try {
      if (!statSync(d).isDirectory()) return d;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * Refuses output paths no file can be written to: `-` (standard output wherever a command can
 * print there, init -o -, report -o -; a file named `-` is never written) and an empty path.
 * writeFilesAtomic checks them; a command that works before it writes (observe asks Prometheus
 * first) checks them at its start too, so a bad path is not told after the work.
 */
export function refuseOutputPaths(paths: Iterable<string | undefined>): void {
  const given = [...paths].filter((p): p is string => p !== undefined);
  if (given.includes(STDOUT_PATH)) throw new UsageError(`-: standard output cannot take this file (it carries the command's results)`, 'give a file name');
  if (given.some((path) => path.trim() === '')) throw new UsageError('an output path is empty', 'give a file name');
}

/** Links followed at most when resolving an output path (Linux's own limit, MAXSYMLINKS). */
const MAX_LINK_HOPS = 40;

/**
 * The file an output path writes: the path itself, or, when it is a symbolic link (dangling or
 * not, through any number of links), the file the link points to. Writing a link's target keeps
 * the link (a `capplan.lock.json` linked to a per-environment file updates that file).
 */
export function outputTarget(path: string): string {
  let current = path;
  for (let hop = 0; hop <= MAX_LINK_HOPS; hop++) {
    let link: string;
    try {
      if (!lstatSync(current).isSymbolicLink()) return current;
      link = readlinkSync(current);
    } catch {
      return current;
    }
    current = isAbsolute(link) ? link : join(dirname(current), link);
  }
  throw new UsageError(`cannot write ${path}: it is a link through more than ${MAX_LINK_HOPS} links (a loop?)`);
}

/**
 * Writes files atomically (temp file + rename), after checking every target first, so nothing is
 * half-written. A path that is a symbolic link is written through to its target (temp file beside
 * the target, renamed onto it; the link stays). Each target is locked for the write
 * (write-lock.ts): a run writing the same file at once stops with exit 2 before anything is
 * written. Temporary files earlier killed runs left in the target directories are removed
 * first, and their paths returned (and a lock of a killed run taken over, its path with them).
 * `locked`: the caller holds a lock over all the paths already (emit's directory).
 */
export async function writeFilesAtomic(files: ReadonlyMap<string, string>, opts: { force: boolean; guard?: boolean; locked?: boolean }): Promise<string[]> {
  refuseOutputPaths(files.keys());
  // The guard first, before any directory is made or lock taken (a refusal changes nothing); again below, under the lock.
  const guard = () => {
    if (opts.guard !== false) for (const [path, text] of files) inspectOverwrite(path, text, opts.force);
  };
  guard();
  const targets = new Map([...files.keys()].map((path) => [path, outputTarget(path)]));
  const removed: string[] = [];
  const { acquireWriteLock } = await import('./write-lock.js');
  const locks: { release(): void; assertHeld(): void }[] = [];
  const made = new Set<string>();
  const ensureDir = (path: string, dir: string) => {
    if (made.has(dir)) return;
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw writeError(path, error, targets.get(path));
    }
    made.add(dir);
  };
  try {
    if (opts.locked !== true) {
      // In one order, so that two runs writing the same set of files contend for the same lock first.
      for (const [path, target] of [...targets].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        ensureDir(path, dirname(target) || '.');
        let lock;
        try {
          lock = acquireWriteLock(target, path);
        } catch (error) {
          throw error instanceof UsageError ? error : writeError(path, error, target);
        }
        locks.push(lock);
        if (lock.tookOverFrom !== null) removed.push(lock.path);
      }
      guard();
    }
    for (const dir of new Set([...targets.values()].map((target) => dirname(target) || '.'))) removed.push(...(await removeStaleTemps(dir)));
    const temps: [string, string][] = [];
    // The user's path being written, named in the error (not the temporary file, nor a link's target).
    let current = '';
    try {
      for (const [path, content] of files) {
        current = path;
        const target = targets.get(path)!;
        const dir = dirname(target) || '.';
        ensureDir(path, dir);
        const tmp = join(dir, `.${process.pid}-${crypto().randomBytes(6).toString('hex')}.capplan-tmp`);
        writeFileSync(tmp, content, { mode: 0o644 });
        temps.push([tmp, target]);
      }
      for (const lock of locks) lock.assertHeld();
      for (const [tmp, target] of temps) {
        current = [...targets].find(([, t]) => t === target)![0];
        renameSync(tmp, target);
      }
    } catch (error) {
      for (const [tmp] of temps) {
        try {
          unlinkSync(tmp);
        } catch {
          // Already renamed into place, or never written.
        }
      }
      throw error instanceof UsageError ? error : writeError(current, error, targets.get(current));
    }
  } finally {
    for (const lock of locks) lock.release();
  }
  return removed.sort();
}

/** The one line that says which temporary files of killed runs a write removed (null: none). */
export function removedTempsNote(removed: readonly string[]): string | null {
  if (removed.length === 0) return null;
  return `capplan: removed ${removed.length} temporary file${removed.length === 1 ? '' : 's'} a killed run left (${removed.slice(0, 3).join(', ')}${removed.length > 3 ? ', …' : ''})`;
}

/** Writes to stdout, ignoring a closed pipe (e.g. `capplan plan … | head`). */
export function writeStdout(text: string): Promise<void> {
  if (!text) return Promise.resolve();
  let done!: () => void;
  const written = new Promise<void>((resolve) => {
    done = resolve;
  });
  writeTo(1, text, afterWrite(done));
  return written;
}

/**
 * The write's callback, made outside writeStdout so that it does not hold the text: Node keeps
 * the last callback of a synchronous write on its tick queue's stack while the continuation runs,
 * and a closure in writeStdout kept the whole last piece written (a plan phase's ~3 MB of text)
 * alive while the next phase was solved.
 */
function afterWrite(done: () => void): () => void {
  return () => done();
}

/** Writes a diagnostic line to stderr. */
export function writeStderr(text: string): void {
  writeTo(2, text.endsWith('\n') ? text : `${text}\n`);
}
