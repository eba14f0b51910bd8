import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { delta, diffPlans, relativeDelta } from '../../src/gate/diff.js';
import { sameFigure } from '../../src/gate/figures.js';
import { renderDiffJson, renderDiffMarkdown, renderDiffText } from '../../src/gate/render-diff.js';
import { parseSavedPlan, renderBaseline } from '../../src/gate/saved-plan.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { summarisePlan, type PlanSummary } from '../../src/gate/summary.js';
import { renderPlanJson } from '../../src/render/json.js';
import { plainPalette } from '../../src/render/palette.js';
import { planText, pricedText, serviceProfile, withBill } from './helpers.js';

const twoComponents = (rps: number, extra = '') =>
  serviceProfile({ rps, min: 2 }) + ['  db:', '    kind: database', '    readsPerRequest: 1', '    writesPerRequest: 0.1', '    capacity: 5000/s', extra].join('\n') + '\n';

async function summary(text: string, bill?: number): Promise<PlanSummary> {
  const { plan } = await planText(text);
  return summarisePlan(bill === undefined ? plan : withBill(plan, bill));
}

describe('diffPlans', () => {
  it('counts a figure one side does not record (utilisation, p95, max rate, headroom) as unknown, not as a change', async () => {
    const a = await summary(twoComponents(800), 1000);
    const trimmed: PlanSummary = { ...a, phases: a.phases.map((p) => ({ ...p, components: p.components.map((c) => ({ ...c, utilization: null, latencyP95: null, maxRps: null, headroom: null })) })) };
    const d = diffPlans(trimmed, a);
    expect(d.phases[0]!.components.map((c) => c.status)).toEqual(a.phases[0]!.components.map(() => 'unchanged'));
    expect(d.changed).toBe(false);
    // Known on both sides, a moved utilisation is still a change.
    const moved: PlanSummary = { ...a, phases: a.phases.map((p) => ({ ...p, components: p.components.map((c) => ({ ...c, utilization: (c.utilization ?? 0) + 0.1 })) })) };
    expect(diffPlans(moved, a).phases[0]!.components.every((c) => c.status === 'changed')).toBe(true);
  });

  it('matches phases and components by name and says what moved', async () => {
    const a = await summary(twoComponents(800), 1000);
    const b = await summary(twoComponents(1600).replace('  db:', '  cache:\n    kind: cache\n    opsPerRequest: 1\n    capacity: 100000/s\n  db:'), 1500);
    const d = diffPlans(a, b);
    expect(d.changed).toBe(true);
    const phase = d.phases[0]!;
    expect(phase.status).toBe('changed');
    expect(phase.components.map((c) => `${c.name}:${c.status}`)).toEqual(['api:changed', 'cache:added', 'db:changed']);
    const api = phase.components[0]!;
    expect(api.replicas).toEqual({ before: 6, after: 12 });
    expect(delta(api.replicas)).toBe(6);
    expect(relativeDelta(api.replicas)).toBe(1);
    expect(phase.monthly).toEqual({ before: 1000, after: 1500 });
    expect(phase.peakRps).toEqual({ before: 800, after: 1600 });
    const back = diffPlans(b, a);
    expect(back.phases[0]!.components.map((c) => `${c.name}:${c.status}`)).toEqual(['api:changed', 'db:changed', 'cache:removed']);
  });

  it('treats a plan and its 6-digit saved copy as unchanged', async () => {
    const a = await summary(twoComponents(777.777), 1234.56789);
    const read = parseSavedPlan(renderBaseline(a), 'a.json');
    if (!read.ok) throw new Error(read.diagnostics.map(renderDiagnostic).join("\n"));
    const d = diffPlans(read.summary, a);
    expect(d.changed).toBe(false);
    expect(d.phases[0]!.components.every((c) => c.status === 'unchanged')).toBe(true);
    expect(sameFigure(1.000004, 1)).toBe(true);
    expect(sameFigure(1.0001, 1)).toBe(false);
    expect(sameFigure(Infinity, Infinity)).toBe(true);
    expect(sameFigure(null, 0)).toBe(false);
    expect(sameFigure(null, Infinity)).toBe(true);
  });

  it('keeps a plan with violations and unbounded figures unchanged through its baseline', async () => {
    const text = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'profiles', 'blatam-academy.yaml'), 'utf8');
    const live = summarisePlan((await planText(text, 'blatam-academy.yaml')).plan);
    expect(live.phases.some((p) => p.components.some((c) => c.latencyP95 === Infinity))).toBe(true);
    const read = parseSavedPlan(renderBaseline(live), 'lock.json');
    if (!read.ok) throw new Error(read.diagnostics.map(renderDiagnostic).join("\n"));
    expect(diffPlans(read.summary, live).changed).toBe(false);
  });

  it('reads a saved `capplan plan --json` as well as a baseline', async () => {
    const { plan } = await planText(twoComponents(800));
    const read = parseSavedPlan(renderPlanJson(withBill(plan, 10)), 'plan.json');
    if (!read.ok) throw new Error(read.diagnostics.map(renderDiagnostic).join("\n"));
    expect(read.kind).toBe('plan');
    expect(read.summary.profile).toBe('gate-test');
    expect(read.summary.phases[0]!.bill).toEqual({ currency: 'USD', monthly: 10, packingWaste: null });
    expect(read.summary.phases[0]!.components[0]!.headroom).toBeCloseTo(840 / 800, 5);
    expect(diffPlans(read.summary, summarisePlan(withBill(plan, 10))).changed).toBe(false);
  });

  it('refuses what is not a saved plan, naming the file, line and column of each problem', () => {
    const errors = (text: string) => {
      const r = parseSavedPlan(text, 'old.json');
      return r.ok ? [] : r.diagnostics.map(renderDiagnostic);
    };
    expect(errors('{')[0]).toMatch(/^old\.json:1:2: invalid JSON: /);
    expect(errors('{\n  "a": 1,\n  "b": 2,\n}')[0]).toMatch(/^old\.json:4:1: invalid JSON: /);
    expect(errors('[]')[0]).toMatch(/^old\.json:1:1: expected a JSON object/);
    expect(errors('{"apiVersion":"v2","phases":[]}')[0]).toBe('old.json:1:15 apiVersion: not a capplan plan or baseline (expected apiVersion "capplan/v1", got "v2")\n  hint: expected the output of `capplan plan --json` or a baseline written by `capplan check --update-baseline`');
    expect(errors('{"phases":[]}')[0]).toMatch(/^old\.json:1:1: not a capplan plan or baseline \(expected apiVersion "capplan\/v1"\)/);
    const plan = (component: string) => `{\n"apiVersion":"capplan/v1",\n"phases":[{"name":"now","peakRps":1,\n"components":[\n${component}]}]}`;
    expect(errors(plan('{"name":"a","kind":"service","replicas":"3"}'))).toEqual(['old.json:5:41 phases[0].components[0].replicas: expected number, got string "3"']);
    expect(errors(plan('{"name":"a","kind":"service","replicas":2.5}'))).toEqual(['old.json:5:41 phases[0].components[0].replicas: must be a whole number, got 2.5']);
    expect(errors(plan('{"name":"a","kind":"service","replicas":-1}'))).toEqual(['old.json:5:41 phases[0].components[0].replicas: must be at least 0, got -1']);
    expect(errors(plan('{"name":"a","kind":"service"}'))).toEqual(['old.json:5:1 phases[0].components[0].replicas: missing "replicas"']);
    expect(errors(plan('{"name":"a","kind":"service","replicas":1,"monthly":1e999}'))).toEqual(['old.json:5:53 phases[0].components[0].monthly: Infinity is not a finite number']);
    const deep = `{"apiVersion":"capplan/v1","phases":${'['.repeat(100)}${']'.repeat(100)}}`;
    expect(errors(deep)).toEqual(['old.json:1:100: nesting deeper than 64 levels\n  hint: expected the output of `capplan plan --json` or a baseline written by `capplan check --update-baseline`']);
  });

  it('renders deterministic text, Markdown and JSON, hiding unchanged rows unless asked', async () => {
    const a = await summary(twoComponents(800), 1000);
    const b = await summary(twoComponents(1600), 1500);
    const d = diffPlans(a, b);
    const o = { beforeFile: 'old.json', afterFile: 'new.json', all: false };
    const text = renderDiffText(d, o, plainPalette);
    expect(text).toContain('capplan diff old.json → new.json (gate-test): 1 of 1 phase changed');
    expect(text).toContain('cost $1,000.00 → $1,500.00, +$500.00 (+50%)');
    expect(text).toMatch(/ {2}~ {2}api\s+6 → 12\s/);
    expect(renderDiffText(d, o, plainPalette)).toBe(text);
    const md = renderDiffMarkdown(d, o);
    expect(md).toContain('| \\~ | api | 6 → 12 |');
    const same = diffPlans(a, a);
    expect(renderDiffText(same, o, plainPalette)).toContain('2 unchanged components not shown (--all shows them)');
    expect(renderDiffText(same, { ...o, all: true }, plainPalette)).toMatch(/\n {5}api\s+6\s/);
    const json = JSON.parse(renderDiffJson(d, o)) as { kind: string; phases: { components: { replicas: unknown }[] }[] };
    expect(json.kind).toBe('capplan-diff');
    expect(json.phases[0]!.components[0]!.replicas).toEqual({ before: 6, after: 12 });
  });

  it('shows a change of layout at the same count in short sizes, with their letters, where the count alone would hide it', async () => {
    const agent = (gpu: number) => `apiVersion: capplan/v1
name: gpus
workload: { rps: 10 }
components:
  agents: { kind: agent, perRequest: 1, capacity: 50/s, gpu: ${gpu}, scaling: vertical, maxUnitsPerReplica: 4, replicas: { min: 2 } }
  db: { kind: database, readsPerRequest: 1, capacity: 5000/s, replicas: { min: 2 } }
`;
    const before = await summary(agent(1), 1000);
    const after = await summary(agent(2), 2000);
    const d = diffPlans(before, after);
    const agents = d.phases[0]!.components.find((c) => c.name === 'agents')!;
    // Two replicas before and after; each holds one GPU, then two.
    expect(agents.replicas).toEqual({ before: 2, after: 2 });
    expect(agents.topology).toEqual({ before: '2 replicas × 1 GPU (2 GPUs)', after: '2 replicas × 2 GPUs (4 GPUs)' });
    const o = { beforeFile: 'old.json', afterFile: 'new.json', all: false };
    const text = renderDiffText(d, o, plainPalette);
    expect(text).toMatch(/ {2}~ {2}agents\s+2×1g → 2×2g\s/);
    expect(text).toContain('\n  units: g GPUs each\n');
    expect(renderDiffMarkdown(d, o)).toContain('| \\~ | agents | 2×1g → 2×2g |');
    expect(renderDiffMarkdown(d, o)).toContain('\nUnits: g GPUs each.\n');
    // A bare count stays a count, and no legend is added.
    const plain = renderDiffText(diffPlans(await summary(twoComponents(800), 1000), await summary(twoComponents(1600), 1500)), o, plainPalette);
    expect(plain).not.toContain('units:');
  });

  it('a priced plan against itself, saved as JSON or as a baseline, reports no change and reads every cost from the file', async () => {
    const { plan } = await pricedText(twoComponents(800));
    const json = parseSavedPlan(renderPlanJson(plan), 'plan.json');
    const lock = parseSavedPlan(renderBaseline(summarisePlan(plan)), 'capplan.lock.json');
    if (!json.ok || !lock.ok) throw new Error('unreadable');
    const byComponent = plan.phases[0]!.bill!.byComponent as Record<string, number>;
    for (const [a, b] of [[json, json], [json, lock], [lock, json]] as const) {
      const d = diffPlans(a.summary, b.summary);
      expect(d.changed).toBe(false);
      for (const c of d.phases[0]!.components) {
        expect(c.monthly.before).toBeCloseTo(byComponent[c.name]!, 2);
        expect(c.monthly.after).toBeCloseTo(byComponent[c.name]!, 2);
      }
      const text = renderDiffText(d, { beforeFile: 'a', afterFile: 'b', all: true }, plainPalette);
      expect(text).toContain('0 of 1 phase changed');
      expect(text).not.toMatch(/→ –/);
    }
  });
});

