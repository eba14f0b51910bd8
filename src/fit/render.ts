/**
 * Renderers of a USL fit report, chosen by `--format`: `table` (a text report with a chart),
 * `json` (the DESIGN.md §5 object) and `markdown` (for PR comments). Pure: data in, string out;
 * colours come in as a palette.
 */

import { renderChart } from './chart.js';
import { DEFAULT_LAYOUT } from '../render/layout.js';
import { mdCell, mdCode, mdTextWithCode } from '../render/markdown.js';
import { drawTable, type Column } from '../render/table.js';
import { wrapStyled } from '../render/wrap.js';
import { plainPalette } from './render-format.js';
import { renderFitJson } from './render-json.js';
import { coefficientRows, predictionRows, rateUnitNote, residualRows, shownYLabel, summaryRows } from './render-rows.js';
import type { FitFormat, FitReport, RenderOptions } from './report.js';

export { type Palette, plainPalette } from './render-format.js';
export { buildFitJson, renderFitJson, type FitJson } from './render-json.js';
export type { FitFormat, FitReport, RenderOptions } from './report.js';

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

const right = (header: string): Column => ({ header, align: 'right' });

/** The text report: coefficients, peak, fit quality, residuals, predictions, warnings, chart. */
export function renderFitTable(report: FitReport, options: RenderOptions = {}): string {
  const p = options.palette ?? plainPalette;
  const layout = options.layout ?? DEFAULT_LAYOUT;
  const w = layout.width;
  const table = (columns: Column[], rows: string[][], head = true) => drawTable(columns, rows, { layout, palette: p, indent: 0, head }).text;
  const { fit, series } = report;
  const out: string[] = [];
  out.push(...wrapStyled(`USL fit${series ? ` · ${series.source}` : ''}`, w, p.bold));
  out.push(p.dim(MODEL));
  out.push('');
  const level = `${Math.round(fit.confidenceLevel * 100)} % CI`;
  out.push(table([{ header: 'coefficient' }, right('estimate'), right('std. error'), { header: level, wrap: true, minWidth: 10 }], coefficientRows(report)));
  out.push('');
  out.push(table([{ header: '' }, { header: '', wrap: true, minWidth: 16 }], summaryRows(report).map(([k, v], r) => [k!, r < 2 ? p.cyan(v!) : v!]), false));
  const unitNote = rateUnitNote(report);
  if (unitNote) out.push(...wrapStyled(unitNote, w, p.dim, { rest: '  ' }));
  out.push('');
  const { rows, omitted } = residualRows(report, options.maxResidualRows ?? 50);
  const x = series?.xLabel ?? 'N';
  const y = shownYLabel(report);
  out.push(p.bold('residuals'));
  out.push(table([right(series ? `N (${x})` : 'N'), right(`measured ${y}`), right('fitted'), right('residual')], rows));
  if (omitted > 0) out.push(p.dim(`… ${omitted} more (--format json lists all)`));
  const predictions = predictionRows(report);
  if (predictions.length > 0) {
    out.push('');
    out.push(...wrapStyled("predictions (latency by Little's law R = N/X)", w, p.bold));
    out.push(table([right('N'), right(/throughput/i.test(y) ? y : `throughput (${y})`), right('latency R')], predictions));
  }
  if (layout.detail === 'quiet') return `${out.join('\n')}\n`;
  if (fit.warnings.length > 0) {
    out.push('');
    for (const wn of fit.warnings) {
      out.push(...(wn.severity === 'warning' ? wrapStyled(`warning: ${wn.message}`, w, p.yellow, { rest: '  ' }) : wrapStyled(`note: ${wn.message}`, w, p.cyan, { rest: '  ' })));
    }
  }
  for (const note of series?.notes ?? []) out.push(...wrapStyled(`input: ${note}`, w, p.dim, { rest: '  ' }));
  if (options.chart !== false) {
    out.push('');
    // The plot area leaves room for the y labels (≤ 6 columns) and the axis.
    const width = Number.isFinite(w) ? Math.max(20, Math.min(60, w - 10)) : 60;
    out.push(renderChart(fit.points, fit.params, { xLabel: x, yLabel: y, width, unicode: layout.unicode, ...(options.chart ?? {}) }).trimEnd());
  }
  return `${out.join('\n')}\n`;
}

/** The markdown report (GitHub-flavoured tables; the chart in a text block). Colours are not used. */
export function renderFitMarkdown(report: FitReport, options: RenderOptions = {}): string {
  const { fit, series } = report;
  const out: string[] = ['## USL fit', ''];
  if (series) out.push(`Source: ${mdCode(series.source)} (${fit.points.length} points, ${fit.distinctN} distinct N).`, '');
  out.push(`Model: \`${MODEL}\``, '');
  const level = `${Math.round(fit.confidenceLevel * 100)} % CI`;
  out.push(...table(['coefficient', 'estimate', 'std. error', level], ['l', 'r', 'r', 'l'], coefficientRows(report)), '');
  out.push(...table(['', 'value'], ['l', 'l'], summaryRows(report)), '');
  const unitNote = rateUnitNote(report);
  if (unitNote) out.push(`Note: ${mdTextWithCode(unitNote)}`, '');
  const y = shownYLabel(report);
  const { rows, omitted } = residualRows(report, options.maxResidualRows ?? 50);
  out.push('### Residuals', '');
  out.push(...table([series ? `N (${series.xLabel})` : 'N', `measured ${y}`, 'fitted', 'residual'], ['r', 'r', 'r', 'r'], rows));
  if (omitted > 0) out.push('', `… ${omitted} more (\`--format json\` lists all).`);
  const predictions = predictionRows(report);
  if (predictions.length > 0) {
    out.push('', "### Predictions (latency by Little's law R = N/X)", '');
    out.push(...table(['N', /throughput/i.test(y) ? y : `throughput (${y})`, 'latency R'], ['r', 'r', 'r'], predictions));
  }
  if (fit.warnings.length > 0 || (series?.notes.length ?? 0) > 0) {
    out.push('', '### Warnings', '');
    for (const w of fit.warnings) out.push(`- **${w.severity}**: ${mdTextWithCode(w.message)}`);
    for (const note of series?.notes ?? []) out.push(`- input: ${mdTextWithCode(note)}`);
  }
  if (options.chart !== false) {
    const chart = renderChart(fit.points, fit.params, { xLabel: series?.xLabel ?? 'N', yLabel: y, ...(options.chart ?? {}) });
    // A fence longer than any run of backticks in the chart (its axis labels are the CSV's headers), so none closes it (CommonMark §4.5).
    const fence = '`'.repeat(Math.max(3, ...(chart.match(/`+/g) ?? []).map((r) => r.length + 1)));
    out.push('', '### Chart', '', `${fence}text`, chart.trimEnd(), fence);
  }
  return `${out.join('\n')}\n`;
}

function table(head: string[], align: ('l' | 'r')[], rows: string[][]): string[] {
  const line = (cells: string[]): string => `| ${cells.map(mdCell).join(' | ')} |`;
  return [line(head), `|${align.map((a) => (a === 'r' ? '---:' : '---')).join('|')}|`, ...rows.map(line)];
}

