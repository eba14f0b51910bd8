/**
 * The fuzzer's metamorphic checks (scripts/fuzz/invariants.ts), and the one change of shape they
 * allow: a database that shards under more load may drop read replicas, and with them copies of
 * its data, so its nodes and the bill may fall (seed 2026 case 7380); and one bound: a bill that
 * newly leaves a component out (its pods fit no instance) is a lower bound (seed 2027 case 11212).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkInvariants, monotonicityViolations, newlyUnpriced, reshardedDatabases, scaleLoad } from '../../scripts/fuzz/invariants.js';
import { billOptions } from '../../src/cli/plan-pipeline.js';
import { loadProfileText } from '../../src/cli/profile-input.js';
import { solve } from '../../src/plan/solve.js';
import type { Plan } from '../../src/plan/types.js';
import { pricePlan } from '../../src/pricing/bill.js';

const text = readFileSync(new URL('./regressions/plan-database-reshards-under-load/files/profile.yaml', import.meta.url), 'utf8');

async function plans(k: number): Promise<[Plan, Plan]> {
  const { profile } = await loadProfileText(text, 'profile.yaml');
  const price = (p: typeof profile) => pricePlan(solve(p), billOptions(p, {}).options);
  return [price(profile), price(scaleLoad(profile, k))];
}

describe('fuzz invariants', () => {
  it('case 7380: supabase trades a read replica for a shard under 1.5 × the load, and holds less data', async () => {
    const [low, high] = await plans(1.5);
    const [a, b] = [low.phases[2]!, high.phases[2]!];
    const db = (p: typeof a) => p.components.find((c) => c.name === 'supabase')!;
    // By hand (src/kinds/database.ts, u = 0.7): 1,000 writes/s on a 2,000/s primary need ⌈1000/1400⌉ = 1 shard;
    // 1,000 × 3 reads × (1 − 0.6) = 1,200/s put the primary at 0.5 + 0.24 = 74 % > 70 %: 1 read replica.
    expect([db(a).detail.shards, db(a).detail.readReplicasPerShard, db(a).replicas]).toEqual([1, 1, 2]);
    // × 1.5: ⌈1500/1400⌉ = 2 shards; each primary at 750/2000 + 900/5000 = 55.5 % ≤ 70 %: no read replica.
    expect([db(b).detail.shards, db(b).detail.readReplicasPerShard, db(b).replicas]).toEqual([2, 0, 2]);
    // Data held grows 1.5×, but 2 full copies become 2 halves: storage × 1.5 / 2.
    const storage = (p: typeof a) => p.bill!.lines.find((l) => l.description === 'block storage: supabase')!.quantity;
    expect(storage(b) / storage(a)).toBeCloseTo(1.5 / 2, 9);
    expect(b.bill!.monthly).toBeLessThan(a.bill!.monthly);
    expect(reshardedDatabases(a, b)).toEqual(new Set(['supabase']));
    expect(await checkInvariants(text, 1.5, 4)).toEqual([]);
  });

  it('case 11212: a GPU pod that outgrows every instance leaves the bill, which the plan says; no other check is lifted', async () => {
    const gpu = readFileSync(new URL('./regressions/plan-gpu-pods-outgrow-instances/files/profile.yaml', import.meta.url), 'utf8');
    const { profile } = await loadProfileText(gpu, 'profile.yaml');
    const price = (p: typeof profile) => pricePlan(solve(p), billOptions(p, {}).options);
    const [low, high] = [price(profile), price(scaleLoad(profile, 1.5))];
    const i = low.phases.findIndex((p) => p.name === 'H08-H09 sharded and clustered');
    const [a, b] = [low.phases[i]!, high.phases[i]!];
    const agents = (p: typeof a) => p.components.find((c) => c.name === 'agents')!;
    // The largest GPU instance in aws us-east-1 of the catalog holds 8 GPUs: 6 a pod fit, 9 do not.
    expect([agents(a).resources.gpus, agents(b).resources.gpus]).toEqual([6, 9]);
    expect(a.bill!.lines.some((l) => l.description.startsWith('gpu node pool'))).toBe(true);
    expect(b.bill!.lines.some((l) => l.description.startsWith('gpu node pool'))).toBe(false);
    expect(b.violations.find((v) => v.kind === 'unpriced')!.message).toMatch(/no gpu instance type in aws us-east-1 fits one pod .*9 GPUs.*leaves it out/);
    expect(b.bill!.monthly).toBeLessThan(a.bill!.monthly);
    expect(newlyUnpriced(a, b)).toEqual(new Set(['agents']));
    expect(newlyUnpriced(b, b)).toEqual(new Set());
    expect(monotonicityViolations(low, high, 'load × 1.5', true).filter((v) => v.includes('smaller bill'))).toEqual([]);
    expect(await checkInvariants(gpu, 1.5, 2)).toEqual([]);
  });

  it('still reports a smaller bill or fewer replicas where no database resharded', async () => {
    const [low] = await plans(1.5);
    const cheaper = structuredClone(low);
    const phase = cheaper.phases[0]!;
    phase.bill!.monthly *= 0.9;
    phase.components[0]!.replicas -= 1;
    const c = phase.components[0]!;
    expect(monotonicityViolations(low, cheaper, 'load × 1.5', true)).toEqual([
      `load × 1.5: fewer replicas: ${c.kind} ${c.name} (phase ${phase.name}) ${c.replicas + 1} → ${c.replicas}, binding ${c.binding} → ${c.binding}`,
      `load × 1.5: smaller bill (phase ${phase.name}) ${low.phases[0]!.bill!.monthly} → ${phase.bill!.monthly}`,
    ]);
  });
});
