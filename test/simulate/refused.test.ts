/**
 * The simulation counts the calls a provider's rate limit refuses below the limit and sets them
 * beside the plan's share (model/token-bucket.ts): the simulated share's 95 % interval holds the
 * plan's figure, which is then not flagged.
 */
import { describe, expect, it } from 'vitest';
import { refusedShare } from '../../src/model/token-bucket.js';
import { PLAN_AS_IS, simulatePhase } from '../../src/simulate/index.js';
import { stationRows } from '../../src/simulate/render-rows.js';
import { planText } from '../support/plan.js';
import { steady } from './helpers.js';

describe('calls refused below a rate limit, simulated beside the plan', () => {
  it('holds the plan’s share within the simulated interval (9/s on a 10/s limit: 1.66 %)', async () => {
    const plan = await planText('apiVersion: capplan/v1\nname: t\nworkload: { rps: 9/s }\ncomponents:\n  bot: { kind: adapter, capacity: 1000/s, rateLimit: 10/s }\n');
    const phase = plan.phases[0]!;
    const r = simulatePhase(plan.profile, phase, PLAN_AS_IS, { ...steady(200_000, 10, 3), faults: [] });
    const bot = r.stations.find((s) => s.component === 'bot')!;
    expect(bot.refused!.analytic).toBeCloseTo(refusedShare(9, 10)!, 15);
    const sim = bot.refused!.sim!;
    expect(Math.abs(sim.mean - refusedShare(9, 10)!)).toBeLessThanOrEqual(sim.halfWidth);
    expect(bot.refused!.flagged).toBe(false);
    expect(stationRows(bot).find((row) => row[1] === 'refused')).toEqual(['', 'refused', expect.stringMatching(/^1\.6\d ± 0\.\d+%$/), '1.66%', '']);
  });

  it('has no refused row where the plan gives no share (no rate limit)', async () => {
    const plan = await planText('apiVersion: capplan/v1\nname: t\nworkload: { rps: 9/s }\ncomponents:\n  api: { kind: service, capacity: 100/s }\n');
    const r = simulatePhase(plan.profile, plan.phases[0]!, PLAN_AS_IS, { ...steady(20_000, 5, 1), faults: [] });
    expect(r.stations[0]!.refused).toBeNull();
    expect(stationRows(r.stations[0]!).map((row) => row[1])).not.toContain('refused');
  });
});
