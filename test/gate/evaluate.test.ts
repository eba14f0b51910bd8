import { describe, expect, it } from 'vitest';
import { evaluateGates, type Finding } from '../../src/gate/evaluate.js';
import { deployedMaxRps, phasePath } from '../../src/gate/rules.js';
import { resolvePolicy, type GateFlags } from '../../src/gate/policy.js';
import { locatePaths } from '../../src/gate/profile-paths.js';
import { renderDiagnostic } from '../../src/profile/diagnostic.js';
import { parseSavedPlan, renderBaseline } from '../../src/gate/saved-plan.js';
import { summarisePlan } from '../../src/gate/summary.js';
import type { ComponentPlan } from '../../src/plan/types.js';
import { planText, serviceProfile, withBill } from './helpers.js';

// The service of serviceProfile(): μ = 4 / 20 ms = 200 req/s per replica, sized to u = 0.7,
// so each replica carries 140 req/s at its target; 800 req/s needs ⌈5.71⌉ = 6 replicas.
const PER_REPLICA_AT_TARGET = 140;

const policy = (flags: GateFlags = {}, gates?: Parameters<typeof resolvePolicy>[0]) => resolvePolicy(gates, flags);
const brief = (fs: readonly Finding[]) => fs.map((f) => `${f.level} ${f.rule}${f.kind ? `/${f.kind}` : ''} ${f.phase}${f.component ? `/${f.component}` : ''}`);

describe('evaluateGates without a baseline', () => {
  it('passes a plan that holds, and skips the rules that need a baseline', async () => {
    const { plan } = await planText(serviceProfile({ minHeadroom: 1.3, min: 8 }));
    const r = evaluateGates(plan, null, policy());
    expect(r.status).toBe('pass');
    expect(r.findings).toEqual([]);
    expect(r.phases[0]!.headroom).toBeCloseTo((8 * PER_REPLICA_AT_TARGET) / 800, 9);
    expect(r.skipped.map((s) => s.rule)).toEqual(['replicas', 'cost']);
  });

  it('fails headroom for a component sized by throughput, and says how many replicas to pin', async () => {
    const { plan } = await planText(serviceProfile({ minHeadroom: 1.3 }));
    const r = evaluateGates(plan, null, policy());
    expect(brief(r.findings)).toEqual(['error headroom now/api']);
    const f = r.findings[0]!;
    // 6 replicas × 140 req/s = 840 req/s against 800: 1.05×; 8 replicas give 1.4× ≥ 1.3×, 7 give 1.225×.
    expect(f.message).toContain('headroom 1.05× is under the minimum 1.3×');
    expect(f.remedy).toContain('set replicas.min to 8');
    expect(f.paths).toEqual(['components.api']);
  });

  it('takes the headroom minimum from the flag over the profile, and skips the rule without one', async () => {
    const { plan } = await planText(serviceProfile({ minHeadroom: 1.3 }));
    expect(evaluateGates(plan, null, policy({ minHeadroom: 1.05 })).status).toBe('pass');
    const none = await planText(serviceProfile({}));
    const r = evaluateGates(none.plan, null, policy());
    expect(r.status).toBe('pass');
    expect(r.skipped.find((s) => s.rule === 'headroom')?.reason).toMatch(/no targets.minHeadroom in phase "now"/);
    expect(evaluateGates(plan, null, policy({ levels: { headroom: 'warn' } })).status).toBe('warn');
    expect(evaluateGates(plan, null, policy({ levels: { headroom: 'off' } })).findings).toEqual([]);
  });

  it('fails on a violation and points at its profile path; its symptoms are not repeated', async () => {
    const { plan, doc } = await planText(serviceProfile({ minHeadroom: 1.3, max: 4, budget: '100ms' }));
    const r = evaluateGates(plan, null, policy());
    expect(brief(r.findings)).toEqual(['error violations/maxReplicas now/api']);
    expect(r.findings[0]!.paths[0]).toBe('components.api.replicas');
    expect(locatePaths(doc, r.findings[0]!.paths)).toEqual({ line: 14, col: 5, path: 'components.api.replicas' });
  });

  it('reports the symptoms when the violation is off, or only a warning under an error rule', async () => {
    const { plan } = await planText(serviceProfile({ minHeadroom: 1.3, max: 4, budget: '100ms' }));
    const off = evaluateGates(plan, null, policy({ levels: { violations: 'off' } }));
    expect(brief(off.findings)).toEqual(['error headroom now/api', 'error latency now/api']);
    expect(off.findings[1]!.paths).toEqual(['components.api.latencyP95', 'components.api']);
    expect(off.findings[0]!.remedy).toMatch(/replicas.max caps it at 4: raise it to at least 8/);
    const warned = evaluateGates(plan, null, policy({ violationKinds: { maxReplicas: 'warn' } }));
    expect(brief(warned.findings)).toEqual(['error headroom now/api', 'error latency now/api', 'warn violations/maxReplicas now/api']);
    expect(warned.status).toBe('fail');
  });

  it('gates the end-to-end p95 once, as a violation, or by the latency rule when violations are off', async () => {
    const { plan } = await planText(serviceProfile({}).replace('targets:\n', 'targets:\n  latencyP95: 10ms\n'));
    expect(brief(evaluateGates(plan, null, policy()).findings)).toEqual(['error violations/latency now']);
    const r = evaluateGates(plan, null, policy({ levels: { violations: 'off' } }));
    expect(brief(r.findings)).toEqual(['error latency now']);
    expect(r.findings[0]!.message).toMatch(/end-to-end p95 .* is over the target 10 ms/);
    expect(r.findings[0]!.paths).toEqual(['targets.latencyP95']);
  });
});

