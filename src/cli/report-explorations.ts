/**
 * What `capplan report` draws from src/explore: each reported phase swept in load as
 * `capplan sweep` sweeps it by default, the runway when the profile has a growth rate (as
 * `capplan runway` computes it, 24 months), and with --uncertain the tornado of
 * `capplan plan --uncertain` (its default samples, seed and confidence).
 */
import type { PlannedProfile, PricingFlags } from './plan-pipeline.js';
import type { ReportInput } from '../report/types.js';

/** Months of the runway a report shows (capplan runway's default). */
export const REPORT_RUNWAY_MONTHS = 24;
/** Sweep points per phase (capplan sweep's default). */
export const REPORT_SWEEP_STEPS = 60;

/** The explorations of the phases `indexes` (into the plan's phases). */
export async function exploreForReport(planned: PlannedProfile, opts: { indexes: number[]; uncertain: boolean; pricing: PricingFlags }): Promise<Pick<ReportInput, 'sweeps' | 'runway' | 'uncertain'>> {
  const [{ sweepFixed, fixedHardBreak }, { fixPhase }, { defaultTo }, { planRunway }, { growthCurve }, { billOptions }, { priceBill }] = await Promise.all([
    import('../explore/sweep.js'),
    import('../explore/fixed-load.js'),
    import('./commands/sweep.js'),
    import('../explore/runway.js'),
    import('../explore/growth.js'),
    import('./plan-pipeline.js'),
    import('../pricing/bill.js'),
  ]);
  const { plan, profile } = planned;
  const sweeps = opts.indexes.map((i) => {
    const phase = plan.phases[i]!;
    if (!(phase.peakRps > 0)) return null;
    return sweepFixed(plan.profile, phase, { fromScale: 0.1, toScale: defaultTo(phase, fixPhase(phase).pathSaturationRps, fixedHardBreak(phase)?.rps), points: REPORT_SWEEP_STEPS }, 0.95);
  });
  const price = opts.pricing.bill === false ? undefined : billOptions(profile, opts.pricing).options;
  const growth = profile.input.workload.growth;
  const runway = growth
    ? planRunway(profile, opts.indexes[0]!, growthCurve(growth), { months: REPORT_RUNWAY_MONTHS, solve: { fits: planned.fits }, ...(price ? { price: (p) => priceBill(p, price) } : {}) })
    : null;
  let uncertain: ReportInput['uncertain'] = null;
  if (opts.uncertain) {
    // Its samples on threads, as `plan --uncertain` plans them (the same figures on any number).
    const { defaultThreads, runMonteCarloOnThreads } = await import('./monte-carlo-threads.js');
    const result = await runMonteCarloOnThreads(profile, planned.uncertain, { samples: 2000, seed: 1, confidence: 0.9, phase: opts.indexes[0]!, fits: planned.fits }, price ?? null, defaultThreads(), false);
    uncertain = { phaseIndex: 0, bars: result.tornado, base: result.point };
  }
  return { sweeps, runway, uncertain };
}
