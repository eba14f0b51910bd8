/**
 * Sensitivity by one-at-a-time swings (a tornado diagram): each uncertain input moved from its
 * p10 to its p90 with every other input at its median. At both ends the phase is re-planned and
 * priced (the cost swing: what the truth would cost), and the plan at the medians is held to the
 * new load and capacities (the headroom swing: what the truth would leave of the plan you
 * deploy). Inputs are ranked by the cost swing, then the headroom swing: the estimates worth
 * measuring first are at the top.
 */
import type { UslParams } from '../fit/usl-model.js';
import type { Bill, PhasePlan } from '../plan/types.js';
import { deployedHeadroom } from './deployed.js';
import { fitAtDeviate, fitCapacityQuantiles, type FitInput } from './fit-sampling.js';
import { valueAt, Z90 } from './ranges.js';
import type { UncertainInput } from './sample-profile.js';

/** One bar of the tornado. */
export interface TornadoRow {
  /** The input's path (`components.api.serviceTime`; a fitted capacity: `components.api.capacity.fit`). */
  input: string;
  /** The input at its p10 and p90 (SI; a fitted capacity's in ops/s per replica). */
  low: number;
  high: number;
  /** Monthly cost of the plan sized with the input at p10 and at p90; null when not priced. */
  monthlyLow: number | null;
  monthlyHigh: number | null;
  /** |monthlyHigh − monthlyLow|; null when not priced. */
  monthlySwing: number | null;
  /** Headroom of the plan at the medians (its units) when the input is at p10 and at p90. */
  headroomLow: number;
  headroomHigh: number;
  headroomSwing: number;
  latencyP95Low: number;
  latencyP95High: number;
}

/** Options of tornado(). */
export interface TornadoOptions {
  fits?: Readonly<Record<string, UslParams>>;
  price?: (phase: PhasePlan) => Bill;
}

/** Plans the phase with the inputs at `values` (and fitted coefficients `fits`). */
export type PlanAt = (values: readonly number[], fits: Readonly<Record<string, UslParams>> | undefined) => PhasePlan;

/** The tornado of a phase, largest swing first; `point` is the plan at the medians. */
export function tornado(inputs: readonly UncertainInput[], fitInputs: readonly FitInput[], point: PhasePlan, planAt: PlanAt, opts: TornadoOptions): TornadoRow[] {
  const medians = inputs.map((i) => i.range.p50);
  const run = (values: readonly number[], fits: Readonly<Record<string, UslParams>> | undefined) => {
    const plan = planAt(values, fits);
    return { plan, monthly: opts.price ? opts.price(plan).monthly : null };
  };
  const row = (input: string, low: number, high: number, lo: ReturnType<typeof run>, hi: ReturnType<typeof run>): TornadoRow => {
    const [hLow, hHigh] = [deployedHeadroom(lo.plan, point), deployedHeadroom(hi.plan, point)];
    return {
      input,
      low,
      high,
      monthlyLow: lo.monthly,
      monthlyHigh: hi.monthly,
      monthlySwing: lo.monthly === null || hi.monthly === null ? null : Math.abs(hi.monthly - lo.monthly),
      headroomLow: hLow,
      headroomHigh: hHigh,
      headroomSwing: swing(hLow, hHigh),
      latencyP95Low: lo.plan.system.latencyP95,
      latencyP95High: hi.plan.system.latencyP95,
    };
  };
  const rows = inputs.map((input, i) => {
    const at = (z: number) => medians.map((m, k) => (k === i ? valueAt(input.range, z, true) : m));
    return row(input.path, input.range.p10, input.range.p90, run(at(-Z90), opts.fits), run(at(Z90), opts.fits));
  });
  for (const f of fitInputs) {
    const q = fitCapacityQuantiles(f);
    const at = (z: number) => run(medians, { ...opts.fits, [f.component]: fitAtDeviate(f, z) });
    rows.push(row(f.path, q.p10, q.p90, at(-Z90), at(Z90)));
  }
  return rows.sort((a, b) => (b.monthlySwing ?? 0) - (a.monthlySwing ?? 0) || b.headroomSwing - a.headroomSwing || (a.input < b.input ? -1 : a.input > b.input ? 1 : 0));
}

/** The distance between two headrooms; an unbounded end counts as no swing to compare. */
function swing(a: number, b: number): number {
  return Number.isFinite(a) && Number.isFinite(b) ? Math.abs(b - a) : 0;
}
