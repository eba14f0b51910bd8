/**
 * `emit` plans only the phase it emits in full; of the other phases it reads the counts of
 * phaseCounts (src/plan/solve.ts, a replicas-only sizing at the peak): the autoscaler's ceiling
 * (counts and what one unit carries) and the plausibility check. Those counts must be solve's, phase by phase (regions included):
 * checked on every bundled profile and seeded synthetic ones.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { phaseCounts, solve } from '../../src/plan/solve.js';
import { profileTexts } from '../support/profiles.js';

describe('phaseCounts', () => {
  it("gives every phase's components solve's counts, unit labels and capacity per unit", async () => {
    let regional = 0;
    for (const [name, text] of await profileTexts({ components: 150, phases: 3, seeds: [1, 2] })) {
      const { profile } = await loadProfileText(text, `${name}.yaml`);
      const plan = solve(profile);
      profile.phases.forEach((phase, i) => {
        if (phase.regions) regional++;
        const full = plan.phases[i]!;
        expect(phaseCounts(phase), `${name} / ${phase.name}`).toEqual({ name: full.name, components: full.components.map((c) => ({ name: c.name, replicas: c.replicas, unitLabel: c.unitLabel, capacityPerUnit: c.capacityPerUnit })) });
      });
    }
    // The bundled profiles include a phase in several regions (sized for one region's share).
    expect(regional).toBeGreaterThan(0);
  });
});
