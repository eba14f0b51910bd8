/**
 * `capplan observe` as one pure pipeline over an injected query source: plan the queries, ask
 * them at one instant, apply the operational laws, compare with the model, and compute the
 * calibration overlay's values.
 */
import type { UslParams } from '../kinds/kind.js';
import type { Plan } from '../plan/types.js';
import type { Profile, ResolvedPhase } from '../profile/load.js';
import { collectObservations, ObserveError, type CollectOptions, type Observation } from './collect.js';
import { compareWithModel, type ModelComparison } from './compare.js';
import { deriveLaws, type ComponentFacts, type Derived } from './laws.js';
import { calibrationOf, type CalibratedValue, type CalibrationSettings } from './overlay.js';
import { planComponentQueries, type ComponentQueries } from './query-plan.js';
import type { ObserveSettings } from './schema.js';
import type { QuerySource } from './source.js';

/** Options of one observation run. */
export interface ObserveRunOptions extends Omit<CollectOptions, 'entry'> {
  /** The entry component (default: the first observed service or adapter no component calls). */
  entry?: string | undefined;
  /** Observe only these components (default: every observable one). */
  only?: readonly string[] | undefined;
  /** Relative tolerance around the observed p95's bucket (e.g. 0.2). */
  tolerance: number;
  fits?: Readonly<Record<string, UslParams>>;
}

/** What one run found. */
export interface ObserveResult {
  profile: string;
  observation: Observation;
  derived: Derived;
  comparisons: ModelComparison[];
  /** The overlay's values by component, in profile order. */
  calibration: { name: string; values: CalibratedValue[] }[];
  /** The profile's visits of the entry (X = X_entry / V_entry). */
  entryVisits: number;
  tolerance: number;
}

/** The queries of every observed component of the profile's base phase. */
export function planQueries(base: ResolvedPhase, rateWindowS: number, only?: readonly string[]): ComponentQueries[] {
  if (only) {
    const unknown = only.filter((n) => !base.components.some((c) => c.name === n));
    if (unknown.length) throw new ObserveError(`no component ${unknown.map((n) => `"${n}"`).join(', ')} in the profile`, null, null, `components: ${base.components.map((c) => c.name).join(', ')}`);
  }
  return base.components
    .filter((c) => !only || only.includes(c.name))
    .map((c) => planComponentQueries({ name: c.name, kind: c.settings.kind, observe: c.settings.observe as ObserveSettings | undefined }, rateWindowS))
    .filter((q): q is ComponentQueries => q !== null);
}

/** The default entry: the first observed service or adapter that no component calls, else the first observed component. */
export function defaultEntry(base: ResolvedPhase, plans: readonly ComponentQueries[]): string | null {
  const called = new Set(base.components.flatMap((c) => ((c.settings as { calls?: string[] }).calls ?? [])));
  const observed = new Set(plans.map((p) => p.name));
  const first = base.components.find((c) => observed.has(c.name) && !called.has(c.name) && (c.settings.kind === 'service' || c.settings.kind === 'adapter'));
  return first?.name ?? plans[0]?.name ?? null;
}

/** Runs the observation of a validated, planned profile against a source. */
export async function observeProfile(profile: Profile, plan: Plan, source: QuerySource, opts: ObserveRunOptions): Promise<ObserveResult> {
  const base = profile.phases[0]!;
  const plans = planQueries(base, opts.rateWindowS, opts.only);
  if (plans.length === 0) throw new ObserveError('no component to observe', null, null, 'components of kind service, adapter, agent, worker, database and cache are observed unless observe: false');
  const entry = opts.entry ?? defaultEntry(base, plans)!;
  if (!plans.some((p) => p.name === entry)) {
    throw new ObserveError(`the entry "${entry}" is not an observed component`, entry, null, `observed: ${plans.map((p) => p.name).join(', ')}`);
  }
  const observation = await collectObservations(plans, source, { ...opts, entry });
  const facts: ComponentFacts[] = plan.phases[0]!.components.map((c) => ({ name: c.name, kind: c.kind, visits: c.visits, workers: c.queue?.servers ?? 1 }));
  const entryVisits = facts.find((f) => f.name === entry)?.visits ?? 1;
  const derived = deriveLaws(observation, facts);
  const calibration = derived.components.map((d) => {
    const o = observation.components.find((c) => c.name === d.name)!;
    const settings = base.components.find((c) => c.name === d.name)!.settings as CalibrationSettings;
    return { name: d.name, values: calibrationOf(settings, d, derived.systemRps, { rate: o.rate.query, cpu: o.cpu?.query ?? null }) };
  });
  const comparisons = compareWithModel(base, derived, new Map(calibration.map((c) => [c.name, c.values])), { tolerance: opts.tolerance, fits: opts.fits ?? {} });
  return { profile: profile.name, observation, derived, comparisons, calibration, entryVisits, tolerance: opts.tolerance };
}
