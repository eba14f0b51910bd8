/**
 * The objects around a component's pods: Service, HorizontalPodAutoscaler, PodDisruptionBudget
 * and NetworkPolicy, each selecting the pods by the component's selector labels.
 */
import { cpuAtTarget, cpuBlind } from '../plan/cpu-share.js';
import type { ComponentPlan } from '../plan/types.js';
import {
  DEFAULT_SCALE_DOWN_WINDOW_S,
  DEFAULT_SCALE_UP_WINDOW_S,
  STATEFUL_KINDS,
  portOf,
  spareReplicas,
  type PhaseContext,
  type RoadmapPeak,
} from './context.js';
import { egressRules } from './k8s-egress.js';
import { sentinelName, sentinelsOf } from './sentinel.js';
import { componentMeta, selectorLabels, type K8sObject, type K8sScope } from './k8s-meta.js';
import { decimalText } from './units.js';

/** Namespace of the ingress controller admitted to entry points (the ingress-nginx chart's default). */
export const INGRESS_NAMESPACE = 'ingress-nginx';
/** Pod labels of the ingress controller (the ingress-nginx chart's). */
export const INGRESS_POD_LABELS: Readonly<Record<string, string>> = { 'app.kubernetes.io/name': 'ingress-nginx' };
/** Namespace admitted to scrape the pods when alerts are emitted (kube-prometheus' default). */
export const MONITORING_NAMESPACE = 'monitoring';

/** A ClusterIP Service on the component's HTTP port, or a headless one (clusterIP: None) for a StatefulSet. */
export function serviceOf(scope: K8sScope, c: ComponentPlan): K8sObject {
  const stateful = STATEFUL_KINDS.has(c.kind);
  const port = portOf(c);
  const portName = stateful ? (c.kind === 'database' ? 'postgres' : 'redis') : 'http';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: componentMeta(scope, c),
    spec: {
      ...(stateful ? { clusterIP: 'None' } : {}),
      selector: selectorLabels(scope.ctx, c.name),
      ports: [{ name: portName, port, targetPort: portName, protocol: 'TCP' }],
    },
  };
}

/** HPA bounds of a horizontal component in the emitted phase. */
export interface HpaBounds {
  min: number;
  max: number;
  /** The floor before clamping to the phase's replicas: replicas.min (at least the zones), else max(off-peak need, zones). */
  floor: number;
  /** Where the floor comes from: the profile's replicas.min, or the off-peak need when it gives none. */
  floorFrom: 'replicas.min' | 'off-peak';
  /** Where the ceiling comes from: the profile's replicas.max, or the roadmap's peak when it gives none. */
  ceiling: 'replicas.max' | 'roadmap';
  /** The roadmap's peak when its replicas carry more or less than this phase's (a GPU more each, other workers): its count, what one carries, and as many pods of this phase's size. */
  resized: (RoadmapPeak & { pods: number }) | null;
}

/**
 * The autoscaler's bounds, symmetric in what the architect wrote: minReplicas is the profile's
 * replicas.min when it gives one (never fewer than the zones, one replica in each), otherwise the
 * availability floor, the replicas the phase needs at its mean rate (offPeakReplicas, which the
 * kind sizes with the same zone-loss, N+1 and minimum rules as at peak) and the zones.
 * maxReplicas is the profile's replicas.max when it gives one (the ceiling the architect set,
 * which the plan also respects); otherwise what the last phase needs at peak. Both are clamped
 * so that the Deployment's replicas lie within them.
 */
export function hpaBounds(ctx: PhaseContext, c: ComponentPlan): HpaBounds {
  const written = c.configuredReplicas.min;
  const floor = written !== null ? Math.max(1, written, ctx.targets.zones) : Math.max(1, c.offPeakReplicas, ctx.targets.zones);
  const min = Math.min(floor, c.replicas);
  const given = c.configuredReplicas.max;
  const peak = given === null ? ctx.roadmapPeak.get(c.name) : undefined;
  const pods = peak === undefined ? c.replicas : inThesePods(peak, c);
  const resized = peak !== undefined && differs(peak.capacityPerUnit, c.capacityPerUnit) ? { ...peak, pods } : null;
  const max = Math.max(given ?? pods, c.replicas, min);
  return { min, max, floor, floorFrom: written !== null ? 'replicas.min' : 'off-peak', ceiling: given !== null ? 'replicas.max' : 'roadmap', resized };
}

