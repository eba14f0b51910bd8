import { all, create } from 'mathjs';
import { describe, expect, it } from 'vitest';
import { makeMathReader } from '../../src/units/math-reader.js';
import { readQuantity, type QuantityKind } from '../../src/units/quantity.js';

const ok = (input: unknown, kind: QuantityKind) => {
  const r = readQuantity(input, kind);
  if (!r.ok) throw new Error(`${String(input)}: ${'message' in r ? r.message : 'deferred'}`);
  return r.value;
};

describe('fast-path quantities', () => {
  it('reads durations in seconds', () => {
    expect(ok('10ms', 'duration')).toBeCloseTo(0.01, 15);
    expect(ok('2s', 'duration')).toBe(2);
    expect(ok('5 min', 'duration')).toBe(300);
    expect(ok('1.5h', 'duration')).toBe(5400);
    expect(ok('365d', 'duration')).toBe(365 * 86_400);
    expect(ok('250us', 'duration')).toBeCloseTo(250e-6, 18);
    expect(ok(0.5, 'duration')).toBe(0.5);
  });
  it('reads rates per second, with or without a counted noun', () => {
    expect(ok('1000/s', 'rate')).toBe(1000);
    expect(ok('600/min', 'rate')).toBe(10);
    expect(ok('30 msg/s', 'rate')).toBe(30);
    expect(ok('3600/h', 'rate')).toBe(1);
    expect(ok('5000 IOPS', 'rate')).toBe(5000);
    expect(ok('800 rps', 'rate')).toBe(800);
    expect(ok(42, 'rate')).toBe(42);
  });
  it('reads decimal, binary and Kubernetes sizes in bytes', () => {
    expect(ok('50KB', 'bytes')).toBe(50_000);
    expect(ok('50kB', 'bytes')).toBe(50_000);
    expect(ok('256Mi', 'bytes')).toBe(256 * 2 ** 20);
    expect(ok('16GiB', 'bytes')).toBe(16 * 2 ** 30);
    expect(ok('1TB', 'bytes')).toBe(1e12);
    expect(ok('1G', 'bytes')).toBe(1e9);
  });
  it('refuses sizes written in bits, with a hint in bytes', () => {
    expect(readQuantity('1Gb', 'bytes')).toEqual({ ok: false, message: '1Gb is in bits; sizes are in bytes (B)', hint: 'did you mean 1GB or 1GiB?' });
    expect(readQuantity('10Mb', 'bytes')).toMatchObject({ ok: false, hint: 'did you mean 10MB or 10MiB?' });
    expect(readQuantity('512kb', 'bytes')).toMatchObject({ ok: false, hint: 'did you mean 512kB or 512KiB?' });
    expect(readQuantity('8 Mbit', 'bytes')).toMatchObject({ ok: false, message: '8Mbit is in bits; sizes are in bytes (B)' });
    expect(readQuantity('2 Gib', 'bytes')).toMatchObject({ ok: false, hint: 'did you mean 2GB or 2GiB?' });
    // Kubernetes' m is milli: 256m bytes is a quarter of a byte, not 256 MiB.
    expect(readQuantity('256m', 'bytes')).toMatchObject({ ok: false, hint: 'did you mean 256Mi or 256M?' });
  });
  it('tells whether a value carried a unit', () => {
    expect(readQuantity(20, 'duration')).toEqual({ ok: true, value: 20, bare: true });
    expect(readQuantity('20', 'duration')).toEqual({ ok: true, value: 20, bare: true });
    expect(readQuantity('20ms', 'duration')).toEqual({ ok: true, value: 0.02, bare: false });
    expect(readQuantity('70%', 'fraction')).toMatchObject({ ok: true, bare: false });
  });
  it('refuses a value that overflows once converted to SI units', () => {
    expect(readQuantity('1e308 GB', 'bytes')).toEqual({ ok: false, message: '1e308 GB is too large: it overflows when converted to bytes' });
    expect(readQuantity('1e307 years', 'duration')).toMatchObject({ ok: false, message: expect.stringMatching(/overflows/) });
  });
  it('reads data rates, bits as eighths of bytes', () => {
    expect(ok('125 MB/s', 'byteRate')).toBe(125e6);
    expect(ok('10 Gbit/s', 'byteRate')).toBe(1.25e9);
    expect(ok('10Gbps', 'byteRate')).toBe(1.25e9);
    expect(ok('1 Gb/s', 'byteRate')).toBe(1.25e8);
    expect(ok('2 Gib/s', 'byteRate')).toBe(2 * 2 ** 30 / 8);
    expect(ok('50 GB/day', 'byteRate')).toBeCloseTo(50e9 / 86_400, 6);
  });
  it('reads CPU as cores, millicores as thousandths (not metres)', () => {
    expect(ok('500m', 'cpu')).toBe(0.5);
    expect(ok('2', 'cpu')).toBe(2);
    expect(ok('4 vCPU', 'cpu')).toBe(4);
    expect(ok(1.5, 'cpu')).toBe(1.5);
  });
  it('reads fractions and percentages', () => {
    expect(ok('70%', 'fraction')).toBeCloseTo(0.7, 15);
    expect(ok('99.9%', 'fraction')).toBeCloseTo(0.999, 15);
    expect(ok(0.25, 'fraction')).toBe(0.25);
  });
  it('accepts thousands separators only in groups of three', () => {
    expect(ok('10_000', 'number')).toBe(10_000);
    expect(ok('1,000,000', 'number')).toBe(1_000_000);
    expect(readQuantity('1_0000', 'number')).toEqual({ ok: false, deferred: true });
  });
  it('reports out-of-range values with a hint', () => {
    expect(readQuantity('120%', 'fraction')).toMatchObject({ ok: false, message: '120% is over 100%' });
    expect(readQuantity(70, 'fraction')).toMatchObject({ ok: false, hint: 'write 70% if you mean a percentage' });
    expect(readQuantity(Number.NaN, 'rate')).toMatchObject({ ok: false, message: 'NaN is not a finite number' });
    expect(readQuantity(Infinity, 'duration')).toMatchObject({ ok: false, message: 'Infinity is not a finite number' });
    expect(readQuantity(2.5, 'count')).toMatchObject({ ok: false, message: '2.5 is not a whole number' });
    expect(readQuantity(true, 'rate')).toMatchObject({ ok: false, message: 'expected a rate like 1000/s or 600/min, got the boolean true' });
  });
  it('defers what it does not know to the mathjs reader', () => {
    expect(readQuantity('1 decade', 'duration')).toEqual({ ok: false, deferred: true });
    expect(readQuantity('peakRps * 0.2', 'rate')).toEqual({ ok: false, deferred: true });
    expect(readQuantity('10 Gbs', 'byteRate')).toEqual({ ok: false, deferred: true });
  });
});

