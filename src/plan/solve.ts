/**
 * solve: a validated profile → the plan. Each phase's components are sized by their kinds, then
 * `analyseSystem` finds the bottleneck, headroom and end-to-end latency.
 */
import type { SizingContext, UslParams } from '../kinds/kind.js';
import { kindNamed } from '../kinds/registry.js';
import type { Profile, ResolvedPhase } from '../profile/load.js';
import { analyseSystem, requestPath } from './analyse.js';
import type { ComponentSettingsPlan, DeploySettings, PhasePlan, Plan, SizedComponent } from './types.js';

/** The percentile all latency targets refer to. */
export const PERCENTILE = 0.95;

/** Inputs the command layer resolves from files before planning. */
export interface SolveOptions {
  /** USL coefficients fitted for components whose capacity names a fit file, by component name. */
  fits?: Readonly<Record<string, UslParams>>;
  /** false: skip sizing each component again at the mean rate (offPeakReplicas then repeat the peak's), for callers that read only the peak (capplan's Monte Carlo, runway). */
  offPeak?: boolean;
}

/** Plans every phase of a profile. */
export function solve(profile: Profile, opts: SolveOptions = {}): Plan {
  const notes = new Set<string>();
  // The base phase starts the clock; a growth phase says when it comes with `after`.
  const phases = profile.phases.map((phase, i) => solvePhase(phase, opts, notes, i === 0 ? 0 : (profile.input.phases?.[i - 1]?.after ?? null)));
  return { apiVersion: 'capplan/v1', profile: profile.name, phases, notes: [...notes] };
}

function solvePhase(phase: ResolvedPhase, opts: SolveOptions, notes: Set<string>, afterS: number | null): PhasePlan {
  const sized = phase.components.map((c): SizedComponent & ComponentSettingsPlan => {
    const kind = kindNamed(c.settings.kind);
    if (!kind) throw new Error(`internal: unknown kind ${c.settings.kind} passed validation`);
    const ctx: SizingContext = {
      name: c.name,
      path: c.path,
      workload: phase.workload,
      targets: phase.targets,
      percentile: PERCENTILE,
      fittedUsl: opts.fits?.[c.name] ?? null,
    };
    const atPeak = kind.size(c.settings as never, ctx);
    // The same component at the mean rate: the floor an autoscaler may shrink to off-peak.
    const w = phase.workload;
    const offPeak = opts.offPeak === false ? atPeak : kind.size(c.settings as never, {
      ...ctx,
      workload: { ...w, peakRps: w.meanRps, sessionRate: w.requestsPerSession !== null ? w.meanRps / w.requestsPerSession : null },
    });
    const bounds = (c.settings as { replicas?: { min?: number; max?: number } }).replicas;
    return {
      ...atPeak,
      calls: [...((c.settings as { calls?: string[] }).calls ?? [])],
      offPeakReplicas: offPeak.replicas,
      configuredReplicas: { min: bounds?.min ?? null, max: bounds?.max ?? null },
      deploy: deploySettings(c.settings),
    };
  });
  const path = requestPath(phase);
  for (const n of path.notes) notes.add(n);
  const { system, violations, components } = analyseSystem(phase, sized, path.order, PERCENTILE);
  return {
    name: phase.name,
    scale: phase.scale,
    afterS,
    targets: phase.targets,
    peakRps: phase.workload.peakRps,
    meanRps: phase.workload.meanRps,
    workload: phase.workload,
    components,
    system,
    bill: null,
    violations,
  };
}

/** The deploy settings of a component with absent values as null. */
function deploySettings(settings: Record<string, unknown>): DeploySettings {
  const d = (settings.deploy ?? {}) as {
    image?: string; port?: number; liveness?: string; readiness?: string; limits?: { cpu?: number; memory?: number };
    scaleUpWindow?: number; scaleDownWindow?: number; rpsMetric?: string;
  };
  return {
    image: d.image ?? null,
    port: d.port ?? null,
    liveness: d.liveness ?? null,
    readiness: d.readiness ?? null,
    cpuLimit: d.limits?.cpu ?? null,
    memoryLimit: d.limits?.memory ?? null,
    scaleUpWindowS: d.scaleUpWindow ?? null,
    scaleDownWindowS: d.scaleDownWindow ?? null,
    rpsMetric: d.rpsMetric ?? null,
  };
}
