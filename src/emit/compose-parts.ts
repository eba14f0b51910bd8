/** Pieces every Compose service capplan writes shares: health checks, resources, restart policy. */
import type { ComponentPlan } from '../plan/types.js';
import { DEFAULT_LIVENESS_PATH, cpuCoresOf, memoryBytesOf, portOf, readinessPeriodS } from './context.js';
import { composeCpus, composeMemory, durationText } from './units.js';

/**
 * The restart policy of a component's containers: its `deploy.restart` condition (default any),
 * restarted after 5 s, with a window of 2 min deciding whether a restart took.
 */
export function restartPolicy(c: ComponentPlan): Record<string, string> {
  return c.deploy.restart === 'none' ? { condition: 'none' } : { condition: c.deploy.restart, delay: '5s', window: '120s' };
}

/** Characters a POSIX sh word may hold unquoted: Python's shlex.quote set (ASCII letters, digits, `_@%+=:,./-`). */
const SHELL_SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** A string as one POSIX sh word: as it is when every character is safe, else in single quotes, a `'` inside written `'\''`. */
export function shellWord(text: string): string {
  return SHELL_SAFE.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** A string as a Compose file must hold it to reach the container unchanged: Compose interpolates `$VAR`, and `$$` is a literal `$`. */
export function composeLiteral(text: string): string {
  return text.replaceAll('$', '$$$$');
}

/**
 * A health check that fetches an HTTP path with wget or curl, whichever the image has. The
 * command runs in `sh -c`, so the URL is one quoted word (a `&` or `;` in a query would otherwise
 * end the command, and the check pass while the service is down), and every `$` is doubled for
 * Compose's interpolation. The profile admits only URL characters in a path (kinds/deploy.ts):
 * no space, `#` or curl glob reaches here.
 */
export function httpCheck(port: number, path: string, timing: { intervalS?: number | null; startS?: number | null } = {}): Record<string, unknown> {
  const url = shellWord(`http://127.0.0.1:${port}${path}`);
  return {
    test: ['CMD-SHELL', composeLiteral(`wget -q -O /dev/null ${url} || curl -fsS -o /dev/null ${url} || exit 1`)],
    interval: durationText(timing.intervalS ?? 10),
    timeout: '2s',
    retries: 3,
    start_period: durationText(timing.startS ?? 10),
  };
}

/**
 * The health check of a serving component: its readiness path (else liveness, else /healthz),
 * every readiness period of the Kubernetes output (readinessPeriodS: the written one, else 5 s),
 * with the liveness delay as its start period (default 10 s: failures in it do not count).
 */
export function serviceCheck(c: ComponentPlan): Record<string, unknown> {
  const probe = c.deploy.readiness ?? c.deploy.liveness;
  return httpCheck(portOf(c), probe?.path ?? DEFAULT_LIVENESS_PATH, { intervalS: readinessPeriodS(c), startS: c.deploy.liveness?.initialDelayS ?? null });
}

/** Reservations and limits of one container. */
export function containerResources(c: ComponentPlan): Record<string, unknown> {
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
