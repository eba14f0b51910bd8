/**
 * `capplan plan --uncertain`: a seeded Monte Carlo over a profile's uncertain inputs. Each sample
 * draws every range (and every fitted capacity) by the inverse CDF of one uniform deviate per
 * input, plans the phase and prices it; the result is the P10/P50/P90/P99 of each figure, the
 * units that cover the chosen confidence, and the tornado (tornado.ts). Pure; pricing is passed in.
 */
import type { UslParams } from '../fit/usl-model.js';
import type { SolveOptions } from '../plan/solve.js';
import type { Bill, ComponentPlan, PhasePlan } from '../plan/types.js';
import type { Profile } from '../profile/load.js';
import { deployedHeadroom, type HeldComponent } from './deployed.js';
import { sampleFit, type FitInput } from './fit-sampling.js';
import { normalQuantile, uniforms } from './random.js';
import { valueAt } from './ranges.js';
import { valueSetter, type UncertainInput } from './sample-profile.js';
import { afterOf, planPhase } from './scale.js';
import { tornado, type TornadoRow } from './tornado.js';

/** Quantiles of one figure over the samples (nearest rank: each is a value some sample had). */
export interface Spread {
  p10: number;
  p50: number;
  p90: number;
  p99: number;
}

/** One component over the samples. */
export interface ComponentSpread {
  name: string;
  kind: string;
  replicas: Spread;
  utilization: Spread;
  /** Seconds; null when the component has no latency model. */
  latencyP95: Spread | null;
  /** Monthly cost allocated to it; null when not priced. */
  monthly: Spread | null;
  /** The plan at the inputs' medians. */
  point: { replicas: number; topology: string };
  /** The units that cover `confidence` of the samples (the sample at that rank by units, then utilisation). */
  atConfidence: { replicas: number; topology: string };
}

/** The result of a Monte Carlo over one phase. */
export interface MonteCarloResult {
  profile: string;
  phase: string;
  samples: number;
  seed: number;
  /** The confidence the deployed plan is chosen at (0.9: it covers 90 % of the samples, component by component). */
  confidence: number;
  inputs: { path: string; law: string; kind: string; p10: number; p50: number; p90: number }[];
  components: ComponentSpread[];
  system: {
    monthly: Spread | null;
    latencyP95: Spread;
    /** Headroom of the plan to deploy in each sample (its units under the sample's load and capacities). */
    headroom: Spread;
    /** Share of the samples in which the plan to deploy carries the peak within every target utilisation (headroom ≥ 1). */
    coverage: number;
    peakRps: Spread;
    /** Share of the samples whose own plan has a violation. */
    violationShare: number;
    /** Each violation (component and kind) with the share of the samples that have it, commonest first. */
    violations: { component: string | null; kind: string; share: number }[];
  };
  /** The plan at the inputs' medians (what `plan` without --uncertain prints). */
  point: { monthly: number | null; latencyP95: number; headroom: number };
  /** The plan to deploy: every component at its units at `confidence`, priced. */
  deploy: { monthly: number | null };
  tornado: TornadoRow[];
}

/** What the Monte Carlo needs besides the profile. */
export interface MonteCarloOptions {
  samples: number;
  seed: number;
  confidence: number;
  /** Index of the phase (profile.phases). */
  phase: number;
  /** USL coefficients of `capacity.fit` components, as fitted. */
  fits?: Readonly<Record<string, UslParams>>;
  /** Fitted capacities to sample (those with a covariance). */
  fitInputs?: readonly FitInput[];
  price?: (phase: PhasePlan) => Bill;
}

/** The ⌈p·n⌉-th smallest of sorted values (nearest rank). */
export function nearestRank(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length - 1e-9))) - 1]!;
}

/** P10, P50, P90 and P99 of values (unsorted; Infinity sorts last). */
export function spreadOf(values: readonly number[]): Spread {
  const s = [...values].sort((a, b) => a - b);
  return { p10: nearestRank(s, 0.1), p50: nearestRank(s, 0.5), p90: nearestRank(s, 0.9), p99: nearestRank(s, 0.99) };
}

/**
 * What a sample keeps of its components, one column per figure in the plan's component order:
 * its figures, and what the deployed headroom reads (deployedMaxRps). Typed arrays take ~50 bytes
 * a component where an object each and a record of costs took ~310: 2,000 samples of 1,000
 * components held 885 MB, and of 5,000 would pass V8's 4 GB heap.
 */
export interface KeptColumns {
  replicas: Float64Array;
  utilization: Float64Array;
  /** NaN where the component has no p95 (null in its plan). */
  latencyP95: Float64Array;
  maxRps: Float64Array;
  maxRpsBy: string[];
  unitLabel: string[];
  /** The bill's monthly cost of each component (0 where the bill has none), or null unpriced. */
  monthly: Float64Array | null;
}

/** One sample's draws: a value per uncertain input (in `inputs` order) and the fitted coefficients it takes. */
export interface Draw {
  values: number[];
  fits: Record<string, UslParams>;
}

