/**
 * Stranger-input findings (round of 2026-11-29): values that were misread without a word, or refused
 * in mathjs's words. Each case is positioned, exit 2 (an InputError), with capplan's own hint.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/cli/io.js';
import { UsageError } from '../../src/cli/errors.js';
import { readQuantity } from '../../src/units/quantity.js';
import { makeMathReader } from '../../src/units/math-reader.js';
import { problems } from '../support/problems.js';

const service = (line: string, workload = 'rps: 100') =>
  `apiVersion: capplan/v1\nname: t\nworkload:\n  ${workload}\ncomponents:\n  api:\n    kind: service\n    workers: 4\n    ${line}\n`;
const first = async (text: string) => (await problems(text))[0];
const read = makeMathReader({ peakRps: 100, requestsPerSession: 20, thinkTime: 10 });

describe('only the documented units are read (mathjs prefixes and names are not)', () => {
  it.each([
    ['24 hs', 'hs', 'did you mean 24h?'],
    ['20ds', 'ds', 'capplan reads no "d" prefix on seconds'],
    ['20cs', 'cs', 'capplan reads no "c" prefix on seconds'],
    ['20das', 'das', 'capplan reads no "da" prefix on seconds'],
    ['20ks', 'ks', 'capplan reads no "k" prefix on seconds'],
    ['20Ms', 'Ms', 'capplan reads no "M" prefix on seconds'],
    ['20Gs', 'Gs', 'capplan reads no "G" prefix on seconds'],
    ['1 decade', 'decade', 'durations take'],
    ['1 century', 'century', 'durations take'],
  ])('serviceTime: %s is refused at its position', async (value, unit, hint) => {
    const out = await first(service(`serviceTime: ${value}`));
    expect(out).toMatch(new RegExp(`^p\\.yaml:9:18 components\\.api\\.serviceTime: "${value}": unknown unit "${unit}"\\n  hint: `));
    expect(out).toContain(hint);
  });
  it.each([
    ['100 mHz', 'mHz', '100 mHz is 0.1/s'],
    ['100 kHz', 'kHz', '100 kHz is 100_000/s'],
    ['100 MHz', 'MHz', '100 MHz is 100_000_000/s'],
    ['100/cs', 'cs', 'no "c" prefix'],
    ['100/ks', 'ks', 'no "k" prefix'],
  ])('rps: %s is refused', async (value, unit, hint) => {
    const out = await first(service('serviceTime: 20ms', `rps: ${value}`));
    expect(out).toMatch(new RegExp(`^p\\.yaml:4:8 workload\\.rps: "${value.replace('/', '\\/')}": unknown unit "${unit}"`));
    expect(out).toContain(hint);
  });
  it('reads the documented units in expressions as in plain values, including ones mathjs lacks (w, KB, Gbit, rps)', () => {
    expect(read('2 * 1w', 'duration')).toEqual({ ok: true, value: 1_209_600, bare: false });
    expect(read('2 * 1KB', 'bytes')).toEqual({ ok: true, value: 2000, bare: false });
    expect(read('2 * 5 Gbit/s', 'byteRate')).toEqual({ ok: true, value: 1.25e9, bare: false });
    expect(read('2 * 100 rps', 'rate')).toEqual({ ok: true, value: 200, bare: false });
    expect(read('1.5 * 20ms', 'duration')).toMatchObject({ ok: true, value: expect.closeTo(0.03, 12) });
    expect(read('20 milliseconds', 'duration')).toMatchObject({ ok: true, value: expect.closeTo(0.02, 12) });
  });
  it('size --service-time reads flags with the same rules', async () => {
    const { runSize } = await import('../../src/cli/commands/size.js');
    const ctx = { out: async () => {}, warn: () => {} } as never;
    await expect(runSize({ rps: '100', serviceTime: '24 hs' }, 'table' as never, ctx)).rejects.toThrow(/--service-time: "24 hs": unknown unit "hs" \(did you mean 24h\?/);
    await expect(runSize({ rps: '100 mHz', serviceTime: '20ms' }, 'table' as never, ctx)).rejects.toThrow(/--rps: "100 mHz": unknown unit "mHz"/);
    await expect(runSize({ rps: '1e400', serviceTime: '20ms' }, 'table' as never, ctx)).rejects.toThrow(/--rps: 1e400 is too large/);
  });
});

describe('did you mean: a known spelling gives its unit, never one of another magnitude', () => {
  it.each([
    ['20msec', 'did you mean 20ms?'],
    ['20msecs', 'did you mean 20ms?'],
    ['20 usec', 'did you mean 20us?'],
    ['20 nsec', 'did you mean 20ns?'],
    ['6mo', 'did you mean 6month?'],
    ['6mos', 'did you mean 6month?'],
    ['6 mon', 'did you mean 6month?'],
    ['1 yrs', 'did you mean 1y?'],
    ['1M', 'did you mean 1min (minutes), 1month or 1ms (milliseconds)?'],
  ])('%s → %s', (value, hint) => {
    const r = read(value, 'duration');
    expect(r.ok).toBe(false);
    expect((r as { hint: string }).hint.startsWith(hint)).toBe(true);
  });
  // Found by a tester: 100 rpm offered "rps", 60 times off.
  it.each([
    ['100 rpm', 'did you mean 100/min?'],
    ['100rpm', 'did you mean 100/min?'],
    ['100 RPM', 'did you mean 100/min?'],
    ['100 qpm', 'did you mean 100/min?'],
    ['5 tph', 'did you mean 5/h?'],
  ])('rate %s → %s', (value, hint) => {
    const r = read(value, 'rate');
    expect(r.ok).toBe(false);
    expect((r as { hint: string }).hint.startsWith(hint)).toBe(true);
  });
  it('size --rps 100rpm offers 100/min', async () => {
    const { runSize } = await import('../../src/cli/commands/size.js');
    const ctx = { out: async () => {}, warn: () => {} } as never;
    await expect(runSize({ rps: '100rpm', serviceTime: '20ms' }, 'table' as never, ctx)).rejects.toThrow(/--rps: "100rpm": unknown unit "rpm" \(did you mean 100\/min\?/);
  });
  const network = (link: string) =>
    `apiVersion: capplan/v1\nname: t\nworkload: { rps: 100 }\ncomponents:\n  api: { kind: service, serviceTime: 20ms, calls: [net] }\n  net: { kind: network, bytesPerRequest: 50KB, link: ${link} }\n`;
  it('a link name with a space or another case is that name, not one of another speed', async () => {
    expect(await first(network('10 GbE'))).toBe('p.yaml:6:54 components.net.link: "10 GbE" is not one of 1GbE, 10GbE, 25GbE, 40GbE, 100GbE\n  hint: did you mean "10GbE"?');
  });
  it('1GB as a link offers both the data rate and the link, 8× apart', async () => {
    expect(await first(network('1GB'))).toBe('p.yaml:6:54 components.net.link: 1GB is a size, not a data rate (or one of 1GbE, 10GbE, 25GbE, 40GbE, 100GbE)\n  hint: did you mean 1GB/s, or "1GbE"?');
  });
});

describe('a dot does not group thousands', () => {
  it('sessionsPerDay: 50.000 and capacity: 1.000/s are refused with both readings', async () => {
    expect(await first(service('serviceTime: 20ms', 'sessionsPerDay: 50.000'))).toBe(
      'p.yaml:4:19 workload.sessionsPerDay: "50.000": a dot does not group thousands here\n  hint: for 50,000, write 50_000; for 50, write 50 ("." is a decimal point; "_" or "," groups thousands)',
    );
    expect(await first(service('capacity: 1.000/s'))).toMatch(/^p\.yaml:9:15 components\.api\.capacity: "1\.000\/s": a dot does not group thousands here\n  hint: for 1,000, write 1_000\/s; for 1, write 1\/s/);
  });
  it('in flow style too (the YAML library reads it), and 1.000.000 in any kind', async () => {
    expect(await first('apiVersion: capplan/v1\nname: t\nworkload: { sessionsPerDay: 50.000, requestsPerSession: 20, peakFactor: 3 }\ncomponents:\n  api: &a { kind: service, serviceTime: 20ms }\n')).toMatch(/^p\.yaml:3:29 workload\.sessionsPerDay: "50\.000": a dot/);
    expect(read('1.000.000', 'count')).toMatchObject({ ok: false, hint: expect.stringContaining('write 1_000_000') });
  });
  it('keeps decimals where a dot cannot group thousands: 1.000s, 2.5, 0.100', () => {
    expect(readQuantity('1.000s', 'duration')).toEqual({ ok: true, value: 1, bare: false });
    expect(readQuantity('2.500', 'number')).toEqual({ ok: true, value: 2.5, bare: true });
    expect(readQuantity('2.000', 'cpu')).toEqual({ ok: true, value: 2, bare: true });
  });
});

describe('non-UTF-8 input is refused, not mangled', () => {
  const binary = () => new UsageError('binary');
  it('a Latin-1 byte, at its line and column', () => {
    const text = Buffer.from('apiVersion: capplan/v1\nname: caf\xe9\n', 'latin1');
    expect(() => decodeText(text, 'p.yaml', 'profile', binary)).toThrow('p.yaml:2:10: not UTF-8 (byte 0xE9)');
    try {
      decodeText(text, 'p.yaml', 'profile', binary);
    } catch (error) {
      expect((error as UsageError).hint).toBe('save the file as UTF-8');
    }
  });
  it('UTF-16 with a byte-order mark is named', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('name: x\n', 'utf16le')]);
    expect(() => decodeText(le, 'p.yaml', 'profile', binary)).toThrow('p.yaml: is UTF-16; save it as UTF-8');
  });
  it('UTF-8 with or without a BOM reads as before', () => {
    expect(decodeText(Buffer.from('\ufeffname: café\n'), 'p.yaml', 'profile', binary)).toBe('name: café\n');
  });
});

describe('a hyphen between two numbers is a range or a date, not a subtraction', () => {
  it.each([
    ['requestsPerSession: 10-20', 'p.yaml:5:23 workload.requestsPerSession: "10-20" looks like a range written with a hyphen\n  hint: a range is written with two dots, 10..20 (its p10..p90)'],
  ])('%s', async (line, message) => {
    expect(await first(service('serviceTime: 20ms', `rps: 100\n  ${line}`))).toContain(message);
  });
  it('workers: 8-16, serviceTime: 20-30ms, latencyP95: 100ms-200ms', async () => {
    expect(await first(service('serviceTime: 20ms').replace('workers: 4', 'workers: 8-16'))).toBe(
      'p.yaml:8:14 components.api.workers: "8-16" looks like a range; a count takes one whole number\n  hint: give one value, e.g. 8; ranges (written 8..16) are for estimates such as service times, capacities and rates',
    );
    expect(await first(service('serviceTime: 20-30ms'))).toBe(
      'p.yaml:9:18 components.api.serviceTime: "20-30ms" looks like a range written with a hyphen\n  hint: a range is written with two dots, 20ms..30ms (its p10..p90), where the field takes an estimate; otherwise give one value',
    );
    expect(read('100ms-200ms', 'duration')).toMatchObject({ ok: false, hint: expect.stringContaining('100ms..200ms') });
  });
  it('a reversed range is offered low..high (found by a tester: 5ms-3ms offered 5ms..3ms)', () => {
    expect(read('5ms-3ms', 'duration')).toMatchObject({ ok: false, hint: expect.stringContaining('two dots, 3ms..5ms (its p10..p90)') });
    expect(read('1s-500ms', 'duration')).toMatchObject({ ok: false, hint: expect.stringContaining('500ms..1s') });
    expect(read('10 - 8', 'count')).toMatchObject({ ok: false, hint: expect.stringContaining('(written 8..10)') });
    expect(read('2_000-1_500/s', 'rate')).toMatchObject({ ok: false, hint: expect.stringContaining('1_500/s..2_000/s') });
  });
  it('a date where a duration is expected', () => {
    expect(read('2025-06-01', 'duration')).toMatchObject({ ok: false, message: '"2025-06-01" is a date, not a duration', hint: expect.stringContaining('6month') });
  });
  it('an expression with a variable still subtracts', () => {
    expect(read('thinkTime - 1s', 'duration')).toEqual({ ok: true, value: 9, bare: false });
  });
});

describe('messages in capplan’s words, not mathjs’s or zod’s', () => {
  it.each([
    ['10ms+5', 'cannot compute "10ms+5": cannot add a duration and a plain number'],
    ['min(1s, 2)', 'cannot compute "min(1s, 2)": cannot take the min of a duration and a plain number'],
    ['１００ms', '"１００ms" is written with full-width digits'],
    ['1\u00a000ms', '"1\u00a000ms" holds a U+00A0 space at character 2, which looks like a space but is not one'],
    ['10 000ms', '"10 000ms": no spaces inside a number'],
    ['(2+3', 'cannot read "(2+3" (at character 5): not a number with a unit, nor an expression'],
  ])('%s', (value, message) => {
    const r = read(value, 'duration');
    expect(r).toMatchObject({ ok: false, message });
    expect(JSON.stringify(r)).not.toMatch(/Scalar|Unexpected|Syntax error|expected: /);
  });
  it('growth.points: [] asks for a point', async () => {
    const out = await first('apiVersion: capplan/v1\nname: t\nworkload:\n  rps: 100\n  growth: { start: "2025-06", points: [] }\ncomponents:\n  api: { kind: service, serviceTime: 20ms }\n');
    expect(out).toMatch(/workload\.growth\.points: give at least one point/);
  });
});

describe('one rule for minutes: min everywhere, Prometheus’s m where a flag also reads it', () => {
  it('observe --window takes 1min, 5m, 1h30m and 1.5h; the message names both forms', async () => {
    const { durationFlag } = await import('../../src/cli/commands/observe.js');
    expect(durationFlag('1min')).toBe(60);
    expect(durationFlag('5m')).toBe(300);
    expect(durationFlag('1h30m')).toBe(5400);
    expect(durationFlag('1.5h')).toBe(5400);
    expect(() => durationFlag('24 hs')).toThrow(/like 30s, 5min, 1\.5h or 7d \(Prometheus's 5m and 1h30m are read too\)/);
  });
  it('simulate --duration takes both, and its hint says 5m is minutes there', async () => {
    const { parseDurationS } = await import('../../src/simulate/options.js');
    expect(parseDurationS('3min', '--duration')).toBe(180);
    expect(parseDurationS('3m', '--duration')).toBe(180);
    expect(() => parseDurationS('3 hs', '--duration')).toThrow(expect.objectContaining({ hint: expect.stringContaining('5min') }));
  });
});