/*
 * The autoscaler adds pods of the emitted phase's size, so the roadmap's peak is a ceiling in
 * those pods: the capacity the last phase plans (replicas × what one carries) over what one of
 * these carries. A component sized vertically (agents with 4 GPUs a replica later, 1 now) or
 * given other workers in a later phase would otherwise be capped below the capacity its own
 * roadmap needs: 3 replicas of 4 GPUs are 12 of 1, not 3.
 */
/** The roadmap's peak in pods of this phase's size: ⌈replicas × their capacity ÷ this phase's capacity per replica⌉. */
function inThesePods(peak: RoadmapPeak, c: ComponentPlan): number {
  if (!differs(peak.capacityPerUnit, c.capacityPerUnit)) return peak.replicas;
  return Math.ceil(((peak.replicas * peak.capacityPerUnit) / c.capacityPerUnit) * (1 - 1e-12));
}

/** Whether two capacities per unit, both positive and finite, differ beyond rounding. */
function differs(a: number, b: number): boolean {
  return a > 0 && b > 0 && Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) > 1e-9 * Math.max(a, b);
}

/**
 * The autoscaler, or null when min = max (nothing to scale), or when CPU cannot steer it and no
 * per-pod rate is given (`cpuBlind`: workers held by blocking calls so long that at the target
 * they use under 10 % of the CPU request; a CPU autoscaler would shrink it at peak). CPU target: the CPU a replica uses at the
 * component's target utilisation (cpu-share.ts: the target itself, or × own time ÷ held time for
 * workers held by blocking calls; HPA utilisation is relative to the CPU request, so this matches
 * the plan when the request is the CPU of every worker busy on its own work), left out when too
 * small to steer by; memory target: the profile's memory target; an optional per-pod requests/s
 * metric (`deploy.rpsMetric`) whose target is the rate the plan sized each replica for, capacity
 * per replica × target utilisation.
 */
export function autoscalerOf(scope: K8sScope, c: ComponentPlan): K8sObject | null {
  const { ctx } = scope;
  const bounds = hpaBounds(ctx, c);
  if (bounds.max <= bounds.min) return null;
  const blind = cpuBlind(c);
  if (blind && c.deploy.rpsMetric === null) return null;
  const metrics: unknown[] = [
    ...(blind ? [] : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: Math.max(1, Math.round(cpuAtTarget(c).share * 100)) } } }]),
    { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: Math.round(ctx.targets.memoryUtilization * 100) } } },
  ];
  if (c.deploy.rpsMetric !== null) {
    metrics.push({
      type: 'Pods',
      pods: { metric: { name: c.deploy.rpsMetric }, target: { type: 'AverageValue', averageValue: decimalText(rpsTargetOf(c)) } },
    });
  }
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: componentMeta(scope, c),
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: c.name },
      minReplicas: bounds.min,
      maxReplicas: bounds.max,
      metrics,
      behavior: {
        scaleUp: { stabilizationWindowSeconds: Math.round(c.deploy.scaleUpWindowS ?? DEFAULT_SCALE_UP_WINDOW_S) },
        scaleDown: { stabilizationWindowSeconds: Math.round(c.deploy.scaleDownWindowS ?? DEFAULT_SCALE_DOWN_WINDOW_S) },
      },
    },
  };
}

/** The per-pod target of the custom requests/s metric: as written, else the rate the plan sized each replica for (μ × u). */
export function rpsTargetOf(c: ComponentPlan): number {
  return c.deploy.rpsTarget ?? c.capacityPerUnit * c.targetUtilization;
}

