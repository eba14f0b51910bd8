/// <reference lib="dom" />
/**
 * The report of every bundled profile in real headless Chromium: no console error, no request
 * leaves the page, every chart is a drawn SVG, every in-page link lands, the figures on the page
 * equal `capplan plan --json`, no accessibility violation (axe-core, WCAG 2.1 A/AA), the page
 * follows the reader's light or dark setting, nothing is wider than the printable width of A4 or
 * Letter, and a screenshot per theme is kept under .tmp/report-browser/ (an artefact, not a
 * golden), with PDFs of one report. Colour contrast, the slowest of axe's checks (~1 s a page
 * here), runs in both themes on the profiles whose pages show every state (violations,
 * saturation, bottleneck, asynchronous and managed components, unpriced bill lines).
 * Without Chromium on the PATH these tests skip and say so; html.test.ts still validates the HTML.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReportHtml } from '../../src/report/html.js';
import type { ReportInput } from '../../src/report/types.js';
import { bundledProfiles } from '../support/profiles.js';
import { findChromium, launchChromium, type Browser } from './browser.js';
import { compoundRunway, mm1Sweep, twoInputTornado } from './explore-data.js';
import { chartCount, figureMismatch, planJson, reportInputOf, root, valueAt } from './helpers.js';

const chromium = findChromium();
const artefacts = `${root}.tmp/report-browser/`;
const profiles = await bundledProfiles();
/** Checked for colour contrast in both themes, and printed to PDF. */
const CONTRAST = new Set(['thea-ia', 'ngx-agents']);
const PDF = 'thea-ia';
/** Printable widths in CSS px (96 per inch) with the report's 12 mm side margins: A4 210 mm, Letter 8.5 in. */
const PRINTABLE_PX = { A4: ((210 - 24) / 25.4) * 96, Letter: ((215.9 - 24) / 25.4) * 96 };

/** The README's picture: the top of this profile's report, light theme, regenerated with UPDATE_README_SCREENSHOT=1. */
const README_SHOT = { profile: 'thea-ia', file: `${root}docs/img/report-thea-ia.png`, width: 1000, height: 1500 };

async function readmeScreenshot(page: Page, input: ReportInput): Promise<void> {
  const { version } = JSON.parse(await readFile(`${root}package.json`, 'utf8')) as { version: string };
  const path = `${artefacts}readme.html`;
  await writeFile(path, renderReportHtml({ ...input, version }));
  await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
  await page.setViewportSize({ width: README_SHOT.width, height: 900 });
  await page.unroute('**/*');
  await page.goto(pathToFileURL(path).href);
  await page.screenshot({ path: README_SHOT.file, clip: { x: 0, y: 0, width: README_SHOT.width, height: README_SHOT.height }, fullPage: true });
}

if (!chromium) {
  const why = process.env.CAPPLAN_CHROMIUM ? `CAPPLAN_CHROMIUM=${process.env.CAPPLAN_CHROMIUM} is not an executable` : 'no chromium or chromium-browser on the PATH (Debian: apt-get install chromium; or set CAPPLAN_CHROMIUM)';
  console.warn(`capplan: report browser tests skipped: ${why}`);
}

