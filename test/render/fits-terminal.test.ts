/**
 * Issue 13's bar: every bundled profile's plan (with --explain, bills, roadmap and cost chart),
 * its check against a baseline and its diff, and the price catalog fit 80 and 120 columns: no
 * line is wider. Rendered in-process with the renderers the CLI uses, at every detail level,
 * in Unicode and ASCII.
 */
import { describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { diffPlans } from '../../src/gate/diff.js';
import { evaluateGates } from '../../src/gate/evaluate.js';
import { resolvePolicy } from '../../src/gate/policy.js';
import { locatePaths } from '../../src/gate/profile-paths.js';
import { renderCheckText } from '../../src/gate/render-check.js';
import { renderDiffText } from '../../src/gate/render-diff.js';
import { summarisePlan } from '../../src/gate/summary.js';
import { listInstances } from '../../src/pricing/catalog.js';
import { renderCatalogTable } from '../../src/pricing/render-catalog.js';
import type { Detail, Layout } from '../../src/render/layout.js';
import { plainPalette } from '../../src/render/palette.js';
import { renderPlanTable } from '../../src/render/plan-table.js';
import type { Plan } from '../../src/plan/types.js';
import { visibleWidth } from '../../src/render/wrap.js';
import { formatNumber } from '../../src/units/format.js';
import { bundledProfiles } from '../support/profiles.js';

const WIDTHS = [80, 120];
const files = (await bundledProfiles()).map((f) => f.replace(`${process.cwd()}/`, ''));
const planned = await Promise.all(files.map((f) => planProfileFile(f)));
const small = planned.find((p) => p.profile.file.endsWith('templates/small.yaml'))!;

/**
 * No line is wider than `width`, but for a line of one word longer than the line (a 63-character
 * component name at 40 columns, a profile's `path:line:col`): docs/terminal.md says it is never cut.
 */
function expectFits(text: string, width: number, what: string): void {
  const wide = text.split('\n').filter((l) => visibleWidth(l) > width && /\s/.test(l.trim()));
  expect(wide, `${what}: lines wider than ${width}`).toEqual([]);
}

const ellipses = (text: string) => text.split('…').length - 1;

/** The plan fits and cuts nothing: every "…" in it is one the plan says at any width (--wide cuts nothing). */
function expectPlanFits(plan: Plan, layout: Layout, what: string): void {
  const text = renderPlanTable(plan, { palette: plainPalette, layout, explain: true });
  expectFits(text, layout.width, what);
  expect(ellipses(text), `${what}: a cell cut with "…"`).toBe(ellipses(renderPlanTable(plan, { palette: plainPalette, layout: { ...layout, width: Infinity }, explain: true })));
}

const layouts = (width: number): Layout[] =>
  (['quiet', 'normal', 'verbose'] as Detail[]).flatMap((detail) => [true, false].map((unicode) => ({ width, unicode, detail })));

describe.each(WIDTHS)('at %i columns', (width) => {
  it.each(planned.map((p, i) => [files[i]!, p] as const))('plan %s (--explain, bills, roadmap, chart) fits', (file, { plan }) => {
    for (const layout of layouts(width)) expectPlanFits(plan, layout, `${file} ${JSON.stringify(layout)}`);
  });

  it.each(planned.map((p, i) => [files[i]!, p] as const))('check and diff of %s against another plan fit', (file, { plan, profile, doc }) => {
    const layout: Layout = { width, unicode: true, detail: 'normal' };
    const baseline = summarisePlan(small.plan);
    for (const b of [baseline, null, summarisePlan(plan)]) {
      const result = evaluateGates(plan, b, resolvePolicy(profile.input.gates));
      const text = renderCheckText(result, { file, baselineFile: b ? 'capplan.lock.json' : null, locate: (f) => locatePaths(doc, f.paths), layout }, plainPalette);
      expectFits(text, width, `check ${file}`);
    }
    const diff = renderDiffText(diffPlans(baseline, summarisePlan(plan)), { beforeFile: 'before.json', afterFile: 'after.json', all: true, layout }, plainPalette);
    expectFits(diff, width, `diff ${file}`);
  });

  it('a roadmap of 20 phases fits, in consecutive tables that show every phase once and the trend once', async () => {
    const { loadProfileText } = await import('../../src/cli/profile-input.js');
    const { solve } = await import('../../src/plan/solve.js');
    const { syntheticProfile } = (await import('../../scripts/synthetic-profile.mjs' as string)) as { syntheticProfile: (o: { components: number; phases: number; seed: number }) => string };
    const { profile } = await loadProfileText(syntheticProfile({ components: 8, phases: 20, seed: 3 }), 'phases.yaml');
    const plan = solve(profile);
    for (const layout of layouts(width)) {
      const text = renderPlanTable(plan, { palette: plainPalette, layout });
      expectFits(text, width, `20 phases ${JSON.stringify(layout)}`);
      // Each phase's peak once, in order, across the tables; the trend (a sparkline) once, at the end.
      const roadmap = text.slice(text.indexOf('\nRoadmap\n'));
      const peaks = roadmap.split('\n').filter((l) => l.startsWith('  peak req/s')).flatMap((l) => l.slice('  peak req/s'.length).trim().split(/\s+/));
      const trend = peaks.pop()!;
      expect(peaks).toEqual(plan.phases.map((ph) => formatNumber(ph.peakRps)));
      expect(trend).toMatch(layout.unicode ? /^[▁▂▃▄▅▆▇█]{20}$/ : /^\S{20}$/);
    }
  });

  it('the catalog fits, every provider', () => {
    for (const layout of layouts(width)) expectFits(renderCatalogTable(listInstances({}), { layout }), width, `catalog ${JSON.stringify(layout)}`);
  });
});

describe.each([72, 60, 50, 40])('at %i columns (a split pane, a phone)', (width) => {
  // Below 80 the component table has no columns left to give up: its demand wraps between the
  // amount and the unit (`2,000` over `query/s`), and the bill's quantity likewise, where that
  // makes the table fit (at 72, thea-ia's 1,000 req/s phase needed it: its lines were 75 wide).
  // Narrower still, a table is drawn a block a row (at 60, thea-ia's component table; at 50,
  // every plan's; before, their lines were up to 75 wide).
  it.each(planned.map((p, i) => [files[i]!, p] as const))('plan %s (--explain, bills, roadmap, chart) fits', (file, { plan }) => {
    for (const layout of layouts(width)) expectPlanFits(plan, layout, `${file} ${JSON.stringify(layout)}`);
  });

  it.each(planned.map((p, i) => [files[i]!, p] as const))('check and diff of %s against another plan fit, nothing cut', (file, { plan, profile, doc }) => {
    const at = (w: number): Layout => ({ width: w, unicode: true, detail: 'normal' });
    const baseline = summarisePlan(small.plan);
    for (const b of [baseline, null]) {
      const result = evaluateGates(plan, b, resolvePolicy(profile.input.gates));
      const check = (w: number) => renderCheckText(result, { file, baselineFile: b ? 'capplan.lock.json' : null, locate: (f) => locatePaths(doc, f.paths), layout: at(w) }, plainPalette);
      expectFits(check(width), width, `check ${file}`);
      expect(ellipses(check(width)), `check ${file}: a cell cut with "…"`).toBe(ellipses(check(Infinity)));
    }
    const diff = (w: number) => renderDiffText(diffPlans(baseline, summarisePlan(plan)), { beforeFile: 'before.json', afterFile: 'after.json', all: true, layout: at(w) }, plainPalette);
    expectFits(diff(width), width, `diff ${file}`);
    expect(ellipses(diff(width)), `diff ${file}: a cell cut with "…"`).toBe(ellipses(diff(Infinity)));
  });

  it('the catalog fits, every provider, nothing cut', () => {
    const wide = ellipses(renderCatalogTable(listInstances({}), { layout: { width: Infinity, unicode: true, detail: 'normal' } }));
    for (const layout of layouts(width)) {
      const text = renderCatalogTable(listInstances({}), { layout });
      expectFits(text, width, `catalog ${JSON.stringify(layout)}`);
      expect(ellipses(text), `catalog ${JSON.stringify(layout)}: a cell cut with "…"`).toBe(wide);
    }
  });
});

describe('--wide', () => {
  it('keeps every column: full sizes and max req/s', () => {
    const litper = planned.find((p) => p.plan.profile === 'litper')!;
    const text = renderPlanTable(litper.plan, { palette: plainPalette, layout: { width: Infinity, unicode: true, detail: 'normal' } });
    expect(text).toMatch(/ max req\/s\n/);
    expect(text).toContain('1 primary + 2 replicas');
    expect(text).toMatch(/source \(as of\)/);
  });
});
