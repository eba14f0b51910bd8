/**
 * A phase never holds two components of one name once validated (they are a mapping's keys), but
 * solve completes each component's sizing in place, so it must not hand one object to two
 * components: the second of a name gets a copy of its own (solve.ts), and only then is a set of
 * the sizings kept.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import { profileTexts } from '../support/profiles.js';

describe('solve with a name twice in a phase', () => {
  it('gives the second component of a name a plan of its own, equal to the first', async () => {
    const texts = await profileTexts({ components: 12, phases: 1, seeds: [3] });
    const [name, text] = texts[texts.length - 1]!;
    const { profile } = await loadProfileText(text, `${name}.yaml`);
    const phase = profile.phases[0]!;
    const twice = phase.components.find((c) => c.settings.kind === 'service')!;
    const plan = solve({ ...profile, phases: [{ ...phase, components: [...phase.components, twice] }] });
    const plans = plan.phases[0]!.components.filter((c) => c.name === twice.name);
    expect(plans).toHaveLength(2);
    expect(plans[0]).not.toBe(plans[1]);
    expect(JSON.stringify(plans[1])).toBe(JSON.stringify(plans[0]));
    // Distinct names: a plan a component, each its own object.
    const single = solve(profile).phases[0]!.components;
    expect(new Set(single).size).toBe(single.length);
  });
});
