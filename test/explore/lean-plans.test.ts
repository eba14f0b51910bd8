/**
 * runway and `sweep --resize` read the plans they make for their figures: without the
 * explanations (SolveOptions.explanations) their results are a full plan's, on every bundled
 * profile and seeded synthetic ones (the profile's growth where it has one, else doubling yearly).
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { growthCurve } from '../../src/explore/growth.js';
import { planRunway } from '../../src/explore/runway.js';
import { sweepResized } from '../../src/explore/sweep.js';
import { profileTexts } from '../support/profiles.js';

describe('runway and sweep without the explanations', () => {
  it("give a full plan's results", async () => {
    let compared = 0;
    for (const [name, text] of await profileTexts({ components: 25, phases: 1, seeds: [7] })) {
      const { profile } = await loadProfileText(text, `${name}.yaml`);
      const curve = growthCurve(profile.input.workload.growth ?? { fraction: 1, periodMonths: 12 });
      expect(planRunway(profile, 0, curve, { months: 12 }), name).toEqual(planRunway(profile, 0, curve, { months: 12, solve: { explanations: true } }));
      const range = { fromScale: 0.5, toScale: 3, points: 6 };
      expect(sweepResized(profile, profile.phases[0]!, range, 0.95), name).toEqual(sweepResized(profile, profile.phases[0]!, range, 0.95, { explanations: true }));
      compared++;
    }
    expect(compared).toBeGreaterThan(4);
  }, 120_000);
});
