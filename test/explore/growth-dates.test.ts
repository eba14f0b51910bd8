import { describe, expect, it } from 'vitest';
import { problems } from '../support/problems.js';

const profile = (growth: string) => `apiVersion: capplan/v1
name: t
workload:
  rps: 100
  growth:
${growth}
components:
  api: { kind: service, serviceTime: 10ms, workers: 4 }
`;

describe('workload.growth written with days', () => {
  it('reports a dated point and a start written as days at their positions, with the month to write', async () => {
    const out = await problems(profile('    start: 2027-01-01\n    points:\n      - { date: 2027-06-01, scale: 2 }\n      - { month: 12, scale: 4 }'));
    expect(out).toEqual([
      'p.yaml:6:12 workload.growth.start: 2027-01-01 is a day; expected a month like 2027-03 (YYYY-MM)\n  hint: write the month: 2027-01',
      'p.yaml:8:17 workload.growth.points[0].date: 2027-06-01 is a day; expected a month like 2027-03 (YYYY-MM)\n  hint: write the month: 2027-06',
    ]);
  });
  it('reports a bad date beside a good start, and a bad start beside good dates, without crashing', async () => {
    expect(await problems(profile('    start: 2027-01\n    points: [{ date: 2027-6, scale: 2 }]'))).toEqual(['p.yaml:7:22 workload.growth.points[0].date: expected a month like 2027-03 (YYYY-MM)']);
    expect(await problems(profile('    start: 2027-01-15\n    points: [{ date: 2027-06, scale: 2 }]'))).toEqual([
      'p.yaml:6:12 workload.growth.start: 2027-01-15 is a day; expected a month like 2027-03 (YYYY-MM)\n  hint: write the month: 2027-01',
    ]);
    expect(await problems(profile('    start: 2027-01\n    points: [null, { month: 2, scale: 2 }]'))).toEqual(['p.yaml:7:14 workload.growth.points[0]: expected a mapping, got null']);
  });
  it('reads months, as before', async () => {
    expect(await problems(profile('    start: 2027-01\n    points: [{ date: 2027-06, scale: 2 }, { month: 12, scale: 4 }]'))).toEqual([]);
  });
});
