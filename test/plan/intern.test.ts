/** internStrings: a plan's texts shared, its content unchanged. */
import { describe, expect, it } from 'vitest';
import { internStrings } from '../../src/plan/intern.js';
import { buildRequestGraph, callsPerVisit } from '../../src/plan/request-graph.js';

describe('internStrings', () => {
  it('leaves every value as it was (strings in objects and arrays, numbers, nulls, nesting)', () => {
    const piece = (n: number) => `λ = ${n}` + '/s';
    const value = { a: piece(1), list: [piece(1), piece(2), 3, null, { deep: [piece(2), 'x'] }], n: 4, none: null, flag: true };
    const before = JSON.stringify(value);
    const pool = new Map<string, string>();
    expect(internStrings(value, pool)).toBe(value);
    expect(JSON.stringify(value)).toBe(before);
    // One pool entry per distinct text, across calls.
    expect([...pool.keys()].sort()).toEqual(['x', 'λ = 1/s', 'λ = 2/s']);
    internStrings({ again: piece(1) }, pool);
    expect(pool.size).toBe(3);
  });

  it('does not enter objects that are not plain data (a Map is left alone)', () => {
    const m = new Map([['k', 'v']]);
    const pool = new Map<string, string>();
    internStrings({ m }, pool);
    expect(pool.size).toBe(0);
    expect(m.get('k')).toBe('v');
  });
});

describe('callsPerVisit (memoised per graph)', () => {
  it('shares a callee’s visits among its callers in proportion to caller visits × probability, every time asked', () => {
    // a (1 visit) and b (3 visits per request) both call db; db's own 8 visits are shared 1 : 3.
    const settings = (s: Record<string, unknown>) => ({ kind: 'service', perRequest: 1, ...s });
    const phase = {
      components: [
        { name: 'a', settings: settings({ calls: ['db'] }) },
        { name: 'b', settings: settings({ perRequest: 3, calls: ['db'] }) },
        { name: 'db', settings: settings({ perRequest: 8 }) },
      ],
    } as never;
    const graph = buildRequestGraph(phase);
    const [fromA] = graph.edges.get('a')!;
    const [fromB] = graph.edges.get('b')!;
    for (let i = 0; i < 2; i++) {
      expect(callsPerVisit(graph, fromA!)).toBeCloseTo((8 * 1) / 4 / 1, 12);
      expect(callsPerVisit(graph, fromB!)).toBeCloseTo((8 * 3) / 4 / 3, 12);
    }
  });
});
