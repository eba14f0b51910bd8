/**
 * capplan runway: a phase's load grown month by month along `workload.growth`, each month
 * re-planned (and priced, when a price function is given); against it, today's topology (the
 * month-0 plan) and the month each component must scale, each violation first appears, and data
 * accumulates. Pure: the command passes the pricing in.
 */
import { SECONDS_PER_BILLING_MONTH } from '../plan/footprint.js';
import type { SolveOptions } from '../plan/solve.js';
import type { Bill, ComponentPlan, PhasePlan, Violation } from '../plan/types.js';
import { QUANTITY_RANGE } from '../profile/limits.js';
import type { Profile } from '../profile/load.js';
import { formatBytesDecimal, formatNumber } from '../units/format.js';
import { monthLabel, type GrowthCurve } from './growth.js';
import { eventPhrase, scalePhrase } from './runway-events.js';
import { keptAcrossPlans, phaseAtScale, planPhase } from './scale.js';
import { byName } from '../plan/by-name.js';

/** One component in one month. */
export interface RunwayComponent {
  name: string;
  /** Units the planner sizes for this month's load. */
  replicas: number;
  topology: string;
  utilization: number;
  /** Today's units' max sustainable req/s ÷ this month's peak. */
  headroomToday: number;
  /** Data held at the end of the month (bytes): stateful kinds only. */
  storageBytes: number | null;
  /** Monthly cost allocated to it (bill.byComponent), when priced. */
  monthly: number | null;
}

/** One month of the runway. */
export interface RunwayMonth {
  month: number;
  /** "month 14", or "2027-03" when the growth is dated. */
  label: string;
  /** Load as a multiple of today's. */
  scale: number;
  peakRps: number;
  components: RunwayComponent[];
  /** The month's bill (storage at what it holds), when priced. */
  monthly: number | null;
  /** The bill's node pools in short: "3×m7i.4xlarge", "3×c7i.8xlarge + 2×g5.xlarge"; null when not priced, priced on-prem (parts, not node pools) or nothing runs as pods. */
  nodes: string | null;
  violations: Violation[];
}

/** Something that needs action, first seen in a month. */
export interface RunwayEvent {
  month: number;
  label: string;
  component: string | null;
  /** A violation kind, or `scale` (headroom with today's units under the minimum), or `storage` (data outgrows today's devices). */
  kind: string;
  /** Short form for headlines: "postgres: writes exceed one primary". */
  summary: string;
  /** The full message. */
  message: string;
}

/** A runway. */
export interface RunwayResult {
  profile: string;
  phase: string;
  growth: string;
  start: string | null;
  horizonMonths: number;
  /** The headroom under which a component must scale (targets.minHeadroom, else 1). */
  minHeadroom: number;
  months: RunwayMonth[];
  /** Every event, earliest first (violations before scaling within a month). */
  events: RunwayEvent[];
  /** Month of the first event; null when none within the horizon. */
  runwayMonths: number | null;
  /** The first event as a sentence: "postgres: writes exceed one primary in month 14". */
  headline: string;
  /** The first violation (an event no added unit fixes), when it is not the headline; null otherwise. */
  firstViolation: string | null;
  notes: string[];
}

/** What runway needs besides the profile. */
export interface RunwayOptions {
  months: number;
  solve?: SolveOptions;
  /** Prices a month's plan (the command passes priceBill with the profile's bill options). */
  price?: (phase: PhasePlan) => Bill;
}

/**
 * A bill's node pools in a few characters, "3×m7i.4xlarge + 2×g5.xlarge" (null without any): the
 * instance type a pool is packed onto may change with the load, and with it the bill, more than
 * the replicas that changed would suggest (3 → 5 replicas of one component moved a three-zone
 * pool from m7i.4xlarge to c7i.8xlarge nodes: +$1,450 a month).
 */
