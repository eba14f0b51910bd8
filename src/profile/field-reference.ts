/**
 * The profile reference in docs/profile-reference.md, generated from the JSON Schema (itself
 * generated from the zod schema's `.describe()` texts), so it cannot drift: one table per
 * section, every nested mapping and list of mappings in a table of its own (`resources`,
 * `replicas`, `capacity.usl`, `classes[]`, `deploy.limits`, …), the keys components share
 * documented once, then what each kind adds.
 */
import { KINDS } from '../kinds/registry.js';

/** The JSON Schema nodes the reference reads. */
export interface JsonNode {
  type?: unknown;
  /** A quantity's kind ("duration", "size"), set by the JSON Schema's generator. */
  title?: string;
  description?: string;
  properties?: Record<string, JsonNode>;
  items?: JsonNode;
  anyOf?: JsonNode[];
  oneOf?: JsonNode[];
  additionalProperties?: JsonNode | boolean;
  default?: unknown;
  required?: string[];
  const?: unknown;
  enum?: unknown[];
}

/** A kind's component keys shared by at least this many kinds (with the same meaning) are documented once. */
const COMMON_MIN_KINDS = 4;

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The type of a node in words: quantity, mapping, list of string, `a` \| `b`. */
export function typeOf(node: JsonNode): string {
  if (node.title) return node.title;
  if (node.enum) return node.enum.map((v) => `\`${String(v)}\``).join(' \\| ');
  const alts = node.anyOf ?? node.oneOf;
  if (alts) return [...new Set(alts.map(typeOf))].join(' or ');
  const t = Array.isArray(node.type) ? node.type.join(' or ') : String(node.type ?? 'any');
  if (t === 'number or string') return 'quantity';
  if (t === 'array') return `list of ${node.items ? typeOf(node.items) : 'any'}`;
  if (t === 'object') return node.properties ? 'mapping' : typeof node.additionalProperties === 'object' ? `mapping of name → ${typeOf(node.additionalProperties)}` : 'mapping';
  return t;
}

/** The mapping (with properties) a node holds: itself, an alternative of it, its list's items or its named entries. */
function nested(node: JsonNode): { node: JsonNode; suffix: string } | null {
  if (node.properties) return { node, suffix: '' };
  for (const alt of node.anyOf ?? node.oneOf ?? []) {
    const inner = nested(alt);
    if (inner) return inner;
  }
  if (node.items) {
    const inner = nested(node.items);
    if (inner) return { node: inner.node, suffix: `[]${inner.suffix}` };
  }
  if (typeof node.additionalProperties === 'object') {
    const inner = nested(node.additionalProperties);
    if (inner) return { node: inner.node, suffix: `.<name>${inner.suffix}` };
  }
  return null;
}

function table(props: Record<string, JsonNode>, required: readonly string[], skip: readonly string[] = []): string[] {
  const rows = ['| key | type | default | meaning |', '| --- | --- | --- | --- |'];
  for (const [key, node] of Object.entries(props)) {
    if (skip.includes(key)) continue;
    const def = node.default === undefined ? (required.includes(key) ? 'required' : '') : `\`${JSON.stringify(node.default)}\``;
    rows.push(`| \`${key}\` | ${typeOf(node)} | ${def} | ${cell(node.description ?? '')} |`);
  }
  return rows;
}

/** A section: a heading, its table, then a section for each nested mapping, depth-first. */
function section(level: number, title: string, intro: string[], node: JsonNode, path: string, skip: readonly string[] = []): string[] {
  const props = node.properties ?? {};
  const out = [`${'#'.repeat(level)} ${title}`, '', ...intro, ...(intro.length ? [''] : []), ...table(props, node.required ?? [], skip), ''];
  for (const [key, child] of Object.entries(props)) {
    if (skip.includes(key)) continue;
    const inner = nested(child);
    if (!inner) continue;
    const childPath = `${path}${path ? '.' : ''}${key}${inner.suffix}`;
    const alternatives = child.anyOf ?? child.oneOf;
    const note = alternatives && !inner.suffix ? ['The mapping form:'] : [];
    out.push(...section(Math.min(level + 1, 5), `\`${childPath}\``, note, inner.node, childPath));
  }
  return out;
}

const same = (a: JsonNode | undefined, b: JsonNode | undefined) => JSON.stringify(a) === JSON.stringify(b);

