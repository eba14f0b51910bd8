/** `capplan simulate` and the check gate's simulate rule, spawned as a user runs them (few spawns; logic is tested in-process). */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [`${root}bin/capplan.js`, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('capplan simulate (built)', () => {
  it('prints a table within 80 columns, and the same JSON bytes for the same seed, on one thread or two', () => {
    const table = run(['simulate', 'profiles/templates/small.yaml', '--requests', '5000']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('simulated ±95%');
    for (const line of table.stdout.split('\n')) expect([...line].length, line).toBeLessThanOrEqual(80);
    const a = run(['simulate', 'profiles/templates/small.yaml', '--requests', '5000', '--json', '--seed', '4']);
    // Replications on worker threads give the same bytes.
    const b = run(['simulate', 'profiles/templates/small.yaml', '--requests', '5000', '--json', '--seed', '4', '--threads', '2']);
    expect(a.stdout).toBe(b.stdout);
    const doc = JSON.parse(a.stdout);
    expect(doc).toMatchObject({ apiVersion: 'capplan/v1', kind: 'simulation', profile: 'my-service' });
    expect(doc.phases[0].stations[0]).toHaveProperty('utilization.sim.mean');
  });

  it("arrives as the profile's arrivalCv by default; --arrivals renewal:CV or poisson overrides it; a bad cv exits 2", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capplan-arrivals-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'bursty.yaml');
    await writeFile(file, 'apiVersion: capplan/v1\nname: bursty\nworkload: { rps: 50, arrivalCv: 2 }\ncomponents:\n  api: { kind: service, serviceTime: 10ms, workers: 2 }\n');
    const byProfile = run(['simulate', file, '--requests', '5000']);
    expect(byProfile.code).toBe(0);
    expect(byProfile.stdout).toContain('arrivals: renewal, inter-arrival cv 2 (H2, balanced means)');
    expect(run(['simulate', file, '--requests', '5000', '--arrivals', 'renewal:0.5']).stdout).toContain('arrivals: renewal, inter-arrival cv 0.5 (gamma)');
    expect(run(['simulate', file, '--requests', '5000', '--arrivals', 'poisson']).stdout).toContain('arrivals: Poisson');
    const bad = run(['simulate', file, '--arrivals', 'renewal:0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--arrivals renewal:0: the inter-arrival cv must be a number above 0 and at most 10/);
  });

  it('rejects bad flags with exit 2 and a hint, no stack trace', () => {
    const zone = run(['simulate', 'profiles/templates/small.yaml', '--fail', 'zone:a@10s']);
    expect(zone.code).toBe(2);
    expect(zone.stderr).toMatch(/one zone/);
    const ramp = run(['simulate', 'profiles/templates/small.yaml', '--ramp', 'up fast']);
    expect(ramp.code).toBe(2);
    expect(ramp.stderr).toMatch(/FROM\.\.TOx over DURATION/);
    expect(zone.stderr + ramp.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
  });

  it('refuses a ramp too short for any window to complete a p95\'s worth of requests: exit 2 with the length it needs', () => {
    // 1 ms of a small peak: it printed an empty sparkline, "the p95 stayed within the … target over the whole ramp", exit 0.
    const r = run(['simulate', 'profiles/templates/small.yaml', '--ramp', '0..2x over 1ms']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^capplan: phase ".+": a ramp over 1 ms is too short to measure: .* and a window's p95 needs 20\n  hint: ramp over at least [\d.]+ (?:ms|s|min): --ramp "0\.\.2x over [\d.]+(?:ms|s|min)"\n$/);
  });

  it('refuses a phase with no load, and skips one beside phases that have some', async () => {
    // It printed a table of dashes and "run with --requests 0 or more" for "api (service 0 s)".
    const dir = await mkdtemp(join(tmpdir(), 'capplan-idle-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const idle = 'apiVersion: capplan/v1\nname: idle\nworkload: { rps: 0/s }\ncomponents:\n  api: { kind: service, serviceTime: 20ms, workers: 4 }\n';
    await writeFile(`${dir}/idle.yaml`, idle);
    const none = run(['simulate', `${dir}/idle.yaml`]);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('capplan: phase "now" has no load (peak 0 req/s): there is nothing to simulate\n');
    await writeFile(`${dir}/later.yaml`, `${idle}phases:\n  - { name: later, workload: { rps: 100/s } }\n`);
    const later = run(['simulate', `${dir}/later.yaml`, '--requests', '2000']);
    expect(later.code).toBe(0);
    expect(later.stderr).toContain('capplan: phase "now" has no load (peak 0 req/s): not simulated');
    expect(later.stdout).not.toContain('Phase now');
    expect(later.stdout).toContain('Phase later  peak 100 req/s');
  });

  it('gates on simulated figures in check when gates.simulate is on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capplan-sim-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const profile = (await readFile(`${root}profiles/thea-ia.yaml`, 'utf8')) + '\ngates: { simulate: { requests: 20000 }, violations: off, latency: off, headroom: off }\n';
    await writeFile(`${dir}/p.yaml`, profile);
    const r = run(['check', `${dir}/p.yaml`, '--json']);
    expect(r.code).toBe(1);
    const rules = JSON.parse(r.stdout).findings.map((f: { rule: string }) => f.rule);
    expect(new Set(rules)).toEqual(new Set(['simulate']));
  });
});