describe('the fast path agrees with mathjs wherever both read a value', () => {
  const math = create(all!, {});
  // [fast-path text, mathjs text, kind, mathjs unit to convert to]
  const cases: [string, string, QuantityKind, string][] = [
    ['10ms', '10 ms', 'duration', 's'],
    ['1.5h', '1.5 hour', 'duration', 's'],
    ['365d', '365 day', 'duration', 's'],
    ['2 weeks', '2 week', 'duration', 's'],
    ['3 months', '3 month', 'duration', 's'],
    ['125 MB/s', '125 MB/s', 'byteRate', 'B/s'],
    ['10 Gb/s', '10 Gb/s', 'byteRate', 'B/s'],
    ['16 GiB', '16 GiB', 'bytes', 'B'],
    ['256 MiB', '256 MiB', 'bytes', 'B'],
    ['50 kB', '50 kB', 'bytes', 'B'],
    ['8 Mb/s', '8 Mb/s', 'byteRate', 'B/s'],
    ['600/min', '600 / minute', 'rate', 'Hz'],
  ];
  for (const [fast, slow, kind, unit] of cases) {
    it(`${fast} = mathjs ${slow}`, () => {
      const expected = (math.evaluate(slow) as { toNumber(u: string): number }).toNumber(unit);
      expect(ok(fast, kind)).toBeCloseTo(expected, 9 - Math.ceil(Math.log10(Math.abs(expected) + 1)));
    });
  }
});

describe('the mathjs reader', () => {
  const read = makeMathReader({ peakRps: 100, requestsPerSession: 20, thinkTime: 10 });
  it('evaluates expressions over the workload, variables carrying their units', () => {
    expect(read('peakRps * 0.2', 'rate')).toEqual({ ok: true, value: 20, bare: false });
    expect(read('requestsPerSession / 4', 'number')).toEqual({ ok: true, value: 5, bare: true });
    expect(read('1 / peakRps', 'duration')).toEqual({ ok: true, value: 0.01, bare: false });
    expect(read('thinkTime / 2', 'duration')).toEqual({ ok: true, value: 5, bare: false });
    expect(read('ceil(thinkTime / 3s)', 'count')).toEqual({ ok: true, value: 4, bare: true });
    expect(read('max(2, ceil(requestsPerSession / 3))', 'count')).toEqual({ ok: true, value: 7, bare: true });
  });
  it('refuses a result of the wrong dimension: a rate is not a count', () => {
    expect(read('peakRps / 100', 'number')).toMatchObject({ ok: false, message: expect.stringMatching(/has a unit/) });
  });
  it('reads no unit outside the documented vocabulary, not even one mathjs knows', () => {
    // mathjs would read a decade (ten Julian years), 24 hs as 24 hectoseconds and 100 mHz as 0.1/s.
    expect(read('1 decade', 'duration')).toMatchObject({ ok: false, message: '"1 decade": unknown unit "decade"' });
    expect(read('2 * 1w', 'duration')).toEqual({ ok: true, value: 1_209_600, bare: false });
    expect(read('1.5 * 20 milliseconds', 'duration')).toMatchObject({ ok: true, value: expect.closeTo(0.03, 12) });
  });
  it('names an unknown identifier and suggests a close one', () => {
    expect(read('peakRsp * 2', 'rate')).toMatchObject({ ok: false, hint: 'did you mean "peakRps"?' });
  });
  it('refuses functions that change the math instance', () => {
    const r = read('import({}, {})', 'number');
    expect(r.ok).toBe(false);
  });
  it('refuses a unit of the wrong dimension', () => {
    expect(read('3 kg', 'duration')).toMatchObject({ ok: false });
    expect(read('20 MB', 'duration')).toMatchObject({ ok: false, message: '"20 MB" is in MB, not a duration like 10ms, 2s or 5min' });
  });
  it('refuses bits for sizes in expressions too', () => {
    expect(read('2 * 8 Gb', 'bytes')).toMatchObject({ ok: false, message: '"2 * 8 Gb" is in bits; sizes are in bytes (B)' });
  });
});
