/**
 * `emit` plans only the phase it emits in full; of the other phases it reads the counts of
 * phaseCounts (src/plan/solve.ts, a replicas-only sizing at the peak): the autoscaler's ceiling
 * and the plausibility check. Those counts must be solve's, phase by phase (regions included):
 * checked on every bundled profile and seeded synthetic ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { phaseCounts, solve } from '../../src/plan/solve.js';

async function profiles(): Promise<[string, string][]> {
  const dir = new URL('../../profiles/', import.meta.url);
  const bundled = readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f): [string, string] => [f, readFileSync(new URL(f, dir), 'utf8')]);
  const { syntheticProfile } = (await import('../../scripts/synthetic-profile.mjs' as string)) as { syntheticProfile: (o: { components: number; phases: number; seed: number }) => string };
  return [...bundled, ...[1, 2].map((seed): [string, string] => [`synthetic seed ${seed}`, syntheticProfile({ components: 150, phases: 3, seed })])];
}

describe('phaseCounts', () => {
  it("gives every phase's components solve's counts and unit labels", async () => {
    let regional = 0;
    for (const [name, text] of await profiles()) {
      const { profile } = await loadProfileText(text, `${name}.yaml`);
      const plan = solve(profile);
      profile.phases.forEach((phase, i) => {
        if (phase.regions) regional++;
        const full = plan.phases[i]!;
        expect(phaseCounts(phase), `${name} / ${phase.name}`).toEqual({ name: full.name, components: full.components.map((c) => ({ name: c.name, replicas: c.replicas, unitLabel: c.unitLabel })) });
      });
    }
    // The bundled profiles include a phase in several regions (sized for one region's share).
    expect(regional).toBeGreaterThan(0);
  });
});
