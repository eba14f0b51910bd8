/**
 * Load tests that give no curve to plan on (stranger-b finding 3): all-zero throughput, one level
 * with throughput, NaN, negative or sub-1e-9 cells, zero concurrency, a row with an extra field,
 * a fitted curve whose capacity is below any rate. `fit` refuses them with exit 2 naming the
 * file (and the line and column where one row is at fault); a profile whose `capacity.fit` names
 * one is refused at that key by validate and by every command that plans, never exit 3. And the
 * warning docs/calibration.md promises for a concurrency past N*, on stderr from plan and validate.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMain } from '../support/run-main.js';

let box: string;
beforeAll(() => {
  box = mkdtempSync(join(tmpdir(), 'capplan-fit-zero-'));
  const files: Record<string, string> = {
    'zeros.csv': 'concurrency,throughput\n1,0\n2,0\n4,0\n8,0\n',
    'nearzero.csv': 'concurrency,throughput\n1,0\n2,0\n4,0\n8,0.000001\n',
    'one.csv': 'concurrency,throughput\n1,100\n',
    'nan.csv': 'concurrency,throughput\n1,100\n2,190\n4,350\n8,600\n16,NaN\n',
    'inf.csv': 'concurrency,throughput\n1,100\n2,190\n4,350\n8,600\n16,Infinity\n',
    'negative.csv': 'concurrency,throughput\n1,100\n2,190\n4,-350\n8,600\n',
    'tiny.csv': 'concurrency,throughput\n1,1e-300\n2,1.9e-300\n4,3.5e-300\n8,6e-300\n',
    'zero-n.csv': 'concurrency,throughput\n0,0\n1,100\n2,190\n4,350\n8,600\n',
    'extra.csv': 'concurrency,throughput\n1,100\n2,190\n4,350\n8,600\n16,800,extra\n',
    // σ = 1 and κ ≈ 7.7e10 fit exactly: X(1) = 100/s, X(4) ≈ 4.3e-10/s, below the smallest rate.
    'cliff.csv': 'concurrency,throughput\n1,100\n2,1e-9\n4,1e-9\n8,1e-9\n',
    'constant.csv': 'concurrency,throughput\n1,100\n2,100\n4,100\n8,100\n',
    'sdm.csv': 'load,throughput\n1,64.9\n18,995.9\n36,1652.4\n72,1853.2\n108,1828.9\n144,1775\n216,1702.2\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(box, name), text);
});
afterAll(() => rmSync(box, { recursive: true, force: true }));

/** A profile of one service whose capacity is `capacity` (written on line 10). */
function profile(name: string, capacity: string): string {
  const file = join(box, name);
  writeFileSync(file, `apiVersion: capplan/v1\nname: pz\nworkload:\n  rps: 100/s\ntargets:\n  latencyP95: 1s\ncomponents:\n  api:\n    kind: service\n    capacity: ${capacity}\n`);
  return file;
}

const run = runMain;

describe('capplan fit on data that give no curve', () => {
  it.each([
    ['zeros.csv', /^capplan: csv: .*zeros\.csv: .*with a throughput above 0; got 0 \(and 4 levels where every throughput is 0\)/],
    ['nearzero.csv', /^capplan: csv: .*nearzero\.csv: .*with a throughput above 0; got 1 \(and 3 levels where every throughput is 0\)/],
    ['one.csv', /^capplan: csv: .*one\.csv: .*with a throughput above 0; got 1\./],
    ['nan.csv', /nan\.csv:6:4: "NaN" in column "throughput" is not a number/],
    ['inf.csv', /inf\.csv:6:4: "Infinity" in column "throughput" is not a number/],
    ['negative.csv', /negative\.csv:4:3: throughput "throughput" must not be negative, got -350/],
    ['tiny.csv', /tiny\.csv:2:3: throughput "throughput" 1e-300 is above 0 but below 1e-9\/s/],
    ['zero-n.csv', /zero-n\.csv:2:1: concurrency "concurrency" must be greater than 0, got 0/],
    ['extra.csv', /extra\.csv:6:8: row has 3 fields and the header 2: "extra" is in no column/],
  ])('%s: exit 2, the file named, nothing on stdout', async (file, message) => {
    for (const json of [[], ['--json']]) {
      const { code, out, err } = await run('fit', join(box, file), ...json);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(message);
      expect(err).not.toMatch(/internal error|\n\s+at /);
    }
  });

  it('fits a constant series to σ = 1 from the data (a ceiling at the constant), not from a default', async () => {
    const { code, out } = await run('fit', join(box, 'constant.csv'), '--json');
    expect(code).toBe(0);
    const fit = JSON.parse(out) as { sigma: number; kappa: number; lambda: number; r2: number | null };
    expect([fit.sigma, fit.kappa, fit.lambda, fit.r2]).toEqual([1, 0, 100, null]);
  });
});

