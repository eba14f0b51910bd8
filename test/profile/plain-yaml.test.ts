// readPlainYaml (src/profile/plain-yaml.ts) reads most profiles without yaml: wherever it does
// not give up, the document must be the one yaml's reading makes (values with their key order,
// has(), every position), and yaml must have had nothing to say.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { largestCollection, readPlainYaml } from '../../src/profile/plain-yaml.js';
import { expectSameAsYaml } from './plain-yaml-compare.js';
import { profileTexts } from '../support/profiles.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Every .yaml/.yml file under the given folders of the repository. */
function yamlFiles(...dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.ya?ml$/.test(name)) out.push(path);
    }
  };
  for (const d of dirs) walk(join(root, d));
  return out;
}

describe('readPlainYaml', () => {
  it('reads every bundled profile and example profile, as yaml does', async () => {
    const profiles = [...yamlFiles('profiles'), join(root, 'examples/capplan.yaml'), ...yamlFiles('examples/observe')];
    const read = profiles.filter((f) => expectSameAsYaml(readFileSync(f, 'utf8')));
    expect(read).toEqual(profiles);
    for (const [name, text] of await profileTexts({ components: 300, phases: 3, seeds: [1, 2] })) expect(expectSameAsYaml(text), name).toBe(true);
  });

  it('reads the YAML of test fixtures and fuzz regressions as yaml does, or gives up', () => {
    const files = yamlFiles('test', 'examples');
    const read = files.filter((f) => expectSameAsYaml(readFileSync(f, 'utf8')));
    const gaveUp = files.filter((f) => !read.includes(f)).map((f) => f.slice(root.length));
    // Aliases, a parser-stack case, a workflow's block scalars, multi-document manifests.
    expect(gaveUp.filter((f) => !f.startsWith('test/golden/manifests/litper-k8s/')).sort()).toEqual([
      'examples/github-actions/capplan.yml',
      'test/fuzz/regressions/profile-many-aliases/files/profile.yaml',
      'test/fuzz/regressions/profile-recursive-alias/files/profile.yaml',
      'test/fuzz/regressions/validate-yaml-parser-stack/files/profile.yaml',
    ]);
    expect(read.length).toBeGreaterThan(20);
  });

  it.each([
    ['an anchor and alias', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a multi-line quoted scalar', 'a: "one\n  two"\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a merge key', 'a: {x: 1}\nb:\n  <<: {x: 2}\n'],
    ['a forbidden key', 'a:\n  __proto__: 1\n'],
    ['a tab', 'a:\n\tb: 1\n'],
    ['a carriage return', 'a: 1\r\nb: 2\r\n'],
    ['a byte-order mark', '\ufeffa: 1\n'],
    ['odd indentation', 'a:\n  b: 1\n   c: 2\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['two documents', 'a: 1\n---\nb: 2\n'],
    ['a document end', 'a: 1\n...\n'],
    ['a hexadecimal number', 'a: 0x1F\n'],
    ['an octal number', 'a: 0o17\n'],
    ['an infinity', 'a: .inf\n'],
    ['a numeric key', '1: a\n'],
    ['a null key', '~: a\n'],
    ['a key that is a list', '? [a]\n: 1\n'],
    ['a multi-line flow list', 'a: [1,\n  2]\n'],
    ['a trailing comma', 'a: [1, 2,]\n'],
    ['a top-level list', '- a\n'],
    ['a top-level scalar', 'text\n'],
    ['a nested mapping on one line', 'a: b: c\n'],
    ['a comment without a space', 'a: "x"# c\n'],
    ['an unknown escape', 'a: "\\q"\n'],
  ])('gives up on %s', (_name, text) => {
    expect(readPlainYaml(text)).toBeNull();
  });

  it('reads what profiles hold: comments, flow collections, quoting, lists beside their keys', () => {
    const text = [
      '# a profile',
      '---',
      'apiVersion: capplan/v1   # trailing',
      "name: 'it''s'",
      'notes:',
      '- "tab\\tand \\u00e9"',
      '-   plain: text # c',
      '    more: [1, -2.5e3, .5, true, null, ~, "x", \'y\', {a: b:c}]',
      '  # an indented comment',
      'components:',
      '  web:',
      '    empty:',
      '    resources: { cpu: 1, memory: 1Gi }',
      '    list:',
      '      -',
      '      - x',
      '',
    ].join('\n');
    expect(expectSameAsYaml(text)).toBe(true);
    expect(readPlainYaml(text)!.value).toEqual({
      apiVersion: 'capplan/v1', name: "it's",
      notes: ['tab\tand é', { plain: 'text', more: [1, -2500, 0.5, true, null, null, 'x', 'y', { a: 'b:c' }] }],
      components: { web: { empty: null, resources: { cpu: 1, memory: '1Gi' }, list: [null, 'x'] } },
    });
  });
});

// ---- generated documents: in the subset, and mutated out of it ----

type Tree = { kind: 'scalar'; text: string; style: 0 | 1 | 2 } | { kind: 'map'; pairs: [string, number, Tree][]; flow: boolean; step: number } | { kind: 'seq'; items: Tree[]; flow: boolean; step: number };

const tricky = ['a', 'web', 'true', 'False', 'null', '~', 'NULL', '1', '-0', '+12', '007', '1.50', '.5', '5.', '1e3', '-2.5E-3', '0x1F', '0o17', '.inf', '-.Inf', '.nan', '1_000',
  '12345678901234567890', '2Gi', '100ms', '50%', '3/s', 'a b', 'a: b', 'a:b', 'a #b', 'a#b', '#x', '- x', '-x', '-', '?', '? x', ':x', '[x]', '{x}', 'x]', 'x,y', "it's",
  'say "hi"', 'back\\slash', '', ' lead', 'trail ', 'é ü', '日本', '😀', '&a', '*a', '!t', '|', '>', '%', '@', '`', '---', '...', 'yes', 'on', '<<', '__proto__', 'constructor', 'x:', 'a\tb', 'a\nb'];
const safe = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), fc.integer({ min: -1000, max: 100_000 }).map(String), fc.double({ noNaN: true, noDefaultInfinity: true }).map(String), fc.constantFrom('1Gi', '250ms', '99.9%', '2000/s', 'true', 'false', 'null'));
const scalarText = fc.oneof(
  { arbitrary: safe, weight: 16 },
  { arbitrary: fc.constantFrom(...tricky), weight: 2 },
  { arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', ' ', ':', '-', '#', "'", '"', '\\', '[', ']', '{', '}', ',', '.', '0', '1', 'e', 'é'), maxLength: 6 }), weight: 1 },
);
const keyText = fc.oneof({ arbitrary: fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9 _.-]{0,10}$/), weight: 12 }, { arbitrary: safe, weight: 1 }, { arbitrary: fc.constantFrom(...tricky), weight: 1 });
const scalar = fc.record({ kind: fc.constant('scalar' as const), text: scalarText, style: fc.constantFrom(0, 0, 1, 2) as fc.Arbitrary<0 | 1 | 2> });
const decor = fc.nat({ max: 9 });
const { tree } = fc.letrec<{ tree: Tree; map: Tree; seq: Tree }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('seq')),
  map: fc.record({ kind: fc.constant('map' as const), pairs: fc.array(fc.tuple(keyText, decor, tie('tree')), { maxLength: 4 }), flow: fc.boolean(), step: fc.integer({ min: 1, max: 4 }) }),
  seq: fc.record({ kind: fc.constant('seq' as const), items: fc.array(tie('tree'), { maxLength: 4 }), flow: fc.boolean(), step: fc.integer({ min: 0, max: 3 }) }),
}));
const rootMap = fc.record({ kind: fc.constant('map' as const), pairs: fc.array(fc.tuple(keyText, decor, tree), { minLength: 1, maxLength: 5 }), flow: fc.constant(false), step: fc.constant(0) });

