/**
 * The sweep, runway and tornado charts drawn from explorations with known answers
 * (explore-data.ts): the drawn points read back, through the axes' own tick labels, as the
 * series' values; the page that carries them is valid HTML.
 */
import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { renderRunwayTimeline, renderTornado } from '../../src/report/chart-explore.js';
import { renderSweepCharts } from '../../src/report/chart-sweep.js';
import { renderReportHtml } from '../../src/report/html.js';
import { compoundRunway, mm1Sweep, twoInputTornado } from './explore-data.js';
import { reportInputOf, root } from './helpers.js';

/** Reads an SVG: its tick labels (pixel position → text) and the points of its paths. */
function ticks(svg: string, axis: 'x' | 'y'): { px: number; text: string }[] {
  const anchor = axis === 'x' ? 'middle' : 'end';
  return [...svg.matchAll(new RegExp(`<text x="([\\d.]+)" y="([\\d.]+)" class="tick" text-anchor="${anchor}">([^<]+)</text>`, 'g'))].map((m) => ({ px: Number(axis === 'x' ? m[1] : m[2]) - (axis === 'y' ? 4 : 0), text: m[3]! }));
}
function points(d: string): [number, number][] {
  return [...d.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}
/** A linear map from pixels to values through two ticks. */
function axis(t: { px: number; value: number }[]): (p: number) => number {
  const [a, b] = [t[0]!, t.at(-1)!];
  return (p) => a.value + ((p - a.px) * (b.value - a.value)) / (b.px - a.px);
}
const ms = (s: string) => (s === '0' ? 0 : Number(s.replace(' ms', '')) / 1000);

describe('sweep charts', () => {
  const s = mm1Sweep();
  const html = renderSweepCharts(s, { id: 's', colours: new Map([['api', 0]]), targetUtilization: new Map([['api', 0.7]]) });
  const [latencySvg, utilSvg] = html.split('<svg').slice(1);
  it('draws the p95 curve where the M/M/1 formula puts it, and leaves the chart above twice the target', () => {
    const x = axis(ticks(latencySvg!, 'x').map((t) => ({ px: t.px, value: Number(t.text) })));
    const y = axis(ticks(latencySvg!, 'y').map((t) => ({ px: t.px, value: ms(t.text) })));
    const drawn = points(/<path class="line path" d="([^"]+)"/.exec(latencySvg!)![1]!);
    // 2 × 100 ms = 200 ms is reached at λ = 100 − ln 20 / 0.2 = 85.02: the points up to 85 req/s are drawn.
    expect(drawn.map(([px]) => Math.round(x(px)))).toEqual(s.rps.filter((l) => l <= 85));
    for (const [px, py] of drawn) expect(y(py)).toBeCloseTo(-Math.log(0.05) / (100 - x(px)), 3);
    expect(latencySvg).toContain('>target 100 ms</text>');
    expect(latencySvg).toMatch(/the knee at 50 req\/s \(59\.9 ms\), the target reached at 70 req\/s; the planned peak is 40 req\/s\./);
  });
  it('draws utilisation as λ/μ with the target rule, and says where the target is reached', () => {
    const x = axis(ticks(utilSvg!, 'x').map((t) => ({ px: t.px, value: Number(t.text) })));
    const y = axis(ticks(utilSvg!, 'y').map((t) => ({ px: t.px, value: Number(t.text.replace('%', '')) / 100 })));
    for (const [px, py] of points(/<path class="line k0" d="([^"]+)"/.exec(utilSvg!)![1]!)) expect(y(py)).toBeCloseTo(x(px) / 100, 3);
    expect(utilSvg).toContain('api reaches its target at 70 req/s');
  });
});

describe('runway timeline', () => {
  it('marks each event at its month and lists it under the chart', () => {
    const html = renderRunwayTimeline(compoundRunway(), 'r');
    const x = axis(ticks(html, 'x').map((t) => ({ px: t.px, value: Number(t.text) })));
    const marks = [...html.matchAll(/<line class="mark (event[^"]*)" x1="([\d.]+)"/g)].map((m) => ({ cls: m[1], month: Math.round(x(Number(m[2])) * 10) / 10 }));
    expect(marks).toEqual([{ cls: 'event', month: 7 }, { cls: 'event violation', month: 10 }]);
    expect(html).toContain('<ol class="events"><li><strong>month 7</strong>: api: must scale (headroom with today’s units under 1.3×)</li><li><strong>month 10</strong>: db: writes exceed one primary</li></ol>');
  });
});

describe('tornado', () => {
  it('spans each bar from the plan at the medians to the input’s p10 and p90 cost', () => {
    const t = twoInputTornado();
    const html = renderTornado(t.bars, t.base, { id: 't', phase: 'now' });
    const x = axis(ticks(html, 'x').map((k) => ({ px: k.px, value: Number(k.text.replace(/[$,]/g, '')) })));
    const rects = [...html.matchAll(/<rect class="(bar-low|bar-high)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [m[1], Math.round(x(Number(m[2]))), Math.round(x(Number(m[2]) + Number(m[3])))]);
    expect(rects).toEqual([['bar-low', 800, 1000], ['bar-high', 1000, 1400], ['bar-low', 950, 1000], ['bar-high', 1000, 1100]]);
  });
  it('falls back to headroom when the plan is not priced', () => {
    const t = twoInputTornado();
    const html = renderTornado(t.bars.map((b) => ({ ...b, monthlyLow: null, monthlyHigh: null })), { monthly: null, headroom: 1.8 }, { id: 't', phase: 'now' });
    expect(html).toContain('Sensitivity of the headroom, phase now');
    expect(html).toContain('components.api.serviceTime 2.4× at its p10, 1.2× at its p90');
  });
});

describe('a page with every exploration', () => {
  it('is valid HTML with a figure for each', async () => {
    const input = await reportInputOf(`${root}profiles/templates/small.yaml`, { explore: false });
    const t = twoInputTornado();
    const html = renderReportHtml({ ...input, sweeps: [mm1Sweep()], runway: compoundRunway(), uncertain: { phaseIndex: 0, ...t } });
    const report = await new HtmlValidate({ extends: ['html-validate:recommended'] }).validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`))).toEqual([]);
    // Cost, path, two sweep charts, runway, tornado.
    expect(html.match(/<svg class="chart/g)).toHaveLength(6);
    expect(html).toContain('<li><a href="#runway">Runway</a></li>');
  });
});
