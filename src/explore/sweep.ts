/**
 * capplan sweep: one phase's sized system under a rising load. With the topology fixed (the
 * default) each point is the planned queues at a scaled arrival rate (fixed-load.ts); with
 * `resize` each point is re-planned from scratch. Pure: a plan (and for resize the profile) in,
 * columnar series out, so that renderers and charts read arrays.
 */
import type { SolveOptions } from '../plan/solve.js';
import type { PhasePlan, Violation } from '../plan/types.js';
import type { Profile, ResolvedPhase } from '../profile/load.js';
import { fixPhase } from './fixed-load.js';
import { crossing, powerKnee, sampledKnee, type CurvePoint } from './knee.js';
import { keptAcrossPlans, phaseAtScale, planPhase } from './scale.js';
import { byName } from '../plan/by-name.js';

/** The load range of a sweep, as multiples of the phase's peak. */
export interface SweepRange {
  fromScale: number;
  toScale: number;
  /** Points, evenly spaced from `fromScale` to `toScale` inclusive (≥ 2; 1 gives `fromScale` alone). */
  points: number;
}

/** One component's series over the sweep. */
export interface SweepComponent {
  name: string;
  kind: string;
  /** Units as planned at the phase's peak ("3 replicas", "1 primary + 2 replicas"). */
  topology: string;
  onPath: boolean;
  /** Busy fraction at each point. */
  utilization: number[];
  /** p95 response time at each point (seconds; Infinity when saturated; null when not modelled). */
  latencyP95: (number | null)[];
  /** Units at each point: constant unless the sweep re-plans (resize). */
  replicas: number[];
}

/** Where one component gives out. */
export interface Saturation {
  component: string;
  /** 1-based rank: the first component to reach its target is 1. */
  order: number;
  /** User req/s at which it reaches its target utilisation or a hard limit (resize: its first violation); null when never (within the sweep, for resize). */
  targetRps: number | null;
  /** User req/s at 100 % utilisation or its hard limit (resize: the first point at or over 100 %); null when never. */
  breakingRps: number | null;
  /** What gives out: capacity, rateLimit, writes, reads, memory, ... (resize: the violation's kind). */
  limitedBy: string;
}

/**
 * The first load at which a limit that no replica count lifts gives out: past it requests fail
 * (calls refused by a provider, writes a primary cannot commit, a pool held at replicas.max), which
 * the p95 curve, a queueing figure of the requests served, does not show.
 */
export interface HardBreak {
  /** User req/s. */
  rps: number;
  component: string;
  /** rateLimit, writes, maxReplicas (fixed: its count is replicas.max), or (resize) the violation's kind. */
  limitedBy: string;
}

/** A sweep of one phase. */
export interface SweepResult {
  profile: string;
  phase: string;
  /** `fixed`: the planned topology held; `resize`: re-planned at every point. */
  mode: 'fixed' | 'resize';
  percentile: number;
  /** The phase's peak user req/s (load factor 1). */
  peakRps: number;
  latencyTarget: number | null;
  /** Load factor of each point (× the phase's peak). */
  scale: number[];
  /** User req/s of each point. */
  rps: number[];
  /** End-to-end p95 of each point (seconds; Infinity when a queue on the path is saturated). */
  latencyP95: number[];
  components: SweepComponent[];
  /** Components in the order they give out. */
  saturation: Saturation[];
  /** Where X / p95(X) is largest (knee.ts); fixed: over the whole curve, resize: among the points; null past the hard break. */
  knee: CurvePoint | null;
  /** The least load at which the end-to-end p95 reaches the target (fixed: over the whole curve; resize: the first point); null when not below the hard break. */
  latencyLimitRps: number | null;
  /** Where the first queue on the request path saturates (fixed topology; null for resize); it may lie past the hard break. */
  pathSaturationRps: number | null;
  /** The first limit no replica count lifts (fixed: the planned topology's; resize: the first point with such a violation); null when none (within the sweep, for resize). */
  hardBreak: HardBreak | null;
  /** Present when some p95 of the sweep is Cantelli's upper bound (a time too sharp to invert; fixed topology: a re-planned point says so in its plan's notes). */
  bounded?: true;
}

/** Load factors of a range. */
export function sweepScales(range: SweepRange): number[] {
  const n = Math.max(1, Math.floor(range.points));
  if (n === 1) return [range.fromScale];
  return Array.from({ length: n }, (_, k) => range.fromScale + ((range.toScale - range.fromScale) * k) / (n - 1));
}