/** What a sample's plan keeps: its components, system figures and bill (plain data, posted between threads as it is). */
export interface SampleFigures {
  components: KeptColumns;
  monthly: number | null;
  latencyP95: number;
  peakRps: number;
  violations: { component: string | null; kind: string }[];
}

/** A sample: its draws (to plan it again) and its figures. */
type Sample = Draw & SampleFigures;

/**
 * The draws of every sample, in order: one uniform per range, then three per fitted capacity,
 * from the seeded generator. The same seed draws the same deviates for an input whatever the
 * other inputs' ranges are.
 */
export function drawSamples(inputs: readonly UncertainInput[], opts: Pick<MonteCarloOptions, 'samples' | 'seed' | 'fits' | 'fitInputs'>): Draw[] {
  const next = uniforms(opts.seed);
  const draws: Draw[] = [];
  for (let j = 0; j < opts.samples; j++) {
    const values = inputs.map((input) => valueAt(input.range, normalQuantile(next()), true));
    const fits: Record<string, UslParams> = { ...opts.fits };
    for (const f of opts.fitInputs ?? []) fits[f.component] = sampleFit(f, [normalQuantile(next()), normalQuantile(next()), normalQuantile(next())]);
    draws.push({ values, fits });
  }
  return draws;
}

/**
 * What plans one phase of the profile at given draws (`planAt`) and keeps a sample's figures of
 * it (`figures`): made once per thread, since it remembers the request graphs it builds. A
 * sample's figures depend on its draws alone, whichever thread plans it.
 */
export function samplePlanner(profile: Profile, inputs: readonly UncertainInput[], opts: Pick<MonteCarloOptions, 'phase' | 'price'>): {
  planAt: (values: readonly number[], fits: Readonly<Record<string, UslParams>> | undefined) => PhasePlan;
  figures: (draw: Draw) => SampleFigures;
} {
  const after = afterOf(profile, opts.phase);
  // Samples read only the peak: the off-peak sizing (for autoscaler floors) is skipped. The
  // request graph is built once for each components array (the draws of workload ranges keep it).
  const setValues = valueSetter(profile, inputs);
  const graphs: SolveOptions['graphs'] = new WeakMap();
  const planAt = (values: readonly number[], fits: Readonly<Record<string, UslParams>> | undefined) => {
    const p = values.length ? setValues(values) : profile;
    return planPhase(p, p.phases[opts.phase]!, { ...(fits ? { fits } : {}), offPeak: false, graphs, figuresOnly: true }, after);
  };
  const figures = (draw: Draw): SampleFigures => {
    const plan = planAt(draw.values, draw.fits);
    const bill = opts.price ? opts.price(plan) : null;
    return {
      components: keptColumns(plan.components, bill ? ((bill.byComponent ?? {}) as Record<string, number>) : null),
      monthly: bill ? bill.monthly : null,
      latencyP95: plan.system.latencyP95,
      peakRps: plan.peakRps,
      violations: plan.violations.map((v) => ({ component: v.component, kind: v.kind })),
    };
  };
  return { planAt, figures };
}

/**
 * Runs the Monte Carlo over phase `opts.phase` of the profile. `figures`, when given, are the
 * samples' figures in draw order (drawSamples with the same options), planned elsewhere (other
 * threads: src/cli/monte-carlo-threads.ts); without them each draw is planned here, in turn.
 */
