/**
 * `capplan diff` of a profile compares its live plan, as `check` does: the figures in full, not
 * read back from a baseline's six digits (a component's $161.195… then printed $161.19 in diff and
 * $161.20 in check, and the Δ cost moved by a cent between them).
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readComparable } from '../../src/cli/commands/diff.js';
import { GATE_PARTS, planProfileFile } from '../../src/cli/plan-pipeline.js';
import { profileInputs } from '../../src/gate/inputs.js';
import { summarisePlan } from '../../src/gate/summary.js';

describe('a profile side of diff', () => {
  it('is the summary check compares: every figure the live plan’s, to the last digit', async () => {
    const file = fileURLToPath(new URL('../../examples/capplan.yaml', import.meta.url));
    const side = await readComparable(file);
    const { profile, plan } = await planProfileFile(file, {}, undefined, undefined, GATE_PARTS);
    const live = summarisePlan(plan, profileInputs(profile));
    expect(side.summary).toEqual(live);
    // Not rounded to six significant digits: some component cost has more.
    const costs = side.summary.phases.flatMap((p) => p.components.map((c) => c.monthly)).filter((x): x is number => x !== null);
    expect(costs.some((x) => Number(x.toPrecision(6)) !== x)).toBe(true);
  });
});
