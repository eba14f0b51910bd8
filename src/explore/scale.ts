/**
 * A phase at another load: its workload scaled by a factor, and the phase re-planned there.
 * Every workload form is linear in its rate-defining quantity (sessions/day, rps, concurrent
 * users: see derive.ts), so scaling the derived workload equals deriving the scaled settings.
 */
import { solve, type SolveOptions } from '../plan/solve.js';
import { SettingsNumbering } from '../plan/share-sizing.js';
import type { PhasePlan, PhaseWorkload } from '../plan/types.js';
import type { Profile, ResolvedPhase } from '../profile/load.js';
import { formatNumber } from '../units/format.js';

/** The workload with every rate (and the sessions and users behind it) multiplied by `factor`. */
export function scaleWorkload(w: PhaseWorkload, factor: number): PhaseWorkload {
  const times = (v: number | null) => (v === null ? null : v * factor);
  return {
    ...w,
    peakRps: w.peakRps * factor,
    meanRps: w.meanRps * factor,
    sessionsPerDay: times(w.sessionsPerDay),
    sessionRate: times(w.sessionRate),
    concurrentUsers: times(w.concurrentUsers),
    derivation: factor === 1 ? w.derivation : `${w.derivation}; × ${formatNumber(factor, 4)} = ${formatNumber(w.peakRps * factor)} req/s`,
  };
}

/** A resolved phase with its load multiplied by `factor` (components and targets unchanged). */
export function phaseAtScale(phase: ResolvedPhase, factor: number, name = phase.name): ResolvedPhase {
  return { ...phase, name, scale: phase.scale * factor, workload: scaleWorkload(phase.workload, factor) };
}

/** Plans one resolved phase (the planner's full sizing, without pricing) as the phase that comes `afterS` seconds after the base phase (its age, for the data it holds). */
export function planPhase(profile: Profile, phase: ResolvedPhase, opts: SolveOptions = {}, afterS: number | null = 0): PhasePlan {
  // Plans made here are read and dropped (sweeps, runway, Monte Carlo): their texts are not worth sharing.
  return { ...solve({ ...profile, phases: [phase] }, { shareTexts: false, ...opts }).phases[0]!, afterS };
}

/**
 * What plans of the same components at other loads share (phaseAtScale keeps a phase's
 * components): their request graphs and the numbering of their settings (SolveOptions.graphs,
 * .numbering), each the caller's own where it gives one.
 */
export function keptAcrossPlans(opts: SolveOptions = {}): Pick<SolveOptions, 'graphs' | 'numbering'> {
  return { graphs: opts.graphs ?? new WeakMap(), numbering: opts.numbering ?? new SettingsNumbering() };
}

/** When phase `index` of a profile comes, as the plan has it: 0 for the base phase, its `after` (seconds) or null. */
export function afterOf(profile: Profile, index: number): number | null {
  return index === 0 ? 0 : (profile.input.phases?.[index - 1]?.after ?? null);
}
