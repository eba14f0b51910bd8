/**
 * The pipeline every plan-reading command shares: load the profile, fit the load tests its
 * components name, solve, and price. Commands add only their own output.
 */
import { dirname, resolve } from 'node:path';
import type { UslParams } from '../kinds/kind.js';
import { solvePhases, type PlanSource, type SolveOptions } from '../plan/solve.js';
import type { PhasePlan, Plan } from '../plan/types.js';
import { unboundedReason } from '../plan/unbounded.js';
import type { Diagnostic } from '../profile/diagnostic.js';
import type { UncertainInput } from '../explore/sample-profile.js';
import type { Profile } from '../profile/load.js';
import type { SourceDocument } from '../profile/source.js';
import { pricePhasePlan, type BillOptions } from '../pricing/bill.js';
import { catalogAgeWarning, catalogAsOf, catalogRegions, shippedCatalog } from '../pricing/catalog.js';
import type { Arch, Provider } from '../pricing/catalog-types.js';
import type { DaemonsetsInput } from '../pricing/daemonsets.js';
import { applyPriceOverrides, type PriceOverrideProblem, type PriceOverrides } from '../pricing/price-overrides.js';
import { uslCapacityProblem } from '../kinds/usl-bounds.js';
import { InputError, UsageError } from './errors.js';
import { readLoadTestInputs } from './load-tests.js';
import { ComponentKeys, LargestCounts, planPlausibilityWarnings } from './plan-plausibility.js';
import { loadProfileFile } from './profile-input.js';
import { uslPeakWarnings } from './usl-peak-warnings.js';

/** Bill choices from flags; each overrides the profile's `pricing:` section. */
export interface PricingFlags {
  provider?: string | undefined;
  region?: string | undefined;
  target?: string | undefined;
  arch?: string | undefined;
  /** false with --no-bill. */
  bill?: boolean | undefined;
  /** A calibration overlay (capplan observe --write) merged over the profile. */
  calibration?: string | undefined;
}

/** A planned (and priced) profile, with the messages worth telling the user on stderr. */
export interface PlannedProfile {
  profile: Profile;
  doc: SourceDocument;
  plan: Plan;
  /** USL coefficients fitted from the load-test files components name. */
  fits: Record<string, UslParams>;
  /** The same fits with the covariance of their coefficients, for sampling them (`plan --uncertain`). */
  fitCovariances: Record<string, number[][] | null>;
  /** Inputs written as ranges; the plan is at their medians. */
  uncertain: UncertainInput[];
  warnings: Diagnostic[];
  notes: string[];
}

/**
 * Loads, fits, solves and prices a profile file. `today` dates the catalog-age note; null leaves
 * the note out (a report without a date must not change from one day to the next). `onlyPhase`
 * (a name, or an index into the profile's phases) plans (and prices) that phase alone, for a
 * command that shows one; a name no phase has plans every phase, so that the caller reports it
 * with the phases' names as before.
 */
export async function planProfileFile(file: string, flags: PricingFlags = {}, today: Date | string | null = new Date(), onlyPhase?: string | number, shown: ShownParts = {}): Promise<PlannedProfile> {
  // The phases are all kept: a phase's texts equal to the phase before's are kept once (solve's shareTexts).
  const stream = await planInPhases(file, flags, today, onlyPhase, { ...shown, shareTexts: true });
  const { plan: source, finish, phaseFound: _found, ...rest } = stream;
  const phases = [...source.phases];
  const plan: Plan = { apiVersion: source.apiVersion, profile: source.profile, phases, notes: [...source.notes], profileNotes: source.profileNotes, alerts: source.alerts };
  const { warnings, notes } = finish();
  return { ...rest, plan, warnings, notes };
}

/** planProfileFile's plan a phase at a time: each phase solved and priced as it is read (PlanSource). */
export interface PlannedInPhases extends Omit<PlannedProfile, 'plan' | 'warnings' | 'notes' | 'doc'> {
  /** Read its phases once, then its notes, then call finish. */
  plan: PlanSource;
  /** Whether `onlyPhase` names a phase of the profile (true without one). */
  phaseFound: boolean;
  /** Once the phases are read: the warnings (the profile's, then the plan's plausibility findings), the notes, and how many violations the phases had. */
  finish(): { warnings: Diagnostic[]; notes: string[]; violations: number };
}

/**
 * planProfileFile a phase at a time, for a command that writes each phase and drops it (`plan`
 * of 5,000 components × 20 phases held 1 GB of plans, bills and text until the end): the same
 * phases, warnings and notes (test/cli/plan-in-phases.test.ts). Keeps of the phases only each
 * component's largest count (the plausibility check reads every phase) and the violations' number.
 */
export async function planProfileInPhases(file: string, flags: PricingFlags = {}, today: Date | string | null = new Date(), onlyPhase?: string, shown: ShownParts = {}): Promise<PlannedInPhases> {
  // Each phase is dropped once read: sharing its texts with the phase before would only keep that one alive.
  const { doc: _doc, ...planned } = await planInPhases(file, flags, today, onlyPhase, { ...shown, shareTexts: false });
  return planned;
}

