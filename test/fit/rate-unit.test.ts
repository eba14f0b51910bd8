/**
 * The throughput column's time unit, read from its name, and the readers' conversion of every
 * throughput to per second (rate-unit.ts). The published data sets, whose columns name no unit,
 * are read exactly as before: the same doubles, per second, assumed.
 */
import { describe, expect, it } from 'vitest';
import { detectAndParse } from '../../src/fit/parse/detect.js';
import { parseGenericCsv, parseGenericCsvSlow } from '../../src/fit/parse/generic-csv.js';
import { parseGenericJson } from '../../src/fit/parse/generic-json.js';
import { type FitDiagnostic, type LoadSeries, type ParseResult, isDiagnostics } from '../../src/fit/parse/types.js';
import { rateUnitOfColumn } from '../../src/fit/rate-unit.js';
import { fixtureFiles, referencePoints, repoRoot } from './helpers.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function series(r: ParseResult): LoadSeries {
  if (isDiagnostics(r)) throw new Error(r.map((d) => d.message).join('; '));
  return r;
}

function problems(r: ParseResult): FitDiagnostic[] {
  if (!isDiagnostics(r)) throw new Error('expected diagnostics');
  return r;
}

describe('the time unit a column name gives', () => {
  it.each([
    ['throughput_per_min', 60],
    ['throughput/min', 60],
    ['throughput / minute', 60],
    ['Throughput (req/min)', 60],
    ['throughput (per minute)', 60],
    ['throughputPerMinute', 60],
    ['rpm', 60],
    ['tpm', 60],
    ['throughput_per_hour', 3600],
    ['req/h', 3600],
    ['rph', 3600],
    ['throughput_per_day', 86_400],
    ['Throughput (req/s)', 1],
    ['requests_per_second', 1],
    ['Requests/s', 1],
    ['rps', 1],
    ['tps', 1],
    ['1/s', 1],
    ['ops_per_ms', 0.001],
  ])('%s: per %d s', (name, seconds) => {
    expect(rateUnitOfColumn(name)).toEqual({ seconds, assumed: false });
  });

  it.each(['throughput', 'x', 'y', 'txn_rate', 'call_rate'])('%s: no unit named, per second assumed', (name) => {
    expect(rateUnitOfColumn(name)).toEqual({ seconds: 1, assumed: true });
  });

  it.each([
    ['throughput_per_fortnight', /"fortnight" is no unit of time capplan knows/],
    ['req/run', /a rate per "run", and "run" is no unit of time/],
    ['rate_per_user', /"user" is no unit of time/],
    ['latency_ms', /ends in "ms", a unit of time without "per" or "\/"/],
    ['p95 latency (ms)', /ends in "ms"/],
    ['throughput_min', /ends in "min".*or a minimum is not a rate/],
    ['rps (per minute)', /names two time units, "rps" and "per minute"/],
    ['Throughput (k req/s)', /counted in "k"/],
    ['krps', /counted in "krps"/],
  ])('%s: refused, not guessed', (name, message) => {
    const unit = rateUnitOfColumn(name);
    expect('error' in unit && unit.error).toMatch(message);
  });
});