describe.skipIf(!chromium)('report in headless Chromium', () => {
  let browser: Browser;
  let axeSource: string;
  beforeAll(async () => {
    browser = await launchChromium(chromium!);
    axeSource = (await import('axe-core')).default.source;
    await mkdir(artefacts, { recursive: true });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('draws the sweep, runway and tornado charts accessibly (explorations with known answers)', async () => {
    const input = await reportInputOf(`${root}profiles/templates/small.yaml`, { explore: false });
    const path = `${artefacts}explorations.html`;
    await writeFile(path, renderReportHtml({ ...input, sweeps: [mm1Sweep()], runway: compoundRunway(), uncertain: { phaseIndex: 0, ...twoInputTornado() } }));
    const page = await browser.context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => errors.push(`${m.type()}: ${m.text()}`));
    try {
      await page.goto(pathToFileURL(path).href);
      const drawn = await page.$$eval('svg.chart', (svgs) => svgs.map((s) => (s as SVGGraphicsElement).getBBox().width > 0 && s.querySelectorAll('path, rect, line').length > 2));
      expect(drawn).toEqual([true, true, true, true, true, true]);
      await page.evaluate((await import('axe-core')).default.source);
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme });
        const axe = await page.evaluate(async () => (await (window as unknown as { axe: { run(d: Document, o: object): Promise<{ violations: { id: string }[] }> } }).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'], resultTypes: ['violations'] })).violations.map((v) => v.id));
        expect(axe, colorScheme).toEqual([]);
        await page.screenshot({ path: `${artefacts}explorations-${colorScheme}.png`, fullPage: true });
      }
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it.each(profiles.map((p) => [p.slice(root.length), p]))('%s renders offline with the plan’s figures, accessibly, in both themes and on paper', async (_name, file) => {
    const input = await reportInputOf(file);
    const name = basename(file, '.yaml');
    const path = `${artefacts}${name}.html`;
    await writeFile(path, renderReportHtml(input));
    const url = pathToFileURL(path).href;

    const page = await browser.context.newPage();
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    page.on('request', (r) => {
      if (r.url() !== url) requests.push(r.url());
    });
    await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
    try {
      await page.goto(url, { waitUntil: 'load' });

      // Every chart is drawn: an SVG with shapes and a non-empty box on screen.
      const charts = await page.$$eval('svg.chart', (svgs) =>
        svgs.map((s) => {
          const box = (s as SVGGraphicsElement).getBBox();
          const rect = s.getBoundingClientRect();
          return { id: s.getAttribute('aria-labelledby'), shapes: s.querySelectorAll('rect, path, line').length, bbox: box.width * box.height, screen: rect.width * rect.height };
        }),
      );
      expect(charts.length).toBe(chartCount(input));
      for (const c of charts) {
        expect(c.shapes, String(c.id)).toBeGreaterThan(2);
        expect(c.bbox, String(c.id)).toBeGreaterThan(0);
        expect(c.screen, String(c.id)).toBeGreaterThan(0);
      }

      // Every in-page link has a target.
      const dangling = await page.$$eval('a[href]', (as) => as.map((a) => a.getAttribute('href')!).filter((h) => !h.startsWith('#') || !document.getElementById(decodeURIComponent(h.slice(1)))));
      expect(dangling).toEqual([]);

      // The figures as the browser shows them equal the plan JSON.
      const json = planJson(input);
      const figures = await page.$$eval('[data-plan]', (els) => els.map((e) => ({ path: e.getAttribute('data-plan')!, text: e.textContent ?? '' })));
      expect(figures.length).toBeGreaterThan(40);
      expect(figures.map((f) => ({ ...f, why: figureMismatch(f.text, valueAt(json, f.path)) })).filter((f) => f.why !== null)).toEqual([]);

      // Both themes: the page follows the reader's setting, passes axe, and is photographed.
      await page.evaluate(axeSource);
      const backgrounds: string[] = [];
      for (const colorScheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme, media: 'screen' });
        backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
        const contrast = CONTRAST.has(name);
        if (contrast || colorScheme === 'light') {
          const axe = await page.evaluate(async (withContrast) => {
            const run = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe.run;
            const r = await run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'], rules: { 'color-contrast': { enabled: withContrast } }, resultTypes: ['violations'] });
            return r.violations.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
          }, contrast);
          expect(axe, colorScheme).toEqual([]);
        }
        await page.screenshot({ path: `${artefacts}${name}-${colorScheme}.png` });
      }
      expect(backgrounds[0]).toBe('rgb(255, 255, 255)');
      expect(backgrounds[1]).toBe('rgb(13, 17, 23)');

      // On paper: nothing wider than the printable width; a PDF per paper size.
      await page.emulateMedia({ media: 'print', colorScheme: 'light' });
      for (const [paper, width] of Object.entries(PRINTABLE_PX)) {
        await page.setViewportSize({ width: Math.floor(width), height: 1000 });
        const overflow = await page.evaluate(() => ({ doc: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
        expect(overflow.doc, paper).toBeLessThanOrEqual(overflow.view);
        if (name === PDF) {
          const pdf = await page.pdf({ format: paper as 'A4' | 'Letter', printBackground: true });
          expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
          // A page for the summary and one at least per phase (each phase starts a page).
          expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)?.length ?? 0).toBeGreaterThan(input.plan.phases.length);
          await writeFile(`${artefacts}${name}-${paper}.pdf`, pdf);
        }
      }
      expect(errors).toEqual([]);
      expect(requests).toEqual([]);
      if (process.env.UPDATE_README_SCREENSHOT === '1' && name === README_SHOT.profile) await readmeScreenshot(page, input);
    } finally {
      await page.close();
    }
  });
});
