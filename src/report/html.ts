/**
 * `capplan report`: one self-contained HTML page (inline CSS and SVG, no script, no external
 * resource; a Content-Security-Policy that forbids loading any) with the plan's whole story:
 * header and headline, the phases side by side, cost per phase, each phase in full, the
 * manifests, and the inputs with their comments. Deterministic: the same input gives the same
 * bytes. Pure.
 */
import { collectRunNotes } from '../render/run-notes.js';
import { cellHtml, headlineFacts, overviewTable, pricesAsOf, renderCellTable } from './cells.js';
import { renderCostChart } from './chart-cost.js';
import { renderRunwayTimeline } from './chart-explore.js';
import { componentColours } from './colours.js';
import { REPORT_CSS } from './css.js';
import { attrs, esc, planFigure } from './escape.js';
import { renderManifestsSection } from './manifests.js';
import { phaseAnchor, renderPhaseSection } from './phase-section.js';
import { renderSourceView } from './source-view.js';
import { REPORT_MARKER, commentSafe, type ReportInput } from './types.js';

/** Nothing may load: no script, font, image, frame or connection; only the inline stylesheet and data: images. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function header(input: ReportInput, source: string): string {
  const plan = input.plan;
  const asOf = pricesAsOf(plan);
  const meta = [
    `<span>profile <code>${esc(source)}</code></span>`,
    `<span>capplan ${esc(input.version)}</span>`,
    asOf ? `<span>prices as of ${esc(asOf)}</span>` : '',
    input.date ? `<span>report date ${esc(input.date)}</span>` : '',
  ].join('');
  const cards = headlineFacts(plan, phaseAnchor).map((f) => {
    const value = `${f.lead ? `${cellHtml(f.lead)} ` : ''}${cellHtml(f.value)}`;
    return `<div class="card${f.tone ? ` ${f.tone}` : ''}${f.lead ? ' wide' : ''}"><span class="k">${esc(f.label)}</span><span class="v${f.lead ? ' small' : ''}">${value}</span></div>`;
  });
  return (
    `<header><h1>Capacity report: ${planFigure('profile', plan.profile)}</h1><p class="meta">${meta}</p>` +
    (input.description ? `<p class="desc">${esc(input.description)}</p>` : '') +
    `<div class="cards headline">${cards.join('')}</div></header>`
  );
}

/** The report as one HTML document. */
export function renderReportHtml(input: ReportInput): string {
  const plan = input.plan;
  const colours = componentColours(plan);
  const source = input.sources[0]?.file ?? plan.profile;
  const toc: [string, string][] = [['summary', 'Summary']];
  const cost = renderCostChart(plan, colours);
  const sections = [
    `<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2>${renderCellTable(overviewTable(plan, phaseAnchor), 'overview')}${cost ?? ''}</section>`,
  ];
  if (input.runway) {
    toc.push(['runway', 'Runway']);
    sections.push(`<section id="runway" aria-labelledby="runway-h"><h2 id="runway-h">Runway</h2>${renderRunwayTimeline(input.runway, 'runway-chart')}</section>`);
  }
  sections.push(...plan.phases.map((_p, i) => renderPhaseSection(input, i, colours)));
  toc.push(...plan.phases.map((p, i): [string, string] => [phaseAnchor(i), `Phase ${p.name}`]));
  if (input.manifests) {
    toc.push(['manifests', 'Manifests']);
    sections.push(`<section id="manifests" aria-labelledby="manifests-h"><h2 id="manifests-h">Manifests</h2><p>Objects <code>capplan emit k8s</code> writes for each phase (<code>--phase NAME</code>).</p>${renderManifestsSection(input.manifests)}</section>`);
  }
  toc.push(['inputs', 'Inputs']);
  sections.push(
    `<section id="inputs" aria-labelledby="inputs-h"><h2 id="inputs-h">Inputs</h2><p>Every assumption, as written, comments included. Component names and violations above link to their lines.</p>` +
      input.sources.map((s, i) => `<h3>${esc(s.role)}: <code>${esc(s.file)}</code></h3>${renderSourceView(s.text, i === 0 ? 'src-' : `src${i + 1}-`)}`).join('') +
      `</section>`,
  );
  // Said once for the whole report, as `capplan plan` does: the bills' warnings, price sources and notices, the planner's notes.
  const run = collectRunNotes(plan);
  const notes = [
    ...run.warnings.map((w) => `<li class="warn">⚠ ${esc(w)}</li>`),
    ...[...run.provenance, ...run.notices, ...run.notes, ...input.notes].map((n) => `<li>${esc(n)}</li>`),
  ];
  if (notes.length) {
    toc.push(['notes', 'Notes']);
    sections.push(`<section id="notes" aria-labelledby="notes-h"><h2 id="notes-h">Notes</h2><ul class="notes">${notes.join('')}</ul></section>`);
  }
  const nav = `<nav class="toc" aria-label="Contents"><ol>${toc.map(([id, label]) => `<li><a href="#${id}">${esc(label)}</a></li>`).join('')}</ol></nav>`;
  return [
    // The marker on the first line lets `capplan report -o` replace this file later.
    `<!DOCTYPE html><!-- ${REPORT_MARKER} ${esc(commentSafe(`${input.version} from ${source}`))}; edit the profile and run it again rather than this file -->`,
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy"${attrs({ content: REPORT_CSP })}>`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light dark">',
    `<meta name="generator"${attrs({ content: `capplan ${input.version}` })}>`,
    `<title>Capacity report: ${esc(plan.profile)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    header(input, source),
    nav,
    '<main>',
    ...sections,
    '</main>',
    `<footer>Generated by capplan ${esc(input.version)} from <code>${esc(source)}</code>. Every figure is the plan's (<code>capplan plan ${esc(source)} --json</code>); each formula is the <code>--explain</code> text.</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
