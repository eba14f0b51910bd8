/**
 * Stateful and storage objects: a StatefulSet per database (PostgreSQL) or cache (Redis) with
 * volume claims sized by the plan, a ConfigMap recording a managed component's required size
 * instead, and a shared PersistentVolumeClaim per disk component.
 *
 * The StatefulSet runs the plan's node count (shards × (1 + replicas)) with per-node volumes;
 * wiring replication (streaming replicas, Sentinel, `redis-cli --cluster create`) and failover
 * is an operator's job (CloudNativePG, a Redis operator) and is not generated.
 */
import type { ComponentPlan } from '../plan/types.js';
import { detailNumber, fillOf, redisMaxmemoryBytes, shardsOf, volumeBytesPerNode as volumeBytes } from '../plan/footprint.js';
import { imageOf, portOf, STATEFUL_PORTS, type PhaseContext } from './context.js';
import { componentLabels, componentMeta, planAnnotations, selectorLabels, type K8sObject, type K8sScope } from './k8s-meta.js';
import { containerResources, placement } from './k8s-workload.js';
import { redisPodScript, sentinelsOf } from './sentinel.js';
import { decimalText, integerText, memoryQuantity, storageQuantity } from './units.js';

/** Where each stateful kind keeps its data. */
const DATA_PATHS: Readonly<Record<string, string>> = { database: '/var/lib/postgresql/data', cache: '/data' };

/** Redis maxmemory per node, bytes: the plan's (node memory × memory target), else the memory request × the target. */
export function redisMaxmemory(ctx: PhaseContext, c: ComponentPlan): number {
  return redisMaxmemoryBytes(c, ctx.targets.memoryUtilization);
}

/** Redis eviction policy from the plan (default allkeys-lru, as the cache kind's). */
export function redisEvictionPolicy(c: ComponentPlan): string {
  const v = c.detail.evictionPolicy;
  return typeof v === 'string' ? v : 'allkeys-lru';
}

/** PostgreSQL max_connections from the plan. */
export function postgresMaxConnections(c: ComponentPlan): number | null {
  return detailNumber(c, 'maxConnections');
}

/**
 * Bytes one node's volume claims (footprint.ts): the data it must hold at the end of the
 * retention period, provisioned at 80 % full. Database: its shard's data; cache: twice maxmemory
 * (an RDB snapshot and an AOF rewrite of a full node).
 */
export function volumeBytesPerNode(ctx: PhaseContext, c: ComponentPlan): number {
  return volumeBytes(c, ctx.targets.memoryUtilization) ?? 0;
}

/**
 * The flags that make a database or cache listen on its `deploy.port` (none at the server's own
 * default, 5432 or 6379): without them the container would declare one port and listen on another.
 */
export function listenArgs(c: ComponentPlan): string[] {
  const port = portOf(c);
  if (port === STATEFUL_PORTS[c.kind]) return [];
  return c.kind === 'database' ? ['-c', `port=${port}`] : ['--port', String(port)];
}

/** The readiness check of a database or cache, against the port it listens on. */
export function statefulReadyCommand(c: ComponentPlan): string[] {
  const port = portOf(c);
  const at = port === STATEFUL_PORTS[c.kind] ? [] : ['-p', String(port)];
  return c.kind === 'database' ? ['pg_isready', '-U', 'postgres', ...at] : ['redis-cli', ...at, 'ping'];
}

/** The PostgreSQL server's command line: max_connections from the plan, the port from deploy.port. */
export function postgresArgs(c: ComponentPlan): string[] {
  const max = postgresMaxConnections(c);
  return ['postgres', ...(max !== null ? ['-c', `max_connections=${max}`] : []), ...listenArgs(c)];
}

/** The server's command line (after the image's entrypoint) for a stateful kind. */
export function statefulArgs(ctx: PhaseContext, c: ComponentPlan): string[] {
  if (c.kind === 'database') return postgresArgs(c);
  return [
    'redis-server',
    ...listenArgs(c),
    '--maxmemory', integerText(redisMaxmemory(ctx, c)),
    '--maxmemory-policy', redisEvictionPolicy(c),
    '--appendonly', 'yes',
    ...(shardsOf(c) > 1 ? ['--cluster-enabled', 'yes'] : []),
  ];
}

