/** A phase's bill in HTML: every line with its source and date, the packing and its waste (warnings and provenance are said once, in the page's notes). Pure. */
import type { Bill } from '../plan/types.js';
import { packingLines, wasteLines } from '../render/bill.js';
import { formatNumber, formatUsd } from '../units/format.js';
import { esc, planFigure, planPath, scrollBox } from './escape.js';

/** Where the bill prices: "aws us-east-1" or "an on-prem build". */
export function billWhere(bill: Bill): string {
  return bill.target === 'onprem' ? 'an on-prem build' : `${String(bill.provider)} ${String(bill.region)}`;
}

/** The bill of phase `phaseIndex` as a section body. */
export function renderBillSection(bill: Bill, phaseIndex: number): string {
  const path = planPath('phases', phaseIndex, 'bill');
  const notes = [...new Set(bill.lines.filter((l) => l.note && l.unitPrice !== null).map((l) => l.note!))];
  const capex = typeof bill.capex === 'number' ? ` (capex ${planFigure(`${path}.capex`, formatUsd(bill.capex))} over ${planFigure(`${path}.amortisationMonths`, String(bill.amortisationMonths))} months)` : '';
  const head = ['item', 'quantity', 'unit', 'unit price', 'monthly', 'source (as of)'];
  const rows = bill.lines.map((l, i) => {
    const lp = `${path}.lines[${i}]`;
    const mark = l.note && l.unitPrice !== null ? ` <sup>[${notes.indexOf(l.note) + 1}]</sup>` : '';
    return (
      `<tr><th scope="row">${planFigure(`${lp}.description`, l.description)}${mark}</th>` +
      `<td class="num">${planFigure(`${lp}.quantity`, formatNumber(l.quantity))}</td><td>${esc(l.unit)}</td>` +
      `<td class="num">${l.unitPrice === null ? '<span class="warn">unpriced</span>' : planFigure(`${lp}.unitPrice`, formatUsd(l.unitPrice))}</td>` +
      `<td class="num">${planFigure(`${lp}.monthly`, formatUsd(l.monthly))}</td>` +
      `<td>${esc(l.source)}${l.asOf ? ` <small>(${planFigure(`${lp}.asOf`, l.asOf)})</small>` : ''}</td></tr>`
    );
  });
  rows.push(`<tr class="total"><th scope="row">total per month</th><td></td><td></td><td></td><td class="num">${planFigure(`${path}.monthly`, formatUsd(bill.monthly))}</td><td></td></tr>`);
  const out = [
    `<h3>Bill, ${esc(billWhere(bill))}: ${planFigure(`${path}.monthly`, formatUsd(bill.monthly))} per month${capex}</h3>`,
    scrollBox(`<table class="bill"><thead><tr>${head.map((h, i) => `<th scope="col"${i === 1 || i === 3 || i === 4 ? ' class="num"' : ''}>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`),
  ];
  if (notes.length) out.push(`<ol class="notes">${notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ol>`);
  const facts = [...packingLines(bill), ...wasteLines(bill)];
  if (facts.length) out.push(`<ul class="notes">${facts.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>`);
  return out.join('');
}
