/** An availability target as written back in messages: its digits, never rounded up to 100 %. */
import { describe, expect, it } from 'vitest';
import { availabilityText } from '../../src/kinds/constraint-text.js';

describe('availabilityText', () => {
  it('gives the target with the digits it was written with', () => {
    expect(availabilityText(0.9995)).toBe('99.95%');
    expect(availabilityText(0.999)).toBe('99.9%');
    expect(availabilityText(0.99999)).toBe('99.999%');
    expect(availabilityText(1)).toBe('100%');
  });
  it('does not round a target below 100 % up to it (found by a tester: 99.99999 % read "the 100% availability target")', () => {
    expect(availabilityText(0.9999999)).toBe('99.99999%');
    expect(availabilityText(0.999999999)).toBe('99.9999999%');
  });
});
