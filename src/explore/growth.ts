/**
 * `workload.growth`: how the load grows month by month, for `capplan runway`. Three forms:
 * a compound rate (`8%/month`, `100%/year`), a linear rate (`{ rate: 10%/month, model: linear }`),
 * or measured and forecast points (`{ points: [{ month: 6, scale: 2 }] }`, or dated with `start`).
 * The schema and the curve g(m), the load at month m as a multiple of today's.
 */
import * as z from 'zod';
import type { Fields } from '../profile/fields.js';

/** Months per period word of a growth rate. */
const PERIOD_MONTHS: Readonly<Record<string, number>> = {
  week: 12 / 52.1775, weeks: 12 / 52.1775, wk: 12 / 52.1775,
  month: 1, months: 1, mo: 1,
  quarter: 3, quarters: 3,
  year: 12, years: 12, yr: 12, y: 12,
};

/** A growth rate: a fraction per period, in months. */
export interface GrowthRate {
  fraction: number;
  periodMonths: number;
}

/** Parses `8%/month`, `8% per month`, `100%/year`, `0.5%/week`; null when the text is not a rate. */
export function parseGrowthRate(text: string): GrowthRate | null {
  const m = /^\s*([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s*%\s*(?:\/|per\s+|a\s+)\s*([a-z]+)\s*$/i.exec(text);
  if (!m) return null;
  const periodMonths = PERIOD_MONTHS[m[2]!.toLowerCase()];
  if (periodMonths === undefined) return null;
  return { fraction: Number(m[1]) / 100, periodMonths };
}

const RATE_FORM = 'a growth rate like 8%/month or 100%/year';
const DATE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTH_FORM = 'a month like 2027-03 (YYYY-MM)';

/** A growth rate field; built with growthSchema, which validation builds only for a profile that has `workload.growth`. */
function rateField() {
  return z.string({ error: `expected ${RATE_FORM}` }).transform((v, ctx) => {
    const r = parseGrowthRate(v);
    if (!r) {
      ctx.addIssue({ code: 'custom', message: `cannot read "${v}" as ${RATE_FORM}`, params: { hint: 'periods: week, month, quarter, year' } });
      return z.NEVER;
    }
    if (!(r.fraction > -1)) {
      ctx.addIssue({ code: 'custom', message: `a growth of ${v} would take the load below zero`, params: {} });
      return z.NEVER;
    }
    return r;
  });
}

/** The `workload.growth` schema. */
export function growthSchema(f: Fields) {
  const rate = rateField();
  const month = z.string({ error: MONTH_FORM }).superRefine((v, ctx) => {
    if (DATE.test(v)) return;
    const day = /^(\d{4})-(0[1-9]|1[0-2])-\d{1,2}$/.exec(v);
    ctx.addIssue({ code: 'custom', message: day ? `${v} is a day; expected ${MONTH_FORM}` : `expected ${MONTH_FORM}`, params: day ? { hint: `write the month: ${day[1]}-${day[2]}` } : {} });
  });
  return z
    .union([
      rate.describe(`Compound growth of the load: ${RATE_FORM}.`),
      z.strictObject({
        rate: rate.describe(`Growth per period: ${RATE_FORM}.`),
        model: z.enum(['compound', 'linear']).default('compound').describe('compound: × (1 + rate) each period; linear: + rate × today’s load each period.'),
        start: month.optional().describe('The month of today’s load (YYYY-MM), to date the runway’s months.'),
      }),
      z.strictObject({
        start: month.optional().describe('The month of today’s load (YYYY-MM), for dated points and dated output.'),
        points: z
          .array(
            z.strictObject({
              month: z.number({ error: 'expected a whole number of months from 0 to 1200' }).int({ error: 'expected a whole number of months from 0 to 1200' }).min(0, { error: 'expected a whole number of months from 0 to 1200' }).max(1200, { error: 'expected a whole number of months from 0 to 1200' }).optional().describe('Months from now (whole number).'),
              date: month.optional().describe('The month this load is expected (YYYY-MM; needs start).'),
              scale: f.number({ positive: true }).describe('Load at that month as a multiple of today’s (number, e.g. 2.5).'),
            }),
          )
          .min(1, { error: 'give at least one point, e.g. [{ month: 12, scale: 2 }]' })
          .describe('Expected load at later months; compound between points, the last segment’s rate continuing after them.'),
      }),
    ])
    .superRefine((g, ctx) => {
      if (typeof g !== 'object' || g === null || !('points' in g) || !Array.isArray(g.points)) return;
      // zod runs this check on a union whose branches failed too: a start or date that is not a month is reported by its own field.
      if (g.start !== undefined && !DATE.test(String(g.start))) return;
      let previous = -1;
      g.points.forEach((p, i) => {
        if (typeof p !== 'object' || p === null) return;
        if ((p.month === undefined) === (p.date === undefined)) {
          ctx.addIssue({ code: 'custom', path: ['points', i], message: 'give month or date, not both', params: {} });
          return;
        }
        if (p.date !== undefined && g.start === undefined) {
          ctx.addIssue({ code: 'custom', path: ['points', i, 'date'], message: 'a dated point needs growth.start (the month of today’s load)', params: {} });
          return;
        }
        // A month out of range is reported by its own check; only a date can fall before start.
        if (p.month !== undefined && !(Number.isInteger(p.month) && p.month >= 0)) return;
        if (p.date !== undefined && !DATE.test(String(p.date))) return;
        const m = p.month ?? monthsBetween(g.start!, p.date!);
        if (m < 0) ctx.addIssue({ code: 'custom', path: ['points', i, 'date'], message: `${p.date} is before start ${g.start}`, params: {} });
        else if (m <= previous) ctx.addIssue({ code: 'custom', path: ['points', i], message: 'points must be in increasing month order', params: {} });
        previous = Math.max(previous, m);
      });
    })
    .optional()
    .describe('How the load grows, for `capplan runway`: 8%/month (compound), { rate, model: linear }, or { start, points: [{ month | date, scale }] }.');
}

/** `workload.growth` as validated. */
export type GrowthInput = z.output<ReturnType<typeof growthSchema>>;

/** Whole months from `start` to `date` (both YYYY-MM). */
export function monthsBetween(start: string, date: string): number {
  const [, ys, ms] = DATE.exec(start)!;
  const [, yd, md] = DATE.exec(date)!;
  return (Number(yd) - Number(ys)) * 12 + (Number(md) - Number(ms));
}

/** The month `m` months after `start` (YYYY-MM). */
export function monthLabel(start: string, m: number): string {
  const [, y, mo] = DATE.exec(start)!;
  const total = Number(y) * 12 + Number(mo) - 1 + m;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

/** A growth curve: the load at month m as a multiple of today's. */
export interface GrowthCurve {
  /** g(m), with g(0) = 1 unless a point at month 0 says otherwise. */
  at(month: number): number;
  /** One line describing it ("compound 8 %/month"). */
  description: string;
  /** The month of today's load, when dated. */
  start: string | null;
  /** The last month the data describes (points), after which the last rate is extrapolated; null for rates. */
  lastPointMonth: number | null;
}

/*
 * Growth curves. Compound at a rate r per period of P months: g(m) = (1 + r)^(m/P). Linear:
 * g(m) = 1 + r·m/P. Points (m_i, s_i), with (0, 1) first unless given: between two points the
 * growth is compound, g(m) = s_i·(s_{i+1}/s_i)^((m − m_i)/(m_{i+1} − m_i)); after the last it
 * continues at the last segment's monthly rate (a single point at month 0 holds its level).
 */
/** The curve of a validated `workload.growth`. */
export function growthCurve(g: NonNullable<GrowthInput>): GrowthCurve {
  const pct = (r: GrowthRate) => `${+(r.fraction * 100).toPrecision(4)} %/${r.periodMonths === 1 ? 'month' : r.periodMonths === 12 ? 'year' : r.periodMonths === 3 ? 'quarter' : 'week'}`;
  if ('fraction' in g) return rateCurve(g, 'compound', `compound ${pct(g)}`);
  if ('rate' in g) return { ...rateCurve(g.rate, g.model, `${g.model} ${pct(g.rate)}`), start: g.start ?? null };
  const pts = g.points.map((p) => ({ m: p.month ?? monthsBetween(g.start!, p.date!), s: p.scale }));
  if (pts[0]!.m > 0) pts.unshift({ m: 0, s: 1 });
  const last = pts[pts.length - 1]!;
  const before = pts[pts.length - 2];
  const tailRate = before ? (last.s / before.s) ** (1 / (last.m - before.m)) : 1;
  return {
    start: g.start ?? null,
    lastPointMonth: last.m,
    description: `${g.points.length} point${g.points.length === 1 ? '' : 's'}, compound between them${before ? `; after month ${last.m}, ${+((tailRate - 1) * 100).toPrecision(3)} %/month` : ''}`,
    at: (m) => {
      if (m <= pts[0]!.m) return pts[0]!.s;
      if (m >= last.m) return last.s * tailRate ** (m - last.m);
      let i = 0;
      while (pts[i + 1]!.m < m) i++;
      const a = pts[i]!;
      const b = pts[i + 1]!;
      return a.s * (b.s / a.s) ** ((m - a.m) / (b.m - a.m));
    },
  };
}

function rateCurve(r: GrowthRate, model: 'compound' | 'linear', description: string): GrowthCurve {
  return {
    start: null,
    lastPointMonth: null,
    description,
    at: (m) => (model === 'compound' ? (1 + r.fraction) ** (m / r.periodMonths) : Math.max(0, 1 + (r.fraction * m) / r.periodMonths)),
  };
}