/** Sweeps a planned phase with its topology fixed. */
export function sweepFixed(profile: string, phase: PhasePlan, range: SweepRange, percentile: number): SweepResult {
  const fixed = fixPhase(phase);
  const scales = sweepScales(range);
  const latency = series(scales, (s, guess) => fixed.pathLatencyAt(s, guess));
  const components = fixed.components.map((c, i): SweepComponent => ({
    name: c.name,
    kind: c.kind,
    topology: c.topology,
    onPath: c.onPath,
    utilization: scales.map((s) => fixed.utilizationAt(i, s)),
    latencyP95: series(scales, (s, guess) => fixed.latencyAt(i, s, guess)),
    replicas: scales.map(() => c.replicas),
  }));
  // A component at its replicas.max is limited by that, as the hard break says (one word in both).
  const saturation = rank(fixed.components.map((c, i) => ({ component: c.name, targetRps: c.targetRps, breakingRps: c.breakingRps, limitedBy: hardLimitOf(phase.components[i]!) ?? c.limitedBy })));
  const curve = (rps: number) => fixed.pathLatencyAt(rps / fixed.peakRps);
  const target = phase.system.latencyTarget;
  const hardBreak = fixedHardBreak(phase);
  const knee = powerKnee(curve, fixed.pathSaturationRps);
  const latencyLimit = target === null ? null : crossing(curve, fixed.pathSaturationRps, target);
  return {
    profile,
    phase: phase.name,
    mode: 'fixed',
    percentile,
    peakRps: phase.peakRps,
    latencyTarget: target,
    scale: scales,
    rps: scales.map((s) => s * phase.peakRps),
    latencyP95: latency,
    components,
    saturation,
    knee: knee !== null && before(knee.rps, hardBreak) ? knee : null,
    latencyLimitRps: latencyLimit !== null && before(latencyLimit, hardBreak) ? latencyLimit : null,
    pathSaturationRps: Number.isFinite(fixed.pathSaturationRps) ? fixed.pathSaturationRps : null,
    hardBreak,
    ...(fixed.bounded() ? { bounded: true as const } : {}),
  };
}

/**
 * A latency at every load factor, each root search started from the value extrapolated
 * (quadratically) from the previous points: on a fine sweep a point then costs about two
 * evaluations instead of a dozen, and the result is the same root to the same tolerance.
 */
function series<T extends number | null>(scales: readonly number[], at: (s: number, guessS: number | undefined) => T): T[] {
  const out: T[] = [];
  for (let k = 0; k < scales.length; k++) out.push(at(scales[k]!, guessFrom(out, scales, k)));
  return out;
}

/** The next value of a smooth series extrapolated from its last three (or fewer) finite values on an even grid. */
function guessFrom(values: readonly (number | null)[], scales: readonly number[], k: number): number | undefined {
  const a = values[k - 1];
  const b = values[k - 2];
  const c = values[k - 3];
  if (a === undefined || a === null || !Number.isFinite(a) || a <= 0) return undefined;
  if (b === undefined || b === null || !Number.isFinite(b) || scales[k]! - scales[k - 1]! !== scales[k - 1]! - scales[k - 2]!) return a;
  const guess = c !== undefined && c !== null && Number.isFinite(c) ? 3 * a - 3 * b + c : 2 * a - b;
  return guess > 0 && Number.isFinite(guess) ? guess : a;
}

/**
 * Sweeps a phase re-planning it at every point: the units a planner would size for each load.
 * The plans are read for their figures: without the explanations (unless `opts` asks for them)
 * and the sizing at the mean rate (test/explore/lean-plans.test.ts).
 */
