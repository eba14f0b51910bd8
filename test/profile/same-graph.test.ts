/**
 * Validation checks the calls graph and the pools once for phases that share them (sameGraph):
 * a phase that changes only figures is not checked again, one that changes what the checks read
 * (names, order, kind, calls, poolPer) is.
 */
import { describe, expect, it } from 'vitest';
import { checkCalls, sameGraph, type GraphFactsMemo } from '../../src/profile/calls.js';
import { checkPools } from '../../src/profile/pools.js';
import { plainSourceDocument } from '../../src/profile/source.js';

type Settings = Record<string, unknown>;
const phase = (components: Record<string, Settings>) => ({
  name: 'p',
  components: Object.entries(components).map(([name, settings]) => ({ name, settings, path: `components.${name}`, segments: ['components', name] })),
});
const base = {
  api: { kind: 'service', replicas: 2, calls: ['db', { to: 'pg' }, { oneOf: [{ to: 'a', weight: 1 }, { to: 'b', weight: 1 }] }] },
  pg: { kind: 'adapter', poolPer: 'api' },
  db: { kind: 'database' },
  a: { kind: 'service' },
  b: { kind: 'service' },
};

describe('sameGraph', () => {
  const memo: GraphFactsMemo = new WeakMap();
  const check = (p: ReturnType<typeof phase>) => [...checkCalls(p, plainSourceDocument({}, 'x.yaml')), ...checkPools(p, plainSourceDocument({}, 'x.yaml'))];

  it('holds for a phase that changes figures only', () => {
    const other = phase({ ...base, api: { ...base.api, replicas: 9 }, db: { kind: 'database', shards: 4 } });
    expect(sameGraph(phase(base).components, other.components, memo)).toBe(true);
    expect(check(other)).toEqual(check(phase(base)));
  });

  it('fails for a change the checks read, each of which changes their finding', () => {
    const changes: Record<string, Settings>[] = [
      { ...base, api: { ...base.api, calls: ['db', { to: 'pg' }, 'nowhere'] } },
      { ...base, api: { ...base.api, calls: ['db', { to: 'pg' }, { oneOf: [{ to: 'a', weight: 1 }, { to: 'api', weight: 1 }] }] } },
      { ...base, pg: { kind: 'adapter', poolPer: 'db' } },
      { ...base, api: { ...base.api, kind: 'cache' } },
      { ...base, db: { kind: 'database', calls: ['api'] } },
      Object.fromEntries(Object.entries(base).filter(([n]) => n !== 'db')),
    ];
    expect(check(phase(base))).toEqual([]);
    for (const components of changes) {
      expect(sameGraph(phase(base).components, phase(components).components, memo)).toBe(false);
      expect(check(phase(components)).length).toBeGreaterThan(0);
    }
    const reordered = phase(Object.fromEntries(Object.entries(base).reverse()));
    expect(sameGraph(phase(base).components, reordered.components, memo)).toBe(false);
  });
});
