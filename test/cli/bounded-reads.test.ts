/**
 * Every input file is read up to its limit in bytes, whatever the file is (issue #19): /dev/zero
 * and a FIFO that never ends are refused with exit 2 and the limit, through the one reader every
 * command uses (profile, calibration, `fit` files, `capacity.fit`, saved plans, recordings).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UsageError } from '../../src/cli/errors.js';
import { readBounded, readInputFile } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

const ZERO = '/dev/zero';
const hasZero = existsSync(ZERO);
const hasMkfifo = spawnSync('mkfifo', ['--version']).status === 0;

let box: string;
beforeEach(() => {
  box = mkdtempSync(join(tmpdir(), 'capplan-read-'));
});
afterEach(() => rmSync(box, { recursive: true, force: true }));

async function run(...args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const e = vi.spyOn(process.stderr, 'write').mockImplementation(((chunk: string) => ((err += String(chunk)), true)) as typeof process.stderr.write);
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((() => true) as typeof process.stdout.write);
  try {
    return { code: await main(['--no-color', ...args]), err };
  } finally {
    e.mockRestore();
    o.mockRestore();
  }
}

describe.skipIf(!hasZero)('/dev/zero', () => {
  it('readBounded stops one byte past the limit', async () => {
    expect(await readBounded(ZERO, 1000)).toBeNull();
    expect((await readBounded('/dev/null', 10))?.length).toBe(0);
  });

  it('a profile, a fit file and a calibration: exit 2 with the limit', async () => {
    await expect(readInputFile(ZERO, 'profile')).rejects.toThrow(new UsageError('/dev/zero: larger than 2 MiB, the limit for a profile (limit: profile size)'));
    const plan = await run('plan', ZERO);
    expect(plan.code).toBe(2);
    expect(plan.err).toContain('/dev/zero: larger than 2 MiB, the limit for a profile');
    const fit = await run('fit', ZERO);
    expect(fit.code).toBe(2);
    expect(fit.err).toContain('/dev/zero: larger than 16 MiB, the limit for a load-test file');
  });

  it('capacity: { fit: /dev/zero } in a profile', async () => {
    const profile = join(box, 'p.yaml');
    writeFileSync(profile, 'apiVersion: capplan/v1\nname: z\nworkload: { rps: 10 }\ncomponents:\n  api: { kind: service, capacity: { fit: /dev/zero, concurrency: 4 } }\n');
    const r = await run('plan', profile);
    expect(r.code).toBe(2);
    expect(r.err).toContain('larger than 16 MiB');
  });
});

describe.skipIf(!hasMkfifo)('a FIFO', () => {
  it('fed without end is refused at the limit, not read forever', async () => {
    const fifo = join(box, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // A writer that never stops: `yes` into the FIFO until it is closed.
    const writer = spawn('sh', ['-c', `exec yes capplan > '${fifo}'`], { stdio: 'ignore' });
    try {
      await expect(readInputFile(fifo, 'profile')).rejects.toThrow(/larger than 2 MiB, the limit for a profile/);
    } finally {
      writer.kill('SIGKILL');
    }
  });

  it('fed a short profile is read whole', async () => {
    const fifo = join(box, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const writer = spawn('sh', ['-c', `printf 'name: x\\n' > '${fifo}'`], { stdio: 'ignore' });
    expect(await readInputFile(fifo, 'profile')).toBe('name: x\n');
    writer.kill('SIGKILL');
  });
});
