/**
 * Redis Sentinel (a cache with `sentinels`): one primary, its replicas, and Sentinel processes
 * that watch the primary and promote a replica when it fails (redis.io/docs, "High availability
 * with Redis Sentinel"). Kubernetes: the data StatefulSet's pods start as the primary the
 * Sentinels name (pod 0 on a first start) or as its replica, and a second StatefulSet runs the
 * Sentinels; Compose: the primary, a replica service and a Sentinel service. The quorum is a
 * majority of the Sentinels. Clients ask a Sentinel (port 26379) for the primary of `mymaster`.
 */
import type { ComponentPlan } from '../plan/types.js';
import { SENTINEL_REQUESTS, detailNumber } from '../plan/footprint.js';
import { imageOf, portOf, type PhaseContext } from './context.js';
import { componentLabels, componentMeta, selectorLabels, type K8sObject, type K8sScope } from './k8s-meta.js';
import { placement } from './k8s-workload.js';
import { cpuQuantity, memoryQuantity } from './units.js';

/** Port Sentinel listens on (its default). */
export const SENTINEL_PORT = 26379;
/** The name Sentinel monitors the primary under. */
export const MASTER_NAME = 'mymaster';
/** Milliseconds a primary must be unreachable before it is considered down (the redis.io example's 5 s). */
export const DOWN_AFTER_MS = 5000;
/** Milliseconds a failover may take before another is tried (the redis.io example's 60 s). */
export const FAILOVER_TIMEOUT_MS = 60000;

/** Sentinels of a self-run cache, or 0. */
export function sentinelsOf(c: ComponentPlan): number {
  return c.kind === 'cache' && !c.managed ? (detailNumber(c, 'sentinels') ?? 0) : 0;
}

/** The Sentinels' quorum: a majority of them. */
export function quorumOf(c: ComponentPlan): number {
  return Math.floor(sentinelsOf(c) / 2) + 1;
}

/** Name of the Sentinel workload of a cache. */
export function sentinelName(c: ComponentPlan): string {
  return `${c.name}-sentinel`;
}

/** The sentinel.conf lines for the primary at $MASTER (a shell variable), announcing `announce` when given. */
function sentinelConf(quorum: number, announce: string | null, port: number): string[] {
  return [
    `port ${SENTINEL_PORT}`,
    'sentinel resolve-hostnames yes',
    ...(announce !== null ? ['sentinel announce-hostnames yes', `sentinel announce-ip ${announce}`] : []),
    `sentinel monitor ${MASTER_NAME} $MASTER ${port} ${quorum}`,
    `sentinel down-after-milliseconds ${MASTER_NAME} ${DOWN_AFTER_MS}`,
    `sentinel failover-timeout ${MASTER_NAME} ${FAILOVER_TIMEOUT_MS}`,
    `sentinel parallel-syncs ${MASTER_NAME} 1`,
  ];
}

/**
 * The Sentinel's start script: ask the other Sentinels for the current primary (after a
 * failover it is no longer the first node), else start watching `fallback`; write a fresh
 * sentinel.conf (Sentinel rewrites its config, so it must be writable) and exec Sentinel.
 * `announce` is the name the Sentinel gives the others (a stable DNS name), or null for its IP.
 */
export function sentinelScript(c: ComponentPlan, fallback: string, announce: string | null): string {
  return [
    'set -eu',
    `MASTER="$(redis-cli -h ${sentinelName(c)} -p ${SENTINEL_PORT} sentinel get-master-addr-by-name ${MASTER_NAME} 2>/dev/null | head -n 1 || true)"`,
    `[ -n "$MASTER" ] || MASTER="${fallback}"`,
    'mkdir -p /data',
    `printf '%s\\n' ${sentinelConf(quorumOf(c), announce, portOf(c)).map((l) => `"${l}"`).join(' ')} > /data/sentinel.conf`,
    'exec redis-server /data/sentinel.conf --sentinel',
  ].join('\n');
}

/**
 * A data pod's start script (Kubernetes): the primary is whatever the Sentinels name, or pod 0 on
 * a first start; a pod that is not the primary starts as its replica. Each pod announces its
 * stable DNS name, so the Sentinels and replicas find it again after a restart.
 */
export function redisPodScript(c: ComponentPlan, serverArgs: readonly string[]): string {
  const args = serverArgs.join(' ');
  return [
    'set -eu',
    `ME="$(hostname).${c.name}"`,
    `MASTER="$(redis-cli -h ${sentinelName(c)} -p ${SENTINEL_PORT} sentinel get-master-addr-by-name ${MASTER_NAME} 2>/dev/null | head -n 1 || true)"`,
    `[ -n "$MASTER" ] || MASTER="${c.name}-0.${c.name}"`,
    `case "$MASTER" in "$ME"|"$ME".*) exec ${args} --replica-announce-ip "$ME" ;; esac`,
    `exec ${args} --replica-announce-ip "$ME" --replicaof "$MASTER" ${portOf(c)}`,
  ].join('\n');
}

