/**
 * diffPlans: two plan summaries compared phase by phase and component by component (matched by
 * name): replicas, utilisation, p95, max rate, headroom and cost, before → after. Pure.
 */
import type { ComponentSummary, PhaseSummary, PlanSummary } from './summary.js';
import { sameFigure } from './figures.js';

/** A figure before and after; null where absent or unknown. */
export interface Change<T> {
  before: T | null;
  after: T | null;
}

/** Whether a row exists on both sides and whether anything in it moved. */
export type RowStatus = 'added' | 'removed' | 'changed' | 'unchanged';

/** One component compared. */
export interface ComponentDiff {
  name: string;
  kind: string;
  status: RowStatus;
  replicas: Change<number>;
  topology: Change<string>;
  binding: Change<string>;
  utilization: Change<number>;
  latencyP95: Change<number>;
  maxRps: Change<number>;
  headroom: Change<number>;
  monthly: Change<number>;
  /** Profile path of the component (after, else before). */
  path: string | null;
}

/** One phase compared. */
export interface PhaseDiff {
  name: string;
  status: RowStatus;
  peakRps: Change<number>;
  maxRps: Change<number>;
  headroom: Change<number>;
  bottleneck: Change<string>;
  latencyP95: Change<number>;
  /** Σ replicas over the phase's components. */
  replicas: Change<number>;
  monthly: Change<number>;
  /** The node pools' cost beyond the components' requests (bill.packingWaste). */
  packingWaste: Change<number>;
  currency: string | null;
  components: ComponentDiff[];
}

/** Two plans compared. */
export interface PlanDiff {
  before: string | null;
  after: string;
  changed: boolean;
  phases: PhaseDiff[];
}

function change<T>(before: T | null | undefined, after: T | null | undefined): Change<T> {
  return { before: before ?? null, after: after ?? null };
}

function moved(c: Change<number> | Change<string>): boolean {
  if (typeof c.before === 'number' || typeof c.after === 'number') return !sameFigure(c.before as number | null, c.after as number | null);
  // A string figure (topology, binding, bottleneck) a side did not record is unknown there, not a change.
  return c.before !== null && c.after !== null && c.before !== c.after;
}

/** Whether a figure that null leaves unknown (a cost: a baseline of an older capplan has none per component, an unpriced plan none at all) moved: only when both sides know it. */
function movedWhenKnown(c: Change<number>): boolean {
  return c.before !== null && c.after !== null && moved(c);
}

function diffComponent(b: ComponentSummary | undefined, a: ComponentSummary | undefined): ComponentDiff {
  const any = (a ?? b)!;
  const d: ComponentDiff = {
    name: any.name,
    kind: any.kind,
    status: 'unchanged',
    replicas: change(b?.replicas, a?.replicas),
    topology: change(b?.topology, a?.topology),
    binding: change(b?.binding, a?.binding),
    utilization: change(b?.utilization, a?.utilization),
    latencyP95: change(b?.latencyP95, a?.latencyP95),
    maxRps: change(b?.maxRps, a?.maxRps),
    headroom: change(b?.headroom, a?.headroom),
    monthly: change(b?.monthly, a?.monthly),
    path: a?.path ?? b?.path ?? null,
  };
  // A figure one side does not record (an older or hand-trimmed baseline) is unknown there, not a change (docs/gate.md).
  d.status = !b ? 'added' : !a ? 'removed' : [d.replicas, d.topology, d.binding].some(moved) || [d.utilization, d.latencyP95, d.maxRps, d.headroom, d.monthly].some(movedWhenKnown) ? 'changed' : 'unchanged';
  return d;
}

/** Items of `after` in their order, then those only in `before`, paired by name. */
function pairByName<T extends { name: string }>(before: readonly T[], after: readonly T[]): [T | undefined, T | undefined][] {
  const old = new Map(before.map((x) => [x.name, x]));
  const now = new Set(after.map((x) => x.name));
  return [...after.map((x): [T | undefined, T | undefined] => [old.get(x.name), x]), ...before.filter((x) => !now.has(x.name)).map((x): [T | undefined, T | undefined] => [x, undefined])];
}

const sumReplicas = (p: PhaseSummary | undefined) => (p ? p.components.reduce((s, c) => s + c.replicas, 0) : null);

function diffPhase(b: PhaseSummary | undefined, a: PhaseSummary | undefined): PhaseDiff {
  const components = pairByName(b?.components ?? [], a?.components ?? []).map(([x, y]) => diffComponent(x, y));
  const d: PhaseDiff = {
    name: (a ?? b)!.name,
    status: 'unchanged',
    peakRps: change(b?.peakRps, a?.peakRps),
    maxRps: change(b?.system.maxRps, a?.system.maxRps),
    headroom: change(b?.system.headroom, a?.system.headroom),
    bottleneck: change(b?.system.bottleneck, a?.system.bottleneck),
    latencyP95: change(b?.system.latencyP95, a?.system.latencyP95),
    replicas: change(sumReplicas(b), sumReplicas(a)),
    monthly: change(b?.bill?.monthly, a?.bill?.monthly),
    packingWaste: change(b?.bill?.packingWaste, a?.bill?.packingWaste),
    currency: a?.bill?.currency ?? b?.bill?.currency ?? null,
    components,
  };
  // Costs count only when both sides know them (a baseline of an older capplan has no packing waste).
  const figures = [d.peakRps, d.maxRps, d.headroom, d.bottleneck, d.latencyP95, d.replicas];
  d.status = !b ? 'added' : !a ? 'removed' : figures.some(moved) || [d.monthly, d.packingWaste].some(movedWhenKnown) || components.some((c) => c.status !== 'unchanged') ? 'changed' : 'unchanged';
  return d;
}

/** Compares two plans; with `before` null every row is `added`. */
export function diffPlans(before: PlanSummary | null, after: PlanSummary): PlanDiff {
  const phases = pairByName(before?.phases ?? [], after.phases).map(([b, a]) => diffPhase(b, a));
  return { before: before?.profile ?? null, after: after.profile, changed: phases.some((p) => p.status !== 'unchanged'), phases };
}

/** after − before, or null when either is unknown or infinite. */
export function delta(c: Change<number>): number | null {
  if (c.before === null || c.after === null || !Number.isFinite(c.before) || !Number.isFinite(c.after)) return null;
  return c.after - c.before;
}

/** (after − before) / before, or null when undefined. */
export function relativeDelta(c: Change<number>): number | null {
  const d = delta(c);
  if (d === null || c.before === 0) return null;
  return d / c.before!;
}
