/**
 * Monthly cost per phase by component: one stacked horizontal bar per priced phase, a segment
 * per part of the bill (each component's own cost, the packing waste, the shared services:
 * cells.ts costParts), each a figure of the plan. Pure.
 */
import type { Plan } from '../plan/types.js';
import { formatUsd } from '../units/format.js';
import { colourClass } from './colours.js';
import { costParts, costTable, renderCellTable, type CostPart } from './cells.js';
import { esc, planPath } from './escape.js';
import { chartFigure, fitText, linearScale, niceTicks, px, svgChart, svgText } from './svg.js';

const WIDTH = 720;
const LABEL_W = 150;
const TOTAL_W = 86;
const ROW_H = 30;
const BAR_H = 18;
const AXIS_H = 26;
const PAD = 8;

/** Cost of one phase split into parts. */
interface PhaseCost {
  index: number;
  name: string;
  monthly: number;
  parts: CostPart[];
}

function phaseCosts(plan: Plan): PhaseCost[] {
  return plan.phases.flatMap((p, index) => (p.bill ? [{ index, name: p.name, monthly: p.bill.monthly, parts: costParts(plan, index) }] : []));
}

/** The colour class of a part: its component's, or one of the two greys. */
function partClass(part: CostPart, colours: ReadonlyMap<string, number>): string {
  return part.component !== null ? colourClass(colours.get(part.component)) : part.path.endsWith('packingWaste') ? 'waste' : 'shared';
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
    for (const s of c.parts) {
      const w = x(at + s.usd) - x(at);
      body += `<rect class="seg ${partClass(s, colours)}" x="${px(x(at))}" y="${px(y)}" width="${px(Math.max(0, w))}" height="${BAR_H}"><title>${esc(`${c.name}: ${s.name} ${formatUsd(s.usd)} per month`)}</title></rect>`;
      at += s.usd;
    }
    body += `<text class="total" x="${px(x(c.monthly) + 6)}" y="${px(y + BAR_H - 5)}"><tspan data-plan="${esc(planPath('phases', c.index, 'bill', 'monthly'))}">${esc(formatUsd(c.monthly))}</tspan></text>`;
  });
  const desc = `Monthly cost per phase: ${costs.map((c) => `${c.name} ${formatUsd(c.monthly)}${c.parts.length ? `, the largest part ${largest(c)}` : ''}`).join('; ')}.`;
  const svg = svgChart({ id, width: WIDTH, height, title: 'Monthly cost per phase by component', desc }, body);
  return chartFigure({ id: `${id}-figure`, caption: 'Monthly cost per phase, split as the bill splits it: each component’s requests at the pool’s unit prices with its storage, managed services and egress; the packing waste (nodes bought but not requested); the shared load balancer and control plane.', svg, table: renderCellTable(costTable(plan)!, 'cost'), extra: legend(costs, colours) });
}

function largest(c: PhaseCost): string {
  const top = [...c.parts].sort((a, b) => b.usd - a.usd)[0]!;
  return `${top.name} ${formatUsd(top.usd)}`;
}

function legend(costs: readonly PhaseCost[], colours: ReadonlyMap<string, number>): string {
  const seen = new Map<string, string>();
  for (const c of costs) for (const p of c.parts) if (!seen.has(p.name)) seen.set(p.name, partClass(p, colours));
  return `<ul class="legend">${[...seen].map(([name, cls]) => `<li><span class="swatch ${cls}"></span>${esc(name)}</li>`).join('')}</ul>`;
}
