import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { growthCurve, parseGrowthRate } from '../../src/explore/growth.js';
import { planRunway } from '../../src/explore/runway.js';

describe('a runway whose growth takes the load past what capplan plans', () => {
  it('ends at the last month it can plan, with a note, instead of an internal error', async () => {
    const { profile } = await loadProfileText(`apiVersion: capplan/v1
name: t
workload: { rps: 100 }
components:
  api: { kind: service, capacity: 100/s, calls: [db] }
  db: { kind: database, readsPerRequest: 1, writesPerRequest: 1, capacity: 1000/s }
`, 'p.yaml');
    // 1000 %/week: × 11 a week, past 1e12 req/s in the third month and past the floats within years.
    const r = planRunway(profile, 0, growthCurve(parseGrowthRate('1000%/week')!), { months: 600 });
    expect(r.months.map((m) => m.month)).toEqual([0, 1, 2]);
    expect(r.notes).toContain('the runway ends at month 2: in month 3 the load would pass 1e12/s (a trillion per second), the largest rate capplan plans');
    expect(r.months.every((m) => Number.isFinite(m.peakRps))).toBe(true);
  });
});
