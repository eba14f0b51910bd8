/**
 * Written bytes without a retention keep a year of writes, for a database and a disk alike, with a
 * warning at the key; a database node's volume beyond the largest device capplan knows is a
 * plausibility warning (the stranger's report, item 7).
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { component, planText } from '../support/plan.js';

describe('retention when written bytes are given', () => {
  const load = async (body: string) => loadProfileText(`apiVersion: capplan/v1\nname: t\nworkload: { rps: 1000 }\ncomponents:\n  s: ${body}\n`, 'p.yaml');
  // The default the docs, the warning and --explain state: 365 d (not a Julian year of 365.25 d).
  const YEAR = 365 * 86_400;

  it('a disk keeps its writes for the default year, and a warning at the key says so', async () => {
    const loaded = await load('{ kind: disk, writeBytesPerRequest: 100KB, device: nvme }');
    expect(loaded.warnings.map(renderDiagnostic)).toEqual([expect.stringMatching(/^p\.yaml:5:42 components\.s\.writeBytesPerRequest: warning: no retention: the written data is kept for the default 365 d/)]);
    const plan = await planText(`apiVersion: capplan/v1\nname: t\nworkload: { rps: 1000 }\ncomponents:\n  s: { kind: disk, writeBytesPerRequest: 100KB, device: nvme }\n`);
    // 1,000/s × 100 kB × a year, on 1 TB devices at 80 %.
    const bytes = 1000 * 100e3 * YEAR;
    expect(component(plan, 's').storageBytes).toBeCloseTo(bytes, -3);
    expect(component(plan, 's').replicas).toBe(Math.ceil(bytes / 0.8e12));
    // The default and a written `retention: 365d` plan the same storage.
    const stated = await planText(`apiVersion: capplan/v1\nname: t\nworkload: { rps: 1000 }\ncomponents:\n  s: { kind: disk, writeBytesPerRequest: 100KB, device: nvme, retention: 365d }\n`);
    expect(component(stated, 's').storageBytes).toBe(component(plan, 's').storageBytes);
  });

  it('a database the same, and quiet with retention given', async () => {
    const loaded = await load('{ kind: database, capacity: 10000/s, writesPerRequest: 1, bytesPerWrite: 100KB }');
    expect(loaded.warnings.map(renderDiagnostic)).toEqual([expect.stringMatching(/^p\.yaml:5:79 components\.s\.bytesPerWrite: warning: no retention/)]);
    expect((await load('{ kind: database, capacity: 10000/s, writesPerRequest: 1, bytesPerWrite: 100KB, retention: 30d }')).warnings).toEqual([]);
    expect((await load('{ kind: disk, writeBytesPerRequest: 100KB, retention: 7d }')).warnings).toEqual([]);
    expect((await load('{ kind: disk, readBytesPerRequest: 100KB }')).warnings).toEqual([]);
  });
});

describe('a database node’s volume beyond any device capplan knows', () => {
  it('warns at the component (a year of 100 KB writes at 1,000/s on one primary)', async () => {
    const { planPlausibilityWarnings, LargestCounts } = await import('../../src/cli/plan-plausibility.js');
    const { solve } = await import('../../src/plan/solve.js');
    const text = `apiVersion: capplan/v1\nname: t\nworkload: { rps: 1000 }\ncomponents:\n  pg: { kind: database, capacity: 10000/s, writesPerRequest: 1, bytesPerWrite: 100KB, retention: 365d }\n`;
    const loaded = await loadProfileText(text, 'p.yaml');
    const plan = solve(loaded.profile);
    // 1,000/s × 102,400 B × 365 d = 3.2e15 B, ÷ 0.8 full: far past the 64 TiB one node holds.
    const expected = [expect.stringMatching(/^p\.yaml:5:3 components\.pg: warning: each node needs a .* volume .*more than one database node holds \(64 TiB: a managed PostgreSQL's largest volume, or four 16 TiB block volumes striped\)/)];
    expect(planPlausibilityWarnings(plan, loaded.profile, loaded.doc).map(renderDiagnostic)).toEqual(expected);
    const largest = new LargestCounts();
    for (const phase of plan.phases) largest.add(phase);
    expect(planPlausibilityWarnings(largest.counts(), loaded.profile, loaded.doc).map(renderDiagnostic)).toEqual(expected);
    const small = await loadProfileText(text.replace('100KB', '100B'), 'p.yaml');
    expect(planPlausibilityWarnings(solve(small.profile), small.profile, small.doc)).toEqual([]);
  });
});
