/**
 * Pools of hostile values the generators draw from: extreme numbers, odd units, expressions
 * (including the mathjs features a profile must never reach), unicode, and odd names.
 */
import type { Rng } from './rng.js';

/** Numbers at and beyond the edges of what the model can use. */
export const EXTREME_NUMBERS: readonly number[] = [
  0, -0, -1, 1, 0.5, -0.5, 1e-9, 1e-300, 5e-324, 1e15, 2 ** 53 + 1, 1e21, 1e100, 1e300, 1.7976931348623157e308, -1e308,
  0.1 + 0.2, 99.99999999, 100, 101, 1000000, 4294967296, -2147483648, 64, 63, 65, 1023, 1025, 3.5, 7e-7,
];

/** Number texts as a YAML or CSV writer might spell them. */
export const NUMBER_TEXTS: readonly string[] = [
  '.nan', '.NaN', '.inf', '-.inf', '+.inf', 'NaN', 'nan', 'Infinity', '-Infinity', 'inf', '1e400', '-1e400', '1e-400',
  '0x10', '0o17', '0b101', '1_000', '1,000', '1,00', '1.000,5', '١٢٣', '１２３', '٣', '1e', 'e5', '--1', '+-1', '1..2', '.', '-',
  '00012', '1.', '.5', '-.5', '+5', ' 5 ', '5\u00a0', '\u200b5', '5\u202e', '9'.repeat(400), `0.${'0'.repeat(400)}1`, '1e308', '1e309',
  '-0', '-0.0', '0e0', 'null', '~', 'true', 'yes', 'on', 'off', 'no', 'y', 'n', '', ' ',
];

/** Quantities with odd, wrong or hostile units. */
export const ODD_UNITS: readonly string[] = [
  '10 parsecs', '10ms/s', '5 GiB/ms', '500m', '500 m', '1e400ms', '-5ms', '0/s', '0ms', '100%%', '150%', '-5%', '1000%', '0%',
  '10 Gbit/s', '10 Gbps', '10Gb', '1/0', '0/0', '5 s/s', '1 kg', '3 cores', '2 vCPU', '2.5 vCPUs', '256Mi', '256 Mi', '16GiB',
  '1 EiB', '9999 EiB', '1e15 EiB', '1e300 GiB', '1e300/s', '1e300 ms', '1e-300/s', '1e-300 ms', '1 ns', '1 y', '1e9 years',
  '5 min', '600/min', '1000 req/s', '1000 tokens/s', '20000 IOPS', '5 /s', '/s', 's', 'ms', 'MB/s', '1 1 s', '1s 2s', '1 s s',
  '5 µs', '5 μs', '5 Î¼s', '1 ms ', ' 1 ms', '1\tms', '1\nms', '10 m/s', '10 km', '1 lightyear', '5 degC', '5 rad', '1 mol',
  '1 kB/s/s', '1 bit', '8 bits', '1 bytes', '100 kbps', '5 month', '1 week', '2 fortnights', '1 Hz', '1e3 Hz', '1 kHz', '1 THz',
  '2 req/h', '1 req/day', '1 req/ms', '1 req/ns', '5 users', '1 GB/h', '1e20 TB/s', '0.001 B/s', '0.5m', '0.0001m', '1e-12m',
];

