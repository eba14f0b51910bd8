/**
 * Structural mutations of a YAML document (`yaml`'s Document model, so anchors, aliases, tags
 * and merge keys can be produced): key deletion and duplication, type swaps, hostile scalars,
 * schema keys in the wrong place, renamed components, many components, long `calls` chains, parallel calls,
 * deep nesting and huge scalars.
 */
import { Alias, isAlias, isMap, isPair, isScalar, isSeq, Pair, Scalar, YAMLSeq, type Document, type YAMLMap } from 'yaml';
import type { Rng } from './rng.js';
import type { SchemaKeys } from './schema-keys.js';
import { EXPRESSIONS, ODD_STRINGS, TAGS, hostileScalar, hugeString } from './values.js';

/** A place holding a value: an item of a list, or the value of a mapping pair. */
interface Slot {
  parent: YAMLMap | YAMLSeq;
  index: number;
  node: unknown;
  path: (string | number)[];
}

function keyOf(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** Every value slot of the document (not descending into aliases), depth first. */
function slots(doc: Document): Slot[] {
  const out: Slot[] = [];
  const walk = (node: unknown, path: (string | number)[]) => {
    if (isMap(node)) {
      node.items.forEach((pair, index) => {
        if (!isPair(pair)) return;
        const p = [...path, keyOf(pair)];
        out.push({ parent: node, index, node: pair.value, path: p });
        walk(pair.value, p);
      });
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const p = [...path, index];
        out.push({ parent: node, index, node: item, path: p });
        walk(item, p);
      });
    }
  };
  walk(doc.contents, []);
  return out;
}

function setSlot(slot: Slot, value: unknown): void {
  if (isMap(slot.parent)) (slot.parent.items[slot.index] as Pair).value = value as never;
  else slot.parent.items[slot.index] = value as never;
}

function maps(doc: Document): YAMLMap[] {
  const out: YAMLMap[] = isMap(doc.contents) ? [doc.contents] : [];
  for (const s of slots(doc)) if (isMap(s.node)) out.push(s.node);
  return out;
}

function componentsMap(doc: Document): YAMLMap | undefined {
  const c = isMap(doc.contents) ? doc.contents.get('components', true) : undefined;
  return isMap(c) ? c : undefined;
}

function deepValue(rng: Rng, depth: number): unknown {
  const flowSeq = rng.chance(0.5);
  let v: unknown = rng.chance(0.5) ? 1 : 'x';
  for (let i = 0; i < depth; i++) v = flowSeq ? [v] : { [rng.pick(['a', 'kind', 'capacity', 'x'])]: v };
  return v;
}

/** One structural mutation: returns its name (`kind:detail`), or null when it did not apply. */
type YamlMutation = (doc: Document, rng: Rng, keys: SchemaKeys) => string | null;

