/**
 * `-` in place of a profile reads it from standard input (a profile made by a template tool and
 * piped in): the built bin/capplan.js spawned with its stdin given, as a user runs it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function run(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [`${root}bin/capplan.js`, ...args], {
    cwd: root,
    encoding: 'utf8',
    input,
    // No input: stdin is /dev/null, as in CI.
    stdio: input === undefined ? ['ignore', 'pipe', 'pipe'] : ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const thea = readFileSync(`${root}profiles/thea-ia.yaml`, 'utf8');

describe('a profile from standard input (-)', () => {
  it('plans it as the same file named on the command line would be planned', () => {
    const piped = run(['plan', '-', '--json'], thea);
    const named = run(['plan', 'profiles/thea-ia.yaml', '--json']);
    expect(piped.code).toBe(0);
    expect(piped.stdout).toBe(named.stdout);
  });
  it('names it <stdin> in every problem, with line and column', () => {
    const r = run(['validate', '-'], thea.replace('serviceTime: 20ms', 'serviceTime: 20'));
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toMatch(/^<stdin>:\d+:\d+ components\.\S+\.serviceTime: 20 needs a unit/m);
  });
  it('reads it once for a command that reads its profile twice (report)', () => {
    const r = run(['report', '-', '--format', 'markdown', '--no-bill'], thea);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('thea-ia');
    // The inputs section quotes the profile as read.
    expect(r.stdout).toContain('<stdin>');
  });
  it('diff: one side may be standard input, not both', () => {
    const same = run(['diff', 'profiles/thea-ia.yaml', '-'], thea);
    expect(same.code).toBe(0);
    const both = run(['diff', '-', '-'], thea);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('both sides are standard input');
  });
  it('refuses a second input from standard input in another role', () => {
    const r = run(['plan', '-', '--calibration', '-'], thea);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('standard input is already read as the profile');
    expect(r.stderr).toContain('hint: give the calibration file as a file');
  });
  it('an empty standard input is an empty profile, binary input is refused', () => {
    const empty = run(['validate', '-']);
    expect(empty.code).toBe(2);
    expect(empty.stdout + empty.stderr).toContain('<stdin>:1:1: the profile is empty');
    const binary = run(['plan', '-'], 'name: x\u0000\n');
    expect(binary.code).toBe(2);
    expect(binary.stderr).toContain('-: standard input is binary, not a profile');
  });
  it('fit: load-test results from standard input, their format found from the content', () => {
    for (const file of ['data/reference/usl-specsdm91.csv', 'test/fixtures/loadtools/wrk-runs.txt', 'test/fixtures/loadtools/jmeter-results.jtl']) {
      const piped = run(['fit', '-', '--json'], readFileSync(`${root}${file}`, 'utf8'));
      const named = run(['fit', file, '--json']);
      expect(piped.code, file).toBe(0);
      expect(piped.stdout, file).toBe(named.stdout.split(file).join('<stdin>'));
    }
  });
});