/** Expressions, from the documented kind to the ones a profile must never be able to run. */
export const EXPRESSIONS: readonly string[] = [
  'peakRps * 2', 'requestsPerSession * 0.2', 'sessionsPerDay / 1000', 'max(1, peakRps / 100)', 'ceil(peakRps / 7)',
  'min(2, 3) * 1ms', '2 * 10ms', '1 GiB * 2', 'peakRps * 1 KB', '(1 + 2) * 3', '2 ^ 10', '10 / 0', '0 / 0', '-1 * peakRps',
  'peakRps ^ 100', 'peakRps ^ 1000', '10 ^ 400', '1e308 * 10', 'sqrt(-1)', 'log(0)', 'log(-1)', 'factorial(200)',
  'factorial(100000)', 'size(ones(30000, 30000))[1]', 'ones(3000, 3000)', 'zeros(100000)', 'range(1, 1e8)', 'matrix([1,2])',
  '[1, 2, 3]', '{a: 1}', '"text"', "'text'", 'x = 5', 'f(x) = x', 'import({}, {})', 'evaluate("1")', 'parse("1")',
  'createUnit("foo")', 'simplify("x")', 'derivative("x^2", "x")', 'compile("1")', 'typeOf(1)', 'help(sin)', 'cos(1) ^ 1e6',
  '1 ? 2 : 3', 'true', 'null', 'undefined', 'peakRps > 1', 'concat("a", "b")', 'string(1)', 'bignumber(1)', 'fraction(1, 3)',
  'complex(1, 2)', 'i', 'e', 'pi', 'Infinity', 'NaN', 'unknownName * 2', 'peakRps +', '((((1))))', `${'('.repeat(5000)}1${')'.repeat(5000)}`,
  `${'1+'.repeat(20000)}1`, `${'-'.repeat(10000)}1`, 'mod(5, 0)', 'gcd(0, 0)', 'random()', 'randomInt(1, 9)', 'pickRandom([1])',
  'map([1,2], f)', 'forEach([1], f)', 'apply([[1]], 1, sum)', 'det(ones(200,200))', 'inv(ones(3,3))', 'peakRps to Hz',
  '5 ms to s', '1 GiB to B', 'unit("5 ms")', 'number("5")', 'format(1)', 'print("$0", [1])', 'numeric("1", "number")',
  'peakRps.x', 'peakRps[1]', 'a.b.c', '@', '#', ';', '1;2', '1\n2', '5 ms + 5 GiB', '1 s ^ 2', 'sqrt(1 s)', 'floor(2.5 GiB)',
];

/** Strings that stress names and free text: unicode, control characters, prototype names. */
export const ODD_STRINGS: readonly string[] = [
  '', ' ', 'ａｐｉ', 'API', 'Api-1', 'a'.repeat(63), 'a'.repeat(64), 'a'.repeat(5000), '1api', '-api', 'api-', 'a--b', 'a_b',
  'a.b', 'a/b', 'a b', 'über', 'ca\u0301che', 'cach\u00e9', '🚀', 'ap\u200bi', '\u202eipa', 'api\u0000', 'api\t', 'api\n',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '0', '1', '-1', 'null', 'true', '~',
  'now', 'default', '*', '&a', '!tag', '%', '@', '`', '{', '}', '[', ']', ',', ':', '#', '|', '>', "'", '"', '\\', '$CASE',
  '../../etc/passwd', '/etc/passwd', 'C:\\x', '%s%s%n', '${x}', '{{x}}', '<script>', 'DROP TABLE', '\u0007', '\u001b[31m',
];

/** YAML tags a value can carry. */
export const TAGS: readonly string[] = [
  '!!str', '!!int', '!!float', '!!bool', '!!null', '!!binary', '!!timestamp', '!!set', '!!omap', '!!pairs', '!!map', '!!seq',
  '!foo', '!', '!!merge', '!!value', '!!yaml', '!<tag:yaml.org,2002:str>', '!<tag:example.com:x>', '!!js/function',
];

/** Any scalar from the pools, as a YAML-ready value (a number or a string). */
export function hostileScalar(rng: Rng): unknown {
  return rng.weighted<() => unknown>([
    [4, () => rng.pick(EXTREME_NUMBERS)],
    [3, () => rng.pick(NUMBER_TEXTS)],
    [5, () => rng.pick(ODD_UNITS)],
    [4, () => rng.pick(EXPRESSIONS)],
    [2, () => rng.pick(ODD_STRINGS)],
    [1, () => rng.chance(0.5)],
    [1, () => null],
    [1, () => rng.int(-10, 1000)],
    [1, () => `${rng.int(0, 10_000)}${rng.pick(['ms', 's', '/s', 'GiB', 'Mi', 'm', '%', ' MB/s', 'Gbit/s', ''])}`],
  ])();
}

/** A long string of a few repeated characters (huge scalars). */
export function hugeString(rng: Rng, maxBytes: number): string {
  const unit = rng.pick(['a', '9', ' ', 'é', '🚀', '1 + ', '(', 'ms', '\\']);
  return unit.repeat(Math.max(1, Math.floor(rng.int(1000, maxBytes) / Buffer.byteLength(unit))));
}
