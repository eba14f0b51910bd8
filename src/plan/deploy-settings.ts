/** The `deploy` settings of a component as the plan carries them: absent values as null, SI units. */
import type { DeploySettings, ProbeSettings } from './types.js';

type ProbeInput = string | { path: string; initialDelay?: number; period?: number } | undefined;

interface DeployInput {
  image?: string;
  port?: number;
  liveness?: ProbeInput;
  readiness?: ProbeInput;
  limits?: { cpu?: number; memory?: number };
  scaleUpWindow?: number;
  scaleDownWindow?: number;
  rpsMetric?: string | { name: string; target: number };
  minAvailable?: number | string;
  egress?: 'open' | 'calls';
  restart?: 'any' | 'on-failure' | 'none';
  publish?: number;
  upstream?: { maxFails?: number; failTimeout?: number };
  gpuMemoryLabel?: string | false;
  loadBalancer?: boolean;
}

function probe(p: ProbeInput): ProbeSettings | null {
  if (p === undefined) return null;
  if (typeof p === 'string') return { path: p, initialDelayS: null, periodS: null };
  return { path: p.path, initialDelayS: p.initialDelay ?? null, periodS: p.period ?? null };
}

/** The deploy settings of a component's validated settings. */
export function deploySettings(settings: Record<string, unknown>): DeploySettings {
  const d = (settings.deploy ?? {}) as DeployInput;
  const metric = d.rpsMetric;
  return {
    image: d.image ?? null,
    port: d.port ?? null,
    liveness: probe(d.liveness),
    readiness: probe(d.readiness),
    cpuLimit: d.limits?.cpu ?? null,
    memoryLimit: d.limits?.memory ?? null,
    scaleUpWindowS: d.scaleUpWindow ?? null,
    scaleDownWindowS: d.scaleDownWindow ?? null,
    rpsMetric: metric === undefined ? null : typeof metric === 'string' ? metric : metric.name,
    rpsTarget: metric !== undefined && typeof metric === 'object' ? metric.target : null,
    minAvailable: d.minAvailable ?? null,
    egress: d.egress ?? 'open',
    restart: d.restart ?? 'any',
    publish: d.publish ?? null,
    maxFails: d.upstream?.maxFails ?? null,
    failTimeoutS: d.upstream?.failTimeout ?? null,
    gpuMemoryLabel: d.gpuMemoryLabel ?? null,
    loadBalancer: d.loadBalancer ?? false,
  };
}
