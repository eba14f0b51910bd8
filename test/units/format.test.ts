/** Number formatting the renderers share: grouped digits, and whole counts floored without rounding errors. */
import { describe, expect, it } from 'vitest';
import { formatDuration, formatNumber, formatWholeDown } from '../../src/units/format.js';

describe('formatNumber', () => {
  it('groups four digits and more, keeps three significant digits below', () => {
    expect(formatNumber(28_571_428.6)).toBe('28,571,429');
    expect(formatNumber(2915)).toBe('2,915');
    expect(formatNumber(12.94)).toBe('12.9');
    expect(formatNumber(0)).toBe('0');
  });
  it('groups whole figures up to 10^15, and writes larger ones with their exponent, not grouped', () => {
    expect(formatNumber(123_456_789_012_345)).toBe('123,456,789,012,345');
    // 10^12 req/s on replicas of 1e-9/s at 70 %: JavaScript writes this "1.4285714285714287e+21",
    // which grouping turned into "1,.42,857,142,857,142,87e,+21".
    expect(formatNumber(1e12 / (1e-9 * 0.7))).toBe('1.43e+21');
    // 1e18 % as a double is 999,999,999,999,999,700: its last digits are rounding noise.
    expect(formatNumber(999_999_999_999_999_700)).toBe('1e+18');
    expect(formatNumber(1e15)).toBe('1e+15');
    expect(formatNumber(-2.5e21)).toBe('-2.5e+21');
    expect(formatNumber(1e308)).toBe('1e+308');
    expect(formatDuration(5.55e305)).toBe('6.42e+300 d');
  });
});

describe('formatWholeDown', () => {
  it('floors a count the plan carries ("at most this many sessions/day")', () => {
    expect(formatWholeDown(34_964.6)).toBe('34,964');
    expect(formatWholeDown(999.99)).toBe('999');
  });
  it('reads a value a rounding error below a whole number as that number', () => {
    // What 3,675,000 req/s × 86,400 s ÷ 90 requests a session came to in a plan: the double next below 3,528,000,000.
    const sessions = 3_528_000_000 - 2 ** -21;
    expect(Math.floor(sessions)).toBe(3_527_999_999);
    expect(formatWholeDown(sessions)).toBe('3,528,000,000');
    expect(formatWholeDown(105_000 - 1e-9)).toBe('105,000');
  });
  it('leaves what is not finite to formatNumber', () => {
    expect(formatWholeDown(Infinity)).toBe('∞');
  });
});