/** The component kinds' branches, by kind name. */
function kindBranches(root: JsonNode): { kind: string; node: JsonNode }[] {
  const branches = (root.properties?.components?.additionalProperties as JsonNode | undefined)?.oneOf ?? [];
  return branches.map((node) => ({ kind: String((node.properties?.kind as JsonNode | undefined)?.const), node }));
}

/** Keys most kinds share with one meaning (`preset` compared without its per-kind names). */
function commonKeys(kinds: readonly { node: JsonNode }[]): { props: Record<string, JsonNode>; keys: string[] } {
  const strip = (key: string, n: JsonNode | undefined) => (key === 'preset' && n ? { ...n, enum: undefined } : n);
  const counts = new Map<string, { node: JsonNode; n: number }>();
  for (const { node } of kinds) {
    for (const [key, child] of Object.entries(node.properties ?? {})) {
      if (key === 'kind') continue;
      const seen = counts.get(key);
      if (!seen) counts.set(key, { node: strip(key, child)!, n: 1 });
      else if (same(seen.node, strip(key, child))) seen.n++;
    }
  }
  const keys = [...counts].filter(([, v]) => v.n >= COMMON_MIN_KINDS).map(([k]) => k);
  const props = Object.fromEntries(keys.map((k) => [k, k === 'preset' ? { ...counts.get(k)!.node, type: 'string' } : counts.get(k)!.node]));
  return { props, keys };
}

/** The reference: top level, workload, targets, phases, components (common keys, then each kind), pricing, gates. */
export function renderFieldReference(root: JsonNode): string {
  const props = root.properties ?? {};
  const out: string[] = [];
  out.push('### Top level', '', ...table(props, root.required ?? [], ['$schema']), '');
  for (const key of ['workload', 'targets'] as const) out.push(...section(3, `\`${key}\``, [], props[key]!, key));
  const phases = props.phases?.items;
  if (phases) out.push(...section(3, '`phases[]`', [], phases, 'phases[]'));
  const kinds = kindBranches(root);
  const common = commonKeys(kinds);
  out.push(
    ...section(
      3,
      'Component keys',
      [`Each entry of \`components\` is a mapping with a \`kind\` (${kinds.map((k) => `\`${k.kind}\``).join(', ')}) or a \`preset\` that implies one. These keys mean the same in every kind that takes them; each kind below says which it takes and what it adds.`],
      { properties: common.props },
      '',
    ),
  );
  for (const { kind, node } of kinds) {
    const own = Object.fromEntries(Object.entries(node.properties ?? {}).filter(([k, v]) => k !== 'kind' && (!common.keys.includes(k) || (k !== 'preset' && !same(common.props[k], v)))));
    const taken = common.keys.filter((k) => k in (node.properties ?? {}) && !(k in own));
    const missing = common.keys.filter((k) => !taken.includes(k));
    const list = (ks: string[]) => ks.map((k) => `\`${k}\``).join(', ');
    const takes = missing.length === 0 ? 'It takes all the component keys' : missing.length <= taken.length ? `It takes the component keys except ${list(missing)}` : `Of the component keys it takes only ${list(taken)}`;
    const presets = (node.properties?.preset as JsonNode | undefined)?.enum;
    const intro = [KINDS.find((d) => d.kind === kind)?.title ?? '', '', `${takes}${presets ? `; presets: ${presets.map((p) => `\`${String(p)}\``).join(', ')}` : ''}.`];
    if (Object.keys(own).length === 0) out.push(`### \`kind: ${kind}\``, '', ...intro, '', 'It adds no keys of its own.', '');
    else out.push(...section(3, `\`kind: ${kind}\``, [...intro, '', 'It adds:'], { properties: own, required: node.required ?? [] }, ''));
  }
  for (const key of ['pricing', 'gates'] as const) if (props[key]) out.push(...section(3, `\`${key}\``, [], props[key]!, key));
  out.push(...alertsSection(props.alerts?.items));
  return `${out.join('\n').trimEnd()}\n`;
}

/** `alerts[]`: one table per `metric`, each alert being one of the branches. */
function alertsSection(items: JsonNode | undefined): string[] {
  const branches = items?.oneOf ?? items?.anyOf ?? [];
  if (!branches.length) return [];
  const out = ['### `alerts[]`', '', 'Each alert is one of these mappings, by its `metric`:', ''];
  for (const b of branches) {
    const metric = String((b.properties?.metric as JsonNode | undefined)?.const);
    out.push(`#### \`metric: ${metric}\``, '', ...table(b.properties ?? {}, b.required ?? [], ['metric']), '');
  }
  return out;
}
