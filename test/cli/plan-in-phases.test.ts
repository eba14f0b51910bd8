/**
 * `plan` a phase at a time (planProfileInPhases, plan-pipeline.ts): each phase solved, priced,
 * rendered and dropped gives the same text, JSON and Markdown bytes, warnings, notes and
 * violations as the whole plan (planProfileFile) rendered at once, on every bundled profile and
 * template and on seeded synthetic ones, priced in the cloud, on-prem and not at all; the text
 * and Markdown without the mean-rate sizing they do not show, and without --explain without the
 * explanations they do not show either (as `plan` runs them: SolveOptions.offPeak, .explanations). And the
 * plausibility check folded a phase at a time (LargestCounts) finds what it finds on every phase,
 * at the positions the document gives (ComponentKeys, kept when the document is dropped).
 */
import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planProfileFile, planProfileInPhases, type PricingFlags } from '../../src/cli/plan-pipeline.js';
import { ComponentKeys, LargestCounts, planPlausibilityWarnings } from '../../src/cli/plan-plausibility.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { MAX_UNITS } from '../../src/kinds/horizontal.js';
import type { PlanSource } from '../../src/plan/solve.js';
import { checkPlanPlausibility, type PlannedCounts } from '../../src/profile/plausibility.js';
import { planJsonChunks } from '../../src/render/json.js';
import { DEFAULT_LAYOUT } from '../../src/render/layout.js';
import { plainPalette } from '../../src/render/palette.js';
import { planMarkdownChunks } from '../../src/render/plan-markdown.js';
import { planTableChunks } from '../../src/render/plan-table.js';
import { profileFiles } from '../support/profiles.js';

const RENDERERS: [string, (plan: PlanSource) => Iterable<string>][] = [
  ['json', (plan) => planJsonChunks(plan)],
  ['text', (plan) => planTableChunks(plan, { palette: plainPalette, layout: DEFAULT_LAYOUT })],
  ['text --explain', (plan) => planTableChunks(plan, { palette: plainPalette, layout: DEFAULT_LAYOUT, explain: true })],
  ['markdown', (plan) => planMarkdownChunks(plan)],
  ['markdown --explain', (plan) => planMarkdownChunks(plan, { explain: true })],
];

const FLAGS: PricingFlags[] = [{}, { target: 'onprem' }, { bill: false }];

let dir = '';
const files: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capplan-in-phases-'));
  files.push(...(await profileFiles(dir, { components: 40, phases: 4, seeds: [1, 2] })));
  // Over 1,000 units in two phases, largest in the second: a plausibility warning positioned there.
  const busy = join(dir, 'busy.yaml');
  await writeFile(busy, 'apiVersion: capplan/v1\nname: busy\nworkload: { rps: 100 }\nphases:\n  - { name: x2, scale: 2 }\n  - { name: x3, scale: 3 }\ncomponents:\n  api: { kind: service, serviceTime: 20s }\n  ok: { kind: service, capacity: 100/s }\n');
  files.push(busy);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('plan a phase at a time', () => {
  it('writes the bytes, warnings, notes and violations of the whole plan', async () => {
    let compared = 0;
    let warned = 0;
    for (const file of files) {
      for (const flags of FLAGS) {
        const whole = await planProfileFile(file, flags, null);
        const violations = whole.plan.phases.reduce((n, p) => n + p.violations.length, 0);
        if (whole.warnings.some((w) => w.message.includes('1,000 units'))) warned++;
        for (const [name, render] of RENDERERS) {
          const expected = [...render(whole.plan)].join('');
          // As `plan` asks: the mean-rate sizing (offPeakReplicas) only for the JSON, the one that
          // shows it; the explanations only for the JSON and --explain.
          const json = name === 'json';
          const planned = await planProfileInPhases(file, flags, null, undefined, { offPeak: json, explanations: json || name.endsWith('--explain') });
          expect([...render(planned.plan)].join(''), `${file} ${JSON.stringify(flags)} ${name}`).toBe(expected);
          const finished = planned.finish();
          expect(finished.warnings).toEqual(whole.warnings);
          expect(finished.notes).toEqual(whole.notes);
          expect(finished.violations).toBe(violations);
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(100);
    expect(warned).toBeGreaterThan(0);
  }, 120_000);

  it('plans the phase it is asked for alone, and says when no phase has the name', async () => {
    const file = files.find((f) => f.endsWith('blatam-academy.yaml'))!;
    const whole = await planProfileFile(file, {}, null);
    for (const phase of whole.plan.phases) {
      const one = await planProfileInPhases(file, {}, null, phase.name);
      expect(one.phaseFound).toBe(true);
      expect(JSON.stringify([...one.plan.phases])).toBe(JSON.stringify([phase]));
    }
    expect((await planProfileInPhases(file, {}, null, 'no such phase')).phaseFound).toBe(false);
  });
});

describe('LargestCounts', () => {
  const counts = fc.record({
    phases: fc.array(
      fc.record({
        name: fc.constantFrom('a', 'b', 'c', 'd'),
        components: fc.array(fc.record({ name: fc.constantFrom('api', 'db', 'cache', 'queue', 'web'), replicas: fc.oneof(fc.integer({ min: 1, max: 2000 }), fc.constantFrom(1000, 1001, MAX_UNITS, MAX_UNITS + 1)), unitLabel: fc.constantFrom('pods', 'shards') }), { maxLength: 6 }),
      }),
      { maxLength: 6 },
    ),
  });

  it('folds phase by phase to the findings of the check over every phase', () => {
    fc.assert(
      fc.property(counts, (plan: PlannedCounts) => {
        const largest = new LargestCounts();
        for (const phase of plan.phases) largest.add(phase);
        expect(checkPlanPlausibility(largest.counts(), MAX_UNITS)).toEqual(checkPlanPlausibility(plan, MAX_UNITS));
      }),
      { seed: 18, numRuns: 500 },
    );
  });
});

describe('ComponentKeys', () => {
  // Components written in the base, added and changed by phases; the second text has a block
  // scalar, which the plain reader leaves to yaml: both documents' positions are kept.
  const body = `apiVersion: capplan/v1
name: t
workload: { rps: 100 }
phases:
  - name: later
    components:
      api: { serviceTime: 30ms }
      extra: { kind: service, capacity: 10/s }
  - { name: last, scale: 2 }
  - name: "after"
    components: { extra: { kind: service, capacity: 5/s }, more: { kind: worker, serviceTime: 1s } }
components:
  api: { kind: service, serviceTime: 20ms }
  "db": { kind: service, capacity: 100/s }
`;
  for (const [reader, text] of [['plain', body], ['yaml', `${body}description: |\n  a block scalar\n`]] as const) {
    it(`positions every component's plausibility warning as the ${reader} document does`, async () => {
      const loaded = await loadProfileText(text, 'p.yaml');
      // Every component of every phase over 1,000 units: a warning for each, at its key.
      const plan: PlannedCounts = { phases: loaded.profile.phases.map((p, i) => ({ name: p.name, components: p.components.map((c) => ({ name: c.name, replicas: 1001 + i, unitLabel: 'pods' })) })) };
      const fromDoc = planPlausibilityWarnings(plan, loaded.profile, loaded.doc);
      expect(fromDoc.map((w) => w.path)).toEqual(['components.api', 'components.db', 'phases[2].components.extra', 'phases[2].components.more']);
      expect(new Set(fromDoc.map((w) => `${w.line}:${w.col}`)).size).toBe(4);
      expect(planPlausibilityWarnings(plan, loaded.profile, new ComponentKeys(loaded.profile, loaded.doc))).toEqual(fromDoc);
    });
  }
});
