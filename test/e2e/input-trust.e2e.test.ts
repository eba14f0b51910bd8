/** End to end: units are never guessed and hostile expressions are refused, as a user sees it (exit 2, positions, no stack). */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [`${root}bin/capplan.js`, ...args], { cwd: root, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('capplan refuses what it would otherwise misread', () => {
  it('validate: bit-sized memory, a unit-less duration and a hostile expression, each positioned, exit 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capplan-e2e-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(
      `${dir}/p.yaml`,
      'apiVersion: capplan/v1\nname: x\nworkload: { rps: 100 }\ncomponents:\n  api:\n    kind: service\n    serviceTime: 20\n    resources: { memory: 1Gb }\n    latencyP95: size(ones(30000, 30000))[1]\n',
    );
    const r = run(['validate', `${dir}/p.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/p\.yaml:7:18 components\.api\.serviceTime: 20 needs a unit: 20ms\? 20s\?$/);
    expect(lines[2]).toMatch(/p\.yaml:8:26 components\.api\.resources\.memory: 1Gb is in bits; sizes are in bytes \(B\)$/);
    expect(lines[3]).toBe('  hint: did you mean 1GB or 1GiB?');
    expect(lines[4]).toMatch(/p\.yaml:9:17 components\.api\.latencyP95: .* is not allowed in a profile expression$/);
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });
  it('size: a unit-less --service-time names the flag; --rps abc prints no empty list', () => {
    const bare = run(['size', '--rps', '100', '--service-time', '20']);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^capplan: --service-time: 20 needs a unit: 20ms\? 20s\? \(durations take ns, us, ms/);
    const word = run(['size', '--rps', 'abc', '--service-time', '20ms']);
    expect(word.code).toBe(2);
    expect(word.stderr).toMatch(/^capplan: --rps: "abc": unknown name "abc" \(expected a rate like 1000\/s or 600\/min\)/);
    expect(word.stderr).not.toMatch(/may use: \)/);
  });
});
