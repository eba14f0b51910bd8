/** Flag parsers of `capplan simulate`, fault resolution against a model, and load-test samples. */
import { describe, expect, it } from 'vitest';
import { parseArrivals, parseBalancing, parseDurationS, parseFail, parseRamp, parseService, resolveFaults, SpecError } from '../../src/simulate/options.js';
import { readSamples } from '../../src/simulate/samples.js';
import { DEFAULTS } from '../../src/simulate/runner.js';
import { DEFAULT_WARMUP } from '../../src/cli/commands/simulate.js';
import { model, station, visit } from './helpers.js';

describe('flag parsers', () => {
  it('defaults --warmup to the simulator\'s own warm-up share', () => {
    expect(DEFAULT_WARMUP).toBe(DEFAULTS.warmupFraction);
  });
  it('reads durations with units (m is minutes here; a bare number is refused, save 0)', () => {
    expect(parseDurationS('300s', 'x')).toBe(300);
    expect(parseDurationS('5m', 'x')).toBe(300);
    expect(parseDurationS('1.5h', 'x')).toBe(5400);
    expect(parseDurationS('250ms', 'x')).toBeCloseTo(0.25, 12);
    // A bare number is refused as every duration flag refuses it (60s or 60ms?); 0 is 0 in any unit.
    expect(() => parseDurationS('90', '--duration')).toThrow('--duration: 90 needs a unit: 90s? 90ms?');
    expect(() => parseFail('fsm:1@60')).toThrow('needs a unit');
    expect(() => parseFail('fsm:1@60s+120')).toThrow('needs a unit');
    expect(() => parseRamp('0..2x over 600')).toThrow('needs a unit');
    expect(parseDurationS('0', 'x')).toBe(0);
    expect(() => parseDurationS('soon', 'x')).toThrow(SpecError);
  });

  it('reads faults: zones, components with a role and a count, and an outage length', () => {
    expect(parseFail('zone:a@300s')).toMatchObject({ zone: 'a', atS: 300, forS: null });
    expect(parseFail('fsm:3@1m+2m')).toMatchObject({ component: 'fsm', role: null, count: 3, atS: 60, forS: 120 });
    expect(parseFail('postgres:replica@60s')).toMatchObject({ component: 'postgres', role: 'replica', count: 1 });
    for (const bad of ['zone:ab@1s', 'fsm', 'fsm@', 'fsm:0@1s', 'fsm@1s+0s', 'zone@1s']) expect(() => parseFail(bad), bad).toThrow(SpecError);
  });

  it('reads ramps, arrival processes, service laws and balancing policies', () => {
    expect(parseRamp('0..2x over 10m')).toEqual({ from: 0, to: 2, overS: 600 });
    expect(parseRamp('1x..3x over 90s')).toEqual({ from: 1, to: 3, overS: 90 });
    expect(() => parseRamp('0..0x over 1m')).toThrow(SpecError);
    expect(parseArrivals('poisson')).toEqual({ kind: 'poisson' });
    expect(parseArrivals('mmpp:3x,10%,30s')).toEqual({ kind: 'mmpp', burstFactor: 3, burstShare: 0.1, meanBurstS: 30 });
    expect(parseArrivals('trace:gaps.txt')).toEqual({ kind: 'trace', file: 'gaps.txt' });
    expect(() => parseArrivals('mmpp:20x,10%,30s')).toThrow(/mean rate allows/);
    expect(parseService('lognormal:1.5')).toEqual({ component: '*', shape: { kind: 'lognormal', cv: 1.5 } });
    expect(parseService('api=deterministic')).toEqual({ component: 'api', shape: { kind: 'deterministic' } });
    expect(parseService('api=empirical:t.csv')).toEqual({ component: 'api', file: 't.csv' });
    expect(() => parseService('gamma:2')).toThrow(SpecError);
    // Bounds that keep a run finite: no overflowing moments, no spells too short to simulate.
    expect(() => parseService('lognormal:1e300')).toThrow(/at most 100/);
    expect(() => parseArrivals('mmpp:1.5x,50%,1us')).toThrow(/1 ms or more/);
    expect(parseBalancing('p2c')).toEqual({ component: '*', policy: 'p2c' });
    expect(parseBalancing('api=least-request')).toEqual({ component: 'api', policy: 'least-request' });
    expect(() => parseBalancing('weighted')).toThrow(SpecError);
  });
});

