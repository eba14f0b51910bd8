import { describe, expect, it } from 'vitest';
import { lastRemembered } from '../../src/model/inversion.js';

/** quantileOf (path-latency.ts) checks the Fourier series at the contour's root, then starts Newton's method there: one series, not two. */
describe('lastRemembered', () => {
  it('evaluates a function of t once for a repeated t, again for another t, and keeps a null value', () => {
    const asked: number[] = [];
    const f = lastRemembered((t: number) => {
      asked.push(t);
      return t > 2 ? null : { survival: 1 / t, density: t };
    });
    expect(f(1)).toEqual({ survival: 1, density: 1 });
    expect(f(1)).toBe(f(1));
    expect(f(2)?.survival).toBe(0.5);
    expect(f(1)?.survival).toBe(1);
    expect(f(3)).toBeNull();
    expect(f(3)).toBeNull();
    expect(asked).toEqual([1, 2, 1, 3]);
  });

  it('tells −0 from 0 (Object.is on the argument)', () => {
    let calls = 0;
    const f = lastRemembered((t: number) => {
      calls++;
      return Object.is(t, -0) ? 'minus' : String(t);
    });
    expect([f(0), f(-0), f(-0), f(0)]).toEqual(['0', 'minus', 'minus', '0']);
    expect(calls).toBe(3);
  });
});
