/**
 * Deployments of the horizontal kinds (service, adapter, agent, worker): the plan's replicas,
 * requests from the profile's resources, limits, probes, zone spread and host anti-affinity.
 */
import type { ComponentPlan, PhasePlan, ProbeSettings } from '../plan/types.js';
import { DEFAULT_LIVENESS_PATH, DEFAULT_PROBE_PERIOD_S, HORIZONTAL_KINDS, probePeriodS, cpuCoresOf, imageOf, memoryBytesOf, portOf, servesHttp, type PhaseContext } from './context.js';
import { componentMeta, planAnnotations, selectorLabels, componentLabels, type K8sObject, type K8sScope } from './k8s-meta.js';
import { cpuQuantity, memoryQuantity } from './units.js';

const MIB = 1024 * 1024;

/** Where a disk component's volume is mounted in the containers of its callers. */
export function diskMountPath(disk: string): string {
  return `/data/${disk}`;
}

/** The components of a phase by name, built once per phase (emitters ask for every component). */
const byNameOfPhase = new WeakMap<PhasePlan, ReadonlyMap<string, ComponentPlan>>();

function componentsByName(phase: PhasePlan): ReadonlyMap<string, ComponentPlan> {
  let byName = byNameOfPhase.get(phase);
  if (!byName) {
    byName = new Map(phase.components.map((x) => [x.name, x]));
    byNameOfPhase.set(phase, byName);
  }
  return byName;
}

/** Disk components a component calls, in its `calls` order. */
export function disksCalledBy(ctx: PhaseContext, c: ComponentPlan): string[] {
  const byName = componentsByName(ctx.phase);
  return c.calls.filter((n) => byName.get(n)?.kind === 'disk' && !byName.get(n)!.managed);
}

/** Horizontal workloads that mount a disk (those listing it in their calls), in profile order. */
export function diskUsers(ctx: PhaseContext, disk: string): string[] {
  return ctx.phase.components.filter((x) => ctx.workloads.has(x.name) && HORIZONTAL_KINDS.has(x.kind) && disksCalledBy(ctx, x).includes(disk)).map((x) => x.name);
}

/**
 * Container resources. Requests are the profile's per-replica resources (the figures the plan
 * and the bill assume). The memory limit defaults to the request: memory is not compressible,
 * and a pod above its request is the first evicted anyway. No CPU limit by default: CFS quotas
 * throttle a pod inside its request's share and add tail latency, while the request already
 * guarantees the share the plan sized for; `deploy.limits.cpu` sets one. GPUs are limits
 * (`nvidia.com/gpu`), which Kubernetes also takes as the request.
 */
export function containerResources(c: ComponentPlan): Record<string, Record<string, string>> {
  const requests = { cpu: cpuQuantity(cpuCoresOf(c)), memory: memoryQuantity(memoryBytesOf(c)) };
  const limits: Record<string, string> = { memory: memoryQuantity(c.deploy.memoryLimit ?? memoryBytesOf(c)) };
  if (c.deploy.cpuLimit !== null) limits.cpu = cpuQuantity(c.deploy.cpuLimit);
  if (c.resources.gpus > 0) limits['nvidia.com/gpu'] = String(c.resources.gpus);
  return { limits, requests };
}

/**
 * HTTP probes on the container port: liveness at `deploy.liveness` (default /healthz),
 * readiness at `deploy.readiness` (default: the liveness path), each with the timing the profile
 * gives (initialDelaySeconds, periodSeconds: whole seconds, to the nearest, a period at least 1;
 * defaults: no delay, 10 s and 5 s; the profile bounds both at 24 h, well inside the int32 these
 * fields are). A worker nobody calls serves no port, so it gets no probe unless `deploy.port` or
 * `deploy.liveness` gives one: the kubelet restarts a crashed consumer anyway, and an exec probe
 * would guess at a command in the image.
 */
export function httpProbes(ctx: PhaseContext, c: ComponentPlan): Record<string, unknown> {
  if (!servesHttp(ctx, c)) return {};
  const liveness = c.deploy.liveness ?? { path: DEFAULT_LIVENESS_PATH, initialDelayS: null, periodS: null };
  const readiness = c.deploy.readiness ?? { ...liveness, initialDelayS: null, periodS: null };
  return {
    livenessProbe: probe(liveness, DEFAULT_PROBE_PERIOD_S.liveness),
    readinessProbe: probe(readiness, DEFAULT_PROBE_PERIOD_S.readiness),
  };
}

function probe(p: ProbeSettings, defaultPeriodS: number): Record<string, unknown> {
  return {
    httpGet: { path: p.path, port: 'http' },
    ...(p.initialDelayS !== null ? { initialDelaySeconds: Math.round(p.initialDelayS) } : {}),
    periodSeconds: probePeriodS(p.periodS, defaultPeriodS),
    timeoutSeconds: 2,
    failureThreshold: 3,
  };
}

