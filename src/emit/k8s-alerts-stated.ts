/**
 * The alerts a profile states (`alerts:`), as Prometheus rules over the same metrics the derived
 * alerts read: the HTTP histogram and counter by `service`, cAdvisor and kube-state-metrics by
 * `container`, and redis_exporter's keyspace counters for a cache's hit ratio.
 */
import type { AlertRule } from '../plan/types.js';
import type { ComponentPlan } from '../plan/types.js';
import { HORIZONTAL_KINDS, servesHttp, type PhaseContext } from './context.js';
import { decimalText, durationText } from './units.js';

const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The components an alert watches: its list, else by metric (entry points, workloads, caches). */
export function watched(ctx: PhaseContext, a: AlertRule): ComponentPlan[] {
  const workloads = ctx.phase.components.filter((c) => ctx.workloads.has(c.name));
  if (a.components !== null) return workloads.filter((c) => a.components!.includes(c.name));
  if (a.metric === 'latency' || a.metric === 'errors') return workloads.filter((c) => ctx.graph.entries.has(c.name) && servesHttp(ctx, c));
  if (a.metric === 'cacheHitRatio') return workloads.filter((c) => c.kind === 'cache');
  return workloads;
}

function expression(a: AlertRule, c: ComponentPlan, ns: string): string | null {
  const http = `{${ns}service="${c.name}"}`;
  const op = a.direction === 'above' ? '>' : '<';
  const t = decimalText(a.threshold);
  const httpOk = HORIZONTAL_KINDS.has(c.kind);
  switch (a.metric) {
    case 'latency':
      if (!httpOk) return null;
      return a.statistic === 'mean'
        ? `sum(rate(http_request_duration_seconds_sum${http}[5m])) / sum(rate(http_request_duration_seconds_count${http}[5m])) ${op} ${t}`
        : `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket${http}[5m]))) ${op} ${t}`;
    case 'errors':
      if (!httpOk) return null;
      return `sum(rate(http_requests_total{${ns}service="${c.name}",code=~"5.."}[5m])) / sum(rate(http_requests_total${http}[5m])) ${op} ${t}`;
    case 'cpu':
      return `sum(rate(container_cpu_usage_seconds_total{${ns}container="${c.name}"}[5m])) / sum(kube_pod_container_resource_requests{${ns}container="${c.name}",resource="cpu"}) ${op} ${t}`;
    case 'memory':
      return `sum(container_memory_working_set_bytes{${ns}container="${c.name}"}) / sum(kube_pod_container_resource_limits{${ns}container="${c.name}",resource="memory"}) ${op} ${t}`;
    case 'cacheHitRatio': {
      const sel = `{${ns}service="${c.name}"}`;
      return `sum(rate(redis_keyspace_hits_total${sel}[5m])) / (sum(rate(redis_keyspace_hits_total${sel}[5m])) + sum(rate(redis_keyspace_misses_total${sel}[5m]))) ${op} ${t}`;
    }
  }
}

function what(a: AlertRule): string {
  const t = a.metric === 'latency' ? `${decimalText(a.threshold * 1000)} ms` : `${decimalText(a.threshold * 100)}%`;
  const m = a.metric === 'latency' ? `${a.statistic} response time` : a.metric === 'cacheHitRatio' ? 'cache hit ratio' : a.metric === 'errors' ? 'error rate' : a.metric === 'cpu' ? 'CPU use' : 'memory use';
  return `${m} ${a.direction} ${t} for ${durationText(a.forS)}`;
}

/** The rules of the profile's stated alerts, per watched component, in profile order. */
export function statedAlertRules(ctx: PhaseContext, alerts: readonly AlertRule[], ns: string): Record<string, unknown>[] {
  const rules: Record<string, unknown>[] = [];
  for (const a of alerts) {
    const name = a.name ?? `Stated${capitalised(a.metric)}${capitalised(a.severity)}`;
    for (const c of watched(ctx, a)) {
      const expr = expression(a, c, ns);
      if (expr === null) continue;
      rules.push({
        alert: name,
        expr,
        for: durationText(a.forS),
        labels: { component: c.name, severity: a.severity, source: 'profile' },
        annotations: { summary: `${c.name} ${what(a)}`, description: `The profile's alerts: ${what(a)} (${a.severity}).` },
      });
    }
  }
  return rules;
}
