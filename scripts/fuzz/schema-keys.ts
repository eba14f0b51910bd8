/** Field names from the committed profile JSON Schema, so that mutations add keys the schema knows. */
import { readFileSync } from 'node:fs';

interface SchemaNode {
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  const?: unknown;
}

/** Keys of the profile schema: every key anywhere, and the keys each component kind accepts. */
export interface SchemaKeys {
  all: string[];
  byKind: Record<string, string[]>;
  kinds: string[];
}

function collect(node: SchemaNode | boolean | undefined, into: Set<string>): void {
  if (!node || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node.properties ?? {})) {
    into.add(k);
    collect(v, into);
  }
  collect(node.additionalProperties, into);
  collect(node.items, into);
  for (const n of [...(node.oneOf ?? []), ...(node.anyOf ?? [])]) collect(n, into);
}

/** Reads schema/capplan-profile.schema.json under `root`. */
export function readSchemaKeys(root: string): SchemaKeys {
  const schema = JSON.parse(readFileSync(`${root}/schema/capplan-profile.schema.json`, 'utf8')) as SchemaNode;
  const all = new Set<string>();
  collect(schema, all);
  const byKind: Record<string, string[]> = {};
  const components = schema.properties?.components?.additionalProperties as SchemaNode | undefined;
  for (const option of components?.oneOf ?? []) {
    const kind = option.properties?.kind?.const;
    if (typeof kind !== 'string') continue;
    const keys = new Set<string>();
    collect(option, keys);
    byKind[kind] = [...keys].sort();
  }
  return { all: [...all].sort(), byKind, kinds: Object.keys(byKind).sort() };
}
