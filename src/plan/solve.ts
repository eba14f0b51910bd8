/**
 * solve: a validated profile → the plan. Each phase's components are sized by their kinds
 * (callees first, layers.ts; with regions, for one region's share), then `analyseSystem` finds
 * the bottleneck, headroom and end-to-end latency.
 */
import { callTargets } from '../kinds/calls.js';
import type { UslParams } from '../kinds/kind.js';
import type { Profile, ResolvedPhase } from '../profile/load.js';
import { analyseSystem } from './analyse.js';
import { deploySettings } from './deploy-settings.js';
import { alertRules, type AlertRule } from '../profile/alerts.js';
import { phaseFindings } from './findings.js';
import { phaseTexts, sharePhaseTexts, type PhaseTexts } from './intern.js';
import { SettingsNumbering } from './share-sizing.js';
import { sizeLayers, type EdgeFigures } from './layers.js';
import { globalComponent, globalSystem, regionPlan, regionalWorkload } from './regions.js';
import { buildRequestGraph, sameGraphInputs, type GraphEdge, type RequestGraph } from './request-graph.js';
import type { CallPlan, ComponentSettingsPlan, PhasePlan, Plan, SizedComponent } from './types.js';

/** The percentile all latency targets refer to. */
export const PERCENTILE = 0.95;

/** Inputs the command layer resolves from files before planning. */
export interface SolveOptions {
  /** USL coefficients fitted for components whose capacity names a fit file, by component name. */
  fits?: Readonly<Record<string, UslParams>>;
  /** false: skip sizing each component again at the mean rate (offPeakReplicas then repeat the peak's), for callers that read only the peak (capplan's Monte Carlo, runway). */
  offPeak?: boolean;
  /** false: leave the plan's texts as built, for callers that read one phase and drop it (explore/scale.ts); by default a phase's texts equal to the previous phase's are kept once (intern.ts), which saves about a fifth of what a large plan keeps alive. */
  shareTexts?: boolean;
  /**
   * Request graphs already built, by the phase's components array: the graph reads nothing else
   * (buildRequestGraph), so a caller that plans the same components again and again at other
   * loads (the Monte Carlo over workload ranges) builds each once. Absent: built every time.
   */
  graphs?: WeakMap<ResolvedPhase['components'], RequestGraph>;
  /**
   * true: a plan read for its figures and dropped (capplan's Monte Carlo): the findings, the
   * end-to-end latency's explanation and the worked substitutions and model lines of the
   * horizontal kinds and databases are left empty; every figure, count and violation is a full plan's (test/plan/figures-only.test.ts).
   */
  figuresOnly?: boolean;
  /**
   * Plan only the phase at this index of profile.phases (`plan --phase`, `simulate --phase`): a
   * phase's plan reads no other phase, so it is the full plan's phase byte for byte
   * (test/plan/one-phase.test.ts); the plan's notes are then that phase's.
   */
  phase?: number;
  /**
   * false: nothing reads the plan's explanations (`plan` printed as text or Markdown without
   * --explain): the worked substitutions, model lines and capacity derivations of the horizontal
   * kinds and databases and the end-to-end latency's explanation are left empty; the findings and
   * every figure, count, violation and note are a full plan's (test/cli/plan-in-phases.test.ts:
   * the same bytes). Building them was ~15 % of the CPU of 5,000 components × 20 phases.
   */
  explanations?: boolean;
  /** false: size every component on its own instead of sharing one sizing between components with equal sizing inputs (share-sizing.ts); the reference for tests. */
  shareSizing?: boolean;
  /**
   * The numbering of settings by value that finds equal components (share-sizing.ts), kept by a
   * caller that plans the same components again at other loads (runway's months, a resized
   * sweep's points): each settings object is numbered once, not once per plan (a runway of
   * 5,000 components hashed every component's settings for each of its 25 months). Absent: one
   * per solve. Numbers only tell equal settings apart, so a kept numbering gives the same plans.
   */
  numbering?: SettingsNumbering;
}

