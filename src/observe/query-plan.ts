/**
 * Query planning: for each observed component, the PromQL that gives its request rate, busy CPU,
 * running replicas and response-time histogram. Defaults follow the common exporters; each
 * component's `observe:` block overrides a metric with a selector or full PromQL. Pure.
 */
import type { ObserveSettings } from './schema.js';
import { formatPromDuration, matchers, selectorBody, splitMetricSelector } from './promql.js';

/** Histograms tried in order when a component names none: OpenTelemetry's HTTP semantic conventions, then the Prometheus client libraries' usual name. */
export const DEFAULT_HISTOGRAMS = ['http_server_request_duration_seconds', 'http_request_duration_seconds'] as const;

/** Which exporter family a kind's defaults come from. */
export type Family = 'http' | 'postgres' | 'redis';

/** Kinds `capplan observe` calibrates, with their default exporter family. */
export const OBSERVABLE_KINDS: Readonly<Record<string, Family>> = { service: 'http', adapter: 'http', agent: 'http', worker: 'http', database: 'postgres', cache: 'redis' };

/** One way to read a scalar metric; the first candidate with series wins. */
export interface ScalarCandidate {
  expr: string;
  /** Counter selectors whose resets inside the window are checked (empty for full PromQL). */
  counters: string[];
  /** Where the numbers come from, for messages and docs. */
  source: string;
}

/** One way to read a latency histogram. */
export interface HistogramCandidate {
  metric: string;
  /** `sum by (le) (rate(<metric>_bucket{…}[W]))`. */
  buckets: string;
  /** `sum(rate(<metric>_sum{…}[W]))`. */
  sum: string;
  /** `sum(rate(<metric>_count{…}[W]))`. */
  count: string;
  counters: string[];
}

/** A metric's candidates; `required` when the profile named the query (no series is then an error). */
export interface MetricPlan<C> {
  candidates: C[];
  required: boolean;
}

/** Everything to ask Prometheus about one component. */
export interface ComponentQueries {
  name: string;
  kind: string;
  family: Family;
  rate: MetricPlan<ScalarCandidate>;
  cpu: MetricPlan<ScalarCandidate> | null;
  replicas: MetricPlan<ScalarCandidate> | null;
  latency: MetricPlan<HistogramCandidate> | null;
}

/** A component as the planner sees it: its name, kind and `observe:` settings. */
export interface ObservableComponent {
  name: string;
  kind: string;
  observe: ObserveSettings | undefined;
}

