// A phase that only changes some base components derives just those (phaseComponentsDelta in
// src/profile/phase-components.ts). The oracle is the long way, which validation takes whenever a
// phase's reader differs from the base's: a reader made afresh for every scope (reading the same
// quantities) sends every phase the long way, the usual one-for-all reader the short way where it
// applies. Both must give the same profile, warnings and diagnostics.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateProfile, type ScopedReader } from '../../src/profile/load.js';
import { readSourceDocument } from '../../src/profile/source.js';
import { readQuantity } from '../../src/units/quantity.js';

const oneForAll: ScopedReader = () => readQuantity;
const perScope: ScopedReader = () => (value, kind) => readQuantity(value, kind);

const BASE_NAMES = ['api', 'db', 'cache', 'queue'];

/** A base component: plain, preset, a few invalid. */
const component = fc.oneof(
  fc.record({ kind: fc.constant('service'), serviceTime: fc.constantFrom('20ms', '5ms', '0.2s', '20ms', '5ms', '0.2s', '20ms', '5ms', 'fast', -3), workers: fc.constantFrom(1, 4) }),
  fc.record({ kind: fc.constant('service'), capacity: fc.constantFrom('900/s', '40/s'), utilization: fc.constantFrom(0.7, 0.99) }),
  fc.record({ preset: fc.constantFrom('redis', 'redis', 'redis', 'redis', 'redis', 'redsi'), opsPerRequest: fc.constantFrom(0.5, 2), dataset: fc.constantFrom('512MB', '2GB'), nodeMemory: fc.constantFrom('4GB', '8GB') }),
  fc.record({ preset: fc.constant('postgres'), readsPerRequest: fc.constantFrom(1, 3), capacity: fc.constantFrom('500/s', '5000/s') }),
  // null deletes a preset's key, in the base and so in every phase (the preset's capacity would
  // disagree with serviceTime).
  fc.record({ preset: fc.constant('redis'), nodeMemory: fc.constant('4GB'), capacity: fc.constant(null), serviceTime: fc.constant('1ms'), evictionPolicy: fc.constantFrom(null, 'noeviction') }),
  fc.record({ preset: fc.constant('postgres'), readsPerRequest: fc.constant(1), maxConnections: fc.constantFrom(null, 200) }),
);

/** A phase's override of one component: a change, a deletion, an invalid value, a preset change. */
const override = fc.oneof(
  fc.record({ serviceTime: fc.constantFrom('30ms', '1ms', '30ms', '1ms', 'slow') }),
  fc.record({ capacity: fc.constantFrom('300/s', '3000/s') }),
  fc.record({ opsPerRequest: fc.constantFrom(null, 3) }),
  fc.record({ maxConnections: fc.constantFrom(null, 50) }),
  fc.record({ preset: fc.constantFrom(null, 'postgres', 'redis', null, 'postgres', 'redis', 'postgress') }),
  fc.record({ kind: fc.constantFrom('service', 'worker'), serviceTime: fc.constant('7ms') }),
  fc.constantFrom(null, 'x', {}),
  fc.record({ serviceTime: fc.constantFrom('30ms', '1ms') }),
  fc.record({ capacity: fc.constantFrom('300/s', '3000/s') }),
);

const phase = fc.record(
  {
    name: fc.constantFrom('p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'now'),
    scale: fc.constantFrom(1, 1.5, 3),
    components: fc.dictionary(fc.constantFrom(...BASE_NAMES, 'added'), override, { maxKeys: 3 }),
    targets: fc.constantFrom({ zones: 2 }, { zones: 3 }, { cpuUtilization: '60%' }, { latencyP95: '2s' }, { zones: 0 }),
    workload: fc.constantFrom({ rps: '500/s' }, { rps: '50/s' }, { rps: '900/s' }, { peakFactor: 2 }, { rps: 'lots' }),
  },
  { requiredKeys: ['name', 'scale'] },
);

const profile = fc.record({
  components: fc.uniqueArray(fc.constantFrom(...BASE_NAMES), { minLength: 1, maxLength: 4 }).chain((names) => fc.tuple(...names.map((n) => component.map((c) => [n, c] as const)))),
  phases: fc.array(phase, { maxLength: 3 }),
});

describe('phase components derived alone', () => {
  it('validate as the whole merged phase does', () => {
    fc.assert(
      fc.property(profile, ({ components, phases }) => {
        const data = { apiVersion: 'capplan/v1', name: 'delta', workload: { rps: '100/s' }, components: Object.fromEntries(components), phases };
        const parsed = readSourceDocument(JSON.stringify(data, null, 1), 'delta.yaml');
        if (!('doc' in parsed)) throw new Error('the generated profile does not parse');
        expect(validateProfile(parsed.doc, oneForAll)).toEqual(validateProfile(parsed.doc, perScope));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves the components a phase does not name as the base validated them', () => {
    const text = [
      'apiVersion: capplan/v1',
      'name: delta',
      'workload: { rps: 100/s }',
      'components:',
      '  api: { kind: service, serviceTime: 20ms }',
      '  cache: { preset: redis, opsPerRequest: 2 }',
      'phases:',
      '  - name: later',
      '    scale: 2',
      '    components:',
      '      api: { serviceTime: 30ms }',
    ].join('\n');
    const parsed = readSourceDocument(text, 'delta.yaml');
    if (!('doc' in parsed)) throw new Error('does not parse');
    const result = validateProfile(parsed.doc, oneForAll);
    if (!result.ok) throw new Error('does not validate');
    const [now, later] = result.profile.phases;
    expect(later!.components.map((c) => [c.name, c.path])).toEqual([['api', 'components.api'], ['cache', 'components.cache']]);
    expect(later!.components[0]!.settings.serviceTime).toBeCloseTo(0.03, 12);
    expect(now!.components[0]!.settings.serviceTime).toBeCloseTo(0.02, 12);
    expect(later!.components[1]!.settings).toEqual(now!.components[1]!.settings);
  });

  it('keeps a preset key the base deleted with null deleted in every phase', () => {
    // The preset's capacity (100,000/s) would disagree with serviceTime × workers (1,000/s).
    const text = [
      'apiVersion: capplan/v1',
      'name: delta',
      'workload: { rps: 100/s }',
      'components:',
      '  cache: { preset: redis, capacity: null, serviceTime: 1ms, workers: 1, opsPerRequest: 2, nodeMemory: 4GB }',
      'phases:',
      '  - { name: alone, scale: 2 }',
      '  - name: changed',
      '    scale: 3',
      '    components:',
      '      cache: { nodeMemory: 8GB }',
    ].join('\n');
    const parsed = readSourceDocument(text, 'delta.yaml');
    if (!('doc' in parsed)) throw new Error('does not parse');
    for (const read of [oneForAll, perScope]) {
      const result = validateProfile(parsed.doc, read);
      expect(result.ok ? [] : result.diagnostics.map((d) => d.message)).toEqual([]);
      if (!result.ok) continue;
      const [now, alone, changed] = result.profile.phases.map((p) => p.components[0]!.settings as Record<string, unknown>);
      expect(now!.evictionPolicy).toBe('allkeys-lru');
      expect(alone).toEqual(now);
      expect(changed).toEqual({ ...now, nodeMemory: changed!.nodeMemory });
      expect(changed!.nodeMemory).not.toEqual(now!.nodeMemory);
    }
  });
});