/**
 * A plan whose phases come one at a time, each solved as it is read (a Plan is one too):
 * `phases` is read once, in order, and `notes` after it (the notes are the phases' own, gathered
 * as they are solved). A caller that renders each phase and drops it holds one phase at a time.
 */
export type PlanSource = Omit<Plan, 'phases' | 'notes'> & { phases: Iterable<PhasePlan>; notes: Iterable<string> };

/** Plans every phase of a profile (or the one `opts.phase` names). */
export function solve(profile: Profile, opts: SolveOptions = {}): Plan {
  const source = solvePhases(profile, opts);
  const phases = [...source.phases];
  return { apiVersion: source.apiVersion, profile: source.profile, phases, notes: [...source.notes], profileNotes: source.profileNotes, alerts: source.alerts };
}

/** solve's plan as a PlanSource: each phase solved when it is read, the same phase plan solve gives. */
export function solvePhases(profile: Profile, opts: SolveOptions = {}): PlanSource {
  const notes = new Set<string>();
  // The base phase starts the clock; a growth phase says when it comes with `after`.
  const alerts = alertRules(profile.input.alerts);
  // One copy of each text the phases repeat (intern.ts): a large plan keeps about a fifth less alive.
  // The previous phase's texts alone (phaseTexts), not its whole plan.
  let before: PhaseTexts | null = null;
  const share = opts.shareTexts === false ? (p: PhasePlan) => p : (p: PhasePlan) => {
    sharePhaseTexts(p, before);
    before = phaseTexts(p);
    return p;
  };
  // A phase with the same call graph as the one before reuses it (request-graph.ts
  // sameGraphInputs); a caller that plans the same components again hands the graphs over (SolveOptions.graphs).
  let last: { phase: ResolvedPhase; graph: RequestGraph } | null = null;
  const graphOf = (phase: ResolvedPhase): RequestGraph => {
    const known = opts.graphs?.get(phase.components);
    if (known !== undefined) return known;
    if (!last || !sameGraphInputs(last.phase, phase)) last = { phase, graph: buildRequestGraph(phase) };
    opts.graphs?.set(phase.components, last.graph);
    return last.graph;
  };
  const shared: SharedParts = new WeakMap();
  const afterOf = (i: number) => (i === 0 ? 0 : (profile.input.phases?.[i - 1]?.after ?? null));
  const indexes = opts.phase === undefined ? profile.phases.map((_p, i) => i) : [opts.phase];
  // Not for a plan read for its figures (the Monte Carlo's samples): each draws its ranges anew, so equal components are rare and the comparison would cost every sample.
  const sharing = opts.shareSizing === false || opts.figuresOnly === true ? null : (opts.numbering ?? new SettingsNumbering());
  let k = 0;
  // An iterator, not a generator: a suspended generator may keep the phase it yielded alive while the next is solved.
  const phases: IterableIterator<PhasePlan> = {
    [Symbol.iterator]() {
      return this;
    },
    next(): IteratorResult<PhasePlan> {
      if (k >= indexes.length) return { done: true, value: undefined };
      const i = indexes[k++]!;
      return { done: false, value: share(solvePhase(profile.phases[i]!, graphOf(profile.phases[i]!), shared, sharing, opts, notes, afterOf(i), alerts)) };
    },
  };
  return { apiVersion: 'capplan/v1', profile: profile.name, phases, notes, profileNotes: [...(profile.input.notes ?? [])], alerts };
}

/** One phase's counts at its peak, what a caller reads of a phase it does not show (PlannedCounts of plausibility.ts). */
export interface PhaseCounts {
  name: string;
  /** capacityPerUnit: what one unit carries at 100 % busy (the emitted autoscaler's ceiling converts a later phase's count into the emitted phase's units). */
  components: { name: string; replicas: number; unitLabel: string; capacityPerUnit: number }[];
}

/**
 * The counts solve gives a phase's components at its peak, by the replicas-only sizing (no
 * analysis, no texts; test/plan/replicas-only.test.ts holds it to the full sizing): `emit` reads
 * no more of the phases it does not emit (the autoscaler's ceiling, the plausibility check).
 */
