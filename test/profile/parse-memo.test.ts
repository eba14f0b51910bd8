// Parses remembered by their input's content (src/profile/parse-memo.ts): the key tells plain data
// apart exactly as deep equality does, the copy is the data again, and a profile of components
// written alike validates as if each were parsed on its own.
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import * as z from 'zod';
import { cloneData, contentKey, memoizeParses, type ParseMemo } from '../../src/profile/parse-memo.js';

/** Plain data as YAML makes it, with the numbers and keys that are easy to confuse. */
const data = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1, '1', 'n1', '', null, undefined, true, false, 'T', 'N', 'U', '"', ',', 'k"a"', '{1'),
    fc.double(),
    fc.string(),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom('a', 'b', 'k', '"', ',', '', 'n1', 's"a"'), tie('value'), { maxKeys: 4, noNullPrototype: true }),
  ),
})).value;

describe('contentKey', () => {
  it('is equal for two values exactly when they are deeply equal, key order and -0 included', () => {
    fc.assert(
      fc.property(data, data, (a, b) => {
        const sameOrder = isDeepStrictEqual(a, b) && JSON.stringify(keyOrders(a)) === JSON.stringify(keyOrders(b));
        expect(contentKey(a) === contentKey(b)).toBe(sameOrder);
      }),
      { numRuns: 2000 },
    );
  });

  it('tells apart values a JSON text would confuse', () => {
    const keys = [NaN, null, Infinity, 0, -0, '0', [], {}, [undefined], [null], { a: undefined }, {}, ['a', 'b'], ['a,b'], { a: 1, b: 2 }, { b: 2, a: 1 }].map(contentKey);
    expect(new Set(keys).size).toBe(keys.length - 1); // {} appears twice
  });

  it('gives up on data that is not plain, or too large', () => {
    expect(contentKey({ at: new Date(0) })).toBeUndefined();
    expect(contentKey([() => 1])).toBeUndefined();
    expect(contentKey('x'.repeat(70_000))).toBeUndefined();
  });
});

describe('cloneData', () => {
  it('copies plain data: deeply equal, same key order, nothing shared', () => {
    fc.assert(
      fc.property(data, (a) => {
        const copy = cloneData(a)!;
        expect(copy).toBeDefined();
        expect(isDeepStrictEqual(copy.value, a)).toBe(true);
        expect(JSON.stringify(keyOrders(copy.value))).toBe(JSON.stringify(keyOrders(a)));
        if (a !== null && typeof a === 'object') expect(copy.value).not.toBe(a);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses anything but plain data', () => {
    expect(cloneData({ a: [new Map()] })).toBeUndefined();
    expect(cloneData({ f: () => 1 })).toBeUndefined();
  });
});

/** Every mapping's keys in order, for comparing key order (deep equality ignores it). */
function keyOrders(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(keyOrders);
  if (v !== null && typeof v === 'object') return Object.entries(v).map(([k, x]) => [k, keyOrders(x)]);
  return typeof v === 'number' && Object.is(v, -0) ? '-0' : v === undefined ? 'undefined' : v;
}

const profile = (components: string) => `apiVersion: capplan/v1
name: alike
workload: { rps: 100 }
phases:
  - { name: later, scale: 2, components: { b: { workers: 8 } } }
components:
${components}`;

describe('validating components written alike', () => {
  it('gives each its own settings, equal to those of a component written once', async () => {
    const one = '  %s: { kind: service, serviceTime: 20ms, workers: 4, resources: { cpu: 1, memory: 1Gi }, calls: [] }\n';
    const single = await loadProfileText(profile(['a', 'b'].map((n) => one.replace('%s', n)).join('')), 'p.yaml');
    const many = await loadProfileText(profile(['a', 'b', 'c', 'd'].map((n) => one.replace('%s', n)).join('')), 'p.yaml');
    for (const phase of many.profile.phases) {
      const [a, b, c, d] = phase.components.map((x) => x.settings);
      expect(c).toEqual(a);
      expect(d).toEqual(a);
      expect(new Set([a, c, d]).size).toBe(3);
      expect(b).toEqual(single.profile.phases[phase === many.profile.phases[0] ? 0 : 1]!.components[1]!.settings);
    }
    // The phase's change to b stays b's.
    expect(many.profile.phases[1]!.components[1]!.settings).not.toEqual(many.profile.phases[1]!.components[0]!.settings);
  });

  it('reports a problem in every copy, at its own line', async () => {
    const bad = '  %s: { kind: service, serviceTime: 20, workers: 4 }\n';
    const error = await loadProfileText(profile(['a', 'b', 'c'].map((n) => bad.replace('%s', n)).join('')), 'p.yaml').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    const lines = (error as InputError).diagnostics.filter((d) => d.path.endsWith('serviceTime')).map((d) => `${d.line} ${d.path}`);
    expect(lines).toEqual(['7 components.a.serviceTime', '8 components.b.serviceTime', '9 components.c.serviceTime']);
  });
});

describe('validating copies whose values are expressions', () => {
  it('evaluates each copy in its own phase (the memo is per reader, and mathjs readers are per scope)', async () => {
    const text = `apiVersion: capplan/v1
name: expr
workload: { rps: 100 }
phases:
  - { name: later, scale: 3 }
  - { name: bigger, scale: 1, workload: { rps: 900 } }
components:
  a: { kind: service, capacity: peakRps * 0.2, resources: { cpu: 1, memory: 1Gi } }
  b: { kind: service, capacity: peakRps * 0.2, resources: { cpu: 1, memory: 1Gi } }
`;
    const loaded = await loadProfileText(text, 'p.yaml');
    // peakRps is 100, 300 (scale 3) and 900 req/s: a fifth of it, per second.
    const capacities = loaded.profile.phases.map((p) => p.components.map((c) => c.settings.capacity));
    expect(capacities).toEqual([[20, 20], [60, 60], [180, 180]]);
  });
});

describe('memoizeParses', () => {
  it('parses once per content, tells apart inputs JSON writes alike, and never remembers a failed parse', () => {
    let parses = 0;
    const schema = z.object({ a: z.any() }).transform((o) => {
      parses++;
      return { a: o.a, isNull: o.a === null, negativeZero: Object.is(o.a, -0), present: 'a' in o };
    });
    const memo: ParseMemo = new Map();
    memoizeParses(schema, () => memo);
    const first = schema.parse({ a: null });
    const again = schema.parse({ a: null });
    expect(parses).toBe(1);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    // JSON.stringify writes NaN as null, -0 as 0 and leaves out undefined: each is its own input.
    expect(schema.parse({ a: NaN })).toEqual({ a: NaN, isNull: false, negativeZero: false, present: true });
    expect(schema.parse({ a: -0 })).toEqual({ a: -0, isNull: false, negativeZero: true, present: true });
    expect(schema.parse({ a: 0 })).toEqual({ a: 0, isNull: false, negativeZero: false, present: true });
    expect(schema.parse({ a: undefined })).toEqual({ a: undefined, isNull: false, negativeZero: false, present: true });
    expect(parses).toBe(5);
    schema.parse({ a: NaN });
    expect(parses).toBe(5);
    const strict = z.strictObject({ a: z.number() });
    memoizeParses(strict, () => memo);
    expect(strict.safeParse({ a: 'x' }).success).toBe(false);
    expect(strict.safeParse({ a: 'x' }).success).toBe(false);
  });
});
