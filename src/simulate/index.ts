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
  return { model: m, settings: { ...settings, faults: resolveFaults(m, settings.faults) } };
}

/** Simulates one planned phase and summarises it. */
export function simulatePhase(profile: string, phase: PhasePlan, model: ModelOptions, settings: PhaseSettings, progress?: (fraction: number) => void): SimReport {
  const p = preparePhase(profile, phase, model, settings);
  return summarise(p.model, p.settings, runReplications(p.model, p.settings, progress));
}