/** A scalar written plain, single- or double-quoted. */
function scalarSource(text: string, style: number): string {
  if (style === 1) return `'${text.replace(/'/g, "''")}'`;
  if (style === 2) return JSON.stringify(text);
  return text;
}

/** One line's decoration by `d`: nothing, a comment, trailing spaces, a blank or comment line after. */
function decorate(line: string, d: number): string {
  return [line, `${line} # note`, `${line}   `, `${line}\n`, `${line}\n# aside`, `${line}\n   # deeper aside`][d % 6]!;
}

function flowSource(t: Tree): string {
  if (t.kind === 'scalar') return scalarSource(t.text, t.style);
  if (t.kind === 'seq') return `[${t.items.map(flowSource).join(', ')}]`;
  return `{ ${t.pairs.map(([k, d, v]) => `${scalarSource(k, d % 3 === 0 ? 1 : 0)}: ${flowSource(v)}`).join(', ')} }`;
}

/** Lines of a mapping's or list's block form at `indent` (the first line's indent left to the caller when `inline`). */
function blockLines(t: Tree, indent: number): string[] {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  const value = (v: Tree, head: string, d: number, inMap: boolean) => {
    if (v.kind === 'scalar' || v.flow || (v.kind === 'map' ? v.pairs.length : v.items.length) === 0) out.push(decorate(`${head} ${flowSource(v)}`, d));
    else {
      out.push(decorate(head, d));
      const step = v.kind === 'seq' && inMap ? v.step : Math.max(1, v.step);
      out.push(...blockLines(v, indent + step));
    }
  };
  if (t.kind === 'map') for (const [k, d, v] of t.pairs) value(v, `${pad}${scalarSource(k, d % 3 === 0 ? 1 : 0)}:`, d, true);
  else if (t.kind === 'seq') {
    t.items.forEach((v, i) => {
      if (v.kind === 'map' && !v.flow && v.pairs.length > 0 && i % 2 === 0) {
        // `- key: value` with the mapping's other keys under the first.
        const inner = blockLines(v, indent + 1 + v.step);
        out.push(`${pad}-${' '.repeat(v.step)}${inner[0]!.trimStart()}`, ...inner.slice(1));
      } else value(v, `${pad}-`, i, false);
    });
  }
  return out;
}

