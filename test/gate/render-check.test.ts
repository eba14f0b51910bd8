import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../../src/gate/evaluate.js';
import { resolvePolicy } from '../../src/gate/policy.js';
import { locatePaths } from '../../src/gate/profile-paths.js';
import { renderCheckJson } from '../../src/gate/render-check-json.js';
import { COMMENT_MARKER, renderCheckMarkdown, renderCheckText } from '../../src/gate/render-check.js';
import { summarisePlan } from '../../src/gate/summary.js';
import { plainPalette } from '../../src/render/palette.js';
import { planText, serviceProfile } from './helpers.js';

const twoServices = (rps: number) =>
  serviceProfile({ rps, min: 8, minHeadroom: 1.3 }) +
  ['  web:', '    kind: service', '    capacity: 10000/s', '    replicas: { min: 2 }', ''].join('\n');

async function scenario() {
  const before = await planText(twoServices(800));
  const after = await planText(twoServices(2400));
  const result = evaluateGates(after.plan, summarisePlan(before.plan), resolvePolicy(undefined, { levels: { replicas: 'warn' } }));
  return { result, o: { file: 'capplan.yaml', baselineFile: 'capplan.lock.json', locate: (f: { paths: string[] }) => locatePaths(after.doc, f.paths) } };
}

describe('check renderers', () => {
  it('Markdown: the marker, a verdict line, what moved, failures first, then why', async () => {
    const { result, o } = await scenario();
    const md = renderCheckMarkdown(result, o);
    const lines = md.split('\n');
    expect(lines[0]).toBe(COMMENT_MARKER);
    expect(lines[1]).toBe('### ❌ capplan check failed: 1 error, 1 warning');
    expect(md).toContain('Profile `gate-test` (`capplan.yaml`) against the baseline `capplan.lock.json`: 1 phase, 1 changed.');
    expect(md).toContain('- now: peak 800 → 2,400 req/s');
    const rows = lines.filter((l) => /^\| (❌|⚠️|✅)/.test(l));
    expect(rows[0]).toMatch(/^\| ❌ \| now \| api \| 8 → 18 \| .* \| 1\.4× → 0\.467× \(plan 1\.05×\) \|/);
    expect(rows[1]).toMatch(/^\| ✅ \| now \| web \| 2 \|/);
    expect(md).toMatch(/- ❌ \*\*now · api\*\* · headroom: headroom 0\.467× .* \(`capplan\.yaml:4`\)  \n  Fix: deploy the planned 18/);
    expect(md).toMatch(/- ⚠️ \*\*now · api\*\* · replicas: replicas 8 → 18/);
    expect(md.indexOf('- ❌')).toBeLessThan(md.indexOf('- ⚠️'));
  });

  it('text: plain with the plain palette, each finding with file:line:col and its fix', async () => {
    const { result, o } = await scenario();
    const text = renderCheckText(result, o, plainPalette);
    expect(text.includes(`${String.fromCharCode(27)}[`)).toBe(false);
    expect(text.split('\n')[0]).toBe('capplan check failed: 1 error, 1 warning');
    expect(text).toContain('✗ error  now · api  headroom  capplan.yaml:4:3');
    expect(text).toContain('! warn   now · api  replicas  capplan.yaml:4:3');
    expect(text).toContain('moved in now: peak 800 → 2,400 req/s');
  });

  it('JSON: findings with positions, the policy and the comparison', async () => {
    const { result, o } = await scenario();
    const doc = JSON.parse(renderCheckJson(result, o)) as Record<string, unknown> & { findings: Record<string, unknown>[]; phases: { components: Record<string, unknown>[] }[] };
    expect(doc.status).toBe('fail');
    expect(doc.counts).toEqual({ error: 1, warn: 1 });
    expect(doc.findings[0]).toMatchObject({ rule: 'headroom', level: 'error', phase: 'now', component: 'api', path: 'workload.rps', line: 4, col: 3 });
    expect(doc.phases[0]!.components[0]).toMatchObject({ name: 'api', status: 'changed', worst: 'error', deployedReplicas: 8, headroom: 0.466667, replicas: { before: 8, after: 18 } });
  });
});