export function sweepResized(profile: Profile, phase: ResolvedPhase, range: SweepRange, percentile: number, opts: SolveOptions = {}): SweepResult {
  const scales = sweepScales(range);
  const kept = keptAcrossPlans(opts);
  const plans = scales.map((s) => planPhase(profile, phaseAtScale(phase, s), { explanations: false, ...opts, offPeak: false, ...kept }));
  const rps = scales.map((s) => s * phase.workload.peakRps);
  const names = plans[0]!.components.map((c) => c.name);
  const at = (p: PhasePlan, name: string) => byName(p.components).get(name)!;
  const onPath = new Set(plans[0]!.system.path);
  const components = names.map((name): SweepComponent => ({
    name,
    kind: at(plans[0]!, name).kind,
    topology: at(plans[0]!, name).topology,
    onPath: onPath.has(name),
    utilization: plans.map((p) => at(p, name).utilization),
    latencyP95: plans.map((p) => at(p, name).latencyP95),
    replicas: plans.map((p) => at(p, name).replicas),
  }));
  // A component's violations are the phase's that name it: its own and those found across the
  // system (availability, timeout), which the plan lists only among the phase's.
  const violationsOf = (p: PhasePlan, name: string) => p.violations.filter((v) => v.component === name);
  const saturation = rank(names.map((name) => {
    const first = plans.findIndex((p) => violationsOf(p, name).length > 0);
    const broken = plans.findIndex((p) => at(p, name).utilization >= 1);
    return {
      component: name,
      targetRps: first < 0 ? null : rps[first]!,
      breakingRps: broken < 0 ? null : rps[broken]!,
      limitedBy: first < 0 ? '–' : violationsOf(plans[first]!, name)[0]!.kind,
    };
  }));
  const latency = plans.map((p) => p.system.latencyP95);
  const target = plans[0]!.system.latencyTarget;
  const hard = (v: Violation) => v.component !== null && HARD_VIOLATIONS.has(v.kind);
  const broken = plans.findIndex((p) => p.violations.some(hard));
  const first = broken < 0 ? undefined : plans[broken]!.violations.find(hard)!;
  const hardBreak = first === undefined ? null : { rps: rps[broken]!, component: first.component!, limitedBy: first.kind };
  // The points before the break: past it the re-planned p95 leaves out the requests that fail.
  const held = broken < 0 ? rps.length : broken;
  const limit = target === null ? -1 : latency.slice(0, held).findIndex((l) => l >= target);
  return {
    profile: profile.name,
    phase: phase.name,
    mode: 'resize',
    percentile,
    peakRps: phase.workload.peakRps,
    latencyTarget: target,
    scale: scales,
    rps,
    latencyP95: latency,
    components,
    saturation,
    knee: sampledKnee(rps.slice(0, held).map((x, k) => ({ rps: x, latencyS: latency[k]! })), held < rps.length),
    latencyLimitRps: limit < 0 ? null : rps[limit]!,
    pathSaturationRps: null,
    hardBreak,
  };
}

/** Violation kinds no replica count fixes: the re-planned sweep's hard break. */
const HARD_VIOLATIONS: ReadonlySet<string> = new Set(['rateLimit', 'writes', 'maxReplicas', 'capacity', 'unstable']);

/** Limits a component's max rate can have that no unit count lifts (runway.ts names the same ceilings). */
const CEILINGS: ReadonlySet<string> = new Set(['rateLimit', 'writes']);

/**
 * The planned topology's first hard break: the least breaking rate (plan's breakingRps: 100 % or
 * the hard limit) of a component limited by a ceiling no replica count lifts (a provider's rate
 * limit, serialised writes), or of one whose count is already its replicas.max, so that no
 * autoscaler adds to it. A component limited by capacity alone is not one: more replicas lift it,
 * and where it is on the request path its saturation is the path's.
 */
export function fixedHardBreak(phase: PhasePlan): HardBreak | null {
  let out: HardBreak | null = null;
  for (const c of phase.components) {
    if (!(c.breakingRps > 0) || !Number.isFinite(c.breakingRps)) continue;
    const limitedBy = hardLimitOf(c);
    if (limitedBy !== null && (out === null || c.breakingRps < out.rps)) out = { rps: c.breakingRps, component: c.name, limitedBy };
  }
  return out;
}

/** The limit of a planned component that no replica count lifts: a ceiling (rateLimit, writes), maxReplicas when its count is its replicas.max, else null. */
function hardLimitOf(c: PhasePlan['components'][number]): string | null {
  if (CEILINGS.has(c.maxRpsBy)) return c.maxRpsBy;
  const max = c.configuredReplicas.max;
  return c.unitLabel === 'replicas' && max !== null && c.replicas >= max ? 'maxReplicas' : null;
}

/** Whether a load lies before the hard break (or there is none). */
function before(rps: number, hardBreak: HardBreak | null): boolean {
  return hardBreak === null || rps < hardBreak.rps;
}

/** Ranks components by the load at which they reach their target, then 100 %, then name. */
function rank(rows: readonly Omit<Saturation, 'order'>[]): Saturation[] {
  const key = (v: number | null) => (v === null ? Infinity : v);
  return [...rows]
    .sort((a, b) => key(a.targetRps) - key(b.targetRps) || key(a.breakingRps) - key(b.breakingRps) || (a.component < b.component ? -1 : a.component > b.component ? 1 : 0))
    .map((r, i) => ({ ...r, order: i + 1 }));
}
