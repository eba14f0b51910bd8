/**
 * The `deploy` key of a component: how the manifests run it (image, port, probes, limits, the
 * autoscaler, the disruption budget, the network policy's egress, the Compose restart policy, the GPU
 * memory label, and the nginx load balancer in front of it or that it is). None of it changes the sizing; the plan
 * carries it to the emitters (plan/deploy-settings.ts) and checks it against the sizing where a
 * written figure can disagree with it (a custom-metric target a replica cannot reach).
 */
import * as z from 'zod';
import { optionalOnDemand, type Fields } from '../profile/fields.js';

/** Restart conditions of a Compose service (Compose Specification, deploy.restart_policy.condition). */
export const RESTART_CONDITIONS = ['any', 'on-failure', 'none'] as const;

/** Egress policies a NetworkPolicy may carry. */
export const EGRESS_POLICIES = ['open', 'calls'] as const;

/** A Kubernetes label key: an optional DNS-subdomain prefix and "/", then a name of at most 63 characters. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;

/**
 * An HTTP probe path: `/`, then a path and an optional query in URL syntax (RFC 3986 §3.3 and
 * §3.4: letters, digits, `-._~!$&'()*+,;=:@/?`, and `%` only to begin a %XX escape). Anything
 * else is refused at the key rather than written: a space or a control character breaks the
 * request line of the kubelet's httpGet and of the Compose check alike, a `#` starts a fragment
 * that no client sends, `{}[]` are curl's URL globs, and a non-ASCII character must be sent
 * percent-encoded. The characters left that a shell reads (`&;'$()*?!`) are the Compose
 * emitter's to quote (compose-parts.ts), not the profile's to avoid.
 */
