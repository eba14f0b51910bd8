/**
 * The report's sweep and runway are `capplan sweep`'s and `capplan runway`'s own figures: every
 * row of the charts' data tables equals their JSON, to the precision shown; the page stays valid.
 */
import { HtmlValidate } from 'html-validate';
import { describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { exploreForReport } from '../../src/cli/report-explorations.js';
import { renderReportHtml } from '../../src/report/html.js';
import { figureMismatch, reportInputOf, root } from './helpers.js';

/** Rows of the data table of a figure: the row header and its cells, as shown. */
function tableRows(html: string, figureId: string): string[][] {
  const start = html.indexOf(`<div class="chart-block" id="${figureId}">`);
  const block = html.slice(start, html.indexOf('</table>', start));
  return [...block.matchAll(/<tr><th scope="row"[^>]*>([^<]*)<\/th>((?:<td[^>]*>[^<]*<\/td>)*)<\/tr>/g)].map((m) => [m[1]!, ...[...m[2]!.matchAll(/<td[^>]*>([^<]*)<\/td>/g)].map((c) => c[1]!)]);
}

describe('explorations in the report (thea-ia)', async () => {
  const file = `${root}profiles/thea-ia.yaml`;
  const planned = await planProfileFile(file, {}, null);
  const explored = await exploreForReport(planned, { indexes: planned.plan.phases.map((_p, i) => i), uncertain: false, pricing: {} });
  const input = { ...(await reportInputOf(file)), ...explored };
  const html = renderReportHtml(input);

  it('shows each phase’s sweep as capplan sweep computes it', () => {
    input.plan.phases.forEach((_p, i) => {
      const s = explored.sweeps![i]!;
      const rows = tableRows(html, `phase-${i}-sweep-latency`);
      expect(rows.length).toBe(s.rps.length);
      rows.forEach(([rps, p95], k) => {
        expect(figureMismatch(rps!, s.rps[k]!)).toBeNull();
        expect(figureMismatch(p95!, Number.isFinite(s.latencyP95[k]!) ? s.latencyP95[k]! : null)).toBeNull();
      });
      const util = tableRows(html, `phase-${i}-sweep-util`);
      util.forEach((row, k) => s.components.forEach((c, j) => expect(figureMismatch(row[j + 1]!, c.utilization[k]!)).toBeNull()));
    });
  });
  it('shows the runway month by month, with its events', () => {
    const r = explored.runway!;
    const rows = tableRows(html, 'runway-chart');
    expect(rows.map((row) => row[0])).toEqual(r.months.map((m) => m.label));
    rows.forEach(([, peak, monthly], k) => {
      expect(figureMismatch(peak!, r.months[k]!.peakRps)).toBeNull();
      expect(figureMismatch(monthly!, r.months[k]!.monthly)).toBeNull();
    });
    for (const e of r.events) expect(html).toContain(`<strong>${e.label}</strong>: `);
  });
  it('stays valid HTML', async () => {
    const report = await new HtmlValidate({ extends: ['html-validate:recommended'] }).validateString(html);
    expect(report.results.flatMap((x) => x.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}: ${m.message}`))).toEqual([]);
    expect(html.match(/<svg class="chart/g)).toHaveLength(1 + 3 * input.plan.phases.length + 1);
  });
});
