/**
 * The plan JSON written in pieces (planJsonChunks) is the same bytes as the whole document
 * stringified at once, the way capplan wrote it before (a 5,000 × 20 plan's 530 MB of JSON
 * peaked at 3.7 GB as one string); the plan's text comes a phase at a time too.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import type { Plan } from '../../src/plan/types.js';
import { normaliseForJson, planJsonChunks, renderPlanJson } from '../../src/render/json.js';
import { plainPalette } from '../../src/render/palette.js';
import { planTableChunks, renderPlanTable } from '../../src/render/plan-table.js';
import { formatWholeDown, wholeDown } from '../../src/units/format.js';
import { bundledProfiles } from '../support/profiles.js';

/** Sessions a day as the JSON gives them: whole, rounded down (as the text prints them). */
const whole = (n: number | null) => (n === null ? null : wholeDown(n));

/** The former renderPlanJson: the whole document normalised, then stringified in one go. */
function wholeJson(plan: Plan): string {
  const phases = plan.phases.map((p) => {
    const { name, peakRps, meanRps, components, system, bill, violations, ...rest } = p;
    const { maxRps, breakingRps, headroom, bottleneck, maxSessionsPerDay, latencyP95, ...sys } = system;
    const comps = components.map((c) => {
      const { name, kind, demand, demandUnit, replicas, binding, utilization, latencyP95, waitProbability, maxRps, violations, ...more } = c;
      const out = { name, kind, demand, demandUnit, replicas, binding, utilization, latencyP95, waitProbability, maxRps, violations, ...more };
      return { ...out, maxSessionsPerDay: whole(c.maxSessionsPerDay), breakingSessionsPerDay: whole(c.breakingSessionsPerDay) };
    });
    return { name, peakRps, meanRps, components: comps, system: { maxRps, breakingRps, headroom, bottleneck, maxSessionsPerDay: whole(maxSessionsPerDay), latencyP95, ...sys, breakingSessionsPerDay: whole(sys.breakingSessionsPerDay) }, bill, violations, ...rest };
  });
  const doc = { apiVersion: plan.apiVersion, profile: plan.profile, phases, notes: plan.notes, profileNotes: plan.profileNotes, alerts: plan.alerts };
  return `${JSON.stringify(normaliseForJson(doc), null, 2)}\n`;
}

describe('plan JSON in pieces', async () => {
  const files = await bundledProfiles();
  it.each(files.map((f) => [f.replace(/.*profiles\//, ''), f]))('%s: the same bytes, priced and unpriced', async (_name, file) => {
    for (const pricing of [{}, { bill: false }]) {
      const { plan } = await planProfileFile(file, pricing);
      expect(renderPlanJson(plan)).toBe(wholeJson(plan));
    }
  });

  it('gives the most sessions a day whole and rounded down, the figure the text prints (thea-ia: 137,391.55 is 137,391, not 137,392)', async () => {
    const { plan } = await planProfileFile(files.find((f) => f.endsWith('thea-ia.yaml'))!);
    const phases = JSON.parse(renderPlanJson(plan)).phases as { system: { maxSessionsPerDay: number | null }; components: { maxSessionsPerDay: number | null }[] }[];
    let checked = 0;
    plan.phases.forEach((phase, i) => {
      const s = phase.system.maxSessionsPerDay!;
      expect(phases[i]!.system.maxSessionsPerDay).toBe(Number(formatWholeDown(s).replace(/,/g, '')));
      expect(phases[i]!.system.maxSessionsPerDay).toBeLessThanOrEqual(s + 1e-6 * s);
      for (const c of phases[i]!.components) if (c.maxSessionsPerDay !== null) expect(Number.isInteger(c.maxSessionsPerDay)).toBe(true), checked++;
    });
    expect(checked).toBeGreaterThan(0);
    // By hand: 95.4108 req/s × 86,400 s ÷ (20 requests × 3 peak) = 137,391.55 in the first phase.
    expect(phases[0]!.system.maxSessionsPerDay).toBe(137391);
  });

  it('writes empty lists, absent keys, non-finite numbers and nested arrays as JSON.stringify does', async () => {
    const { plan } = await planProfileFile(files[0]!);
    const phase = plan.phases[0]!;
    const odd = {
      ...plan,
      notes: undefined,
      alerts: [],
      phases: [
        { ...phase, components: [], violations: [] },
        { ...phase, bill: undefined, components: phase.components.map((c) => ({ ...c, latencyP95: Infinity, utilization: NaN, calls: [], detail: { nested: [[1, 2], [], { a: undefined, b: -0 }] } })) },
      ],
    } as unknown as Plan;
    expect(renderPlanJson(odd)).toBe(wholeJson(odd));
    expect(renderPlanJson({ ...odd, phases: [] })).toBe(wholeJson({ ...odd, phases: [] }));
    // Pieces, not one string: one per component at least.
    expect([...planJsonChunks(plan)].length).toBeGreaterThan(plan.phases.reduce((n, p) => n + p.components.length, 0));
  });
});

describe('plan text in pieces', () => {
  it('comes a phase at a time, and the pieces are the whole text', async () => {
    const { plan } = await planProfileFile(fileURLToPath(new URL('../../profiles/blatam-academy.yaml', import.meta.url)));
    const opts = { palette: plainPalette, explain: true };
    const pieces = [...planTableChunks(plan, opts)];
    // The title, one piece per phase, and the roadmap with the closing lines.
    expect(pieces).toHaveLength(plan.phases.length + 2);
    plan.phases.forEach((phase, i) => expect(pieces[i + 1]).toContain(phase.name));
    expect(pieces.join('')).toBe(renderPlanTable(plan, opts));
    expect(pieces.join('').endsWith('\n')).toBe(true);
  });
});
