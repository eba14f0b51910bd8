/**
 * Collecting observations: asks a QuerySource (Prometheus or a recording) the planned queries
 * at one instant — the busiest moment of the window, or a given time — and turns the answers
 * into numbers, with an error naming the component and the query when one cannot be used.
 */
import { bucketQuantile, parseLe, type Bucket, type BucketQuantile } from './histogram.js';
import { formatPromDuration, formatTime } from './promql.js';
import type { ComponentQueries, HistogramCandidate, MetricPlan, ScalarCandidate } from './query-plan.js';
import { sampleValue, SourceError, type PromData, type QuerySource } from './source.js';

/** The percentile compared with the model (the planner's). */
export const OBSERVED_PERCENTILE = 0.95;

/** When and over what the queries are asked (seconds; Unix seconds for times). */
export interface CollectOptions {
  endS: number;
  windowS: number;
  rateWindowS: number;
  /** The busiest moment of [end − window, end] by the entry's rate, or a fixed time. */
  at: 'peak' | number;
  /** The component whose rate is the system's (and whose peak is searched). */
  entry: string;
  /** Accept counters that reset inside the rate window (Prometheus corrects rates for resets). */
  allowResets: boolean;
}

/** A number read from Prometheus with the query that gave it. */
export interface Measured {
  value: number;
  query: string;
  source: string;
}

/** A latency histogram read at the instant. */
export interface LatencyObservation {
  metric: string;
  p95: BucketQuantile;
  meanS: number | null;
  buckets: Bucket[];
  queries: { buckets: string; sum: string; count: string };
}

/** What was observed of one component. */
export interface ComponentObservation {
  name: string;
  kind: string;
  rate: Measured;
  cpu: Measured | null;
  replicas: Measured | null;
  latency: LatencyObservation | null;
  notes: string[];
}

/** Everything observed, at one instant. */
export interface Observation {
  atS: number;
  /** How the instant was chosen: the window's peak or a given time. */
  atMode: 'peak' | 'time';
  windowS: number;
  rateWindowS: number;
  endS: number;
  entry: string;
  /** The range query that found the peak (null with a fixed time). */
  peakQuery: string | null;
  components: ComponentObservation[];
}

/** A query whose answer cannot be used (exit 2): names the component and the query. */
export class ObserveError extends Error {
  constructor(message: string, readonly component: string | null, readonly query: string | null, readonly hint?: string) {
    super(message);
    this.name = 'ObserveError';
  }
}

/** Steps of the peak search: about 1,000 points over the window (Prometheus allows 11,000), at least 1 s. */
export function peakStepS(windowS: number): number {
  return Math.max(1, Math.ceil(windowS / 1000));
}

