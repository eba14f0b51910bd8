/**
 * Monthly cost per phase by component: one stacked horizontal bar per priced phase, a segment
 * per component (the bill's `byComponent` allocation) and one for what the bill does not
 * allocate to a component (storage, egress, load balancer, control plane). Pure.
 */
import type { Plan } from '../plan/types.js';
import { formatUsd } from '../units/format.js';
import { colourClass } from './colours.js';
import { byComponent, costTable, renderCellTable, unallocated } from './cells.js';
import { esc, planPath } from './escape.js';
import { chartFigure, fitText, linearScale, niceTicks, px, svgChart, svgText } from './svg.js';

const WIDTH = 720;
const LABEL_W = 150;
const TOTAL_W = 86;
const ROW_H = 30;
const BAR_H = 18;
const AXIS_H = 26;
const PAD = 8;
/** Below a cent, a remainder is rounding, not a line of the bill. */
const CENT = 0.005;

/** Cost of one phase split by component. */
interface PhaseCost {
  index: number;
  name: string;
  monthly: number;
  parts: { name: string; usd: number }[];
  unallocated: number;
}

function phaseCosts(plan: Plan): PhaseCost[] {
  const out: PhaseCost[] = [];
  plan.phases.forEach((p, index) => {
    if (!p.bill) return;
    const by = byComponent(p.bill);
    // Components in the phase's order; the bill's own map is sorted by name.
    const parts = p.components.filter((c) => (by[c.name] ?? 0) > 0).map((c) => ({ name: c.name, usd: by[c.name]! }));
    out.push({ index, name: p.name, monthly: p.bill.monthly, parts, unallocated: unallocated(p.bill) });
  });
  return out;
}

/** The cost chart with its data table, or null when no phase is priced. */
export function renderCostChart(plan: Plan, colours: ReadonlyMap<string, number>, id = 'cost-chart'): string | null {
  const costs = phaseCosts(plan);
  if (costs.length === 0) return null;
  const max = Math.max(...costs.map((c) => c.monthly));
  const ticks = niceTicks(0, max > 0 ? max : 1, 5);
  const x0 = PAD + LABEL_W;
  const x = linearScale(0, ticks[ticks.length - 1]!, x0, WIDTH - TOTAL_W);
  const height = PAD + costs.length * ROW_H + AXIS_H;
  let body = '';
  for (const t of ticks) {
    body += `<line class="grid" x1="${px(x(t))}" x2="${px(x(t))}" y1="${PAD}" y2="${px(PAD + costs.length * ROW_H)}"/>`;
    body += svgText(x(t), PAD + costs.length * ROW_H + 16, formatUsd(t, 0), { class: 'tick', 'text-anchor': 'middle' });
  }
  costs.forEach((c, row) => {
    const y = PAD + row * ROW_H + (ROW_H - BAR_H) / 2;
    body += svgText(x0 - 8, y + BAR_H - 5, fitText(c.name, 12, LABEL_W - 12), { class: 'label', 'text-anchor': 'end' });
    let at = 0;
    const segments = [...c.parts.map((p) => ({ ...p, cls: colourClass(colours.get(p.name)) })), ...(c.unallocated > CENT ? [{ name: 'not allocated to a component', usd: c.unallocated, cls: 'shared' }] : [])];
    for (const s of segments) {
      const w = x(at + s.usd) - x(at);
      body += `<rect class="seg ${s.cls}" x="${px(x(at))}" y="${px(y)}" width="${px(Math.max(0, w))}" height="${BAR_H}"><title>${esc(`${c.name}: ${s.name} ${formatUsd(s.usd)} per month`)}</title></rect>`;
      at += s.usd;
    }
    body += `<text class="total" x="${px(x(c.monthly) + 6)}" y="${px(y + BAR_H - 5)}"><tspan data-plan="${esc(planPath('phases', c.index, 'bill', 'monthly'))}">${esc(formatUsd(c.monthly))}</tspan></text>`;
  });
  const desc = `Monthly cost per phase: ${costs.map((c) => `${c.name} ${formatUsd(c.monthly)}${c.parts.length ? `, the largest share ${largest(c)}` : ''}`).join('; ')}.`;
  const svg = svgChart({ id, width: WIDTH, height, title: 'Monthly cost per phase by component', desc }, body);
  return chartFigure({ id: `${id}-figure`, caption: 'Monthly cost per phase, split by component (node pools allocated by requested CPU or memory; managed services by component).', svg, table: renderCellTable(costTable(plan)!, 'cost'), extra: legend(costs, colours) });
}

function largest(c: PhaseCost): string {
  const top = [...c.parts].sort((a, b) => b.usd - a.usd)[0]!;
  return `${top.name} ${formatUsd(top.usd)}`;
}

function legend(costs: readonly PhaseCost[], colours: ReadonlyMap<string, number>): string {
  const names: string[] = [];
  for (const c of costs) for (const p of c.parts) if (!names.includes(p.name)) names.push(p.name);
  const items = names.map((n) => `<li><span class="swatch ${colourClass(colours.get(n))}"></span>${esc(n)}</li>`);
  if (costs.some((c) => c.unallocated > CENT)) items.push('<li><span class="swatch shared"></span>not allocated to a component (storage, egress, services)</li>');
  return `<ul class="legend">${items.join('')}</ul>`;
}
