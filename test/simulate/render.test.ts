/** Renderers of simulation reports: 80 columns, the marks and notes, Markdown and JSON. */
import { describe, expect, it } from 'vitest';
import { renderSimulationJson, renderSimulationMarkdown, renderSimulationText, summarise } from '../../src/simulate/index.js';
import type { SimReport } from '../../src/simulate/report.js';
import { runReplications, type SimSettings } from '../../src/simulate/runner.js';
import { model, station, steady, visit } from './helpers.js';
import { plainPalette } from '../../src/render/palette.js';

const m = model(
  2,
  [
    station('api', 3, 2, { analytic: [{ utilization: 1 / 3, meanResponseS: 0.5, p95S: 1.5, waitProbability: 0.1, queueLength: 0.05 }] }),
    station('jobs', 2, 2, { sharedQueue: true, classes: ['high', 'low'], inexact: 'per-class p95 is an approximation' }),
    station('hot', 1, 1),
  ],
  [{ kind: 'exponential', meanS: 1 }, { kind: 'exponential', meanS: 0.4 }, { kind: 'exponential', meanS: 0.6 }],
  [{ op: 'spawn', target: 4, whole: 1, frac: 0 }, visit(0, 0), visit(2, 2), { op: 'end' }, visit(1, 1, { classShares: [0.5, 0.5] }), { op: 'end' }],
  { path: ['api', 'hot'], analyticPath: { meanS: 1, p95S: 3, inexact: null }, zones: 3 },
);

function report(s: SimSettings): SimReport {
  return summarise(m, s, runReplications(m, s));
}

const width = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('simulation renderers', () => {
  const steadyReport = report(steady(20_000, 4, 1));
  it('draws the comparison within 80 columns, with ✗ where the plan is off and the unstable station unprinted', () => {
    const text = renderSimulationText([steadyReport]);
    expect(width(text)).toBeLessThanOrEqual(80);
    // The plan's api mean (0.5 s) is far from the simulated M/M/2 one (~1.1 s): flagged.
    expect(text).toMatch(/^ +mean +.* s +500 ms  ✗$/m);
    // hot: λ = 2 on one server of mean 0.6 s, ρ = 1.2.
    expect(text).toContain('unstable (ρ 1.2)');
    expect(text).toMatch(/! hot is offered ρ = 1\.2/);
    expect(text).toMatch(/jobs: per-class p95 is an approximation/);
    expect(text).toContain('high mean');
  });

  it('draws the comparison a block a station below the width of its table, each metric on its own lines', () => {
    const text = renderSimulationText([steadyReport], plainPalette, { width: 40, unicode: true, detail: 'normal' });
    expect(width(text)).toBeLessThanOrEqual(40);
    // The station once, then its metrics; the plan's api mean still flagged.
    expect(text).toMatch(/^ {2}api ×3 c=2\n {4}metric util\b/m);
    expect(text).toMatch(/^ {4}plan 500 ms · ✗$/m);
  });

  it('draws a fault run as a sparkline with the event and the survivors', () => {
    // api alone (hot, unstable, would grow its queue): 20-s windows of about 40 completed requests, enough for a p95.
    const apiOnly = model(2, [m.stations[0]!], [m.dists[0]!], [visit(0, 0), { op: 'end' }], { zones: 3 });
    const report = (s: SimSettings) => summarise(apiOnly, s, runReplications(apiOnly, s));
    const s: SimSettings = { ...steady(0, 3, 1), mode: 'transient', durationS: 800, windows: 40, faults: [{ label: 'zone a', atS: 100, untilS: null, replicas: [{ station: 0, replica: 0 }] }] };
    const text = renderSimulationText([report(s)]);
    expect(width(text)).toBeLessThanOrEqual(80);
    expect(text).toMatch(/[▁▂▃▄▅▆▇█]{20,}/);
    expect(text).toContain('▲ 100 s: lose zone a');
    // 3 replicas × 2 servers at λ = 2, mean 1 s: ρ = 2/6 before, 2/4 on the survivors.
    expect(text).toMatch(/^ +api +6 → 4 +50%$/m);
    expect(text.replace(/\s+/g, ' ')).toContain('queues settle, so the zone-loss sizing holds');
    // A replica lost on its own is not a zone: the verdict does not speak of one.
    const one: SimSettings = { ...s, faults: [{ label: 'api', atS: 100, untilS: null, replicas: [{ station: 0, replica: 2 }] }] };
    expect(renderSimulationText([report(one)]).replace(/\s+/g, ' ')).toContain('queues settle, so the plan survives this loss');
  });

  it('writes Markdown tables and JSON that parses, with nulls for what has no value', () => {
    const md = renderSimulationMarkdown([steadyReport]);
    expect(md).toContain('| station | metric | simulated ±95% | plan |  |');
    const doc = JSON.parse(renderSimulationJson([steadyReport]));
    expect(doc.phases).toHaveLength(1);
    const hot = doc.phases[0].stations.find((x: { name: string }) => x.name === 'hot');
    expect(hot.classes[0].meanResponseS.sim).toBeNull();
    expect(hot.stable).toBe(false);
    expect(JSON.stringify(doc)).not.toMatch(/NaN|Infinity/);
  });
});
