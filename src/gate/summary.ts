/**
 * The plan summary the gate compares: per phase and component the figures a reviewer weighs
 * (replicas, utilisation, p95, max rate, headroom, cost). A baseline file is this summary; a
 * saved `capplan plan --json` reads into it too. SI units; null where a figure is unknown.
 */
import type { Bill, ComponentPlan, PhasePlan, Plan } from '../plan/types.js';
import type { FlatInputs, PhaseInputs } from './inputs.js';
import type { RecordedPolicy } from './policy-record.js';

/** One component of a phase, summarised. */
export interface ComponentSummary {
  name: string;
  kind: string;
  replicas: number;
  topology: string | null;
  binding: string | null;
  utilization: number | null;
  /** p95 at peak, seconds; Infinity when unstable; null when not modelled. */
  latencyP95: number | null;
  latencyBudget: number | null;
  /** User req/s the component carries at its target utilisation (Infinity when unbounded). */
  maxRps: number | null;
  maxRpsBy: string | null;
  /** maxRps ÷ the phase's peak rate. */
  headroom: number | null;
  /** Monthly cost attributed to this component, when the bill's lines name it. */
  monthly: number | null;
  /** Profile path of its settings, e.g. `components.api`. */
  path: string | null;
  /** Its settings as the profile gave them (flat, SI units), to tell which key moved; null when unknown. */
  inputs: FlatInputs | null;
}

/** The workload figures of a phase, to tell which workload key moved. */
export interface WorkloadSummary {
  peakRps: number;
  meanRps: number | null;
  sessionsPerDay: number | null;
  requestsPerSession: number | null;
  peakFactor: number | null;
  concurrentUsers: number | null;
}

/** One phase, summarised. */
export interface PhaseSummary {
  name: string;
  scale: number | null;
  peakRps: number;
  workload: WorkloadSummary;
  system: { maxRps: number | null; headroom: number | null; bottleneck: string | null; latencyP95: number | null; latencyTarget: number | null };
  /** The phase's targets as the profile gave them (flat, SI units); null when unknown. */
  targets: FlatInputs | null;
  /** The monthly bill, and the node pools' cost beyond what components request (null when unknown). */
  bill: { currency: string; monthly: number; packingWaste: number | null } | null;
  components: ComponentSummary[];
  violations: { component: string | null; kind: string; path: string | null }[];
}

/** A plan, summarised. */
export interface PlanSummary {
  profile: string;
  /** The capplan version that wrote the baseline (its header's `capplanVersion`); absent in a plan's summary, a saved plan or a baseline of an older capplan. */
  capplanVersion?: string | undefined;
  /** The profile's gate policy a baseline records (defaults < gates:, no flags); absent in a plan's summary, a saved plan or a baseline of an older capplan. */
  policy?: RecordedPolicy | undefined;
  phases: PhaseSummary[];
}

/**
 * Headroom: the max sustainable rate over the peak, as the plan gives it (Infinity without load:
 * any capacity carries a peak of 0, and `plan` prints ∞); null only when the max rate is unknown
 * (a saved file that lacks it).
 */
export function headroomOf(maxRps: number | null, peakRps: number | null): number | null {
  if (maxRps === null || peakRps === null) return null;
  return peakRps > 0 ? maxRps / peakRps : Infinity;
}

/** The monthly cost the bill allocates to this component (its share of node pools, its managed services), or null. */
export function componentCost(bill: Bill | null, name: string): number | null {
  const cost = (bill?.byComponent as Record<string, number> | undefined)?.[name];
  return typeof cost === 'number' ? cost : null;
}

/** The bill's summary: currency, total and packing waste. */
export function billSummary(bill: Bill | null): PhaseSummary['bill'] {
  if (!bill) return null;
  return { currency: bill.currency, monthly: bill.monthly, packingWaste: typeof bill.packingWaste === 'number' ? bill.packingWaste : null };
}

function summariseComponent(c: ComponentPlan, phase: PhasePlan, inputs: FlatInputs | null): ComponentSummary {
  return {
    name: c.name,
    kind: c.kind,
    replicas: c.replicas,
    topology: c.topology,
    binding: c.binding,
    utilization: c.utilization,
    latencyP95: c.latencyP95,
    latencyBudget: c.latencyBudget,
    maxRps: c.maxRps,
    maxRpsBy: c.maxRpsBy,
    headroom: headroomOf(c.maxRps, phase.peakRps),
    monthly: componentCost(phase.bill, c.name),
    path: c.path,
    inputs,
  };
}

/** The summary of a live plan; `inputs` (from the profile) lets a baseline record each phase's settings. */
export function summarisePlan(plan: Plan, inputs?: ReadonlyMap<string, PhaseInputs>): PlanSummary {
  return {
    profile: plan.profile,
    phases: plan.phases.map((p) => ({
      name: p.name,
      scale: p.scale,
      peakRps: p.peakRps,
      workload: {
        peakRps: p.workload.peakRps,
        meanRps: p.workload.meanRps,
        sessionsPerDay: p.workload.sessionsPerDay,
        requestsPerSession: p.workload.requestsPerSession,
        peakFactor: p.workload.peakFactor,
        concurrentUsers: p.workload.concurrentUsers,
      },
      system: {
        maxRps: p.system.maxRps,
        headroom: p.system.headroom,
        bottleneck: p.system.bottleneck,
        latencyP95: p.system.latencyP95,
        latencyTarget: p.system.latencyTarget,
      },
      targets: inputs?.get(p.name)?.targets ?? null,
      bill: billSummary(p.bill),
      components: p.components.map((c) => summariseComponent(c, p, inputs?.get(p.name)?.components[c.name] ?? null)),
      violations: p.violations.map((v) => ({ component: v.component, kind: v.kind, path: v.path })),
    })),
  };
}
