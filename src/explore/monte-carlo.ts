/**
 * `capplan plan --uncertain`: a seeded Monte Carlo over a profile's uncertain inputs. Each sample
 * draws every range (and every fitted capacity) by the inverse CDF of one uniform deviate per
 * input, plans the phase and prices it; the result is the P10/P50/P90/P99 of each figure, the
 * units that cover the chosen confidence, and the tornado (tornado.ts). Pure; pricing is passed in.
 */
import type { UslParams } from '../fit/usl-model.js';
import type { Bill, ComponentPlan, PhasePlan } from '../plan/types.js';
import type { Profile } from '../profile/load.js';
import { deployedHeadroom } from './deployed.js';
import { sampleFit, type FitInput } from './fit-sampling.js';
import { normalQuantile, uniforms } from './random.js';
import { valueAt } from './ranges.js';
import { withValues, type UncertainInput } from './sample-profile.js';
import { planPhase } from './scale.js';
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

/** Runs the Monte Carlo over phase `opts.phase` of the profile. */
export function runMonteCarlo(profile: Profile, inputs: readonly UncertainInput[], opts: MonteCarloOptions): MonteCarloResult {
  const fitInputs = opts.fitInputs ?? [];
  const next = uniforms(opts.seed);
  const solveOpts = (fits: Readonly<Record<string, UslParams>> | undefined) => (fits ? { fits } : {});
  const point = planPhase(profile, profile.phases[opts.phase]!, solveOpts(opts.fits));
  const pointBill = opts.price ? opts.price(point) : null;

  const plans: PhasePlan[] = [];
  const bills: (Bill | null)[] = [];
  for (let j = 0; j < opts.samples; j++) {
    // One uniform per range, then three per fitted capacity, in a fixed order: the same seed
    // draws the same deviates for an input whatever the other inputs' ranges are.
    const values = inputs.map((input) => valueAt(input.range, normalQuantile(next()), true));
    const fits: Record<string, UslParams> = { ...opts.fits };
    for (const f of fitInputs) fits[f.component] = sampleFit(f, [normalQuantile(next()), normalQuantile(next()), normalQuantile(next())]);
    const sampled = withValues(profile, inputs, values);
    const plan = planPhase(sampled, sampled.phases[opts.phase]!, solveOpts(fits));
    plans.push(plan);
    bills.push(opts.price ? opts.price(plan) : null);
  }

  const priced = opts.price !== undefined;
  const chosen: ComponentPlan[] = [];
  const components = point.components.map((c): ComponentSpread => {
    const each = plans.map((p) => p.components.find((k) => k.name === c.name)!);
    const byUnits = [...each].sort((a, b) => a.replicas - b.replicas || a.utilization - b.utilization);
    const pick = byUnits[Math.min(byUnits.length, Math.max(1, Math.ceil(opts.confidence * byUnits.length - 1e-9))) - 1]!;
    chosen.push(pick);
    const latencies = each.map((k) => k.latencyP95);
    return {
      name: c.name,
      kind: c.kind,
      replicas: spreadOf(each.map((k) => k.replicas)),
      utilization: spreadOf(each.map((k) => k.utilization)),
      latencyP95: latencies.every((l) => l !== null) ? spreadOf(latencies as number[]) : null,
      monthly: priced ? spreadOf(bills.map((b) => ((b?.byComponent ?? {}) as Record<string, number>)[c.name] ?? 0)) : null,
      point: { replicas: c.replicas, topology: c.topology },
      atConfidence: { replicas: pick.replicas, topology: pick.topology },
    };
  });
  const deployPlan: PhasePlan = { ...point, components: point.components.map((c, i) => ({ ...chosen[i]!, calls: c.calls, deploy: c.deploy })) };
  const deployed = plans.map((p) => deployedHeadroom(p, deployPlan));
  return {
    profile: profile.name,
    phase: point.name,
    samples: opts.samples,
    seed: opts.seed,
    confidence: opts.confidence,
    inputs: inputs.map((i) => ({ path: i.path, law: i.range.law, kind: i.range.kind, p10: i.range.p10, p50: i.range.p50, p90: i.range.p90 })),
    components,
    system: {
      monthly: priced ? spreadOf(bills.map((b) => b!.monthly)) : null,
      latencyP95: spreadOf(plans.map((p) => p.system.latencyP95)),
      headroom: spreadOf(deployed),
      coverage: deployed.filter((h) => h >= 1 - 1e-9).length / Math.max(1, deployed.length),
      peakRps: spreadOf(plans.map((p) => p.peakRps)),
      violationShare: plans.filter((p) => p.violations.length > 0).length / Math.max(1, plans.length),
      violations: violationShares(plans),
    },
    point: { monthly: pointBill ? pointBill.monthly : null, latencyP95: point.system.latencyP95, headroom: point.system.headroom },
    deploy: { monthly: opts.price ? opts.price(deployPlan).monthly : null },
    tornado: tornado(profile, inputs, fitInputs, point, { phase: opts.phase, ...(opts.fits ? { fits: opts.fits } : {}), ...(opts.price ? { price: opts.price } : {}) }),
  };
}

/** How often each violation (component, kind) occurs across the sampled plans, commonest first. */
function violationShares(plans: readonly PhasePlan[]): { component: string | null; kind: string; share: number }[] {
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
