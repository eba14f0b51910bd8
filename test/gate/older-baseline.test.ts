/**
 * `capplan check` against a baseline written by an older capplan (keys a later version records
 * are missing: defaulted settings, per-component costs, packing waste), and against a baseline
 * that has phases and components the plan no longer has: the defaults are no change, the missing
 * costs are unknown (no NaN, no "changed"), and what was removed is shown in every format.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../../src/gate/evaluate.js';
import { profileInputs } from '../../src/gate/inputs.js';
import { resolvePolicy } from '../../src/gate/policy.js';
import { locatePaths, parseProfilePath } from '../../src/gate/profile-paths.js';
import { renderCheckJson } from '../../src/gate/render-check-json.js';
import { renderCheckMarkdown, renderCheckText } from '../../src/gate/render-check.js';
import { renderCheckGithub } from '../../src/gate/render-github.js';
import { parseSavedPlan, renderBaseline } from '../../src/gate/saved-plan.js';
import { summarisePlan } from '../../src/gate/summary.js';
import { plainPalette as PLAIN } from '../../src/render/palette.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { pricedText } from './helpers.js';

const profile = (opts: { workers?: number; managed?: boolean; extraPhase?: boolean; cache?: boolean } = {}) =>
  [
    'apiVersion: capplan/v1',
    'name: older',
    'workload: { rps: 800 }',
    ...(opts.extraPhase ? ['phases:', '  - { name: 12 months, scale: 2 }'] : []),
    'components:',
    '  api:',
    '    kind: service',
    `    workers: ${opts.workers ?? 4}`,
    '    serviceTime: 20ms',
    '    resources: { cpu: 500m, memory: 256Mi }',
    ...(opts.managed !== undefined ? [`    managed: ${opts.managed}`] : []),
    ...(opts.cache ? ['  cache:', '    kind: cache', '    opsPerRequest: 2', '    capacity: 100000/s', '    dataset: 1GiB', '    nodeMemory: 4GiB'] : []),
    '',
  ].join('\n');

type Json = Record<string, unknown> & { phases: (Record<string, unknown> & { components: Record<string, unknown>[]; bill: Record<string, unknown> | null })[] };

/** The baseline of `before`, made older by `age` (keys deleted as an older capplan would not have written them), and the gate on `after` against it. */
async function gate(before: string, after: string, age: (doc: Json) => void = () => {}) {
  const b = await pricedText(before);
  const doc = JSON.parse(renderBaseline(summarisePlan(b.plan, profileInputs(b.profile)))) as Json;
  age(doc);
  const read = parseSavedPlan(JSON.stringify(doc, null, 2), 'capplan.lock.json');
  if (!read.ok) throw new Error(read.diagnostics.map(renderDiagnostic).join('\n'));
  const a = await pricedText(after);
  const written = (path: string) => a.doc.has(parseProfilePath(path));
  const result = evaluateGates(a.plan, read.summary, resolvePolicy(undefined), { inputs: profileInputs(a.profile), written });
  const o = { file: 'capplan.yaml', baselineFile: 'capplan.lock.json', locate: (f: { paths: string[] }) => locatePaths(a.doc, f.paths) };
  return { result, o };
}

/** Every rendering of the check, joined. */
function allFormats(g: Awaited<ReturnType<typeof gate>>): string {
  return [renderCheckText(g.result, g.o, PLAIN), renderCheckMarkdown(g.result, g.o), renderCheckGithub(g.result, g.o), renderCheckJson(g.result, g.o)].join('\n');
}

/** Text with its line wrapping undone. */
const flat = (s: string) => s.replace(/\s+/g, ' ');

const dropInput = (key: string) => (doc: Json) => {
  for (const p of doc.phases) for (const c of p.components) delete (c.inputs as Record<string, unknown>)[key];
};

describe('check against a baseline of an older capplan', () => {
  it('a default the baseline did not record is no move', async () => {
    const g = await gate(profile(), profile(), dropInput('managed'));
    expect(g.result.phases[0]!.moved).toBeNull();
    expect(allFormats(g)).not.toContain('managed');
    expect(g.result.diff.changed).toBe(false);
  });

  it('a key the profile writes now, which the baseline lacks, still moved', async () => {
    const g = await gate(profile(), profile({ managed: false }), dropInput('managed'));
    expect(g.result.phases[0]!.moved).toBe('api: managed (unset) → false');
  });

  it('a baseline without per-component costs or packing waste: no change, no NaN', async () => {
    const g = await gate(profile(), profile(), (doc) => {
      for (const p of doc.phases) {
        for (const c of p.components) delete c.monthly;
        delete p.bill!.packingWaste;
      }
    });
    expect(g.result.phases[0]!.components[0]!.diff.monthly.before).toBeNull();
    expect(g.result.diff.phases.map((p) => p.status)).toEqual(['unchanged']);
    expect(flat(renderCheckText(g.result, g.o, PLAIN))).toContain('1 phase, 0 changed');
    expect(allFormats(g)).not.toMatch(/NaN|undefined/);
  });

  it('a baseline without per-component costs whose bill rose: the cost finding, without NaN', async () => {
    const g = await gate(profile({ workers: 4 }), profile({ workers: 1 }), (doc) => {
      for (const p of doc.phases) for (const c of p.components) delete c.monthly;
    });
    expect(g.result.findings.some((f) => f.rule === 'cost')).toBe(true);
    expect(allFormats(g)).not.toMatch(/NaN|undefined/);
  });
});

describe('check shows what the baseline has and the plan dropped', () => {
  it('a removed phase and a removed component, in text, Markdown, GitHub and JSON', async () => {
    const g = await gate(profile({ extraPhase: true, cache: true }), profile());
    const text = flat(renderCheckText(g.result, g.o, PLAIN));
    expect(text).toContain('1 phase, 1 changed, 1 removed');
    expect(text).toContain('removed since the baseline: phase "12 months"');
    expect(text).toContain('removed from phase "now" since the baseline: cache');
    const md = renderCheckMarkdown(g.result, g.o);
    expect(md).toContain('- Removed since the baseline: phase `12 months`');
    expect(md).toContain('- Removed from phase `now` since the baseline: cache');
    expect(renderCheckGithub(g.result, g.o)).toContain('::notice title=capplan check%3A removed::removed since the baseline: phase "12 months"');
    const json = JSON.parse(renderCheckJson(g.result, g.o)) as { removedPhases: string[]; phases: { name: string; removed: string[] }[] };
    expect(json.removedPhases).toEqual(['12 months']);
    expect(json.phases.map((p) => [p.name, p.removed])).toEqual([['now', ['cache']]]);
  });
});
