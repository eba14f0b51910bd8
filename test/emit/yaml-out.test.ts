/** YAML writing: strings that YAML 1.1 or 1.2 would read as something else are quoted, and output round-trips. */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { needsQuotes, stringifyYaml, stringifyYamlStream } from '../../src/emit/yaml-out.js';
import { yamlDocuments } from './helpers.js';

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
