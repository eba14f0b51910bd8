/**
 * The pure core of `capplan simulate`: a planned phase → SimModel → replications → SimReport →
 * table, Markdown or JSON. The command layer reads files, picks phases and prints; nothing here
 * does I/O.
 */
import type { PhasePlan } from '../plan/types.js';
import { buildSimModel, type ModelOptions } from './from-plan.js';
import type { SimModel } from './model.js';
import { resolveFaults, type FaultSpec } from './options.js';
import { summarise, type SimReport } from './report.js';
import { runReplications, type SimSettings } from './runner.js';

export { buildSimModel, PLAN_AS_IS, type ModelOptions, type ServiceShape } from './from-plan.js';
export { parseArrivals, parseBalancing, parseDurationS, parseFail, parseRamp, parseService, resolveFaults, SpecError, type FaultSpec } from './options.js';
export { strictFailures } from './figures.js';
export { shortRamp } from './transient-length.js';
export { renderSimulationJson } from './render-json.js';
export { renderSimulationMarkdown, renderSimulationText } from './render-text.js';
export { summarise, type SimReport } from './report.js';
export { DEFAULTS, runReplication, runReplications, type SimSettings } from './runner.js';
export { readSamples } from './samples.js';

/** Settings before faults are resolved against a model. */
export type PhaseSettings = Omit<SimSettings, 'faults'> & { faults: readonly FaultSpec[] };

/** The model and settings of one phase, ready to run. */
export function preparePhase(profile: string, phase: PhasePlan, model: ModelOptions, settings: PhaseSettings): { model: SimModel; settings: SimSettings } {
  const m = buildSimModel(profile, phase, model);
  const other = otherArrivals(phase, settings.arrivals);
  if (other !== null) {
    for (const st of m.stations) st.inexact = st.inexact === null ? other : `${st.inexact}; ${other}`;
    m.analyticPath = { ...m.analyticPath, inexact: m.analyticPath.inexact === null ? other : `${m.analyticPath.inexact}; ${other}` };
  }
  return { model: m, settings: { ...settings, faults: resolveFaults(m, settings.faults) } };
}

/**
 * Why no station's figures hold when the simulation's arrivals are not the plan's: the plan
 * assumed the phase's workload.arrivalCv (1: Poisson) and the run draws a renewal process of
 * another cv, or Poisson, or bursts, for a plan made for a cv other than 1. null when they agree
 * (and for MMPP or trace arrivals against a Poisson plan, which the report has always compared
 * as the sensitivity they are).
 */
function otherArrivals(phase: PhasePlan, arrivals: PhaseSettings['arrivals']): string | null {
  const planned = phase.workload.arrivalCv ?? 1;
  const drawn = arrivals.kind === 'poisson' ? 1 : arrivals.kind === 'renewal' ? arrivals.cv : null;
  if (drawn === planned) return null;
  if (planned === 1 && arrivals.kind !== 'renewal') return null;
  const what = drawn === null ? (arrivals.kind === 'mmpp' ? 'bursts (MMPP)' : 'a measured trace') : drawn === 1 ? 'Poisson' : `a renewal process of cv ${drawn}`;
  return `the simulated arrivals are ${what}, the plan's ${planned === 1 ? 'Poisson' : `a renewal stream of cv ${planned} (arrivalCv)`}`;
}

/** Simulates one planned phase and summarises it. */
export function simulatePhase(profile: string, phase: PhasePlan, model: ModelOptions, settings: PhaseSettings, progress?: (fraction: number) => void): SimReport {
  const p = preparePhase(profile, phase, model, settings);
  return summarise(p.model, p.settings, runReplications(p.model, p.settings, progress));
}