function nodePools(bill: Bill): string | null {
  const packing = bill.packing;
  if (!Array.isArray(packing) || packing.length === 0) return null;
  return (packing as { instance: string; nodes: number }[]).map((p) => `${p.nodes}×${p.instance}`).join(' + ');
}

/** Grows phase `index` of the profile along `curve` for `months` months. */
export function planRunway(profile: Profile, index: number, curve: GrowthCurve, opts: RunwayOptions): RunwayResult {
  const base = profile.phases[index]!;
  const labelOf = (m: number) => (curve.start ? monthLabel(curve.start, m) : `month ${m}`);
  const minHeadroom = base.targets.minHeadroom ?? 1;
  // Each month's plan is read as it is made and then let go (a runway of 5,000 components kept 25
  // plans alive: 660 MB); what later months need of it is kept: its stored-data rates.
  const rates: ReadonlyMap<string, number>[] = [];
  const months: RunwayMonth[] = [];
  let today: PhasePlan | null = null;
  let todayByName: ReadonlyMap<string, ComponentPlan> = new Map();
  const events = eventFinder(minHeadroom);
  let cutAt: number | null = null;
  // Every month plans the same components (phaseAtScale keeps them): their call graph is built and their settings numbered once (SolveOptions.graphs, .numbering).
  const kept = keptAcrossPlans(opts.solve);
  for (let m = 0; m <= opts.months; m++) {
    const scale = curve.at(m);
    // A load past the largest rate a profile may give cannot be planned (products leave the floats): the runway ends there.
    if (m > 0 && !(base.workload.peakRps * scale <= QUANTITY_RANGE.rate.max)) {
      cutAt = m;
      break;
    }
    // Read for its figures: no explanations unless opts.solve asks (test/explore/lean-plans.test.ts), no sizing at the mean rate.
    const sized = planPhase(profile, phaseAtScale(base, scale, labelOf(m)), { explanations: false, ...opts.solve, offPeak: false, ...kept });
    rates.push(storageRates(sized));
    if (today === null) {
      today = sized;
      todayByName = byName(sized.components);
    }
    const plan = holding(sized, rates, m);
    const bill = opts.price ? opts.price(plan) : null;
    const byComponent = (bill?.byComponent ?? null) as Record<string, number> | null;
    months.push({
      month: m,
      label: labelOf(m),
      scale,
      peakRps: plan.peakRps,
      components: plan.components.map((c, i) => {
        const now = todayByName.get(c.name);
        const model = sized.components[i]!.storage;
        return {
          name: c.name,
          replicas: c.replicas,
          topology: c.topology,
          utilization: c.utilization,
          headroomToday: now && plan.peakRps > 0 ? now.maxRps / plan.peakRps : Infinity,
          storageBytes: model && model.growthBytesPerS + model.datasetBytes > 0 ? c.storageBytes : null,
          monthly: byComponent ? (byComponent[c.name] ?? 0) : null,
        };
      }),
      monthly: bill ? bill.monthly : null,
      nodes: bill ? nodePools(bill) : null,
      violations: plan.violations,
    });
    events.add(months[m]!, m, sized, today, months[0]!);
  }
  const found = events.sorted();
  const first = found[0] ?? null;
  const when = (e: RunwayEvent) => (e.month === 0 ? 'already (month 0)' : curve.start ? `in ${e.label} (month ${e.month})` : `in month ${e.month}`);
  const violation = found.find((e) => e.kind !== 'scale' && e.kind !== 'storage');
  const notes: string[] = [];
  if (cutAt !== null) notes.push(`the runway ends at month ${cutAt - 1}: in month ${cutAt} the load would pass ${QUANTITY_RANGE.rate.maxText}, the largest rate capplan plans`);
  if (curve.lastPointMonth !== null && curve.lastPointMonth < opts.months) notes.push(`growth after month ${curve.lastPointMonth} (the last point) continues at the last segment's rate`);
  if (months[0]!.components.some((c) => c.storageBytes !== null)) notes.push('storage starts from each component’s dataset and adds the mean write volume of every month since now that is still within its retention');
  return {
    profile: profile.name,
    phase: base.name,
    growth: curve.description,
    start: curve.start,
    horizonMonths: opts.months,
    minHeadroom,
    months,
    events: found,
    runwayMonths: first ? first.month : null,
    headline: first ? `${first.summary} ${when(first)}` : `no action needed within ${opts.months} months`,
    firstViolation: violation && violation !== first ? `${violation.summary} ${when(violation)}` : null,
    notes,
  };
}