describe('resolving faults against a model', () => {
  const m = model(1, [
    station('api', 5, 2),
    station('db primary', 1, 1, { component: 'db', role: 'primary', zonal: false }),
    station('db replica', 3, 1, { component: 'db', role: 'read replica' }),
    station('cache', 2, 1, { zonal: false, role: 'shard' }),
  ], [{ kind: 'exponential', meanS: 1 }], [visit(0, 0), { op: 'end' }], { zones: 3 });

  it('a zone takes replica i of every zoned station with i mod z equal to the zone (a = 0), the fullest zone first', () => {
    const [f] = resolveFaults(m, [parseFail('zone:a@10s')]);
    expect(f!.replicas).toEqual([{ station: 0, replica: 0 }, { station: 0, replica: 3 }, { station: 2, replica: 0 }]);
    expect(resolveFaults(m, [parseFail('zone:c@10s')])[0]!.replicas).toEqual([{ station: 0, replica: 2 }, { station: 2, replica: 2 }]);
  });

  it('a component loses its last replicas; roles pick the station; fail-over stations refuse', () => {
    expect(resolveFaults(m, [parseFail('api:2@1s+1s')])[0]).toMatchObject({ label: '2 api replicas', atS: 1, untilS: 2, replicas: [{ station: 0, replica: 4 }, { station: 0, replica: 3 }] });
    expect(resolveFaults(m, [parseFail('db:replica@1s')])[0]!.replicas).toEqual([{ station: 2, replica: 2 }]);
    expect(resolveFaults(m, [parseFail('db@1s')])[0]!.replicas).toEqual([{ station: 2, replica: 2 }]);
    expect(() => resolveFaults(m, [parseFail('db:primary@1s')])).toThrow(/fails over/);
    expect(() => resolveFaults(m, [parseFail('cache@1s')])).toThrow(/cache's shard fails over to a standby/);
    expect(() => resolveFaults(m, [parseFail('nope@1s')])).toThrow(/no simulated component/);
    expect(() => resolveFaults(m, [parseFail('zone:d@1s')])).toThrow(/3 zones/);
    expect(() => resolveFaults({ ...m, zones: 1 }, [parseFail('zone:a@1s')])).toThrow(/one zone/);
  });

  it('a count above the replicas the phase has is refused with that count, not cut to it', () => {
    expect(() => resolveFaults(m, [parseFail('api:100@60s')])).toThrow(/^--fail api:100@60s: api has 5 replicas in phase test; it cannot lose 100$/);
    expect(() => resolveFaults(m, [parseFail('db:replica:4@1s+5s')])).toThrow(/db has 3 read replicas in phase test; it cannot lose 4/);
    try {
      resolveFaults(m, [parseFail('api:6@60s')]);
    } catch (error) {
      expect((error as SpecError).hint).toBe('lose at most 5: --fail api:5@60s');
    }
    expect(resolveFaults(m, [parseFail('api:5@60s')])[0]!.replicas).toHaveLength(5);
  });

  it('faults that together take more replicas than a component has are refused; each takes only replicas still up', () => {
    // Found by a tester: api:1@60s then api:2@120s lost 3 of 2 replicas.
    const two = model(1, [station('api', 2, 4)], [{ kind: 'exponential', meanS: 1 }], [visit(0, 0), { op: 'end' }], { zones: 2 });
    expect(() => resolveFaults(two, [parseFail('api:1@60s'), parseFail('api:2@120s')])).toThrow(/^--fail api:2@120s: api has 2 replicas in phase test, and --fail api:1@60s has taken 1 by then; it cannot lose 2$/);
    try {
      resolveFaults(two, [parseFail('api:2@120s'), parseFail('api:1@60s')]);
      expect.unreachable();
    } catch (error) {
      expect((error as SpecError).hint).toBe('lose at most 1: --fail api@120s');
    }
    expect(() => resolveFaults(two, [parseFail('zone:a@60s'), parseFail('api:2@2m')])).toThrow(/--fail zone:a@60s has taken 1 by then; it cannot lose 2/);
    // Brought back before the next one strikes: both run, each on the last replica.
    const back = resolveFaults(two, [parseFail('api:1@60s+30s'), parseFail('api:2@120s')]);
    expect(back.map((f) => f.replicas)).toEqual([[{ station: 0, replica: 1 }], [{ station: 0, replica: 1 }, { station: 0, replica: 0 }]]);
    // Two faults of one replica each take two different ones; a zone loss after them takes none twice.
    const [a, b, z] = resolveFaults(m, [parseFail('api@1s'), parseFail('api@1s'), parseFail('zone:a@2s')]);
    expect([a!.replicas, b!.replicas]).toEqual([[{ station: 0, replica: 4 }], [{ station: 0, replica: 3 }]]);
    expect(z!.replicas).toEqual([{ station: 0, replica: 0 }, { station: 2, replica: 0 }]);
    expect(z!.stations).toEqual([0, 2]);
  });
});

describe('measured times from load-test files', () => {
  it('reads JMeter results: elapsed (ms) per sample, and gaps between start times', () => {
    const jtl = 'timeStamp,elapsed,label,responseCode,allThreads\n1000,120,a,200,4\n1100,80,a,200,4\n1350,100,a,200,4\n';
    const d = readSamples(jtl, 'r.jtl', 'durations');
    expect(d).toEqual({ ok: true, valuesS: [0.12, 0.08, 0.1], source: 'r.jtl, column elapsed, 3 rows' });
    const g = readSamples(jtl, 'r.jtl', 'gaps');
    expect(g.ok && g.valuesS.map((x) => Math.round(x * 1000))).toEqual([100, 250]);
  });

  it('reads k6 JSON output points of http_req_duration', () => {
    const lines = [
      '{"type":"Metric","data":{"name":"http_req_duration"},"metric":"http_req_duration"}',
      '{"type":"Point","data":{"time":"2024-01-01T00:00:00.100Z","value":100},"metric":"http_req_duration"}',
      '{"type":"Point","data":{"time":"2024-01-01T00:00:00.400Z","value":50},"metric":"http_req_duration"}',
      '{"type":"Point","data":{"time":"2024-01-01T00:00:01.000Z","value":100},"metric":"http_req_duration"}',
      '{"type":"Point","data":{"time":"2024-01-01T00:00:00.400Z","value":1},"metric":"vus"}',
    ].join('\n');
    expect(readSamples(lines, 'k6.json', 'durations')).toMatchObject({ ok: true, valuesS: [0.1, 0.05, 0.1] });
    // Starts: 0.100 − 0.100 = 0, 0.400 − 0.050 = 0.350, 1.000 − 0.100 = 0.900.
    const g = readSamples(lines, 'k6.json', 'gaps');
    expect(g.ok && g.valuesS[0]).toBeCloseTo(0.35, 9);
    expect(g.ok && g.valuesS[1]).toBeCloseTo(0.55, 9);
  });

  it('reads a CSV column whose name gives its unit, or one duration per line', () => {
    expect(readSamples('id,latency_ms\n1,20\n2,30\n', 'x.csv', 'durations')).toMatchObject({ ok: true, valuesS: [0.02, 0.03] });
    expect(readSamples('12ms\n0.5s\n2 # seconds\n', 'x.txt', 'durations')).toMatchObject({ ok: true, valuesS: [0.012, 0.5, 2] });
  });

  it('says where a file is wrong', () => {
    const bad = readSamples('id,latency\n1,20\n', 'x.csv', 'durations');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems[0]!.message).toMatch(/unit in its name/);
    const list = readSamples('12ms\nfast\n', 'x.txt', 'durations');
    expect(!list.ok && list.problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/not a duration/) });
    expect(readSamples('5ms\n', 'x.txt', 'durations').ok).toBe(false);
  });
});
