/** A sessions workload without peakFactor or peakHourShare is planned at its daily mean: a positioned warning says so (src/profile/peak-warning.ts). */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';

const warnings = async (workload: string) => (await loadProfileText(`apiVersion: capplan/v1\nname: t\nworkload: ${workload}\ncomponents:\n  api: { kind: service, serviceTime: 20ms }\n`, 'p.yaml')).warnings.map(renderDiagnostic);

describe('a sessions workload without a peak', () => {
  it('warns at sessionsPerDay that the peak is the daily mean', async () => {
    expect(await warnings('{ sessionsPerDay: 1000000, requestsPerSession: 10 }')).toEqual([
      expect.stringMatching(/^p\.yaml:3:29 workload\.sessionsPerDay: warning: no peakFactor or peakHourShare: the peak is taken to be the day’s mean rate \(peakFactor 1\).*\n {2}hint: add peakFactor/s),
    ]);
  });

  it('is quiet with either peak key (peakFactor: 1 included), and for rps or concurrent users, which give the peak itself', async () => {
    for (const w of ['{ sessionsPerDay: 1000000, requestsPerSession: 10, peakFactor: 3 }', '{ sessionsPerDay: 1000000, requestsPerSession: 10, peakFactor: 1 }', '{ sessionsPerDay: 1000000, requestsPerSession: 10, peakHourShare: 12% }', '{ rps: 800 }', '{ concurrentUsers: 500, thinkTime: 10s }']) {
      expect(await warnings(w)).toEqual([]);
    }
  });
});
