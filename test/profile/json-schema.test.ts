import { readFile } from 'node:fs/promises';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { INPUT_KINDS_PATH, inputKindsByKey, profileJsonSchema, renderInputKinds, renderProfileReference, renderProfileJsonSchema, SCHEMA_PATH } from '../../src/profile/json-schema.js';
import { renderInputRules } from '../../src/profile/reference-doc.js';
import { bundledProfiles } from '../support/profiles.js';

const root = new URL('../../', import.meta.url);

describe('the committed JSON Schema', () => {
  it('matches the zod schema (run `npm run schema` after changing the schema)', async () => {
    expect(await readFile(new URL(SCHEMA_PATH, root), 'utf8')).toBe(renderProfileJsonSchema());
  });
  it('matches the gate\'s key → kind table, src/gate/input-kinds.ts (run `npm run schema`)', async () => {
    expect(await readFile(new URL(INPUT_KINDS_PATH, root), 'utf8')).toBe(renderInputKinds());
    const kinds = inputKindsByKey();
    expect([kinds.serviceTime, kinds.timeout, kinds.memory, kinds.capacity, kinds.link, kinds.cpuUtilization, kinds.workers]).toEqual(['duration', 'duration', 'bytes', 'rate', 'byteRate', 'fraction', 'count']);
    // A name of two kinds (an alert's `above`: a duration or a fraction) is left out.
    expect(Object.hasOwn(kinds, 'above')).toBe(false);
  });
  it('matches the field reference in docs/profile-reference.md', async () => {
    const readme = await readFile(new URL('docs/profile-reference.md', root), 'utf8');
    const inner = readme.split('<!-- profile-reference:start -->\n')[1]!.split('<!-- profile-reference:end -->')[0];
    expect(inner).toBe(renderProfileReference());
  });
  it('matches the limits, magnitudes, plausibility rules and variables in docs/profile-reference.md', async () => {
    const doc = await readFile(new URL('docs/profile-reference.md', root), 'utf8');
    const inner = doc.split('<!-- input-rules:start -->\n')[1]!.split('<!-- input-rules:end -->')[0];
    expect(inner).toBe(renderInputRules());
  });
  it('accepts every bundled profile, as an editor would check it', async () => {
    const ajv = new Ajv2020.default({ strict: false, allErrors: true });
    const validate = ajv.compile(profileJsonSchema());
    for (const file of await bundledProfiles()) {
      const data = parse(await readFile(file, 'utf8'), { merge: true });
      expect(validate(data), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
  it('rejects a misspelt key as an editor would flag it', () => {
    const ajv = new Ajv2020.default({ strict: false });
    const validate = ajv.compile(profileJsonSchema());
    expect(validate({ apiVersion: 'capplan/v1', name: 'x', workload: { rps: 1 }, components: { a: { kind: 'service', capacty: 1 } } })).toBe(false);
  });
  it('flags a bare duration or size as an editor would, but not a bare rps or a bare 0', () => {
    const ajv = new Ajv2020.default({ strict: false });
    const validate = ajv.compile(profileJsonSchema());
    const withApi = (api: Record<string, unknown>) => ({ apiVersion: 'capplan/v1', name: 'x', workload: { rps: 800 }, components: { api: { kind: 'service', ...api } } });
    expect(validate(withApi({ serviceTime: 20 }))).toBe(false);
    expect(validate(withApi({ serviceTime: '20ms', resources: { memory: 512 } }))).toBe(false);
    expect(validate(withApi({ serviceTime: '20ms' }))).toBe(true);
    expect(validate({ ...withApi({ capacity: '100/s' }), components: { n: { kind: 'network', bytesPerRequest: '5KB', rtt: 0 } } })).toBe(true);
    expect(validate({ ...withApi({ capacity: '100/s' }), components: { n: { kind: 'network', bytesPerRequest: 5000 } } })).toBe(false);
  });
});

describe('the profile reference', () => {
  const ref = renderProfileReference();
  it('covers the nested keys: classes[], resources, replicas, shards, deploy, capacity.usl and fit', () => {
    for (const heading of ['`classes[]`', '`resources`', '`replicas`', '`shards`', '`deploy`', '`deploy.limits`', '`capacity`', '`capacity.usl`']) {
      expect(ref).toMatch(new RegExp(`^#{4,5} ${heading.replace(/[[\].]/g, '\\$&')}$`, 'm'));
    }
    expect(ref).toMatch(/^\| `fit` \| string \|/m);
    expect(ref).toMatch(/^\| `timeout` \| duration or range \|/m);
  });
  it('documents the keys components share once, then what each kind adds', () => {
    // Nested mappings (#### operations[], classes[], ...) have keys of their own with the same names.
    const ownTables = ref.split(/^(?=#{3,} )/m).filter((section) => !section.startsWith('####')).join('');
    for (const key of ['serviceTime', 'workers', 'resources', 'deploy', 'perRequest', 'async']) {
      expect(ownTables.match(new RegExp(`^\\| \`${key}\` \\|`, 'gm')), key).toHaveLength(1);
    }
    expect(ref).toMatch(/### `kind: adapter`[\s\S]*It takes all the component keys; presets: `telegram`, `whatsapp-cloud`\.[\s\S]*\| `rateLimit` \|/);
    expect(ref).toMatch(/### `kind: cache`[\s\S]*It takes the component keys except `perRequest`, `replicas`/);
  });
});

