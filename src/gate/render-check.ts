/** `capplan check` as a terminal report and as a Markdown PR comment. Pure: colours and locations come in. */
import { DEFAULT_LAYOUT, glyphsOf, type Layout } from '../render/layout.js';
import { mdCode, mdTable, mdText, mdTextWithCode } from '../render/markdown.js';
import type { Palette } from '../render/palette.js';
import { drawTable, type Column } from '../render/table.js';
import { wrapStyled } from '../render/wrap.js';
import { formatNumber } from '../units/format.js';
import { afterCell, changeCell, fmt, moneyDeltaCell, moneyFmt, STATUS_MARK } from './cells.js';
import type { Finding, GateResult } from './evaluate.js';
import type { CheckProblem } from './check-problem.js';
import type { ProfileLocation } from './profile-paths.js';
import { countsText, findingPlace, gateRows, policyLine, policyLoosenedText, removedRows, removedText, renamedText, verdict, type GateRow } from './rows.js';

/** What the check renderers are told besides the result. */
export interface CheckRenderOptions {
  /** The profile file as shown to the user. */
  file: string;
  /** The baseline file as shown, or null without one. */
  baselineFile: string | null;
  /** Where a finding points in the profile (null when unknown). */
  locate?: (f: Finding) => ProfileLocation | null;
  /** The terminal's width and character set (text only). */
  layout?: Layout;
}

/** Marker on the first line of the Markdown comment, so CI can find and update its own comment. */
export const COMMENT_MARKER = '<!-- capplan-check -->';

/** Findings listed in the comment before the rest fold away. */
const SHOWN_FINDINGS = 10;

const HEADERS = ['', 'phase', 'component', 'replicas', 'utilisation', 'headroom', 'monthly cost', 'Δ cost'];

/** Terminal columns: Δ cost goes first when narrow (the cost column shows before → after), then utilisation; phase names wrap. */
const TEXT_COLUMNS: readonly Column[] = [
  { header: '' },
  { header: 'phase', wrap: true, minWidth: 8 },
  { header: 'component', wrap: true, minWidth: 10 },
  { header: 'replicas', align: 'right' },
  { header: 'util', align: 'right', drop: 2 },
  { header: 'headroom', align: 'right', wrap: true, minWidth: 8 },
  { header: 'monthly', align: 'right', wrap: true, minWidth: 9 },
  { header: 'Δ cost', align: 'right', drop: 1, wrap: true, minWidth: 9 },
];
function headroomCell(row: GateRow, hasBaseline: boolean): string {
  const c = row.component;
  const show = (before: number | null, after: number) => (hasBaseline ? changeCell({ before, after }, fmt.headroom) : fmt.headroom(after));
  if (c === null) {
    const p = row.phase;
    const cell = show(p.diff.headroom.before, p.headroom);
    return p.headroomMin === null ? cell : `${cell} (min ${formatNumber(p.headroomMin)}×)`;
  }
  const cell = show(c.diff.headroom.before, c.headroom);
  const plan = c.diff.headroom.after;
  return c.deployedReplicas !== c.diff.replicas.after && plan !== null ? `${cell} (plan ${fmt.headroom(plan)})` : cell;
}

function rowCells(row: GateRow, hasBaseline: boolean): string[] {
  const p = row.phase.diff;
  const money = moneyFmt(p.currency);
  if (row.component === null) {
    const cell = hasBaseline ? changeCell : afterCell;
    return [p.name, 'total', cell(p.replicas, fmt.count), '', headroomCell(row, hasBaseline), cell(p.monthly, money), moneyDeltaCell(p.monthly, p.currency)];
  }
  const d = row.component.diff;
  const cell = hasBaseline ? changeCell : afterCell;
  return [p.name, d.name, cell(d.replicas, fmt.count), cell(d.utilization, fmt.percent), headroomCell(row, hasBaseline), cell(d.monthly, money), moneyDeltaCell(d.monthly, p.currency)];
}

function emptyLine(result: GateResult): string {
  return result.hasBaseline ? 'No change against the baseline; every gate holds.' : 'Every gate holds (no baseline to compare with).';
}

function where(f: Finding): string {
  return findingPlace(f);
}

function ruleLabel(f: Finding): string {
  return f.kind ? `${f.rule} (${f.kind})` : f.rule;
}

function contextLine(result: GateResult, o: CheckRenderOptions, code: (s: string) => string = (s) => s): string {
  const changed = result.diff.phases.filter((p) => p.status !== 'unchanged' && p.status !== 'removed').length;
  const removed = result.diff.phases.filter((p) => p.status === 'removed').length;
  const n = result.phases.length;
  const phases = `${n} phase${n === 1 ? '' : 's'}`;
  const profile = `profile ${code(result.profile)} (${code(o.file)})`;
  return result.hasBaseline
    ? `${profile} against the baseline ${code(o.baselineFile ?? '')}: ${phases}, ${changed} changed${removed ? `, ${removed} removed` : ''}`
    : `${profile}, no baseline: ${phases}`;
}

