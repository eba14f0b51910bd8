/**
 * SolveOptions.figuresOnly (capplan's Monte Carlo) leaves texts out, nothing else: with the
 * findings, the end-to-end latency's explanation, the constraints' formulas and worked
 * substitutions and a database's model lines and capacity derivation set aside, the plan equals a full one, figure for figure (violations included),
 * on every bundled profile, seeded synthetic ones and a profile with a latency budget that binds.
 * So does the request graph reused across plans (SolveOptions.graphs).
 */
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve, type SolveOptions } from '../../src/plan/solve.js';
import type { Plan } from '../../src/plan/types.js';
import { profileTexts } from '../support/profiles.js';

const BUDGETS = `apiVersion: capplan/v1
name: budgets
workload: { rps: 900/s, peakFactor: 2 }
targets: { zones: 3, availability: 99.9%, latencyP95: 400ms }
components:
  api: { kind: service, serviceTime: 30ms, workers: 4, latencyP95: 60ms, calls: [db, slow] }
  slow: { kind: service, serviceTime: 200ms, workers: 2, latencyP95: 150ms, replicas: { max: 40 } }
  db: { kind: database, capacity: 3000/s, readsPerRequest: 2, writesPerRequest: 0.2 }
`;

/** The keys of the texts figuresOnly may leave empty: findings, explanations, worked substitutions, model lines. */
const TEXTS = new Set(['findings', 'latencyModel', 'formula', 'substituted', 'model', 'capacityDerivation']);

/** The plan with its texts set aside (what figuresOnly may leave empty). */
function figures(plan: Plan): unknown {
  return JSON.parse(
    JSON.stringify(plan, (key, value: unknown) => (TEXTS.has(key) ? undefined : value)),
  );
}

describe('solve with figuresOnly', () => {
  it("gives a full plan's figures, counts and violations", async () => {
    let blanked = 0;
    for (const [name, text] of [...(await profileTexts({ components: 80, phases: 2, seeds: [1, 2] })), ['budgets', BUDGETS] as [string, string]]) {
      const { profile } = await loadProfileText(text, `${name}.yaml`);
      const full = solve(profile, { shareTexts: false });
      const graphs: SolveOptions['graphs'] = new WeakMap();
      // Twice with the same graphs: the second plan reuses the first's request graphs.
      for (let i = 0; i < 2; i++) {
        const brief = solve(profile, { shareTexts: false, figuresOnly: true, graphs });
        expect(figures(brief), name).toEqual(figures(full));
        blanked += brief.phases.filter((p) => p.findings.length === 0 && p.system.latencyModel.length === 0).length;
      }
    }
    expect(blanked).toBeGreaterThan(0);
  });
});
