/** A write-only database whose writes overrun its primary gets no read replica: one would serve no reads (stranger C, finding 5). */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { replicasAt, type DatabaseLayoutInput } from '../../src/kinds/database-layout.js';
import { component, planText } from '../support/plan.js';

// λ_w = 142.66/s on one primary of μ_w = 200/s: 142.66 / 200 = 71.3 % > u = 70 %, and λ_r = 0.
const base: DatabaseLayoutInput = {
  writes: 142.66, reads: 0, writeCapacity: 200, readCapacity: 200, utilization: 0.7,
  maxShards: 1, zones: 1, standby: false, minReplicas: 0, maxReplicas: undefined,
};
const profile = (zones: number) => `apiVersion: capplan/v1
name: rw
workload: { rps: 142.66/s }
targets: { zones: ${zones} }
components:
  db: { kind: database, readsPerRequest: 0, writesPerRequest: 1, capacity: 200/s }
`;

describe('write-only database over its primary', () => {
  it('the layout asks no read replica for load: ⌈λ_r / (μ × u)⌉ = ⌈0⌉ = 0', () => {
    const r = replicasAt(1, base);
    expect(r.primaryFits).toBe(false);
    expect(r.forLoad).toBe(0);
    expect(r.replicas).toBe(0);
  });
  it('reads to move still get at least one: λ_r = 1/s → max(1, ⌈1 / (200 × 0.7)⌉) = 1', () => {
    expect(replicasAt(1, { ...base, reads: 1 }).forLoad).toBe(1);
  });
  it('one zone: 1 primary, the writes violation, and the explanation says why there is no replica', async () => {
    const plan = await planText(profile(1));
    const db = component(plan, 'db');
    expect(db.replicas).toBe(1);
    expect(db.topology).toBe('1 primary');
    expect(db.violations.map((v) => v.kind)).toEqual(['writes']);
    const line = db.constraints.find((c) => c.formula.startsWith('read replicas = 0 if'))!;
    expect(line.substituted).toContain('primary 71% > 70% → 0 (no reads to move off the primary');
  });
  it('three zones: the one replica is the standby, and is named so', async () => {
    const plan = await planText(profile(3));
    const db = component(plan, 'db');
    expect(db.topology).toBe('1 primary + 1 replica');
    expect(db.constraints.some((c) => c.substituted === 'zones = 3 → 1 standby')).toBe(true);
  });
  it('runway: the write ceiling is not answered by a read replica (the built CLI)', () => {
    // 50/s growing 10 %/month: 50 × 1.1^11 = 143/s > 140/s one primary commits at 70 % in month 11.
    const dir = mkdtempSync(join(tmpdir(), 'capplan-rw-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'rw.yaml');
    writeFileSync(file, profile(1).replace('rps: 142.66/s', 'rps: 50/s, growth: 10%/month'));
    const run = spawnSync(process.execPath, [join(__dirname, '../../bin/capplan.js'), 'runway', file], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(run.stdout).toContain('writes exceed one primary');
    expect(run.stdout).not.toMatch(/db 1p→1p\+1r/);
  });
});