/** The check for a terminal: the verdict, why (failures first), then what changed. */
export function renderCheckText(result: GateResult, o: CheckRenderOptions, p: Palette): string {
  const layout = o.layout ?? DEFAULT_LAYOUT;
  const g = glyphsOf(layout);
  const w = layout.width;
  const out: string[] = [];
  const head = `capplan check ${verdict(result)}: ${countsText(result.counts)}`;
  const tone = result.status === 'fail' ? p.red : result.status === 'warn' ? p.yellow : p.green;
  out.push(...wrapStyled(head, w, (s) => p.bold(tone(s))));
  const quiet = layout.detail === 'quiet';
  if (!quiet) out.push(...wrapStyled(contextLine(result, o), w, p.dim));
  const moved = result.phases.filter((ph) => ph.moved !== null);
  const loosened = policyLoosenedText(result);
  if ((moved.length || loosened) && !quiet) {
    out.push('');
    for (const ph of moved) out.push(...wrapStyled(`moved in ${ph.diff.name}: ${ph.moved}`, w, (s) => s, { rest: '  ' }));
    if (loosened) out.push(...wrapStyled(loosened, w, p.yellow, { rest: '  ' }));
  }
  // Like what moved, a line of context: --quiet leaves it out (the JSON has it as removedPhases and each phase's removed).
  const removed = quiet ? [] : [...removedText(removedRows(result)), ...renamedText(result)];
  if (removed.length) {
    out.push('');
    for (const line of removed) out.push(...wrapStyled(line, w, (s) => s, { rest: '  ' }));
  }
  if (result.findings.length) {
    out.push('');
    for (const f of result.findings) {
      const mark = f.level === 'error' ? p.red(`${g.fail} error`) : p.yellow(`${g.warn} warn `);
      const loc = o.locate?.(f);
      const title = `${p.bold(where(f))}  ${p.cyan(ruleLabel(f))}`;
      out.push(...wrapStyled(`${title}${loc ? p.dim(`  ${o.file}:${loc.line}:${loc.col}`) : ''}`, w, (s) => s, { first: `${mark}  `, rest: '    ' }));
      out.push(...wrapStyled(f.message, w, (s) => s, { first: '    ' }));
      if (f.remedy) out.push(...wrapStyled(`fix: ${f.remedy}`, w, p.dim, { first: '    ', rest: '         ' }));
    }
  }
  const rows = gateRows(result);
  out.push('');
  if (rows.length) {
    const cells = rows.map((r) => {
      const mark = r.worst === 'error' ? p.red(g.fail) : r.worst === 'warn' ? p.yellow(g.warn) : STATUS_MARK[r.component?.diff.status ?? r.phase.diff.status];
      return [mark, ...rowCells(r, result.hasBaseline)].map((c) => c.replace(/ → /g, ` ${g.arrow} `));
    });
    out.push(drawTable(TEXT_COLUMNS, cells, { layout, palette: p, indent: 0 }).text);
  } else {
    out.push(...wrapStyled(emptyLine(result), w, (s) => s));
  }
  if (quiet) return `${out.join('\n')}\n`;
  out.push('', ...wrapStyled(`rules: ${policyLine(result.policy)}`, w, p.dim, { rest: '  ' }));
  for (const s of result.skipped) out.push(...wrapStyled(`skipped: ${s.rule}: ${s.reason}`, w, p.dim, { rest: '  ' }));
  return `${out.join('\n')}\n`;
}

