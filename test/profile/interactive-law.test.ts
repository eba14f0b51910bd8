import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';

const profile = (workload: string, target = '2s') => `apiVersion: capplan/v1
name: t
workload:
  concurrentUsers: 1000
${workload}
targets: { latencyP95: ${target} }
components:
  api: { kind: service, serviceTime: 10ms, workers: 4 }
`;

async function warnings(text: string): Promise<string[]> {
  const { profile: p, warnings: w } = await loadProfileText(text, 'p.yaml');
  return [`${+p.phases[0]!.workload.peakRps.toPrecision(6)} req/s`, ...w.map((d) => renderDiagnostic(d))];
}

describe('concurrent users whose response time is not small beside the think time', () => {
  it('gives both rates when responseTime is a large share of thinkTime (3× apart)', async () => {
    expect(await warnings(profile('  thinkTime: 1s\n  responseTime: 2s'))).toEqual([
      '333.333 req/s',
      'p.yaml:5:14 workload.thinkTime: warning: responseTime 2 s is not small beside thinkTime 1 s: the rate is N / (R + Z) = 333 req/s, while reading 1 s as the time from one request to the next would give N / Z = 1,000 req/s (3× as much)\n  hint: thinkTime is the pause after a response before the next request; if 1 s is the whole time between requests, a response of 2 s cannot fit in it: check both',
    ]);
    expect((await warnings(profile('  thinkTime: 3s\n  responseTime: 1s')))[1]).toMatch(/1\.33× as much\)\n  hint: .* write thinkTime: 2 s$/);
  });
  it('says the plan sizes for the upper bound when no responseTime is given and the p95 target is long beside thinkTime', async () => {
    expect(await warnings(profile('  thinkTime: 1s'))).toEqual([
      '1000 req/s',
      'p.yaml:5:14 workload.thinkTime: warning: the end-to-end p95 target 2 s is not small beside thinkTime 1 s: the plan sizes for the upper bound N / Z = 1,000 req/s (responseTime 0), while users who wait up to 2 s for each answer send as few as N / (R + Z) = 333 req/s (3× less)\n  hint: thinkTime is the pause after a response before the next request; give responseTime (the mean response time users see) for the rate they send',
    ]);
  });
  it('is quiet when the response time is under a quarter of the think time, and warns from a quarter on', async () => {
    expect(await warnings(profile('  thinkTime: 10s'))).toEqual(['100 req/s']);
    expect(await warnings(profile('  thinkTime: 4s\n  responseTime: 200ms'))).toEqual(['238.095 req/s']);
    expect(await warnings(profile('  thinkTime: 8s', '2s'))).toEqual(['125 req/s', expect.stringContaining('1.25× less')]);
  });
});

describe('a think time in the wrong unit', () => {
  it('warns under 100 ms (10ms meant 10s: 100,000 req/s from 1,000 users)', async () => {
    const { warnings: w } = await loadProfileText('apiVersion: capplan/v1\nname: t\nworkload: { concurrentUsers: 1000, thinkTime: 10ms }\ncomponents:\n  api: { kind: service, capacity: 100/s }\n', 'p.yaml');
    expect(w.map((d) => renderDiagnostic(d))).toEqual(["p.yaml:3:47 workload.thinkTime: warning: a think time of 10 ms between a user's requests is implausible; did you mean s?"]);
    const { warnings: ok } = await loadProfileText('apiVersion: capplan/v1\nname: t\nworkload: { concurrentUsers: 1000, thinkTime: 100ms }\ncomponents:\n  api: { kind: service, capacity: 100/s }\n', 'p.yaml');
    expect(ok).toEqual([]);
  });
});

describe('the interactive-law warning in growth phases', () => {
  const phased = (base: string, phases: string, target = '2s') => `apiVersion: capplan/v1
name: t
workload:
${base}
targets: { latencyP95: ${target} }
phases:
${phases}
components:
  api: { kind: service, serviceTime: 10ms, workers: 4 }
`;
  const texts = async (text: string) => (await loadProfileText(text, 'p.yaml')).warnings.map((d) => renderDiagnostic(d)).filter((d) => d.includes('beside thinkTime'));

  it('warns for a phase whose thinkTime makes the readings differ, at its own field, naming it, with its scaled rates', async () => {
    const w = await texts(phased('  concurrentUsers: 1000\n  thinkTime: 10s', '  - name: mobile\n    scale: 2\n    workload: { thinkTime: 1s }'));
    expect(w).toEqual([
      'p.yaml:10:28 phases[0].workload.thinkTime: warning: phase "mobile": the end-to-end p95 target 2 s is not small beside thinkTime 1 s: the plan sizes for the upper bound N / Z = 2,000 req/s (responseTime 0), while users who wait up to 2 s for each answer send as few as N / (R + Z) = 667 req/s (3× less)\n  hint: thinkTime is the pause after a response before the next request; give responseTime (the mean response time users see) for the rate they send',
    ]);
  });

  it('warns at the phase’s responseTime or p95 target when that is what changed, and at its concurrentUsers when it switches to a users workload', async () => {
    const r = await texts(phased('  concurrentUsers: 1000\n  thinkTime: 4s', '  - name: slow\n    scale: 1\n    workload: { responseTime: 2s }', '500ms'));
    expect(r).toEqual([expect.stringMatching(/^p\.yaml:10:31 phases\[0\]\.workload\.responseTime: warning: phase "slow": responseTime 2 s is not small beside thinkTime 4 s: the rate is N \/ \(R \+ Z\) = 167 req\/s/)]);
    const t = await texts(phased('  concurrentUsers: 1000\n  thinkTime: 4s', '  - name: lax\n    scale: 1\n    targets: { latencyP95: 3s }', '500ms'));
    expect(t).toEqual([expect.stringMatching(/^p\.yaml:10:28 phases\[0\]\.targets\.latencyP95: warning: phase "lax": the end-to-end p95 target 3 s/)]);
    const u = await texts(phased('  rps: 100\n  thinkTime: 1s', '  - name: users\n    scale: 1\n    workload: { rps: null, concurrentUsers: 50 }'));
    expect(u).toEqual([expect.stringMatching(/^p\.yaml:10:45 phases\[0\]\.workload\.concurrentUsers: warning: phase "users": the end-to-end p95 target 2 s .* N \/ Z = 50 req\/s/)]);
  });

  it('does not repeat the base’s warning for a phase that keeps its think time, response time and target (scale and users move both rates alike)', async () => {
    const w = await texts(phased('  concurrentUsers: 1000\n  thinkTime: 1s', '  - { name: 6 months, scale: 5 }\n  - name: 12 months\n    scale: 20\n    workload: { concurrentUsers: 3000 }'));
    expect(w).toHaveLength(1);
    expect(w[0]).toMatch(/^p\.yaml:5:14 workload\.thinkTime: warning: the end-to-end p95 target 2 s/);
  });
});
