/**
 * The per-component `observe:` block of a profile: which Prometheus series belong to the
 * component. Every metric has a default for the common exporters (see `exporters.ts`); a block
 * only says what differs. No imports from the planner, so `kinds/kind.ts` can use it.
 */
import * as z from 'zod';

/** A Prometheus label name (prometheus.io/docs/concepts/data_model). */
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, { error: 'a Prometheus label name: letters, digits and _, not starting with a digit' });

/** `false` (skip); a boolean so that a mapping given in its place reports its own problems, not a union's. */
const off = () => z.boolean().refine((v) => v === false, { error: 'true is not a setting here: give the settings, or false to leave it out' });

/** A query override: a label selector `{…}` for the default metric, full PromQL, or false to skip. */
const query = (what: string, skippable = true) =>
  (skippable ? z.union([off(), z.string().trim().min(1).max(4000)]) : z.string().trim().min(1).max(4000))
    .optional()
    .describe(`${what}: a label selector in braces ({job="api"}) that replaces the default's, or full PromQL ($window stands for the rate window)${skippable ? ', or false to skip it' : ''}.`);

/** The `observe:` block: `false` to leave the component out of `capplan observe`, or overrides. */
export function observeField() {
  return z
    .union([
      off(),
      z.strictObject({
        name: z.string().min(1).max(253).optional().describe('Name of the workload in Prometheus labels: job, container, deployment or statefulset (default: the component name).'),
        labels: z.record(labelName, z.string().max(1000)).optional().describe('Label matchers added to every default query (e.g. { namespace: prod }).'),
        rate: query('Operations per second this component completes (default: the HTTP histogram count, postgres_exporter transactions or redis_exporter commands)', false),
        cpu: query('CPU cores busy, all replicas together (default: cAdvisor container_cpu_usage_seconds_total; redis_exporter CPU for caches)'),
        replicas: query('Replicas running (default: kube-state-metrics, else the number of scraped instances)'),
        latency: z
          .union([
            off(),
            z
              .string()
              .trim()
              .max(4000)
              .regex(/^([a-zA-Z_:][a-zA-Z0-9_:]*)?\s*(\{[\s\S]*\})?$/, { error: 'a histogram name with an optional selector (my_seconds{job="api"}) or a selector in braces' })
              .min(1),
          ])
          .optional()
          .describe('Response-time histogram: a metric name with an optional selector (my_seconds{job="api"}), a selector in braces for the default names, or false (default: http_server_request_duration_seconds, then http_request_duration_seconds).'),
      }),
    ])
    .optional()
    .describe('Where `capplan observe` finds this component in Prometheus (see docs/observe.md), or false to leave it out.');
}

/** The `observe:` settings as validated. */
export type ObserveSettings = false | {
  name?: string | undefined;
  labels?: Record<string, string> | undefined;
  rate?: string | undefined;
  cpu?: string | false | undefined;
  replicas?: string | false | undefined;
  latency?: string | false | undefined;
};