export function phaseCounts(resolved: ResolvedPhase, opts: Pick<SolveOptions, 'fits'> = {}): PhaseCounts {
  const phase = regionalPhase(resolved);
  const peak = sizeLayers(phase, buildRequestGraph(phase), phase.workload, { targets: phase.targets, percentile: PERCENTILE }, opts.fits ?? {}, false);
  return {
    name: phase.name,
    components: phase.components.map((c) => {
      const sized = peak.sized.get(c.name)!;
      return { name: c.name, replicas: sized.replicas, unitLabel: sized.unitLabel, capacityPerUnit: sized.capacityPerUnit };
    }),
  };
}

/** With regions, every component is sized for the share of the load one region serves. */
function regionalPhase(resolved: ResolvedPhase): ResolvedPhase {
  const regions = resolved.regions;
  return regions ? { ...resolved, workload: regionalWorkload(resolved.workload, regions) } : resolved;
}

function solvePhase(resolved: ResolvedPhase, graph: RequestGraph, shared: SharedParts, sharing: SettingsNumbering | null, opts: SolveOptions, notes: Set<string>, afterS: number | null, alerts: readonly AlertRule[]): PhasePlan {
  const regions = resolved.regions;
  const phase = regionalPhase(resolved);
  const explanations = opts.figuresOnly !== true && opts.explanations !== false;
  const base = { targets: phase.targets, percentile: PERCENTILE, explanations, sharing };
  const fits = opts.fits ?? {};
  const peak = sizeLayers(phase, graph, phase.workload, base, fits);
  // The same components at the mean rate: the floor an autoscaler may shrink to off-peak.
  const offPeak = opts.offPeak === false ? null : offPeakReplicas(phase, graph, base, fits);
  // Each component's outgoing edges, in edge order (a scan of every edge per component cost n²).
  const edgesFrom = new Map<string, EdgeFigures[]>();
  for (let i = 0; i < peak.edges.length; i++) {
    const e = peak.edges[i]!;
    const list = edgesFrom.get(e.edge.from);
    if (list) list.push(e);
    else edgesFrom.set(e.edge.from, [e]);
  }
  // The peak sizing's components are completed in place (this phase's alone; a copy of forty-odd keys per component was garbage).
  // The sizing holds one component a name: when it holds as many as the phase, the names are
  // distinct (as in every valid profile) and no set of the components is kept (5,000 × 20: ~30 ms).
  const completed = peak.sized.size === phase.components.length ? null : new Set<SizedComponent>();
  const sized = phase.components.map((c): SizedComponent & ComponentSettingsPlan => {
    const parts = settingsParts(shared, c.settings);
    const own = peak.sized.get(c.name)!;
    // A second component of the same name (never in a valid profile) gets its own copy.
    const target = (completed?.has(own) === true ? { ...own } : own) as SizedComponent & ComponentSettingsPlan;
    completed?.add(own);
    // Key by key, in this order (the plan's key order): Object.assign from a literal made the literal too.
    target.calls = parts.calls;
    target.callGraph = (edgesFrom.get(c.name) ?? []).map(callPlan);
    target.offPeakReplicas = offPeak === null ? own.replicas : offPeak.get(c.name)!;
    target.configuredReplicas = parts.configuredReplicas;
    target.deploy = parts.deploy;
    return target;
  });
  for (const n of graph.notes) notes.add(n);
  const analysed = analyseSystem(phase, sized, graph, peak, PERCENTILE, explanations);
  for (const n of analysed.system.latencyNotes) notes.add(n);
  const { violations } = analysed;
  const components = regions ? analysed.components.map((c) => globalComponent(c, regions)) : analysed.components;
  const system = regions ? globalSystem(analysed.system, regions) : analysed.system;
  return {
    name: phase.name,
    scale: phase.scale,
    afterS,
    targets: phase.targets,
    peakRps: resolved.workload.peakRps,
    meanRps: resolved.workload.meanRps,
    workload: resolved.workload,
    regions: regions ? regionPlan(regions, resolved.workload) : null,
    nodes: resolved.nodes,
    findings: opts.figuresOnly === true ? [] : phaseFindings(components, system, phase.components, phase.targets.zones, alerts, new Set(violations.filter((v) => v.kind === 'availability').map((v) => v.component))),
    components,
    system,
    bill: null,
    violations,
  };
}

