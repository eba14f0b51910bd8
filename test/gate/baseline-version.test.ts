/**
 * The capplan version in a baseline's header: `check --update-baseline` records it, a later gate
 * says so when its own differs (a note, never a failure), and a baseline without it (an older
 * capplan's) reads as before.
 */
import { describe, expect, it } from 'vitest';
import { baselineVersionNote, parseSavedPlan, renderBaseline } from '../../src/gate/saved-plan.js';
import type { PlanSummary } from '../../src/gate/summary.js';

const summary: PlanSummary = {
  profile: 'shop',
  phases: [{ name: 'now', scale: 1, peakRps: 10, workload: {}, system: {}, bill: null, components: [{ name: 'api', kind: 'service', replicas: 2 }], violations: [] }] as unknown as PlanSummary['phases'],
};

describe('the version that wrote a baseline', () => {
  it('is written in the header and read back', () => {
    const text = renderBaseline({ ...summary, capplanVersion: '1.2.3' });
    expect((JSON.parse(text) as { header: Record<string, unknown> }).header).toMatchObject({ kind: 'capplan-baseline', capplanVersion: '1.2.3' });
    const read = parseSavedPlan(text, 'capplan.lock.json');
    if (!read.ok) throw new Error(JSON.stringify(read.diagnostics));
    expect(read.summary.capplanVersion).toBe('1.2.3');
  });

  it('is absent from a baseline of an older capplan, which still reads, and from a saved plan', () => {
    const text = renderBaseline(summary);
    expect(text).not.toContain('capplanVersion');
    const read = parseSavedPlan(text, 'capplan.lock.json');
    if (!read.ok) throw new Error(JSON.stringify(read.diagnostics));
    expect(read.summary.capplanVersion).toBeUndefined();
    const odd = parseSavedPlan(text.replace('"profile": "shop"', '"profile": "shop", "capplanVersion": 7'), 'capplan.lock.json');
    expect(odd.ok && odd.summary.capplanVersion).toBeUndefined();
    const plan = parseSavedPlan(JSON.stringify({ apiVersion: 'capplan/v1', capplanVersion: '9.9.9', phases: [{ name: 'now', peakRps: 1, components: [] }] }), 'plan.json');
    expect(plan.ok && plan.summary.capplanVersion).toBeUndefined();
  });

  it('is a note only when it differs from the running version', () => {
    expect(baselineVersionNote({ ...summary, capplanVersion: '0.1.0' }, '0.1.0', 'capplan.lock.json')).toBeNull();
    expect(baselineVersionNote(summary, '0.1.0', 'capplan.lock.json')).toBeNull();
    expect(baselineVersionNote({ ...summary, capplanVersion: '0.0.9' }, '0.1.0', 'ci/capplan.lock.json')).toMatch(/^note: ci\/capplan\.lock\.json was written by capplan 0\.0\.9, this is capplan 0\.1\.0: /);
  });
});
