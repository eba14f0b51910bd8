/**
 * Standard output and error, written straight to their file descriptors where that is safe.
 *
 * Reading process.stdout or process.stderr makes Node build a stream, and building it loads
 * Node's stream modules: ~2.5 ms for a file or /dev/null, ~5 ms for a pipe (which loads node:net
 * too), measured on the CI machine. capplan writes text and waits for nothing, so in its own
 * process (run.ts calls writeDirectly) on a POSIX system it writes with fs.writeSync to a
 * descriptor that is surely no terminal: a regular file, a pipe, a socket or /dev/null. A
 * terminal (and anything else: another character device, a descriptor fstat cannot read, Windows,
 * whose pipes are asynchronous) gets Node's stream, which knows its width and colours.
 *
 * Node writes files, pipes and terminals synchronously on Linux and macOS, so a run that writes
 * some text directly and some through a stream keeps their order. A direct write that meets a
 * full non-blocking descriptor (EAGAIN) hands the rest to the stream, which waits for room; a
 * reader that went away (EPIPE) drops the rest quietly, as the stream's guard does (main.ts); any
 * other failure on stdout is reported once, and the run exits 2.
 *
 * Tests that run main() in their own process never call writeDirectly: they see the streams,
 * which they can spy on.
 */
import { Buffer } from 'node:buffer';
import { fstatSync, statSync, writeSync } from 'node:fs';

type Fd = 1 | 2;
type Channel = 'direct' | 'stream' | 'closed';

const NAMES = { 1: 'stdout', 2: 'stderr' } as const;
let enabled = false;
const channels: Partial<Record<Fd, Channel>> = {};
let failure: string | null = null;

/** Lets this process write its standard output and error directly (capplan's own process only: run.ts). */
export function writeDirectly(): void {
  enabled = process.platform !== 'win32';
}

/** Why a direct write to stdout failed (not a closed pipe), once, or null. */
export function directFailure(): string | null {
  return failure;
}

/** Whether the descriptor is a terminal: false without building Node's stream where the descriptor is written directly. */
export function isTerminal(fd: Fd): boolean {
  return channelOf(fd) === 'direct' ? false : process[NAMES[fd]].isTTY === true;
}

/** The descriptor's stream facts for the terminal layout: the stream itself only where it may be a terminal. */
export function streamInfo(fd: Fd): { isTTY?: boolean; columns?: number } {
  return channelOf(fd) === 'direct' ? { isTTY: false } : process[NAMES[fd]];
}

/**
 * Writes text to the descriptor; `written` is called once it is out (at once for a direct
 * write). Returns nothing: failures are the channel's (see the block comment above).
 */
export function writeTo(fd: Fd, text: string, written?: () => void): void {
  const channel = channelOf(fd);
  if (channel === 'stream') {
    if (written) process[NAMES[fd]].write(text, written);
    else process[NAMES[fd]].write(text);
    return;
  }
  if (channel === 'direct') writeAll(fd, Buffer.from(text, 'utf8'));
  written?.();
}

function writeAll(fd: Fd, bytes: Buffer): void {
  let at = 0;
  while (at < bytes.length) {
    try {
      at += writeSync(fd, bytes, at, bytes.length - at);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EINTR') continue;
      if (code === 'EAGAIN') {
        // A non-blocking descriptor that is full: the stream waits for room, and keeps the order from here on.
        channels[fd] = 'stream';
        process[NAMES[fd]].write(bytes.subarray(at));
        return;
      }
      channels[fd] = 'closed';
      if (fd === 1 && code !== 'EPIPE' && failure === null) {
        failure = code ?? (error as Error).message;
        writeTo(2, `capplan: cannot write the output: ${failure}\n`);
      }
      return;
    }
  }
}

function channelOf(fd: Fd): Channel {
  return (channels[fd] ??= enabled && surelyNoTerminal(fd) ? 'direct' : 'stream');
}

/** A regular file, a pipe, a socket or /dev/null (a character device that is /dev/null's). */
function surelyNoTerminal(fd: Fd): boolean {
  try {
    const s = fstatSync(fd);
    if (s.isFile() || s.isFIFO() || s.isSocket()) return true;
    return s.isCharacterDevice() && s.rdev === statSync('/dev/null').rdev;
  } catch {
    return false;
  }
}
