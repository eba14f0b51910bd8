/** The "before → after" cells of `capplan check` and `capplan diff` (src/gate/cells.ts). */
import { describe, expect, it } from 'vitest';
import { changeCell, fmt, moneyDeltaCell, moneyFmt } from '../../src/gate/cells.js';

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

describe('moneyDeltaCell', () => {
  it('is the difference of the cent-rounded figures the row prints, so the row adds up whatever digits lie beyond the cent', () => {
    // A live plan (all digits) against a baseline (6 significant): the exact difference is 110.6302, printed +$110.63 before.
    const live = { before: 165.9549, after: 276.5851 };
    expect(changeCell(live, moneyFmt('USD'))).toBe('$165.95 → $276.59');
    expect(moneyDeltaCell(live, 'USD')).toBe('+$110.64 (+67%)');
    // The same row read from two saved plans gives the same cell.
    expect(moneyDeltaCell({ before: 165.951, after: 276.589 }, 'USD')).toBe('+$110.64 (+67%)');
    expect(moneyDeltaCell({ before: 276.5851, after: 165.9549 }, 'USD')).toBe('−$110.64 (−40%)');
  });

  it('is empty when unknown, unchanged, or unchanged at the cent', () => {
    expect(moneyDeltaCell({ before: null, after: 5 }, 'USD')).toBe('');
    expect(moneyDeltaCell({ before: 5, after: 5 }, 'USD')).toBe('');
    expect(moneyDeltaCell({ before: 5.001, after: 5.004 }, 'USD')).toBe('');
    expect(moneyDeltaCell({ before: 0, after: 2 }, 'USD')).toBe('+$2.00');
  });
});
