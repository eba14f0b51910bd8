/** Parallel calls (fork-join): validation, the plan's path and holds, and the plan against the simulator. */
import { describe, expect, it } from 'vitest';
import { problems } from '../support/problems.js';
import { buildSimModel } from '../../src/simulate/from-plan.js';
import { FINE, histogramQuantile } from '../../src/simulate/histogram.js';
import { runReplications } from '../../src/simulate/runner.js';
import { interval } from '../../src/simulate/stats.js';
import { steady } from '../simulate/helpers.js';
import { component, planText } from '../support/plan.js';

/** A gateway calling three services at once (or, `sequential`, one after another), then an audit service. */
function fanOut(rps: number, opts: { sequential?: boolean; blocking?: boolean; gatewayVisits?: number } = {}): string {
  const calls = opts.sequential ? '[profile, pricing, stock, audit]' : '[{ parallel: [profile, pricing, stock] }, audit]';
  return `apiVersion: capplan/v1
name: fan
workload: { rps: ${rps} }
targets: { zones: 1, cpuUtilization: 90% }
components:
  gateway: { kind: service, serviceTime: 5ms, workers: 8, replicas: { min: 1, max: 1 }, blocking: ${opts.blocking ?? false}${opts.gatewayVisits ? `, perRequest: ${opts.gatewayVisits}` : ''}, calls: ${calls} }
  profile: { kind: service, serviceTime: 20ms, workers: 4, replicas: { min: 1, max: 1 } }
  pricing: { kind: service, serviceTime: 30ms, workers: 4, replicas: { min: 1, max: 1 } }
  stock: { kind: service, serviceTime: 25ms, workers: 4, replicas: { min: 1, max: 1 } }
  audit: { kind: service, serviceTime: 10ms, workers: 4, replicas: { min: 1, max: 1 } }
`;
}

describe('parallel calls: validation', () => {
  const with_ = (calls: string) => `apiVersion: capplan/v1
name: t
workload: { rps: 10 }
components:
  api:
    kind: service
    serviceTime: 5ms
    calls:
      - ${calls}
  a: { kind: service, serviceTime: 5ms }
  b: { kind: service, serviceTime: 5ms }
`;
  it('refuses an empty parallel, a member twice, a parallel inside a parallel, a probability on the entry and an unknown member, each positioned', async () => {
    expect(await problems(with_('parallel: []'))).toEqual(['p.yaml:9:19 components.api.calls[0].parallel: a parallel entry needs at least one member']);
    expect(await problems(with_('parallel: [a, { oneOf: [{ to: b, probability: 0.5 }, { to: a, probability: 0.5 }] }]'))).toEqual([
      'p.yaml:9:68 components.api.calls[0].parallel[1].oneOf[1].to: "a" is a member of this parallel entry twice',
    ]);
    expect((await problems(with_('parallel: [a, { parallel: [b] }]')))[0]).toBe(
      'p.yaml:9:35 components.api.calls[0].parallel[1].parallel: a parallel entry cannot hold another parallel: list its members in the outer one (they all start together)',
    );
    expect(await problems(with_('{ parallel: [a, b], probability: 0.5 }'))).toEqual(['p.yaml:9:42 components.api.calls[0].probability: give the members of a parallel entry their own probability']);
    expect((await problems(with_('parallel: [a, c]')))[0]).toMatch(/^p\.yaml:9:23 components\.api\.calls\[0\]\.parallel\[1\]: calls "c", which is not a component/);
    expect(await problems(with_('parallel: [a, { to: b, blocking: true }]'))).toEqual([]);
  });
});

