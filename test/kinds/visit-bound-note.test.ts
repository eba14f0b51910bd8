// A component whose time per visit no inversion follows (an M/G/1 wait behind two near-deterministic
// operations three orders of magnitude apart) shows Cantelli's bound as its p95: the plan says so.
import { describe, expect, it } from 'vitest';
import { sweepFixed } from '../../src/explore/sweep.js';
import { sweepSummary } from '../../src/explore/render-sweep.js';
import { component, planText } from '../support/plan.js';
import { erlangSurvival, bisect } from '../support/inversion-reference.js';

const profile = `apiVersion: capplan/v1
name: sharp-ops
workload: { rps: 16/s }
targets: { latencyP95: 2s, cpuUtilization: 50% }
components:
  api:
    kind: service
    distribution: deterministic
    latencyP95: 1s
    workers: 1
    operations:
      - { name: slow, share: 59%, serviceTime: 485ms }
      - { name: fast, share: 41%, serviceTime: 0.5ms }
`;

describe("a component's p95 by Cantelli's bound", () => {
  it('is noted on the component, and lies above the exact p95 of its service time alone', async () => {
    const plan = await planText(profile);
    const api = component(plan, 'api');
    expect(api.notes.join('\n')).toContain("its p95 per visit is an upper bound by Cantelli's inequality");
    // The service time alone: 59 % Erlang(64, 64/485 ms), 41 % Erlang(64, 64/0.5 ms) (deterministic is fitted as Erlang-64).
    const service = (t: number) => 0.59 * erlangSurvival(64, 64 / 0.485, t) + 0.41 * erlangSurvival(64, 64 / 0.0005, t);
    const serviceP95 = bisect(service, 0.95, 0, 2);
    expect(serviceP95).toBeGreaterThan(0.55);
    expect(api.latencyP95!).toBeGreaterThan(serviceP95);
  });

  it('is not noted where the inversion settles (a bundled-style service)', async () => {
    const plan = await planText(profile.replace('distribution: deterministic', 'distribution: exponential'));
    expect(component(plan, 'api').notes.join('\n')).not.toMatch(/Cantelli/);
  });

  it('is said by a sweep whose figures include it', async () => {
    const range = { fromScale: 0.5, toScale: 1, points: 3 };
    const sharp = sweepFixed('sharp-ops', (await planText(profile)).phases[0]!, range, 0.95);
    expect(sharp.bounded).toBe(true);
    expect(sweepSummary(sharp).join('\n')).toContain("upper bounds by Cantelli's inequality");
    const smooth = sweepFixed('smooth', (await planText(profile.replace('distribution: deterministic', 'distribution: exponential'))).phases[0]!, range, 0.95);
    expect(smooth.bounded).toBeUndefined();
  });

  it('is noted on the worker classes whose p95 is a bound', async () => {
    const plan = await planText(`apiVersion: capplan/v1
name: sharp-jobs
workload: { rps: 16/s }
components:
  jobs:
    kind: worker
    distribution: deterministic
    workers: 1
    operations:
      - { name: slow, share: 59%, serviceTime: 485ms }
      - { name: fast, share: 41%, serviceTime: 0.5ms }
    classes:
      - { name: urgent, share: 30%, timeout: 5s }
      - { name: bulk, share: 70% }
`);
    // Each class's wait (Cobham's mean, exponential given a wait) is followed by the same sharp service mixture.
    expect(component(plan, 'jobs').notes).toContain(
      "the p95s of classes urgent, bulk are upper bounds by Cantelli's inequality (m + σ·√(p/(1 − p))): the time is too sharp to invert numerically (near-deterministic parts far apart)",
    );
  });
});
