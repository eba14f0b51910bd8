/**
 * End to end: the built bin/capplan.js spawned as a user runs it (NO_COLOR, no TTY), asserting
 * stdout, stderr and exit codes. Kept to a few spawns; the logic is tested in-process elsewhere.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function run(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [`${root}bin/capplan.js`, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const noStack = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);

describe('capplan (built)', () => {
  it('plans a bundled profile as a table, with a bill', () => {
    const r = run(['plan', 'profiles/thea-ia.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Phase v0.14 today');
    expect(r.stdout).toContain('Bill, aws us-east-1');
    expect(r.stdout).not.toMatch(/\x1b\[/);
  });
  it('fits $COLUMNS: a validation verdict wraps, a plan at 40 columns is a block a component', () => {
    const env = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, COLUMNS: '40' };
    const valid = spawnSync(process.execPath, [`${root}bin/capplan.js`, 'validate', 'profiles/thea-ia.yaml'], { cwd: root, encoding: 'utf8', env });
    expect(valid.status).toBe(0);
    expect(valid.stdout).toMatch(/^✓ profiles\/thea-ia\.yaml: valid \(7\n {2}components, 3 phases: /);
    const plan = spawnSync(process.execPath, [`${root}bin/capplan.js`, 'plan', 'profiles/litper.yaml'], { cwd: root, encoding: 'utf8', env });
    expect(plan.status).toBe(0);
    expect(plan.stdout).toMatch(/^ {2}litper-api\n {4}kind service · demand 100 req\/s\n/m);
    // Every line fits; λ̄ (a combining macron) is one column.
    for (const line of plan.stdout.split('\n')) expect([...line.normalize('NFC')].filter((c) => !/\p{Mn}/u.test(c)).length, line).toBeLessThanOrEqual(40);
  });
  it('prints JSON that parses, and nothing else on stdout', () => {
    const r = run(['plan', 'profiles/litper.yaml', '--json', '--provider', 'azure']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout);
    expect(plan.apiVersion).toBe('capplan/v1');
    expect(plan.phases.map((p: { name: string }) => p.name)).toEqual(['initial', '6 months', '12 months']);
    expect(plan.phases[0].bill.provider).toBe('azure');
  });
  it('exits 1 under --strict when the plan has violations', () => {
    expect(run(['plan', 'profiles/blatam-academy.yaml', '--strict', '--quiet']).code).toBe(1);
  });
  it('reports every problem of a bad profile with its position, exit 2, no stack trace', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capplan-e2e-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(`${dir}/bad.yaml`, 'apiVersion: capplan/v1\nname: x\nworkload: { rps: 10/s }\ncomponents:\n  api: { kind: service, capacty: 100/s }\n');
    const r = run(['validate', `${dir}/bad.yaml`]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('bad.yaml:5:25 components.api.capacty: unknown key "capacty"');
    expect(r.stderr).toContain('did you mean "capacity"?');
    noStack(r.stderr);
  });
  it('explains a missing file and a directory, exit 2', () => {
    const missing = run(['plan', 'no/such.yaml']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('capplan: no/such.yaml: no such profile\n');
    const dir = run(['validate', 'profiles']);
    expect(dir.code).toBe(2);
    expect(dir.stderr).toContain('is a directory');
  });
  it('sizes one service from flags, and names a bad flag', () => {
    const ok = run(['size', '--rps', '800', '--service-time', '20ms', '--workers', '4', '--latency-p95', '100ms', '--json']);
    expect(ok.code).toBe(0);
    const out = JSON.parse(ok.stdout);
    expect(out.replicas).toBeGreaterThanOrEqual(5);
    expect(out.binding).toMatch(/throughput|latency/);
    const bad = run(['size', '--rps', 'lots', '--service-time', '20ms']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--rps:');
    noStack(bad.stderr);
  });
  it('writes a starting profile, and never overwrites a file it did not write without --force', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capplan-e2e-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    expect(run(['init', 'medium', '-o', 'capplan.yaml'], dir).code).toBe(0);
    expect(run(['plan', 'capplan.yaml', '--quiet'], dir).code).toBe(0);
    expect(run(['init', 'small', '-o', 'capplan.yaml'], dir).code).toBe(0);
    await writeFile(`${dir}/mine.yaml`, 'hand-written\n');
    const refused = run(['init', 'small', '-o', 'mine.yaml'], dir);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('use --force');
    expect(await readFile(`${dir}/mine.yaml`, 'utf8')).toBe('hand-written\n');
    expect(run(['init', 'small', '-o', 'mine.yaml', '--force'], dir).code).toBe(0);
  });
  it('fits the USL to a load test and lists the catalog', async () => {
    const fit = run(['fit', 'data/reference/usl-specsdm91.csv', '--json']);
    expect(fit.code).toBe(0);
    expect(JSON.parse(fit.stdout).sigma).toBeCloseTo(0.0277285, 6);
    const cat = run(['catalog', '--provider', 'gcp', '--gpu', '--json']);
    expect(cat.code).toBe(0);
    const doc = JSON.parse(cat.stdout);
    expect(doc).toMatchObject({ apiVersion: 'capplan/v1', kind: 'capplan-catalog' });
    const rows = doc.instances;
    expect(rows.length).toBeGreaterThan(0);
    expect(doc.sources.map((s: { id: string; licence: string }) => s.id)).toEqual(['gcp-gce-prices']);
    expect(doc.sources[0].licence).toBe('Apache-2.0');
    expect(rows.every((r: { provider: string; gpu: unknown }) => r.provider === 'gcp' && r.gpu !== null)).toBe(true);
    const empty = await mkdtemp(join(tmpdir(), 'capplan-empty-dir-'));
    onTestFinished(() => rm(empty, { recursive: true, force: true }));
    expect(run(['fit', empty]).code).toBe(2);
  });
  it('ends quietly when the reader closes the pipe (`| head`): exit 0, no stack trace', async () => {
    // The reader is gone before capplan writes: every write to stdout meets a closed pipe (EPIPE).
    const closed = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [`${root}bin/capplan.js`, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
        child.stdout.destroy();
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    const [plan, catalog] = await Promise.all([closed(['plan', 'profiles/litper.yaml', '--json', '--quiet']), closed(['catalog', '--json', '--quiet'])]);
    for (const r of [plan, catalog]) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
  });
  it('exits 2 on an unknown command or option', () => {
    expect(run(['plna']).code).toBe(2);
    expect(run(['plan', 'profiles/litper.yaml', '--format', 'xml']).code).toBe(2);
  });
  it('names the phases for an unknown --phase, and says nothing else (thea-ia has a range, which a plan would mention)', () => {
    const r = run(['plan', 'profiles/thea-ia.yaml', '--phase', 'nope']);
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', 'capplan: no phase "nope" in profiles/thea-ia.yaml; phases: v0.14 today, FSM target 1000 req/s, H08-H09 sharded and clustered\n']);
  });
});
