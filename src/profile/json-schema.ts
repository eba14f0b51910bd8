/**
 * The profile's JSON Schema, generated from the zod schema (the input side: what a user writes),
 * for editors' completion and validation, and the README's field reference generated from it.
 * `npm run schema` writes both; a test fails when the committed copies drift.
 */
import * as z from 'zod';
import { PRESETS } from '../kinds/presets.js';
import { KINDS } from '../kinds/registry.js';
import { readQuantity } from '../units/quantity.js';
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
      ctx.jsonSchema.title = q.title;
      if (q.unitRequired) ctx.jsonSchema.anyOf = [{ type: 'string' }, { const: 0 }];
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

type JsonNode = { type?: unknown; title?: string; description?: string; properties?: Record<string, JsonNode>; items?: JsonNode; anyOf?: JsonNode[]; oneOf?: JsonNode[]; additionalProperties?: JsonNode | boolean; default?: unknown; required?: string[]; const?: unknown; enum?: unknown[] };

/** The README's field reference: one table per section and per component kind. */
export function renderFieldReference(): string {
  const root = profileJsonSchema() as JsonNode;
  const out: string[] = [];
  const props = root.properties ?? {};
  out.push('### Top level', '', ...table(props, root.required ?? []), '');
  for (const section of ['workload', 'targets'] as const) {
    const node = props[section]!;
    out.push(`### \`${section}\``, '', ...table(node.properties ?? {}, node.required ?? []), '');
  }
  const phases = props.phases?.items;
  if (phases) out.push('### `phases[]`', '', ...table(phases.properties ?? {}, phases.required ?? []), '');
  const kinds = (props.components?.additionalProperties as JsonNode | undefined)?.oneOf ?? [];
  for (const k of kinds) {
    const name = (k.properties?.kind as JsonNode | undefined)?.const as string;
    const title = KINDS.find((d) => d.kind === name)?.title ?? '';
    out.push(`### \`kind: ${name}\``, '', title, '', ...table(k.properties ?? {}, k.required ?? []), '');
  }
  return out.join('\n').trimEnd() + '\n';
}

function table(props: Record<string, JsonNode>, required: readonly string[]): string[] {
  const rows = ['| key | type | default | meaning |', '| --- | --- | --- | --- |'];
  for (const [key, node] of Object.entries(props)) {
    if (key === 'kind' || key === '$schema') continue;
    const def = node.default === undefined ? (required.includes(key) ? 'required' : '') : `\`${JSON.stringify(node.default)}\``;
    rows.push(`| \`${key}\` | ${typeOf(node)} | ${def} | ${(node.description ?? '').replace(/\|/g, '\\|')} |`);
  }
  return rows;
}

function typeOf(node: JsonNode): string {
  if (node.title) return node.title;
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const alts = node.anyOf ?? node.oneOf;
  if (alts) return [...new Set(alts.map(typeOf))].join(' or ');
  const t = Array.isArray(node.type) ? node.type.join(' or ') : String(node.type ?? 'any');
  if (t === 'number or string') return 'quantity';
  if (t === 'array') return `list of ${node.items ? typeOf(node.items) : 'any'}`;
  if (t === 'object') return 'mapping';
  return t;
}
