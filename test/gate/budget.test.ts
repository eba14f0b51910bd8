/**
 * The cost rule's budget (gates.cost.max, --max-cost): a phase's monthly bill over it fails the
 * gate with or without a baseline. And a latency violation follows the latency rule's level.
 */
import { describe, expect, it } from 'vitest';
import { evaluateGates } from '../../src/gate/evaluate.js';
import { parseBudgetFlag, resolvePolicy } from '../../src/gate/policy.js';
import { planText, pricedText, serviceProfile, withBill } from './helpers.js';

describe('the cost budget', () => {
  it('fails a phase billed over gates.cost.max without a baseline, naming its largest parts', async () => {
    const { plan } = await pricedText(serviceProfile({ extra: '    resources: { cpu: 2, memory: 4Gi }' }));
    const monthly = plan.phases[0]!.bill!.monthly;
    const r = evaluateGates(plan, null, resolvePolicy({ cost: { max: monthly / 2 } }, {}));
    const f = r.findings.find((x) => x.rule === 'cost')!;
    expect(f.level).toBe('error');
    expect(f.message).toMatch(/^monthly cost \$[\d,.]+ is over the budget of \$[\d,.]+ \(\+100%\); the largest parts: /);
    expect(f.message).toContain('api $');
    expect(f.paths[0]).toBe('gates.cost.max');
    // The budget ran, so the rule is not "skipped for want of a baseline".
    expect(r.skipped.map((s) => s.rule)).not.toContain('cost');
    expect(r.policy.cost.max).toBe(monthly / 2);
  });

  it('passes a phase within the budget, takes --max-cost over the profile, and says when it cannot check', async () => {
    const { plan } = await planText(serviceProfile());
    expect(evaluateGates(withBill(plan, 999.99), null, resolvePolicy({ cost: { max: 1000 } }, {})).findings.filter((f) => f.rule === 'cost')).toEqual([]);
    expect(evaluateGates(withBill(plan, 999.99), null, resolvePolicy({ cost: { max: 1000 } }, { costMax: 500 })).findings.filter((f) => f.rule === 'cost')).toHaveLength(1);
    expect(evaluateGates(withBill(plan, 999.99), null, resolvePolicy({ cost: { level: 'warn', max: 500 } }, {})).status).toBe('warn');
    // Not priced (--no-bill): the budget cannot be checked, and the gate says so.
    expect(evaluateGates(plan, null, resolvePolicy({ cost: { max: 500 } }, {})).skipped.find((s) => s.rule === 'cost')?.reason).toMatch(/not priced/);
  });

  it('fails over a --max-cost budget even where the profile set cost: warn (or off); --gate cost=LEVEL still decides', async () => {
    const { plan } = await planText(serviceProfile());
    const priced = withBill(plan, 999.99);
    const budget = (gates: Parameters<typeof resolvePolicy>[0], flags: Parameters<typeof resolvePolicy>[1]) => evaluateGates(priced, null, resolvePolicy(gates, flags)).findings.filter((f) => f.rule === 'cost').map((f) => f.level);
    expect(budget({ cost: 'warn' }, { costMax: 500 })).toEqual(['error']);
    expect(budget({ cost: 'off' }, { costMax: 500 })).toEqual(['error']);
    expect(budget({ cost: 'warn' }, { costMax: 500, levels: { cost: 'warn' } })).toEqual(['warn']);
    expect(budget({ cost: 'error' }, { costMax: 500, levels: { cost: 'off' } })).toEqual([]);
    // The profile's own budget keeps the rule's level.
    expect(budget({ cost: { level: 'warn', max: 500 } }, {})).toEqual(['warn']);
    expect(budget({ cost: 'off' }, {})).toEqual([]);
    // The rise over the baseline keeps the profile's level: only the budget is raised.
    expect(resolvePolicy({ cost: 'warn' }, { costMax: 500 }).cost).toMatchObject({ level: 'warn', budgetLevel: 'error' });
  });

  it('prints a budget and a bill that round alike with the digits that tell them apart', async () => {
    const { plan } = await planText(serviceProfile());
    const f = evaluateGates(withBill(plan, 302.41903), null, resolvePolicy({ cost: { max: 302.419 } }, {})).findings.find((x) => x.rule === 'cost')!;
    expect(f.message).toMatch(/^monthly cost \$302\.4190?3 is over the budget of \$302\.4190?0? /);
    expect(f.message).not.toMatch(/\$302\.42 is over the budget of \$302\.42/);
  });

  it('reads budgets as a user writes them on the command line', () => {
    expect([parseBudgetFlag('5000'), parseBudgetFlag('$5,000'), parseBudgetFlag('5_000.50'), parseBudgetFlag(' 12000 ')]).toEqual([5000, 5000, 5000.5, 12000]);
    for (const bad of ['abc', '0', '-5', '5k', '5,00']) expect(() => parseBudgetFlag(bad)).toThrow(/monthly budget in USD/);
  });
});

describe('a latency violation', () => {
  it('follows the latency rule: latency: warn relaxes it, violations.kinds.latency overrides both', async () => {
    // 800 req/s on 20 ms × 4 workers; a 1 ms budget no replica count meets: a latency violation.
    const { plan } = await planText(serviceProfile({ budget: '1ms' }));
    const levelOf = (gates: Parameters<typeof resolvePolicy>[0]) => evaluateGates(plan, null, resolvePolicy(gates, {})).findings.find((f) => f.kind === 'latency')?.level ?? 'none';
    expect(levelOf(undefined)).toBe('error');
    expect(levelOf({ latency: 'warn' })).toBe('warn');
    expect(levelOf({ latency: 'off' })).toBe('none');
    expect(levelOf({ latency: 'warn', violations: { kinds: { latency: 'error' } } })).toBe('error');
    expect(levelOf({ violations: 'warn', latency: 'error' })).toBe('warn');
  });
});
