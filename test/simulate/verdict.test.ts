/**
 * A verdict needs data. End to end: figures compared only once the stations on the path have
 * settled, the table's ✗ exactly what --strict fails on. Ramps: refused when no window can complete
 * enough requests for a p95, and no "stayed within the target" from windows that measured none.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulate, type SimulateOptions } from '../../src/cli/commands/simulate.js';
import type { CliContext } from '../../src/cli/context.js';
import { UsageError } from '../../src/cli/errors.js';
import { DEFAULT_LAYOUT } from '../../src/render/layout.js';
import { plainPalette } from '../../src/render/palette.js';
import { strictFailures } from '../../src/simulate/figures.js';
import { parseRamp } from '../../src/simulate/options.js';
import { comparisonRows } from '../../src/simulate/render-rows.js';
import { summarise, type SimReport } from '../../src/simulate/report.js';
import { runReplications } from '../../src/simulate/runner.js';
import { expectedCompletions, minSamplesForQuantile, rampIntegral, shortRamp } from '../../src/simulate/transient-length.js';
import { single, steady } from './helpers.js';

// The tester's profile: 300 req/s on 2 replicas × 4 workers of 20 ms (ρ = 0.75).
const MMC = 'apiVersion: capplan/v1\nname: mmc\nworkload:\n  rps: 300/s\ntargets:\n  latencyP95: 1s\n  cpuUtilization: 80%\ncomponents:\n  api:\n    kind: service\n    serviceTime: 20ms\n    workers: 4\n    replicas: { min: 2, max: 2 }\n';
let dir = '';
let file = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'capplan-verdict-'));
  file = join(dir, 'mmc.yaml');
  await writeFile(file, MMC);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

function options(extra: Partial<SimulateOptions>): SimulateOptions {
  return { format: 'table', requests: 200_000, seed: 1, warmup: 0.1, fail: [], arrivals: null, service: [], balancing: [], rateLimit: 'reject', strict: true, ...extra };
}

async function simulate(extra: Partial<SimulateOptions>): Promise<{ code: number; out: string }> {
  let out = '';
  const ctx: CliContext = { out: async (t) => void (out += t), note: () => {}, warn: () => {}, warnLine: () => {}, error: () => {}, palette: plainPalette, errPalette: plainPalette, quiet: false, layout: DEFAULT_LAYOUT };
  const code = await runSimulate(file, options(extra), ctx);
  return { code, out };
}

async function refusal(extra: Partial<SimulateOptions>): Promise<string> {
  try {
    await simulate(extra);
  } catch (error) {
    if (error instanceof UsageError) return `${error.message} / ${error.hint}`;
    throw error;
  }
  throw new Error('accepted');
}

/** The figures the table marks ✗, as "station metric" (the label carried down its block). */
function crossed(r: SimReport): string[] {
  let label = '';
  return comparisonRows(r).flatMap((row) => {
    if (row[0]) label = row[0].replace(/ ×.*$/, '');
    return row[4] === '✗' ? [`${label} ${row[1]}`] : [];
  });
}

describe('end-to-end figures and --strict', () => {
  it('a path whose station has not settled is not compared: ?, not ✗, flagged false, --strict exit 0', async () => {
    // 1,000 replications of one request each made api ? and the end-to-end rows ✗ (flagged: true) while --strict exited 0; 10 each here.
    const json = await simulate({ format: 'json', requests: 1000, replications: 100 });
    const phase = JSON.parse(json.out).phases[0];
    expect(phase.stations[0].settled).toBe(false);
    expect(phase.endToEnd.settled).toBe(false);
    expect(phase.endToEnd.meanS.flagged).toBe(false);
    expect(phase.endToEnd.p95S.flagged).toBe(false);
    expect(json.code).toBe(0);
    const table = await simulate({ requests: 1000, replications: 100 });
    expect(table.code).toBe(0);
    expect(table.out).toMatch(/^ +end to end +mean +.* ms +30\.2 ms +\?$/m);
    expect(table.out).not.toContain('✗');
    expect(table.out.replace(/\s+/g, ' ')).toContain('to settle, so it is not compared, nor are the end-to-end figures; run with --requests');
  });

  it('an end-to-end figure off the plan where its model is exact is ✗, and --strict fails on it', () => {
    // M/M/1 at ρ = 0.5, mean 1 s: the path's mean is 2 s; a plan saying 1.5 s is off.
    const m = { ...single(0.5, { kind: 'exponential', meanS: 1 }), analyticPath: { meanS: 1.5, p95S: null, inexact: null } };
    const r = summarise(m, steady(40_000, 4), runReplications(m, steady(40_000, 4)));
    expect(r.endToEnd.settled).toBe(true);
    expect(r.endToEnd.meanS.flagged).toBe(true);
    expect(crossed(r)).toEqual(['end to end mean']);
    expect(strictFailures(r)).toEqual(['end to end mean']);
    // The same run cut to ten requests a replication: nothing settles, nothing is ✗ or fails --strict.
    const short = summarise(m, steady(1000, 100), runReplications(m, steady(1000, 100)));
    expect(short.endToEnd.settled).toBe(false);
    expect(crossed(short)).toEqual([]);
    expect(strictFailures(short)).toEqual([]);
  });

  it('the table marks ✗ exactly the figures --strict names (stations and path alike)', () => {
    // Every station figure wrong on purpose (and the path's): the two lists must agree figure by figure.
    const wrong = { utilization: 0.9, meanResponseS: 9, p95S: 9, waitProbability: 0.9, queueLength: 9 };
    const base = single(0.5, { kind: 'exponential', meanS: 1 });
    const m = { ...base, stations: [{ ...base.stations[0]!, analytic: [wrong] }], analyticPath: { meanS: 9, p95S: 9, inexact: null } };
    const r = summarise(m, steady(20_000, 4), runReplications(m, steady(20_000, 4)));
    expect(crossed(r)).toEqual(['q util', 'q mean', 'q p95', 'q P(wait)', 'q queue', 'end to end mean', 'end to end p95']);
    expect(strictFailures(r)).toEqual(crossed(r));
  });
});

