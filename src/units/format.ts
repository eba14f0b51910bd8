/**
 * Renders SI numbers for people: the inverse edge of `quantity.ts`. Pure and deterministic
 * (no locale: always `.` as the decimal point and `,` between thousands).
 */
import type { QuantityKind } from './quantity.js';

/** Figures from here up are written in exponent form (formatNumber). */
const LARGEST_GROUPED = 1e15;

/** A number with about `digits` significant digits, trailing zeros dropped, thousands grouped. */
export function formatNumber(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return value > 0 ? '∞' : value < 0 ? '-∞' : 'n/a';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  // From 10^15 on, a double's integer part carries digits that are rounding noise (a utilisation
  // of 1e18 % printed as 999,999,999,999,999,700 %), and from 10^21 on JavaScript writes it in
  // exponent form, which grouping would garble (1,.42,857e,+21): such a figure is written like a
  // tiny one, with `digits` significant digits and its exponent.
  if (abs >= LARGEST_GROUPED || abs < 1e-4) return value.toExponential(Math.max(0, digits - 1)).replace(/\.?0+e/, 'e');
  if (abs >= 10 ** digits) return groupThousands(Math.round(value).toString());
  const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)));
  const fixed = trimZeros(value.toFixed(decimals));
  // Planners format many small numbers: only an integer part of four digits or more needs grouping.
  const dot = fixed.indexOf('.');
  const int = dot < 0 ? fixed : fixed.slice(0, dot);
  if (int.length < (int.startsWith('-') ? 5 : 4)) return fixed;
  return dot < 0 ? groupThousands(int) : `${groupThousands(int)}${fixed.slice(dot)}`;
}

/**
 * A whole count no larger than `value` ("sessions/day the plan carries"): floored, but a value
 * a rounding error below a whole number is that number. 3,675,000 req/s × 86,400 s ÷ 90 requests
 * per session came to 3,527,999,999.9999995 and printed as 3,527,999,999.
 */
export function formatWholeDown(value: number): string {
  return formatNumber(wholeDown(value));
}

/** A count rounded down to a whole one, forgiving float noise (2,591,999.9999999 is 2,592,000); non-finite values unchanged. */
export function wholeDown(value: number): number {
  return Number.isFinite(value) ? Math.floor(value + Math.abs(value) * 1e-12) : value;
}

/** "1234567" → "1,234,567" (a leading minus kept). */
function groupThousands(int: string): string {
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = end > 3 ? `,${digits.slice(end - 3, end)}${out}` : `${digits.slice(0, end)}${out}`;
  return sign + out;
}

/** "1.500" → "1.5", "2.000" → "2", "120" → "120" (a fraction's trailing zeros, and a bare point, dropped). */
function trimZeros(fixed: string): string {
  if (fixed.indexOf('.') < 0) return fixed;
  let end = fixed.length;
  while (fixed.charCodeAt(end - 1) === 48) end--;
  if (fixed.charCodeAt(end - 1) === 46) end--;
  return end === fixed.length ? fixed : fixed.slice(0, end);
}

/** A duration in s, ms or µs: 0.0102 → "10.2 ms". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return seconds > 0 ? '∞' : 'n/a';
  const abs = Math.abs(seconds);
  if (abs === 0) return '0 s';
  if (abs < 1e-3) return `${formatNumber(seconds * 1e6)} µs`;
  if (abs < 1) return `${formatNumber(seconds * 1e3)} ms`;
  if (abs < 120) return `${formatNumber(seconds)} s`;
  if (abs < 7200) return `${formatNumber(seconds / 60)} min`;
  if (abs < 172_800) return `${formatNumber(seconds / 3600)} h`;
  return `${formatNumber(seconds / 86_400)} d`;
}

/**
 * `value` rounded to `digits` significant digits toward +∞ (`up`) or −∞ (`down`), for a figure a
 * user will apply (a remedy): "at least X" must not print below the bound, "below X" not above
 * it. A value a rounding error (1e-12 relative) off a printed figure is that figure.
 */
export function roundSignificant(value: number, digits: number, direction: 'up' | 'down'): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const decimals = digits - 1 - Math.floor(Math.log10(Math.abs(value)));
  const f = 10 ** decimals;
  const x = value * f;
  const slack = Math.abs(x) * 1e-12;
  const r = direction === 'up' ? Math.ceil(x - slack) : Math.floor(x + slack);
  return decimals >= 0 ? r / f : r * 10 ** -decimals;
}

