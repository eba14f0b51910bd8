/**
 * `check` plans without the replicas at the mean rate and without the explanations
 * (GATE_PARTS, plan-pipeline.ts): what the gate reads of a plan is the same either way. Over the
 * bundled profiles and templates, seeded synthetic ones with phases, priced in the cloud and
 * on-prem: the gate's summary (what --update-baseline writes), its result against no baseline and
 * against a baseline that differs, and the simulate rule's model of every phase are equal to a
 * full plan's.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GATE_PARTS, planProfileFile, type PricingFlags } from '../../src/cli/plan-pipeline.js';
import { evaluateGates } from '../../src/gate/evaluate.js';
import { profileInputs } from '../../src/gate/inputs.js';
import { resolvePolicy } from '../../src/gate/policy.js';
import { summarisePlan, type PlanSummary } from '../../src/gate/summary.js';
import { buildSimModel } from '../../src/simulate/from-plan.js';
import { profileFiles } from '../support/profiles.js';

const FLAGS: PricingFlags[] = [{}, { target: 'onprem' }];

let dir = '';
const files: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capplan-check-parts-'));
  files.push(...(await profileFiles(dir, { components: 40, phases: 3, seeds: [3, 4] })));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A baseline the plan moved away from: every component with one replica more and half the headroom. */
function movedBaseline(summary: PlanSummary): PlanSummary {
  return {
    ...summary,
    phases: summary.phases.map((p) => ({
      ...p,
      components: p.components.map((c) => ({ ...c, replicas: c.replicas + 1, headroom: c.headroom === null ? null : c.headroom / 2 })),
    })),
  };
}

describe('check without the parts it does not read', () => {
  it("gives the gate a full plan's summary, result and simulation models", async () => {
    let compared = 0;
    let left = 0;
    for (const file of files) {
      for (const flags of FLAGS) {
        const full = await planProfileFile(file, flags, null);
        const lean = await planProfileFile(file, flags, null, undefined, GATE_PARTS);
        const inputs = profileInputs(full.profile);
        const policy = resolvePolicy(full.profile.input.gates);
        const summary = summarisePlan(full.plan, inputs);
        expect(summarisePlan(lean.plan, inputs), file).toEqual(summary);
        for (const baseline of [null, summary, movedBaseline(summary)]) {
          expect(evaluateGates(lean.plan, baseline, policy, { inputs }), file).toEqual(evaluateGates(full.plan, baseline, policy, { inputs }));
        }
        lean.plan.phases.forEach((phase, i) => expect(buildSimModel(lean.plan.profile, phase), `${file} ${phase.name}`).toEqual(buildSimModel(full.plan.profile, full.plan.phases[i]!)));
        expect(lean.warnings).toEqual(full.warnings);
        expect(lean.notes).toEqual(full.notes);
        // The lean plan is lean: its latency model is not explained.
        if (full.plan.phases.some((p) => p.system.latencyModel.length > 0) && lean.plan.phases.every((p) => p.system.latencyModel.length === 0)) left++;
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(15);
    expect(left).toBe(compared);
  }, 120_000);
});
