/** A profile whose every component is async (queue workers) has no synchronous request path: no end-to-end time to show. */
import { describe, expect, it } from 'vitest';
import { systemLines } from '../../src/render/plan-text.js';
import { buildSimModel } from '../../src/simulate/from-plan.js';
import { comparisonRows } from '../../src/simulate/render-rows.js';
import { summarise } from '../../src/simulate/report.js';
import { runReplications } from '../../src/simulate/runner.js';
import { planText } from '../support/plan.js';
import { steady } from '../simulate/helpers.js';

const WORKERS_ONLY = `apiVersion: capplan/v1
name: batch
workload: { rps: 50/s }
targets: { latencyP95: 1s }
components:
  jobs: { kind: worker, serviceTime: 200ms, workers: 8 }
`;

describe('no synchronous request path', () => {
  it('says the plan has no end-to-end p95 instead of "0 s ≤ target 1 s"', async () => {
    const plan = await planText(WORKERS_ONLY);
    const lines = systemLines(plan.phases[0]!);
    expect(lines).toContain('end-to-end p95: none, no component is on a synchronous request path (async ones are timed by their own queues)');
    expect(lines.join('\n')).not.toMatch(/end-to-end p95 0 s/);
  });
  it('leaves the end-to-end rows out of the simulation (they read "mean 0 ± 0 µs, p95 0.0597 ± 0 µs")', async () => {
    const plan = await planText(WORKERS_ONLY);
    const m = buildSimModel(plan.profile, plan.phases[0]!);
    const report = summarise(m, steady(2000, 2), runReplications(m, steady(2000, 2)));
    expect(report.endToEnd.meanS.sim).toBeNull();
    expect(report.endToEnd.p95S.sim).toBeNull();
    expect(comparisonRows(report).map((r) => r[0]).filter(Boolean)).toEqual(['jobs 2×8']);
  });
});
