// The fast path of validation (src/profile/fast-parse.ts) against zod itself: on the bundled
// profiles, the templates, generated profiles and random edits of them, it either gives up or
// gives exactly zod's output (same values, same keys in the same order, the same ranges told in
// the same order), and it never takes a profile zod refuses.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { fastParse, safeParseFast } from '../../src/profile/fast-parse.js';
import { makeFields } from '../../src/profile/fields.js';
import { applyPresets } from '../../src/profile/phase-components.js';
import { contentKey } from '../../src/profile/parse-memo.js';
import { readPlainSourceDocument } from '../../src/profile/plain-document.js';
import { componentSchema, profileSchema, sectionSchemas } from '../../src/profile/schema.js';
import { readYamlSourceDocument } from '../../src/profile/source.js';
import { readQuantity } from '../../src/units/quantity.js';

const { syntheticProfile } = (await import('../../scripts/synthetic-profile.mjs' as string)) as { syntheticProfile: (o: { components: number; phases: number; seed: number }) => string };
const root = join(import.meta.dirname, '..', '..');
const files = [
  ...readdirSync(join(root, 'profiles')).filter((f) => f.endsWith('.yaml')).map((f) => join(root, 'profiles', f)),
  ...readdirSync(join(root, 'profiles', 'templates')).map((f) => join(root, 'profiles', 'templates', f)),
];

/** The profile schema as validation builds it (load.ts), its fields telling ranges to `hooks`. */
function schemaWith(hooks: { onRange: (raw: unknown, range: unknown) => void }) {
  const f = makeFields(readQuantity, (raw, range) => hooks.onRange(raw, range));
  const sections = sectionSchemas(f);
  return { profile: profileSchema(f, componentSchema(f, true), sections), workload: sections.workload };
}

/** A profile's data as validation hands it to the schema: presets merged (load.ts, withPresets). */
function dataOf(text: string, file: string): Record<string, unknown> {
  let doc = readPlainSourceDocument(text, file);
  if (!doc) {
    const read = readYamlSourceDocument(text, file);
    if ('diagnostics' in read) throw new Error(`${file} does not read`);
    doc = read.doc;
  }
  const data = doc.data as Record<string, unknown>;
  return { ...data, components: applyPresets(data.components as Record<string, unknown>, doc, [], ['components'], new WeakMap()) };
}

const profiles: { name: string; data: Record<string, unknown> }[] = [
  ...files.map((f) => ({ name: f, data: dataOf(readFileSync(f, 'utf8'), f) })),
  ...[
    { components: 40, phases: 1, seed: 1 },
    { components: 60, phases: 3, seed: 7 },
  ].map(({ components, phases, seed }) => ({ name: `synthetic ${components}x${phases}`, data: dataOf(syntheticProfile({ components, phases, seed }), 'synthetic.yaml') })),
];

/** zod's result and the fast path's on the same data, each with the ranges its fields told. */
function both(data: unknown, pick: 'profile' | 'workload' = 'profile') {
  const zodTold: unknown[] = [];
  shared.onRange = (raw, range) => zodTold.push([raw, range]);
  const zodResult = sharedSchemas[pick].safeParse(data);
  const fastTold: unknown[] = [];
  shared.onRange = (raw, range) => fastTold.push([raw, range]);
  const fast = fastParse(sharedSchemas[pick], data, () => fastTold.length);
  return { zodResult, zodTold, fast, fastTold };
}

/** One set of schemas for the random edits (building them is most of a case's time otherwise); `both` points their hook where it needs. */
const shared: { onRange: (raw: unknown, range: unknown) => void } = { onRange: () => {} };
const sharedSchemas = schemaWith(shared);

/** The same as zod's output, key order, -0 and undefined included. */
function expectSame(fast: { value: unknown }, zodData: unknown): void {
  expect(contentKey(fast.value)).toBeDefined();
  expect(contentKey(fast.value)).toBe(contentKey(zodData));
}

