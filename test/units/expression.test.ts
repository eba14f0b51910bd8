/** Profile expressions are untrusted input: an allow-list, a length and a depth cap, checked before evaluating. */
import { describe, expect, it } from 'vitest';
import { MAX_EXPRESSION_DEPTH, MAX_EXPRESSION_LENGTH } from '../../src/profile/limits.js';
import { makeMathReader } from '../../src/units/math-reader.js';

const read = makeMathReader({ peakRps: 100, rps: 100, meanRps: 50, peakFactor: 2, scale: 1, requestsPerSession: 20 });
const problem = (text: string, kind: Parameters<typeof read>[1] = 'number') => {
  const r = read(text, kind);
  if (r.ok || 'deferred' in r) throw new Error(`${text}: accepted`);
  return r;
};

describe('the expression allow-list', () => {
  // How quickly: the bench's kernel "refusing size(ones(30000, 30000))[1]" (scripts/bench/kernels.ts).
  it('refuses size(ones(30000, 30000))[1] before evaluating anything', () => {
    const r = problem('size(ones(30000, 30000))[1]', 'bytes');
    expect(r.message).toMatch(/not allowed in a profile expression/);
    expect(problem('size(ones(30000, 30000))', 'bytes').message).toMatch(/the function "size" is not allowed/);
  });
  it('refuses every function but min, max, ceil, floor, round', () => {
    for (const f of ['import({}, {})', 'evaluate("1")', 'parse("1")', 'createUnit("x")', 'ones(3)', 'matrix([1])', 'sqrt(4)', 'exp(1000)', 'factorial(170)', 'simplify("x")']) {
      expect(problem(f).message, f).toMatch(/is not allowed in a profile expression/);
    }
  });
  it('refuses matrices, indexing, assignments, conditions, comparisons, ranges, strings and other operators', () => {
    const cases: [string, RegExp][] = [
      ['[1, 2]', /lists and matrices/],
      ['x = 3', /assignments/],
      ['f(x) = x', /function definitions/],
      ['1 > 0 ? 1 : 2', /conditions/],
      ['1 < 2 < 3', /comparisons/],
      ['3 == 3', /operator "=="/],
      ['1:10', /ranges/],
      ['"abc"', /only numbers/],
      ['5!', /operator "!"/],
      ['7 mod 2', /operator "mod"/],
      ['5 cm to inch', /operator "to"/],
      ['{a: 1}', /objects/],
      ['1; 2', /several statements/],
    ];
    for (const [text, message] of cases) expect(problem(text).message, text).toMatch(message);
  });
  it('refuses names that are neither workload variables nor units of time, data or frequency', () => {
    expect(problem('pi * 2').message).toBe('"pi * 2": unknown name "pi"');
    expect(problem('Infinity', 'number').message).toMatch(/Infinity/);
    expect(problem('3 m', 'duration').message).toBe('"3 m": unknown unit "m"');
  });
  it('caps the length, naming the limit, without echoing the whole text', () => {
    const long = Array(MAX_EXPRESSION_LENGTH).fill('1').join('+');
    const r = problem(long);
    expect(r.message).toMatch(new RegExp(`is ${long.length} characters long; expressions are limited to ${MAX_EXPRESSION_LENGTH} characters \\(limit: expression length\\)$`));
    expect(r.message.length).toBeLessThan(200);
  });
  it('caps the depth, naming the limit', () => {
    const deep = `${'('.repeat(MAX_EXPRESSION_DEPTH)}1${')'.repeat(MAX_EXPRESSION_DEPTH)}`;
    expect(problem(deep).message).toMatch(new RegExp(`nests deeper than ${MAX_EXPRESSION_DEPTH} levels.*\\(limit: expression depth\\)`));
    const shallow = `${'('.repeat(MAX_EXPRESSION_DEPTH - 2)}1${')'.repeat(MAX_EXPRESSION_DEPTH - 2)}`;
    expect(read(shallow, 'number')).toEqual({ ok: true, value: 1, bare: true });
  });
  it('refuses results that are not finite real numbers', () => {
    expect(problem('10^400').message).toBe('"10^400" = Infinity is not a finite number');
    expect(problem('0 / 0').message).toBe('"0 / 0" = NaN is not a finite number');
    expect(problem('(-8)^(1/3)').message).toMatch(/not a real number/);
    expect(problem('1e308 GB * 10', 'bytes').message).toMatch(/overflows when converted to bytes/);
  });
  it('evaluates what it allows', () => {
    expect(read('-(2 + 3) * 4 ^ 2 / 8', 'number')).toEqual({ ok: true, value: -10, bare: true });
    expect(read('min(peakRps, 500/s) * 2', 'rate')).toEqual({ ok: true, value: 200, bare: false });
    expect(read('max(1s, 200ms)', 'duration')).toEqual({ ok: true, value: 1, bare: false });
    expect(read('floor(2.7) + round(2.5)', 'number')).toEqual({ ok: true, value: 5, bare: true });
    expect(problem('ceil(peakRps)', 'rate').message).toMatch(/ceil\(\) takes a plain number/);
  });
});

describe('hints fit the error', () => {
  it('gives a unit hint for a size with an unknown unit, not the variables', () => {
    expect(problem('16 gigs', 'bytes')).toEqual({ ok: false, message: '"16 gigs": unknown unit "gigs"', hint: 'did you mean 16GB or 16GiB?' });
    expect(problem('4 mb', 'bytes').hint).toBe('did you mean 4MB or 4MiB?');
  });
  it('lists the accepted units for a duration or rate with an unknown unit', () => {
    expect(problem('20 parsecs', 'duration').hint).toMatch(/^durations take ns, us, ms, s, min/);
    expect(problem('5 fortnights', 'duration').hint).toMatch(/^durations take/);
  });
  it('says what is expected for a lone word, and never prints an empty list', () => {
    const noScope = makeMathReader({});
    const r = noScope('abc', 'rate');
    expect(r).toEqual({ ok: false, message: '"abc": unknown name "abc"', hint: 'expected a rate like 1000/s or 600/min' });
    expect(problem('fast', 'count').hint).toBe('expected a whole number like 3');
  });
  it('lists the variables for an expression, and says when a documented one is not in this phase', () => {
    expect(problem('peakRps * foo', 'rate').hint).toBe('expressions may use: meanRps, peakFactor, peakRps, requestsPerSession, rps, scale');
    expect(problem('sessionsPerDay / 1d', 'rate').hint).toMatch(/^sessionsPerDay is not known in this phase/);
  });
});