/** Asks every planned query and returns the observations; throws ObserveError on unusable answers. */
export async function collectObservations(plans: readonly ComponentQueries[], source: QuerySource, opts: CollectOptions): Promise<Observation> {
  const entry = plans.find((p) => p.name === opts.entry);
  if (!entry) throw new ObserveError(`the entry component "${opts.entry}" is not observed`, opts.entry, null, 'choose an observed component with --entry');
  const ask = async (component: string, expr: string, run: () => Promise<PromData>): Promise<PromData> => {
    try {
      return await run();
    } catch (error) {
      if (error instanceof SourceError) throw new ObserveError(error.message, component, expr, error.hint);
      throw error;
    }
  };

  let atS: number;
  let peakQuery: string | null = null;
  if (opts.at === 'peak') {
    const step = peakStepS(opts.windowS);
    const start = opts.endS - opts.windowS;
    let found: { t: number; v: number } | null = null;
    let nonFinite = false;
    for (const c of entry.rate.candidates) {
      const data = await ask(entry.name, c.expr, () => source.range(c.expr, start, opts.endS, step));
      found = peakOf(data);
      if (!found && data.resultType === 'matrix' && data.result.some((s) => s.values.length > 0)) nonFinite = true;
      if (found) {
        peakQuery = c.expr;
        break;
      }
    }
    if (!found) {
      throw new ObserveError(
        nonFinite
          ? `no finite sample in the ${formatPromDuration(opts.windowS)} window ending ${formatTime(opts.endS)}: the series hold only NaN or ±Inf`
          : `no series in the ${formatPromDuration(opts.windowS)} window ending ${formatTime(opts.endS)}`,
        entry.name,
        entry.rate.candidates.map((c) => c.expr).join('  |  '),
        'check the component\'s observe: block (docs/observe.md) or choose another --window/--end',
      );
    }
    atS = found.t;
  } else {
    atS = opts.at;
  }

  const components: ComponentObservation[] = [];
  for (const plan of plans) {
    const notes: string[] = [];
    const scalar = async (what: string, m: MetricPlan<ScalarCandidate>): Promise<Measured | null> => {
      // A candidate whose series are present but hold no finite sample (NaN, ±Inf): a different fault from none at all.
      let nonNumeric: { expr: string; values: string } | null = null;
      for (const c of m.candidates) {
        const data = await ask(plan.name, c.expr, () => source.instant(c.expr, atS));
        const value = valueOf(data);
        if (value === null) {
          const values = nonFiniteValues(data);
          if (values !== null && nonNumeric === null) nonNumeric = { expr: c.expr, values };
          continue;
        }
        if (value < 0) {
          throw new ObserveError(
            `${what} is negative (${value}) at ${formatTime(atS)}: a rate of operations, busy cores or a replica count cannot be`,
            plan.name, c.expr, 'a counter\'s rate() is never negative: check the query for a gauge inside rate(), a deriv() or a subtraction',
          );
        }
        await checkResets(plan.name, c.counters, ask, source, atS, opts, notes);
        return { value, query: c.expr, source: c.source };
      }
      if (nonNumeric !== null) {
        const why = `the series ${nonNumeric.expr} has no numeric value (${nonNumeric.values})`;
        if (m.required) throw new ObserveError(`${what} at ${formatTime(atS)}: ${why}`, plan.name, nonNumeric.expr, 'a NaN comes from a division by zero (0/0) or a source exporting NaN: check the query in Prometheus\' expression browser at that time');
        notes.push(`no ${what}: ${why}`);
        return null;
      }
      const tried = m.candidates.map((c) => c.expr).join('  |  ');
      if (m.required) throw new ObserveError(`no series for ${what} at ${formatTime(atS)}`, plan.name, tried, 'check the query in Prometheus\' expression browser at that time');
      notes.push(`no ${what}: no series for ${tried}`);
      return null;
    };
    const rate = await scalar('the request rate', { ...plan.rate, required: true });
    // X = X_entry / V_entry divides every visit count and demand: with no requests at the
    // instant there is nothing to derive, and an overlay of rps 0 is a phase no plan accepts.
    if (plan.name === opts.entry && rate!.value === 0) {
      throw new ObserveError(
        `the request rate of the entry is 0 at ${formatTime(atS)}${opts.at === 'peak' ? ` (the busiest moment of the ${formatPromDuration(opts.windowS)} window)` : ''}: no requests to derive service demands from`,
        plan.name, rate!.query, opts.at === 'peak' ? 'choose a window with traffic (--window, --end)' : 'choose a time with traffic (--at)',
      );
    }
    const cpu = plan.cpu ? await scalar('busy CPU', plan.cpu) : null;
    const replicas = plan.replicas ? await scalar('replicas', plan.replicas) : null;
    const latency = plan.latency ? await histogram(plan.name, plan.latency, ask, source, atS, opts, notes) : null;
    components.push({ name: plan.name, kind: plan.kind, rate: rate!, cpu, replicas, latency, notes });
  }
  return { atS, atMode: opts.at === 'peak' ? 'peak' : 'time', windowS: opts.windowS, rateWindowS: opts.rateWindowS, endS: opts.endS, entry: opts.entry, peakQuery, components };
}

type Ask = (component: string, expr: string, run: () => Promise<PromData>) => Promise<PromData>;

