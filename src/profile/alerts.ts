/**
 * The `alerts:` section of a profile: alert thresholds a source document states ("Tiempo de
 * respuesta > 2 segundos durante 5 minutos"), written as data so that `emit k8s --alerts` carries
 * them into the PrometheusRule beside the alerts capplan derives, and the plan says when one of
 * them would fire at the planned peak.
 */
import * as z from 'zod';
import type { Fields } from './fields.js';
import { componentName, optionalOnDemand } from './fields.js';
import type { AlertRule } from '../plan/types.js';
import { didYouMean, formatPath, type Diagnostic, type PathSegment } from './diagnostic.js';
import type { SourceDocument } from './source.js';

export type { AlertRule };

/** What an alert watches. */
export const ALERT_METRICS = ['latency', 'cpu', 'memory', 'errors', 'cacheHitRatio'] as const;
/** Alert severities (the Prometheus Operator convention). */
export const ALERT_SEVERITIES = ['critical', 'warning'] as const;


/** The zod schema of one alert (units read by the profile's field builders). */
function alertSchema(f: Fields) {
  const common = {
    name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'an alert name: letters, digits and _' }).optional().register(z.globalRegistry, { description: 'Alert name in the PrometheusRule (default: Stated, the metric and the severity, e.g. StatedCpuCritical).' }),
    for: f.duration({ min: 0 }).register(z.globalRegistry, { description: 'How long the condition must hold before the alert fires (duration with a unit: 5min).' }),
    severity: z.enum(ALERT_SEVERITIES).default('warning').register(z.globalRegistry, { description: 'critical or warning (default warning).' }),
    components: z.array(componentName).min(1).optional().register(z.globalRegistry, { description: 'Components it watches, each a component of some phase (default: the entry points for latency and errors, every workload for cpu and memory, the caches for cacheHitRatio).' }),
  };
  return z.discriminatedUnion('metric', [
    z.strictObject({
      metric: z.literal('latency'),
      statistic: z.enum(['mean', 'p95']).default('p95').register(z.globalRegistry, { description: 'mean or p95 response time (default p95).' }),
      above: f.duration({ positive: true }).register(z.globalRegistry, { description: 'Response time above which it fires (duration with a unit: 2s).' }),
      ...common,
    }),
    z.strictObject({ metric: z.literal('cpu'), above: f.fraction({ positive: true }).register(z.globalRegistry, { description: 'CPU use ÷ request above which it fires (fraction: 90%).' }), ...common }),
    z.strictObject({ metric: z.literal('memory'), above: f.fraction({ positive: true }).register(z.globalRegistry, { description: 'Memory use ÷ limit above which it fires (fraction: 90%).' }), ...common }),
    z.strictObject({ metric: z.literal('errors'), above: f.fraction({ positive: true }).register(z.globalRegistry, { description: 'Share of requests answered 5xx above which it fires (fraction: 5%).' }), ...common }),
    z.strictObject({ metric: z.literal('cacheHitRatio'), below: f.fraction({ positive: true }).register(z.globalRegistry, { description: 'Cache hit ratio below which it fires (fraction: 50%).' }), ...common }),
  ]);
}

/** The `alerts:` list. */
export function alertsSchema(f: Fields) {
  return optionalOnDemand(() => z.array(alertSchema(f)).max(64)).register(z.globalRegistry, { description: 'Alert thresholds the system states (emitted by `emit k8s --alerts`; the plan says when one would fire at the planned peak).' });
}

/** The alerts of a validated profile in the plan's form. */
export function alertRules(input: unknown): AlertRule[] {
  const list = (input ?? []) as ({ metric: AlertRule['metric']; name?: string; statistic?: 'mean' | 'p95'; above?: number; below?: number; for: number; severity: AlertRule['severity']; components?: string[] })[];
  return list.map((a) => ({
    name: a.name ?? null,
    metric: a.metric,
    statistic: a.statistic ?? 'p95',
    direction: a.below !== undefined ? 'below' : 'above',
    threshold: a.below ?? a.above ?? 0,
    forS: a.for,
    severity: a.severity,
    components: a.components ? [...a.components] : null,
  }));
}

/** What checkAlerts reads of the resolved phases: each component's name and kind. */
export interface AlertsPhase {
  components: readonly { name: string; settings: unknown }[];
}

/**
 * An alert's `components` must name components of some phase (a misspelt name would watch
 * nothing, silently); a cacheHitRatio alert on a component that is not a cache reads a metric
 * only Redis exports, so it is a warning.
 */
export function checkAlerts(input: unknown, phases: readonly AlertsPhase[], doc: SourceDocument): Diagnostic[] {
  if (!Array.isArray(input)) return [];
  const kinds = new Map<string, unknown>();
  for (const p of phases) for (const c of p.components) if (!kinds.has(c.name)) kinds.set(c.name, (c.settings as { kind?: unknown } | null)?.kind);
  const out: Diagnostic[] = [];
  input.forEach((a: { metric?: unknown; components?: unknown }, i) => {
    if (!Array.isArray(a?.components)) return;
    a.components.forEach((name: unknown, j) => {
      if (typeof name !== 'string') return;
      const segments: PathSegment[] = ['alerts', i, 'components', j];
      const pos = doc.position(segments);
      const at = { file: doc.file, line: pos.line, col: pos.col, path: formatPath(segments) };
      if (!kinds.has(name)) {
        const suggestion = didYouMean(name, kinds.keys());
        out.push({ ...at, message: `"${name}" is not a component of any phase`, severity: 'error', hint: suggestion ? `did you mean "${suggestion}"?` : `components: ${listed([...kinds.keys()].sort())}` });
      } else if (a.metric === 'cacheHitRatio' && kinds.get(name) !== 'cache') {
        out.push({ ...at, message: `"${name}" is a ${String(kinds.get(name))}, not a cache: a cacheHitRatio alert on it reads Redis hit counters it does not export`, severity: 'warning' });
      }
    });
  });
  return out;
}

/** Names for a hint: the first ten, then how many more. */
function listed(names: readonly string[]): string {
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`;
}
