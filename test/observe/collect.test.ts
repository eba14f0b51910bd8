/** Collecting observations from a query source: the peak, fallbacks, and every unusable answer named. */
import { describe, expect, it } from 'vitest';
import { collectObservations, type CollectOptions } from '../../src/observe/collect.js';
import { planComponentQueries } from '../../src/observe/query-plan.js';
import { SourceError, type PromData, type QuerySource } from '../../src/observe/source.js';

const vector = (...samples: [Record<string, string>, string][]): PromData => ({ resultType: 'vector', result: samples.map(([metric, v]) => ({ metric, value: [0, v] })) });
const empty: PromData = { resultType: 'vector', result: [] };

/** Answers by query text; unknown queries get an empty vector. Records the times asked. */
function fake(answers: Record<string, PromData>, range?: PromData): QuerySource & { times: number[] } {
  const times: number[] = [];
  return {
    times,
    instant: async (q, t) => {
      times.push(t);
      return answers[q] ?? empty;
    },
    range: async () => range ?? { resultType: 'matrix', result: [] },
  };
}

const W = '1m';
const RATE = `sum(rate(http_server_request_duration_seconds_count{job="api"}[${W}]))`;
const RATE2 = `sum(rate(http_request_duration_seconds_count{job="api"}[${W}]))`;
const RESETS = `sum(resets(http_server_request_duration_seconds_count{job="api"}[${W}]))`;
const CPU = `sum(rate(container_cpu_usage_seconds_total{container="api"}[${W}]))`;
const BUCKETS = `sum by (le) (rate(http_server_request_duration_seconds_bucket{job="api"}[${W}]))`;
const opts = (over: Partial<CollectOptions> = {}): CollectOptions => ({ endS: 1000, windowS: 600, rateWindowS: 60, at: 500, entry: 'api', allowResets: false, ...over });
const api = (observe?: unknown) => [planComponentQueries({ name: 'api', kind: 'service', observe: observe as never }, 60)!];

