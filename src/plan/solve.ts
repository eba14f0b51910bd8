/**
 * solve: a validated profile → the plan. Each phase's components are sized by their kinds, then
 * `analyseSystem` finds the bottleneck, headroom and end-to-end latency.
 */
import type { SizingContext, UslParams } from '../kinds/kind.js';
import { kindNamed } from '../kinds/registry.js';
import type { Profile, ResolvedPhase } from '../profile/load.js';
import { analyseSystem, requestPath } from './analyse.js';
import type { ComponentPlan, PhasePlan, Plan } from './types.js';

/** The percentile all latency targets refer to. */
export const PERCENTILE = 0.95;

/** Inputs the command layer resolves from files before planning. */
export interface SolveOptions {
  /** USL coefficients fitted for components whose capacity names a fit file, by component name. */
  fits?: Readonly<Record<string, UslParams>>;
}

/** Plans every phase of a profile. */
export function solve(profile: Profile, opts: SolveOptions = {}): Plan {
  const notes = new Set<string>();
  const phases = profile.phases.map((phase) => solvePhase(phase, opts, notes));
  return { apiVersion: 'capplan/v1', profile: profile.name, phases, notes: [...notes] };
}

function solvePhase(phase: ResolvedPhase, opts: SolveOptions, notes: Set<string>): PhasePlan {
  const components: ComponentPlan[] = phase.components.map((c) => {
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
    return kind.size(c.settings as never, ctx);
  });
  const path = requestPath(phase);
  for (const n of path.notes) notes.add(n);
  const { system, violations } = analyseSystem(phase, components, path.order, PERCENTILE);
  return {
    name: phase.name,
    scale: phase.scale,
    peakRps: phase.workload.peakRps,
    meanRps: phase.workload.meanRps,
    workload: phase.workload,
    components,
    system,
    bill: null,
    violations,
  };
}
