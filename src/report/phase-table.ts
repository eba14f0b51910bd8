/** The component table of one phase (utilisation bars, the binding constraint's numbers) and the --explain text. Pure. */
import type { ComponentPlan, Constraint, PhasePlan, Violation } from '../plan/types.js';
import { explainLines, formatDemand, formatLatency } from '../render/plan-text.js';
import { formatNumber, formatPercent } from '../units/format.js';
import { attrs, esc, planFigure, planPath, scrollBox } from './escape.js';
import { px } from './svg.js';

const BAR_W = 72;

/** The phase's violations that name a component (its own and cross-component ones, such as connection pools). */
export function violationsOf(phase: PhasePlan, c: ComponentPlan): Violation[] {
  return phase.violations.filter((v) => v.component === c.name);
}

/** The constraint that sets a component's size: the one `--explain` marks "binds". */
export function bindingConstraint(c: ComponentPlan): { constraint: Constraint; index: number } | null {
  let index = c.constraints.findIndex((k) => k.binding === c.binding && k.required === c.replicas);
  if (index < 0) index = c.constraints.findIndex((k) => k.binding === c.binding);
  return index < 0 ? null : { constraint: c.constraints[index]!, index };
}

/** A link to a line of the profile, when the line is known. */
export function sourceLink(text: string, line: number | undefined, inner = esc(text)): string {
  return line === undefined ? inner : `<a href="#src-L${line}" title="${esc(`${text}: line ${line} of the profile`)}">${inner}</a>`;
}

/** A utilisation bar (decorative: the percentage is written beside it) with the target marked. */
export function utilBar(utilization: number, target: number): string {
  const fill = BAR_W * Math.min(1, Math.max(0, utilization));
  const cls = utilClass(utilization, target);
  return (
    `<svg width="${BAR_W}" height="10" viewBox="0 0 ${BAR_W} 10" aria-hidden="true" focusable="false">` +
    `<rect class="util-track" width="${BAR_W}" height="10" rx="2"/><rect class="util-fill${cls ? ` ${cls}` : ''}" width="${px(fill)}" height="10" rx="2"/>` +
    `<line class="util-target" x1="${px(BAR_W * target)}" x2="${px(BAR_W * target)}" y1="0" y2="10"/></svg>`
  );
}

/** `over` above the target utilisation, `sat` at or past saturation, '' otherwise. */
export function utilClass(utilization: number, target: number): string {
  return utilization >= 1 - 1e-9 ? 'sat' : utilization > target + 1e-9 ? 'over' : '';
}

/** The id of a component's row in its phase's table. */
export function componentAnchor(phaseIndex: number, componentIndex: number): string {
  return `p${phaseIndex}-c${componentIndex}`;
}

/** The table of one phase's components. */
export function componentTable(phase: PhasePlan, phaseIndex: number, lineOf: Readonly<Record<string, number>>): string {
  const head = ['component', 'kind', 'demand', 'size', 'binding (its numbers)', 'utilisation at peak', 'p95', 'max req/s'];
  const numeric = new Set([2, 6, 7]);
  const rows = phase.components.map((c, i) => componentRow(c, planPath('phases', phaseIndex, 'components', i), componentAnchor(phaseIndex, i), phase, lineOf));
  return (
    scrollBox(`<table class="plan"><thead><tr>${head.map((h, i) => `<th scope="col"${numeric.has(i) ? ' class="num"' : ''}>${esc(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`)
  );
}

function componentRow(c: ComponentPlan, path: string, id: string, phase: PhasePlan, lineOf: Readonly<Record<string, number>>): string {
  const bottleneck = c.name === phase.system.bottleneck;
  const violations = violationsOf(phase, c).length;
  const tags = [
    bottleneck ? '<span class="tag b">bottleneck</span>' : '',
    violations ? `<span class="tag v">${violations} violation${violations === 1 ? '' : 's'}</span>` : '',
    c.managed ? '<span class="tag">managed</span>' : '',
    c.synchronous ? '' : '<span class="tag">async</span>',
  ].join('');
  const bind = bindingConstraint(c);
  const bindText = bind
    ? `<small${attrs({ title: `${bind.constraint.formula}${bind.constraint.note ? ` (${bind.constraint.note})` : ''}` })}>${planFigure(`${path}.constraints[${bind.index}].substituted`, bind.constraint.substituted)}</small>`
    : '';
  const cls = utilClass(c.utilization, c.targetUtilization);
  const budget = c.latencyBudget !== null ? `<small>budget ${planFigure(`${path}.latencyBudget`, formatLatency(c.latencyBudget))}</small>` : '';
  const rowClass = [bottleneck ? 'bottleneck' : '', violations ? 'violated' : ''].filter(Boolean).join(' ');
  return (
    `<tr${attrs({ class: rowClass || null, id })}>` +
    `<th scope="row">${sourceLink(c.name, lineOf[c.path], planFigure(`${path}.name`, c.name))}${tags}</th>` +
    `<td>${planFigure(`${path}.kind`, c.kind)}</td>` +
    `<td class="num">${planFigure(`${path}.demand`, formatDemand(c.demand, c.demandUnit))}</td>` +
    `<td>${planFigure(`${path}.topology`, c.topology)}</td>` +
    `<td class="binding">${planFigure(`${path}.binding`, c.binding)}${bindText}</td>` +
    `<td class="util">${utilBar(c.utilization, c.targetUtilization)}${planFigure(`${path}.utilization`, formatPercent(c.utilization), 'span', { class: cls || null })} <small>of ${planFigure(`${path}.targetUtilization`, formatPercent(c.targetUtilization))}</small></td>` +
    `<td class="num">${planFigure(`${path}.latencyP95`, formatLatency(c.latencyP95))}${budget}</td>` +
    `<td class="num">${planFigure(`${path}.maxRps`, Number.isFinite(c.maxRps) ? formatNumber(c.maxRps) : '∞')}<small>${esc(c.maxRpsBy)}</small></td>` +
    `</tr>`
  );
}

/** How each figure of the phase was derived: the `capplan plan --explain` text, one block per component. */
export function explainBlock(phase: PhasePlan, phaseIndex: number): string {
  const items = phase.components.map((c, i) => {
    const lines = explainLines(c, phase).map((l) => `<span${l.includes('← binds') ? ' class="binds"' : ''}>${esc(l)}</span>`);
    return `<dt>${esc(c.name)} <small>(${esc(c.kind)})</small></dt><dd><div class="f" id="${esc(`explain-${phaseIndex}-${i}`)}">${lines.join('\n')}</div></dd>`;
  });
  return (
    `<details class="explain"><summary>How each figure was derived (the <code>--explain</code> text)</summary>` +
    `<p class="f">workload: ${planFigure(planPath('phases', phaseIndex, 'workload', 'derivation'), phase.workload.derivation)}</p><dl>${items.join('')}</dl></details>`
  );
}