/*
 * Data held at the end of month m (the plan's storage model, footprint.ts, with the load growing):
 * the dataset, plus each month k = 1..m's writes (month k's plan's mean write volume per second ×
 * the 730-hour month) weighted by how much of that month is still within the retention R (in
 * months): w_k = min(1, max(0, R − (m − k))).
 */
/** Bytes a component holds at the end of month m, from the monthly growth rates of months 1..m (growthBytesPerS[k]). */
export function storedAt(datasetBytes: number, retentionS: number, growthBytesPerS: readonly number[], m: number): number {
  const r = retentionS / SECONDS_PER_BILLING_MONTH;
  let bytes = datasetBytes;
  for (let k = 1; k <= m; k++) bytes += Math.min(1, Math.max(0, r - (m - k))) * growthBytesPerS[k]! * SECONDS_PER_BILLING_MONTH;
  return bytes;
}

/**
 * Month m's plan holding what its stateful components have accumulated: `storageBytes` is the
 * data held, and the storage model says the same to the bill (footprint.ts: dataset + rate ×
 * min(age, retention), with the phase's age m months and the rate the mean over that time).
 */
function holding(plan: PhasePlan, rates: readonly ReadonlyMap<string, number>[], m: number): PhasePlan {
  const age = m * SECONDS_PER_BILLING_MONTH;
  return {
    ...plan,
    afterS: age,
    components: plan.components.map((c) => {
      const s = c.storage;
      if (!s || s.growthBytesPerS <= 0 || s.retentionS <= 0) return c;
      const held = storedAt(s.datasetBytes, s.retentionS, rates.map((r) => r.get(c.name) ?? 0), m);
      const t = Math.min(Math.max(age, SECONDS_PER_BILLING_MONTH), s.retentionS);
      return { ...c, storageBytes: held, storage: { ...s, growthBytesPerS: (held - s.datasetBytes) / t } };
    }),
  };
}

/*
 * A component must scale in the first month where either today's units leave under the minimum
 * headroom (their max sustainable rate at the target utilisation ÷ the month's peak), or the
 * month's plan needs other units than today's while the load is above today's: the planner sizes
 * each month to the least units meeting every target, so a plan that needs more (or another
 * layout: GPUs per replica, shards) means today's units miss one of the targets that month (zone
 * loss, N+1, a latency budget, connections), which headroom alone does not see. On the bundled
 * profiles the plan changes one to four months before the headroom runs out. Not for disks whose
 * device count the data binds: the month's plan sizes them for its own rate over the whole
 * retention, the storage event for the data the months have actually written.
 */
/** Whether the month's plan needs other units than today's for a load above today's (more replicas, or another topology). */
function outgrows(c: RunwayComponent, now: Pick<RunwayComponent, 'replicas' | 'topology'>, month: RunwayMonth, first: RunwayMonth): boolean {
  return month.peakRps > first.peakRps && (c.replicas > now.replicas || (c.replicas === now.replicas && c.topology !== now.topology));
}

/** The violation of the ceiling a component's max rate is limited by, where no unit count lifts it (runway-events.ts's scalePhrase says "nears" it). */
const CEILING_VIOLATIONS: Readonly<Record<string, string>> = { rateLimit: 'rateLimit', writes: 'writes' };

/** A month's plan's stored-data growth rates by component (what later months' data held is summed from). */
function storageRates(plan: PhasePlan): ReadonlyMap<string, number> {
  const out = new Map<string, number>();
  for (const c of plan.components) if (c.storage && !out.has(c.name)) out.set(c.name, c.storage.growthBytesPerS);
  return out;
}