describe('fastParse', () => {
  it.each(profiles.map((p) => [p.name, p.data] as const))('gives zod\'s output for %s', (_name, data) => {
    const { zodResult, fast, zodTold } = both(data);
    expect(zodResult.success).toBe(true);
    // The fast path is meant for these: it must not give up on them.
    expect(fast).toBeDefined();
    expectSame(fast!, zodResult.data);
    const told: unknown[] = [];
    const hooks = { onRange: (raw: unknown, range: unknown) => told.push([raw, range]) };
    const viaSafe = safeParseFast(schemaWith(hooks).profile, data, hooks);
    expect(viaSafe.success).toBe(true);
    expect(JSON.stringify(told)).toBe(JSON.stringify(zodTold));
  });

  it('tells the ranges zod tells, in its order', () => {
    const data = structuredClone(profiles.find((p) => p.name.endsWith('ngx-agents.yaml'))!.data);
    const comps = data.components as Record<string, Record<string, unknown>>;
    const first = Object.values(comps)[0]!;
    first.replicas = { min: '2..4' as unknown as number };
    for (const c of Object.values(comps)) if (typeof c.serviceTime === 'string') c.serviceTime = `${c.serviceTime}..${c.serviceTime}`;
    const { zodResult, zodTold } = both(data);
    const told: unknown[] = [];
    const hooks = { onRange: (raw: unknown, range: unknown) => told.push([raw, range]) };
    const result = safeParseFast(schemaWith(hooks).profile, data, hooks);
    expect(result.success).toBe(zodResult.success);
    expect(JSON.stringify(told)).toBe(JSON.stringify(zodTold));
  });

  it('gives up or gives zod\'s output on random edits of the profiles, and never takes one zod refuses', () => {
    /** Values an edit may put anywhere: other types, units, ranges, empty things. */
    const replacement = fc.constantFrom<unknown>(undefined, null, 0, -0, 1, 2.5, -3, 1e300, NaN, '', 'x', '5', '10ms', '2..4', '1Gi', '50%', 'service', 'database', true, [], {}, ['a'], { min: 1 }, { p10: '1ms', p90: '3ms' });
    const edit = fc.record({ profile: fc.nat(profiles.length - 1), at: fc.array(fc.nat(40), { minLength: 1, maxLength: 4 }), value: replacement, op: fc.constantFrom('set', 'delete', 'add') });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
        const data = structuredClone(profiles[edits[0]!.profile]!.data);
        for (const e of edits) applyEdit(data, e.at, e.op, e.value);
        const { zodResult, zodTold, fast, fastTold } = both(data);
        if (!zodResult.success) {
          expect(fast).toBeUndefined();
          return;
        }
        if (fast === undefined) return;
        expectSame(fast, zodResult.data);
        expect(JSON.stringify(fastTold)).toBe(JSON.stringify(zodTold));
      }),
      { numRuns: 400 },
    );
  }, 120_000);

  it('agrees with zod on formats, coercion, defaults and unions it meets outside profiles', () => {
    const schema = z.strictObject({
      mail: z.email().optional(),
      n: z.int().optional(),
      c: z.union([z.coerce.number(), z.string()]).optional(),
      d: z.number().default(3),
      u: z.union([z.number(), z.string().min(2), z.strictObject({ a: z.string() })]).optional(),
      r: z.record(z.string().regex(/^[a-z]+$/), z.boolean()).optional(),
    });
    const values = [{}, { mail: 'a@b.co' }, { mail: 'nope' }, { n: 1.5 }, { n: 2 }, { c: '7' }, { c: 'x' }, { d: null }, { d: undefined }, { u: 'a' }, { u: 'ab' }, { u: { a: 'x' } }, { u: { a: 1 } }, { r: { ab: true } }, { r: { AB: true } }, { r: { '12': true } }, { extra: 1 }];
    for (const v of values) {
      const zodResult = schema.safeParse(v);
      const fast = fastParse(schema, v, () => 0);
      if (!zodResult.success) expect(fast, JSON.stringify(v)).toBeUndefined();
      else if (fast) expectSame(fast, zodResult.data);
    }
  });

  it('skips an absent plain optional key, and only such a key, as zod leaves it out', () => {
    // Absent keys of every sort next to the plain optional ones object() skips without a run:
    // an optional with a default inside, an optional with its own check, a default, a key named
    // like a prototype member.
    const schema = z.object({
      plain: z.string().optional(),
      inner: z.number().default(4).optional(),
      checked: z.string().optional().refine((v) => v === undefined || v.length > 1),
      outer: z.optional(z.string()).default('o'),
      toString: z.string().optional(),
    });
    for (const v of [{}, { plain: 'p' }, { inner: 2 }, { checked: 'x' }, { checked: 'xy' }, { outer: 'z' }, { toString: 's' }, { plain: 1 }]) {
      const zodResult = schema.safeParse(v);
      const fast = fastParse(schema, v, () => 0);
      if (!zodResult.success) expect(fast, JSON.stringify(v)).toBeUndefined();
      else if (fast) expectSame(fast, zodResult.data);
    }
    // Absent `toString` is found on the prototype: left to zod.
    expect(fastParse(schema, {}, () => 0)).toBeUndefined();
    expect(fastParse(schema, { toString: 's', plain: 'p' }, () => 0)).toBeDefined();
  });

  it('decides the workload section as zod does', () => {
    for (const w of [{ rps: '10/s' }, { rps: '10/s', concurrentUsers: 3 }, {}, { sessionsPerDay: 100 }, { rps: 5, peakFactor: 0.5 }, { rps: 5, growth: { rate: '10%/month' } }, { rps: 5, extra: 1 }]) {
      const { zodResult, fast } = both(w, 'workload');
      if (!zodResult.success) expect(fast).toBeUndefined();
      else if (fast) expectSame(fast, zodResult.data);
    }
  });
});

/** Sets, deletes or adds a key at the path the indexes choose (each taken modulo the keys there). */
function applyEdit(data: Record<string, unknown>, at: readonly number[], op: string, value: unknown): void {
  let node: unknown = data;
  for (let i = 0; i < at.length; i++) {
    if (node === null || typeof node !== 'object') return;
    const keys = Object.keys(node);
    if (keys.length === 0) return;
    const key = keys[at[i]! % keys.length]!;
    const last = i === at.length - 1 || (node as Record<string, unknown>)[key] === null || typeof (node as Record<string, unknown>)[key] !== 'object';
    if (last) {
      const target = node as Record<string, unknown>;
      if (op === 'delete' && !Array.isArray(target)) delete target[key];
      else if (op === 'add' && !Array.isArray(target)) target[`extra${at.length}`] = value;
      else target[key] = value;
      return;
    }
    node = (node as Record<string, unknown>)[key];
  }
}