describe('parallel calls: the plan', () => {
  it('takes the slowest member, not the sum, and says so in the JSON notes; loads are unchanged', async () => {
    const par = await planText(fanOut(50));
    const seq = await planText(fanOut(50, { sequential: true }));
    const p = par.phases[0]!.system;
    const s = seq.phases[0]!.system;
    expect(p.latencyP95).toBeLessThan(s.latencyP95 * 0.8);
    expect(p.latencyMethod).toBe('exact');
    expect(p.latencyNotes.some((n) => n.includes("takes the slowest member's time"))).toBe(true);
    expect(p.latencyModel[0]).toMatch(/^end-to-end p95: the percentile of the whole path's time, each parallel calls entry the slowest of its members/);
    expect(p.latencyModel).toContain('parallel: each visit of gateway calls profile, pricing, stock at once: the path takes the slowest (the max of independent members), not their sum');
    for (const n of ['profile', 'pricing', 'stock', 'audit']) expect(component(par, n).demand).toBe(component(seq, n).demand);
  });

  it('holds a blocking caller for the slowest member: E[H] = E[max] (three idle-ish members)', async () => {
    const par = await planText(fanOut(5, { blocking: true }));
    const seq = await planText(fanOut(5, { blocking: true, sequential: true }));
    const heldPar = component(par, 'gateway').detail.heldTime as number;
    const heldSeq = component(seq, 'gateway').detail.heldTime as number;
    expect(heldPar).toBeLessThan(heldSeq * 0.75);
    // At 5 req/s the members barely queue: E[max] of Exp(20), Exp(30), Exp(25) ms by inclusion–exclusion, plus the gateway's own 5 ms and audit's 10 ms.
    const l = [1 / 0.02, 1 / 0.03, 1 / 0.025];
    const emax = l.reduce((s, x) => s + 1 / x, 0) - (1 / (l[0]! + l[1]!) + 1 / (l[0]! + l[2]!) + 1 / (l[1]! + l[2]!)) + 1 / (l[0]! + l[1]! + l[2]!);
    expect(Math.abs(heldPar - (0.005 + emax + 0.01)) / (0.005 + emax + 0.01)).toBeLessThan(0.02);
  });

  it('holds the worker until the join when any member is blocking: the members are all blocking then', async () => {
    const text = fanOut(5).replace('calls: [{ parallel: [profile, pricing, stock] }, audit]', 'calls: [{ parallel: [profile, { to: pricing, blocking: true }, stock] }, audit]');
    const plan = await planText(text);
    const calls = component(plan, 'gateway').callGraph;
    expect(calls.filter((k) => k.member !== undefined).map((k) => k.blocking)).toEqual([true, true, true]);
    expect(calls.find((k) => k.to === 'audit')!.blocking).toBe(false);
    const l = [1 / 0.02, 1 / 0.03, 1 / 0.025];
    const emax = l.reduce((s, x) => s + 1 / x, 0) - (1 / (l[0]! + l[1]!) + 1 / (l[0]! + l[2]!) + 1 / (l[1]! + l[2]!)) + 1 / (l[0]! + l[1]! + l[2]!);
    const held = component(plan, 'gateway').detail.heldTime as number;
    expect(Math.abs(held - (0.005 + emax)) / (0.005 + emax)).toBeLessThan(0.02);
  });

  it("holds a blocking caller for its callee's answer with the callee's own parallel calls taken as their slowest", async () => {
    const plan = await planText(`apiVersion: capplan/v1
name: nested
workload: { rps: 2 }
targets: { zones: 1 }
components:
  entry: { kind: service, serviceTime: 2ms, workers: 8, blocking: true, calls: [g] }
  g: { kind: service, serviceTime: 3ms, workers: 8, blocking: true, calls: [{ parallel: [a, b, c] }] }
  a: { kind: service, serviceTime: 10ms, workers: 4 }
  b: { kind: service, serviceTime: 10ms, workers: 4 }
  c: { kind: service, serviceTime: 10ms, workers: 4 }
`);
    // E[max] of three Exp(10 ms) is 10 × (1 + 1/2 + 1/3) ms (Rényi); at 2 req/s nobody queues.
    const expected = 0.002 + 0.003 + 0.01 * (1 + 1 / 2 + 1 / 3);
    const held = component(plan, 'entry').detail.heldTime as number;
    expect(Math.abs(held - expected) / expected).toBeLessThan(0.01);
  });

  it('sums the members of a caller visited more than once per request, and says so', async () => {
    const plan = await planText(fanOut(20, { gatewayVisits: 2 }));
    const sys = plan.phases[0]!.system;
    expect(sys.latencyNotes.some((n) => n.includes('their times are summed, an upper bound on the slowest'))).toBe(true);
    const seq = await planText(fanOut(20, { gatewayVisits: 2, sequential: true }));
    expect(sys.latencyP95).toBeCloseTo(seq.phases[0]!.system.latencyP95, 9);
  });
});

describe('parallel calls: plan against simulation', () => {
  // pricing (the busiest: 30 ms on 4 workers, 133 req/s) at ~20 %, 45 % and 70 % utilisation.
  for (const rps of [26.7, 60, 93.3]) {
    it(`the plan's end-to-end p95 lies in the simulation's 99 % interval at ${rps} req/s`, async () => {
      const plan = await planText(fanOut(rps));
      const phase = plan.phases[0]!;
      const m = buildSimModel(plan.profile, phase);
      expect(m.steps.some((s) => s.op === 'fork')).toBe(true);
      const rs = runReplications(m, steady(150_000, 10, 11));
      const x = interval(rs.map((r) => histogramQuantile(FINE, r.e2eHist, 0, 0.95)), 0.99)!;
      const seq = (await planText(fanOut(rps, { sequential: true }))).phases[0]!.system.latencyP95;
      expect(phase.system.latencyP95).toBeGreaterThanOrEqual(x.lo);
      expect(phase.system.latencyP95).toBeLessThanOrEqual(x.hi);
      // The sum the path took before is far outside it.
      expect(seq).toBeGreaterThan(x.hi * 1.2);
    }, 60_000);
  }
});

describe('parallel calls: a nested fan-out against simulation', () => {
  it("test/fixtures/fanout/nested.yaml (a fan-out inside a member, chains, repeated visits, a database member): the plan's p95 lies in the simulation's 99 % interval", async () => {
    const { readFile } = await import('node:fs/promises');
    // Its members other than plain visits are read from tail interpolants (tail-interpolant.ts), not inverted at every grid point.
    const plan = await planText(await readFile(new URL('../fixtures/fanout/nested.yaml', import.meta.url), 'utf8'));
    const phase = plan.phases[0]!;
    expect(phase.system.latencyMethod).toBe('exact');
    const m = buildSimModel(plan.profile, phase);
    expect(m.steps.filter((s) => s.op === 'fork').length).toBe(2);
    const rs = runReplications(m, steady(150_000, 10, 11));
    const x = interval(rs.map((r) => histogramQuantile(FINE, r.e2eHist, 0, 0.95)), 0.99)!;
    expect(phase.system.latencyP95).toBeGreaterThanOrEqual(x.lo);
    expect(phase.system.latencyP95).toBeLessThanOrEqual(x.hi);
  }, 120_000);
});

describe('parallel calls: bundled profiles', () => {
  it('plan the same when each plain call is written as a one-member parallel entry (the path without parallel calls is untouched)', async () => {
    const { readFile, readdir } = await import('node:fs/promises');
    const { parse, stringify } = await import('yaml');
    const dir = new URL('../../profiles/', import.meta.url);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(3);
    let rewritten = 0;
    for (const f of files) {
      const text = await readFile(new URL(f, dir), 'utf8');
      const doc = parse(text) as { components: Record<string, { calls?: unknown[] }> };
      for (const c of Object.values(doc.components)) {
        if (!Array.isArray(c.calls)) continue;
        c.calls = c.calls.map((k) => (typeof k === 'string' ? (rewritten++, { parallel: [k] }) : k));
      }
      const figures = (plan: Awaited<ReturnType<typeof planText>>) =>
        plan.phases.map((p) => ({ system: p.system, components: p.components.map((c) => ({ name: c.name, replicas: c.replicas, latencyP95: c.latencyP95, detail: c.detail })) }));
      const before = figures(await planText(text));
      const after = figures(await planText(stringify(doc)));
      expect(after, f).toEqual(before);
    }
    expect(rewritten).toBeGreaterThan(5);
  }, 120_000);
});
