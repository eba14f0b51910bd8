/**
 * emitCompose: one phase of a plan → compose.yaml (Compose Specification) and the nginx.conf its
 * load balancer mounts. Pure and deterministic.
 *
 * How kinds map: each horizontal component is a service with the plan's `deploy.replicas`,
 * reservations from its resources and limits (memory: the request unless deploy.limits says;
 * CPU: only deploy.limits.cpu), an HTTP health check when it serves a port, and `depends_on`
 * its callees; a database is PostgreSQL with the plan's max_connections, a cache is Redis with
 * the plan's maxmemory and eviction policy, each one node with a named volume (Compose cannot
 * run replication or Redis Cluster: the Kubernetes output carries the plan's node count); a disk
 * is a named volume mounted at /data/<disk> by its callers; managed and network components run
 * nothing. An nginx service fronts the entry points.
 */
import type { ComponentPlan, Plan } from '../plan/types.js';
import {
  DEFAULT_LIVENESS_PATH,
  HORIZONTAL_KINDS,
  STATEFUL_KINDS,
  assertDistinct,
  cpuCoresOf,
  dnsLabel,
  generatedHeader,
  imageOf,
  memoryBytesOf,
  phaseContext,
  portOf,
  servesHttp,
  type EmitOptions,
  type PhaseContext,
} from './context.js';
import { postgresMaxConnections, redisEvictionPolicy, redisMaxmemory, volumeBytesPerNode } from './k8s-stateful.js';
import { diskMountPath, disksCalledBy } from './k8s-workload.js';
import { LB_HEALTH_PATH, lbPort, renderNginxConf } from './nginx.js';
import { composeCpus, composeMemory, integerText, storageQuantity } from './units.js';
import { commentLines, stringifyYaml } from './yaml-out.js';

/** The Compose file. */
export const COMPOSE_FILE = 'compose.yaml';
/** The load balancer's config, mounted by the nginx service. */
export const NGINX_FILE = 'nginx.conf';
/** The load balancer's image and its reservation and limit (a proxy needs little). */
export const NGINX_IMAGE = 'nginx:1.27';
const LB_CPUS = 0.1;
const LB_MEMORY_BYTES = 64 * 1024 ** 2;
const LB_MEMORY_LIMIT_BYTES = 128 * 1024 ** 2;

/** Restart any exited container after 5 s; a window of 2 min decides whether a restart took. */
const RESTART_POLICY = { condition: 'any', delay: '5s', window: '120s' };

/** A health check that fetches an HTTP path with wget or curl, whichever the image has. */
function httpCheck(port: number, path: string): Record<string, unknown> {
  const url = `http://127.0.0.1:${port}${path}`;
  return {
    test: ['CMD-SHELL', `wget -q -O /dev/null ${url} || curl -fsS -o /dev/null ${url} || exit 1`],
    interval: '10s',
    timeout: '2s',
    retries: 3,
    start_period: '10s',
  };
}

/** Reservations and limits of one container. */
function resources(c: ComponentPlan): Record<string, unknown> {
  const memory = memoryBytesOf(c);
  return {
    limits: {
      memory: composeMemory(c.deploy.memoryLimit ?? memory),
      ...(c.deploy.cpuLimit !== null ? { cpus: composeCpus(c.deploy.cpuLimit) } : {}),
    },
    reservations: {
      cpus: composeCpus(cpuCoresOf(c)),
      memory: composeMemory(memory),
      ...(c.resources.gpus > 0 ? { devices: [{ driver: 'nvidia', count: c.resources.gpus, capabilities: ['gpu'] }] } : {}),
    },
  };
}

/** The name of the load balancer service: "nginx", unless a component has it. */
export function lbServiceName(phase: { components: readonly { name: string }[] }): string {
  const taken = new Set(phase.components.map((c) => c.name));
  return ['nginx', 'nginx-lb', 'capplan-nginx'].find((n) => !taken.has(n)) ?? 'capplan-lb';
}

/** The named volume of a stateful component. */
export function dataVolumeName(c: ComponentPlan): string {
  return `${c.name}-data`;
}

/** Entry points that get an upstream, in profile order. */
export function composeEntries(ctx: PhaseContext): ComponentPlan[] {
  return ctx.phase.components.filter((c) => ctx.graph.entries.has(c.name) && servesHttp(ctx, c));
}

function dependsOn(ctx: PhaseContext, c: ComponentPlan, healthy: ReadonlySet<string>): Record<string, unknown> {
  if (!ctx.graph.declared) return {};
  const callees = c.calls.filter((n) => ctx.workloads.has(n));
  if (!callees.length) return {};
  return { depends_on: Object.fromEntries(callees.map((n) => [n, { condition: healthy.has(n) ? 'service_healthy' : 'service_started' }])) };
}

function horizontalService(ctx: PhaseContext, c: ComponentPlan, healthy: ReadonlySet<string>): Record<string, unknown> {
  const disks = disksCalledBy(ctx, c);
  return {
    image: imageOf(c),
    deploy: {
      replicas: c.replicas,
      resources: resources(c),
      restart_policy: RESTART_POLICY,
      // One replica at a time, the new one started before the old one stops.
      update_config: { parallelism: 1, delay: '10s', order: 'start-first', failure_action: 'rollback', monitor: '30s' },
    },
    ...(servesHttp(ctx, c) ? { healthcheck: httpCheck(portOf(c), c.deploy.readiness ?? c.deploy.liveness ?? DEFAULT_LIVENESS_PATH) } : {}),
    ...dependsOn(ctx, c, healthy),
    ...(disks.length ? { volumes: disks.map((d) => `${d}:${diskMountPath(d)}`) } : {}),
  };
}

