/**
 * A verdict needs data. End to end: figures compared only once the stations on the path have
 * settled, the table's ✗ exactly what --strict fails on.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSimulate, type SimulateOptions } from '../../src/cli/commands/simulate.js';
import type { CliContext } from '../../src/cli/context.js';
import { DEFAULT_LAYOUT } from '../../src/render/layout.js';
import { plainPalette } from '../../src/render/palette.js';
import { strictFailures } from '../../src/simulate/figures.js';
import { comparisonRows } from '../../src/simulate/render-rows.js';
import { summarise, type SimReport } from '../../src/simulate/report.js';
import { runReplications } from '../../src/simulate/runner.js';
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
  const ctx: CliContext = { out: async (t) => void (out += t), note: () => {}, warn: () => {}, error: () => {}, palette: plainPalette, errPalette: plainPalette, quiet: false, layout: DEFAULT_LAYOUT };
  const code = await runSimulate(file, options(extra), ctx);
  return { code, out };
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