/** The plan's own disruption budget of a component: what the peak needs without the zone-loss spare (see disruptionBudgetOf). */
export function plannedBudget(c: ComponentPlan, zones: number, autoscaled: boolean): Record<string, number | string> {
  const n = c.replicas;
  if (STATEFUL_KINDS.has(c.kind) || n <= 2) return { maxUnavailable: 1 };
  const keep = n - spareReplicas(n, zones);
  return autoscaled ? { minAvailable: `${Math.floor((100 * keep) / n)}%` } : { minAvailable: keep };
}

/**
 * The disruption budget, one field only: `deploy.minAvailable` as written, else the plan's.
 * Stateful components and components of at most two
 * replicas: maxUnavailable 1 (one node at a time; a budget of 2 of 2 would block every drain).
 * Otherwise the plan's peak need without the zone-loss spare, n − ⌈n/z⌉ (n − 1 in one zone):
 * as a number when the replica count is fixed, and as the same share of the current scale
 * (floor(100 (n − spare) / n) %, which Kubernetes rounds up to exactly n − spare at n) when an
 * HPA moves it, because a fixed peak count above the off-peak scale would block every drain.
 */
export function disruptionBudgetOf(scope: K8sScope, c: ComponentPlan, autoscaled: boolean): K8sObject {
  const written = c.deploy.minAvailable;
  const budget = written !== null ? { minAvailable: written } : plannedBudget(c, scope.ctx.targets.zones, autoscaled);
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: componentMeta(scope, c),
    spec: { ...budget, selector: { matchLabels: selectorLabels(scope.ctx, c.name) } },
  };
}

/**
 * Ingress policy: the pods accept connections only from their callers' pods (the `calls`
 * graph) on the serving port; entry points also from the ingress controller (namespace
 * ingress-nginx, pods app.kubernetes.io/name=ingress-nginx); stateful pods from each other
 * (replication); with alerts, serving horizontal pods also from the monitoring namespace (scraping
 * the HTTP metrics the alerts read). A component nobody
 * calls that serves no port (a queue worker) accepts nothing. Egress is open unless
 * `deploy.egress: calls` restricts it to DNS and the callees (k8s-egress.ts).
 */
export function networkPolicyOf(scope: K8sScope, c: ComponentPlan, serving: boolean): K8sObject {
  const { ctx } = scope;
  const ports = [{ port: portOf(c), protocol: 'TCP' }];
  const rules: unknown[] = [];
  const callers = ctx.graph.callers.get(c.name) ?? [];
  if (serving && callers.length > 0) {
    rules.push({ from: callers.map((n) => ({ podSelector: { matchLabels: selectorLabels(ctx, n) } })), ports });
  }
  if (serving && ctx.graph.entries.has(c.name)) {
    rules.push({
      from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': INGRESS_NAMESPACE } }, podSelector: { matchLabels: { ...INGRESS_POD_LABELS } } }],
      ports,
    });
  }
  if (STATEFUL_KINDS.has(c.kind)) {
    const peers = [{ podSelector: { matchLabels: selectorLabels(ctx, c.name) } }];
    // The Sentinels watch every node (sentinel.ts).
    if (sentinelsOf(c) > 0) peers.push({ podSelector: { matchLabels: { ...selectorLabels(ctx, c.name), 'app.kubernetes.io/name': sentinelName(c) } } });
    rules.push({ from: peers });
  }
  if (serving && scope.alerts && !STATEFUL_KINDS.has(c.kind)) {
    rules.push({ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': MONITORING_NAMESPACE } } }], ports });
  }
  const restricted = c.deploy.egress === 'calls';
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: componentMeta(scope, c),
    spec: {
      podSelector: { matchLabels: selectorLabels(ctx, c.name) },
      policyTypes: restricted ? ['Ingress', 'Egress'] : ['Ingress'],
      ...(rules.length ? { ingress: rules } : {}),
      ...(restricted ? { egress: egressRules(ctx, c) } : {}),
    },
  };
}
