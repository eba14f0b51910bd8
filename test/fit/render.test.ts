import { describe, expect, it } from 'vitest';
import { detectAndParse } from '../../src/fit/parse/detect.js';
import { isDiagnostics } from '../../src/fit/parse/types.js';
import { type FitReport, type Palette, buildFitJson, fitRenderers, plainPalette, renderFit } from '../../src/fit/render.js';
import { decimalsFor, formatEstimate } from '../../src/fit/render-format.js';
import { fitUsl, predict } from '../../src/fit/usl.js';
import { fixtureFiles, referencePoints } from './helpers.js';

function report(file: string, x: string, y: string, ns: number[] = []): FitReport {
  const points = referencePoints(file, x, y);
  const fit = fitUsl(points);
  if (!fit.ok) throw new Error(fit.message);
  return { fit, series: { source: `csv: ${file}`, xLabel: x, yLabel: y, rateUnit: { seconds: 1, assumed: true }, notes: [] }, predictions: predict(fit.params, ns) };
}

const specs = report('usl-specsdm91.csv', 'load', 'throughput', [64, 128]);
const marked: Palette = {
  bold: (s) => `<b>${s}</b>`,
  dim: (s) => `<d>${s}</d>`,
  red: (s) => `<r>${s}</r>`,
  yellow: (s) => `<y>${s}</y>`,
  green: (s) => `<g>${s}</g>`,
  cyan: (s) => `<c>${s}</c>`,
};

describe('json', () => {
  it('starts with the DESIGN.md §5 keys, in order, then the added keys', () => {
    const json = JSON.parse(renderFit(specs, 'json'));
    expect(Object.keys(json)).toEqual([
      'sigma',
      'kappa',
      'lambda',
      'peakConcurrency',
      'peakThroughput',
      'r2',
      'points',
      'peakKind',
      'standardErrors',
      'confidenceIntervals',
      'residualStandardError',
      'degreesOfFreedom',
      'distinctN',
      'residuals',
      'predictions',
      'warnings',
      'source',
      'xLabel',
      'yLabel',
      'yUnit',
      'notes',
    ]);
    expect(json.points[0]).toEqual({ n: 1, x: 64.9 });
    expect(json.sigma).toBe(specs.fit.params.sigma);
    expect(json.predictions.map((p: { n: number }) => p.n)).toEqual([64, 128]);
    expect(json.confidenceIntervals.level).toBe(0.95);
  });

  it('peakConcurrency is null and peakThroughput the ceiling λ/σ when κ = 0', () => {
    const ray = report('usl-raytracer.csv', 'processors', 'throughput');
    const json = buildFitJson(ray);
    expect(json.peakConcurrency).toBeNull();
    expect(json.peakThroughput).toBe(ray.fit.params.lambda / ray.fit.params.sigma);
    expect(json.peakKind).toBe('ceiling');
    const text = renderFit(ray, 'table', { chart: false });
    expect(text).toMatch(/κ coherency\s+0 \(bound\)/);
    expect(text).toMatch(/peak concurrency N\*\s+none \(κ = 0\)\nthroughput ceiling λ\/σ\s+378\.2/);
  });

  it('ignores the palette and is byte-stable', () => {
    expect(fitRenderers.json(specs, { palette: marked })).toBe(renderFit(specs, 'json'));
    expect(renderFit(specs, 'json')).toMatch(/\n$/);
    expect(renderFit(specs, 'json')).not.toMatch(/<b>/);
  });
});

