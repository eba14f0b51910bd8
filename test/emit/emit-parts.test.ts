/**
 * `emit` plans the phase it writes without the explanations (SolveOptions.explanations: the
 * worked substitutions, model lines, capacity derivations and the latency model), which no
 * manifest carries: the Kubernetes and Compose files and Compose's warnings are the same as from
 * a full plan, on every bundled profile and seeded synthetic ones, for every phase.
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { emitCompose, composeWarningsOf } from '../../src/emit/compose.js';
import type { EmitOptions, EmitPlan } from '../../src/emit/context.js';
import { emitK8s } from '../../src/emit/k8s.js';
import { afterOf, planPhase } from '../../src/explore/scale.js';
import { alertRules } from '../../src/profile/alerts.js';
import { phaseCounts } from '../../src/plan/solve.js';
import { profileTexts } from '../support/profiles.js';

describe('emit without the explanations', () => {
  it("writes a full plan's manifests", async () => {
    let compared = 0;
    for (const [name, text] of await profileTexts({ components: 30, phases: 2, seeds: [5, 6] })) {
      const { profile } = await loadProfileText(text, `${name}.yaml`);
      profile.phases.forEach((phase, first) => {
        const planOf = (explanations: boolean): EmitPlan => ({
          profile: profile.name,
          alerts: alertRules(profile.input.alerts),
          phases: profile.phases.map((p, i) => (i === first ? planPhase(profile, p, { explanations }, afterOf(profile, i)) : phaseCounts(p))),
        });
        const full = planOf(true);
        const lean = planOf(false);
        const opts: EmitOptions = { phase: phase.name, targets: { zones: phase.targets.zones, memoryUtilization: phase.targets.memoryUtilization } };
        const k8s = { ...opts, namespace: null, alerts: true };
        expect([...emitK8s(lean, k8s)], `${name} ${phase.name}`).toEqual([...emitK8s(full, k8s)]);
        expect([...emitCompose(lean, opts)], `${name} ${phase.name}`).toEqual([...emitCompose(full, opts)]);
        expect(composeWarningsOf(lean, opts)).toEqual(composeWarningsOf(full, opts));
        compared++;
      });
    }
    expect(compared).toBeGreaterThan(8);
  }, 120_000);
});