describe('collectObservations', () => {
  it('observes at the busiest step of the window (the earliest of equal peaks)', async () => {
    const src = fake(
      { [RATE]: vector([{}, '42']) },
      { resultType: 'matrix', result: [{ metric: {}, values: [[400, '10'], [450, '42'], [470, '42'], [480, 'NaN'], [500, '7']] }] },
    );
    const o = await collectObservations(api(), src, opts({ at: 'peak' }));
    expect(o.atS).toBe(450);
    expect(o.peakQuery).toBe(RATE);
    expect(new Set(src.times)).toEqual(new Set([450]));
    expect(o.components[0]!.rate.value).toBe(42);
  });

  it('falls back to the next default when one has no series, and notes what is missing', async () => {
    const o = await collectObservations(api(), fake({ [RATE2]: vector([{ pod: 'a' }, '10'], [{ pod: 'b' }, '5']) }), opts());
    const c = o.components[0]!;
    expect(c.rate).toEqual({ value: 15, query: RATE2, source: 'http_request_duration_seconds_count' });
    expect(c.cpu).toBeNull();
    expect(c.notes).toContain(`no busy CPU: no series for ${CPU}`);
  });

  it('refuses a rate with no series, naming the component and the queries', async () => {
    await expect(collectObservations(api(), fake({}), opts())).rejects.toMatchObject({
      name: 'ObserveError', component: 'api', query: `${RATE}  |  ${RATE2}`, message: expect.stringContaining('no series for the request rate'),
    });
  });

  it('refuses a query the profile named when its series hold only NaN, saying so rather than "no series"', async () => {
    const src = fake({ [RATE]: vector([{}, '3']), 'sum(rate(my_cpu[1m]))': vector([{}, 'NaN']) });
    await expect(collectObservations(api({ cpu: 'sum(rate(my_cpu[$window]))' }), src, opts())).rejects.toMatchObject({
      component: 'api', query: 'sum(rate(my_cpu[1m]))', message: 'busy CPU at 1970-01-01T00:08:20Z: the series sum(rate(my_cpu[1m])) has no numeric value (NaN)',
    });
    await expect(collectObservations(api({ cpu: 'sum(rate(my_cpu[$window]))' }), fake({ [RATE]: vector([{}, '3']) }), opts())).rejects.toMatchObject({
      message: 'no series for busy CPU at 1970-01-01T00:08:20Z',
    });
  });

  it('notes a default series present but NaN (or ±Inf) as such, not as missing', async () => {
    const nan = await collectObservations(api(), fake({ [RATE]: vector([{}, '3']), [CPU]: vector([{ pod: 'a' }, 'NaN'], [{ pod: 'b' }, '+Inf']) }), opts());
    expect(nan.components[0]!.cpu).toBeNull();
    expect(nan.components[0]!.notes).toContain(`no busy CPU: the series ${CPU} has no numeric value (NaN, +Inf)`);
    expect(nan.components[0]!.notes.filter((n) => n.startsWith('no busy CPU'))).toHaveLength(1);
  });

  it('refuses a histogram without buckets', async () => {
    const src = fake({ [RATE]: vector([{}, '3']), [BUCKETS]: vector([{ le: '+Inf' }, '3']) });
    await expect(collectObservations(api(), src, opts())).rejects.toMatchObject({
      component: 'api', query: BUCKETS, message: 'histogram http_server_request_duration_seconds has no buckets (no finite le bound)',
    });
    const noLe = fake({ [RATE]: vector([{}, '3']), [BUCKETS]: vector([{}, '3']) });
    await expect(collectObservations(api(), noLe, opts())).rejects.toMatchObject({ query: BUCKETS });
  });

  it('refuses counters that reset inside the rate window unless allowed', async () => {
    const answers = { [RATE]: vector([{}, '3']), [RESETS]: vector([{}, '1']) };
    await expect(collectObservations(api(), fake(answers), opts())).rejects.toMatchObject({
      component: 'api', query: RESETS, message: expect.stringContaining('reset 1 time'), hint: expect.stringContaining('--allow-resets'),
    });
    const o = await collectObservations(api(), fake(answers), opts({ allowResets: true }));
    expect(o.components[0]!.notes.some((n) => n.includes('reset-corrected'))).toBe(true);
  });

  it('refuses a negative rate, busy CPU or replica count, naming the query (no negative service time or utilisation)', async () => {
    const negRate = fake({ [RATE]: vector([{}, '-100']) });
    await expect(collectObservations(api(), negRate, opts())).rejects.toMatchObject({
      name: 'ObserveError', component: 'api', query: RATE, message: expect.stringContaining('the request rate is negative (-100)'),
    });
    const negCpu = fake({ [RATE]: vector([{}, '100']), [CPU]: vector([{}, '-1.5']) });
    await expect(collectObservations(api(), negCpu, opts())).rejects.toMatchObject({
      component: 'api', query: CPU, message: expect.stringContaining('busy CPU is negative (-1.5)'), hint: expect.stringContaining('rate()'),
    });
  });

  it('refuses an entry with no requests at the instant (X = 0 divides every visit count)', async () => {
    await expect(collectObservations(api(), fake({ [RATE]: vector([{}, '0']) }), opts())).rejects.toMatchObject({
      component: 'api', query: RATE, message: expect.stringContaining('the request rate of the entry is 0'), hint: expect.stringContaining('--at'),
    });
    const quietWindow = fake({ [RATE]: vector([{}, '0']) }, { resultType: 'matrix', result: [{ metric: {}, values: [[400, '0'], [500, '0']] }] });
    await expect(collectObservations(api(), quietWindow, opts({ at: 'peak' }))).rejects.toMatchObject({
      message: expect.stringContaining('busiest moment of the 10m window'), hint: expect.stringContaining('--window'),
    });
  });

  it('says when the window has series but only NaN or ±Inf samples, not that it has none', async () => {
    const src = fake({}, { resultType: 'matrix', result: [{ metric: {}, values: [[400, '+Inf'], [500, 'NaN']] }] });
    await expect(collectObservations(api(), src, opts({ at: 'peak' }))).rejects.toMatchObject({
      component: 'api', message: 'no finite sample in the 10m window ending 1970-01-01T00:16:40Z: the series hold only NaN or ±Inf',
    });
    await expect(collectObservations(api(), fake({}), opts({ at: 'peak' }))).rejects.toMatchObject({ message: expect.stringMatching(/^no series in the 10m window/) });
  });

  it('turns a source failure into an error naming the component and the query', async () => {
    const failing: QuerySource = {
      instant: async () => {
        throw new SourceError('Prometheus at http://x:9090 is unreachable: ECONNREFUSED (3 attempts)', 'check --prometheus');
      },
      range: async () => empty,
    };
    await expect(collectObservations(api(), failing, opts())).rejects.toMatchObject({ component: 'api', query: RATE, hint: 'check --prometheus' });
  });

  it('reads the histogram: p95 with its bucket, and the mean from sum / count', async () => {
    // The count rate is the request rate's query.
    const src = fake({
      [RATE]: vector([{}, '100']),
      [BUCKETS]: vector([{ le: '0.1' }, '50'], [{ le: '0.2' }, '90'], [{ le: '+Inf' }, '100']),
      [`sum(rate(http_server_request_duration_seconds_sum{job="api"}[${W}]))`]: vector([{}, '12']),
    });
    const l = (await collectObservations(api(), src, opts())).components[0]!.latency!;
    expect(l.p95).toEqual({ value: 0.2, low: 0.2, high: Infinity });
    expect(l.meanS).toBeCloseTo(0.12, 12);
  });
});