/**
 * Each component's replicas at the phase's mean rate (the peak's workload with the mean as its
 * peak), the count alone: the sizing's components are dropped before the phase is analysed (at
 * 5,000 components they were ~9 MB kept alive through the analysis, which a full collection then
 * found live and V8 grew the heap to four times).
 */
function offPeakReplicas(phase: ResolvedPhase, graph: RequestGraph, base: Parameters<typeof sizeLayers>[3], fits: NonNullable<SolveOptions['fits']>): Map<string, number> {
  const w = phase.workload;
  const mean = sizeLayers(phase, graph, { ...w, peakRps: w.meanRps, sessionRate: w.requestsPerSession !== null ? w.meanRps / w.requestsPerSession : null }, base, fits, false);
  const replicas = new Map<string, number>();
  for (const [name, c] of mean.sized) replicas.set(name, c.replicas);
  return replicas;
}

/** The parts of a component's plan its settings alone decide, by settings object. */
type SharedParts = WeakMap<object, Pick<ComponentSettingsPlan, 'calls' | 'configuredReplicas' | 'deploy'>>;

/**
 * A component's calls, configured replica bounds and deploy settings, built once per settings
 * object: a phase that leaves a component alone hands over the same settings, and its plan shares
 * these (read-only) objects with the phase before (5,000 × 20: 100,000 of each built 5,000 times).
 */
function settingsParts(shared: SharedParts, settings: ResolvedPhase['components'][number]['settings']): Pick<ComponentSettingsPlan, 'calls' | 'configuredReplicas' | 'deploy'> {
  let parts = shared.get(settings);
  if (parts === undefined) {
    const bounds = (settings as { replicas?: { min?: number; max?: number } }).replicas;
    parts = { calls: callTargets(settings as Record<string, unknown>), configuredReplicas: { min: bounds?.min ?? null, max: bounds?.max ?? null }, deploy: deploySettings(settings) };
    shared.set(settings, parts);
  }
  return parts;
}

/**
 * Each call edge's last plan, by the graph's edge object (phases with equal calls share one graph,
 * request-graph.ts sameGraphInputs). Most calls' figures do not change with the load, so a phase
 * shares the plan of the call before it (read-only plain data, as settingsParts' parts) instead
 * of building an equal one: 1,000 × 20 built 32,000 plans of 1,600 calls.
 */
const lastCallPlans = new WeakMap<GraphEdge, CallPlan>();

/** A call edge with its figures, as plain plan data (the edge's last one when its figures are the same, number for number). */
function callPlan(f: EdgeFigures): CallPlan {
  const known = lastCallPlans.get(f.edge);
  if (
    known !== undefined &&
    Object.is(known.callsPerVisit, f.callsPerVisit) &&
    Object.is(known.timeoutProbability, f.timeoutProbability) &&
    Object.is(known.retryProbability, f.retryProbability) &&
    Object.is(known.expectedAttempts, f.expectedAttempts) &&
    Object.is(known.waitScale, f.waitScale) &&
    Object.is(known.callP95, f.callP95)
  ) {
    return known;
  }
  const plan = newCallPlan(f);
  lastCallPlans.set(f.edge, plan);
  return plan;
}

function newCallPlan(f: EdgeFigures): CallPlan {
  const e = f.edge;
  return {
    to: e.to,
    probability: e.probability,
    alternative: e.alternative,
    entry: e.entry,
    ...(e.member !== null ? { member: e.member } : {}),
    blocking: e.blocking,
    retries: e.retries,
    timeout: e.timeoutS,
    failureRate: e.failureRate,
    callsPerVisit: f.callsPerVisit,
    timeoutProbability: f.timeoutProbability,
    retryProbability: f.retryProbability,
    expectedAttempts: f.expectedAttempts,
    waitScale: f.waitScale,
    callP95: f.callP95,
  };
}