describe('evaluateGates against a baseline', () => {
  it('measures headroom on the deployed (baseline) replicas and names the workload key that moved', async () => {
    const before = await planText(serviceProfile({ minHeadroom: 1.3, min: 8 }));
    const after = await planText(serviceProfile({ minHeadroom: 1.3, min: 8, rps: 2400 }));
    const r = evaluateGates(after.plan, summarisePlan(before.plan), policy());
    expect(brief(r.findings)).toEqual(['error headroom now/api', 'error replicas now/api']);
    const [headroom, replicas] = r.findings as [Finding, Finding];
    // The baseline's 8 replicas carry 8 × 140 = 1,120 req/s against 2,400: 0.467×; the plan asks for 18.
    expect(r.phases[0]!.components[0]!.deployedReplicas).toBe(8);
    expect(r.phases[0]!.components[0]!.headroom).toBeCloseTo(1120 / 2400, 9);
    expect(headroom.message).toContain('the baseline’s 8 replicas carry 1,120 req/s');
    expect(headroom.message).toContain('(the plan asks for 18 replicas)');
    expect(headroom.cause).toBe('the workload moved: peak 800 → 2,400 req/s');
    expect(replicas.message).toBe('replicas 8 → 18 (+125%) rose more than the 10% margin over the baseline');
    expect(locatePaths(after.doc, replicas.paths)?.path).toBe('workload.rps');
    expect(r.phases[0]!.moved).toBe('peak 800 → 2,400 req/s');
  });

  it('allows a rise within the replicas margin, and a wider margin from the flag', async () => {
    const base = summarisePlan((await planText(serviceProfile({ min: 10 }))).plan);
    const plus1 = (await planText(serviceProfile({ min: 11 }))).plan;
    const plus2 = (await planText(serviceProfile({ min: 12 }))).plan;
    expect(evaluateGates(plus1, base, policy()).status).toBe('pass');
    const r = evaluateGates(plus2, base, policy());
    expect(brief(r.findings)).toEqual(['error replicas now/api']);
    expect(r.findings[0]!.cause).toBe('its settings or capacity changed (binding minReplicas → minReplicas)');
    expect(evaluateGates(plus2, base, policy({ replicasMargin: 0.2 })).status).toBe('pass');
    expect(evaluateGates(plus2, base, policy({ levels: { replicas: 'warn' } })).status).toBe('warn');
  });

  it('gates the monthly cost per phase against the margin, and skips it when a side is unpriced', async () => {
    const { plan } = await planText(serviceProfile({}));
    const base = summarisePlan(withBill(plan, 1000));
    expect(evaluateGates(withBill(plan, 1100), base, policy()).status).toBe('pass');
    const r = evaluateGates(withBill(plan, 1150), base, policy());
    expect(brief(r.findings)).toEqual(['error cost now']);
    expect(r.findings[0]!.message).toBe('monthly cost $1,000.00 → $1,150.00 (+15%) rose more than the 10% margin over the baseline');
    expect(evaluateGates(withBill(plan, 1150), base, policy({ costMargin: 0.2 })).status).toBe('pass');
    const unpriced = evaluateGates(plan, base, policy());
    expect(unpriced.status).toBe('pass');
    expect(unpriced.skipped).toContainEqual({ rule: 'cost', reason: 'the plan or the baseline is not priced' });
  });

  it('passes its own baseline after a round trip through the file, byte for byte stable', async () => {
    const { plan } = await planText(serviceProfile({ minHeadroom: 1.3, min: 8 }).replace('workload:\n  rps: 800', 'workload:\n  sessionsPerDay: 123457\n  requestsPerSession: 7\n  peakFactor: 3.3'));
    const text = renderBaseline(summarisePlan(withBill(plan, 1234.5678)));
    const read = parseSavedPlan(text, 'capplan.lock.json');
    if (!read.ok) throw new Error(read.diagnostics.map(renderDiagnostic).join("\n"));
    expect(read.kind).toBe('baseline');
    expect(renderBaseline(read.summary)).toBe(text);
    const r = evaluateGates(withBill(plan, 1234.5678), read.summary, policy());
    expect(r.status).toBe('pass');
    expect(r.diff.changed).toBe(false);
    expect(r.phases[0]!.moved).toBeNull();
  });

  it('points a phase finding at the phase override, its scale, or the base workload', async () => {
    const text = (scale: number, sessions: number) =>
      serviceProfile({ min: 1 })
        .replace('workload:\n  rps: 800', `workload:\n  sessionsPerDay: ${sessions}\n  requestsPerSession: 20\n  peakFactor: 3`)
        .replace('components:', `phases:\n  - { name: later, scale: ${scale} }\ncomponents:`);
    const base = summarisePlan((await planText(text(2, 200000))).plan);
    const scaled = await planText(text(6, 200000));
    const r = evaluateGates(scaled.plan, base, policy());
    const later = r.findings.find((f) => f.phase === 'later' && f.rule === 'replicas')!;
    expect(later.cause).toBe('the workload moved: sessionsPerDay 400,000 → 1,200,000, scale 2 → 6, peak 278 → 833 req/s');
    expect(locatePaths(scaled.doc, later.paths)?.path).toBe('phases[0].scale');
    const grown = await planText(text(2, 600000));
    const g = evaluateGates(grown.plan, base, policy()).findings.find((f) => f.phase === 'later')!;
    expect(locatePaths(grown.doc, g.paths)?.path).toBe('workload.sessionsPerDay');
    expect(phasePath(0)).toBe('workload');
    expect(phasePath(2)).toBe('phases[1]');
  });
});

describe('deployedMaxRps', () => {
  const comp = (over: Partial<ComponentPlan>): ComponentPlan => ({ replicas: 4, maxRps: 400, maxRpsBy: 'capacity', unitLabel: 'replicas', ...over }) as ComponentPlan;
  it('scales a horizontal component by capacity linearly, and only debits other limits', () => {
    expect(deployedMaxRps(comp({}), 2)).toBe(200);
    expect(deployedMaxRps(comp({}), 8)).toBe(800);
    expect(deployedMaxRps(comp({ maxRpsBy: 'rateLimit' }), 8)).toBe(400);
    expect(deployedMaxRps(comp({ maxRpsBy: 'rateLimit' }), 2)).toBe(200);
    expect(deployedMaxRps(comp({ unitLabel: 'nodes' }), 8)).toBe(400);
    expect(deployedMaxRps(comp({ replicas: 0 }), 3)).toBe(400);
  });
});
