/** The "before → after" cells of `capplan check` and `capplan diff` (src/gate/cells.ts). */
import { describe, expect, it } from 'vitest';
import { changeCell, fmt } from '../../src/gate/cells.js';

describe('changeCell', () => {
  it('shows a moved figure as before → after', () => {
    expect(changeCell({ before: 4, after: 6 }, fmt.count)).toBe('4 → 6');
    expect(changeCell({ before: null, after: 3 }, fmt.count)).toBe('– → 3');
    expect(changeCell({ before: 3, after: null }, fmt.count)).toBe('3 → –');
  });

  it('shows a figure once when it is the same at a saved plan’s six digits', () => {
    expect(changeCell({ before: 0.6021, after: 0.6021000001 }, fmt.latency)).toBe('602 ms');
  });

  it('shows a figure once when it moved only below the digits shown (not "602 ms → 602 ms")', () => {
    // 602.1 ms and 602.4 ms differ at six digits, both print as 602 ms.
    expect(changeCell({ before: 0.6021, after: 0.6024 }, fmt.latency)).toBe('602 ms');
    expect(changeCell({ before: 0.6021, after: 0.6124 }, fmt.latency)).toBe('602 ms → 612 ms');
  });
});