/** The runway's events, found month by month as each month is planned (the first of each kind for each component), then sorted. */
function eventFinder(minHeadroom: number): { add(month: RunwayMonth, m: number, plan: PhasePlan, today: PhasePlan, firstMonth: RunwayMonth): void; sorted(): RunwayEvent[] } {
  const events: RunwayEvent[] = [];
  const seen = new Set<string>();
  let todayByName: ReadonlyMap<string, ComponentPlan> | null = null;
  const add = (month: RunwayMonth, m: number, plan: PhasePlan, today: PhasePlan, firstMonth: RunwayMonth): void => {
    todayByName ??= byName(today.components);
    const planByName = byName(plan.components);
    const monthByName = byName(month.components);
    for (const v of month.violations) {
      const key = `${v.component ?? ''}/${v.kind}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const c = v.component ? planByName.get(v.component) : undefined;
      events.push({ month: m, label: month.label, component: v.component, kind: v.kind, summary: eventPhrase(v, c), message: v.message });
    }
    month.components.forEach((c, i) => {
      const now = todayByName!.get(c.name);
      if (!now || seen.has(`${c.name}/scale`)) return;
      const planned = plan.components[i]!;
      // A ceiling no unit lifts (a provider's rate limit, one primary's writes) that its violation already reported: nothing near about it.
      const ceiling = CEILING_VIOLATIONS[now.maxRpsBy];
      if (ceiling !== undefined && seen.has(`${c.name}/${ceiling}`)) return;
      const short = c.headroomToday < minHeadroom * (1 - 1e-9);
      // Devices sized for their data are the storage event's (below, from the data the months accumulate).
      const outgrown = planned.binding !== 'storage' && outgrows(c, now, month, firstMonth);
      if (!short && !outgrown) return;
      seen.add(`${c.name}/scale`);
      const headroom = `${formatNumber(c.headroomToday)}× headroom`;
      events.push(outgrown
        ? {
          month: m, label: month.label, component: c.name, kind: 'scale',
          summary: `${c.name} must scale to ${c.topology} (${planned.binding})`,
          message: `this month's plan needs ${c.topology} (binding ${planned.binding}): today's ${now.topology} no longer meet the targets, though they carry ${formatNumber(now.maxRps)} req/s at the target utilisation (${headroom} at the peak of ${formatNumber(month.peakRps)} req/s)`,
        }
        : {
          month: m, label: month.label, component: c.name, kind: 'scale',
          summary: `${c.name} ${scalePhrase(now.maxRpsBy)} (headroom ${formatNumber(c.headroomToday)}×)`,
          message: `today's ${now.topology} carry ${formatNumber(now.maxRps)} req/s at the target utilisation; the peak of ${formatNumber(month.peakRps)} req/s leaves ${headroom}; the plan for this month: ${c.topology}`,
        });
    });
    for (const disk of today.components) {
      if (disk.kind !== 'disk' || !disk.storage || seen.has(`${disk.name}/storage`)) continue;
      const size = disk.detail.deviceSize as number | undefined;
      const capacity = size === undefined ? null : disk.replicas * size * disk.storage.fill;
      const held = monthByName.get(disk.name)?.storageBytes ?? 0;
      if (capacity === null || !(held > capacity)) continue;
      seen.add(`${disk.name}/storage`);
      events.push({ month: m, label: month.label, component: disk.name, kind: 'storage', summary: `${disk.name}: data outgrows today's ${disk.topology}`, message: `${formatBytesDecimal(held)} held; today's devices take ${formatBytesDecimal(capacity)} at their fill limit` });
    }
  };
  const sorted = (): RunwayEvent[] => {
    const order = (e: RunwayEvent) => (e.kind === 'scale' || e.kind === 'storage' ? 1 : 0);
    return events.sort((a, b) => a.month - b.month || order(a) - order(b));
  };
  return { add, sorted };
}
