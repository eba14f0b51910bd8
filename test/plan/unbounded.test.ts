/** A phase whose components carry no load per request: no bottleneck named, the text says why, a warning; the commands that read the plan do not break. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { renderPlanJson } from '../../src/render/json.js';
import { renderPlanMarkdown } from '../../src/render/plan-markdown.js';
import { renderPlanTable } from '../../src/render/plan-table.js';
import { DEFAULT_LAYOUT } from '../../src/render/layout.js';
import { plainPalette } from '../../src/render/palette.js';
import { renderReportHtml } from '../../src/report/html.js';
import { diffPlans } from '../../src/gate/diff.js';
import { summarisePlan } from '../../src/gate/summary.js';
import { planText } from '../support/plan.js';

const profile = (apiVisits: string, dbVisits = '') => `apiVersion: capplan/v1
name: idle
workload: { rps: 100, peakFactor: 3 }
components:
  api: { kind: service, ${apiVisits}serviceTime: 10ms, workers: 4, calls: [db] }
  db: { kind: service, ${dbVisits}capacity: 1000/s }
`;
const IDLE = profile('perRequest: 0, ', 'perRequest: 0, ');

describe('a phase no component of which carries load per request', () => {
  it('names no bottleneck (null in JSON), where it named one with max sustainable ∞', async () => {
    const plan = await planText(IDLE);
    expect(plan.phases[0]!.system.bottleneck).toBeNull();
    const json = JSON.parse(renderPlanJson(plan)) as { phases: { system: { bottleneck: unknown; maxRps: unknown; headroom: unknown } }[] };
    expect(json.phases[0]!.system).toMatchObject({ bottleneck: null, maxRps: null, headroom: null });
    // A loaded plan still names its bottleneck.
    expect((await planText(profile(''))).phases[0]!.system.bottleneck).toBe('api');
  });

  it('says in the text and the Markdown that no component is loaded and why, with no ∞ req/s, no bottleneck mark, no 0 s p95', async () => {
    const plan = await planText(IDLE);
    const text = renderPlanTable(plan, { palette: plainPalette, layout: { ...DEFAULT_LAYOUT, width: 200 } });
    expect(text).toContain('no component is loaded: every demand at peak is 0 (no visits per request: perRequest 0, or no call reaches it); so no bottleneck, and no max sustainable load or headroom');
    expect(text).toContain('end-to-end p95: none, no request visits a component');
    expect(text).not.toMatch(/max sustainable ∞|bottleneck api|◀|end-to-end p95 0/);
    const md = renderPlanMarkdown(plan);
    expect(md).toContain('- no component is loaded');
    expect(md).not.toContain('bottleneck api');
  });

  it('warns at components, naming the phase (plan, check, report, sweep … read these warnings)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'capplan-unbounded-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'p.yaml');
    await writeFile(file, IDLE);
    const planned = await planProfileFile(file, { bill: false }, null);
    expect(planned.warnings.map(renderDiagnostic).filter((w) => w.includes('no component is loaded'))).toEqual([
      `${planned.profile.file}:4:1 components: warning: phase "now": no component is loaded: every demand at peak is 0 (no visits per request: perRequest 0, or no call reaches it), so nothing is sized for the load, and the plan names no bottleneck, max sustainable load or headroom\n  hint: an entry component takes 1 visit per request unless perRequest says otherwise; check the perRequest figures and the calls meant to reach the others`,
    ]);
  });

  it('reads in a report and a diff without a crash or a name: the bottleneck is "none"', async () => {
    const idle = await planText(IDLE);
    const loaded = await planText(profile(''));
    const d = diffPlans(summarisePlan(loaded), summarisePlan(idle));
    expect(d.phases[0]!.bottleneck).toMatchObject({ before: 'api', after: null });
    const dir = await mkdtemp(join(tmpdir(), 'capplan-unbounded-'));
    onTestFinished(() => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, 'p.yaml'), IDLE);
    const { reportInputOf } = await import('../report/helpers.js');
    const html = renderReportHtml(await reportInputOf(join(dir, 'p.yaml'), { bill: false, explore: false }));
    expect(html).toMatch(/bottleneck">none</);
    expect(html).toContain('<span class="k">load</span><span class="v">no component is loaded: every demand at peak is 0');
    expect(html).not.toMatch(/max sustainable load<\/span>/);
  });
});
