/** The fuzzer's exemption for a caller whose held callee scaled out (scripts/fuzz/invariants.ts). */
import { describe, expect, it } from 'vitest';
import { relievedCallers } from '../../scripts/fuzz/invariants.js';
import type { PhasePlan } from '../../src/plan/types.js';

type Call = { to: string; blocking: boolean; retries: number; timeout: number | null };
const phase = (counts: Record<string, number>, calls: Record<string, Call[]>) =>
  ({ components: Object.entries(counts).map(([name, replicas]) => ({ name, replicas, callGraph: calls[name] ?? [] })) }) as unknown as PhasePlan;
const call = (to: string, over: Partial<Call> = {}): Call => ({ to, blocking: false, retries: 0, timeout: null, ...over });

describe('relievedCallers', () => {
  it('names a blocking or retrying caller of a component that got more replicas, and only it', () => {
    const calls = { api: [call('db', { blocking: true })], web: [call('db')], pay: [call('bank', { retries: 2, timeout: 0.5 })], bff: [call('api', { blocking: true })] };
    const low = phase({ api: 10, web: 4, pay: 3, bank: 2, db: 6, bff: 2 }, calls);
    const high = phase({ api: 9, web: 5, pay: 2, bank: 3, db: 8, bff: 2 }, calls);
    // api holds its workers through db (6 → 8); pay retries bank (2 → 3) on a timeout; web's call
    // to db does not hold it; bff holds through api, which shrank.
    expect([...relievedCallers(low, high)].sort()).toEqual(['api', 'pay']);
    expect([...relievedCallers(low, low)]).toEqual([]);
  });
});
