/**
 * The time unit of a load test's throughput column. A profile's `capacity: { fit, y, concurrency }`
 * on a column per minute planned X(N) in requests per minute as if per second (60× the capacity;
 * 3600× per hour), while `capplan fit` used the unit only for its latency column. Now the readers
 * convert every throughput to per second: the plan's capacity is the USL's per-second X(N), `fit`
 * and the profile give the same λ, and a unit the name does not make clear is refused at the
 * header cell (exit 2), by `fit` and at the profile's `fit:` key.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planProfileFile } from '../../src/cli/plan-pipeline.js';
import { runMain } from '../support/run-main.js';

/* The USL (Gunther, GCaP 2007), X(N) = λN / (1 + σ(N−1) + κN(N−1)), at λ = 100/s, σ = 0.05, κ = 0.001: the truth the files are written from. */
const LAMBDA_PER_S = 100;
const SIGMA = 0.05;
const KAPPA = 0.001;
const usl = (n: number): number => (LAMBDA_PER_S * n) / (1 + SIGMA * (n - 1) + KAPPA * n * (n - 1));
const LEVELS = [1, 2, 4, 8, 16, 32, 48, 64];
const AT = 32;

/** A CSV of the curve with `column` holding the throughput per `seconds` (60: per minute). */
function curveCsv(column: string, seconds: number): string {
  return `concurrency,${column}\n${LEVELS.map((n) => `${n},${usl(n) * seconds}`).join('\n')}\n`;
}

let box: string;
const files: Record<string, string> = {
  'per-second.csv': curveCsv('throughput', 1),
  'per-min.csv': curveCsv('throughput_per_min', 60),
  'slash-min.csv': curveCsv('Throughput (req/min)', 60),
  'rpm.csv': curveCsv('rpm', 60),
  'per-hour.csv': curveCsv('throughput_per_hour', 3600),
  'per-fortnight.csv': curveCsv('throughput_per_fortnight', 14 * 86_400),
  'latency.csv': `concurrency,latency_ms\n${LEVELS.map((n) => `${n},${(1000 * n) / usl(n)}`).join('\n')}\n`,
  'two-units.csv': curveCsv('rps (per minute)', 60),
  'per-min.json': `${JSON.stringify({ points: LEVELS.map((n) => ({ concurrency: n, throughput_per_min: usl(n) * 60 })) }, null, 2)}\n`,
  'per-fortnight.json': `${JSON.stringify(LEVELS.map((n) => ({ concurrency: n, 'req/fortnight': usl(n) })), null, 2)}\n`,
};