describe('the readers give every throughput per second', () => {
  const rows = 'concurrency,throughput_per_hour\n1,360000\n2,684000\n4,1239240\n8,2048364\n';

  it('divides a per-hour CSV column by 3600, on the fast road and the tokenizer alike, and notes it', () => {
    for (const parse of [parseGenericCsv, parseGenericCsvSlow]) {
      const s = series(parse(rows, 'h.csv', { y: 'throughput_per_hour' }));
      expect(s.points.x).toEqual([360000 / 3600, 684000 / 3600, 1239240 / 3600, 2048364 / 3600]);
      expect(s.rateUnit).toEqual({ seconds: 3600, assumed: false });
      expect(s.yLabel).toBe('throughput_per_hour');
      expect(s.notes).toEqual(['h.csv: throughput "throughput_per_hour" is a rate per 3600 s: read ÷ 3600 as per second, the unit of λ and of every rate capplan plans with']);
    }
  });

  it('checks the range of a converted cell per second, and says so', () => {
    // 3.7e-6 per hour is just above 1e-9 per second, the smallest rate; 3e-6 per hour is below it.
    expect(series(parseGenericCsv('concurrency,rph\n1,3.7e-6\n', 'ok.csv', { y: 'rph' })).points.x).toEqual([3.7e-6 / 3600]);
    const [d] = problems(parseGenericCsv('concurrency,rph\n1,3e-6\n', 'low.csv', { y: 'rph' }));
    expect(d).toMatchObject({ line: 2, col: 3 });
    expect(d!.message).toMatch(/^throughput "rph" ÷ 3600 8\.3\d*e-10 is above 0 but below 1e-9\/s/);
  });

  it('refuses a CSV column of unknown unit at its header cell, whether named or detected', () => {
    expect(problems(parseGenericCsv('n,  throughput_per_fortnight\n1,2\n', 'f.csv', { y: 'throughput_per_fortnight' }))[0]).toMatchObject({ file: 'f.csv', line: 1, col: 5 });
    expect(problems(parseGenericCsv('concurrency,rps (per minute)\n1,2\n', 'd.csv'))[0]).toMatchObject({ line: 1, col: 13, message: expect.stringMatching(/names two time units/) });
  });

  it('converts a JSON key the same way, and refuses an unknown one at the key', () => {
    const s = series(parseGenericJson('[{"n": 1, "rpm": 600}, {"n": 2, "rpm": 1140}]', 'm.json', { y: 'rpm' }));
    expect(s.points.x).toEqual([10, 19]);
    expect(s.rateUnit).toEqual({ seconds: 60, assumed: false });
    expect(problems(parseGenericJson('[\n {"n": 1,\n  "rpm (per hour)": 600}]', 'x.json', { y: 'rpm (per hour)' }))[0]).toMatchObject({ line: 3, col: 3 });
  });

  it('takes the load tools and two unnamed columns as per second (the tools known, the columns assumed)', () => {
    expect(series(detectAndParse(fixtureFiles('wrk-runs.txt'))).rateUnit).toEqual({ seconds: 1, assumed: false });
    expect(series(detectAndParse(fixtureFiles('k6-summary-export'))).rateUnit).toEqual({ seconds: 1, assumed: false });
    expect(series(parseGenericCsv('1,100\n2,190\n', 'bare.csv')).rateUnit).toEqual({ seconds: 1, assumed: true });
    expect(series(parseGenericJson('[[1, 100], [2, 190]]', 'pairs.json')).rateUnit).toEqual({ seconds: 1, assumed: true });
    expect(series(detectAndParse(fixtureFiles('generic.csv'))).rateUnit).toEqual({ seconds: 1, assumed: false });
  });

  it.each([
    ['usl-specsdm91.csv', 'load', 'throughput'],
    ['usl-raytracer.csv', 'processors', 'throughput'],
    ['usl-cisco-schwartz.csv', 'concurrency', 'throughput'],
    ['usl-codahale-example.csv', 'concurrency', 'throughput'],
    ['usl-moeding-reqrate.csv', 'concurrency', 'throughput'],
    ['usl-oracledb.csv', 'db_time', 'txn_rate'],
  ])('reads the published data set %s exactly as before: the same doubles, per second assumed, no note', (file, x, y) => {
    const text = readFileSync(join(repoRoot, 'data', 'reference', file), 'utf8');
    const s = series(parseGenericCsv(text, file, { x, y }));
    expect(s.points.toArray()).toEqual(referencePoints(file, x, y));
    expect(s.rateUnit).toEqual({ seconds: 1, assumed: true });
    expect(s.notes).toEqual([]);
  });
});
