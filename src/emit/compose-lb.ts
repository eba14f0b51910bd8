/**
 * The Compose load balancers: nginx in front of the entry points (generated, `nginx.conf`), and
 * components that are themselves the load balancer (`deploy.loadBalancer`), which run nginx with
 * an upstream over the components they call instead of a second balancer in front of them.
 */
import type { ComponentPlan } from '../plan/types.js';
import { EmitError, HORIZONTAL_KINDS, portOf, servesHttp, type PhaseContext } from './context.js';
import { containerResources, httpCheck, restartPolicy } from './compose-parts.js';
import { calleesOf } from './k8s-egress.js';
import { balancingDirective, LB_FIRST_LISTEN, LB_HEALTH_PATH, lbPort, renderNginxConf, type NginxSite } from './nginx.js';
import { composeMemory } from './units.js';

/** The generated load balancer's config, mounted by its nginx service. */
export const NGINX_FILE = 'nginx.conf';
/** The load balancer's image when a component does not name one. */
export const NGINX_IMAGE = 'nginx:1.27';
/** Reservation and limit of the generated load balancer (a proxy needs little). */
const LB_CPUS = 0.1;
const LB_MEMORY_BYTES = 64 * 1024 ** 2;
const LB_MEMORY_LIMIT_BYTES = 128 * 1024 ** 2;

/** What the load balancers add to a Compose project. */
export interface ComposeBalancers {
  services: Record<string, unknown>;
  files: Map<string, string>;
  notes: string[];
}

/** Whether a component is a load balancer that runs here (deploy.loadBalancer on a horizontal workload). */
export function isBalancer(ctx: PhaseContext, c: ComponentPlan): boolean {
  return c.deploy.loadBalancer && HORIZONTAL_KINDS.has(c.kind) && ctx.workloads.has(c.name);
}

/** The name of the generated load balancer service: "nginx", unless a component has it. */
export function lbServiceName(phase: { components: readonly { name: string }[] }): string {
  const taken = new Set(phase.components.map((c) => c.name));
  return ['nginx', 'nginx-lb', 'capplan-nginx'].find((n) => !taken.has(n)) ?? 'capplan-lb';
}

/** Entry points the generated load balancer fronts, in profile order (a balancer component fronts itself). */
export function composeEntries(ctx: PhaseContext): ComponentPlan[] {
  return ctx.phase.components.filter((c) => ctx.graph.entries.has(c.name) && servesHttp(ctx, c) && !isBalancer(ctx, c));
}

/** The upstream members of a balancer component: the serving workloads it calls. */
function membersOf(ctx: PhaseContext, lb: ComponentPlan): ComponentPlan[] {
  const members = calleesOf(ctx, lb).filter((c) => ctx.workloads.has(c.name) && servesHttp(ctx, c) && HORIZONTAL_KINDS.has(c.kind));
  if (!members.length) {
    throw new EmitError(`${lb.name} is a load balancer (deploy.loadBalancer) but calls no service it could balance`, `add the components it balances to ${lb.name}'s calls`, { component: lb.name, key: ['deploy', 'loadBalancer'] });
  }
  return members;
}

const dependsOnHealthy = (members: readonly ComponentPlan[]) => Object.fromEntries(members.map((c) => [c.name, { condition: 'service_healthy' }]));

/** Services, configs and notes of every load balancer of the phase. */
export function composeBalancers(ctx: PhaseContext, header: string): ComposeBalancers {
  const out: ComposeBalancers = { services: {}, files: new Map(), notes: [] };
  const entries = composeEntries(ctx);
  const own = ctx.phase.components.filter((c) => isBalancer(ctx, c));
  // Host ports given in the profile are reserved before any default is handed out; two
  // components asking for the same one would make `docker compose up` fail to bind the second.
  const taken = new Map<number, string>();
  for (const c of [...own, ...entries]) {
    const wanted = c.deploy.publish;
    if (wanted === null) continue;
    const holder = taken.get(wanted);
    if (holder !== undefined) {
      throw new EmitError(
        `${c.name} publishes host port ${wanted}, which ${holder} publishes already: Compose cannot bind one host port twice`,
        `give ${c.name} another deploy.publish, or leave it out for the next free port from ${lbPort(0)}`,
        { component: c.name, key: ['deploy', 'publish'] },
      );
    }
    taken.set(wanted, c.name);
  }
  let next = 0;
  const nextPort = (wanted: number | null) => {
    if (wanted !== null) return wanted;
    while (taken.has(lbPort(next))) next++;
    taken.set(lbPort(next), '');
    return lbPort(next++);
  };
  for (const c of own) {
    const members = membersOf(ctx, c);
    const file = own.length === 1 && entries.length === 0 ? NGINX_FILE : `${c.name}.nginx.conf`;
    const listen = portOf(c);
    const publish = nextPort(c.deploy.publish);
    out.services[c.name] = {
      image: c.deploy.image ?? NGINX_IMAGE,
      ports: [`${publish}:${listen}`],
      volumes: [`./${file}:/etc/nginx/nginx.conf:ro`],
      depends_on: dependsOnHealthy(members),
      healthcheck: httpCheck(listen, LB_HEALTH_PATH),
      deploy: { replicas: 1, resources: containerResources(c), restart_policy: restartPolicy(c) },
    };
    out.files.set(file, renderNginxConf([{ listen, upstream: members.length === 1 ? members[0]!.name : `${c.name}-upstream`, servers: members }], header));
    out.notes.push(`${c.name} is the load balancer (${file}): ${balancingDirective(members).method} over ${members.map((m) => `${m.name} (${m.replicas} ${m.replicas === 1 ? 'replica' : 'replicas'}, port ${portOf(m)})`).join(', ')}, published on port ${publish}.`);
    if (c.replicas > 1) out.notes.push(`${c.name} runs one nginx here; the plan has ${c.replicas} (Compose cannot publish one host port from several replicas).`);
  }
  if (entries.length) {
    const name = lbServiceName(ctx.phase);
    const sites: NginxSite[] = entries.map((c, i) => ({ listen: LB_FIRST_LISTEN + i, upstream: c.name, servers: [c] }));
    const published = entries.map((c) => nextPort(c.deploy.publish));
    out.services[name] = {
      image: NGINX_IMAGE,
      ports: sites.map((s, i) => `${published[i]}:${s.listen}`),
      volumes: [`./${NGINX_FILE}:/etc/nginx/nginx.conf:ro`],
      depends_on: dependsOnHealthy(entries),
      healthcheck: httpCheck(sites[0]!.listen, LB_HEALTH_PATH),
      deploy: {
        replicas: 1,
        resources: { limits: { memory: composeMemory(LB_MEMORY_LIMIT_BYTES) }, reservations: { cpus: LB_CPUS, memory: composeMemory(LB_MEMORY_BYTES) } },
        restart_policy: { condition: 'any', delay: '5s', window: '120s' },
      },
    };
    out.files.set(NGINX_FILE, renderNginxConf(sites, header));
    out.notes.unshift(`${name} (${NGINX_FILE}) balances ${entries.map((c, i) => `${c.name} on port ${published[i]}`).join(', ')}.`);
  }
  return out;
}