beforeAll(() => {
  box = mkdtempSync(join(tmpdir(), 'capplan-fit-units-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(box, name), text);
});
afterAll(() => rmSync(box, { recursive: true, force: true }));

/** A profile of one service whose capacity is fitted from `data`'s column `y` at concurrency 32 (capacity on line 10, `fit:` at column 22). */
function profile(data: string, y?: string): string {
  const file = join(box, `p-${data}.yaml`);
  const column = y === undefined ? '' : `, y: ${JSON.stringify(y)}`;
  writeFileSync(file, `apiVersion: capplan/v1\nname: pu\nworkload:\n  rps: 5000/s\ntargets:\n  latencyP95: 1s\ncomponents:\n  api:\n    kind: service\n    capacity: { fit: ${data}, concurrency: ${AT}${column} }\n`);
  return file;
}

const run = runMain;

const KNOWN: [string, string | undefined, number][] = [
  ['per-second.csv', undefined, 1],
  ['per-min.csv', 'throughput_per_min', 60],
  ['slash-min.csv', undefined, 60],
  ['rpm.csv', 'rpm', 60],
  ['per-hour.csv', 'throughput_per_hour', 3600],
  ['per-min.json', 'throughput_per_min', 60],
];

describe('a profile fitting a throughput column in a unit its name gives', () => {
  it.each(KNOWN)('%s (y: %s): planned at the per-second X(32) (the file per %d s)', async (data, y) => {
    const planned = await planProfileFile(profile(data, y), {}, null);
    const params = planned.fits['api']!;
    expect(params.lambda).toBeCloseTo(LAMBDA_PER_S, 6);
    expect(params.sigma).toBeCloseTo(SIGMA, 9);
    expect(params.kappa).toBeCloseTo(KAPPA, 9);
    const { code, out } = await run('plan', profile(data, y), '--json');
    expect(code).toBe(0);
    const capacity = (JSON.parse(out) as { phases: { components: { capacityPerUnit: number; capacityUnit: string }[] }[] }).phases[0]!.components[0]!;
    // X(32) = 3200 / (1 + 1.55 + 0.992) = 903.444…/s; the JSON rounds to 3 decimals.
    expect(capacity.capacityUnit).toBe('req/s');
    expect(Math.abs(capacity.capacityPerUnit - usl(AT))).toBeLessThan(1e-3);
  });

  it.each(KNOWN)('%s: capplan fit gives the λ (and σ, κ, every point) the profile plans with, per second', async (data, y) => {
    const { code, out } = await run('fit', join(box, data), ...(y === undefined ? [] : ['--y', y]), '--json');
    expect(code).toBe(0);
    const json = JSON.parse(out) as { lambda: number; sigma: number; kappa: number; points: { n: number; x: number }[]; yUnit: { seconds: number; assumed: boolean } };
    const { fits } = await planProfileFile(profile(data, y), {}, null);
    expect([json.lambda, json.sigma, json.kappa]).toEqual([fits['api']!.lambda, fits['api']!.sigma, fits['api']!.kappa]);
    for (const p of json.points) expect(p.x).toBeCloseTo(usl(p.n), 9);
    expect(json.yUnit.seconds).toBe(KNOWN.find(([d]) => d === data)![2]);
  });

  it('says in the fit report what it converted, and that a column without a unit is taken per second', async () => {
    const perMin = await run('fit', join(box, 'per-min.csv'), '--y', 'throughput_per_min', '--predict', '32');
    expect(perMin.out).toMatch(/measured throughput_per_min ÷ 60/);
    // Little's law at the per-second X(32): 32 / 903.44 per second = 35.4 ms.
    expect(perMin.out).toMatch(/\n32\s+903\.44\s+35\.4 ms\n/);
    expect(perMin.err).toMatch(/per-min\.csv: throughput "throughput_per_min" is a rate per 60 s: read ÷ 60 as per second/);
    expect(perMin.out).not.toMatch(/names no time unit/);
    const bare = await run('fit', join(box, 'per-second.csv'));
    expect(bare.out).toMatch(/λ and every throughput here are per second: the column "throughput" names no\s+time unit/);
    expect(JSON.parse((await run('fit', join(box, 'per-second.csv'), '--json')).out).yUnit).toEqual({ seconds: 1, assumed: true });
  });
});

describe('a throughput column whose unit is not clear', () => {
  const REFUSED: [string, string, string, RegExp][] = [
    ['per-fortnight.csv', 'throughput_per_fortnight', ':1:13', /"fortnight" is no unit of time capplan knows/],
    ['latency.csv', 'latency_ms', ':1:13', /ends in "ms", a unit of time without "per" or "\/"/],
    ['two-units.csv', 'rps (per minute)', ':1:13', /names two time units, "rps" and "per minute"/],
    ['per-fortnight.json', 'req/fortnight', ':4:5', /is a rate per "fortnight", and "fortnight" is no unit of time/],
  ];

  it.each(REFUSED)('%s (%s): capplan fit refuses it at the header cell, exit 2', async (data, y, at, message) => {
    for (const json of [[], ['--json']]) {
      const { code, out, err } = await run('fit', join(box, data), '--y', y, ...json);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err.startsWith(`${join(box, data)}${at}: `)).toBe(true);
      expect(err).toMatch(message);
      expect(err).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it.each(REFUSED)('%s (%s): a profile fitting it is refused at its fit key by validate and plan, exit 2', async (data, y, at, message) => {
    const file = profile(data, y);
    for (const args of [['validate', file], ['plan', file], ['plan', file, '--json']]) {
      const { code, out, err } = await run(...args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(out).toBe('');
      expect(err.startsWith(`${file}:10:22 components.api.capacity.fit: in ${data}: ${join(box, data)}${at} `)).toBe(true);
      expect(err).toMatch(message);
    }
  });
});
