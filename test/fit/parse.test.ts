/**
 * Every reader on its fixture (test/fixtures/loadtools, see its README for where each format
 * came from), the dispatcher, and positioned diagnostics for malformed files. Expected values
 * are read off the fixture text by eye (or by plain string handling here), not from the readers.
 */

import { describe, expect, it } from 'vitest';
import { detectAndParse, detectFormat } from '../../src/fit/parse/detect.js';
import { parseGenericCsv } from '../../src/fit/parse/generic-csv.js';
import { parseGenericJson } from '../../src/fit/parse/generic-json.js';
import { parseJmeterCsv } from '../../src/fit/parse/jmeter.js';
import { parseWrk } from '../../src/fit/parse/wrk.js';
import { type FitDiagnostic, type LoadSeries, type ParseResult, formatDiagnostic, isDiagnostics } from '../../src/fit/parse/types.js';
import { fitUsl } from '../../src/fit/usl.js';
import { fixtureFiles, fixtureText } from './helpers.js';

function series(result: ParseResult): LoadSeries {
  if (isDiagnostics(result)) throw new Error(result.map(formatDiagnostic).join('\n'));
  return result;
}

function diagnostics(result: ParseResult): FitDiagnostic[] {
  if (!isDiagnostics(result)) throw new Error(`expected diagnostics, got ${result.points.length} points`);
  return result;
}

const pairs = (s: LoadSeries): [number, number][] => s.points.toArray().map((p) => [p.n, p.x]);

describe('wrk runs with non-2xx or 3xx responses (counted in its Requests/sec)', () => {
  const run = (connections: number, lines: string) => `Running 30s test @ http://localhost:8080/\n  2 threads and ${connections} connections\n${lines}`;
  it('takes the successful rate, Requests/sec × (complete − errors) / complete, and says so', () => {
    // 300,000 complete in 30 s = 10,000/s; 60,000 of them 503s: 240,000 / 30 s = 8,000/s succeeded.
    const text = [
      run(8, '  150000 requests in 30.00s, 9.00MB read\nRequests/sec:   5000.00\n'),
      run(16, '  300000 requests in 30.00s, 18.00MB read\n  Non-2xx or 3xx responses: 60000\nRequests/sec:  10000.00\n'),
    ].join('');
    const s = series(parseWrk(text, 'w.txt'));
    expect(pairs(s)).toEqual([[8, 5000], [16, 8000]]);
    expect(s.notes).toEqual(['the run with 16 connections had 60000 non-2xx or 3xx responses of 300000 (line 9): its throughput is the successful ones, 8000/s, not wrk\'s 10000.00/s']);
  });
  it('refuses a run whose errors cannot be taken out (no "requests in" line)', () => {
    const d = diagnostics(parseWrk(run(16, '  Non-2xx or 3xx responses: 60000\nRequests/sec:  10000.00\n'), 'w.txt'));
    expect(d).toEqual([expect.objectContaining({ line: 4, message: expect.stringContaining('had 60000 non-2xx or 3xx responses, counted in its Requests/sec') })]);
  });
});

describe('wrk (real output, wrk 4.1.0)', () => {
  const s = series(detectAndParse(fixtureFiles('wrk-runs.txt')));
  it('reads every run of the pasted session', () => {
    expect(s.format).toBe('wrk');
    // The "N connections" / "Requests/sec:" lines of wrk-runs.txt.
    expect(pairs(s)).toEqual([
      [1, 214.77],
      [2, 418.3],
      [4, 843.94],
      [8, 1452.52],
      [16, 2269.32],
      [32, 3044.01],
      [64, 2995.99],
      [128, 2166.16],
    ]);
    expect([s.xLabel, s.yLabel]).toEqual(['connections', 'requests/s']);
  });
  it('fits a retrograde curve without warnings', () => {
    const fit = fitUsl(s.points);
    expect(fit.ok && fit.peak.kind).toBe('retrograde');
    expect(fit.ok && fit.warnings).toEqual([]);
  });
});

describe('pgbench', () => {
  it('reads PostgreSQL 15 runs (real output)', () => {
    const s = series(detectAndParse(fixtureFiles('pgbench-runs.txt')));
    expect(s.format).toBe('pgbench');
    expect(pairs(s)).toEqual([
      [1, 1173.369322],
      [2, 2123.567257],
      [4, 3492.50433],
      [8, 1670.394163],
      [16, 1106.37409],
      [32, 1071.489954],
      [64, 1181.086703],
    ]);
    expect(s.notes).toEqual(['tps read as "without initial connection time"']);
  });
  it('prefers "excluding connections establishing" in PostgreSQL 13 output', () => {
    const s = series(detectAndParse(fixtureFiles('pgbench-pg13.txt')));
    expect(pairs(s)).toEqual([
      [1, 610],
      [4, 1930.379747],
      [8, 2918.660287],
      [16, 3641.791045],
      [32, 3572.474378],
    ]);
  });
});