const HTTP_PATH = /^\/(?:[-A-Za-z0-9._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/;
const URL_CHAR = /^[-A-Za-z0-9._~!$&'()*+,;=:@/?]$/;

/** What is wrong with a string that is not an HTTP_PATH, for its diagnostic. */
function httpPathProblem(text: string): string {
  if (!text.startsWith('/')) return 'an HTTP path starting with /';
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    if (URL_CHAR.test(ch)) continue;
    if (ch === '%') {
      if (/^[0-9A-Fa-f]{2}$/.test(chars.slice(i + 1, i + 3).join(''))) continue;
      return 'an HTTP path cannot hold a "%" that does not begin an escape such as %20: write %25 for a literal %';
    }
    if (ch === ' ') return 'an HTTP path cannot hold a space: write it as %20';
    if (ch === '#') return 'an HTTP path cannot hold "#": it starts a fragment, which is never sent to the server (write %23 for a literal #)';
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0x7f) return `an HTTP path cannot hold a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
    return `an HTTP path cannot hold ${JSON.stringify(ch)}${percentEncoded(ch)}`;
  }
  return 'an HTTP path starting with /';
}

/** The advice to percent-encode a character, or nothing for a lone surrogate (it has no UTF-8 form). */
function percentEncoded(ch: string): string {
  try {
    return `: write it percent-encoded, as ${encodeURIComponent(ch)}`;
  } catch {
    return '';
  }
}

const httpPath = z.string().regex(HTTP_PATH, { error: (issue) => httpPathProblem(String(issue.input)) });

/*
 * The longest probe delay or period, and the longest nginx fail_timeout: one day. Kubernetes
 * takes any int32 of seconds (about 68 years) and Compose and nginx more, but a probe that waits
 * or pauses for longer than a day checks nothing, and a replica kept out of its upstream that
 * long is removed, not resting: such a value is a slip of the unit (100000d), refused at its key.
 */
const MAX_PROBE_S = 86_400;

/** A probe: an HTTP path, or the path with its timing (Kubernetes probe fields). */
function probeField(f: Fields, what: string, fallback: string) {
  return z
    .union([
      httpPath,
      z.strictObject({
        path: httpPath.describe(`HTTP path of the ${what} probe.`),
        initialDelay: f.duration({ min: 0, max: MAX_PROBE_S }).optional().register(z.globalRegistry, { description: 'Time after the container starts before the first probe (duration with a unit: 30s; at most 24 h; Kubernetes initialDelaySeconds, to the nearest second, default 0).' }),
        period: f.duration({ positive: true, max: MAX_PROBE_S }).optional().register(z.globalRegistry, { description: `Time between probes (duration with a unit: 10s; at most 24 h; Kubernetes periodSeconds, to the nearest second and at least 1, default ${what === 'liveness' ? '10s' : '5s'}).` }),
      }),
    ])
    .optional()
    .register(z.globalRegistry, { description: `HTTP ${what} probe: a path (${fallback}; a URL path and query, no spaces or #), or { path, initialDelay, period }.` });
}

/**
 * How a component is deployed, for the Kubernetes and Compose manifests. Built the first time a
 * component has a `deploy:` key (most profiles have none; building it was ~2 ms of every start).
 */
export function deployField(f: Fields) {
  return optionalOnDemand(() => deploySchema(f)).register(z.globalRegistry, {
    description: 'Deployment settings for manifests: image, port, probes, limits, autoscaling, disruption budget, egress, restart policy, load balancer.',
  });
}

function deploySchema(f: Fields) {
  return z
    .strictObject({
      image: z.string().regex(/^\S+$/, { error: 'an image name without spaces, e.g. ghcr.io/acme/api:1.4' }).optional().register(z.globalRegistry, { description: 'Container image (default: <name>:latest; postgres:17 for databases, redis:7.4 for caches, nginx:1.27 for a load balancer).' }),
      port: f.count({ min: 1, max: 65535 }).optional().register(z.globalRegistry, { description: 'Port the container serves on (default 8080; 5432 database, 6379 cache, 80 load balancer).' }),
      liveness: probeField(f, 'liveness', 'default /healthz'),
      readiness: probeField(f, 'readiness', 'default: the liveness path'),
      limits: z
        .strictObject({
          cpu: f.cpu({ positive: true }).optional().register(z.globalRegistry, { description: 'CPU limit per replica (cores; default: none, so the pod may burst).' }),
          memory: f.bytes({ positive: true }).optional().register(z.globalRegistry, { description: 'Memory limit per replica (size with a unit: 512Mi; default: the memory request).' }),
        })
        .optional()
        .register(z.globalRegistry, { description: 'Container limits (requests come from resources).' }),
      // Kubernetes refuses a stabilizationWindowSeconds above 3600 (HPAScalingRules).
      scaleUpWindow: f.duration({ min: 0, max: 3600 }).optional().register(z.globalRegistry, { description: 'HPA scale-up stabilisation window (duration with a unit, at most 1 h, as Kubernetes allows; default 60s): a scale-up cooldown.' }),
      scaleDownWindow: f.duration({ min: 0, max: 3600 }).optional().register(z.globalRegistry, { description: 'HPA scale-down stabilisation window (duration with a unit, at most 1 h, as Kubernetes allows; default 300s): a scale-down cooldown.' }),
      rpsMetric: z
        .union([
          z.string().min(1, { error: 'a metric name, e.g. http_requests_per_second (not empty)' }),
          z.strictObject({
            name: z.string().min(1, { error: 'a metric name, e.g. http_requests_per_second (not empty)' }).register(z.globalRegistry, { description: 'Metric name (e.g. http_requests_per_second).' }),
            target: f.rate({ positive: true, bare: true }).register(z.globalRegistry, { description: 'Per-pod average the HPA holds it to, as written (rate; a bare number is per second: 100 or 100/s); the plan says when one replica cannot reach it.' }),
          }),
        ])
        .optional()
        .register(z.globalRegistry, { description: 'A per-pod requests/s metric for the HPA: its name (target: the rate the plan sized each replica for), or { name, target }.' }),
      minAvailable: z
        .union([f.count({ min: 1 }), z.string().regex(/^(100|[1-9]?[0-9])%$/, { error: 'a count (2) or a percentage (50%)' })])
        .optional()
        .register(z.globalRegistry, { description: 'PodDisruptionBudget minAvailable as written: a count (2) or a percentage (50%) (default: what the peak needs without the zone-loss spare).' }),
      egress: z
        .enum(EGRESS_POLICIES)
        .optional()
        .register(z.globalRegistry, { description: 'NetworkPolicy egress: open (not restricted, the default) or calls (DNS, the components it calls on their ports, and HTTPS out for adapters and managed callees; nothing else).' }),
      restart: z.enum(RESTART_CONDITIONS).optional().register(z.globalRegistry, { description: 'Compose restart_policy condition: any (default), on-failure or none.' }),
      publish: f.count({ min: 1, max: 65535 }).optional().register(z.globalRegistry, { description: 'Host port the Compose load balancer publishes this entry point on (default 8080, 8081, … in profile order).' }),
      upstream: z
        .strictObject({
          maxFails: f.count({ min: 0 }).optional().register(z.globalRegistry, { description: 'Failed attempts within failTimeout that take a replica out (nginx max_fails; default 3).' }),
          failTimeout: f.duration({ positive: true, max: MAX_PROBE_S }).optional().register(z.globalRegistry, { description: 'How long a failing replica stays out (duration with a unit: 30s; at most 24 h; nginx fail_timeout, in whole seconds as nginx requires: to the nearest, at least 1; default 10s).' }),
        })
        .optional()
        .register(z.globalRegistry, { description: 'How the nginx load balancer in front of this component treats its replicas.' }),
      gpuMemoryLabel: z
        .union([z.literal(false), z.string().regex(LABEL_KEY, { error: 'a node label key (nvidia.com/gpu.memory), or false' })])
        .optional()
        .register(z.globalRegistry, { description: 'Node label that holds the memory of a node\'s GPUs in MiB, which the Kubernetes pods of an agent sized by GPU memory require to be at least what each GPU holds (default nvidia.com/gpu.memory, set by NVIDIA GPU Feature Discovery); false: no such requirement.' }),
      loadBalancer: z
        .boolean()
        .optional()
        .register(z.globalRegistry, { description: 'This component is the nginx load balancer in front of the components it calls: Compose runs it with the generated nginx.conf; Kubernetes leaves balancing to Services and the ingress (true/false).' }),
    });
}
