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
 * nothing. An nginx service fronts the entry points, unless a component is the load balancer
 * itself (compose-lb.ts).
 */
import type { ComponentPlan } from '../plan/types.js';
import {
  HORIZONTAL_KINDS,
  STATEFUL_KINDS,
  assertDistinct,
  dnsLabel,
  generatedHeader,
  imageOf,
  phaseContext,
  regionNote,
  servesHttp,
  type EmitOptions,
  type EmitPlan,
  type PhaseContext,
} from './context.js';
import { listenArgs, postgresArgs, redisEvictionPolicy, redisMaxmemory, statefulReadyCommand, volumeBytesPerNode } from './k8s-stateful.js';
import { diskMountPath, disksCalledBy } from './k8s-workload.js';
import { composeBalancers, isBalancer } from './compose-lb.js';
import { assertNamesFit, composeLimitedNames } from './name-limits.js';
import { containerResources, restartPolicy, serviceCheck } from './compose-parts.js';
import { composeSentinelServices, sentinelNames, sentinelsOf } from './sentinel.js';
import { integerText, storageQuantity } from './units.js';
import { commentLines, stringifyYaml } from './yaml-out.js';

/** The Compose file. */
export const COMPOSE_FILE = 'compose.yaml';

/** The named volume of a stateful component. */
export function dataVolumeName(c: ComponentPlan): string {
  return `${c.name}-data`;
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
      resources: containerResources(c),
      restart_policy: restartPolicy(c),
      // One replica at a time, the new one started before the old one stops.
      update_config: { parallelism: 1, delay: '10s', order: 'start-first', failure_action: 'rollback', monitor: '30s' },
    },
    ...(servesHttp(ctx, c) ? { healthcheck: serviceCheck(c) } : {}),
    ...dependsOn(ctx, c, healthy),
    ...(disks.length ? { volumes: disks.map((d) => `${d}:${diskMountPath(d)}`) } : {}),
  };
}

/** The Redis server's command line in Compose (one node: no cluster flag). */
function redisArgs(ctx: PhaseContext, c: ComponentPlan): string[] {
  return ['redis-server', ...listenArgs(c), '--maxmemory', integerText(redisMaxmemory(ctx, c)), '--maxmemory-policy', redisEvictionPolicy(c), '--appendonly', 'yes'];
}

function statefulService(ctx: PhaseContext, c: ComponentPlan): Record<string, unknown> {
  const database = c.kind === 'database';
  const ready = statefulReadyCommand(c);
  return {
    image: imageOf(c),
    command: database ? postgresArgs(c) : redisArgs(ctx, c),
    ...(database
      ? { environment: { PGDATA: '/var/lib/postgresql/data/pgdata', POSTGRES_PASSWORD: `\${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD for ${c.name}}` } }
      : {}),
    volumes: [`${dataVolumeName(c)}:${database ? '/var/lib/postgresql/data' : '/data'}`],
    healthcheck: {
      test: database ? ['CMD-SHELL', ready.join(' ')] : ['CMD', ...ready],
      interval: '10s',
      timeout: '5s',
      retries: 5,
      start_period: '30s',
    },
    deploy: {
      replicas: 1,
      resources: containerResources(c),
      restart_policy: restartPolicy(c),
      // A data directory takes one server at a time: stop the old before the new starts.
      update_config: { parallelism: 1, delay: '10s', order: 'stop-first', failure_action: 'rollback', monitor: '30s' },
    },
  };
}

/** Compose files of one phase: file name → content. */
export function emitCompose(plan: EmitPlan, opts: EmitOptions): Map<string, string> {
  const ctx = phaseContext(plan, opts);
  const header = generatedHeader(ctx, 'capplan emit compose');
  const healthy = new Set(ctx.phase.components.filter((c) => STATEFUL_KINDS.has(c.kind) || servesHttp(ctx, c)).map((c) => c.name));
  const services: Record<string, unknown> = {};
  const volumes: Record<string, unknown> = {};
  const volumeNames: { name: string; what: string; component: string; own?: boolean }[] = [];
  const skipped: string[] = [];
  for (const c of ctx.phase.components) {
    if (c.managed || !(HORIZONTAL_KINDS.has(c.kind) || STATEFUL_KINDS.has(c.kind) || c.kind === 'disk')) {
      skipped.push(`${c.name} (${c.managed ? 'managed ' : ''}${c.kind})`);
      continue;
    }
    if (c.kind === 'disk') {
      volumes[c.name] = { labels: { 'capplan.component': c.name, 'capplan.size': storageQuantity(volumeBytesPerNode(ctx, c)) } };
      volumeNames.push({ name: c.name, what: `disk ${c.name}`, component: c.name, own: true });
    } else if (STATEFUL_KINDS.has(c.kind)) {
      services[c.name] = statefulService(ctx, c);
      if (sentinelsOf(c) > 0) Object.assign(services, composeSentinelServices(c, redisArgs(ctx, c), services[c.name] as Record<string, unknown>));
      volumes[dataVolumeName(c)] = { labels: { 'capplan.component': c.name, 'capplan.size': storageQuantity(volumeBytesPerNode(ctx, c)) } };
      volumeNames.push({ name: dataVolumeName(c), what: `the volume of ${c.name}`, component: c.name });
    } else if (!isBalancer(ctx, c)) {
      services[c.name] = horizontalService(ctx, c, healthy);
    }
  }
  assertDistinct(volumeNames);
  assertDistinct([...ctx.phase.components.map((c) => ({ name: c.name, what: `component ${c.name}`, component: c.name, own: true })), ...sentinelNames(ctx)]);
  const balancers = composeBalancers(ctx, header);
  Object.assign(services, balancers.services);
  // Each service name is a host name in Docker's DNS: within a DNS label, else its component is refused at its name.
  assertNamesFit('emit compose', composeLimitedNames(services), ctx.phase.components);
  const notes = [
    header,
    `Compose runs every replica on one host: it cannot place replicas across zones or nodes${ctx.targets.zones > 1 ? `, so the plan's spare for losing one of ${ctx.targets.zones} zones protects nothing here` : ''}; \`capplan emit k8s\` can.`,
    ...regionNote(ctx, "this file is one region's stack"),
    ...(skipped.length ? [`Not run here: ${skipped.join(', ')}.`] : []),
    ...composeWarnings(ctx),
    ...balancers.notes,
  ];
  const body = { name: dnsLabel(ctx.partOf), services, ...(Object.keys(volumes).length ? { volumes } : {}) };
  const files = new Map<string, string>([[COMPOSE_FILE, commentLines(notes) + stringifyYaml(body)]]);
  for (const [file, content] of balancers.files) files.set(file, content);
  return files;
}

/** What Compose cannot reproduce of the plan (stateful components with more than one node, but Redis with Sentinel). */
export function composeWarnings(ctx: PhaseContext): string[] {
  return ctx.phase.components
    .filter((c) => !c.managed && STATEFUL_KINDS.has(c.kind) && c.replicas > 1 && sentinelsOf(c) === 0)
    .map((c) => `${c.name} runs one node here; the plan needs ${c.topology} (${c.replicas} nodes).`);
}

/** The warnings of emitCompose for a plan and options, for the command to print. */
export function composeWarningsOf(plan: EmitPlan, opts: EmitOptions): string[] {
  return composeWarnings(phaseContext(plan, opts));
}