/** The StatefulSet of a database or cache: the plan's nodes, each with a volume claim. */
export function statefulSetOf(scope: K8sScope, c: ComponentPlan): K8sObject {
  const { ctx } = scope;
  const port = portOf(c);
  const portName = c.kind === 'database' ? 'postgres' : 'redis';
  const database = c.kind === 'database';
  const args = statefulArgs(ctx, c);
  const container: Record<string, unknown> = {
    name: c.name,
    image: imageOf(c),
    // With Sentinel, each pod starts as the primary the Sentinels name or as its replica.
    ...(sentinelsOf(c) > 0 ? { command: ['sh', '-c', redisPodScript(c, args)] } : { args }),
    ...(database
      ? {
          env: [
            // The password comes from a Secret the operator creates: <name>-credentials, key "password".
            { name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: `${c.name}-credentials`, key: 'password' } } },
            { name: 'PGDATA', value: `${DATA_PATHS.database}/pgdata` },
          ],
        }
      : {}),
    ports: [{ name: portName, containerPort: port, protocol: 'TCP' }],
    resources: containerResources(c),
    readinessProbe: { exec: { command: statefulReadyCommand(c) }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 },
    livenessProbe: { tcpSocket: { port: portName }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 6 },
    volumeMounts: [{ name: 'data', mountPath: DATA_PATHS[c.kind]! }],
  };
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: componentMeta(scope, c, planAnnotations(ctx, c)),
    spec: {
      serviceName: c.name,
      replicas: c.replicas,
      selector: { matchLabels: selectorLabels(ctx, c.name) },
      template: { metadata: { labels: componentLabels(ctx, c) }, spec: { containers: [container], ...placement(ctx, c) } },
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: storageQuantity(volumeBytesPerNode(ctx, c)) } } } },
      ],
    },
  };
}

/** A ConfigMap recording what a managed component must be bought with (nodes, resources, storage, limits). */
export function managedConfigMapOf(scope: K8sScope, c: ComponentPlan): K8sObject {
  const data: Record<string, string> = {
    kind: c.kind,
    phase: scope.ctx.phase.name,
    topology: c.topology,
    units: String(c.replicas),
    unitLabel: c.unitLabel,
    demand: `${decimalText(c.demand)} ${c.demandUnit}`,
  };
  if (c.resources.cpuCores !== null) data.cpuCoresPerUnit = decimalText(c.resources.cpuCores);
  if (c.resources.memoryBytes !== null) data.memoryPerUnit = memoryQuantity(c.resources.memoryBytes);
  if (c.storageBytes !== null) {
    // The data at the end of the retention period, and the storage to buy for it at 80 % full.
    data.storageBytes = decimalText(Math.ceil(c.storageBytes));
    data.storage = storageQuantity(c.storageBytes / fillOf(c));
  }
  const shards = detailNumber(c, 'shards');
  if (shards !== null) data.shards = String(shards);
  const readReplicas = detailNumber(c, 'readReplicasPerShard') ?? detailNumber(c, 'replicasPerShard');
  if (readReplicas !== null) data.replicasPerShard = String(readReplicas);
  const maxConnections = postgresMaxConnections(c);
  if (c.kind === 'database' && maxConnections !== null) data.maxConnections = String(maxConnections);
  if (c.kind === 'cache') {
    data.maxmemory = integerText(redisMaxmemory(scope.ctx, c));
    data.maxmemoryPolicy = redisEvictionPolicy(c);
  }
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: componentMeta(scope, c), data };
}

/**
 * A disk component's storage as one PersistentVolumeClaim of the plan's size (storage at the end
 * of its retention ÷ its fill level), ReadWriteMany because the replicas of every caller mount it at
 * /data/<disk>: it needs a storage class that offers RWX (NFS, CephFS, EFS, Filestore).
 */
export function diskClaimOf(scope: K8sScope, c: ComponentPlan): K8sObject {
  const device = c.detail.device;
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: componentMeta(scope, c, {
      'capplan/devices': String(c.replicas),
      ...(typeof device === 'string' ? { 'capplan/device': device } : {}),
      'capplan/phase': scope.ctx.phase.name,
    }),
    spec: {
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: storageQuantity(volumeBytesPerNode(scope.ctx, c)) } },
    },
  };
}
