// The fuzz oracle of the fast YAML reader (scripts/fuzz/reader-agreement.ts).
import { describe, expect, it } from 'vitest';
import { probePaths, readerAgreement, sameData, spread } from '../../scripts/fuzz/reader-agreement.js';
import { MAX_PROFILE_BYTES } from '../../src/profile/limits.js';

describe('readerAgreement', () => {
  it('agrees on a text both readers refuse before reading (over the size limit: fuzz seed 2028 case 95)', () => {
    const text = `name: x\nnotes: [${'a, '.repeat(MAX_PROFILE_BYTES / 3)}b]\n`;
    expect(text.length).toBeGreaterThan(MAX_PROFILE_BYTES);
    expect(readerAgreement(text)).toEqual({ read: true });
  });

  it('reads a plain profile as yaml does, and leaves what the fast reader gives up on to yaml', () => {
    expect(readerAgreement('name: x\ncomponents:\n  api: { kind: service, workers: 2 }\n')).toEqual({ read: true });
    expect(readerAgreement('a: &x 1\nb: *x\n')).toEqual({ read: false });
  });

  it('tells values apart by key order, -0 and prototype, and probes paths beside the real ones', () => {
    expect(sameData({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameData([0], [-0])).toBe(false);
    expect(sameData({ a: [1, { b: 'c' }] }, { a: [1, { b: 'c' }] })).toBe(true);
    expect(sameData(Object.create(null), {})).toBe(false);
    const paths = probePaths({ a: [1] }).map((p) => JSON.stringify(p));
    expect(paths).toEqual(expect.arrayContaining(['[]', '["a"]', '["a",0]', '["a","0"]', '["no such key"]']));
  });

  it('probes a large text at most 50,000 times, spread over every kind of probe (fuzz seed 39 case 156: ~470,000 probes took the check past the budget)', () => {
    const few = [1, 2, 3];
    expect(spread(few, 5)).toEqual(few);
    const items = Array.from({ length: 470_000 }, (_, i) => i);
    const picked = spread(items, 50_000);
    expect(picked).toHaveLength(50_000);
    expect(picked[0]).toBe(0);
    expect(new Set(picked).size).toBe(50_000);
    for (let i = 1; i < picked.length; i++) expect(picked[i]! - picked[i - 1]!).toBeGreaterThanOrEqual(9);
    // probePaths writes six or seven probes per node in turn: a step of 9.4 lands on each of them.
    expect(new Set(picked.map((i) => i % 6)).size).toBe(6);
    expect(new Set(picked.map((i) => i % 7)).size).toBe(7);
  });
});