/** The check as a Markdown pull-request comment: a summary line, what changed (failures first), why. */
export function renderCheckMarkdown(result: GateResult, o: CheckRenderOptions): string {
  const icon = result.status === 'fail' ? '❌' : result.status === 'warn' ? '⚠️' : '✅';
  const out: string[] = [COMMENT_MARKER, `### ${icon} capplan check ${verdict(result)}: ${countsText(result.counts)}`, ''];
  const line = contextLine(result, o, mdCode);
  out.push(`${line[0]!.toUpperCase()}${line.slice(1)}.`, '');
  const moved = result.phases.filter((ph) => ph.moved !== null);
  const loosened = policyLoosenedText(result);
  if (moved.length || loosened) {
    out.push('**What moved**', '');
    for (const ph of moved) out.push(`- ${mdText(ph.diff.name)}: ${mdTextWithCode(ph.moved!)}`);
    if (loosened) out.push(`- ⚠️ ${mdTextWithCode(loosened)}`);
    out.push('');
  }
  // The phases' names quoted as code spans; the rest is capplan's words and component names (DNS labels).
  const removed = removedText(removedRows(result), mdCode);
  // A pair starts with a component's name, kept as written.
  const renamed = renamedText(result, mdCode);
  if (removed.length || renamed.length) {
    out.push('**Removed**', '');
    for (const line of removed) out.push(`- ${line[0]!.toUpperCase()}${line.slice(1)}`);
    for (const line of renamed) out.push(`- ${line}`);
    out.push('');
  }
  const rows = gateRows(result);
  if (rows.length) {
    const cells = rows.map((r) => [r.worst === 'error' ? '❌' : r.worst === 'warn' ? '⚠️' : r.component?.diff.status === 'added' ? '🆕' : '✅', ...rowCells(r, result.hasBaseline)]);
    out.push(mdTable(HEADERS, cells, ['left', 'left', 'left', 'right', 'right', 'right', 'right', 'right']), '');
  } else {
    out.push(emptyLine(result), '');
  }
  if (result.findings.length) {
    out.push('**Why**', '');
    const item = (f: Finding) => {
      const loc = o.locate?.(f);
      return `- ${f.level === 'error' ? '❌' : '⚠️'} **${mdText(where(f))}** · ${ruleLabel(f)}: ${mdTextWithCode(f.message)}${loc ? ` (${mdCode(`${o.file}:${loc.line}`)})` : ''}${f.remedy ? `  \n  Fix: ${mdTextWithCode(f.remedy)}` : ''}`;
    };
    for (const f of result.findings.slice(0, SHOWN_FINDINGS)) out.push(item(f));
    const rest = result.findings.slice(SHOWN_FINDINGS);
    if (rest.length) out.push('', `<details><summary>${rest.length} more</summary>`, '', ...rest.map(item), '', '</details>');
    out.push('');
  }
  const foot = [`Rules: ${policyLine(result.policy)}.`, ...result.skipped.map((s) => `Skipped ${s.rule}: ${s.reason}.`)];
  out.push(`<sub>${foot.map(mdTextWithCode).join('<br>')}</sub>`);
  return `${out.join('\n')}\n`;
}

/**
 * The check that could not run (a profile or baseline it cannot read) as a Markdown comment, so a
 * CI step that posts the comment replaces an earlier verdict with this one (exit 2 follows): the
 * marker, a headline, and each problem at its file, line and column.
 */
export function renderCheckErrorMarkdown(problems: readonly CheckProblem[]): string {
  const errors = problems.filter((d) => d.severity === 'error').length;
  const out = [COMMENT_MARKER, `### ❌ capplan check could not run: ${errors} problem${errors === 1 ? '' : 's'} in its input`, ''];
  for (const d of problems) {
    const at = d.line !== null ? `${d.file}:${d.line}${d.col !== null ? `:${d.col}` : ''}` : d.file;
    // A message that starts with its file ("b.json: no such baseline") is not prefixed with it again.
    const message = d.line === null && d.message.startsWith(`${d.file}: `) ? d.message.slice(d.file.length + 2) : d.message;
    out.push(`- ${d.severity === 'error' ? '❌' : '⚠️'} ${mdCode(at)}${d.path ? ` ${mdCode(d.path)}` : ''}: ${mdText(message)}${d.hint ? `  \n  Hint: ${mdTextWithCode(d.hint)}` : ''}`);
  }
  return `${out.join('\n')}\n`;
}

/** What `check --update-baseline` wrote, as its JSON document carries it (docs/json.md). */
export interface BaselineUpdate {
  baseline: string;
  profile: string;
  phases: number;
  componentRows: number;
  /** Phases that differ from the previous baseline (null: there was none). */
  changedPhases: number | null;
  standingErrors: number;
}

/**
 * `check --update-baseline --format markdown`: a short comment on what was written, with the
 * comment marker, so a CI step that posts stdout replaces the last gate comment rather than
 * posting an empty one.
 */
export function renderBaselineUpdateMarkdown(u: BaselineUpdate, loosened: readonly string[] = []): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const changed = u.changedPhases === null ? 'no previous baseline' : u.changedPhases === 0 ? 'no change from the previous baseline' : `${plural(u.changedPhases, 'phase')} changed from the previous baseline`;
  const out = [
    COMMENT_MARKER,
    '### 📌 capplan check: baseline updated',
    '',
    `Wrote ${mdCode(u.baseline)} from ${mdCode(u.profile)}: ${plural(u.phases, 'phase')}, ${plural(u.componentRows, 'component row')}; ${changed}. Commit it to accept this plan.`,
  ];
  if (loosened.length) out.push('', `⚠️ Gates loosened: ${mdText(loosened.join(', '))}.`);
  if (u.standingErrors > 0) {
    out.push('', `❌ ${plural(u.standingErrors, 'gate error')} (violations, headroom, latency or availability) ${u.standingErrors === 1 ? 'does' : 'do'} not depend on the baseline: ${mdCode('capplan check')} still fails until ${u.standingErrors === 1 ? 'it is' : 'they are'} fixed.`);
  }
  return `${out.join('\n')}\n`;
}
