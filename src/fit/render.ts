/**
 * Renderers of a USL fit report, chosen by `--format`: `table` (a text report with a chart),
 * `json` (the DESIGN.md §5 object) and `markdown` (for PR comments). Pure: data in, string out;
 * colours come in as a palette.
 */

import { type ChartOptions, renderChart } from './chart.js';
import type { LoadSeries } from './parse/types.js';
import { type Palette, alignColumns, plainPalette } from './render-format.js';
import { renderFitJson } from './render-json.js';
import { coefficientRows, predictionRows, residualRows, summaryRows } from './render-rows.js';
import type { Prediction } from './usl-model.js';
import type { UslFit } from './usl.js';

export { type Palette, plainPalette } from './render-format.js';
export { buildFitJson, renderFitJson, type FitJson } from './render-json.js';

/** What a report shows: the fit, where its points came from, and optional predictions. */
export interface FitReport {
  fit: UslFit;
  series?: Pick<LoadSeries, 'source' | 'xLabel' | 'yLabel' | 'notes'>;
  predictions?: Prediction[];
}

/** Output formats of `capplan fit`. */
export type FitFormat = 'table' | 'json' | 'markdown';

/** Rendering options. */
export interface RenderOptions {
  palette?: Palette;
  chart?: ChartOptions | false;
  /** Residual rows shown in table/markdown before "… N more" (JSON always has all). */
  maxResidualRows?: number;
}

/** The renderers by format name. */
export const fitRenderers: Record<FitFormat, (report: FitReport, options?: RenderOptions) => string> = {
  table: renderFitTable,
  json: (report) => renderFitJson(report),
  markdown: renderFitMarkdown,
};

/** Render a report in the given format. */
export function renderFit(report: FitReport, format: FitFormat, options: RenderOptions = {}): string {
  return fitRenderers[format](report, options);
}

const MODEL = 'X(N) = λN / (1 + σ(N−1) + κN(N−1))';

/** The text report: coefficients, peak, fit quality, residuals, predictions, warnings, chart. */
export function renderFitTable(report: FitReport, options: RenderOptions = {}): string {
  const p = options.palette ?? plainPalette;
  const { fit, series } = report;
  const out: string[] = [];
  out.push(p.bold(`USL fit${series ? ` · ${series.source}` : ''}`));
  out.push(p.dim(MODEL));
  out.push('');
  const level = `${Math.round(fit.confidenceLevel * 100)} % CI`;
  out.push(...alignColumns([['coefficient', 'estimate', 'std. error', level], ...coefficientRows(report)], ['l', 'r', 'r', 'l'], (c, r) => (r === 0 ? p.bold(c) : c)));
  out.push('');
  out.push(...alignColumns(summaryRows(report), ['l', 'l'], (c, r, col) => (col === 0 ? c : r < 2 ? p.cyan(c) : c)));
  out.push('');
  const { rows, omitted } = residualRows(report, options.maxResidualRows ?? 50);
  const x = series?.xLabel ?? 'N';
  const y = series?.yLabel ?? 'X';
  out.push(p.bold('residuals'));
  out.push(...alignColumns([[series ? `N (${x})` : 'N', `measured ${y}`, 'fitted', 'residual'], ...rows], ['r', 'r', 'r', 'r'], (c, r) => (r === 0 ? p.dim(c) : c)));
  if (omitted > 0) out.push(p.dim(`… ${omitted} more (--format json lists all)`));
  const predictions = predictionRows(report);
  if (predictions.length > 0) {
    out.push('');
    out.push(p.bold("predictions (latency by Little's law R = N/X)"));
    out.push(...alignColumns([['N', 'throughput', 'latency N/X'], ...predictions], ['r', 'r', 'r'], (c, r) => (r === 0 ? p.dim(c) : c)));
  }
  if (fit.warnings.length > 0) {
    out.push('');
    for (const w of fit.warnings) {
      out.push(w.severity === 'warning' ? p.yellow(`warning: ${w.message}`) : p.cyan(`note: ${w.message}`));
    }
  }
  for (const note of series?.notes ?? []) out.push(p.dim(`input: ${note}`));
  if (options.chart !== false) {
    out.push('');
    out.push(renderChart(fit.points, fit.params, { xLabel: x, yLabel: y, ...(options.chart ?? {}) }).trimEnd());
  }
  return `${out.join('\n')}\n`;
}

/** The markdown report (GitHub-flavoured tables; the chart in a text block). Colours are not used. */
export function renderFitMarkdown(report: FitReport, options: RenderOptions = {}): string {
  const { fit, series } = report;
  const out: string[] = ['## USL fit', ''];
  if (series) out.push(`Source: \`${series.source}\` (${fit.points.length} points, ${fit.distinctN} distinct N).`, '');
  out.push(`Model: \`${MODEL}\``, '');
  const level = `${Math.round(fit.confidenceLevel * 100)} % CI`;
  out.push(...table(['coefficient', 'estimate', 'std. error', level], ['l', 'r', 'r', 'l'], coefficientRows(report)), '');
  out.push(...table(['', 'value'], ['l', 'l'], summaryRows(report)), '');
  const { rows, omitted } = residualRows(report, options.maxResidualRows ?? 50);
  out.push('### Residuals', '');
  out.push(...table([series ? `N (${series.xLabel})` : 'N', `measured ${series?.yLabel ?? 'X'}`, 'fitted', 'residual'], ['r', 'r', 'r', 'r'], rows));
  if (omitted > 0) out.push('', `… ${omitted} more (\`--format json\` lists all).`);
  const predictions = predictionRows(report);
  if (predictions.length > 0) {
    out.push('', "### Predictions (latency by Little's law R = N/X)", '');
    out.push(...table(['N', 'throughput', 'latency N/X'], ['r', 'r', 'r'], predictions));
  }
  if (fit.warnings.length > 0 || (series?.notes.length ?? 0) > 0) {
    out.push('', '### Warnings', '');
    for (const w of fit.warnings) out.push(`- **${w.severity}**: ${escapeMarkdown(w.message)}`);
    for (const note of series?.notes ?? []) out.push(`- input: ${escapeMarkdown(note)}`);
  }
  if (options.chart !== false) {
    const chart = renderChart(fit.points, fit.params, { xLabel: series?.xLabel ?? 'N', yLabel: series?.yLabel ?? 'X', ...(options.chart ?? {}) });
    out.push('', '### Chart', '', '```text', chart.trimEnd(), '```');
  }
  return `${out.join('\n')}\n`;
}

function table(head: string[], align: ('l' | 'r')[], rows: string[][]): string[] {
  const line = (cells: string[]): string => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(head), `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`, ...rows.map(line)];
}

function escapeMarkdown(s: string): string {
  return s.replace(/\|/g, '\\|');
}