/** The parts of a plan a caller leaves out because its output does not show them (SolveOptions: both default to true). */
export type ShownParts = Pick<SolveOptions, 'offPeak' | 'explanations'>;

/**
 * What `check` reads of a plan: the gate's summaries and rules (src/gate), the simulate rule's
 * model (src/simulate/from-plan.ts) and the runway read neither the replicas at the mean rate
 * nor the explanations, so the gate plans without both (test/gate/check-parts.test.ts): on every
 * pull request, a second sizing of every component and the texts only --explain prints.
 */
export const GATE_PARTS: ShownParts = { offPeak: false, explanations: false };

async function planInPhases(file: string, flags: PricingFlags, today: Date | string | null, onlyPhase: string | number | undefined, parts: ShownParts & { shareTexts: boolean }): Promise<PlannedInPhases & { doc: SourceDocument }> {
  const { profile, warnings, doc, uncertain } = await loadProfileFile(file, { calibration: flags.calibration });
  const { fits, covariances: fitCovariances } = await fitCapacityFiles(profile, file, doc);
  const curveWarnings = uslPeakWarnings(profile, doc, fits);
  const index = onlyPhase === undefined ? -1 : typeof onlyPhase === 'number' ? (onlyPhase < profile.phases.length ? onlyPhase : -1) : profile.phases.findIndex((p) => p.name === onlyPhase);
  const notes: string[] = [];
  let bill: BillOptions | null = null;
  if (flags.bill !== false) {
    const { options, warnings: priceWarnings } = billOptionsAt(profile, doc, flags);
    bill = options;
    notes.push(...priceWarnings);
    const age = today === null ? null : catalogAgeWarning(catalogAsOf({ provider: options.target === 'onprem' ? 'onprem' : options.provider }, options.catalog), today);
    if (age) notes.push(age);
  }
  // What the plausibility warnings need of the document, so that planProfileInPhases drops it before solving.
  const keys = new ComponentKeys(profile, doc);
  const solved = solvePhases(profile, index < 0 ? { fits, ...parts } : { fits, ...parts, phase: index });
  const largest = new LargestCounts();
  // Phases no component of which limits the rate (nothing loaded): a warning at `components` each.
  const componentsAt = doc.position(['components'], { key: true });
  const unbounded: Diagnostic[] = [];
  let violations = 0;
  const solvedPhases = solved.phases[Symbol.iterator]();
  // An iterator, not a generator, so that nothing here holds a phase while the next is solved.
  const phases: IterableIterator<PhasePlan> = {
    [Symbol.iterator]() {
      return this;
    },
    next(): IteratorResult<PhasePlan> {
      const solvedPhase = solvedPhases.next();
      if (solvedPhase.done) return solvedPhase;
      const phase = bill === null ? solvedPhase.value : pricePhasePlan(solvedPhase.value, bill);
      largest.add(phase);
      violations += phase.violations.length;
      const reason = unboundedReason(phase);
      if (reason !== null) {
        unbounded.push({
          file: profile.file, line: componentsAt.line, col: componentsAt.col, path: 'components', severity: 'warning',
          message: `phase "${phase.name}": ${reason}, so nothing is sized for the load, and the plan names no bottleneck, max sustainable load or headroom`,
          hint: 'an entry component takes 1 visit per request unless perRequest says otherwise; check the perRequest figures and the calls meant to reach the others',
        });
      }
      return { done: false, value: phase };
    },
  };
  const finish = () => ({ warnings: [...warnings, ...curveWarnings, ...unbounded, ...planPlausibilityWarnings(largest.counts(), profile, keys)], notes, violations });
  return { profile, doc, plan: { ...solved, phases }, fits, fitCovariances, uncertain, phaseFound: onlyPhase === undefined || index >= 0, finish };
}

/** billOptions, with a region the profile names (not a flag) reported at its place in the profile. */
export function billOptionsAt(profile: Profile, doc: SourceDocument, flags: PricingFlags): ReturnType<typeof billOptions> {
  try {
    return billOptions(profile, flags);
  } catch (error) {
    const fromProfile = flags.region === undefined && (profile.input.pricing as { region?: string } | undefined)?.region !== undefined;
    if (!(error instanceof UsageError) || !fromProfile) throw error;
    const pos = doc.position(['pricing', 'region']);
    throw new InputError([{ file: profile.file, line: pos.line, col: pos.col, path: 'pricing.region', message: error.message.replace(/^the catalog/, 'the price catalog'), severity: 'error', ...(error.hint ? { hint: error.hint } : {}) }]);
  }
}

