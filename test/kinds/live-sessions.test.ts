/** Live sessions over the day's shape: L(ttl) = sessions started in the last ttl, the busiest hour at the peak rate (stranger C, finding 3). */
import { describe, expect, it } from 'vitest';
import { liveSessionsOverDay } from '../../src/kinds/live-sessions.js';
import { component, oneComponent, planText } from '../support/plan.js';

// 100,000 sessions/day, peakFactor 4: λ̄ = 100,000 / 86,400 /s, λ_p = 4 λ̄.
// The busiest hour holds λ_p × 3,600 = 100,000 × 4 / 24 = 16,666.7 sessions; the other 23 h hold
// 83,333.3, so λ_o = 83,333.3 / 82,800 s = 1.00644 /s.
const S = 100_000;
const mean = S / 86_400;
const peak = 4 * mean;
const offPeak = (S - peak * 3600) / (86_400 - 3600);

describe('live sessions over the day', () => {
  it('ttl within the peak hour: λ_p × ttl, as before', () => {
    expect(liveSessionsOverDay(peak, mean, 1800).sessions).toBe(peak * 1800);
    expect(liveSessionsOverDay(peak, mean, 3600).sessions).toBe(peak * 3600);
    expect(liveSessionsOverDay(peak, mean, 1800).withinPeak).toBe(true);
  });
  it('ttl past the peak hour: the peak hour plus the off-peak rate beyond', () => {
    // 6 h: 16,666.7 + 1.00644 × 5 × 3600 = 16,666.7 + 18,115.9 = 34,782.6
    expect(liveSessionsOverDay(peak, mean, 6 * 3600).sessions).toBeCloseTo(S / 6 + offPeak * 5 * 3600, 6);
    expect(liveSessionsOverDay(peak, mean, 6 * 3600).sessions).toBeCloseTo(34_782.6, 1);
  });
  it('ttl of a day: the day’s sessions, not λ_p × 24 h = 400,000', () => {
    expect(liveSessionsOverDay(peak, mean, 86_400).sessions).toBeCloseTo(S, 6);
  });
  it('ttl of days: whole days plus the busiest window of the rest', () => {
    // 2 d + 30 min: 200,000 + λ_p × 1800 = 200,000 + 8,333.3
    expect(liveSessionsOverDay(peak, mean, 2 * 86_400 + 1800).sessions).toBeCloseTo(2 * S + peak * 1800, 6);
    expect(liveSessionsOverDay(peak, mean, 7 * 86_400).sessions).toBeCloseTo(7 * S, 6);
  });
  it('continuous, increasing, and never more than the peak rate × ttl or the day’s sessions per started day', () => {
    let last = 0;
    for (let t = 60; t <= 3 * 86_400; t += 300) {
      const l = liveSessionsOverDay(peak, mean, t).sessions;
      expect(l).toBeGreaterThanOrEqual(last);
      expect(l - last).toBeLessThanOrEqual(peak * 300 * (1 + 1e-12));
      expect(l).toBeLessThanOrEqual(Math.ceil(t / 86_400) * S * (1 + 1e-12));
      last = l;
    }
  });
  it('a flat day (no peak factor): λ̄ × ttl at any ttl', () => {
    expect(liveSessionsOverDay(mean, mean, 3 * 86_400).sessions).toBe(mean * 3 * 86_400);
  });
  it('a peak factor above 24: the day’s sessions fit in a window shorter than an hour', () => {
    // peakFactor 48: the whole day arrives at λ_p in 86,400 / 48 = 1,800 s; nothing off-peak.
    expect(liveSessionsOverDay(48 * mean, mean, 3600).sessions).toBeCloseTo(S, 6);
    expect(liveSessionsOverDay(48 * mean, mean, 900).sessions).toBe(48 * mean * 900);
  });
  it('the tester’s cache: 100,000 sessions/day × 100 KB at ttl 24 h needs 9.31 GiB, 2 shards of 8 GiB at 80 %', async () => {
    const plan = await planText(oneComponent('{ sessionsPerDay: 100000, requestsPerSession: 10, peakFactor: 4 }', '{ kind: cache, capacity: 100000/s, opsPerRequest: 2, statePerSession: 100KB, ttl: 24h, nodeMemory: 8GiB, cluster: false }'));
    const c = component(plan, 'c');
    expect(c.detail.liveSessions as number).toBeCloseTo(S, 6);
    // 100,000 × 100 kB = 1e10 B = 9.31 GiB; ⌈1e10 / (8 GiB × 0.8)⌉ = ⌈1.455⌉ = 2 > 1 allowed without cluster
    expect(c.storageBytes as number).toBeCloseTo(1e10, 0);
  });
});
