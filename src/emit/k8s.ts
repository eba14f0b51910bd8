/**
 * emitK8s: one phase of a plan → Kubernetes manifests, one file per component plus a
 * kustomization.yaml listing them (what `kubectl apply -k DIR` takes). Pure and deterministic.
 *
 * How kinds map:
 * - service, adapter, agent, worker → Deployment, Service (when called or an entry point and
 *   serving a port), HorizontalPodAutoscaler (when the floor is below the roadmap's peak),
 *   PodDisruptionBudget, NetworkPolicy;
 * - database, cache → StatefulSet with volume claims, headless Service, PodDisruptionBudget,
 *   NetworkPolicy;
 * - managed components of any kind → a ConfigMap recording the size to buy, nothing else;
 * - disk → a ReadWriteMany PersistentVolumeClaim of the plan's storage, mounted by its callers;
 * - network → nothing (links and NICs are the cluster's infrastructure), noted in kustomization.yaml;
 * - a load-balancer component (`deploy.loadBalancer`) → nothing: Services and the ingress balance.
 */
import { cpuAtTarget, cpuBlind } from '../plan/cpu-share.js';
import type { ComponentPlan } from '../plan/types.js';
import {
  EmitError,
  HORIZONTAL_KINDS,
  STATEFUL_KINDS,
  assertDistinct,
  generatedHeader,
  phaseContext,
  regionNote,
  servesHttp,
  type EmitOptions,
  type EmitPlan,
  type PhaseContext,
} from './context.js';
import { prometheusRuleOf } from './k8s-alerts.js';
import { assertNamesFit, k8sNamesOverLimit, type LimitedName } from './name-limits.js';
import type { K8sObject, K8sScope } from './k8s-meta.js';
import { autoscalerOf, disruptionBudgetOf, hpaBounds, networkPolicyOf, serviceOf } from './k8s-policy.js';
import { diskClaimOf, managedConfigMapOf, statefulSetOf, volumeBytesPerNode } from './k8s-stateful.js';
import { deploymentOf, diskUsers, gpuMemoryRequirement } from './k8s-workload.js';
import { MASTER_NAME, SENTINEL_PORT, quorumOf, sentinelNames, sentinelObjects, sentinelsOf } from './sentinel.js';
import { storageQuantity } from './units.js';
import { formatNumber, formatPercent } from '../units/format.js';
import { commentLines, stringifyYaml, stringifyYamlStream } from './yaml-out.js';

/** Options of the Kubernetes emitter. */
export interface K8sEmitOptions extends EmitOptions {
  /** Namespace for every object and the kustomization (a DNS label), or none for kubectl's current one. */
  namespace?: string | null;
  /** Also write a PrometheusRule with alerts derived from the plan. */
  alerts?: boolean;
}

/** The kustomization file. */
export const KUSTOMIZATION_FILE = 'kustomization.yaml';
/** The alerts file, with --alerts. */
export const ALERTS_FILE = 'prometheus-rules.yaml';

/** The Kubernetes objects of one component, in apply order, with one line saying what they are. */
export function componentObjects(scope: K8sScope, c: ComponentPlan): { objects: K8sObject[]; summary: string } | null {
  const { ctx } = scope;
  if (c.deploy.loadBalancer && HORIZONTAL_KINDS.has(c.kind) && !c.managed) return null;
  if (c.managed) {
    return { objects: [managedConfigMapOf(scope, c)], summary: `${c.name} (${c.kind}, managed): a ConfigMap recording the size to buy (${c.topology}); no pods.` };
  }
  if (HORIZONTAL_KINDS.has(c.kind)) {
    const serving = servesHttp(ctx, c);
    const reached = (ctx.graph.callers.get(c.name) ?? []).length > 0 || ctx.graph.entries.has(c.name);
    const hpa = autoscalerOf(scope, c);
    const objects = [deploymentOf(scope, c, hpa !== null)];
    if (serving && reached) objects.push(serviceOf(scope, c));
    if (hpa) objects.push(hpa);
    objects.push(disruptionBudgetOf(scope, c, hpa !== null), networkPolicyOf(scope, c, serving));
    const b = hpaBounds(ctx, c);
    const resized = b.resized ? `: its ${b.resized.replicas} replicas of ${formatNumber(b.resized.capacityPerUnit)} ${c.capacityUnit} each are ${b.resized.pods} of these ${formatNumber(c.capacityPerUnit)} ${c.capacityUnit} ones` : '';
    const ceiling = b.ceiling === 'replicas.max' ? 'replicas.max' : `peak of phase "${ctx.lastPhaseName}"${resized} (no replicas.max given)`;
    const floor = b.floorFrom === 'replicas.min' ? (c.configuredReplicas.min === 0 ? 'replicas.min 0 raised to 1, as a HorizontalPodAutoscaler does not scale to zero' : 'replicas.min') : 'off-peak need, zones';
    const cpu = cpuAtTarget(c);
    const scaling = hpa
      ? `autoscaled ${b.min}-${b.max} (floor: ${floor}; ceiling: ${ceiling})` + (cpu.held !== null ? `; ${cpuTargetNote(c)}` : '')
      : b.max > b.min
        ? `fixed size, no autoscaler: ${cpuTargetNote(c)}`
        : 'fixed size (the floor reaches the peak: no autoscaler)';
    const gpuMemory = gpuMemoryRequirement(ctx, c);
    const gpuNodes = gpuMemory === null ? '' : ` Runs only on nodes labelled ${gpuMemory.label} ≥ ${gpuMemory.mib} (MiB a GPU holds: NVIDIA GPU Feature Discovery sets it; deploy.gpuMemoryLabel: false drops this).`;
    return { objects, summary: `${c.name} (${c.kind}): ${c.replicas} replicas (binding ${c.binding}); ${scaling}.${gpuNodes}` };
  }
  if (STATEFUL_KINDS.has(c.kind)) {
    const sentinels = sentinelsOf(c);
    return {
      objects: [statefulSetOf(scope, c), serviceOf(scope, c), disruptionBudgetOf(scope, c, false), networkPolicyOf(scope, c, true), ...(sentinels > 0 ? sentinelObjects(scope, c) : [])],
      summary:
        `${c.name} (${c.kind}): ${c.topology}, ${c.replicas} nodes with ${storageQuantity(volumeBytesPerNode(ctx, c))} volumes each.` +
        (sentinels > 0 ? ` Sentinel: ${sentinels} processes (${c.name}-sentinel, quorum ${quorumOf(c)}) promote a replica when the primary fails; clients ask ${c.name}-sentinel:${SENTINEL_PORT} for the primary of "${MASTER_NAME}".` : ''),
    };
  }
  if (c.kind === 'disk') {
    const callers = diskUsers(ctx, c.name);
    const mounted = callers.length ? `mounted at /data/${c.name} by ${callers.join(', ')}` : `not mounted: no component calls ${c.name} (add it to the calls of those that use it)`;
    return { objects: [diskClaimOf(scope, c)], summary: `${c.name} (disk): a shared claim of the plan's storage, ${mounted}.` };
  }
  return null;
}