/** Plans the queries of one component for a rate window (seconds); null when it is not observed. */
export function planComponentQueries(c: ObservableComponent, rateWindowS: number): ComponentQueries | null {
  const family = OBSERVABLE_KINDS[c.kind];
  if (!family || c.observe === false) return null;
  const o = c.observe ?? {};
  const w = formatPromDuration(rateWindowS);
  const name = o.name ?? c.name;
  const labels = o.labels ?? {};
  const sel = (identity: Record<string, string>) => matchers({ ...labels, ...identity });
  const app = sel({ job: name });
  const rate = (m: string, s: string) => `sum(rate(${m}{${s}}[${w}]))`;
  const counter = (m: string, s: string) => `${m}{${s}}`;
  /** The sum of several counters' rates, each summed over its series (`sum(rate(a)) + sum(rate(b))`). */
  const summedRates = (metrics: readonly string[], m: string, source: string): ScalarCandidate => ({
    expr: metrics.map((x) => rate(x, m)).join(' + '),
    counters: metrics.map((x) => counter(x, m)),
    source,
  });
  const full = (expr: string, source: string): ScalarCandidate => ({ expr: expr.replaceAll('$window', w), counters: [], source });

  /** A metric given as a selector (applied to every default candidate), full PromQL, or nothing. */
  const scalar = (given: string | false | undefined, defaults: (s: string | null) => ScalarCandidate[]): MetricPlan<ScalarCandidate> | null => {
    if (given === false) return null;
    if (given === undefined) return { candidates: defaults(null), required: false };
    const body = selectorBody(given);
    return { candidates: body === null ? [full(given, 'observe query')] : defaults(body), required: true };
  };

  const latency = histogramPlan(o.latency, family, app, w);
  const histograms = latency?.candidates.map((h) => h.metric) ?? [...DEFAULT_HISTOGRAMS];
  const cadvisor = (s: string | null): ScalarCandidate[] => {
    const m = s ?? sel({ container: name });
    return [{ expr: rate('container_cpu_usage_seconds_total', m), counters: [counter('container_cpu_usage_seconds_total', m)], source: 'cAdvisor' }];
  };

  let rateDefaults: (s: string | null) => ScalarCandidate[];
  let cpuDefaults = cadvisor;
  let replicaDefaults: (s: string | null) => ScalarCandidate[];
  if (family === 'http') {
    rateDefaults = (s) => histograms.map((h) => ({ expr: rate(`${h}_count`, s ?? app), counters: [counter(`${h}_count`, s ?? app)], source: `${h}_count` }));
    replicaDefaults = (s) => [
      ...(s === null ? [{ expr: `sum(kube_deployment_status_replicas_available{${sel({ deployment: name })}})`, counters: [], source: 'kube-state-metrics' }] : []),
      ...histograms.map((h) => ({ expr: `count(count by (instance) (${h}_count{${s ?? app}}))`, counters: [], source: `instances of ${h}` })),
    ];
  } else if (family === 'postgres') {
    rateDefaults = (s) => [summedRates(['pg_stat_database_xact_commit', 'pg_stat_database_xact_rollback'], s ?? app, 'postgres_exporter')];
    replicaDefaults = (s) => [
      ...(s === null ? [{ expr: `sum(kube_statefulset_status_replicas_ready{${sel({ statefulset: name })}})`, counters: [], source: 'kube-state-metrics' }] : []),
      { expr: `count(pg_up{${s ?? app}} == 1)`, counters: [], source: 'postgres_exporter' },
    ];
  } else {
    rateDefaults = (s) => [{ expr: rate('redis_commands_processed_total', s ?? app), counters: [counter('redis_commands_processed_total', s ?? app)], source: 'redis_exporter' }];
    cpuDefaults = (s) => [summedRates(['redis_cpu_sys_seconds_total', 'redis_cpu_user_seconds_total'], s ?? app, 'redis_exporter')];
    replicaDefaults = (s) => [{ expr: `count(redis_instance_info{${s ?? app},role="master"})`, counters: [], source: 'redis_exporter (primaries)' }];
  }
  return {
    name: c.name,
    kind: c.kind,
    family,
    rate: scalar(o.rate, rateDefaults)!,
    cpu: scalar(o.cpu, cpuDefaults),
    replicas: scalar(o.replicas, replicaDefaults),
    latency,
  };
}

/** The latency histogram: named by the profile (required), the HTTP defaults, or none (databases and caches export none by default). */
function histogramPlan(given: string | false | undefined, family: Family, app: string, w: string): MetricPlan<HistogramCandidate> | null {
  if (given === false) return null;
  const make = (metric: string, s: string): HistogramCandidate => ({
    metric,
    buckets: `sum by (le) (rate(${metric}_bucket{${s}}[${w}]))`,
    sum: `sum(rate(${metric}_sum{${s}}[${w}]))`,
    count: `sum(rate(${metric}_count{${s}}[${w}]))`,
    counters: [`${metric}_count{${s}}`],
  });
  if (given === undefined) return family === 'http' ? { candidates: DEFAULT_HISTOGRAMS.map((h) => make(h, app)), required: false } : null;
  const body = selectorBody(given);
  if (body !== null) return { candidates: DEFAULT_HISTOGRAMS.map((h) => make(h, body)), required: true };
  // The schema has checked the form: a metric name with an optional selector.
  const split = splitMetricSelector(given)!;
  return { candidates: [make(split.metric.replace(/_(bucket|count|sum)$/, ''), split.body ?? app)], required: true };
}