const MUTATIONS: Readonly<Record<string, readonly [weight: number, YamlMutation]>> = {
  deleteKey: [6, (doc, rng) => {
    const ms = maps(doc).filter((m) => m.items.length > 0);
    if (!ms.length) return null;
    const m = rng.pick(ms);
    const [pair] = m.items.splice(rng.int(0, m.items.length - 1), 1);
    return `deleteKey:${pair ? keyOf(pair) : ''}`;
  }],
  duplicateKey: [2, (doc, rng) => {
    const ms = maps(doc).filter((m) => m.items.length > 0);
    if (!ms.length) return null;
    const m = rng.pick(ms);
    const pair = rng.pick(m.items);
    m.items.push(new Pair(doc.createNode(keyOf(pair)), doc.createNode(hostileScalar(rng))));
    return `duplicateKey:${keyOf(pair)}`;
  }],
  hostileScalar: [12, (doc, rng) => {
    const ss = slots(doc).filter((s) => isScalar(s.node));
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const v = hostileScalar(rng);
    setSlot(s, doc.createNode(v));
    return `scalar:${s.path.join('.')}=${JSON.stringify(v)?.slice(0, 60)}`;
  }],
  tweakNumber: [16, (doc, rng) => {
    const ss = slots(doc).filter((s) => isScalar(s.node) && (typeof (s.node as Scalar).value === 'number' || /^[\d.]+\s*[^\d\s]*$/.test(String((s.node as Scalar).value))));
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const raw = (s.node as Scalar).value;
    const factor = rng.pick([0, 1e-9, 0.001, 0.01, 0.1, 0.5, 0.9, 1.1, 2, 3, 10, 100, 1e4, 1e6, 1e9, 1e15]);
    let value: unknown;
    if (typeof raw === 'number') value = rng.chance(0.7) ? raw * factor : Math.round(raw * factor);
    else {
      const m = /^([\d.]+)(\s*)(.*)$/.exec(String(raw))!;
      value = `${Number(m[1]) * factor}${m[2]}${m[3]}`;
    }
    setSlot(s, doc.createNode(value));
    return `tweak:${s.path.join('.')}×${factor}`;
  }],
  expression: [5, (doc, rng) => {
    const ss = slots(doc).filter((s) => isScalar(s.node) && typeof (s.node as Scalar).value !== 'boolean');
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const e = rng.pick(EXPRESSIONS);
    setSlot(s, doc.createNode(e));
    return `expr:${s.path.join('.')}=${e.slice(0, 60)}`;
  }],
  typeSwap: [6, (doc, rng) => {
    const ss = slots(doc);
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const to = rng.pick(['map', 'seq', 'emptyMap', 'emptySeq', 'null', 'bool', 'string', 'number']);
    const value = { map: { a: 1 }, seq: [1, 'x'], emptyMap: {}, emptySeq: [], null: null, bool: true, string: 'text', number: 42 }[to];
    setSlot(s, doc.createNode(value));
    return `typeSwap:${s.path.join('.')}→${to}`;
  }],
  addSchemaKey: [6, (doc, rng, keys) => {
    const ms = maps(doc);
    if (!ms.length) return null;
    const comps = componentsMap(doc);
    const componentMaps = comps ? comps.items.map((p) => p.value).filter(isMap) : [];
    const m = componentMaps.length && rng.chance(0.6) ? rng.pick(componentMaps) : rng.pick(ms);
    const key = rng.pick(keys.all);
    m.set(doc.createNode(key), doc.createNode(hostileScalar(rng)));
    return `addKey:${key}`;
  }],
  kindSwap: [3, (doc, rng, keys) => {
    const comps = componentsMap(doc);
    const cs = comps ? comps.items.map((p) => p.value).filter(isMap) : [];
    if (!cs.length) return null;
    const kind = rng.chance(0.9) ? rng.pick(keys.kinds) : rng.pick(ODD_STRINGS);
    rng.pick(cs).set('kind', kind);
    return `kindSwap:${kind}`;
  }],
  presetSwap: [2, (doc, rng) => {
    const comps = componentsMap(doc);
    const cs = comps ? comps.items.map((p) => p.value).filter(isMap) : [];
    if (!cs.length) return null;
    const preset = rng.pick(['redis', 'postgres', 'telegram', 'whatsapp-cloud', 'nginx', '', 'toString', '__proto__', 'REDIS']);
    rng.pick(cs).set('preset', preset);
    return `preset:${preset}`;
  }],
  renameComponent: [3, (doc, rng) => {
    const comps = componentsMap(doc);
    if (!comps?.items.length) return null;
    const pair = rng.pick(comps.items);
    const name = rng.pick(ODD_STRINGS);
    pair.key = doc.createNode(name);
    return `rename:${JSON.stringify(name).slice(0, 30)}`;
  }],
  manyComponents: [2, (doc, rng) => {
    const comps = componentsMap(doc);
    if (!comps?.items.length) return null;
    const src = rng.pick(comps.items);
    const want = rng.pick([50, 200, 1000, 3000]);
    const n = Math.min(want, Math.max(1, Math.floor(MAX_COPIED_BYTES / renderedBytes(doc, src.value))));
    for (let i = 0; i < n; i++) comps.items.push(new Pair(doc.createNode(`c${i}-${keyOf(src)}`.slice(0, 60)), (src.value as { clone?: () => unknown })?.clone?.() ?? src.value));
    return `manyComponents:${n}`;
  }],
  callsChain: [3, (doc, rng) => {
    const comps = componentsMap(doc);
    if (!comps) return null;
    const n = rng.pick([3, 50, 500, 3000]);
    const cycle = rng.chance(0.4);
    for (let i = 0; i < n; i++) {
      const next = i + 1 < n ? `chain${i + 1}` : cycle ? 'chain0' : undefined;
      comps.set(doc.createNode(`chain${i}`), doc.createNode({ kind: 'service', capacity: '100/s', ...(next ? { calls: [next] } : {}) }));
    }
    return `callsChain:${n}${cycle ? ':cycle' : ''}`;
  }],
  callsOdd: [2, (doc, rng) => {
    const comps = componentsMap(doc);
    const cs = comps ? comps.items.filter((p) => isMap(p.value)) : [];
    if (!cs.length) return null;
    const names = cs.map(keyOf);
    const pair = rng.pick(cs);
    const calls = rng.pick([[keyOf(pair)], [...names, ...names], [rng.pick(ODD_STRINGS)], names.slice().reverse(), [], 'api']);
    (pair.value as YAMLMap).set('calls', doc.createNode(calls));
    return `calls:${JSON.stringify(calls).slice(0, 40)}`;
  }],
  callsParallel: [3, (doc, rng) => {
    const comps = componentsMap(doc);
    const cs = comps ? comps.items.filter((p) => isMap(p.value)) : [];
    if (cs.length < 2) return null;
    const pair = rng.pick(cs);
    const others = cs.filter((p) => p !== pair).map(keyOf);
    // Fork-join: all the others at once, some as call objects or a oneOf; or a malformed entry (empty, a member twice, nested, with a probability).
    const members = others.slice(0, rng.pick([1, 2, 3, 50])).map((n, i) => (i % 3 === 1 ? { to: n, blocking: rng.chance(0.5) } : i % 3 === 2 ? { oneOf: [{ to: n, probability: 0.5 }] } : n));
    const entry = rng.pick<unknown>([{ parallel: members }, { parallel: [] }, { parallel: [...members, ...members] }, { parallel: [{ parallel: members }] }, { parallel: members, probability: 0.5 }, { parallel: members, retries: 2, timeout: '50ms' }]);
    const calls = rng.chance(0.5) ? [entry] : [entry, ...others.slice(0, 1)];
    (pair.value as YAMLMap).set('calls', doc.createNode(calls));
    if (rng.chance(0.3)) (pair.value as YAMLMap).set('perRequest', rng.pick([0.5, 2, 2.5]));
    return `callsParallel:${JSON.stringify(entry).slice(0, 40)}`;
  }],
  manyPhases: [2, (doc, rng) => {
    if (!isMap(doc.contents)) return null;
    const n = rng.pick([2, 30, 300, 2000]);
    const phases = Array.from({ length: n }, (_, i) => ({ name: `p${i}`, scale: rng.pick([1, 2, 1e-9, 1e9, 0.5, i + 1]) }));
    doc.contents.set('phases', doc.createNode(phases));
    return `manyPhases:${n}`;
  }],
  phaseOverride: [4, (doc, rng, keys) => {
    if (!isMap(doc.contents)) return null;
    let phases: unknown = doc.contents.get('phases', true);
    if (!isSeq(phases)) {
      phases = doc.createNode([]);
      doc.contents.set('phases', phases);
    }
    const comps = componentsMap(doc);
    const names = comps ? comps.items.map(keyOf) : ['x'];
    const section = rng.pick(['workload', 'targets', 'components']);
    const key = rng.pick(keys.all);
    const value = rng.chance(0.3) ? null : hostileScalar(rng);
    const override = section === 'components' ? { [rng.pick(names)]: rng.chance(0.2) ? null : { [key]: value } } : { [key]: value };
    (phases as YAMLSeq).items.push(doc.createNode({ name: rng.pick(['later', 'now', '', 'p', '12 months']), scale: rng.pick([1, 2, 0, -1, 1e12, '2x', '150%']), [section]: override }) as never);
    return `phaseOverride:${section}.${key}`;
  }],
  anchorAlias: [3, (doc, rng) => {
    const ss = slots(doc).filter((s) => !isAlias(s.node) && (isMap(s.node) || isSeq(s.node) || isScalar(s.node)));
    if (ss.length < 2) return null;
    const source = rng.pick(ss);
    const dest = rng.pick(ss);
    setSlot(dest, doc.createAlias(source.node as Scalar, `a${rng.int(0, 999)}`));
    return `alias:${dest.path.join('.')}→${source.path.join('.')}`;
  }],
  mergeKey: [2, (doc, rng) => {
    const ms = maps(doc);
    if (ms.length < 2) return null;
    const source = rng.pick(ms);
    const dest = rng.pick(ms);
    dest.items.unshift(new Pair(new Scalar('<<'), doc.createAlias(source, `m${rng.int(0, 999)}`)));
    return 'mergeKey';
  }],
  aliasBomb: [1, (doc, rng) => {
    if (!isMap(doc.contents)) return null;
    const levels = rng.int(3, 9);
    let prev = doc.createNode(['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']) as YAMLSeq;
    const bomb = doc.createNode({}) as YAMLMap;
    bomb.set('l0', prev);
    for (let i = 1; i <= levels; i++) {
      const next = new YAMLSeq();
      const alias = doc.createAlias(prev, `l${i - 1}`);
      for (let j = 0; j < 9; j++) next.items.push(j === 0 ? alias : (new Alias(alias.source) as never));
      bomb.set(`l${i}`, next);
      prev = next;
    }
    doc.contents.set(rng.pick(['description', 'x-bomb', 'name']), bomb);
    return `aliasBomb:${levels}`;
  }],
  tag: [3, (doc, rng) => {
    const ss = slots(doc).filter((s) => !isAlias(s.node) && (isMap(s.node) || isSeq(s.node) || isScalar(s.node)));
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const tag = rng.pick(TAGS);
    (s.node as Scalar).tag = tag;
    return `tag:${tag}`;
  }],
  deepNest: [2, (doc, rng) => {
    const ss = slots(doc);
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const depth = rng.pick([10, 40, 63, 64, 65, 100, 500]);
    setSlot(s, doc.createNode(deepValue(rng, depth)));
    return `deepNest:${depth}`;
  }],
  hugeScalar: [2, (doc, rng) => {
    const ss = slots(doc).filter((s) => isScalar(s.node));
    if (!ss.length) return null;
    const s = rng.pick(ss);
    setSlot(s, doc.createNode(hugeString(rng, 900_000)));
    return `hugeScalar:${s.path.join('.')}`;
  }],
  hugeList: [1, (doc, rng) => {
    const ss = slots(doc);
    if (!ss.length) return null;
    const s = rng.pick(ss);
    const n = rng.pick([1000, 20_000]);
    setSlot(s, doc.createNode(Array.from({ length: n }, (_, i) => (rng.chance(0.5) ? i : `x${i}`))));
    return `hugeList:${n}`;
  }],
  swapSections: [1, (doc, rng) => {
    if (!isMap(doc.contents) || doc.contents.items.length < 2) return null;
    const a = rng.pick(doc.contents.items);
    const b = rng.pick(doc.contents.items);
    [a.value, b.value] = [b.value, a.value];
    return `swapSections:${keyOf(a)}↔${keyOf(b)}`;
  }],
  rootType: [1, (doc, rng) => {
    const to = rng.pick([[], 'text', 42, null, [1, 2]]);
    doc.contents = doc.createNode(to) as never;
    return `rootType:${JSON.stringify(to)}`;
  }],
};

/**
 * The most bytes copies of a component may add to a profile: past the 1 MiB profile limit, so
 * that limit is still reached. Unbounded, 1,000 copies of a component holding a 20,000-item list
 * made a 320 MB profile that took the parent 104 s and 5 GB to generate (seed 7 case 1776).
 */
export const MAX_COPIED_BYTES = 2 * 2 ** 20;

/** Bytes of a node as JSON (a large guess when it cannot be converted: an alias bomb, say). */
function renderedBytes(doc: Document, node: unknown): number {
  try {
    const value = node && typeof (node as { toJS?: unknown }).toJS === 'function' ? (node as { toJS: (d: Document, o: object) => unknown }).toJS(doc, { maxAliasCount: 100 }) : node;
    return Math.max(8, JSON.stringify(value)?.length ?? 8);
  } catch {
    return MAX_COPIED_BYTES / 50;
  }
}

/** Applies one weighted random structural mutation to the document (in place); returns its label or null. */
export function mutateYamlDocument(doc: Document, rng: Rng, keys: SchemaKeys): string | null {
  const entries = Object.entries(MUTATIONS);
  const [, fn] = rng.weighted(entries.map(([name, [w, f]]) => [w, [name, f] as const] as const));
  return fn(doc, rng, keys);
}