/**
 * Placement: with more than one zone, replicas spread evenly over `topology.kubernetes.io/zone`
 * (maxSkew 1, DoNotSchedule: the zone-loss sizing assumes an even spread); always a preferred
 * anti-affinity by `kubernetes.io/hostname`, so one node's loss takes as few replicas as possible.
 * Images built for Arm (`pricing.arch: arm64`) run only on Arm nodes (`kubernetes.io/arch`, a
 * label the kubelet sets on every node), the nodes the bill buys; amd64 and any leave it open.
 * An agent sized by GPU memory requires nodes whose GPUs hold it (gpuMemoryRequirement).
 */
export function placement(ctx: PhaseContext, c: ComponentPlan, labels: Record<string, string> = selectorLabels(ctx, c.name)): Record<string, unknown> {
  const selector = { matchLabels: labels };
  const gpuMemory = gpuMemoryRequirement(ctx, c);
  return {
    ...(ctx.arch === 'arm64' ? { nodeSelector: { 'kubernetes.io/arch': 'arm64' } } : {}),
    affinity: {
      ...(gpuMemory !== null
        ? { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: gpuMemory.label, operator: 'Gt', values: [String(gpuMemory.mib - 1)] }] }] } } }
        : {}),
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: selector, topologyKey: 'kubernetes.io/hostname' } }],
      },
    },
    ...(ctx.targets.zones > 1
      ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector }] }
      : {}),
  };
}

/** The GPU memory label NVIDIA GPU Feature Discovery sets on a node: the memory of its GPUs in MiB. */
export const GPU_MEMORY_LABEL = 'nvidia.com/gpu.memory';

/**
 * The node label and least GPU memory (MiB) an agent's pods need, or null. `nvidia.com/gpu` asks
 * only for a number of GPUs, so an agent whose model fills a 24 GiB GPU would otherwise be put on
 * a 16 GiB one and fail to load there. The floor is what each GPU holds, the model's share and
 * the in-flight queries' working memory (the plan's `gpuMemoryPerGpu` × the memory target), not
 * the GPU the profile names: a driver reports a little less than a GPU's nominal size, and a
 * larger GPU serves too. Kubernetes compares label values as integers with `Gt` (there is no
 * `Ge`), so the value is one MiB less. `deploy.gpuMemoryLabel` names another label, or `false`
 * leaves placement to the cluster (no such label on its nodes).
 */
export function gpuMemoryRequirement(ctx: PhaseContext, c: ComponentPlan): { label: string; mib: number } | null {
  const perGpu = c.detail.gpuMemoryPerGpu;
  const label = c.deploy.gpuMemoryLabel ?? GPU_MEMORY_LABEL;
  if (label === false || !(c.resources.gpus > 0) || typeof perGpu !== 'number' || !(perGpu > 0)) return null;
  const held = (perGpu * ctx.phase.targets.memoryUtilization) / MIB;
  // A product of binary fractions may land a hair above a whole MiB it equals.
  return { label, mib: Math.max(1, Math.ceil(held - 1e-9 * held)) };
}

/**
 * The Deployment of a horizontal component: replicas = the plan's for the phase, unless an
 * autoscaler moves the count. Then `spec.replicas` is left out, as Kubernetes recommends for a
 * Deployment an HPA targets: with it, every `kubectl apply` (or a GitOps sync) would set the
 * count back to the file's and fight the autoscaler (kubernetes.io, "Horizontal Pod
 * Autoscaling: migrating Deployments and StatefulSets to horizontal autoscaling"). The plan's
 * count stays in the header and the `capplan/topology` annotation, within the HPA's bounds.
 */
export function deploymentOf(scope: K8sScope, c: ComponentPlan, autoscaled = false): K8sObject {
  const { ctx } = scope;
  const disks = disksCalledBy(ctx, c);
  const container: Record<string, unknown> = {
    name: c.name,
    image: imageOf(c),
    ...(servesHttp(ctx, c) ? { ports: [{ name: 'http', containerPort: portOf(c), protocol: 'TCP' }] } : {}),
    resources: containerResources(c),
    ...httpProbes(ctx, c),
    ...(disks.length ? { volumeMounts: disks.map((d) => ({ name: d, mountPath: diskMountPath(d) })) } : {}),
  };
  const gpu = c.resources.gpus > 0;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: componentMeta(scope, c, planAnnotations(ctx, c)),
    spec: {
      ...(autoscaled ? {} : { replicas: c.replicas }),
      selector: { matchLabels: selectorLabels(ctx, c.name) },
      // New pods start before old ones stop, so a rollout never dips below the planned capacity.
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: componentLabels(ctx, c) },
        spec: {
          containers: [container],
          ...placement(ctx, c),
          ...(gpu ? { tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }] } : {}),
          ...(disks.length ? { volumes: disks.map((d) => ({ name: d, persistentVolumeClaim: { claimName: d } })) } : {}),
        },
      },
    },
  };
}
