/**
 * The profile's JSON Schema, generated from the zod schema (the input side: what a user writes),
 * for editors' completion and validation, and the profile reference generated from it.
 * `npm run schema` writes both; a test fails when the committed copies drift.
 */
import * as z from 'zod';
import { PRESETS } from '../kinds/presets.js';
import { readQuantity } from '../units/quantity.js';
import { renderFieldReference, type JsonNode } from './field-reference.js';
import type { QuantityKind } from '../units/quantity.js';
import { KIND_TITLE, makeFields, QUANTITY_SCHEMAS, zodDef } from './fields.js';
import { profileSchema } from './schema.js';

/** Where the JSON Schema is published in the repository (for `$id` and editors). */
export const SCHEMA_PATH = 'schema/capplan-profile.schema.json';

/** The JSON Schema of a capplan/v1 profile. */
export function profileJsonSchema(): Record<string, unknown> {
  const schema = profileSchema(makeFields(readQuantity));
  const json = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    target: 'draft-2020-12',
    // Each quantity is titled with its kind; one whose kind needs a unit is a string (or 0), so
    // editors flag `serviceTime: 20` too.
    override: (ctx) => {
      const q = QUANTITY_SCHEMAS.get(zodDef(ctx.zodSchema));
      if (!q) return;
      ctx.jsonSchema.title = q.range ? `${q.title} or range` : q.title;
      const range = q.range ? [{ $ref: '#/$defs/UncertainValue' }] : [];
      // A quantity that may be a range: a string or number as before, or the range mapping.
      if (q.unitRequired) ctx.jsonSchema.anyOf = [{ type: 'string' }, { const: 0 }, ...range];
      else if (q.range) ctx.jsonSchema.anyOf = [{ type: ['number', 'string'] }, ...range];
    },
  }) as Record<string, unknown>;
  allowPresetsForKind(json);
  // Top-level `x-` keys are the user's (anchors to merge, notes for tools): load.ts skips them.
  json.patternProperties = { '^x-': { description: 'An extension key, not read by capplan: a place for YAML anchors the components merge (x-defaults: &defaults {…}, then <<: *defaults), as in a Compose file.' } };
  return {
    $schema: json.$schema,
    $id: `https://capplan.dev/${SCHEMA_PATH}`,
    title: 'capplan profile (apiVersion capplan/v1)',
    description: 'A workload profile: the workload, targets, growth phases and components of a service stack. Durations, sizes, rates and data rates are strings with units (10ms, 256Mi, 1000/s, 10 Gbit/s); CPU, fractions, counts and numbers may be bare (500m or 2, 70% or 0.7, 3).',
    ...Object.fromEntries(Object.entries(json).filter(([k]) => k !== '$schema')),
  };
}

/**
 * In a file, a component may name a preset instead of its kind (the preset supplies it), so each
 * kind's branch requires `kind` or one of that kind's presets.
 */
function allowPresetsForKind(json: Record<string, unknown>): void {
  const components = (json.properties as Record<string, { additionalProperties?: { oneOf?: Record<string, unknown>[] } }>).components;
  for (const branch of components?.additionalProperties?.oneOf ?? []) {
    const props = branch.properties as Record<string, Record<string, unknown>>;
    const kind = props.kind?.const;
    const presets = Object.keys(PRESETS).filter((name) => PRESETS[name]!.values.kind === kind).sort();
    if (presets.length === 0 || !props.preset) continue;
    props.preset = { ...props.preset, enum: presets };
    branch.required = (branch.required as string[]).filter((k) => k !== 'kind');
    branch.anyOf = [{ required: ['kind'] }, { required: ['preset'] }];
  }
}

/** Renders the JSON Schema file's text (stable key order as generated, two-space indent). */
export function renderProfileJsonSchema(): string {
  return `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
}

/**
 * Each quantity key of a profile by its own name (`serviceTime`, `memory`, `timeout`) and its
 * kind, read from the JSON Schema's titles: what `capplan check` and `diff` write a moved setting
 * in ("serviceTime 15 ms → 25 ms"). A name with two kinds (`above`: a duration in one alert, a
 * fraction in another) is left out, and its values print as plain numbers.
 */
export function inputKindsByKey(): Record<string, QuantityKind> {
  const byTitle = new Map(Object.entries(KIND_TITLE).map(([kind, title]) => [title, kind as QuantityKind]));
  const kinds = new Map<string, Set<QuantityKind>>();
  const walk = (node: unknown, key: string | null): void => {
    if (Array.isArray(node)) {
      for (const x of node) walk(x, key);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    const kind = key !== null && typeof o.title === 'string' ? byTitle.get(o.title.replace(/ or range$/, '').replace(/ \(bare: per second\)$/, '')) : undefined;
    if (kind !== undefined) (kinds.get(key!) ?? kinds.set(key!, new Set()).get(key!)!).add(kind);
    for (const [k, v] of Object.entries(o)) {
      if (k === 'properties' && v && typeof v === 'object') for (const [name, child] of Object.entries(v)) walk(child, name);
      else walk(v, key);
    }
  };
  walk(profileJsonSchema(), null);
  const out: Record<string, QuantityKind> = {};
  for (const key of [...kinds.keys()].sort()) {
    const one = kinds.get(key)!;
    if (one.size === 1) out[key] = [...one][0]!;
  }
  return out;
}

/** Where the generated key → kind table is written (`npm run schema`). */
export const INPUT_KINDS_PATH = 'src/gate/input-kinds.ts';

/** The text of src/gate/input-kinds.ts. */
export function renderInputKinds(): string {
  const entries = Object.entries(inputKindsByKey()).map(([key, kind]) => `  ${/^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key)}: '${kind}',`);
  return [
    '// Generated by `npm run schema` from the profile schema (src/profile/json-schema.ts, inputKindsByKey);',
    '// test/profile/json-schema.test.ts fails when it drifts. Do not edit.',
    "import type { QuantityKind } from '../units/quantity.js';",
    '',
    '/** The kind of each quantity key of a profile, by the key\'s own name (names of two kinds are left out). */',
    'export const INPUT_KINDS: Readonly<Record<string, QuantityKind>> = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

/** The profile reference of docs/profile-reference.md, from this schema. */
export function renderProfileReference(): string {
  return renderFieldReference(profileJsonSchema() as JsonNode);
}