function statefulService(ctx: PhaseContext, c: ComponentPlan): Record<string, unknown> {
  const database = c.kind === 'database';
  const max = postgresMaxConnections(c);
  return {
    image: imageOf(c),
    command: database
      ? ['postgres', ...(max !== null ? ['-c', `max_connections=${max}`] : [])]
      : ['redis-server', '--maxmemory', integerText(redisMaxmemory(ctx, c)), '--maxmemory-policy', redisEvictionPolicy(c), '--appendonly', 'yes'],
    ...(database
      ? { environment: { PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_PASSWORD: `\${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD for ${c.name}}` } }
      : {}),
    volumes: [`${dataVolumeName(c)}:${database ? '/var/lib/postgresql/data' : '/data'}`],
    healthcheck: {
      test: database ? ['CMD-SHELL', 'pg_isready -U postgres'] : ['CMD', 'redis-cli', 'ping'],
      interval: '10s',
      timeout: '5s',
      retries: 5,
      start_period: '30s',
    },
    deploy: {
      replicas: 1,
      resources: resources(c),
      restart_policy: RESTART_POLICY,
      // A data directory takes one server at a time: stop the old before the new starts.
      update_config: { parallelism: 1, delay: '10s', order: 'stop-first', failure_action: 'rollback', monitor: '30s' },
    },
  };
}

function lbService(ctx: PhaseContext, entries: readonly ComponentPlan[]): Record<string, unknown> {
  return {
    image: NGINX_IMAGE,
    ports: entries.map((_c, i) => `${lbPort(i)}:${lbPort(i)}`),
    volumes: [`./${NGINX_FILE}:/etc/nginx/nginx.conf:ro`],
    depends_on: Object.fromEntries(entries.map((c) => [c.name, { condition: 'service_healthy' }])),
    healthcheck: httpCheck(lbPort(0), LB_HEALTH_PATH),
    deploy: {
      replicas: 1,
      resources: { limits: { memory: composeMemory(LB_MEMORY_LIMIT_BYTES) }, reservations: { cpus: LB_CPUS, memory: composeMemory(LB_MEMORY_BYTES) } },
      restart_policy: RESTART_POLICY,
    },
  };
}

/** Compose files of one phase: file name → content. */
export function emitCompose(plan: Plan, opts: EmitOptions): Map<string, string> {
  const ctx = phaseContext(plan, opts);
  const header = generatedHeader(ctx, 'capplan emit compose');
  const healthy = new Set(ctx.phase.components.filter((c) => STATEFUL_KINDS.has(c.kind) || servesHttp(ctx, c)).map((c) => c.name));
  const services: Record<string, unknown> = {};
  const volumes: Record<string, unknown> = {};
  const volumeNames: { name: string; what: string }[] = [];
  const skipped: string[] = [];
  for (const c of ctx.phase.components) {
    if (c.managed || !(HORIZONTAL_KINDS.has(c.kind) || STATEFUL_KINDS.has(c.kind) || c.kind === 'disk')) {
      skipped.push(`${c.name} (${c.managed ? 'managed ' : ''}${c.kind})`);
      continue;
    }
    if (c.kind === 'disk') {
      volumes[c.name] = { labels: { 'capplan.component': c.name, 'capplan.size': storageQuantity(volumeBytesPerNode(ctx, c)) } };
      volumeNames.push({ name: c.name, what: `disk ${c.name}` });
    } else if (STATEFUL_KINDS.has(c.kind)) {
      services[c.name] = statefulService(ctx, c);
      volumes[dataVolumeName(c)] = { labels: { 'capplan.component': c.name, 'capplan.size': storageQuantity(volumeBytesPerNode(ctx, c)) } };
      volumeNames.push({ name: dataVolumeName(c), what: `the volume of ${c.name}` });
    } else {
      services[c.name] = horizontalService(ctx, c, healthy);
    }
  }
  assertDistinct(volumeNames);
  const entries = composeEntries(ctx);
  const lb = lbServiceName(ctx.phase);
  if (entries.length) services[lb] = lbService(ctx, entries);
  const notes = [
    header,
    `Compose runs every replica on one host: it cannot place replicas across zones or nodes${ctx.targets.zones > 1 ? `, so the plan's spare for losing one of ${ctx.targets.zones} zones protects nothing here` : ''}; \`capplan emit k8s\` can.`,
    ...(skipped.length ? [`Not run here: ${skipped.join(', ')}.`] : []),
    ...composeWarnings(ctx),
    ...(entries.length ? [`${lb} (${NGINX_FILE}) balances ${entries.map((c, i) => `${c.name} on port ${lbPort(i)}`).join(', ')}.`] : []),
  ];
  const body = { name: dnsLabel(ctx.partOf), services, ...(Object.keys(volumes).length ? { volumes } : {}) };
  const files = new Map<string, string>([[COMPOSE_FILE, commentLines(notes) + stringifyYaml(body)]]);
  if (entries.length) files.set(NGINX_FILE, renderNginxConf(entries, header));
  return files;
}

/** What Compose cannot reproduce of the plan (stateful components with more than one node). */
export function composeWarnings(ctx: PhaseContext): string[] {
  return ctx.phase.components
    .filter((c) => !c.managed && STATEFUL_KINDS.has(c.kind) && c.replicas > 1)
    .map((c) => `${c.name} runs one node here; the plan needs ${c.topology} (${c.replicas} nodes).`);
}

/** The warnings of emitCompose for a plan and options, for the command to print. */
export function composeWarningsOf(plan: Plan, opts: EmitOptions): string[] {
  return composeWarnings(phaseContext(plan, opts));
}
