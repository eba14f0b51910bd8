/**
 * The engine under faults, over random request programs: blocking callers (nested), async
 * workers with priority classes, adapters with rate limits, calls made with a probability, as
 * exclusive alternatives, with timeouts, retries and failures, and a zone or some replicas lost
 * (and brought back) mid-run. Whatever the program, the run ends without an internal error (a
 * release with nothing held, a malformed program), every request that finishes is counted once,
 * and the verdict names each station it hit. Two faults of this kind were found by hand before
 * this test: a held visit lost before it held its server freed another request's server, and its
 * skip index did not move with the program behind the spawns.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import { DEFAULTS, parseFail, preparePhase, PLAN_AS_IS, runReplications, summarise } from '../../src/simulate/index.js';
import { checkSteps } from '../../src/simulate/steps.js';

interface Spec {
  rps: number;
  zones: number;
  components: { kind: 'service' | 'worker' | 'adapter'; serviceMs: number; workers: number; classes: boolean; calls: string[] }[];
  fault: { zone: boolean; component: number; count: number; back: boolean };
}

const call = (to: number) =>
  fc
    .record({ blocking: fc.boolean(), probability: fc.option(fc.constantFrom('30%', '70%'), { nil: null }), retry: fc.option(fc.constantFrom('20ms', '150ms'), { nil: null }), fails: fc.boolean() })
    .map((c) => `{ ${[`to: c${to}`, c.blocking ? 'blocking: true' : '', c.probability ? `probability: ${c.probability}` : '', c.retry ? `timeout: ${c.retry}, retries: 2` : '', c.fails ? 'failureRate: 2%' : ''].filter(Boolean).join(', ')} }`);

const spec: fc.Arbitrary<Spec> = fc.integer({ min: 3, max: 6 }).chain((n) =>
  fc.record({
    rps: fc.constantFrom(50, 150),
    zones: fc.integer({ min: 1, max: 3 }),
    components: fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.record({
          kind: i === 0 ? fc.constant('service' as const) : fc.constantFrom('service' as const, 'worker' as const, 'adapter' as const),
          serviceMs: fc.constantFrom(5, 20, 80),
          workers: fc.constantFrom(2, 4),
          classes: fc.boolean(),
          calls: fc.tuple(
            fc.subarray(Array.from({ length: n - i - 1 }, (_, k) => i + 1 + k)).chain((tos) => fc.tuple(...tos.map(call))),
            fc.boolean(),
          ).map(([calls, oneOf]) => (oneOf && i + 2 < n ? [`{ oneOf: [{ to: c${i + 1}, probability: 60% }, { to: c${i + 2}, probability: 40% }] }`, ...calls.filter((c) => !c.includes(`to: c${i + 1},`) && !c.includes(`to: c${i + 1} `) && !c.includes(`to: c${i + 2},`) && !c.includes(`to: c${i + 2} `))] : calls)),
        }),
      ),
    ),
    fault: fc.record({ zone: fc.boolean(), component: fc.integer({ min: 0, max: n - 1 }), count: fc.integer({ min: 1, max: 2 }), back: fc.boolean() }),
  }),
);

function yamlOf(s: Spec): string {
  const lines = s.components.map((c, i) => {
    const base = `kind: ${c.kind}, serviceTime: ${c.serviceMs}ms, workers: ${c.workers}`;
    if (c.kind === 'worker') return `  c${i}: { ${base}${c.classes ? ', classes: [{ name: hi, share: 20%, timeout: 2s }, { name: lo, share: 80%, timeout: 60s }]' : ''} }`;
    const calls = c.calls.length ? `, calls: [${c.calls.join(', ')}]` : '';
    return `  c${i}: { ${base}${c.kind === 'adapter' ? ', rateLimit: 100/s' : ''}${calls} }`;
  });
  return `apiVersion: capplan/v1\nname: random\nworkload: { rps: ${s.rps} }\ntargets: { zones: ${s.zones} }\ncomponents:\n${lines.join('\n')}\n`;
}

describe('the engine under faults, over random programs', () => {
  it('ends without an internal error, counts each finished request once, and judges every station hit', async () => {
    await fc.assert(
      fc.asyncProperty(spec, async (s) => {
        const { profile } = await loadProfileText(yamlOf(s), 'random.yaml');
        const plan = solve(profile);
        const f = s.fault;
        // No more replicas than the plan gives the component: a count above them is refused (options.test.ts), not run.
        const count = Math.min(f.count, plan.phases[0]!.components.find((c) => c.name === `c${f.component}`)?.replicas ?? 1);
        const text = f.zone && s.zones > 1 ? `zone:a@10s${f.back ? '+10s' : ''}` : `c${f.component}:${count}@10s${f.back ? '+10s' : ''}`;
        const p = preparePhase(plan.profile, plan.phases[0]!, PLAN_AS_IS, {
          seed: 7, replications: 1, mode: 'transient', requests: 0, warmupFraction: 0, durationS: 30, windows: 6,
          arrivals: { kind: 'poisson' }, ramp: null, faults: [parseFail(text)], maxInSystem: DEFAULTS.maxInSystem,
        });
        expect(checkSteps(p.model)).toBeNull();
        const results = runReplications(p.model, p.settings);
        for (const r of results) {
          const finished = r.e2eCount + r.failed.rejected + r.failed.lost + r.failed.exhausted;
          expect(finished).toBeLessThanOrEqual(r.arrivals);
        }
        const verdict = summarise(p.model, p.settings, results).timeline!.faults[0]!;
        expect(verdict.survivors.length).toBeGreaterThan(0);
        expect(verdict.recovers).toBe(verdict.saturated.length === 0 && verdict.growing.length === 0);
      }),
      { numRuns: 40 },
    );
  }, 120_000);
});
