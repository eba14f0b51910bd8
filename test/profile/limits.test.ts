/** Resource limits are documented behaviour: each named in the message that enforces it; recursion over user structures is iterative. */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { findCycle, longestChain } from '../../src/profile/calls.js';
import { LIMITS, MAX_CALL_DEPTH, MAX_CALLS, MAX_CLASSES, MAX_COMPONENTS, MAX_DEPTH, MAX_LIST_ITEMS, MAX_NAME_LENGTH, MAX_PHASES, MAX_PROFILE_BYTES } from '../../src/profile/limits.js';
import { deepMerge } from '../../src/profile/merge.js';
import { planText } from '../support/plan.js';
import { problems } from '../support/problems.js';

const head = 'apiVersion: capplan/v1\nname: t\nworkload: { rps: 100 }\n';
const services = (n: number, from = 0) => Array.from({ length: n }, (_, i) => `  s${from + i}: { kind: service, capacity: 100/s }`).join('\n');

describe('profile limits', () => {
  it('lists the first 50 YAML errors and counts the rest, without capturing a stack for each (fuzz seed 69 case 892)', async () => {
    // A closing brace too many early on ends the document there: every later token is a YAML error (8 a component).
    const lines = Array.from({ length: 3000 }, (_, i) => `  c${i}:\n    kind: service\n    capacity: 100/s`);
    const text = `apiVersion: capplan/v1\nname: t\nworkload: { rps: 10 }\ncomponents:\n  a: [ b, { c: d } } ]\n${lines.join('\n')}\n`;
    const limit = Error.stackTraceLimit;
    const out = await problems(text);
    expect(out).toHaveLength(51);
    expect(out.slice(0, 50).every((d) => /^p\.yaml:\d+:\d+: YAML: /.test(d))).toBe(true);
    expect(out[50]).toMatch(/^p\.yaml:\d+:\d+: and [\d,]+ more problems from here on\n  hint: a YAML error often sets off those after it: fix the first and run again$/);
    const more = Number(/and ([\d,]+) more/.exec(out[50]!)![1]!.replace(/,/g, ''));
    expect(more).toBeGreaterThan(1000);
    expect(Error.stackTraceLimit).toBe(limit);
  });
  it('refuses more components than a phase may have, at the first one beyond', async () => {
    const out = await problems(`${head}components:\n${services(MAX_COMPONENTS + 1)}\n`);
    expect(out).toEqual([`p.yaml:${5 + MAX_COMPONENTS}:3 components.s${MAX_COMPONENTS}: ${MAX_COMPONENTS + 1} components; a phase may have at most ${MAX_COMPONENTS} (limit: components per phase)`]);
    expect(await problems(`${head}components:\n${services(MAX_COMPONENTS)}\n`)).toEqual([]);
  });
  it('counts the components a phase adds', async () => {
    const text = `${head}phases:\n  - name: more\n    components:\n${services(2, MAX_COMPONENTS - 1).replace(/^ {2}/gm, '      ')}\ncomponents:\n${services(MAX_COMPONENTS - 1)}\n`;
    const out = await problems(text);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(new RegExp(`^p\\.yaml:8:7 phases\\[0\\]\\.components\\.s${MAX_COMPONENTS}: phase adds 2 components to ${MAX_COMPONENTS - 1}; a phase may have at most ${MAX_COMPONENTS} \\(limit: components per phase\\)$`));
  });
  it('refuses more phases than a profile may have', async () => {
    const phases = Array.from({ length: MAX_PHASES + 1 }, (_, i) => `  - { name: p${i}, scale: 2 }`).join('\n');
    const out = await problems(`${head}phases:\n${phases}\ncomponents:\n${services(1)}\n`);
    expect(out).toEqual([`p.yaml:${5 + MAX_PHASES}:5 phases[${MAX_PHASES}]: ${MAX_PHASES + 1} phases; a profile may have at most ${MAX_PHASES} after the base workload (limit: phases)\n  hint: plan the roadmap in steps, or split it over several profiles`]);
  });
  it('refuses more calls than a component may make', async () => {
    const names = Array.from({ length: MAX_CALLS + 1 }, (_, i) => `s${i + 1}`);
    const out = await problems(`${head}components:\n  s0: { kind: service, capacity: 100/s, calls: [${names.join(', ')}] }\n${services(MAX_CALLS + 1, 1)}\n`);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(new RegExp(`^p\\.yaml:5:\\d+ components\\.s0\\.calls\\[${MAX_CALLS}\\]: ${MAX_CALLS + 1} calls; a component may call at most ${MAX_CALLS} others \\(limit: calls per component\\)$`));
  });
  it('refuses more priority classes than a worker may have', async () => {
    const classes = Array.from({ length: MAX_CLASSES + 1 }, (_, i) => `{ name: k${i} }`).join(', ');
    const out = await problems(`${head}components:\n  w: { kind: worker, serviceTime: 1s, classes: [${classes}] }\n`);
    expect(out[0]).toMatch(new RegExp(`components\\.w\\.classes\\[${MAX_CLASSES}\\]: ${MAX_CLASSES + 1} priority classes; a worker may have at most ${MAX_CLASSES} \\(limit: priority classes per worker\\)$`));
  });
  it('names the profile size, nesting depth and alias limits where they are enforced', async () => {
    expect((await problems(`${head}#${'x'.repeat(MAX_PROFILE_BYTES)}\n`))[0]).toMatch(/\(limit: profile size\)$/);
    expect((await problems(`a: ${'['.repeat(MAX_DEPTH + 1)}${']'.repeat(MAX_DEPTH + 1)}\n`))[0]).toMatch(/nesting deeper than 64 levels \(limit: nesting depth\)$/);
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 10; i++) bomb.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(', ')}]`);
    expect((await problems(bomb.join('\n')))[0]).toMatch(/limit: YAML alias dereferences, 100\)$/m);
  });
  it('refuses an alias inside the node its anchor names, at the alias; aliases of earlier nodes stay', async () => {
    // Seed 2026 case 25568: the value contained itself, and quoting it in a message threw (exit 3).
    expect(await problems(`${head}components: &a\n  kind: *a\n`)).toEqual([
      'p.yaml:5:9: the alias *a is inside the node anchored &a, so the value would contain itself\n  hint: an alias may repeat a node written before it, not the node it is in',
    ]);
    expect(await problems(`${head}components:\n  api: &s { kind: service, capacity: 100/s, calls: [*s] }\n`)).toHaveLength(1);
    expect(await problems(`${head}components:\n  api: &s { kind: service, capacity: 100/s }\n  web: *s\n  app: { <<: *s, workers: 2 }\n`)).toEqual([]);
    // An anchor used again names the later node from there on (yaml's Alias.resolve: the last one before the alias).
    expect(await problems(`${head}components:\n  api: &s { kind: service, capacity: 100/s }\n  web: &s { kind: service, capacity: 50/s, calls: [*s] }\n`)).toEqual([
      'p.yaml:6:52: the alias *s is inside the node anchored &s, so the value would contain itself\n  hint: an alias may repeat a node written before it, not the node it is in',
    ]);
    const earlier = await problems(`${head}components:\n  api: &s { kind: service, capacity: 100/s }\n  web: { kind: service, capacity: 50/s, calls: [*s] }\n  db: &s { kind: database, capacity: 100/s }\n`);
    expect(earlier.filter((p) => p.includes('contain itself'))).toEqual([]);
  });
  it('refuses a phase or system name longer than the name limit, at the name', async () => {
    // Seed 2026 case 11996: a phase named by 846 kB of text took minutes to wrap into tables.
    const long = 'word '.repeat(21).trim();
    expect(await problems(`apiVersion: capplan/v1\nname: t\nworkload: { rps: 100, phase: ${long} }\ncomponents:\n${services(1)}\n`)).toEqual([
      `p.yaml:3:30 workload.phase: a phase name is at most ${MAX_NAME_LENGTH} characters (limit: name length)`,
    ]);
    expect(await problems(`${head}phases: [{ name: ${long} }]\ncomponents:\n${services(1)}\n`)).toEqual([
      `p.yaml:4:18 phases[0].name: a phase name is at most ${MAX_NAME_LENGTH} characters (limit: name length)`,
    ]);
    expect(await problems(`apiVersion: capplan/v1\nname: ${long}\nworkload: { rps: 100 }\ncomponents:\n${services(1)}\n`)).toEqual([
      `p.yaml:2:7 name: a system name is at most ${MAX_NAME_LENGTH} characters (limit: name length)`,
    ]);
    expect(await problems(`${head}phases: [{ name: ${'x'.repeat(MAX_NAME_LENGTH)} }]\ncomponents:\n${services(1)}\n`)).toEqual([]);
  });
  it('refuses a list or mapping longer than the list limit, wherever it is, at the first item beyond', async () => {
    // Seed 8 case 3902 (in a saved plan): the schema gathers a list's problems with push(...), which overflowed.
    const items = Array(20_000).fill(1).join(',');
    const out = await problems(`${head}components:\n  api: { kind: service, serviceTime: 10ms, operations: [${items}] }\n`);
    expect(out).toEqual([`p.yaml:5:${57 + 2 * MAX_LIST_ITEMS} components.api.operations[${MAX_LIST_ITEMS}]: 20000 items; a list or mapping may hold at most ${MAX_LIST_ITEMS} (limit: list length)`]);
  });
  it('refuses a long block list or mapping that the fast YAML reader read, though it skips the walk for a profile within the limit', async () => {
    // checkInputLimits walks the data for long lists only when the reader counted one over the limit (plain-yaml.ts, largestCollection).
    const items = (n: number) => Array.from({ length: n }, () => '      - 1').join('\n');
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `      k${i}: 1`).join('\n');
    const withList = (n: number) => `${head}components:\n  api:\n    kind: service\n    serviceTime: 10ms\n    operations:\n${items(n)}\n`;
    const withMap = (n: number) => `${head}components:\n  api:\n    kind: service\n    capacity: 100/s\n    labels:\n${keys(n)}\n`;
    expect(await problems(withList(MAX_LIST_ITEMS + 1))).toEqual([`p.yaml:${9 + MAX_LIST_ITEMS}:9 components.api.operations[${MAX_LIST_ITEMS}]: ${MAX_LIST_ITEMS + 1} items; a list or mapping may hold at most ${MAX_LIST_ITEMS} (limit: list length)`]);
    expect(await problems(withMap(MAX_LIST_ITEMS + 1))).toEqual([`p.yaml:${9 + MAX_LIST_ITEMS}:7 components.api.labels.k${MAX_LIST_ITEMS}: ${MAX_LIST_ITEMS + 1} keys; a list or mapping may hold at most ${MAX_LIST_ITEMS} (limit: list length)`]);
    // At the limit the schema has its say (an unknown key), not the limit.
    expect((await problems(withMap(MAX_LIST_ITEMS))).join('\n')).not.toContain('limit: list length');
    expect((await problems(withList(MAX_LIST_ITEMS))).join('\n')).not.toContain('limit: list length');
  });
  it('lists every limit in docs/profile-reference.md', async () => {
    const doc = await readFile(new URL('../../docs/profile-reference.md', import.meta.url), 'utf8');
    for (const l of LIMITS) expect(doc).toContain(`| ${l.limit} | ${l.value} |`);
  });
});

describe('recursion over user structures is iterative', () => {
  it('merges overrides nested far deeper than the call stack allows', () => {
    const depth = 200_000;
    const nest = (leaf: unknown) => {
      let v: unknown = leaf;
      for (let i = 0; i < depth; i++) v = { a: v };
      return v;
    };
    let merged = deepMerge(nest({ x: 1, y: 2 }), nest({ y: null, z: 3 })) as Record<string, unknown>;
    for (let i = 0; i < depth; i++) merged = merged.a as Record<string, unknown>;
    expect(merged).toEqual({ x: 1, z: 3 });
  });
  it('merges as before: mappings key by key, null deletes, anything else replaces', () => {
    expect(deepMerge({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2], e: 3 }, d: null })).toEqual({ a: { b: 1, c: [2], e: 3 } });
    expect(deepMerge({ a: 1 }, undefined)).toEqual({ a: 1 });
    expect(deepMerge({ a: 1 }, null)).toBeUndefined();
    expect(deepMerge(5, { a: 1 })).toEqual({ a: 1 });
  });
  it('finds a cycle at the end of a call chain far longer than the call stack', () => {
    const n = 200_000;
    const order = Array.from({ length: n }, (_, i) => `c${i}`);
    const graph = new Map(order.map((name, i) => [name, i + 1 < n ? [`c${i + 1}`] : ['c199990']]));
    expect(findCycle(order, graph)).toEqual([...Array.from({ length: 10 }, (_, i) => `c${199_990 + i}`), 'c199990']);
    graph.set(`c${n - 1}`, []);
    expect(findCycle(order, graph)).toBeNull();
  });
  it('reports a cycle in calls at its position, in profile order', async () => {
    const text = `${head}components:\n  a: { kind: service, capacity: 10/s, calls: [b] }\n  b: { kind: service, capacity: 10/s, calls: [c] }\n  c: { kind: service, capacity: 10/s, calls: [a] }\n`;
    expect(await problems(text)).toEqual(['p.yaml:5:46 components.a.calls: calls form a cycle: a → b → c → a\n  hint: the request path must not loop back']);
  });
  it('finds the longest chain of calls without recursion, first in profile order on a tie', () => {
    const n = 200_000;
    const order = Array.from({ length: n }, (_, i) => `c${i}`);
    const graph = new Map(order.map((name, i) => [name, i + 1 < n ? [`c${i + 1}`] : []]));
    expect(longestChain(order, graph)).toHaveLength(n);
    // a → b → d and a → c → d → e: the longer branch wins; x alone is a chain of one.
    const g = new Map([['x', []], ['a', ['b', 'c']], ['b', ['d']], ['c', ['f', 'd']], ['d', ['e']], ['e', []], ['f', []]]);
    expect(longestChain(['x', 'a', 'b', 'c', 'd', 'e', 'f'], g)).toEqual(['a', 'b', 'd', 'e']);
    expect(longestChain(['x'], new Map([['x', []]]))).toEqual(['x']);
  });
  it('refuses calls nested deeper than the model follows, at the chain\'s first component (a chain of 3,000 overflowed the stack)', async () => {
    const chain = (n: number) => Array.from({ length: n + 1 }, (_, i) => `  c${i}: { kind: service, capacity: 10/s${i < n ? `, calls: [c${i + 1}]` : ''} }`).join('\n');
    expect(await problems(`${head}components:\n${chain(MAX_CALL_DEPTH)}\n`)).toEqual([]);
    // A chain as deep as allowed is planned whole: the path's p95 is found, the stack holds.
    const deepest = await planText(`${head}components:\n${chain(MAX_CALL_DEPTH)}\n`);
    expect(deepest.phases[0]!.system.latencyP95).toBeGreaterThan(0);
    const out = await problems(`${head}components:\n${chain(MAX_CALL_DEPTH + 1)}\n`);
    expect(out).toEqual([`p.yaml:5:47 components.c0.calls: calls nest ${MAX_CALL_DEPTH + 1} deep (c0 → c1 → c2 → … → c${MAX_CALL_DEPTH + 1}), more than the ${MAX_CALL_DEPTH} capplan follows\n  hint: model a long pipeline as fewer components, or as queued (async) hand-offs`]);
  });
});