describe('k6 summaries, one file per VU level', () => {
  // http_reqs.rate and vus_max of each file, in VU order.
  const expected: [number, number][] = [1, 5, 10, 20, 40, 80].map((vus) => {
    const json = JSON.parse(fixtureText(`k6-summary-export/vus-${String(vus).padStart(3, '0')}.json`));
    return [json.metrics.vus_max.max, json.metrics.http_reqs.rate];
  });
  it('reads a directory of --summary-export files', () => {
    const s = series(detectAndParse(fixtureFiles('k6-summary-export')));
    expect(s.format).toBe('k6');
    expect(s.source).toBe('k6: 6 files');
    expect(pairs(s)).toEqual(expected);
  });
  it('reads handleSummary JSON the same way, whatever the file order', () => {
    const files = fixtureFiles('k6-handle-summary');
    const s = series(detectAndParse(files));
    expect(pairs(s)).toEqual(expected);
    expect(series(detectAndParse([...files].reverse()))).toEqual(s);
  });
});

describe('k6 summaries with failed requests (http_reqs counts them)', () => {
  it('takes the successful rate, http_reqs.rate × (1 − http_req_failed), in both layouts', () => {
    // 400 requests/s of which 25 % failed: 300/s succeeded.
    const exported = JSON.stringify({ metrics: { vus_max: { value: 40, min: 40, max: 40 }, http_reqs: { count: 12000, rate: 400 }, http_req_failed: { passes: 3000, fails: 9000, value: 0.25 } } });
    const handled = JSON.stringify({ metrics: { vus_max: { type: 'gauge', contains: 'default', values: { value: 40, min: 40, max: 40 } }, http_reqs: { type: 'counter', contains: 'default', values: { count: 12000, rate: 400 } }, http_req_failed: { type: 'rate', contains: 'default', values: { rate: 0.25, passes: 3000, fails: 9000 } } } });
    for (const text of [exported, handled]) {
      const s = series(detectAndParse([{ name: 'vus-040.json', text }], { format: 'k6' }));
      expect(pairs(s)).toEqual([[40, 300]]);
      expect(s.notes).toEqual(["vus-040.json: 25% of requests failed (http_req_failed) at 40 VUs: its throughput is the successful ones, 300/s, not http_reqs' 400/s"]);
    }
  });
});

describe('Locust rows with failures (its Requests/s counts them)', () => {
  it('takes Requests/s − Failures/s', () => {
    const head = 'Timestamp,User Count,Type,Name,Requests/s,Failures/s,Total Request Count,Total Failure Count';
    // One 4-user step of 3 rows (under the 12 s window, so all are used): 100, 100 and 120/s, 20/s of the last failing.
    const text = [head, '100,4,,Aggregated,100,0,500,0', '104,4,,Aggregated,100,0,900,0', '108,4,,Aggregated,120,20,1400,80'].join('\n');
    const s = series(detectAndParse([{ name: 'run_stats_history.csv', text }]));
    expect(pairs(s)).toEqual([[4, 100]]);
    expect(s.notes).toContain('1 of the 3 rows had failures: their throughput is the successful requests, Requests/s − Failures/s');
  });
});

describe('Locust stats history (real output, Locust 2.12.1)', () => {
  const text = fixtureText('locust_stats_history.csv');
  const s = series(detectAndParse([{ name: 'run_stats_history.csv', text }]));
  it('averages the Aggregated rows of each user step after the 12 s window', () => {
    expect(s.format).toBe('locust');
    expect(s.points.n).toEqual([1, 2, 4, 8, 16, 32]);
    // Independent recomputation with plain string handling: Aggregated rows, per user count,
    // rows at least 12 s after the step's first row.
    const rows = text
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => c[3] === 'Aggregated')
      .map((c) => ({ t: Number(c[0]), users: Number(c[1]), rps: Number(c[4]) }));
    for (const point of s.points.toArray()) {
      const step = rows.filter((r) => r.users === point.n);
      const late = step.filter((r) => r.t >= (step[0]?.t ?? 0) + 12);
      const mean = late.reduce((a, r) => a + r.rps, 0) / late.length;
      expect(point.x).toBeCloseTo(mean, 9);
    }
    expect(s.notes.join(' ')).toMatch(/skipped the first 12 s/);
  });
});

