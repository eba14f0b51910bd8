/** sharePhaseTexts: a phase's texts shared with the previous phase's, its content unchanged; sameGraphInputs: when a phase may reuse the last call graph. */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { phaseTexts, sharePhaseTexts } from '../../src/plan/intern.js';
import { buildRequestGraph, callsPerVisit, sameGraphInputs } from '../../src/plan/request-graph.js';
import { solve } from '../../src/plan/solve.js';

describe('sharePhaseTexts', () => {
  it('leaves every phase of every bundled profile as it was (same JSON with and without sharing)', async () => {
    const dir = new URL('../../profiles/', import.meta.url);
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const { profile } = await loadProfileText(readFileSync(new URL(f, dir), 'utf8'), f);
      const plain = solve(profile, { shareTexts: false });
      const before = JSON.stringify(plain);
      // Shared pairwise along the phases, and a phase beside an unrelated one (names at other places, fewer components).
      plain.phases.forEach((p, i) => sharePhaseTexts(p, i === 0 ? null : plain.phases[i - 1]!));
      expect(JSON.stringify(plain), f).toBe(before);
      // And beside the previous phase's texts alone, as solve keeps it (phaseTexts).
      const again = solve(profile, { shareTexts: false });
      again.phases.forEach((p, i) => sharePhaseTexts(p, i === 0 ? null : phaseTexts(again.phases[i - 1]!)));
      expect(JSON.stringify(again), f).toBe(before);
      expect(JSON.stringify(solve(profile)), f).toBe(before);
    }
  });

  it('pairs components by name at the same place, and copes with a previous phase of another shape', () => {
    const phase = (names: string[], text: (n: string) => string) =>
      ({
        components: names.map((n) => ({ name: n, capacityDerivation: text(n), topology: '2 replicas', queue: null, model: [text(n)], notes: [], constraints: [{ formula: 'n ≥ min', substituted: text(n) }], violations: [] })),
        system: { latencyModel: ['x'], latencyNotes: [] },
        findings: [],
      }) as never;
    const a = phase(['a', 'b'], (n) => `μ of ${n}` + ' = 1');
    const b = phase(['b', 'a', 'c'], (n) => `μ of ${n}` + ' = 1');
    const before = JSON.stringify(b);
    expect(sharePhaseTexts(b, a)).toBe(b);
    expect(JSON.stringify(b)).toBe(before);
  });
});

describe('sameGraphInputs', () => {
  const settings = (s: Record<string, unknown>) => ({ kind: 'service', perRequest: 1, serviceTime: 0.01, ...s });
  const base = { components: [{ name: 'a', settings: settings({ calls: ['db', { to: 'c', probability: 0.5 }] }) }, { name: 'c', settings: settings({}) }, { name: 'db', settings: settings({ perRequest: 8 }) }] };
  const changed = (i: number, s: Record<string, unknown>) => ({ components: base.components.map((c, j) => (j === i ? { ...c, settings: { ...c.settings, ...s } } : c)) }) as never;
  const same = (a: unknown, b: unknown) => sameGraphInputs(a as never, b as never);

  it('holds for the same settings, or settings that differ only outside the graph (a service time)', () => {
    expect(same(base, base)).toBe(true);
    expect(same(base, changed(1, { serviceTime: 0.02, workers: 4 }))).toBe(true);
    // Equal calls written again (a phase's own copy of the list).
    expect(same(base, changed(0, { calls: ['db', { to: 'c', probability: 0.5 }] }))).toBe(true);
  });

  it('fails for other calls, visits, kinds, async or blocking, or other components', () => {
    expect(same(base, changed(0, { calls: ['db', { to: 'c', probability: 0.6 }] }))).toBe(false);
    expect(same(base, changed(2, { perRequest: 9 }))).toBe(false);
    expect(same(base, changed(1, { kind: 'worker' }))).toBe(false);
    expect(same(base, changed(1, { async: true }))).toBe(false);
    expect(same(base, changed(0, { blocking: true }))).toBe(false);
    expect(same(base, { components: [...base.components].reverse() })).toBe(false);
    expect(same(base, { components: base.components.slice(1) })).toBe(false);
  });

  it('when it holds, the graphs built for the two phases are equal (every phase of every bundled profile against the first)', async () => {
    const dir = new URL('../../profiles/', import.meta.url);
    let compared = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.yaml'))) {
      const { profile } = await loadProfileText(readFileSync(new URL(f, dir), 'utf8'), f);
      const first = profile.phases[0]!;
      for (const p of profile.phases.slice(1)) {
        if (!sameGraphInputs(first, p)) continue;
        compared++;
        const [g, h] = [buildRequestGraph(first), buildRequestGraph(p)];
        expect({ ...h, edges: [...h.edges], callers: [...h.callers], async: [...h.async], placement: [...h.placement], visits: [...h.visits], derived: [...h.derived] }, `${f} ${p.name}`).toEqual({ ...g, edges: [...g.edges], callers: [...g.callers], async: [...g.async], placement: [...g.placement], visits: [...g.visits], derived: [...g.derived] });
      }
    }
    expect(compared).toBeGreaterThan(0);
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
