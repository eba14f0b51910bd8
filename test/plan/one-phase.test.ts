/**
 * SolveOptions.phase (`plan --phase`, `simulate --phase`): one phase planned alone is the full
 * plan's phase, byte for byte in its JSON and priced the same, on every bundled profile and on
 * seeded synthetic ones; its notes are some of the full plan's. The CLI's `plan --phase` prints
 * the same JSON it printed when it planned every phase and kept one.
 */
import { describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import { profileTexts } from '../support/profiles.js';

describe('solve with phase', () => {
  it("plans one phase as the full plan plans it", async () => {
    let phases = 0;
    for (const [name, text] of await profileTexts({ components: 60, phases: 3, seeds: [1, 2] })) {
      const { profile } = await loadProfileText(text, `${name}.yaml`);
      const full = solve(profile);
      expect(full.phases.length).toBe(profile.phases.length);
      for (const [i, phase] of full.phases.entries()) {
        const one = solve(profile, { phase: i });
        expect(one.phases.map((p) => p.name)).toEqual([phase.name]);
        expect(JSON.stringify(one.phases[0])).toBe(JSON.stringify(phase));
        expect(one.alerts).toEqual(full.alerts);
        for (const note of one.notes) expect(full.notes).toContain(note);
        phases++;
      }
    }
    expect(phases).toBeGreaterThan(10);
  });

  it('prices the phase as the full plan prices it (planProfileFile with a phase name)', async () => {
    const file = 'profiles/blatam-academy.yaml';
    const all = await planProfileFile(file, {}, null);
    expect(all.plan.phases.length).toBeGreaterThan(2);
    for (const phase of all.plan.phases) {
      const one = await planProfileFile(file, {}, null, phase.name);
      expect(one.plan.phases.length).toBe(1);
      expect(JSON.stringify(one.plan.phases[0])).toBe(JSON.stringify(phase));
    }
    // A name no phase has: every phase is planned (the command then names the phases).
    expect((await planProfileFile(file, {}, null, 'no such phase')).plan.phases.length).toBe(all.plan.phases.length);
  });
});
