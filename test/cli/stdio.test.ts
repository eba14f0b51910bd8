// Standard output written straight to its descriptor (src/cli/stdio.ts): the built CLI writes a
// file, a pipe or a socket with fs.writeSync; partial writes go on, EAGAIN hands the rest to Node's
// stream, EPIPE drops the rest quietly, and any other failure is said once and exits 2.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}bin/capplan.js`;
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };

describe('the built CLI writes its output directly', () => {
  it('writes a file byte for byte as it writes a pipe', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capplan-stdio-'));
    try {
      const file = join(dir, 'out.txt');
      const fd = openSync(file, 'w');
      const toFile = spawnSync(process.execPath, [bin, 'plan', 'profiles/ngx-agents.yaml'], { cwd: root, env, stdio: ['ignore', fd, 'pipe'] });
      closeSync(fd);
      const toPipe = spawnSync(process.execPath, [bin, 'plan', 'profiles/ngx-agents.yaml'], { cwd: root, env, encoding: 'utf8' });
      expect(toFile.status).toBe(0);
      expect(toPipe.status).toBe(0);
      expect(readFileSync(file, 'utf8')).toBe(toPipe.stdout);
      expect(toPipe.stdout).toContain('Phase level 1');
      // The warning goes to stderr, after the plan, either way.
      expect(toFile.stderr.toString()).toBe(toPipe.stderr);
      expect(toPipe.stderr).toMatch(/^capplan: 1 input is a range/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says once that stdout cannot be written (a descriptor opened for reading) and exits 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'capplan-stdio-'));
    try {
      const file = join(dir, 'read-only.txt');
      writeFileSync(file, '');
      const fd = openSync(file, 'r');
      const r = spawnSync(process.execPath, [bin, 'plan', 'profiles/ngx-agents.yaml', '--quiet'], { cwd: root, env, stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      closeSync(fd);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe('capplan: cannot write the output: EBADF\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('writeTo (stdio.ts) on a descriptor written directly', () => {
  afterEach(() => {
    vi.doUnmock('node:fs');
    vi.resetModules();
    vi.restoreAllMocks();
  });

  /** stdio.ts with fs.writeSync replaced by `write` and fstat saying "a pipe". */
  async function stdioWith(write: (fd: number, bytes: Uint8Array, offset: number, length: number) => number) {
    vi.resetModules();
    vi.doMock('node:fs', async (original) => {
      const fs = await original<typeof import('node:fs')>();
      return { ...fs, fstatSync: () => ({ isFile: () => false, isFIFO: () => true, isSocket: () => false, isCharacterDevice: () => false }), writeSync: write };
    });
    const stdio = await import('../../src/cli/stdio.js');
    stdio.writeDirectly();
    return stdio;
  }

  it('goes on after a partial write, and calls back at once', async () => {
    const out: string[] = [];
    const stdio = await stdioWith((_fd, bytes, offset, length) => {
      const n = Math.min(length, 3);
      out.push(Buffer.from(bytes.subarray(offset, offset + n)).toString('utf8'));
      return n;
    });
    const done = vi.fn();
    stdio.writeTo(1, 'abcdefgh', done);
    expect(out).toEqual(['abc', 'def', 'gh']);
    expect(done).toHaveBeenCalledTimes(1);
    expect(stdio.isTerminal(1)).toBe(false);
    expect(stdio.directFailure()).toBeNull();
  });

  it('hands the rest to the stream on EAGAIN, and writes through the stream from then on', async () => {
    const direct: string[] = [];
    let calls = 0;
    const stdio = await stdioWith((_fd, bytes, offset) => {
      calls += 1;
      if (calls === 2) throw Object.assign(new Error('EAGAIN: resource temporarily unavailable, write'), { code: 'EAGAIN' });
      direct.push(Buffer.from(bytes.subarray(offset, offset + 2)).toString('utf8'));
      return 2;
    });
    const streamed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array) => {
      streamed.push(Buffer.from(chunk).toString('utf8'));
      return true;
    }) as typeof process.stdout.write);
    stdio.writeTo(1, 'abcdef');
    stdio.writeTo(1, 'gh');
    expect(direct).toEqual(['ab']);
    expect(streamed).toEqual(['cdef', 'gh']);
    expect(stdio.directFailure()).toBeNull();
  });

  it('drops the rest quietly on EPIPE; reports any other failure once', async () => {
    const epipe = await stdioWith(() => {
      throw Object.assign(new Error('EPIPE'), { code: 'EPIPE' });
    });
    const err = vi.spyOn(process.stderr, 'write').mockImplementation((() => true) as typeof process.stderr.write);
    epipe.writeTo(1, 'a');
    epipe.writeTo(1, 'b');
    expect(epipe.directFailure()).toBeNull();

    const writes: number[] = [];
    const ebadf = await stdioWith((fd) => {
      writes.push(fd);
      if (fd === 1) throw Object.assign(new Error('EBADF'), { code: 'EBADF' });
      return 1 << 20;
    });
    ebadf.writeTo(1, 'a');
    ebadf.writeTo(1, 'b');
    expect(ebadf.directFailure()).toBe('EBADF');
    // One try at stdout, then the message on stderr (itself written directly), then nothing more.
    expect(writes).toEqual([1, 2]);
    expect(err).not.toHaveBeenCalled();
  });
});
