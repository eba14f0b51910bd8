/** The check gate's simulate rule: its policy, and the findings a simulation gives. */
import { describe, expect, it } from 'vitest';
import { parseGateFlag, resolvePolicy, gateFlagsOf } from '../../src/gate/policy.js';
import { simulationFindings } from '../../src/simulate/gate.js';
import { PLAN_AS_IS, simulatePhase } from '../../src/simulate/index.js';
import { planText } from '../support/plan.js';
import { steady } from './helpers.js';

describe('the simulate rule', () => {
  it('is off unless the profile or a flag turns it on', () => {
    expect(resolvePolicy(undefined).simulate).toEqual({ level: 'off', requests: 100_000, seed: 1 });
    expect(resolvePolicy({ simulate: true }).simulate.level).toBe('error');
    expect(resolvePolicy({ simulate: 'warn' }).simulate.level).toBe('warn');
    expect(resolvePolicy({ simulate: { requests: 20_000, seed: 3 } }).simulate).toEqual({ level: 'error', requests: 20_000, seed: 3 });
    expect(resolvePolicy({ simulate: true }, gateFlagsOf([parseGateFlag('simulate=off')])).simulate.level).toBe('off');
  });

  it('finds a p95 over its budget, a saturated station and refused calls in what the simulation shows', async () => {
    // api: 2 replicas of μ = 10 at λ = 18 (ρ 0.9): p95 of ln(20)/(10 − 9) ≈ 3 s, far over a 500 ms budget set through max replicas.
    const plan = await planText(
      'apiVersion: capplan/v1\nname: t\nworkload: { rps: 18/s }\ntargets: { latencyP95: 1s, cpuUtilization: 95% }\n'
        + 'components:\n'
        + '  api: { kind: service, serviceTime: 100ms, latencyP95: 500ms, replicas: { min: 2, max: 2 }, calls: [bot] }\n'
        + '  bot: { kind: adapter, capacity: 1000/s, rateLimit: 9/s }\n',
    );
    const phase = plan.phases[0]!;
    const r = simulatePhase(plan.profile, phase, PLAN_AS_IS, { ...steady(30_000, 10, 1), faults: [] });
    const f = simulationFindings(phase, 0, r, 'error');
    expect(f.map((x) => [x.component, x.message.replace(/[\d.,]+ ?(ms|s|%)/g, 'N')])).toEqual([
      ['api', 'simulated p95 of api N (N interval from N) is over its N budget'],
      [null, 'simulated end-to-end p95 N (N interval from N) is over the target N'],
      ['bot', 'simulated: N of requests fail (refused by a rate limit: bot)'],
    ]);
    expect(f[2]!.paths[0]).toBe('components.bot.rateLimit');
    expect(f.every((x) => x.rule === 'simulate' && x.level === 'error')).toBe(true);
  });
});
