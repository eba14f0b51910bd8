/** Help and the version, written to a full device, fail as a command's output does: `cannot write the output: ENOSPC`, exit 2. */
import { spawnSync } from 'node:child_process';
import { existsSync, openSync, closeSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}bin/capplan.js`;
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };

describe.skipIf(!existsSync('/dev/full'))('help into /dev/full', () => {
  it.each([[['--help']], [['plan', '--help']], [['help', 'plan']], [['--version']], [['plan', 'profiles/litper.yaml']]])('capplan %j exits 2 with the write error', (args) => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8', stdio: ['ignore', full, 'pipe'] });
      expect(r.stderr.split('\n')[0]).toBe('capplan: cannot write the output: ENOSPC');
      expect(r.status).toBe(2);
    } finally {
      closeSync(full);
    }
  });

  it('still exits 0 when help is written', () => {
    const r = spawnSync(process.execPath, [bin, '--help'], { cwd: root, env, encoding: 'utf8' });
    expect(r.stdout).toMatch(/^Usage: capplan/);
    expect(r.status).toBe(0);
  });
});
