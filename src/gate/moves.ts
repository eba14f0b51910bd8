/**
 * What moved between the baseline and the plan, in words for messages and as profile paths for
 * annotations: the workload keys and targets of a phase, and each component's own settings. Pure.
 */
import type { PhasePlan } from '../plan/types.js';
import { formatNumber } from '../units/format.js';
import { sameFigure } from './figures.js';
import { inputMoves, movePaths, movesText, recordedMoves, sectionsOf, type FlatInputs, type WrittenPredicate } from './inputs.js';
import type { PhaseSummary } from './summary.js';
import { byName } from '../plan/by-name.js';

/** What moved in a phase's workload: words for messages, profile paths for annotations. */
export interface WorkloadMoves {
  words: string[];
  paths: string[];
  /** The targets that moved, in words ("cpuUtilization 0.7 → 0.6"), when any did. */
  targets?: string;
}

/** The profile path of a phase's own entry: `workload` for the base phase, `phases[i]` after it. */
export function phasePath(index: number): string {
  return index === 0 ? 'workload' : `phases[${index - 1}]`;
}

const WORKLOAD_KEYS = [
  ['sessionsPerDay', ['sessionsPerDay']],
  ['requestsPerSession', ['requestsPerSession']],
  ['peakFactor', ['peakFactor', 'peakHourShare']],
  ['concurrentUsers', ['concurrentUsers']],
] as const;

/** What moved in a phase's workload and targets against the baseline, and where the profile says it. */
export function workloadMoves(before: PhaseSummary | null, after: PhasePlan, index: number, afterTargets: FlatInputs | null = null, written?: WrittenPredicate): WorkloadMoves {
  if (!before) return { words: [], paths: [] };
  const targets = recordedMoves(inputMoves(before.targets, afterTargets), sectionsOf('targets', index), written);
  const moved = workloadKeyMoves(before, after, index);
  return {
    words: moved.words,
    paths: [...new Set([...moved.paths, ...movePaths(targets, sectionsOf('targets', index))])],
    ...(targets.length ? { targets: movesText(targets) } : {}),
  };
}

/**
 * What moved in each component's settings against the baseline's record of them; with `written`,
 * a key the baseline lacks counts only when the profile writes it (recordedMoves).
 */
export function componentMoves(before: PhaseSummary | null, after: PhaseSummary, index: number, written?: WrittenPredicate): Map<string, WorkloadMoves> {
  const out = new Map<string, WorkloadMoves>();
  const earlier = before ? byName(before.components) : null;
  for (const c of after.components) {
    const was = earlier?.get(c.name);
    const sections = sectionsOf(c.path ?? `components.${c.name}`, index);
    const moves = recordedMoves(inputMoves(was?.inputs, c.inputs), sections, written);
    if (moves.length) out.set(c.name, { words: [movesText(moves)], paths: movePaths(moves, sections) });
  }
  return out;
}

function workloadKeyMoves(before: PhaseSummary, after: PhasePlan, index: number): WorkloadMoves {
  const words: string[] = [];
  const keys: string[] = [];
  for (const [key, written] of WORKLOAD_KEYS) {
    const a = after.workload[key];
    const b = before.workload[key];
    if (a !== null && b !== null && !sameFigure(a, b)) {
      words.push(`${key} ${formatNumber(b)} → ${formatNumber(a)}`);
      keys.push(...written);
    }
  }
  const scaleMoved = index > 0 && before.scale !== null && !sameFigure(before.scale, after.scale);
  if (scaleMoved) words.push(`scale ${formatNumber(before.scale!)} → ${formatNumber(after.scale)}`);
  if (!sameFigure(before.peakRps, after.peakRps)) {
    words.push(`peak ${formatNumber(before.peakRps)} → ${formatNumber(after.peakRps)} req/s`);
    if (keys.length === 0) keys.push('rps', 'thinkTime', 'responseTime', 'peakFactor', 'peakHourShare');
  }
  const paths: string[] = [];
  if (index > 0) for (const k of keys) paths.push(`${phasePath(index)}.workload.${k}`);
  if (scaleMoved) paths.push(`${phasePath(index)}.scale`);
  for (const k of keys) paths.push(`workload.${k}`);
  return { words, paths: [...new Set(paths)] };
}

/** "the workload moved: …; the targets moved: …", or null when nothing did. */
export function causeOf(moves: WorkloadMoves): string | null {
  const parts = [moves.words.length ? `the workload moved: ${moves.words.join(', ')}` : null, moves.targets ? `the targets moved: ${moves.targets}` : null];
  const text = parts.filter((x): x is string => x !== null).join('; ');
  return text || null;
}
