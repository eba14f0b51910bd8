/**
 * Sections of the profile schema built on first use (optionalOnDemand): an absent section builds
 * nothing, a present one is built once and validates as the eager `.optional()` schema does.
 */
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { optionalOnDemand } from '../../src/profile/fields.js';

describe('an optional section built on demand', () => {
  const section = () => z.strictObject({ n: z.number().min(1), tag: z.string().default('x') });

  it('builds nothing while the key is absent, then once', () => {
    let built = 0;
    const lazy = z.strictObject({ a: z.string(), s: optionalOnDemand(() => (built++, section())) });
    expect(lazy.safeParse({ a: 'x' }).success).toBe(true);
    expect(lazy.safeParse({ a: 'y', s: undefined }).success).toBe(true);
    expect(built).toBe(0);
    expect(lazy.safeParse({ a: 'x', s: { n: 2 } }).data).toEqual({ a: 'x', s: { n: 2, tag: 'x' } });
    lazy.safeParse({ a: 'x', s: { n: 3 } });
    expect(built).toBe(1);
  });

  it('gives the same data and issues as the eager schema', () => {
    const eager = z.strictObject({ a: z.string(), s: section().optional() });
    const lazy = z.strictObject({ a: z.string(), s: optionalOnDemand(section) });
    for (const input of [{ a: 'x' }, { a: 'x', s: { n: 2 } }, { a: 'x', s: { n: 0 } }, { a: 'x', s: { m: 1 } }, { a: 'x', s: null }, { a: 'x', s: 'text' }, {}]) {
      const [e, l] = [eager.safeParse(input), lazy.safeParse(input)];
      expect(l.success).toBe(e.success);
      expect(l.data).toEqual(e.data);
      expect(l.error?.issues).toEqual(e.error?.issues);
    }
  });
});
