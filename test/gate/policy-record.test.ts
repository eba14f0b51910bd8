/**
 * The gate policy a baseline records, and a profile that loosens it: a pull request that turns a
 * rule off or widens a margin is said in every format and warned about (docs/gate.md, "A loosened
 * policy"); a renamed component is paired with the one it may have been.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../../src/gate/evaluate.js';
import { loosenedPolicy, recordPolicy } from '../../src/gate/policy-record.js';
import { resolvePolicy, type GateFlags } from '../../src/gate/policy.js';
import { renderCheckJson } from '../../src/gate/render-check-json.js';
import { renderCheckMarkdown, renderCheckText } from '../../src/gate/render-check.js';
import { renderCheckGithub } from '../../src/gate/render-github.js';
import { parseSavedPlan, renderBaseline } from '../../src/gate/saved-plan.js';
import { summarisePlan } from '../../src/gate/summary.js';
import { plainPalette } from '../../src/render/palette.js';
import { planText, serviceProfile } from './helpers.js';

type Gates = Parameters<typeof resolvePolicy>[0];
const recorded = (gates: Gates) => recordPolicy(resolvePolicy(gates));
const words = (was: Gates, now: Gates) => loosenedPolicy(recorded(was), recorded(now)).map((l) => l.words);
const o = { file: 'capplan.yaml', baselineFile: 'capplan.lock.json' };

describe('a loosened gate policy', () => {
  it('names each rule whose level fell, margin widened, budget rose or minimum fell', () => {
    expect(words(undefined, { headroom: { level: 'off' }, replicas: { margin: 0.5 } })).toEqual(['headroom error → off', 'replicas margin 10% → 50%']);
    expect(words({ cost: { max: 5000 }, minRunway: 6 * 2_629_800 }, { cost: { max: 9000, margin: 0.2 } })).toEqual([
      'cost margin 10% → 20%', 'cost max $5,000.00 → $9,000.00', 'minRunway 6 months → none',
    ]);
    expect(words({ headroom: { min: 1.3 } }, { headroom: { min: 1.1 } })).toEqual(['headroom min 1.3× → 1.1×']);
    expect(words(undefined, { violations: { kinds: { timeout: 'off' } }, latency: 'warn' })).toEqual(['latency error → warn', 'violations.timeout error → off']);
  });

  it('lists nothing stricter, and no threshold of a rule that is off (its level says it)', () => {
    expect(words(undefined, { replicas: { margin: 0.05 }, cost: { max: 100 }, headroom: { min: 2 } })).toEqual([]);
    expect(words(undefined, { replicas: { level: 'off', margin: 0.5 } })).toEqual(['replicas error → off']);
    expect(words({ replicas: 'off' }, { replicas: { level: 'off', margin: 0.9 } })).toEqual([]);
  });

  it('is recorded in the baseline, read back, and absent from an older baseline (no comparison, no note)', async () => {
    const { plan } = await planText(serviceProfile());
    const policy = recorded({ replicas: { margin: 0.2 } });
    const text = renderBaseline({ ...summarisePlan(plan), policy });
    const read = parseSavedPlan(text, 'b.json');
    expect(read.ok && read.summary.policy).toEqual(policy);
    const older = parseSavedPlan(renderBaseline(summarisePlan(plan)), 'b.json');
    expect(older.ok && older.summary.policy).toBeUndefined();
    const r = evaluateGates(plan, older.ok ? older.summary : null, resolvePolicy(undefined), { profilePolicy: recorded({ headroom: 'off' }) });
    expect([r.policyLoosened, r.status]).toEqual([null, 'pass']);
  });

  it('refuses a recorded policy with a level capplan does not know, in its own words', async () => {
    const { plan } = await planText(serviceProfile());
    const text = renderBaseline({ ...summarisePlan(plan), policy: recorded(undefined) }).replace('"level": "error"', '"level": "loud"');
    const read = parseSavedPlan(text, 'b.json');
    expect(read.ok ? [] : read.diagnostics.map((d) => `${d.path}: ${d.message}`)).toEqual(['policy.violations.level: expected "error", "warn" or "off", got string "loud"']);
  });

  async function loosened(flags: GateFlags = {}) {
    const { plan, profile } = await planText(serviceProfile({ extra: 'gates:\n  headroom: { level: off }\n  replicas: { margin: 50% }' }));
    const { plan: before } = await planText(serviceProfile());
    const baseline = { ...summarisePlan(before), policy: recorded(undefined) };
    return evaluateGates(plan, baseline, resolvePolicy(profile.input.gates, flags), { profilePolicy: recordPolicy(resolvePolicy(profile.input.gates)) });
  }

  it('is a warning by default (the gate passes with ⚠️), an error with --gate policy=error, and still said with --gate policy=off', async () => {
    const r = await loosened();
    expect(r.status).toBe('warn');
    expect(r.findings.map((f) => `${f.level} ${f.rule} ${f.message}`)).toEqual([
      "warn policy the profile's gates are milder than the baseline's: headroom error → off, replicas margin 10% → 50%",
    ]);
    expect(r.findings[0]!.paths.slice(0, 2)).toEqual(['gates.headroom', 'gates.replicas.margin']);
    expect((await loosened({ levels: { policy: 'error' } })).status).toBe('fail');
    const off = await loosened({ levels: { policy: 'off' } });
    expect([off.status, off.policyLoosened?.length]).toEqual(['pass', 2]);
    expect(renderCheckGithub(off, o)).toContain('::warning title=capplan check%3A gates loosened::gates loosened since the baseline: headroom error → off, replicas margin 10%25 → 50%25');
  });

  it('is said in every format: the text, the comment’s What moved, a ::warning, and policyLoosened in JSON', async () => {
    const r = await loosened();
    const line = 'gates loosened since the baseline: headroom error → off, replicas margin 10% → 50%';
    expect(renderCheckText(r, o, plainPalette).replace(/\s+/g, ' ')).toContain(line);
    const md = renderCheckMarkdown(r, o);
    expect(md).toContain('### ⚠️ capplan check passed with warnings: 1 warning');
    expect(md).toContain(`**What moved**\n\n- ⚠️ ${line}`);
    expect(renderCheckGithub(r, o)).toMatch(/^::warning title=capplan check%3A policy::gates: the profile's gates are milder than the baseline's: headroom error → off, replicas margin 10%25 → 50%25%0Afix: have the policy change reviewed/m);
    expect(JSON.parse(renderCheckJson(r, o)).policyLoosened).toEqual([
      { change: 'headroom error → off', path: 'gates.headroom' },
      { change: 'replicas margin 10% → 50%', path: 'gates.replicas.margin' },
    ]);
  });
});

describe('a component renamed', () => {
  it('pairs a removed and an added component of one kind in a phase, in every format', async () => {
    const { plan: before } = await planText(serviceProfile());
    const { plan } = await planText(serviceProfile().replace('  api:\n', '  web:\n'));
    const r = evaluateGates(plan, summarisePlan(before), resolvePolicy(undefined));
    expect(r.renamed).toEqual([{ phase: 'now', removed: 'api', added: 'web' }]);
    const note = 'api removed and web added (phase "now"): if renamed, the replicas margin did not compare them';
    expect(renderCheckText(r, o, plainPalette).replace(/\s+/g, ' ')).toContain(note);
    expect(renderCheckMarkdown(r, o)).toContain('- api removed and web added (phase `now`): if renamed, the replicas margin did not compare them');
    expect(renderCheckGithub(r, o)).toContain(`::notice title=capplan check%3A renamed?::${note}`);
    expect(JSON.parse(renderCheckJson(r, o)).phases[0].renamed).toEqual([{ removed: 'api', added: 'web' }]);
  });
});
