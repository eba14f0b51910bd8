/**
 * The component an end-to-end latency violation names (plan/latency-culprit.ts): the one whose
 * time, taken off the path, lowers the end-to-end percentile most, not the largest visits × p95.
 * The expectations follow from the path's law by hand, never from what the code printed.
 */
import { describe, expect, it } from 'vitest';
import { component, planText } from '../support/plan.js';

/** Every request visits `web` (M/M/c, 30 ms); `share` of them also call a provider answering in a fixed `delay`. */
const profile = (share: string, delay: string) => `
apiVersion: capplan/v1
name: culprit
workload: { rps: 100/s }
targets: { latencyP95: 500ms, zones: 1 }
components:
  web:
    kind: service
    serviceTime: 30ms
    workers: 8
    calls: [{ to: provider, probability: ${share} }]
  provider:
    kind: adapter
    serviceTime: 1ms
    workers: 8
    providerLatency: ${delay}
`;

const latencyViolation = (plan: Awaited<ReturnType<typeof planText>>) => plan.phases[0]!.violations.find((v) => v.kind === 'latency');

describe('the end-to-end latency violation names the component that sets the percentile', () => {
  it('names a rarely taken slow call over a fast component every request visits', async () => {
    const plan = await planText(profile('5%', '1s'));
    const web = component(plan, 'web');
    const provider = component(plan, 'provider');
    // 5 % of requests take the 1 s delay, so P(T > 1 s) ≥ 0.05 + 0.95 · P(web > 1 s) > 0.05: the p95 is past 1 s.
    expect(plan.phases[0]!.system.latencyP95).toBeGreaterThan(1);
    // Σ visits × p95 would name web: 1 × its p95 (≥ 30 ms · ln 20 ≈ 90 ms at low load) against 0.05 × ~1 s.
    expect(web.visits * web.latencyP95!).toBeGreaterThan(provider.visits * provider.latencyP95!);
    const v = latencyViolation(plan)!;
    // 5 % of requests wait 1 s even with no load: the 500 ms target is out of any sizing's reach, and the remedy starts by saying so.
    expect(v.remedy).toMatch(/^unreachable: even unloaded \(no waits, no retries\) the end-to-end p95 is [\d.]+ s > target 500 ms, so no replica count or latency budget reaches it; the largest share is provider \(0\.05 × 1 s; /);
    expect(v.remedy).toMatch(/a fixed delay of 1 s that no replica count shortens/);
    // Without the provider's time the path is web alone: its own p95.
    const without = Number(/the end-to-end p95 is ([\d.]+) ms without it/.exec(v.remedy)![1]) / 1000;
    expect(without).toBeCloseTo(web.latencyP95!, 3);
  });

  it('names the component every request waits on when the slow call is too rare to reach the percentile', async () => {
    // 1 % of requests call the 1 s provider: below the 5 % tail, so the p95 is web's and the provider's removal barely moves it.
    const plan = await planText(`${profile('1%', '1s')}`.replace('serviceTime: 30ms', 'serviceTime: 200ms'));
    const web = component(plan, 'web');
    expect(plan.phases[0]!.system.latencyP95).toBeLessThan(1);
    const v = latencyViolation(plan)!;
    // Unloaded, web alone is Exp(200 ms), whose p95 is 200 ms × ln 20 = 599 ms > 500 ms: no replica count or budget helps.
    expect(v.remedy).toMatch(/^unreachable: even unloaded \(no waits, no retries\) the end-to-end p95 is (599|6\d\d) ms > target 500 ms, so no replica count or latency budget reaches it; the largest share is web \(1 × /);
    expect(v.remedy).toMatch(/: cut its service time \(200 ms mean\), take it off the request path, or raise targets\.latencyP95$/);
    expect(v.remedy).not.toMatch(/add replicas|latencyP95 budget so/);
    expect(web.latencyP95!).toBeGreaterThan(0.5);
  });

  it('an unloaded p95 above the target (20 ms service, 10 ms target): unreachable, not "add replicas"; just under the loaded p95 (62 ms): sizing still helps', async () => {
    const one = (target: string) => `apiVersion: capplan/v1\nname: one\nworkload: { rps: 100/s }\ntargets: { latencyP95: ${target}, zones: 1 }\ncomponents:\n  api: { kind: service, workers: 4, serviceTime: 20ms }\n`;
    // Exp(20 ms) unloaded: p95 = 20 ms × ln 20 = 59.9 ms.
    const tight = latencyViolation(await planText(one('10ms')))!;
    expect(tight.remedy).toMatch(/^unreachable: even unloaded \(no waits, no retries\) the end-to-end p95 is (59\.9|60) ms > target 10 ms, so no replica count or latency budget reaches it; the largest share is api \(1 × /);
    expect(tight.remedy).toMatch(/cut its service time \(20 ms mean\)/);
    const loaded = latencyViolation(await planText(one('62ms')))!;
    expect(loaded.remedy).toMatch(/^the largest share is api \(1 × [\d.]+ ms; .*give it a latencyP95 budget so it is sized by latency, add replicas, or cut its service time$/);
  });

  it('says the time is spread over a long path when no component holds a tenth of the excess', async () => {
    // 300 services in a chain, each an M/M/4 of 20 ms at low load: ~6 s of path against a 1 s target.
    // Past 256 components each candidate's removal is estimated from the path's moments.
    const names = Array.from({ length: 300 }, (_, i) => `s${String(i).padStart(3, '0')}`);
    const components = names.map((n, i) => `  ${n}: { kind: service, serviceTime: 20ms, workers: 4${i + 1 < names.length ? `, calls: [${names[i + 1]}]` : ''} }`).join('\n');
    const plan = await planText(`apiVersion: capplan/v1\nname: chain\nworkload: { rps: 10/s }\ntargets: { latencyP95: 1s, zones: 1 }\ncomponents:\n${components}\n`);
    const v = latencyViolation(plan)!;
    expect(plan.phases[0]!.system.latencyP95).toBeGreaterThan(5);
    expect(v.remedy).toMatch(/^the time is spread over the path: without its largest share, s\d{3} \(1 × [\d.]+ ms\), the end-to-end p95 is still [\d.]+ s; shorten the path/);
  });
});
