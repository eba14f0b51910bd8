/**
 * What the closing parts of a plan's rendering (the roadmap, the cost chart, the run's notes)
 * read of each phase, kept while the phases themselves are written a phase at a time and
 * dropped: a 5,000-component phase plan with its bill is ~15 MB, its summary a few hundred KB.
 */
import type { PhasePlan, SystemPlan } from '../plan/types.js';
import { billWarnings, provenanceLine } from './bill.js';

/** A phase's bill as the run's closing lines read it. */
export interface BillSummary {
  monthly: number;
  warnings: string[];
  /** provenanceLine of the bill. */
  provenance: string;
  /** The notice its price source requires, or null. */
  disclaimer: string | null;
}

/** A phase as the roadmap, the cost chart and the run's notes read it. */
export interface PhaseSummary {
  name: string;
  peakRps: number;
  system: Pick<SystemPlan, 'headroom' | 'bottleneck' | 'latencyP95'>;
  /** How many violations the phase has. */
  violations: number;
  /** The components' names, sizes and counts, in the phase's order (names and sizes shared with the phase before where equal). */
  names: readonly string[];
  topologies: readonly string[];
  replicas: readonly number[];
  bill: BillSummary | null;
}

/** The phases' summaries and the plan's notes, what a rendering says after the phases. */
export interface PlanSummary {
  phases: readonly PhaseSummary[];
  notes: readonly string[];
}

/** The summary of a bill. */
export function summariseBill(bill: NonNullable<PhasePlan['bill']>): BillSummary {
  return { monthly: bill.monthly, warnings: billWarnings(bill), provenance: provenanceLine(bill), disclaimer: bill.disclaimer ? String(bill.disclaimer) : null };
}

/**
 * The summary of a phase. Growth phases mostly repeat the phase before's components and sizes:
 * given that phase's summary, the same names array and the same size strings are kept once
 * (5,000 components × 20 phases: ~1.6 MB of summary a phase without, ~0.1 MB with).
 */
export function summarisePhase(p: PhasePlan, before: PhaseSummary | null = null): PhaseSummary {
  const { headroom, bottleneck, latencyP95 } = p.system;
  const n = p.components.length;
  const prior = before?.names;
  const same = prior !== undefined && prior.length === n && p.components.every((c, i) => c.name === prior[i]);
  const names = same ? prior : p.components.map((c) => c.name);
  const topologies: string[] = new Array<string>(n);
  const replicas: number[] = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const c = p.components[i]!;
    const was = same ? before!.topologies[i] : undefined;
    topologies[i] = c.topology === was ? was : flat(c.topology);
    replicas[i] = c.replicas;
  }
  return { name: p.name, peakRps: p.peakRps, system: { headroom, bottleneck, latencyP95 }, violations: p.violations.length, names, topologies, replicas, bill: p.bill ? summariseBill(p.bill) : null };
}

/** Reading a character makes V8 flatten a rope into one string (its pieces then go). */
function flat(text: string): string {
  text.charCodeAt(0);
  return text;
}

/** Each name's index in a summary's names (the first, for a name given twice: a profile's components are keys of a map, never twice), built once per names array. */
export function indexOfNames(names: readonly string[]): ReadonlyMap<string, number> {
  let index = indexes.get(names);
  if (index === undefined) {
    const built = new Map<string, number>();
    names.forEach((name, i) => {
      if (!built.has(name)) built.set(name, i);
    });
    indexes.set(names, (index = built));
  }
  return index;
}

const indexes = new WeakMap<readonly string[], ReadonlyMap<string, number>>();

/** The components' names over the phases, in the order they first appear. */
export function summaryNames(phases: readonly PhaseSummary[]): string[] {
  const names = new Set<string>();
  let last: readonly string[] | null = null;
  for (const p of phases) {
    // Phases that keep the phase before's components share its names array.
    if (p.names !== last) for (const name of p.names) names.add(name);
    last = p.names;
  }
  return [...names];
}
