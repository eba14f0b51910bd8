/** YAML writing: strings that YAML 1.1 or 1.2 would read as something else are quoted, and output round-trips. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { phaseContext } from '../../src/emit/context.js';
import { componentObjects } from '../../src/emit/k8s.js';
import { needsQuotes, readsBackDifferently, stringifyByDocument, stringifyYaml, stringifyYamlStream, writeDocument } from '../../src/emit/yaml-out.js';
import { BUNDLED, emitOptions, planned, yamlDocuments } from './helpers.js';

// The pitfalls named in PLATFORM.md, and their relatives.
const AMBIGUOUS = ['yes', 'no', 'Yes', 'NO', 'on', 'off', 'y', 'n', 'true', 'False', '~', 'null', '', '22:22', '1:30', '1_000', '0o17', '017', '0x1F', '1e3', '.inf', '-.Inf', '.nan', '8080', '0.5', '+1', '2024-01-01', '<<', '=', 'a: b', '- x', '#x', ' padded', 'trailing '];
const PLAIN = ['api', 'nvidia.com/gpu', '250m', '512Mi', '25%', 'http', 'postgres:17', '8080:8080', 'max_connections=200', '/var/lib/postgresql/data', 'RollingUpdate', 'allkeys-lru', '${POSTGRES_PASSWORD:?set it}'];

describe('needsQuotes', () => {
  it.each(AMBIGUOUS)('quotes %j', (s) => expect(needsQuotes(s)).toBe(true));
  it.each(PLAIN)('leaves %j plain', (s) => expect(needsQuotes(s)).toBe(false));
});

describe('stringifyYaml', () => {
  const value = {
    z: AMBIGUOUS,
    a: Object.fromEntries(PLAIN.map((s, i) => [`k${i}`, s])),
    keys: { yes: 1, on: 2, '22:22': 3, 'app.kubernetes.io/name': 'x' },
    numbers: [0, 1, 0.7, 65535, 6_400_000_000],
    shared: { same: 'object' },
    nested: { again: { same: 'object' } },
    multi: 'line one\nline two\n',
  };
  const text = stringifyYaml(value);

  it('reads back as the same data under YAML 1.1 and 1.2', () => {
    expect(parse(text, { version: '1.1' })).toEqual(value);
    expect(parse(text, { version: '1.2' })).toEqual(value);
  });

  it('sorts keys, writes no anchors and does not fold long lines', () => {
    expect(text.indexOf('a:')).toBeLessThan(text.indexOf('z:'));
    expect(text).not.toMatch(/[&*]a\d/);
    const long = 'x'.repeat(300) + ' ' + 'y'.repeat(300);
    expect(stringifyYaml({ long })).toBe(`long: ${long}\n`);
  });

  it('quotes the YAML 1.1 booleans and sexagesimals Compose readers trip on', () => {
    expect(stringifyYaml({ v: ['yes', '22:22', '1_000', 'on'] })).toBe('v:\n  - "yes"\n  - "22:22"\n  - "1_000"\n  - "on"\n');
  });

  it('writes a stream of documents after comment lines', () => {
    const stream = stringifyYamlStream([{ a: 1 }, { b: 'no' }], ['generated', 'second\nline']);
    expect(stream).toBe('# generated\n# second line\n---\na: 1\n---\nb: "no"\n');
    expect(yamlDocuments(stream, '1.1')).toEqual([{ a: 1 }, { b: 'no' }]);
  });
});

describe('the direct writer', () => {
  const word = fc.constantFrom('api', 'yes', 'no', 'on', 'Off', 'NULL', '~', '22:22', '1_000', '0o17', '1e3', '.inf', '8080', '0.5', '2024-01-01', '<<', '=', 'a: b', '- x', '#x', ' padded', 'trailing ', '---', '--- x', '...', "it's", 'say "hi"', 'tab\there', 'é', '数据', 'x'.repeat(90), '', 'app.kubernetes.io/name', '_x', 'a.b-c/d');
  const text = fc.oneof(word, fc.string({ maxLength: 10 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.array(word, { maxLength: 3 }).map((ws) => ws.join('\n')));
  const key = fc.oneof(fc.constantFrom('a', 'b', 'name', 'app.kubernetes.io/part-of', 'z-1', '_k', 'yes', 'true', '1', 'a b', 'x:y', ''), fc.string({ maxLength: 5 }));
  const scalar = fc.oneof(text, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const data = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('seq')),
    map: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    seq: fc.array(tie('value'), { maxLength: 4 }),
  }));

  it('writes what yaml\'s Document writes, byte for byte, or leaves the document to it', () => {
    fc.assert(
      fc.property(data.map, (value) => {
        const direct = writeDocument(value);
        if (direct !== null) expect(direct).toBe(stringifyByDocument(value));
        expect(stringifyYaml(value)).toBe(stringifyByDocument(value));
      }),
      { numRuns: 2000 },
    );
  });

  /** Whether a value holds a multi-line string (a script): the direct writer leaves those to yaml's Document. */
  const multiline = (v: unknown): boolean =>
    typeof v === 'string' ? v.includes('\n') : Array.isArray(v) ? v.some(multiline) : v !== null && typeof v === 'object' ? Object.values(v).some(multiline) : false;

  it('writes every manifest of the bundled profiles itself, but those with a multi-line script', async () => {
    for (const file of BUNDLED) {
      const { profile, plan } = await planned(file);
      for (const phase of plan.phases) {
        for (const c of phase.components) {
          const emitted = componentObjects({ ctx: phaseContext(plan, emitOptions(profile, phase.name)), namespace: 'prod', alerts: false }, c);
          for (const object of emitted?.objects ?? []) {
            const direct = writeDocument(object);
            if (multiline(object)) {
              expect(direct, `${file} ${c.name}`).toBeNull();
              expect(stringifyYaml(object)).toBe(stringifyByDocument(object));
              continue;
            }
            expect(direct, `${file} ${c.name}`).not.toBeNull();
            expect(direct).toBe(stringifyByDocument(object));
          }
        }
      }
    }
  });
});

describe('needsQuotes without a parse', () => {
  it('answers as the parse does for plain words and the YAML 1.1 words', () => {
    const chars = fc.constantFrom(...'aAyYnNoOtTfFeEbxX_019.-/:@+ #'.split(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: chars, minLength: 1, maxLength: 6 }), fc.constantFrom('y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'NO', 'true', 'TRUE', 'False', 'on', 'ON', 'Off', 'null', 'Null', 'NULL', 'nan', 'inf', 'e5', 'E-3', 'e5x', '_1', 'x_1', 'a.b', 'o17', '250m', '1.5Gi', '0x1f', '0o17', '1e5', '1_000', '12:30', 'a:b', 'a:', 'img:1.2', 'x@sha256:ab', '1Gi', '10.0.0.1', '2024-01-01')), (s) => {
        expect(needsQuotes(s), s).toBe(readsBackDifferently(s));
      }),
      { numRuns: 3000 },
    );
  });
});
