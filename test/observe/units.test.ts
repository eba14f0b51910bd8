/** PromQL text and time formats, and Prometheus's histogram_quantile, checked by hand. */
import { describe, expect, it } from 'vitest';
import { bucketQuantile } from '../../src/observe/histogram.js';
import { formatPromDuration, formatTime, matchers, parsePromDuration, parseTime, splitMetricSelector } from '../../src/observe/promql.js';

describe('Prometheus durations and times', () => {
  it('reads and writes durations as Prometheus does', () => {
    expect(parsePromDuration('5m')).toBe(300);
    expect(parsePromDuration('1h30m')).toBe(5400);
    expect(parsePromDuration('7d')).toBe(604_800);
    expect(parsePromDuration('1.5h')).toBeNull();
    expect(parsePromDuration('5 m')).toBeNull();
    expect(parsePromDuration('0s')).toBeNull();
    expect(formatPromDuration(300)).toBe('5m');
    expect(formatPromDuration(5400)).toBe('1h30m');
    expect(formatPromDuration(604_800)).toBe('7d');
  });

  it('reads times as now, RFC 3339 or Unix seconds', () => {
    expect(parseTime('now', 42)).toBe(42);
    expect(parseTime('1700000000', 0)).toBe(1_700_000_000);
    expect(parseTime('2023-11-14T22:13:20Z', 0)).toBe(1_700_000_000);
    expect(parseTime('2023-11-14T23:13:20+01:00', 0)).toBe(1_700_000_000);
    expect(parseTime('yesterday', 0)).toBeNull();
    expect(parseTime('2023-11-14', 0)).toBeNull();
    expect(formatTime(1_700_000_000)).toBe('2023-11-14T22:13:20Z');
  });

  it('escapes label values and orders matchers', () => {
    expect(matchers({ namespace: 'prod', job: 'a"b\\c' })).toBe('job="a\\"b\\\\c",namespace="prod"');
    expect(splitMetricSelector('my_seconds{job="x"}')).toEqual({ metric: 'my_seconds', body: 'job="x"' });
    expect(splitMetricSelector('my_seconds')).toEqual({ metric: 'my_seconds', body: null });
    expect(splitMetricSelector('rate(x[5m])')).toBeNull();
  });
});

describe('bucketQuantile (histogram_quantile, promql/quantile.go)', () => {
  const b = (pairs: [number, number][]) => pairs.map(([le, count]) => ({ le, count }));

  it('interpolates linearly inside the bucket holding the rank', () => {
    // 100 observations: 50 ≤ 0.1, 90 ≤ 0.2, 100 ≤ +Inf. Rank 95 lies in (0.2, +Inf] → 0.2.
    expect(bucketQuantile(0.95, b([[0.1, 50], [0.2, 90], [Infinity, 100]]))).toEqual({ value: 0.2, low: 0.2, high: Infinity });
    // Rank 70 lies in (0.1, 0.2]: 0.1 + 0.1 × (70 − 50) / (90 − 50) = 0.15.
    const q = bucketQuantile(0.7, b([[0.1, 50], [0.2, 90], [Infinity, 100]]))!;
    expect(q.value).toBeCloseTo(0.15, 12);
    expect([q.low, q.high]).toEqual([0.1, 0.2]);
    // In the first bucket the lower bound is 0: rank 25 → 0.1 × 25 / 50.
    expect(bucketQuantile(0.25, b([[0.1, 50], [0.2, 90], [Infinity, 100]]))!.value).toBeCloseTo(0.05, 12);
  });

  it('sorts, merges equal bounds, and makes counts monotonic, as Prometheus does', () => {
    const q = bucketQuantile(0.7, b([[Infinity, 100], [0.2, 40], [0.1, 50], [0.2, 50]]))!;
    // Merged: 0.1 → 50, 0.2 → 90; same as above.
    expect(q.value).toBeCloseTo(0.15, 12);
    // A count below its predecessor (scrape skew) is raised to it: 0.2 → 50, rank 70 in (0.2, +Inf].
    expect(bucketQuantile(0.7, b([[0.1, 50], [0.2, 45], [Infinity, 100]]))!.value).toBe(0.2);
  });

  it('has no answer without a +Inf bucket, without a finite bound, or without observations', () => {
    expect(bucketQuantile(0.95, b([[0.1, 5], [0.2, 9]]))).toBeNull();
    expect(bucketQuantile(0.95, b([[Infinity, 9]]))).toBeNull();
    expect(bucketQuantile(0.95, b([[0.1, 0], [Infinity, 0]]))).toBeNull();
    expect(() => bucketQuantile(1.5, b([[0.1, 1], [Infinity, 1]]))).toThrow(RangeError);
  });
});
