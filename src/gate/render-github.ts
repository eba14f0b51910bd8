/**
 * `capplan check --format github`: GitHub Actions workflow commands (`::error file=…,line=…::`)
 * that annotate the profile line responsible for each finding. Escaping follows the runner's
 * rules (actions/toolkit, command.ts): data escapes %, CR and LF; property values also : and ,.
 */
import type { Diagnostic } from '../profile/diagnostic.js';
import type { CheckProblem } from './check-problem.js';
import type { Finding, GateResult } from './evaluate.js';
import type { CheckRenderOptions } from './render-check.js';
import { countsText, findingPlace, policyLoosenedText, removedRows, removedText, renamedText, verdict } from './rows.js';

export type { CheckProblem } from './check-problem.js';

/** Escapes a workflow command's message. */
export function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value. */
export function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line: `::name key=value,…::message`. */
export function workflowCommand(name: string, props: Readonly<Record<string, string | number | undefined>>, message: string): string {
  const p = Object.entries(props)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${p ? ` ${p}` : ''}::${escapeData(message)}`;
}

function annotation(f: Finding, o: CheckRenderOptions): string {
  const loc = o.locate?.(f) ?? null;
  const where = f.rule === 'policy' ? findingPlace(f) : f.component === null ? `phase ${f.phase}` : `${f.component} (phase ${f.phase})`;
  const message = `${where}: ${f.message}${f.cause ? `; ${f.cause}` : ''}${f.remedy ? `\nfix: ${f.remedy}` : ''}`;
  return workflowCommand(
    f.level === 'error' ? 'error' : 'warning',
    { file: loc ? o.file : undefined, line: loc?.line, col: loc?.col, title: `capplan check: ${f.kind ? `${f.rule} (${f.kind})` : f.rule}` },
    message,
  );
}

/** One annotation per finding, then a plain summary line. */
export function renderCheckGithub(result: GateResult, o: CheckRenderOptions): string {
  const lines = result.findings.map((f) => annotation(f, o));
  // What the baseline has and the plan dropped is no finding, but a reviewer should see it.
  for (const line of removedText(removedRows(result))) lines.push(workflowCommand('notice', { title: 'capplan check: removed' }, line));
  for (const line of renamedText(result)) lines.push(workflowCommand('notice', { title: 'capplan check: renamed?' }, line));
  // A loosened policy is a finding (an annotation above) unless --gate policy=off; then a warning still says so.
  const loosened = policyLoosenedText(result);
  if (loosened && !result.findings.some((f) => f.rule === 'policy')) lines.push(workflowCommand('warning', { title: 'capplan check: gates loosened' }, loosened));
  lines.push(`capplan check ${verdict(result)}: ${countsText(result.counts)} (profile ${result.profile}${result.hasBaseline ? `, baseline ${o.baselineFile ?? ''}` : ', no baseline'})`);
  return `${lines.join('\n')}\n`;
}


/** Problems of an InputError as CheckProblems. */
export function checkProblems(diagnostics: readonly Diagnostic[]): CheckProblem[] {
  return diagnostics.map((d) => ({ file: d.file, line: d.line, col: d.col, path: d.path, message: d.message, hint: d.hint ?? null, severity: d.severity }));
}

/** One `::error` (or `::warning`) a problem, at its file, line and column, then a plain summary line. */
export function renderProblemsGithub(problems: readonly CheckProblem[]): string {
  const lines = problems.map((d) =>
    workflowCommand(
      d.severity === 'error' ? 'error' : 'warning',
      { file: d.line !== null ? d.file : undefined, line: d.line ?? undefined, col: d.col ?? undefined, title: 'capplan check: bad input' },
      `${d.path ? `${d.path}: ` : ''}${d.message}${d.hint ? `\nhint: ${d.hint}` : ''}`,
    ),
  );
  const n = problems.filter((d) => d.severity === 'error').length;
  lines.push(`capplan check could not run: ${n} problem${n === 1 ? '' : 's'} in its input`);
  return `${lines.join('\n')}\n`;
}