describe('JMeter CSV results', () => {
  const s = series(detectAndParse(fixtureFiles('jmeter-results.jtl')));
  it('computes throughput per allThreads level and drops ramp transitions', () => {
    expect(s.format).toBe('jmeter');
    expect(s.points.n).toEqual([1, 2, 4, 8, 16, 32]);
    expect(s.notes.join(' ')).toMatch(/dropped 4 level\(s\).*3, 5, 9, 17/);
    // First level, by hand from the file: samples with allThreads = 1 over (last end − first start).
    const rows = fixtureText('jmeter-results.jtl')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(','))
      .filter((c) => c[12] === '1')
      .map((c) => ({ start: Number(c[0]), end: Number(c[0]) + Number(c[1]) }));
    const span = (Math.max(...rows.map((r) => r.end)) - Math.min(...rows.map((r) => r.start))) / 1000;
    expect(s.points.x[0]).toBeCloseTo(rows.length / span, 12);
  });
  it('recovers the stepping plan the fixture was written from (σ 0.04, κ 0.0008, λ 5 /s)', () => {
    const fit = fitUsl(s.points);
    if (!fit.ok) throw new Error(fit.message);
    expect(fit.params.lambda).toBeGreaterThan(4.5);
    expect(fit.params.lambda).toBeLessThan(5.5);
    expect(fit.peak.concurrency).toBeGreaterThan(20);
    expect(fit.peak.concurrency).toBeLessThan(45);
  });
});

describe('JMeter samples that failed (success false)', () => {
  const HEAD = 'timeStamp,elapsed,label,responseCode,responseMessage,threadName,dataType,success,failureMessage,bytes,sentBytes,grpThreads,allThreads,URL,Latency,IdleTime,Connect';
  const row = (t: number, elapsed: number, ok: boolean, threads: number) =>
    `${t},${elapsed},GET /,${ok ? 200 : 503},${ok ? 'OK' : 'Service Unavailable'},g 1-1,text,${ok},,10,10,${threads},${threads},http://x/,${elapsed},0,1`;
  it('leaves them out of the throughput: 4 samples over 1 s, one failed, are 3/s, not 4/s', () => {
    const text = [HEAD, row(0, 100, true, 2), row(300, 100, false, 2), row(600, 100, true, 2), row(900, 100, true, 2)].join('\n');
    const s = series(parseJmeterCsv(text, 'r.jtl'));
    expect(pairs(s)).toEqual([[2, 3]]);
    expect(s.notes).toContain('failed samples (success false) left out of the throughput: 1 of 4 at 2 threads');
  });
});

describe('generic CSV and JSON', () => {
  it('detects the columns by name, units in brackets ignored, extra columns ignored', () => {
    const s = series(detectAndParse(fixtureFiles('generic.csv')));
    expect([s.format, s.xLabel, s.yLabel]).toEqual(['csv', 'Users', 'Throughput (req/s)']);
    expect(pairs(s)).toEqual([
      [1, 120],
      [4, 451.3],
      [8, 829.88],
      [16, 1399.42],
      [32, 2002.5],
      [64, 2213.51],
    ]);
  });
  it('reads {points: [...]} JSON', () => {
    const s = series(detectAndParse(fixtureFiles('generic.json')));
    expect([s.format, s.xLabel, s.yLabel]).toEqual(['json', 'clients', 'tps']);
    expect(s.points.toArray()[0]).toEqual({ n: 1, x: 900 });
    expect(s.points).toHaveLength(7);
  });
  it('takes --x and --y, case-insensitively (the Oracle data set)', () => {
    const s = series(parseGenericCsv('timestamp,DB_TIME,txn_rate\nt1,0.5,2.2\nt2,1.5,3.1\n', 'o.csv', { x: 'db_time', y: 'TXN_RATE' }));
    expect(pairs(s)).toEqual([
      [0.5, 2.2],
      [1.5, 3.1],
    ]);
  });
  it('accepts every documented concurrency and throughput name', () => {
    for (const x of ['concurrency', 'load', 'processors', 'clients', 'threads', 'users', 'vus', 'N']) {
      for (const y of ['throughput', 'rps', 'tps', 'X']) {
        expect(pairs(series(parseGenericCsv(`${x},${y}\n2,10\n`, 'f.csv')))).toEqual([[2, 10]]);
      }
    }
  });
  it('reads headerless two-column CSV (codahale/usl example.csv) and semicolons, quotes, CRLF', () => {
    expect(pairs(series(parseGenericCsv('1,65\n18,996\n', 'example.csv')))).toEqual([
      [1, 65],
      [18, 996],
    ]);
    expect(pairs(series(parseGenericCsv('"users";"rps"\r\n"1";" 15.5"\r\n2;31\r\n', 'f.csv')))).toEqual([
      [1, 15.5],
      [2, 31],
    ]);
    // A decimal comma is not a number here: say so rather than misread it.
    expect(diagnostics(parseGenericCsv('users;rps\n1;1,5\n', 'f.csv'))[0]?.message).toBe('"1,5" in column "rps" is not a number');
  });
  it('reads JSON arrays of objects and of pairs', () => {
    expect(pairs(series(parseGenericJson('[{"load": 1, "throughput": "65"}]', 'f.json')))).toEqual([[1, 65]]);
    expect(pairs(series(parseGenericJson('[[1, 65], [18, 996]]', 'f.json')))).toEqual([
      [1, 65],
      [18, 996],
    ]);
  });
});