/** The Kubernetes objects of a cache's Sentinels: a StatefulSet, its headless Service, a PDB and a NetworkPolicy. */
export function sentinelObjects(scope: K8sScope, c: ComponentPlan): K8sObject[] {
  const { ctx } = scope;
  const name = sentinelName(c);
  const meta = { ...componentMeta(scope, c), name };
  const selector = { ...selectorLabels(ctx, c.name), 'app.kubernetes.io/name': name };
  const labels = { ...componentLabels(ctx, c), 'app.kubernetes.io/name': name };
  // The Sentinels spread like the data pods, by their own labels.
  const pod = placement(ctx, c, selector);
  const script = sentinelScript(c, `${c.name}-0.${c.name}`, `$(hostname).${name}`);
  const clients = [...(ctx.graph.callers.get(c.name) ?? []), c.name, name];
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { ...meta, labels },
      spec: {
        serviceName: name,
        replicas: sentinelsOf(c),
        podManagementPolicy: 'Parallel',
        selector: { matchLabels: selector },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: 'sentinel',
                image: imageOf(c),
                command: ['sh', '-c', script],
                ports: [{ name: 'sentinel', containerPort: SENTINEL_PORT, protocol: 'TCP' }],
                resources: {
                  requests: { cpu: cpuQuantity(SENTINEL_REQUESTS.cpuCores), memory: memoryQuantity(SENTINEL_REQUESTS.memoryBytes) },
                  limits: { memory: memoryQuantity(SENTINEL_REQUESTS.memoryBytes) },
                },
                readinessProbe: { exec: { command: ['redis-cli', '-p', String(SENTINEL_PORT), 'ping'] }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
                volumeMounts: [{ name: 'conf', mountPath: '/data' }],
              },
            ],
            volumes: [{ name: 'conf', emptyDir: {} }],
            ...pod,
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { ...meta, labels },
      spec: { clusterIP: 'None', publishNotReadyAddresses: true, selector, ports: [{ name: 'sentinel', port: SENTINEL_PORT, targetPort: 'sentinel', protocol: 'TCP' }] },
    },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { ...meta, labels }, spec: { maxUnavailable: 1, selector: { matchLabels: selector } } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { ...meta, labels },
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: clients.map((n) => ({ podSelector: { matchLabels: n === name ? selector : selectorLabels(ctx, n) } })),
            ports: [{ port: SENTINEL_PORT, protocol: 'TCP' }],
          },
        ],
      },
    },
  ];
}

/** The Compose services of a cache's replicas and Sentinels (the primary is the cache's own service). */
export function composeSentinelServices(c: ComponentPlan, serverArgs: readonly string[], base: Record<string, unknown>): Record<string, unknown> {
  const replicas = c.replicas - 1;
  const name = sentinelName(c);
  const deploy = base.deploy as Record<string, unknown>;
  return {
    ...(replicas > 0
      ? {
          [`${c.name}-replica`]: {
            image: imageOf(c),
            command: [...serverArgs, '--replicaof', c.name, String(portOf(c))],
            depends_on: { [c.name]: { condition: 'service_healthy' } },
            healthcheck: base.healthcheck,
            deploy: { ...deploy, replicas },
          },
        }
      : {}),
    [name]: {
      image: imageOf(c),
      // Compose interpolates $VAR in the file: $$ is a literal $ for the shell.
      command: ['sh', '-c', sentinelScript(c, c.name, null).replaceAll('$', '$$$$')],
      depends_on: { [c.name]: { condition: 'service_healthy' } },
      healthcheck: { test: ['CMD', 'redis-cli', '-p', String(SENTINEL_PORT), 'ping'], interval: '10s', timeout: '5s', retries: 5, start_period: '10s' },
      deploy: {
        replicas: sentinelsOf(c),
        resources: {
          limits: { memory: `${SENTINEL_REQUESTS.memoryBytes / 1024 ** 2}m` },
          reservations: { cpus: SENTINEL_REQUESTS.cpuCores, memory: `${SENTINEL_REQUESTS.memoryBytes / 1024 ** 2}m` },
        },
        restart_policy: deploy.restart_policy,
      },
    },
  };
}

/** Whether a phase's sentinel workload names clash with component names (checked by the emitters). */
export function sentinelNames(ctx: PhaseContext): { name: string; what: string; component: string }[] {
  return ctx.phase.components.filter((c) => sentinelsOf(c) > 0).flatMap((c) => [
    { name: sentinelName(c), what: `the Sentinels of ${c.name}`, component: c.name },
    { name: `${c.name}-replica`, what: `the replicas of ${c.name}`, component: c.name },
  ]);
}
