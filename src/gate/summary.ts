/**
 * The plan summary the gate compares: per phase and component the figures a reviewer weighs
 * (replicas, utilisation, p95, max rate, headroom, cost). A baseline file is this summary; a
 * saved `capplan plan --json` reads into it too. SI units; null where a figure is unknown.
 */
import type { Bill, ComponentPlan, PhasePlan, Plan } from '../plan/types.js';

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
  bill: { currency: string; monthly: number } | null;
  components: ComponentSummary[];
  violations: { component: string | null; kind: string; path: string | null }[];
}

/** A plan, summarised. */
export interface PlanSummary {
  profile: string;
  phases: PhaseSummary[];
}

/** A ratio that is null when the denominator is zero. */
export function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null || b === 0) return null;
  return a / b;
}

/** The monthly cost the bill allocates to this component (its share of node pools, its managed services), or null. */
export function componentCost(bill: Bill | null, name: string): number | null {
  const cost = (bill?.byComponent as Record<string, number> | undefined)?.[name];
  return typeof cost === 'number' ? cost : null;
}

function summariseComponent(c: ComponentPlan, phase: PhasePlan): ComponentSummary {
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
    headroom: ratio(c.maxRps, phase.peakRps),
    monthly: componentCost(phase.bill, c.name),
    path: c.path,
  };
}

/** The summary of a live plan. */
export function summarisePlan(plan: Plan): PlanSummary {
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
      bill: p.bill ? { currency: p.bill.currency, monthly: p.bill.monthly } : null,
      components: p.components.map((c) => summariseComponent(c, p)),
      violations: p.violations.map((v) => ({ component: v.component, kind: v.kind, path: v.path })),
    })),
  };
}