describe('format detection', () => {
  it.each([
    ['wrk-runs.txt', 'wrk'],
    ['pgbench-runs.txt', 'pgbench'],
    ['pgbench-pg13.txt', 'pgbench'],
    ['locust_stats_history.csv', 'locust'],
    ['jmeter-results.jtl', 'jmeter'],
    ['generic.csv', 'csv'],
    ['generic.json', 'json'],
    ['k6-summary-export/vus-001.json', 'k6'],
    ['k6-handle-summary/summary-1vus.json', 'k6'],
    ['malformed/k6-stream.json', 'k6'],
    ['malformed/k6-trailing-comma.json', 'k6'],
  ])('%s is %s', (file, format) => {
    expect(detectFormat(fixtureFiles(file)[0]!)).toBe(format);
  });
  it('refuses to mix formats', () => {
    const d = diagnostics(detectAndParse([...fixtureFiles('wrk-runs.txt'), ...fixtureFiles('pgbench-runs.txt')]));
    expect(formatDiagnostic(d[0]!)).toBe('wrk-runs.txt:1 looks like wrk output, but pgbench-runs.txt is pgbench (fit one tool’s results at a time)');
  });
  it('honours a forced format', () => {
    expect(diagnostics(detectAndParse(fixtureFiles('generic.csv'), { format: 'wrk' }))[0]?.message).toBe('no wrk run found');
  });
});

