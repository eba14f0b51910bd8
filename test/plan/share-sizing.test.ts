/**
 * Components with equal sizing inputs share one sizing, relabelled (src/plan/share-sizing.ts).
 * Held to sizing each on its own: every bundled profile, seeded synthetic ones and a profile of
 * every kind, each component with two copies of equal settings (distinct objects) under other
 * names and paths, planned both ways, must give equal plans.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import type { Profile, ResolvedPhase } from '../../src/profile/load.js';
import { relabeller, sameModel, SettingsNumbering } from '../../src/plan/share-sizing.js';
import { solve } from '../../src/plan/solve.js';
import type { SizedComponent } from '../../src/plan/types.js';
import { sizingProfiles } from '../support/sizing-profiles.js';

/** The phase with two copies of each component (same settings by value, other names and paths). */
function withCopies(phase: ResolvedPhase): ResolvedPhase {
  const copies = phase.components.flatMap((c) =>
    ['copy1', 'copy2'].map((suffix) => ({ ...c, name: `${c.name}-${suffix}`, path: `${c.path}-${suffix}`, settings: structuredClone(c.settings) })),
  );
  return { ...phase, components: [...phase.components, ...copies] };
}

describe('sharing a sizing between components with equal sizing inputs', () => {
  it('plans every profile, with copies of its components, as sizing each on its own does', async () => {
    let shared = 0;
    let relabelled = 0;
    for (const [name, text] of await sizingProfiles()) {
      const { profile } = await loadProfileText(text, `${name}.yaml`);
      const copied: Profile = { ...profile, phases: profile.phases.map(withCopies) };
      const plan = solve(copied);
      expect(plan, name).toEqual(solve(copied, { shareSizing: false }));
      for (const phase of plan.phases) {
        const byName = new Map(phase.components.map((c) => [c.name, c]));
        for (const c of phase.components) {
          const copy = byName.get(`${c.name}-copy2`);
          // Shared: the second copy's constraints are the first copy's own array.
          if (copy === undefined || copy.constraints !== byName.get(`${c.name}-copy1`)!.constraints) continue;
          shared++;
          if (copy.violations.length > 0) relabelled++;
        }
      }
    }
    // Not vacuous: most copies shared, some with violations to relabel.
    expect(shared).toBeGreaterThan(200);
    expect(relabelled).toBeGreaterThan(0);
  }, 120_000);

  it('numbers settings equal value for value alike, telling apart what String and JSON would merge', () => {
    const numbering = new SettingsNumbering();
    const same = (x: object, y: object) => numbering.idOf(x) === numbering.idOf(y);
    expect(same({ a: 1, b: { c: [1, 'x'] } }, { a: 1, b: { c: [1, 'x'] } })).toBe(true);
    expect(same({ a: 1 }, { a: '1' })).toBe(false);
    expect(same({ a: 0 }, { a: -0 })).toBe(false);
    expect(same({ a: undefined }, {})).toBe(false);
    expect(same({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(same({ a: [1, 2] }, { a: ['1;2'] })).toBe(false);
    expect(same({ a: 'x;' }, { a: ['x'] })).toBe(false);
    expect(numbering.idOf({ a: new Date(0) })).toBeNull();
  });

  it('compares call contexts number for number and text for text', () => {
    const m = (derivedVisits: number | null, loadFactor: number, held: { meanS: number; varianceS2: number; parts: string[] } | null) => ({ derivedVisits, loadFactor, held });
    expect(sameModel(m(2, 1, null), m(2, 1, null))).toBe(true);
    expect(sameModel(m(2, 1, null), m(null, 1, null))).toBe(false);
    expect(sameModel(m(0, 1, null), m(-0, 1, null))).toBe(false);
    expect(sameModel(m(1, 1, null), m(1, 1.5, null))).toBe(false);
    expect(sameModel(m(1, 1, { meanS: 1, varianceS2: 0, parts: ['x'] }), m(1, 1, { meanS: 1, varianceS2: 0, parts: ['x'] }))).toBe(true);
    expect(sameModel(m(1, 1, { meanS: 1, varianceS2: 0, parts: ['x'] }), m(1, 1, { meanS: 1, varianceS2: 0, parts: ['y'] }))).toBe(false);
    expect(sameModel(m(1, 1, null), m(1, 1, { meanS: 1, varianceS2: 0, parts: [] }))).toBe(false);
    expect(sameModel(undefined, undefined)).toBe(true);
    expect(sameModel(undefined, m(1, 1, null))).toBe(false);
  });

  it('relabels the name, the path and the violations that name the component', () => {
    const first = {
      name: 'a',
      path: 'components.a',
      violations: [
        { component: 'a', kind: 'maxReplicas', message: 'm', remedy: 'r', path: 'components.a.replicas' },
        { component: 'a', kind: 'unstable', message: 'm', remedy: 'r', path: 'components.a' },
        { component: null, kind: 'latency', message: 'm', remedy: 'r', path: 'targets.latencyP95' },
        { component: 'a', kind: 'capacity', message: 'm', remedy: 'r', path: 'components.ab' },
      ],
      notes: ['n'],
    } as unknown as SizedComponent;
    const out = relabeller(first)('b', 'phases[1].components.b');
    expect(out.name).toBe('b');
    expect(out.path).toBe('phases[1].components.b');
    expect(out.violations.map((v) => [v.component, v.path])).toEqual([
      ['b', 'phases[1].components.b.replicas'],
      ['b', 'phases[1].components.b'],
      [null, 'targets.latencyP95'],
      ['b', 'components.ab'],
    ]);
    expect(out.notes).toEqual(['n']);
    expect(out.notes).not.toBe(first.notes);
    expect(first.name).toBe('a');
  });
});
