/**
 * The nginx.conf of a Compose load balancer: one upstream per site, balanced as the plan models
 * its members (their `balancing`: least-request is `least_conn`, random is `random`, round-robin
 * is nginx's default), each replica taken out for `fail_timeout` after `max_fails` failed tries (the
 * upstream component's `deploy.upstream`, else 3 and 10 s). A site is what one `listen` port
 * serves: the generated load balancer has one per entry point; a component that is itself the
 * load balancer (`deploy.loadBalancer`) has one over the components it calls.
 */
import type { ComponentPlan } from '../plan/types.js';
import { portOf } from './context.js';
import { durationText } from './units.js';
import { commentLines } from './yaml-out.js';

/** First host port the generated load balancer publishes; further entry points get the next ports. */
export const LB_FIRST_PORT = 8080;
/** First port the generated load balancer listens on inside its container. */
export const LB_FIRST_LISTEN = 80;
/** Failed attempts within the fail timeout that take a replica out (nginx's default is 1). */
export const MAX_FAILS = 3;
/** How long a failing replica stays out (seconds; nginx's default is 10 s). */
export const FAIL_TIMEOUT_S = 10;
/** Path nginx answers itself, for its own health check. */
export const LB_HEALTH_PATH = '/nginx-health';

/** The host port the generated load balancer publishes entry point `index` on (deploy.publish wins). */
export function lbPort(index: number): number {
  return LB_FIRST_PORT + index;
}

/** One `listen` port and the upstream it proxies to. */
export interface NginxSite {
  listen: number;
  /** Upstream name (the entry point, or the load balancer's callee). */
  upstream: string;
  /** The upstream's servers: Compose services whose replicas Docker's DNS returns under their name. */
  servers: readonly ComponentPlan[];
}

/**
 * The `server` line of one upstream member, with its fail parameters. nginx reads fail_timeout
 * in whole seconds (ngx_parse_time with is_sec: `1500ms` is a configuration error), so the
 * timeout is written to the nearest second, at least 1 s.
 */
export function upstreamServer(c: ComponentPlan): string {
  const fails = c.deploy.maxFails ?? MAX_FAILS;
  const timeoutS = Math.max(1, Math.round(c.deploy.failTimeoutS ?? FAIL_TIMEOUT_S));
  return `server ${c.name}:${portOf(c)} max_fails=${fails} fail_timeout=${durationText(timeoutS)};`;
}

/**
 * The upstream's balancing directive: the method the plan sized its members with, so that the
 * latency nginx gives is the one planned (`random` and `least_conn` are ngx_http_upstream_module
 * directives; `random` since nginx 1.15.1, the image is 1.27). Members that differ (a load balancer over several
 * components) get least_conn, the method that never does worse than either.
 */
export function balancingDirective(servers: readonly ComponentPlan[]): { line: string | null; method: string } {
  const methods = new Set(servers.map((c) => c.detail.balancing));
  const only = methods.size === 1 ? [...methods][0] : undefined;
  if (only === 'round-robin') return { line: null, method: 'round-robin (nginx’s default)' };
  if (only === 'random') return { line: 'random;', method: 'random' };
  return { line: 'least_conn;', method: 'least_conn' };
}

/** nginx.conf for the given sites (in order), with the generated-by header. */
export function renderNginxConf(sites: readonly NginxSite[], header: string): string {
  const lines: string[] = ['worker_processes auto;', '', 'events {', '  worker_connections 1024;', '}', '', 'http {'];
  for (const site of sites) {
    const { line } = balancingDirective(site.servers);
    lines.push(`  upstream ${site.upstream} {`, ...(line ? [`    ${line}`] : []), ...site.servers.map((c) => `    ${upstreamServer(c)}`), '    keepalive 32;', '  }', '');
  }
  sites.forEach((site, i) => {
    lines.push(
      '  server {',
      `    listen ${site.listen};`,
      '',
      `    location = ${LB_HEALTH_PATH} {`,
      '      access_log off;',
      '      return 200 "ok\\n";',
      '    }',
      '',
      '    location / {',
      `      proxy_pass http://${site.upstream};`,
      '      proxy_http_version 1.1;',
      '      proxy_set_header Connection "";',
      '      proxy_set_header Host $host;',
      '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      '      proxy_next_upstream error timeout http_502 http_503 http_504;',
      '    }',
      '  }',
      ...(i < sites.length - 1 ? [''] : []),
    );
  });
  lines.push('}');
  const members = [...new Set(sites.flatMap((s) => s.servers.map((c) => c.name)))];
  const notes = [
    header,
    `Upstreams: ${members.join(', ')}. Docker's DNS returns every replica of a service, so`,
    'nginx balances over all of them; it resolves the names when it starts, so restart it after scaling.',
  ];
  return commentLines(notes) + lines.join('\n') + '\n';
}