describe('malformed files report their line', () => {
  it.each([
    ['malformed/bad-value.csv', ['bad-value.csv:4:4 "16S2" in column "throughput" is not a number', 'bad-value.csv:6:5 empty value in column "throughput"']],
    ['malformed/bad-value.json', ['bad-value.json:4:26 "rps" is not a number: "lots"']],
    ['malformed/unclosed-quote.csv', ['unclosed-quote.csv:3:1 a quoted field is never closed']],
    ['malformed/wrk-interrupted.txt', ['wrk-interrupted.txt:12 the run with 16 connections has no "Requests/sec:" line (was it interrupted?)']],
    ['malformed/pgbench-no-tps.txt', ['pgbench-no-tps.txt:16 the run with 8 clients has no "tps =" line (was it interrupted?)']],
    ['malformed/k6-no-rate.json', ['k6-no-rate.json:2:14 no throughput: expected metrics.http_reqs.rate (or metrics.iterations.rate)']],
    ['malformed/locust-bad-rate.csv', ['locust-bad-rate.csv:3:26 "21.5x" in column "Requests/s" is not a number']],
  ])('%s', (file, expected) => {
    expect(diagnostics(detectAndParse(fixtureFiles(file))).map(formatDiagnostic)).toEqual(expected);
  });
  it('a JSON syntax error names its line', () => {
    const [d] = diagnostics(detectAndParse(fixtureFiles('malformed/k6-trailing-comma.json')));
    expect([d?.file, d?.line]).toEqual(['k6-trailing-comma.json', 5]);
    expect(d?.message).toMatch(/^invalid JSON/);
  });
  it('k6 stream output, a headerless JTL and date timestamps get a hint', () => {
    for (const file of ['malformed/k6-stream.json', 'malformed/jmeter-no-header.jtl', 'malformed/jmeter-date-timestamps.jtl']) {
      const [d] = diagnostics(detectAndParse(fixtureFiles(file)));
      expect(d?.hint).toBeTruthy();
      expect(d?.line).toBeGreaterThan(0);
    }
  });
  it('a CSV without recognisable columns says which names it knows', () => {
    const [d] = diagnostics(parseGenericCsv('when,what\n1,2\n', 'f.csv'));
    expect(d?.message).toBe('no concurrency column found');
    expect(d?.hint).toMatch(/"concurrency".*--x COLUMN; columns are "when", "what"/);
    const [e] = diagnostics(parseGenericCsv('load,rps\n1,2\n', 'f.csv', { x: 'vus' }));
    expect(formatDiagnostic(e!)).toBe('f.csv:1:1 no column named "vus" (--x) (columns are "load", "rps")');
  });
  it('refuses two columns of one name rather than fitting the first of them', () => {
    const text = 'users,throughput,latency,Throughput (ops/s)\n1,100,10,90\n2,190,11,180\n';
    const [d] = diagnostics(parseGenericCsv(text, 'f.csv'));
    expect(d?.message).toBe('columns 2 and 4 are both "throughput": which one is the throughput is not clear');
    expect(d?.hint).toMatch(/^rename one of them in the file; columns are "users", "throughput", "latency", "Throughput \(ops\/s\)"$/);
    // Named exactly, one of them is chosen; named as both read, it is refused too.
    expect(pairs(series(parseGenericCsv(text, 'f.csv', { y: 'Throughput (ops/s)' })))).toEqual([[1, 90], [2, 180]]);
    const dup = 'users,rps,rps\n1,100,90\n2,190,180\n';
    expect(diagnostics(parseGenericCsv(dup, 'f.csv', { y: 'rps' }))[0]?.message).toBe('columns 2 and 3 are both named "rps": which one is the throughput is not clear');
  });
  it('refuses a row with more fields than the header at the first extra field (a decimal comma, a stray delimiter)', () => {
    const cases: [string, string][] = [
      ['concurrency,throughput\n1,100\n2,190\n4,350\n8,600\n16,800,extra\n', 'f.csv:6:8 row has 3 fields and the header 2: "extra" is in no column'],
      ['concurrency,throughput\n1,100\n2,190\n4,350\n8,600,5\n', 'f.csv:5:7 row has 3 fields and the header 2: "5" is in no column'],
      ['concurrency,throughput\n1,100\n2,190,\n', 'f.csv:3:7 row has 3 fields and the header 2: an empty field (a delimiter at the end of the row?) is in no column'],
      ['concurrency,throughput\n1,100\n"2",190,x\n', 'f.csv:3:9 row has 3 fields and the header 2: "x" is in no column'],
      ['1,100\n2,190\n4,350,1\n', 'f.csv:3:7 row has 3 fields and the first row 2: "1" is in no column'],
      ['n,x,latency\n1,100,3\n2,190\n4,350,4,9\n', 'f.csv:4:9 row has 4 fields and the header 3: "9" is in no column'],
    ];
    for (const [text, expected] of cases) {
      const d = diagnostics(parseGenericCsv(text, 'f.csv'));
      expect(d.map(formatDiagnostic)).toEqual([`${expected} (a decimal comma splits a number in two (800,5 for 800.5): write 800.5, quote the field, or use ; between fields)`]);
    }
    // Rows up to the header's width (a short row holding both columns) still read.
    expect(pairs(series(parseGenericCsv('n,x,latency\n1,100,3\n2,190\n', 'f.csv')))).toEqual([[1, 100], [2, 190]]);
  });
  it('refuses NaN, a negative throughput, a zero concurrency and a throughput between 0 and 1e-9 at their cells', () => {
    const d = diagnostics(parseGenericCsv('concurrency,throughput\n1,NaN\n2,-5\n0,100\n8,1e-12\n16,0\n', 'f.csv'));
    expect(d.map(formatDiagnostic)).toEqual([
      'f.csv:2:3 "NaN" in column "throughput" is not a number',
      'f.csv:3:3 throughput "throughput" must not be negative, got -5',
      'f.csv:4:1 concurrency "concurrency" must be greater than 0, got 0',
      'f.csv:5:3 throughput "throughput" 1e-12 is above 0 but below 1e-9/s, the smallest rate capplan accepts (0 is accepted: nothing completed)',
    ]);
    const j = diagnostics(parseGenericJson('[{"concurrency":1,"throughput":"NaN"}]', 'f.json'));
    expect(j[0]?.message).toMatch(/"throughput" is not a number/);
  });
  it('reports every bad row, not just the first', () => {
    const d = diagnostics(parseGenericCsv('n,x\n0,5\n2,-1\n3\n', 'f.csv'));
    expect(d.map((x) => x.line)).toEqual([2, 3, 4]);
  });
  it('never throws on garbage', () => {
    for (const text of ['', '\u0000\u0001', '{', '[1,', '"', 'a;b;c\n', '   ', '\n\n\n']) {
      expect(() => detectAndParse([{ name: 'x', text }])).not.toThrow();
    }
  });
});