/** What the CPU of a component whose workers blocking calls hold says of its load, for the header comment. */
function cpuTargetNote(c: ComponentPlan): string {
  const cpu = cpuAtTarget(c);
  const held = cpu.held!;
  const share = `its workers wait on blocking calls ${formatPercent(1 - held.ownS / held.heldS)} of the time they are held, so at ${formatPercent(c.targetUtilization)} busy they use ~${formatPercent(cpu.share)} of their CPU request`;
  if (!cpuBlind(c)) return `${share} (the CPU target)`;
  return c.deploy.rpsMetric !== null ? `${share}, too little to steer by: it scales on ${c.deploy.rpsMetric} and memory` : `${share}, too little to steer an autoscaler by; give deploy.rpsMetric (a per-pod request rate) to autoscale it`;
}

/** Kubernetes manifests of one phase: file name → content. */
export function emitK8s(plan: EmitPlan, opts: K8sEmitOptions): Map<string, string> {
  const ctx = phaseContext(plan, opts, { balancers: 'skip' });
  const scope: K8sScope = { ctx, namespace: opts.namespace ?? null, alerts: opts.alerts === true };
  const header = generatedHeader(ctx, 'capplan emit k8s');
  const files = new Map<string, string>();
  const skipped: string[] = [];
  const balancers: string[] = [];
  const names: LimitedName[] = [];
  for (const c of ctx.phase.components) {
    const emitted = componentObjects(scope, c);
    if (!emitted) {
      if (c.deploy.loadBalancer && !c.managed) balancers.push(c.name);
      else skipped.push(`${c.name} (${c.kind})`);
      continue;
    }
    for (const o of emitted.objects) k8sNamesOverLimit(o, names);
    files.set(`${c.name}.yaml`, stringifyYamlStream(emitted.objects, [header, emitted.summary]));
  }
  if (scope.alerts) {
    const rule = prometheusRuleOf(scope);
    k8sNamesOverLimit(rule, names);
    files.set(ALERTS_FILE, stringifyYamlStream([rule], [header, 'Alerts derived from the plan: CPU above target, p95 above budget, headroom gone.']));
  }
  // Every name, label value and port name within its limit, else the components behind them are refused at their names.
  assertNamesFit('emit k8s', names, ctx.phase.components);
  assertDistinct([
    { name: KUSTOMIZATION_FILE, what: 'the kustomization' },
    ...(scope.alerts ? [{ name: ALERTS_FILE, what: 'the alerts file' }] : []),
    ...ctx.phase.components.filter((c) => files.has(`${c.name}.yaml`)).map((c) => ({ name: `${c.name}.yaml`, what: `component ${c.name}`, component: c.name, own: true })),
  ]);
  assertDistinct([...ctx.phase.components.map((c) => ({ name: c.name, what: `component ${c.name}`, component: c.name, own: true })), ...sentinelNames(ctx)]);
  files.set(KUSTOMIZATION_FILE, kustomization(ctx, scope, [...files.keys()].sort(), header, skipped, balancers));
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function kustomization(ctx: PhaseContext, scope: K8sScope, resources: string[], header: string, skipped: string[], balancers: string[]): string {
  if (resources.length === 0) throw new EmitError(`phase "${ctx.phase.name}" has no component to deploy`, 'every component is a network or of a kind without manifests');
  const notes = [
    header,
    ...regionNote(ctx, "apply these manifests in each region's cluster"),
    ...(skipped.length ? [`Not emitted: ${skipped.join(', ')}: no workload of its own (a network is the cluster's links and NICs).`] : []),
    ...(balancers.length
      ? [`Not emitted: ${balancers.join(', ')} (deploy.loadBalancer): in Kubernetes the Services of what ${balancers.length === 1 ? 'it calls' : 'they call'} and the ingress controller balance, so ${balancers.length === 1 ? 'its' : 'their'} callees are the entry points.`]
      : []),
    ...(ctx.graph.declared ? [] : ['No component declares calls: NetworkPolicies let every component of the profile reach every other.']),
  ];
  const body = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    ...(scope.namespace !== null ? { namespace: scope.namespace } : {}),
    resources,
  };
  return commentLines(notes) + stringifyYaml(body);
}
