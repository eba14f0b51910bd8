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
  components: { name: string; topology: string; replicas: number }[];
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

/** The summary of a phase. */
export function summarisePhase(p: PhasePlan): PhaseSummary {
  const { headroom, bottleneck, latencyP95 } = p.system;
  return {
    name: p.name,
    peakRps: p.peakRps,
    system: { headroom, bottleneck, latencyP95 },
    violations: p.violations.length,
    components: p.components.map((c) => ({ name: c.name, topology: c.topology, replicas: c.replicas })),
    bill: p.bill ? summariseBill(p.bill) : null,
  };
}
