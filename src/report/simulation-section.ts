/**
 * A phase's simulation beside its plan (`capplan simulate`'s report, src/simulate/): how it ran,
 * the comparison table (simulated with its 95 % interval, the plan's value, a mark where they
 * disagree), and the warnings and notes under it, in the simulator's own words. Pure.
 */
import { COMPARISON_HEADERS, comparisonRows } from '../simulate/render-rows.js';
import { noteLines, runLine, warningLines } from '../simulate/render-text.js';
import type { SimReport } from '../simulate/report.js';
import { esc, scrollBox } from './escape.js';

/** The simulation of one phase as a section body. */
export function renderSimulationSection(r: SimReport): string {
  const head = COMPARISON_HEADERS.map((h, i) => `<th scope="col"${i === 2 || i === 3 ? ' class="num"' : ''}>${esc(h || 'check')}</th>`).join('');
  const rows = comparisonRows(r).map((row) => {
    const flagged = row[4] === '✗';
    return `<tr${flagged ? ' class="violated"' : ''}><th scope="row">${esc(row[0]!)}</th><td>${esc(row[1]!)}</td><td class="num">${esc(row[2]!)}</td><td class="num">${esc(row[3]!)}</td><td>${esc(row[4]!)}</td></tr>`;
  });
  const warnings = warningLines(r).map((w) => `<li class="warn">⚠ ${esc(w)}</li>`);
  const notes = noteLines(r).map((n) => `<li>${esc(n.replace(/^- /, ''))}</li>`);
  return (
    `<h3>Simulated beside the plan</h3><p class="muted">${esc(runLine(r))}</p>` +
    scrollBox(`<table class="simulation"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`) +
    (warnings.length + notes.length ? `<ul class="notes">${[...warnings, ...notes].join('')}</ul>` : '')
  );
}
