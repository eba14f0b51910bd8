/**
 * End to end: sweep, runway and the runway gate of the built CLI (NO_COLOR, no TTY). Kept to a
 * few spawns; the logic is tested in-process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

function run(args: string[]) {
  const r = spawnSync(process.execPath, [`${root}bin/capplan.js`, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('capplan sweep and runway (built)', () => {
  it('sweeps a bundled profile to JSON with the asked number of points', () => {
    const r = run(['sweep', 'profiles/thea-ia.yaml', '--steps', '500', '--to', '200/s', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.kind).toBe('sweep');
    expect(doc.series.rps).toHaveLength(500);
    expect(doc.series.rps[499]).toBe(200);
    // The FSM's three replicas of 50 req/s saturate first (Telegram's 30 msg/s binds only broadcasts, queued).
    expect(doc.saturation[0].component).toBe('fsm');
  });
  it('refuses a bad range with exit 2 and no stack trace', () => {
    const r = run(['sweep', 'profiles/thea-ia.yaml', '--steps', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--steps');
    const back = run(['sweep', 'profiles/thea-ia.yaml', '--from', '2x', '--to', '1x']);
    expect(back.code).toBe(2);
    expect(back.stderr).toContain('must be above --from');
    expect(back.stderr).not.toMatch(/\n\s+at /);
    // --from alone past the sweep's own end blamed "--to (… the peak)", a flag not given.
    const past = run(['sweep', 'profiles/thea-ia.yaml', '--from', '100x']);
    expect(past.code).toBe(2);
    expect(past.stderr).toMatch(/^capplan: --from \(100× the peak\) is at or past where the sweep ends without --to \(/);
    expect(past.stderr).toContain('hint: give --to as well, e.g. --to 200x');
  });
  it('plan --uncertain --strict gates on the violations of its own phase at the medians', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capplan-uncertain-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(
      `${dir}/two.yaml`,
      `apiVersion: capplan/v1
name: two
workload: { rps: 50, phase: small }
phases:
  - name: big
    scale: 10
components:
  api: { kind: service, serviceTime: 20ms..30ms, workers: 4, replicas: { min: 2, max: 4 } }
`,
    );
    // Ten times the load needs more than four replicas at the medians: "big" has a violation, "small" none.
    const small = run(['plan', `${dir}/two.yaml`, '--uncertain', '--samples', '50', '--strict', '--no-bill']);
    expect(small.code).toBe(0);
    expect(small.stdout).toContain('no sample has a violation');
    const big = run(['plan', `${dir}/two.yaml`, '--uncertain', '--samples', '50', '--strict', '--no-bill', '--phase', 'big']);
    expect(big.code).toBe(1);
    expect(big.stdout).toMatch(/of the samples have a violation \(api maxReplicas/);
    expect(run(['plan', `${dir}/two.yaml`, '--uncertain', '--samples', '50', '--no-bill', '--phase', 'big']).code).toBe(0);
  });
  it('prints a runway and gates on it', async () => {
    const r = run(['runway', 'profiles/litper.yaml', '--months', '12']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('▶ workers must scale');
    const dir = await mkdtemp(join(tmpdir(), 'capplan-runway-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const profile = `apiVersion: capplan/v1
name: grow
workload: { rps: 50, growth: 10%/month }
targets: { minHeadroom: 1.3 }
components:
  api: { kind: service, capacity: 100/s, replicas: { min: 2, max: 4 } }
gates: { minRunway: 12 months }
`;
    await writeFile(`${dir}/grow.yaml`, profile);
    const gate = run(['check', `${dir}/grow.yaml`, '--no-bill']);
    expect(gate.code).toBe(1);
    expect(gate.stdout).toContain('runway 9 months is under the minimum 12 months');
    expect(run(['check', `${dir}/grow.yaml`, '--no-bill', '--gate', 'runway=warn']).code).toBe(0);
    await writeFile(`${dir}/flat.yaml`, profile.replace(', growth: 10%/month', ''));
    const none = run(['runway', `${dir}/flat.yaml`]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('hint: add workload.growth');
  });
  it('runs the Monte Carlo of a bundled profile: JSON, the same bytes for the same seed', () => {
    const args = ['plan', 'profiles/thea-ia.yaml', '--uncertain', '--samples', '300', '--seed', '4', '--json'];
    const a = run(args);
    expect(a.code).toBe(0);
    const doc = JSON.parse(a.stdout);
    expect(doc.kind).toBe('uncertain');
    expect(doc.samples).toBe(300);
    expect(doc.inputs.map((i: { path: string }) => i.path)).toEqual(['workload.thinkTime']);
    expect(run(args).stdout).toBe(a.stdout);
    const bad = run(['plan', 'profiles/thea-ia.yaml', '--uncertain', '--confidence', '140%']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--confidence');
    const none = run(['plan', 'profiles/templates/small.yaml', '--uncertain']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('nothing in the profile is uncertain');
  });
});