async function histogram(
  component: string, plan: MetricPlan<HistogramCandidate>, ask: Ask, source: QuerySource, atS: number, opts: CollectOptions, notes: string[],
): Promise<LatencyObservation | null> {
  for (const h of plan.candidates) {
    const data = await ask(component, h.buckets, () => source.instant(h.buckets, atS));
    if (data.resultType !== 'vector' || data.result.length === 0) continue;
    const buckets: Bucket[] = [];
    for (const s of data.result) {
      const le = parseLe(s.metric.le);
      const count = sampleValue(s.value[1]);
      if (le !== null && Number.isFinite(count)) buckets.push({ le, count });
    }
    const finite = buckets.filter((b) => b.le !== Infinity).length;
    if (finite === 0 || !buckets.some((b) => b.le === Infinity)) {
      throw new ObserveError(
        `histogram ${h.metric} has no buckets (${finite === 0 ? 'no finite le bound' : 'no +Inf bucket'})`,
        component, h.buckets, 'a Prometheus histogram exports <name>_bucket series with an le label, +Inf included',
      );
    }
    const p95 = bucketQuantile(OBSERVED_PERCENTILE, buckets);
    if (!p95) {
      notes.push(`no latency: ${h.metric} saw no requests in the ${formatPromDuration(opts.rateWindowS)} rate window`);
      return null;
    }
    await checkResets(component, h.counters, ask, source, atS, opts, notes);
    const sum = valueOf(await ask(component, h.sum, () => source.instant(h.sum, atS)));
    const count = valueOf(await ask(component, h.count, () => source.instant(h.count, atS)));
    const meanS = sum !== null && count !== null && count > 0 ? sum / count : null;
    return { metric: h.metric, p95, meanS, buckets: buckets.sort((a, b) => a.le - b.le), queries: { buckets: h.buckets, sum: h.sum, count: h.count } };
  }
  const tried = plan.candidates.map((h) => h.buckets).join('  |  ');
  if (plan.required) throw new ObserveError(`no series for the latency histogram at ${formatTime(atS)}`, component, tried);
  notes.push(`no latency: no series for ${tried}`);
  return null;
}

/**
 * Counters that reset inside the rate window (a restart) are refused unless allowed: rate()
 * corrects for a reset by assuming the counter restarted from zero, and loses what was counted
 * between the last scrape and the restart.
 */
async function checkResets(component: string, counters: readonly string[], ask: Ask, source: QuerySource, atS: number, opts: CollectOptions, notes: string[]): Promise<void> {
  const w = formatPromDuration(opts.rateWindowS);
  for (const counter of counters) {
    const expr = `sum(resets(${counter}[${w}]))`;
    const n = valueOf(await ask(component, expr, () => source.instant(expr, atS)));
    if (n === null || n === 0) continue;
    const what = `counter ${counter} reset ${n} time${n === 1 ? '' : 's'} in the ${w} before ${formatTime(atS)} (a restart)`;
    if (!opts.allowResets) throw new ObserveError(what, component, expr, 'choose a time without restarts (--at), or accept Prometheus\'s reset-corrected rates with --allow-resets');
    notes.push(`${what}; rates are Prometheus's reset-corrected ones (--allow-resets)`);
  }
}

/** The sum of an instant answer's finite samples; null when it has none (no series, or NaN only). */
export function valueOf(data: PromData): number | null {
  if (data.resultType === 'scalar') {
    const v = sampleValue(data.result[1]);
    return Number.isFinite(v) ? v : null;
  }
  if (data.resultType !== 'vector') return null;
  let sum = 0;
  let any = false;
  for (const s of data.result) {
    const v = sampleValue(s.value[1]);
    if (Number.isFinite(v)) {
      sum += v;
      any = true;
    }
  }
  return any ? sum : null;
}

/** The distinct non-finite samples ("NaN", "+Inf", "-Inf", in that order) of an answer that has series but no finite sample; null otherwise. */
export function nonFiniteValues(data: PromData): string | null {
  const samples = data.resultType === 'scalar' ? [sampleValue(data.result[1])] : data.resultType === 'vector' ? data.result.map((s) => sampleValue(s.value[1])) : [];
  if (samples.length === 0 || samples.some((v) => Number.isFinite(v))) return null;
  const kinds = [samples.some((v) => Number.isNaN(v)) && 'NaN', samples.includes(Infinity) && '+Inf', samples.includes(-Infinity) && '-Inf'].filter((k): k is string => k !== false);
  return kinds.join(', ');
}

/** The time and value of the largest sample of a range answer (earliest on ties); null when empty. */
export function peakOf(data: PromData): { t: number; v: number } | null {
  if (data.resultType !== 'matrix') return null;
  const totals = new Map<number, number>();
  for (const s of data.result) {
    for (const [t, text] of s.values) {
      const v = sampleValue(text);
      if (Number.isFinite(v)) totals.set(t, (totals.get(t) ?? 0) + v);
    }
  }
  let best: { t: number; v: number } | null = null;
  for (const t of [...totals.keys()].sort((a, b) => a - b)) {
    const v = totals.get(t)!;
    if (!best || v > best.v) best = { t, v };
  }
  return best;
}