describe('a plan without load in a diff', () => {
  // A peak of 0 leaves every capacity unused: plan prints headroom ∞, and its JSON writes the infinite figures as null.
  it('shows the headroom as plan does, ∞, read live or from a saved plan --json (not "–", which reads as unknown)', async () => {
    const { plan: loaded } = await planText(twoComponents(800));
    const { plan: idle } = await planText(twoComponents(0));
    expect(idle.phases[0]!.system.headroom).toBe(Infinity);
    const saved = (p: typeof idle) => {
      const r = parseSavedPlan(renderPlanJson(p), 'p.json');
      if (!r.ok) throw new Error('not read');
      return r.summary;
    };
    for (const after of [summarisePlan(idle), saved(idle)]) {
      const text = renderDiffText(diffPlans(saved(loaded), after), { beforeFile: 'a.json', afterFile: 'b.json', all: true }, plainPalette);
      expect(text).toMatch(/headroom [\d.]+× → ∞/);
      expect(text).not.toMatch(/× → –/);
    }
    expect(saved(idle).phases[0]!.system.headroom).toBe(Infinity);
    expect(saved(idle).phases[0]!.components.map((c) => c.headroom)).toEqual([Infinity, Infinity]);
  });

  it('keeps a figure an older baseline lacks unknown (null), not infinite', () => {
    const r = parseSavedPlan(JSON.stringify({ apiVersion: 'capplan/v1', phases: [{ name: 'now', peakRps: 10, components: [{ name: 'api', kind: 'service', replicas: 2 }] }] }), 'old.json');
    expect(r.ok && r.summary.phases[0]!.components[0]!.headroom).toBeNull();
    expect(r.ok && r.summary.phases[0]!.system.headroom).toBeNull();
  });
});
