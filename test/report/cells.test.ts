/** The tables both reports share, and the cost chart drawn from the same figures. */
import { describe, expect, it } from 'vitest';
import { costParts, costTable, headlineFacts, overviewTable } from '../../src/report/cells.js';
import { renderCostChart } from '../../src/report/chart-cost.js';
import { componentColours } from '../../src/report/colours.js';
import { bundledProfiles } from '../support/profiles.js';
import { reportInputOf, root } from './helpers.js';

describe('cost per phase', () => {
  it('splits each bill into parts that add up to its monthly total (every bundled profile)', async () => {
    for (const file of await bundledProfiles()) {
      const { plan } = await reportInputOf(file);
      plan.phases.forEach((p, i) => {
        const parts = costParts(plan, i);
        const sum = parts.reduce((s, x) => s + x.usd, 0);
        // The plan's figures are summed unrounded; the JSON's six digits are the only slack.
        expect(Math.abs(sum - p.bill!.monthly), `${file} ${p.name}`).toBeLessThanOrEqual(p.bill!.monthly * 1e-9 + 1e-9);
        // An on-prem build (free-intelligence) is not split by component: no byComponent, one whole part.
        const by = (p.bill!.byComponent ?? {}) as Record<string, number>;
        expect(parts.filter((x) => x.component !== null).map((x) => x.component)).toEqual(p.components.map((c) => c.name).filter((n) => (by[n] ?? 0) > 0));
      });
    }
  });
  it('keeps an on-prem build whole (it is not split by component)', async () => {
    const input = await reportInputOf(`${root}profiles/templates/small.yaml`, { target: 'onprem' });
    expect(costParts(input.plan, 0)).toEqual([{ name: 'whole bill (not split by component)', usd: input.plan.phases[0]!.bill!.monthly, path: 'phases[0].bill.monthly', component: null }]);
  });
  it('draws each phase’s bar as long as its monthly total, segments end to end', async () => {
    const input = await reportInputOf(`${root}profiles/thea-ia.yaml`);
    const html = renderCostChart(input.plan, componentColours(input.plan))!;
    const ticks = [...html.matchAll(/<text x="([\d.]+)" y="[\d.]+" class="tick" text-anchor="middle">\$([\d,]+)<\/text>/g)].map((m) => ({ x: Number(m[1]), usd: Number(m[2]!.replace(/,/g, '')) }));
    const pxPerUsd = (ticks.at(-1)!.x - ticks[0]!.x) / (ticks.at(-1)!.usd - ticks[0]!.usd);
    const bars = new Map<string, number[][]>();
    for (const m of html.matchAll(/<rect class="seg [^"]+" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)"/g)) bars.set(m[2]!, [...(bars.get(m[2]!) ?? []), [Number(m[1]), Number(m[3])]]);
    expect([...bars.keys()].length).toBe(input.plan.phases.length);
    [...bars.values()].forEach((segs, i) => {
      for (let k = 1; k < segs.length; k++) expect(Math.abs(segs[k]![0]! - (segs[k - 1]![0]! + segs[k - 1]![1]!))).toBeLessThanOrEqual(0.15);
      const length = segs.at(-1)![0]! + segs.at(-1)![1]! - segs[0]![0]!;
      expect(Math.abs(length - input.plan.phases[i]!.bill!.monthly * pxPerUsd)).toBeLessThanOrEqual(0.1 * segs.length + 0.1);
    });
  });
  it('totals each phase from its bill (thea-ia)', async () => {
    const { plan } = await reportInputOf(`${root}profiles/thea-ia.yaml`);
    const t = costTable(plan)!;
    expect(t.rows.at(-1)!.map((c) => c.text)).toEqual(['monthly', ...plan.phases.map((p) => `$${p.bill!.monthly.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`)]);
    expect(t.rows.map((r) => r[0]!.text)).toEqual(['fsm', 'telegram', 'telegram-broadcast', 'rest', 'agents', 'postgres', 'redis', 'packing waste (bought, not requested)', 'monthly']);
  });
});

describe('headline and overview', () => {
  it('names the first violation of the roadmap, with its phase (thea-ia)', async () => {
    const { plan } = await reportInputOf(`${root}profiles/thea-ia.yaml`);
    const facts = headlineFacts(plan, (i) => `phase-${i}`);
    expect(facts.map((f) => f.label)).toEqual(['bottleneck (v0.14 today)', 'headroom (v0.14 today)', 'monthly cost (v0.14 today)', 'first violation']);
    const v = facts[3]!;
    expect(v.lead).toEqual({ text: 'FSM target 1000 req/s: fsm —', href: '#phase-1' });
    expect(v.value).toEqual({ text: plan.phases[1]!.violations[0]!.message, path: 'phases[1].violations[0].message' });
  });
  it('says there is none when no phase has a violation (templates/small)', async () => {
    const { plan } = await reportInputOf(`${root}profiles/templates/small.yaml`);
    expect(headlineFacts(plan, () => '').at(-1)).toEqual({ label: 'violations', value: { text: 'none in 1 phase' }, tone: 'ok' });
    expect(overviewTable(plan, () => '').rows).toHaveLength(1);
  });
});
