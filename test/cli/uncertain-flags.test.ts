/** `plan`: a flag that acts only with --uncertain is refused without it, and --explain with it, never silently ignored (exit 2). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = `${root}bin/capplan.js`;
const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined };

function run(...args: string[]) {
  return spawnSync(process.execPath, [bin, 'plan', 'profiles/litper.yaml', ...args], { cwd: root, env, encoding: 'utf8' });
}

describe('plan: the Monte Carlo flags', () => {
  it.each([
    [['--samples', '500'], '--samples'],
    [['--seed', '3'], '--seed'],
    [['--confidence', '99%'], '--confidence'],
    [['--threads', '2'], '--threads'],
    [['--confidence', '90%'], '--confidence'],
  ])('%j without --uncertain is refused, naming the flag (even at its default value)', (args, flag) => {
    const r = run(...args);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(`capplan: ${flag} is used only with --uncertain (the Monte Carlo); without it the flag would be ignored\n  hint: add --uncertain to run the Monte Carlo it sets\n`);
  });

  it('--explain with --uncertain is refused, saying where the formulas are', () => {
    const r = run('--uncertain', '--explain');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^capplan: --explain does not apply to --uncertain: .*\n {2}hint: run plan --explain without --uncertain/);
  });

  it('the flags with --uncertain, and --explain alone, still run', () => {
    expect(run('--uncertain', '--samples', '200', '--seed', '3', '--confidence', '95%', '--threads', '1', '--json').status).toBe(0);
    expect(run('--explain', '--phase', 'initial').status).toBe(0);
  });
});