describe('table', () => {
  const text = renderFit(specs, 'table', { palette: plainPalette });

  it('shows coefficients to the precision their standard errors support', () => {
    expect(text).toMatch(/σ contention\s+0\.0277\s+0\.0091\s+0\.0024 to 0\.0531/);
    expect(text).toMatch(/κ coherency\s+0\.000104\s+0\.000020\s+0\.000049 to 0\.000160/);
    expect(text).toMatch(/λ X at N = 1\s+90\s+14\s+51 to 129/);
    expect(text).toMatch(/peak concurrency N\*\s+96\.52/);
    expect(text).toMatch(/R²\s+0\.9896/);
    expect(text).toMatch(/residual std\. error\s+82\.85 on 4 degrees of freedom/);
  });

  it('says "1 degree of freedom" for four points and three coefficients', () => {
    // X(N) = λN / (1 + σ(N − 1) + κN(N − 1)) at λ 100, σ 0.05, κ 0.001, with a little noise so the residual is not 0.
    const usl = (n: number) => (100 * n) / (1 + 0.05 * (n - 1) + 0.001 * n * (n - 1));
    const points = [1, 4, 16, 64].map((n, i) => ({ n, x: usl(n) * (1 + (i % 2 ? 0.01 : -0.01)) }));
    const fit = fitUsl(points);
    if (!fit.ok) throw new Error(fit.message);
    expect(fit.degreesOfFreedom).toBe(1);
    expect(renderFit({ fit }, 'table', { palette: plainPalette })).toMatch(/residual std\. error\s+\S+ on 1 degree of freedom\n/);
  });

  it('lists residuals, predictions, and the chart', () => {
    expect(text).toMatch(/\s1\s+64\.9\s+90\.0\s+-25\.1\n/);
    expect(text).toMatch(/predictions \(latency by Little's law R = N\/X\)/);
    // Latency R = N/X with a unit: 64 / 1818.3 per second = 35.2 ms (the column's unit assumed per second, and said so).
    expect(text).toMatch(/\s64\s+1818\.3\s+35\.2 ms\n/);
    expect(text).toMatch(/λ and every throughput here are per second: the column "throughput" names no\s+time unit/);
    expect(text).toMatch(/● measured {3}· USL fit {3}★ peak N\*/);
  });

  it('draws the chart in ASCII when the terminal is not UTF-8, and fits the width', () => {
    const ascii = renderFit(specs, 'table', { layout: { width: 60, unicode: false, detail: 'normal' } });
    expect(ascii).toMatch(/o measured {3}\. USL fit {3}\* peak N\*/);
    expect(ascii).not.toMatch(/[●★│┼─]/);
    for (const line of ascii.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
  });

  it('shows a converted column with its conversion, and says per second is assumed only where it was', () => {
    // The readers give the points per second (rate-unit.ts): R = N/X is in seconds whatever the column's unit.
    const perMinute = { ...specs, series: { ...specs.series!, yLabel: 'throughput/min', rateUnit: { seconds: 60, assumed: false } } };
    const table = renderFit(perMinute, 'table', { chart: false });
    expect(table).toMatch(/\s64\s+1818\.3\s+35\.2 ms\n/);
    expect(table).toMatch(/measured throughput\/min ÷ 60/);
    expect(table).not.toMatch(/names no time unit/);
    expect(renderFit(perMinute, 'markdown')).toMatch(/\| measured throughput\/min ÷ 60 \|/);
    expect(buildFitJson(perMinute).yUnit).toEqual({ seconds: 60, assumed: false });
    const k6 = { ...specs, series: { ...specs.series!, yLabel: 'http_reqs/s', format: 'k6' as const, rateUnit: { seconds: 1, assumed: false } } };
    expect(renderFit(k6, 'table', { chart: false })).not.toMatch(/names no time unit/);
    expect(renderFit(specs, 'markdown')).toMatch(/Note: λ and every throughput here are per second/);
  });

  it('uses the palette it is given, and only it', () => {
    const coloured = renderFit(specs, 'table', { palette: marked });
    expect(coloured).toMatch(/<b>USL fit · csv: usl-specsdm91\.csv<\/b>/);
    // The tags widen the cells, so compare the words, not the padding.
    const words = (t: string) => t.replace(/<\/?[bdrygc]>/g, '').replace(/[─\s]+/g, ' ');
    expect(words(coloured)).toBe(words(text));
  });

  it('prints warnings and truncates long residual lists', () => {
    const oracle = report('usl-oracledb.csv', 'db_time', 'txn_rate');
    const out = renderFit(oracle, 'table', { maxResidualRows: 10, chart: false });
    expect(out).toMatch(/… 350 more \(--format json lists all\)/);
    expect(out).toMatch(/warning: R² = 0\.586/);
    expect(out).not.toMatch(/● measured/);
  });
});

describe('markdown', () => {
  it('renders GFM tables and the chart in a text block', () => {
    const md = renderFit(specs, 'markdown', { palette: marked });
    expect(md).toMatch(/^## USL fit\n/);
    expect(md).toMatch(/\| coefficient \| estimate \| std\. error \| 95 % CI \|\n\|---\|---:\|---:\|---\|/);
    expect(md).toMatch(/\| σ contention \| 0\.0277 \| 0\.0091 \| 0\.0024 to 0\.0531 \|/);
    expect(md).toMatch(/```text\n[\s\S]*o measured[\s\S]*```\n$/);
    expect(md).not.toMatch(/<b>/);
  });
});

describe('from a load-tool file to a report', () => {
  it('wrk output renders the same bytes twice', () => {
    const series = detectAndParse(fixtureFiles('wrk-runs.txt'));
    if (isDiagnostics(series)) throw new Error('unreadable fixture');
    const fit = fitUsl(series.points);
    if (!fit.ok) throw new Error(fit.message);
    const a = renderFit({ fit, series }, 'table');
    expect(renderFit({ fit, series }, 'table')).toBe(a);
    expect(a).toMatch(/N \(connections\)\s+measured requests\/s/);
  });
});

describe('number formatting', () => {
  it('rounds an estimate to two significant digits of its standard error', () => {
    expect(decimalsFor(0.0091)).toBe(4);
    expect(decimalsFor(14.2)).toBe(0);
    expect(formatEstimate(995.6487, 28.7)).toBe('996');
    expect(formatEstimate(0.02671594, 0.0045)).toBe('0.0267');
    expect(formatEstimate(1.23456789, null)).toBe('1.23457');
  });
});
