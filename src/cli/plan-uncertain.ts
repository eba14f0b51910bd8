/**
 * `capplan plan --uncertain`: the Monte Carlo over a profile's ranges and fitted capacities
 * (explore/monte-carlo.ts), wired to the plan pipeline's profile, fits and prices.
 */
import type { TextOptions } from '../explore/text.js';
import type { Format } from './context.js';
import { UsageError } from './errors.js';
import type { PlannedProfile, PricingFlags } from './plan-pipeline.js';

/** Options of the Monte Carlo. */
export interface UncertainOptions {
  samples: number;
  seed: number;
  confidence: number;
  /** Index of the phase into profile.phases. */
  phase: number;
  format: Format;
  pricing: PricingFlags;
  /** Threads planning the samples side by side (this one included; monte-carlo-threads.ts); default defaultThreads(). */
  threads?: number | undefined;
}

/** Runs the Monte Carlo and renders it. */
export async function renderUncertainPlan(planned: PlannedProfile, opts: UncertainOptions, text: TextOptions): Promise<string> {
  const [{ defaultThreads, runMonteCarloOnThreads }, { fitInput }, render, { billOptions }] = await Promise.all([
    import('./monte-carlo-threads.js'),
    import('../explore/fit-sampling.js'),
    import('../explore/render-uncertain.js'),
    import('./plan-pipeline.js'),
  ]);
  const { profile } = planned;
  const fitInputs = Object.keys(planned.fits).sort().flatMap((name) => {
    const c = profile.phases[opts.phase]!.components.find((k) => k.name === name);
    const capacity = c?.settings.capacity as { concurrency?: number } | undefined;
    const f = c && capacity?.concurrency ? fitInput(name, `${c.path}.capacity.fit`, planned.fits[name]!, planned.fitCovariances[name] ?? null, capacity.concurrency) : null;
    return f ? [f] : [];
  });
  if (planned.uncertain.length === 0 && fitInputs.length === 0) {
    throw new UsageError('nothing in the profile is uncertain: no value is a range and no capacity is fitted from a load test', 'write an estimate as a range, e.g. serviceTime: 20ms..35ms (p10..p90), { p50: 20ms, p90: 35ms } or 20ms ± 20% (docs/explore.md)');
  }
  const price = opts.pricing.bill === false ? null : billOptions(profile, opts.pricing).options;
  // The samples on this thread and workers side by side (the same figures: monte-carlo-threads.ts).
  const options = { samples: opts.samples, seed: opts.seed, confidence: opts.confidence, phase: opts.phase, fits: planned.fits, fitInputs };
  const result = await runMonteCarloOnThreads(profile, planned.uncertain, options, price, opts.threads ?? defaultThreads(), opts.threads !== undefined);
  return opts.format === 'json' ? render.renderUncertainJson(result) : opts.format === 'markdown' ? render.renderUncertainMarkdown(result) : render.renderUncertainText(result, text);
}

/** Parses `--samples`: 10 to 1,000,000. */
export function parseSamples(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !(n >= 10 && n <= 1_000_000)) throw new Error(`expected a whole number of samples from 10 to 1,000,000, got "${value}"`);
  return n;
}

/** Parses `--threads`: 1 to 64 (1: every sample on this thread). */
export function parseThreads(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !(n >= 1 && n <= 64)) throw new Error(`expected a whole number of threads from 1 to 64, got "${value}"`);
  return n;
}

/** Parses `--seed`: a whole number from 0 to 2³² − 1. */
export function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !(n <= 0xffff_ffff)) throw new Error(`expected a whole number from 0 to 4294967295, got "${value}"`);
  return n;
}

/** Parses `--confidence`: 90% or 0.9, strictly between 0 and 1. */
export function parseConfidence(value: string): number {
  const m = /^\s*(\d+(?:\.\d*)?|\.\d+)\s*(%?)\s*$/.exec(value);
  const n = m ? Number(m[1]) / (m[2] ? 100 : 1) : Number.NaN;
  if (!(n > 0 && n < 1)) throw new Error(`expected a confidence like 90% or 0.9 (between 0 and 1), got "${value}"`);
  return n;
}
