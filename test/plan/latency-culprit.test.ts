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
    expect(v.remedy).toMatch(/^the largest share is provider \(0\.05 × 1 s; /);
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
    expect(v.remedy).toMatch(/^the largest share is web \(1 × /);
    expect(v.remedy).toMatch(/give it a latencyP95 budget so it is sized by latency/);
    expect(web.latencyP95!).toBeGreaterThan(0.5);
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
