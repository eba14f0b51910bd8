/**
 * The nginx.conf of the Compose load balancer: one upstream per entry-point service, balanced by
 * least connections, each replica taken out for `fail_timeout` after `max_fails` failed tries.
 */
import type { ComponentPlan } from '../plan/types.js';
import { portOf } from './context.js';
import { commentLines } from './yaml-out.js';

/** First port the load balancer listens on; further entry points get the next ports. */
export const LB_FIRST_PORT = 8080;
/** Failed attempts within FAIL_TIMEOUT_S that take a replica out. */
export const MAX_FAILS = 3;
/** How long a failing replica stays out (seconds). */
export const FAIL_TIMEOUT_S = 10;
/** Path nginx answers itself, for its own health check. */
export const LB_HEALTH_PATH = '/nginx-health';

/** The port the load balancer serves entry point `index` on. */
export function lbPort(index: number): number {
  return LB_FIRST_PORT + index;
}

/** nginx.conf for the given entry points (in order), with the generated-by header. */
export function renderNginxConf(entries: readonly ComponentPlan[], header: string): string {
  const lines: string[] = [
    'worker_processes auto;',
    '',
    'events {',
    '  worker_connections 1024;',
    '}',
    '',
    'http {',
  ];
  for (const c of entries) {
    lines.push(
      `  upstream ${c.name} {`,
      '    least_conn;',
      `    server ${c.name}:${portOf(c)} max_fails=${MAX_FAILS} fail_timeout=${FAIL_TIMEOUT_S}s;`,
      '    keepalive 32;',
      '  }',
      '',
    );
  }
  entries.forEach((c, i) => {
    lines.push(
      '  server {',
      `    listen ${lbPort(i)};`,
      '',
      `    location = ${LB_HEALTH_PATH} {`,
      '      access_log off;',
      '      return 200 "ok\\n";',
      '    }',
      '',
      '    location / {',
      `      proxy_pass http://${c.name};`,
      '      proxy_http_version 1.1;',
      '      proxy_set_header Connection "";',
      '      proxy_set_header Host $host;',
      '      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      '      proxy_next_upstream error timeout http_502 http_503 http_504;',
      '    }',
      '  }',
      ...(i < entries.length - 1 ? [''] : []),
    );
  });
  lines.push('}');
  const notes = [
    header,
    `Upstreams: ${entries.map((c) => c.name).join(', ')}. Docker's DNS returns every replica of a service, so`,
    'nginx balances over all of them; it resolves the names when it starts, so restart it after scaling.',
  ];
  return commentLines(notes) + lines.join('\n') + '\n';
}
