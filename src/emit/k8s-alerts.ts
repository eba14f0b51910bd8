/**
 * A PrometheusRule (monitoring.coreos.com/v1, the Prometheus Operator's) with alerts derived from
 * the plan, per component:
 * - CPU above the target utilisation for 10 minutes: cAdvisor usage over the kube-state-metrics
 *   CPU request (`container` = the component);
 * - p95 above the component's latency budget for 10 minutes, or above 1.5 × the plan's p95 when
 *   the profile gives no budget: from an `http_request_duration_seconds` histogram;
 * - headroom gone for 5 minutes: the component's request rate (`http_requests_total`) above
 *   the rate the phase's replicas carry at their target utilisation, i.e. the load has outgrown
 *   the phase these manifests were emitted for.
 * Then the alerts the profile states (`alerts:`, k8s-alerts-stated.ts), labelled source=profile.
 * The HTTP metrics are selected by `service` = the component's Service, as a ServiceMonitor
 * labels them; rename them in the file if the application exports others.
 */
import { cpuAtTarget, cpuBlind } from '../plan/cpu-share.js';
import type { ComponentPlan } from '../plan/types.js';
import { HORIZONTAL_KINDS, dnsLabel, servesHttp } from './context.js';
import { statedAlertRules } from './k8s-alerts-stated.js';
import type { K8sObject, K8sScope } from './k8s-meta.js';
import { decimalText } from './units.js';

/** Factor over the plan's p95 that fires the latency alert when the profile gives no budget. */
export const P95_ALERT_FACTOR = 1.5;

/** The p95 threshold of a component's latency alert (seconds), or null when there is none to derive. */
export function latencyThresholdS(c: ComponentPlan): number | null {
  if (c.latencyBudget !== null) return c.latencyBudget;
  if (c.latencyP95 === null || !Number.isFinite(c.latencyP95) || c.latencyP95 <= 0) return null;
  return c.latencyP95 * P95_ALERT_FACTOR;
}

/** The PrometheusRule of a phase's workloads, in profile order. */
export function prometheusRuleOf(scope: K8sScope): K8sObject {
  const { ctx } = scope;
  const ns = scope.namespace !== null ? `namespace="${scope.namespace}",` : '';
  const rules: Record<string, unknown>[] = [];
  for (const c of ctx.phase.components) {
    if (!ctx.workloads.has(c.name)) continue;
    const labels = { component: c.name, severity: 'warning' };
    // The CPU at the target utilisation (cpu-share.ts); none where blocking calls leave too little CPU to tell load by.
    const cpu = cpuAtTarget(c);
    if (!cpuBlind(c)) {
      const share = cpu.held === null ? c.targetUtilization : Number(cpu.share.toPrecision(3));
      const percent = cpu.held === null ? decimalText(c.targetUtilization * 100) : decimalText(Number((cpu.share * 100).toPrecision(3)));
      const why = cpu.held === null
        ? `capplan sized ${c.name} to run at ${percent}% of its CPU request at peak (phase "${ctx.phase.name}")`
        : `capplan sized ${c.name}'s workers to be busy ${decimalText(c.targetUtilization * 100)}% of the time at peak (phase "${ctx.phase.name}"), ${decimalText(Number(((100 * cpu.held.ownS) / cpu.held.heldS).toPrecision(3)))}% of it their own work and the rest waiting on blocking calls: ${percent}% of the CPU request`;
      rules.push({
        alert: 'CapplanCpuAboveTarget',
        expr:
          `sum(rate(container_cpu_usage_seconds_total{${ns}container="${c.name}"}[5m]))` +
          ` / sum(kube_pod_container_resource_requests{${ns}container="${c.name}",resource="cpu"}) > ${decimalText(share)}`,
        for: '10m',
        labels,
        annotations: {
          summary: `${c.name} CPU above its ${percent}% target`,
          description: `${why}; it has been above that for 10 minutes.`,
        },
      });
    }
    if (!HORIZONTAL_KINDS.has(c.kind) || !servesHttp(ctx, c)) continue;
    const selector = `{${ns}service="${c.name}"}`;
    const p95 = latencyThresholdS(c);
    if (p95 !== null) {
      rules.push({
        alert: 'CapplanLatencyP95AboveBudget',
        expr: `histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket${selector}[5m]))) > ${decimalText(p95)}`,
        for: '10m',
        labels,
        annotations: {
          summary: `${c.name} p95 above ${decimalText(p95 * 1000)} ms`,
          description:
            c.latencyBudget !== null
              ? `The profile gives ${c.name} a p95 budget of ${decimalText(p95 * 1000)} ms.`
              : `The plan expects a p95 of ${decimalText((c.latencyP95 ?? 0) * 1000)} ms for ${c.name} at peak; this fires at ${P95_ALERT_FACTOR} times that.`,
        },
      });
    }
    const maxRate = c.maxRps * c.visits;
    if (Number.isFinite(maxRate) && maxRate > 0) {
      rules.push({
        alert: 'CapplanHeadroomGone',
        expr: `sum(rate(http_requests_total${selector}[5m])) > ${decimalText(maxRate)}`,
        for: '5m',
        labels,
        annotations: {
          summary: `${c.name} request rate above the planned ${decimalText(maxRate)}/s`,
          description: `At ${decimalText(maxRate)} ${c.capacityUnit} the ${c.replicas} replicas of phase "${ctx.phase.name}" reach their target utilisation; the load has outgrown this phase's plan (capplan plan shows the next phase).`,
        },
      });
    }
  }
  rules.push(...statedAlertRules(ctx, ctx.alerts, ns));
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata: {
      name: `${dnsLabel(ctx.partOf)}-capplan`,
      ...(scope.namespace !== null ? { namespace: scope.namespace } : {}),
      labels: { 'app.kubernetes.io/part-of': ctx.partOf, 'app.kubernetes.io/managed-by': 'capplan' },
    },
    spec: { groups: [{ name: `capplan.${ctx.partOf}`, rules }] },
  };
}