describe('ramps too short to measure', () => {
  it('the arrival integral of a ramp is its area: linear inside, flat at its top after', () => {
    const ramp = { from: 0, to: 2, overS: 10 };
    expect(rampIntegral(ramp, 0, 10)).toBeCloseTo(10, 12);
    expect(rampIntegral(ramp, 5, 10)).toBeCloseTo(7.5, 12);
    expect(rampIntegral(ramp, 8, 12)).toBeCloseTo(1.8 * 2 + 0.2 * 0 + 4, 12);
    expect(rampIntegral(null, 3, 5)).toBe(2);
    expect(minSamplesForQuantile(0.95)).toBe(20);
    expect(minSamplesForQuantile(0.99)).toBe(100);
    // Windows hold what arrived one mean response earlier: 1 s late, none in the first second.
    const m = { ...single(10, { kind: 'exponential', meanS: 0.01 }), analyticPath: { meanS: 1, p95S: null, inexact: null } };
    const w = expectedCompletions(m, { durationS: 10, windows: 10, ramp: null });
    expect(w[0]).toBe(0);
    expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(10 * 9, 9);
    // 10 req/s: a window needs 2 s for 20 requests, so ten windows a run of 20 s (the lag empties the first ones only).
    expect(shortRamp(m, { durationS: 10, windows: 10, ramp: { from: 1, to: 1, overS: 10 } })!.overS).toBeCloseTo(20, 6);
    expect(shortRamp(m, { durationS: 20.5, windows: 10, ramp: { from: 1, to: 1, overS: 20.5 } })).toBeNull();
  });

  it('refuses a ramp no window of which can complete enough requests for a p95, with the length it needs', async () => {
    // 1 ms at up to 600 req/s, the plan's mean response 30 ms: no request completes within the run.
    expect(await refusal({ ramp: parseRamp('0..2x over 1ms') })).toBe('phase "now": a ramp over 1 ms is too short to measure: its busiest 16.7 µs window is expected to complete no requests per replication, and a window\'s p95 needs 20 / ramp over at least 2.05 s: --ramp "0..2x over 2.05s"');
    expect(await refusal({ ramp: parseRamp('0..2x over 100ms'), durationS: 0.2 })).toBe('phase "now": a ramp over 100 ms is too short to measure: its busiest 3.33 ms window is expected to complete about 2 requests per replication, and a window\'s p95 needs 20 / ramp over at least 1 s: --ramp "0..2x over 1s" --duration 2s');
  });

  it('a ramp whose windows measured no p95 gives no verdict on the target or on saturation', async () => {
    // The hint's length, but the ramp saturates api (400 req/s) at 2×: its windows complete ~14 requests each.
    const r = await simulate({ format: 'json', ramp: parseRamp('0..2x over 2.05s') });
    const tl = JSON.parse(r.out).phases[0].timeline;
    expect(tl.minCompletedForP95).toBe(20);
    expect(tl.windows.every((w: { p95S: unknown }) => w.p95S === null)).toBe(true);
    expect(tl.ramp.windowsWithP95).toBe(0);
    expect(tl.ramp.targetBrokenAt).toBeNull();
    const text = (await simulate({ ramp: parseRamp('0..2x over 2.05s') })).out.replace(/\s+/g, ' ');
    expect(text).toContain('no window completed 20 requests per replication, the fewest a p95 needs: no p95 was measured');
    expect(text).toContain('no verdict on the 1 s target: no window completed enough requests to measure the p95');
    expect(text).not.toContain('stayed within');
    // A station seen 98 % busy is a fact even so (api saturates near 1.33×); "no station saturated" would not be.
    expect(text).toMatch(/first saturated \(servers ≥ 98 % busy\): api|no verdict on saturation/);
    expect(text).not.toContain('no station saturated');
  });

  it('a ramp with some windows measured judges those only, and says how many', async () => {
    // 0..1× over 10 s: 167-ms windows, ~50 requests in the last; the first fifth hold fewer than 20.
    const text = (await simulate({ ramp: parseRamp('0..1x over 10s') })).out.replace(/\s+/g, ' ');
    const m = /(\d+) of the 60 windows completed fewer than 20 requests per replication/.exec(text);
    expect(m).not.toBeNull();
    expect(text).toContain(`the p95 stayed within the 1 s target in the ${60 - Number(m![1])} windows that completed enough requests to measure it`);
  });
});
