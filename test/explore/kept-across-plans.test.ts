/**
 * Runway's months and a resized sweep's points plan the same components again and again at other
 * loads, handing each plan the request graph and the numbering of settings the first one made
 * (keptAcrossPlans, SolveOptions.graphs and .numbering). Each such plan must be the plan made
 * afresh, byte for byte in its JSON: bundled profiles and seeded synthetic ones, loads up and down.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { keptAcrossPlans, phaseAtScale, planPhase } from '../../src/explore/scale.js';
import { profileTexts } from '../support/profiles.js';

describe('plans that keep the graph and the settings numbering', () => {
  it('are the plans made afresh', async () => {
    let plans = 0;
    for (const [name, text] of await profileTexts({ components: 120, phases: 2, seeds: [1, 2] })) {
      const { profile } = await loadProfileText(text, `${name}.yaml`);
      for (const base of profile.phases) {
        const kept = keptAcrossPlans();
        for (const s of [1, 1.6, 0.5, 2.4]) {
          const opts = { explanations: false, offPeak: false } as const;
          const again = planPhase(profile, phaseAtScale(base, s), { ...opts, ...kept });
          const fresh = planPhase(profile, phaseAtScale(base, s), opts);
          expect(JSON.stringify(again), `${name} ${base.name} × ${s}`).toBe(JSON.stringify(fresh));
          plans++;
        }
      }
    }
    expect(plans).toBeGreaterThan(30);
  });
});