/** Seconds per unit formatDuration prints `seconds` in. */
function durationUnitS(seconds: number): number {
  const abs = Math.abs(seconds);
  return abs < 1e-3 ? 1e-6 : abs < 1 ? 1e-3 : abs < 120 ? 1 : abs < 7200 ? 60 : abs < 172_800 ? 3600 : 86_400;
}

/** formatDuration of `seconds` rounded toward `direction` at the 3 digits it prints (a bound to apply: up for "at least", down for "at most"). */
export function formatDurationToward(seconds: number, direction: 'up' | 'down'): string {
  if (!Number.isFinite(seconds) || seconds === 0) return formatDuration(seconds);
  const unit = durationUnitS(seconds);
  return formatDuration(roundSignificant(seconds / unit, 3, direction) * unit);
}

/** formatNumber of `value` rounded toward `direction` at the 3 significant digits it prints, or to a whole number from 1,000. */
export function formatNumberToward(value: number, direction: 'up' | 'down'): string {
  if (!Number.isFinite(value) || value === 0) return formatNumber(value);
  return formatNumber(Math.abs(value) >= 1000 ? (direction === 'up' ? Math.ceil(value - Math.abs(value) * 1e-12) : Math.floor(value + Math.abs(value) * 1e-12)) : roundSignificant(value, 3, direction));
}

/** A rate per second with its unit word: (840, 'req') → "840 req/s". */
export function formatRate(perSecond: number, noun = ''): string {
  return `${formatNumber(perSecond)} ${noun ? `${noun}/s` : '/s'}`.replace(' /s', '/s');
}

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** A size in binary units (memory): 6442450944 → "6 GiB". */
export function formatBytes(bytes: number): string {
  return scaled(bytes, 1024, BINARY_UNITS);
}

/** A size in decimal units (disks, transfer volumes): 1.5e12 → "1.5 TB". */
export function formatBytesDecimal(bytes: number): string {
  return scaled(bytes, 1000, DECIMAL_UNITS);
}

/** A data rate in decimal bytes per second: 1.25e8 → "125 MB/s". */
export function formatByteRate(bytesPerSecond: number): string {
  return `${scaled(bytesPerSecond, 1000, DECIMAL_UNITS)}/s`;
}

/** A link speed in bits per second: 1.25e9 B/s → "10 Gbit/s". */
export function formatBitRate(bytesPerSecond: number): string {
  return `${scaled(bytesPerSecond * 8, 1000, ['bit', 'kbit', 'Mbit', 'Gbit', 'Tbit', 'Pbit'])}/s`;
}

function scaled(value: number, base: number, units: readonly string[]): string {
  if (!Number.isFinite(value)) return formatNumber(value);
  let i = 0;
  let v = value;
  while (Math.abs(v) >= base && i < units.length - 1) {
    v /= base;
    i++;
  }
  return `${formatNumber(v)} ${units[i]}`;
}

/** CPU cores as Kubernetes writes them: 0.5 → "500m", 2 → "2". */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** A fraction as a percentage: 0.0625 → "6.3%"; a fraction ≥ 10 % to whole percent places. */
export function formatPercent(fraction: number, digits = 2): string {
  if (!Number.isFinite(fraction)) return formatNumber(fraction);
  return `${formatNumber(fraction * 100, digits)}%`;
}

/** US dollars: 1234.5 → "$1,234.50"; small unit prices keep their digits: 0.0416 → "$0.0416". */
export function formatUsd(amount: number, minDecimals = 2): string {
  if (!Number.isFinite(amount)) return formatNumber(amount);
  const sign = amount < 0 ? '-' : '';
  const abs = Math.abs(amount);
  const decimals = abs !== 0 && abs < 1 ? Math.max(minDecimals, 2 - Math.floor(Math.log10(abs)) + 1) : minDecimals;
  const [int, frac] = abs.toFixed(Math.min(decimals, 8)).split('.');
  const cleaned = frac && decimals > minDecimals ? frac.replace(/0+$/, '').padEnd(minDecimals, '0') : frac;
  return `${sign}$${groupThousands(int!)}${cleaned ? `.${cleaned}` : ''}`;
}

/** A value of an input's kind for people: "20 ms", "1,000/s", "6 GiB", "70%". */
export function formatQuantity(v: number, kind: QuantityKind | string): string {
  switch (kind) {
    case 'duration': return formatDuration(v);
    case 'rate': return `${formatNumber(v)}/s`;
    case 'bytes': return formatBytes(v);
    case 'byteRate': return formatByteRate(v);
    case 'fraction': return formatPercent(v);
    default: return formatNumber(v);
  }
}
