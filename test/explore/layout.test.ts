/** The explore reports fitted to the terminal: 80 and 120 columns, and ASCII where the locale is not UTF-8. */
import { describe, expect, it } from 'vitest';
import { growthCurve } from '../../src/explore/growth.js';
import { runMonteCarlo } from '../../src/explore/monte-carlo.js';
import { renderRunwayText } from '../../src/explore/render-runway.js';
import { renderSweepText } from '../../src/explore/render-sweep.js';
import { renderUncertainText } from '../../src/explore/render-uncertain.js';
import { planRunway } from '../../src/explore/runway.js';
import { sweepFixed } from '../../src/explore/sweep.js';
import type { Layout } from '../../src/render/layout.js';
import { plainPalette } from '../../src/render/palette.js';
import { loadProfileFile } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import { overWidth } from './helpers.js';

const layouts: Layout[] = [
  { width: 80, unicode: true, detail: 'normal' },
  { width: 120, unicode: true, detail: 'normal' },
  { width: 80, unicode: false, detail: 'normal' },
  { width: 60, unicode: true, detail: 'normal' },
];

describe('explore reports in the terminal', () => {
  it('fit every width and fall back to ASCII', async () => {
    const { profile, uncertain } = await loadProfileFile(new URL('../../profiles/litper.yaml', import.meta.url).pathname);
    const plan = solve(profile);
    const sweep = sweepFixed(profile.name, plan.phases[0]!, { fromScale: 0.1, toScale: 11, points: 60 }, 0.95);
    const runway = planRunway(profile, 0, growthCurve(profile.input.workload.growth!), { months: 24 });
    const mc = runMonteCarlo(profile, uncertain, { samples: 50, seed: 1, confidence: 0.9, phase: 0 });
    for (const layout of layouts) {
      const opts = { palette: plainPalette, layout };
      for (const text of [renderSweepText(sweep, opts), renderRunwayText(runway, opts), renderUncertainText(mc, opts)]) {
        expect(overWidth(text, layout.width), `${layout.width} columns`).toEqual([]);
        if (!layout.unicode) expect(text).not.toMatch(/[│┤└┬─▶✓]/);
      }
    }
  });
});