function documentText(t: Tree, d: number): string {
  const head = ['', '---\n', '# a profile\n---   # start\n', '\n# lead\n\n'][d % 4]!;
  return `${head}${blockLines(t, 0).join('\n')}${d % 2 === 0 ? '\n' : ''}`;
}

const mutation = fc.record({ at: fc.nat(), remove: fc.nat({ max: 2 }), insert: fc.constantFrom('', ' ', '  ', '\n', ':', ': ', '-', '- ', '#', ' #', "'", '"', '[', ']', '{', '}', ',', '&a ', '*a', '!', '|', '>', '?', '\t', '%', '@', '.', '0', 'a', '---', '\r', '\\') });

const RUNS = Number(process.env.CAPPLAN_PROPERTY_RUNS ?? 1500);

describe('readPlainYaml on generated documents', () => {
  it('reads documents of its subset as yaml does', () => {
    let read = 0;
    let runs = 0;
    fc.assert(fc.property(rootMap, decor, (t, d) => {
      runs++;
      if (expectSameAsYaml(documentText(t, d))) read++;
    }), { numRuns: RUNS });
    if (process.env.SHOW) console.log({ read, runs });
    // The generator's documents are mostly in the subset (its tricky scalars take the rest out), so this is not vacuous.
    expect(read / runs).toBeGreaterThan(0.3);
  });

  it('gives up, or reads as yaml does, on documents mutated near the subset', () => {
    fc.assert(fc.property(rootMap, decor, fc.array(mutation, { minLength: 1, maxLength: 3 }), (t, d, mutations) => {
      let text = documentText(t, d);
      for (const m of mutations) {
        const at = m.at % (text.length + 1);
        text = text.slice(0, at) + m.insert + text.slice(at + m.remove);
      }
      expectSameAsYaml(text);
    }), { numRuns: 2 * RUNS });
  });
});

/** The most items or keys of any list or mapping in a value (the value itself included), by a walk. */
function largestByWalk(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Object.values(value);
  return Math.max(children.length, ...children.map(largestByWalk));
}

describe('largestCollection', () => {
  // checkInputLimits skips its walk for long lists when this is within the limit: an undercount would let one through.
  it('is the most items or keys of any list or mapping in what readPlainYaml read', async () => {
    fc.assert(fc.property(rootMap, decor, (t, d) => {
      const read = readPlainYaml(documentText(t, d));
      if (read) expect(largestCollection(read.value)).toBe(largestByWalk(read.value));
    }), { numRuns: RUNS });
    const texts = [...yamlFiles('profiles').map((f) => readFileSync(f, 'utf8')), ...(await profileTexts({ components: 30, phases: 3, seeds: [1] })).map(([, text]) => text)];
    for (const text of texts) {
      const read = readPlainYaml(text)!;
      expect(largestCollection(read.value)).toBe(largestByWalk(read.value));
    }
    expect(largestCollection(readPlainYaml('a: [1, 2, 3]\nb:\n  - { x: 1 }\n  - 2\n')!.value)).toBe(3);
    expect(largestCollection(readPlainYaml('a:\n  - 1\n  - 2\n  - 3\n  - 4\nb: { x: 1, y: 2, z: 3, w: 4, v: 5 }\n')!.value)).toBe(5);
  });

  it('is undefined for data the reader did not make, so that its limits are walked', () => {
    const read = readPlainYaml('a: [1, 2]\n')!;
    expect(largestCollection({ ...read.value })).toBeUndefined();
    expect(largestCollection(read.value.a)).toBeUndefined();
    expect(largestCollection(null)).toBeUndefined();
  });
});