/** Bill options from flags, then the profile's pricing section, then defaults (aws, cloud). */
export function billOptions(profile: Profile, flags: PricingFlags): { options: BillOptions; warnings: string[]; problems: PriceOverrideProblem[] } {
  const pricing = (profile.input.pricing ?? {}) as PriceOverrides & { provider?: Provider; region?: string; target?: 'cloud' | 'onprem'; arch?: Arch; daemonsets?: DaemonsetsInput };
  const provider = (flags.provider ?? pricing.provider ?? 'aws') as Provider;
  const target = (flags.target ?? pricing.target ?? 'cloud') as 'cloud' | 'onprem';
  const regions = catalogRegions().filter((r) => r.provider === provider).map((r) => r.region);
  const region = flags.region ?? pricing.region ?? regions[0]!;
  if (target === 'cloud' && !regions.includes(region)) {
    throw new UsageError(`the catalog has no ${provider} prices for region "${region}"`, `${provider} regions in the catalog: ${regions.join(', ')} (run capplan catalog)`);
  }
  const arch = (flags.arch ?? pricing.arch ?? 'amd64') as Arch;
  const { provider: _p, region: _r, target: _t, arch: _a, daemonsets, ...overrides } = pricing;
  const applied = applyPriceOverrides(shippedCatalog(), overrides);
  return { options: { target, provider, region, catalog: applied.catalog, arch, ...(daemonsets !== undefined ? { daemonsets } : {}) }, warnings: applied.warnings, problems: applied.problems };
}

/** Fits the USL to the load-test file each `capacity.fit` names (relative to the profile). */
export async function fitCapacityFiles(profile: Profile, file: string, doc: SourceDocument): Promise<{ fits: Record<string, UslParams>; covariances: Record<string, number[][] | null> }> {
  const fits: Record<string, UslParams> = {};
  const covariances: Record<string, number[][] | null> = {};
  const fitFile = (capacity: unknown) => (typeof capacity === 'object' && capacity !== null ? (capacity as { fit?: string }).fit : undefined);
  const wanted = profile.phases.some((p) => p.components.some((c) => fitFile(c.settings.capacity) !== undefined));
  if (!wanted) return { fits, covariances };
  const problems: Diagnostic[] = [];
  const seen = new Set<string>();
  const checked = new Set<string>();
  for (const phase of profile.phases) {
    for (const c of phase.components) {
      const cap = c.settings.capacity as { fit?: string; x?: string; y?: string; concurrency: number } | number | undefined;
      if (typeof cap !== 'object' || cap.fit === undefined) continue;
      const pos = doc.position([...c.segments, 'capacity', 'fit']);
      const where = { file: profile.file, line: pos.line, col: pos.col, path: `${c.path}.capacity.fit`, severity: 'error' as const };
      if (!seen.has(c.name)) {
        seen.add(c.name);
        const fitted = await fitFileAt(cap, resolve(dirname(file), cap.fit), where);
        if ('problems' in fitted) {
          problems.push(...fitted.problems);
          continue;
        }
        fits[c.name] = fitted.params;
        covariances[c.name] = fitted.covariance;
      }
      const params = fits[c.name];
      // A fit the data give can still be no capacity (λ below any rate, X(N) ≈ 0): refused at the key, as an
      // inline usl is, rather than divided by in the planner. Checked at each concurrency a phase gives.
      const at = `${pos.line}:${pos.col}:${cap.concurrency}`;
      if (params === undefined || checked.has(at)) continue;
      checked.add(at);
      const problem = uslCapacityProblem(params, cap.concurrency);
      if (problem) problems.push({ ...where, message: `the fit of ${cap.fit} gives no capacity to plan on: ${problem}`, hint: `run capplan fit ${cap.fit} to see the curve and its points` });
    }
  }
  if (problems.length) throw new InputError(problems);
  return { fits, covariances };
}

/** Reads and fits one load-test file for `capacity.fit`; its problems positioned at `where` (the profile's key). */
async function fitFileAt(
  cap: { fit?: string; x?: string; y?: string },
  path: string,
  where: Omit<Diagnostic, 'message'>,
): Promise<{ params: UslParams; covariance: number[][] | null } | { problems: Diagnostic[] }> {
  // Only profiles that name load-test files pay for the fitting code.
  const { detectAndParse, fitUsl, formatDiagnostic, isDiagnostics } = await import('../fit/index.js');
  let inputs;
  try {
    inputs = await readLoadTestInputs(path);
  } catch (error) {
    return { problems: [{ ...where, message: error instanceof UsageError ? error.message : String(error) }] };
  }
  const series = detectAndParse(inputs, { ...(cap.x ? { x: cap.x } : {}), ...(cap.y ? { y: cap.y } : {}) });
  if (isDiagnostics(series)) return { problems: series.map((d) => ({ ...where, message: `in ${cap.fit}: ${formatDiagnostic(d)}` })) };
  const fit = fitUsl(series.points);
  if (!fit.ok) return { problems: [{ ...where, message: `cannot fit ${cap.fit}: ${fit.message}` }] };
  return { params: fit.params, covariance: fit.covariance };
}
