/**
 * The profile's JSON Schema, generated from the zod schema (the input side: what a user writes),
 * for editors' completion and validation, and the profile reference generated from it.
 * `npm run schema` writes both; a test fails when the committed copies drift.
 */
import * as z from 'zod';
import { PRESETS } from '../kinds/presets.js';
import { readQuantity } from '../units/quantity.js';
import { renderFieldReference, type JsonNode } from './field-reference.js';
import { makeFields, QUANTITY_SCHEMAS, zodDef } from './fields.js';
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

/** The profile reference of docs/profile-reference.md, from this schema. */
export function renderProfileReference(): string {
  return renderFieldReference(profileJsonSchema() as JsonNode);
}
