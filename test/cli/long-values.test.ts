/** A long value a user gave (`--phase` of 100 KB) is echoed shortened, as `size` echoes its flags: its first 40 characters and "…". */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}bin/capplan.js`;
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };
const run = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, env, encoding: 'utf8' });
const long = 'x'.repeat(100_000);
const shown = `"${'x'.repeat(40)}…"`;

describe('a 100 KB --phase', () => {
  it.each([['plan'], ['plan', '--uncertain'], ['report'], ['simulate'], ['sweep']])('capplan %s shortens it', (...cmd) => {
    const r = run([...cmd, 'profiles/litper.yaml', '--phase', long]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`capplan: no phase ${shown} in profiles/litper.yaml${cmd.length === 1 && cmd[0] === 'plan' ? '; phases: initial, 6 months, 12 months' : ''}`);
    expect(r.stderr.length).toBeLessThan(300);
  });

  it('emit shortens it too; a short name is shown whole', () => {
    const r = run(['emit', 'k8s', 'profiles/litper.yaml', '-o', 'never-written', '--phase', long]);
    expect(r.status).toBe(2);
    expect(r.stderr.split('\n')[0]).toBe(`capplan: no phase ${shown} in profiles/litper.yaml`);
    expect(run(['plan', 'profiles/litper.yaml', '--phase', 'nope']).stderr).toBe('capplan: no phase "nope" in profiles/litper.yaml; phases: initial, 6 months, 12 months\n');
  });
});