describe('a profile whose capacity.fit gives no curve', () => {
  it.each([
    ['zeros.csv', /cannot fit zeros\.csv: the USL has 3 coefficients .* got 0 \(and 4 levels where every throughput is 0\)/],
    ['nearzero.csv', /cannot fit nearzero\.csv: .* got 1 \(and 3 levels/],
    ['nan.csv', /in nan\.csv: .*nan\.csv:6:4 "NaN" in column "throughput" is not a number/],
    ['extra.csv', /in extra\.csv: .*extra\.csv:6:8 row has 3 fields and the header 2/],
    ['cliff.csv', /the fit of cliff\.csv gives no capacity to plan on: a replica at concurrency 4 completes X\(4\) = 4\.\d+e-10\/s, below 1e-9\/s/],
  ])('%s: refused at the fit key by validate and by every command that plans (exit 2, not 3)', async (data, message) => {
    const file = profile(`p-${data}.yaml`, `{ fit: ${data}, concurrency: 4 }`);
    const where = `${file}:10:22 components.api.capacity.fit: `;
    for (const args of [['validate', file], ['plan', file], ['plan', file, '--json'], ['report', file], ['emit', 'k8s', file, '-o', join(box, `out-${data}`)], ['sweep', file], ['simulate', file], ['runway', file]]) {
      const { code, err } = await run(...args);
      expect({ args, code }).toEqual({ args, code: 2 });
      expect(err.slice(0, where.length)).toBe(where);
      expect(err).toMatch(message);
      expect(err).not.toMatch(/internal error/);
    }
  });

  it('an inline usl whose X(N) is below the smallest rate is refused at capacity.concurrency, as the fitted one is', async () => {
    const file = profile('inline-tiny.yaml', '{ usl: { sigma: 1, kappa: 1000000000000, lambda: 1e-9/s }, concurrency: 1000000 }');
    const { code, err } = await run('validate', file);
    expect(code).toBe(2);
    expect(err).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:10:87 components\\.api\\.capacity\\.concurrency: a replica at concurrency 1000000 completes X\\(1000000\\) = 1e-27/s, below 1e-9/s`));
  });
});

describe('a concurrency past the fitted N*', () => {
  const PAST = /:10:44 components\.api\.capacity\.concurrency: warning: concurrency 200 is past the USL peak N\* = 96\.5: throughput falls as concurrency rises; run at most 96 in flight per replica \(the curve fitted to sdm\.csv\)/;

  it('warns on stderr from validate and from plan in every format; the plan is still made (exit 0)', async () => {
    const file = profile('past.yaml', '{ fit: sdm.csv, concurrency: 200 }');
    for (const args of [['validate', file], ['plan', file], ['plan', file, '--format', 'markdown'], ['plan', file, '--json']]) {
      const { code, err } = await run(...args);
      expect({ args, code }).toEqual({ args, code: 0 });
      expect(err).toMatch(PAST);
    }
  });

  it('warns for given coefficients too, and not at or below N*', async () => {
    const given = profile('past-given.yaml', '{ usl: { sigma: 0.0277285, kappa: 0.0001044, lambda: 89.9952/s }, concurrency: 200 }');
    expect((await run('validate', given)).err).toMatch(/components\.api\.capacity\.concurrency: warning: concurrency 200 is past the USL peak N\* = 96\.5/);
    const below = profile('below.yaml', '{ fit: sdm.csv, concurrency: 64 }');
    for (const command of ['validate', 'plan']) expect((await run(command, below)).err).not.toMatch(/past the USL peak/);
  });
});
