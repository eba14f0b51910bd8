/** `capplan size` flags: the profile's unit rules, flag-named errors and warnings, never an internal error. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runSize } from '../../src/cli/commands/size.js';
import type { CliContext } from '../../src/cli/context.js';
import { UsageError } from '../../src/cli/errors.js';
import { DEFAULT_LAYOUT } from '../../src/render/layout.js';
import { plainPalette } from '../../src/render/palette.js';

function context() {
  const out: string[] = [];
  const err: string[] = [];
  const ctx: CliContext = { out: async (t) => void out.push(t), note: (t) => void err.push(t), warnLine: (t) => void err.push(t), warn: (t) => void err.push(`capplan: ${t}`), error: (t) => void err.push(t), palette: plainPalette, errPalette: plainPalette, quiet: false, layout: DEFAULT_LAYOUT };
  return { ctx, out, err };
}

async function usage(values: Record<string, string>): Promise<string> {
  try {
    await runSize(values, 'table', context().ctx);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error('accepted');
}

describe('capplan size flags', () => {
  it('--arrival-cv sizes for bursty arrivals (GI/M/c) and is refused beyond 10, by its flag', async () => {
    const base = { rps: '800', serviceTime: '20ms', workers: '4', latencyP95: '80ms' };
    const poisson = context();
    await runSize(base, 'json', poisson.ctx);
    const bursty = context();
    await runSize({ ...base, arrivalCv: '3' }, 'json', bursty.ctx);
    const replicas = (t: string) => (JSON.parse(t) as { replicas: number }).replicas;
    expect(replicas(bursty.out.join(''))).toBeGreaterThan(replicas(poisson.out.join('')));
    expect(await usage({ ...base, arrivalCv: '30' })).toBe('--arrival-cv: must be at most 10 (got 30)');
  });
  it('needs a unit on --service-time, --think-time and --capacity, and names the flag', async () => {
    expect(await usage({ rps: '100', serviceTime: '20' })).toMatch(/^--service-time: 20 needs a unit: 20ms\? 20s\?/);
    expect(await usage({ rps: '100', capacity: '400' })).toMatch(/^--capacity: 400 needs a unit: 400\/s\? 400\/min\?/);
    expect(await usage({ concurrentUsers: '100', thinkTime: '10', capacity: '400/s' })).toMatch(/^--think-time: 10 needs a unit/);
  });
  it('refuses --think-time without --concurrent-users, which alone uses it (it was ignored beside --rps)', async () => {
    expect(await usage({ rps: '100', thinkTime: '5s', serviceTime: '20ms' })).toBe('--think-time is used only with --concurrent-users (X = N / Z); without it the flag would be ignored');
  });
  it('asks for --service-time or --capacity in the flags\' words when neither is given', async () => {
    const message = await usage({ rps: '800' });
    expect(message).toBe('needs --service-time (e.g. 20ms: the time one request takes on one worker) or --capacity (e.g. 400/s: what one replica completes per second at 100 % busy)');
    // The profile's alternative (operations) has no flag.
    expect(message).not.toMatch(/operations/);
  });
  it('names --min and --max when the one is above the other (it named --capacity or --service-time)', async () => {
    expect(await usage({ rps: '800', serviceTime: '20ms', min: '5', max: '2' })).toBe('--min and --max: replicas.min 5 is above replicas.max 2');
  });
  it('names the one flag whose bound is out of range (--max 0 said "--min and --max: Invalid input, got a mapping")', async () => {
    expect(await usage({ rps: '800', serviceTime: '20ms', max: '0' })).toBe('--max: must be at least 1 (got 0)');
    expect(await usage({ rps: '800', serviceTime: '20ms', min: '2.5' })).toBe('--min: 2.5 is not a whole number');
  });
  it('groups the digits of a large replica count in the headline, as everywhere else', async () => {
    const { ctx, out } = context();
    await runSize({ rps: '1e12', serviceTime: '20ms' }, 'table', ctx);
    expect(out.join('')).toMatch(/^100,000 replicas \(binding: maxReplicas\)\n/);
    // And in the constraint's result, which printed "⌈28,571,429⌉ = 28571429".
    const big = context();
    await runSize({ rps: '1e9', serviceTime: '20ms' }, 'table', big.ctx);
    expect(big.out.join('')).toContain('⌈1,000,000,000 / (50 × 0.7)⌉ = ⌈28,571,429⌉ = 28,571,429\n');
  });
  it('says which peak factor turned sessions per day into the peak (without one the peak is the mean)', async () => {
    // The demand line read "11.6 req/s at peak (50,000 sessions/day)": a flat day, unsaid.
    const flat = context();
    await runSize({ sessionsPerDay: '50000', requestsPerSession: '20', capacity: '200/s' }, 'table', flat.ctx);
    expect(flat.out.join('').replace(/\s+/g, ' ')).toContain('11.6 req/s at peak (50,000 sessions/day, peak factor 1: the peak is the day’s mean)');
    const busy = context();
    await runSize({ sessionsPerDay: '50000', requestsPerSession: '20', peakHourShare: '15%', capacity: '200/s' }, 'markdown', busy.ctx);
    expect(busy.out.join('')).toContain('| demand | 41.7 req/s at peak (50,000 sessions/day, peak 3.6× the day’s mean) |');
  });
  it('takes a bare --rps as per second', async () => {
    const { ctx, out } = context();
    expect(await runSize({ rps: '800', serviceTime: '20ms', workers: '4', latencyP95: '100ms' }, 'json', ctx)).toBe(0);
    expect(JSON.parse(out.join('')).replicas).toBe(6);
  });
  it('says what a word should have been, without an empty list', async () => {
    expect(await usage({ rps: 'abc', serviceTime: '20ms' })).toBe('--rps: "abc": unknown name "abc" (expected a rate like 1000/s or 600/min)');
    expect(await usage({ rps: '100', serviceTime: '20ms', zones: 'x' })).toBe('--zones: "x": unknown name "x" (expected a whole number like 3)');
  });
  it('prints plausibility warnings with the flag, on stderr', async () => {
    const { ctx, err } = context();
    await runSize({ rps: '100', serviceTime: '20s' }, 'table', ctx);
    expect(err).toEqual(['capplan: warning: --capacity or --service-time: over 1,000 units of one component is implausible; check the units of its capacity, serviceTime and the workload (2,858 replicas in phase "now")']);
  });
  it('never fails with anything but a usage error, whatever the flag values', async () => {
    const token = fc.oneof(
      fc.constantFrom('0', '-1', '1e308', '1e-320', 'NaN', 'Infinity', '.inf', '20', '20ms', '1Gb', '100/s', '70%', '1e12', '99.9%', 'abc', '', ' ', '()', 'ones(9,9)', '1/0', '2^2^2^2^2'),
      fc.string({ maxLength: 12 }),
    );
    const keys = ['rps', 'sessionsPerDay', 'requestsPerSession', 'peakFactor', 'concurrentUsers', 'thinkTime', 'serviceTime', 'capacity', 'workers', 'latencyP95', 'utilization', 'zones', 'availability', 'min', 'max'];
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...keys), token, { maxKeys: 6 }), async (values) => {
        try {
          await runSize({ rps: '10', serviceTime: '20ms', ...values }, 'json', context().ctx);
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
        }
      }),
      { numRuns: 150, seed: 9 },
    );
  }, 60_000);
});