export function runMonteCarlo(profile: Profile, inputs: readonly UncertainInput[], opts: MonteCarloOptions, figures?: readonly SampleFigures[]): MonteCarloResult {
  const fitInputs = opts.fitInputs ?? [];
  const { planAt, figures: figuresOf } = samplePlanner(profile, inputs, opts);
  const point = planAt([], opts.fits);
  const pointBill = opts.price ? opts.price(point) : null;

  // Only the figures are kept per sample, not the plans: 2,000 plans would be held for nothing.
  const draws = drawSamples(inputs, opts);
  const samples: Sample[] = draws.map((draw, j) => ({ ...draw, ...(figures ? figures[j]! : figuresOf(draw)) }));

  const priced = opts.price !== undefined;
  // The plan to deploy: per component, the sample at the confidence's rank by units (then
  // utilisation), planned again to take its component as it was sized there.
  const picks = point.components.map((_, i) => {
    const order = samples.map((_, j) => j).sort((a, b) => samples[a]!.components.replicas[i]! - samples[b]!.components.replicas[i]! || samples[a]!.components.utilization[i]! - samples[b]!.components.utilization[i]! || a - b);
    return order[Math.min(order.length, Math.max(1, Math.ceil(opts.confidence * order.length - 1e-9))) - 1]!;
  });
  const replanned = new Map<number, PhasePlan>();
  for (const j of picks) if (!replanned.has(j)) replanned.set(j, planAt(samples[j]!.values, samples[j]!.fits));
  const chosen = picks.map((j, i) => replanned.get(j)!.components[i]!);
  const deployPlan: PhasePlan = { ...point, components: point.components.map((c, i) => ({ ...chosen[i]!, calls: c.calls, deploy: c.deploy, offPeakReplicas: chosen[i]!.replicas })) };
  const names = point.components.map((c) => c.name);
  const deployed = samples.map((s) => sampleHeadroom(s, names, deployPlan));

  const components = point.components.map((c, i): ComponentSpread => {
    const latencies = samples.map((s) => s.components.latencyP95[i]!);
    return {
      name: c.name,
      kind: c.kind,
      replicas: spreadOf(samples.map((s) => s.components.replicas[i]!)),
      utilization: spreadOf(samples.map((s) => s.components.utilization[i]!)),
      latencyP95: latencies.every((l) => !Number.isNaN(l)) ? spreadOf(latencies) : null,
      monthly: priced ? spreadOf(samples.map((s) => s.components.monthly![i]!)) : null,
      point: { replicas: c.replicas, topology: c.topology },
      atConfidence: { replicas: chosen[i]!.replicas, topology: chosen[i]!.topology },
    };
  });
  return {
    profile: profile.name,
    phase: point.name,
    samples: opts.samples,
    seed: opts.seed,
    confidence: opts.confidence,
    inputs: inputs.map((i) => ({ path: i.path, law: i.range.law, kind: i.range.kind, p10: i.range.p10, p50: i.range.p50, p90: i.range.p90 })),
    components,
    system: {
      monthly: priced ? spreadOf(samples.map((s) => s.monthly!)) : null,
      latencyP95: spreadOf(samples.map((s) => s.latencyP95)),
      headroom: spreadOf(deployed),
      coverage: deployed.filter((h) => h >= 1 - 1e-9).length / Math.max(1, deployed.length),
      peakRps: spreadOf(samples.map((s) => s.peakRps)),
      violationShare: samples.filter((s) => s.violations.length > 0).length / Math.max(1, samples.length),
      violations: violationShares(samples),
    },
    point: { monthly: pointBill ? pointBill.monthly : null, latencyP95: point.system.latencyP95, headroom: point.system.headroom },
    deploy: { monthly: opts.price ? opts.price(deployPlan).monthly : null },
    tornado: tornado(inputs, fitInputs, point, (values, fits) => planAt(values, fits), { ...(opts.fits ? { fits: opts.fits } : {}), ...(opts.price ? { price: opts.price } : {}) }),
  };
}

/** A sample's components as columns (keptColumns' layout), their costs from the bill's record by name. */
function keptColumns(components: readonly ComponentPlan[], costs: Readonly<Record<string, number>> | null): KeptColumns {
  const n = components.length;
  const out: KeptColumns = { replicas: new Float64Array(n), utilization: new Float64Array(n), latencyP95: new Float64Array(n), maxRps: new Float64Array(n), maxRpsBy: new Array<string>(n), unitLabel: new Array<string>(n), monthly: costs ? new Float64Array(n) : null };
  for (let i = 0; i < n; i++) {
    const c = components[i]!;
    out.replicas[i] = c.replicas;
    out.utilization[i] = c.utilization;
    out.latencyP95[i] = c.latencyP95 ?? NaN;
    out.maxRps[i] = c.maxRps;
    out.maxRpsBy[i] = c.maxRpsBy;
    out.unitLabel[i] = c.unitLabel;
    if (out.monthly) out.monthly[i] = costs![c.name] ?? 0;
  }
  return out;
}

/** deployedHeadroom (deployed.ts) of a sample kept as columns: its components as objects again for the call only. */
function sampleHeadroom(s: SampleFigures, names: readonly string[], deployed: Pick<PhasePlan, 'components'>): number {
  const k = s.components;
  const components: HeldComponent[] = names.map((name, i) => ({ name, replicas: k.replicas[i]!, maxRps: k.maxRps[i]!, maxRpsBy: k.maxRpsBy[i]!, unitLabel: k.unitLabel[i]! }));
  return deployedHeadroom({ peakRps: s.peakRps, components }, deployed);
}

/** How often each violation (component, kind) occurs across the sampled plans, commonest first. */
function violationShares(plans: readonly Pick<Sample, 'violations'>[]): { component: string | null; kind: string; share: number }[] {
  const counts = new Map<string, { component: string | null; kind: string; n: number }>();
  for (const p of plans) {
    const seen = new Set<string>();
    for (const v of p.violations) {
      const key = `${v.component ?? ''}\u0000${v.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = counts.get(key) ?? { component: v.component, kind: v.kind, n: 0 };
      entry.n++;
      counts.set(key, entry);
    }
  }
  return [...counts.values()]
    .sort((a, b) => b.n - a.n || ((a.component ?? '') < (b.component ?? '') ? -1 : (a.component ?? '') > (b.component ?? '') ? 1 : a.kind < b.kind ? -1 : 1))
    .map((e) => ({ component: e.component, kind: e.kind, share: e.n / Math.max(1, plans.length) }));
}
