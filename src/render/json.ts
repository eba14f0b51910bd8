/**
 * JSON rendering with the DESIGN.md §5 key order first, numbers rounded to 6 significant
 * digits (so saved plans diff cleanly), and non-finite numbers as null.
 */
import type { ComponentPlan, PhasePlan, Plan } from '../plan/types.js';

/** Rounds a number for JSON: 6 significant digits; Infinity and NaN become null. */
export function jsonNumber(n: number): number | null {
  if (!Number.isFinite(n)) return null;
  if (n === 0 || Number.isInteger(n)) return n;
  return Number(n.toPrecision(6));
}

/** Deep copy with numbers rounded and non-finite numbers nulled; key order kept. */
export function normaliseForJson(value: unknown): unknown {
  if (typeof value === 'number') return jsonNumber(value);
  if (Array.isArray(value)) return value.map(normaliseForJson);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = normaliseForJson(v);
    return out;
  }
  return value;
}

function componentJson(c: ComponentPlan): Record<string, unknown> {
  const { name, kind, demand, demandUnit, replicas, binding, utilization, latencyP95, waitProbability, maxRps, violations, ...rest } = c;
  return { name, kind, demand, demandUnit, replicas, binding, utilization, latencyP95, waitProbability, maxRps, violations, ...rest };
}

function phaseJson(p: PhasePlan): Record<string, unknown> {
  const { name, peakRps, meanRps, components, system, bill, violations, ...rest } = p;
  const { maxRps, breakingRps, headroom, bottleneck, maxSessionsPerDay, latencyP95, ...sys } = system;
  return {
    name, peakRps, meanRps,
    components: components.map(componentJson),
    system: { maxRps, breakingRps, headroom, bottleneck, maxSessionsPerDay, latencyP95, ...sys },
    bill, violations, ...rest,
  };
}

/** The plan as the JSON contract of DESIGN.md §5 (plus added keys), pretty-printed. */
export function renderPlanJson(plan: Plan): string {
  const doc = { apiVersion: plan.apiVersion, profile: plan.profile, phases: plan.phases.map(phaseJson), notes: plan.notes, profileNotes: plan.profileNotes, alerts: plan.alerts };
  return `${JSON.stringify(normaliseForJson(doc), null, 2)}\n`;
}
