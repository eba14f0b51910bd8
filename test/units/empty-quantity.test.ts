/** An empty (or blank) value names what was expected, not mathjs's "only numbers may appear in an expression, not undefined". */
import { describe, expect, it } from 'vitest';
import { readQuantity } from '../../src/units/quantity.js';

describe('an empty quantity', () => {
  it('is refused with the expected form, in the profile and in flags alike', () => {
    expect(readQuantity('', 'rate')).toEqual({ ok: false, message: 'expected a rate like 1000/s or 600/min, got an empty string' });
    expect(readQuantity('  ', 'duration')).toMatchObject({ ok: false, message: expect.stringMatching(/^expected a duration like .*, got an empty string$/) });
  });
});
