/**
 * Log-binned histograms of times for quantiles without storing samples. A time's bin comes from
 * the bits of its IEEE-754 double: the exponent picks the octave, the top mantissa bits pick one
 * of 2^b equal slices of it (HdrHistogram's layout), so a bin is at most 2^−b wide relative to
 * its lower edge and a quantile read from the bins is the exact sample quantile to within half
 * that. Integer operations only: fast, and identical on every machine.
 */

/** Smallest and largest times binned (seconds); values outside go to the end bins. */
export const HISTOGRAM_MIN_S = 2 ** -24;
export const HISTOGRAM_MAX_S = 2 ** 24;

/** The layout of a histogram: mantissa bits per octave and bin count. */
export interface HistogramLayout {
  bits: number;
  bins: number;
  /** Largest relative width of a bin (2^−bits); a quantile is reported within half of it. */
  resolution: number;
}

const MIN_EXPONENT = -24;
const OCTAVES = 48;

/** A layout with 2^bits bins per octave over [2^−24 s, 2^24 s] (60 ns to 194 days). */
export function histogramLayout(bits: number): HistogramLayout {
  return { bits, bins: OCTAVES << bits, resolution: 2 ** -bits };
}

/** Per-visit and end-to-end histograms: 512 bins per octave, a quantile within ±0.1 % of the exact sample quantile. */
export const FINE = histogramLayout(9);
/** Latency-over-time windows: 64 bins per octave (±0.8 %). */
export const COARSE = histogramLayout(6);

// A double and its two 32-bit halves; which half holds the exponent depends on the platform's byte order.
const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
f64[0] = 1;
const HIGH = u32[1] === 0x3ff00000 ? 1 : 0;

/** The bin of a time under a layout. */
export function binOf(layout: HistogramLayout, t: number): number {
  if (!(t > HISTOGRAM_MIN_S)) return 0;
  if (t >= HISTOGRAM_MAX_S) return layout.bins - 1;
  f64[0] = t;
  const hi = u32[HIGH]!;
  const octave = ((hi >>> 20) & 0x7ff) - 1023 - MIN_EXPONENT;
  return (octave << layout.bits) | ((hi & 0xfffff) >>> (20 - layout.bits));
}

/** The representative time of a bin: the middle of its edges, 2^(octave − 24) × (1 + (slice + ½) / 2^bits). */
export function binValue(layout: HistogramLayout, bin: number): number {
  const slices = 1 << layout.bits;
  return 2 ** ((bin >>> layout.bits) + MIN_EXPONENT) * (1 + ((bin & (slices - 1)) + 0.5) / slices);
}

/**
 * The p-quantile of the counts in `counts[offset .. offset + layout.bins)`: the ⌈p·n⌉-th smallest
 * sample's bin, reported at its middle (NaN when empty). `total`: the counts' sum where the caller
 * keeps it (a station's measured visits), which saves a pass over every bin.
 */
export function histogramQuantile(layout: HistogramLayout, counts: Uint32Array | Float64Array, offset: number, p: number, total?: number): number {
  let n = 0;
  if (total !== undefined) n = total;
  else for (let i = 0; i < layout.bins; i++) n += counts[offset + i]!;
  if (n === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(p * n - 1e-9));
  let seen = 0;
  const end = offset + layout.bins;
  let i = offset;
  // Runs of eight empty bins are passed over in one test: a station's times fill a few octaves of
  // the 48, and at 5,000 components the scans of empty bins were most of a simulation's summary.
  for (; i + 8 <= end; i += 8) {
    if (counts[i]! === 0 && counts[i + 1]! === 0 && counts[i + 2]! === 0 && counts[i + 3]! === 0 && counts[i + 4]! === 0 && counts[i + 5]! === 0 && counts[i + 6]! === 0 && counts[i + 7]! === 0) continue;
    for (let j = i; j < i + 8; j++) {
      seen += counts[j]!;
      if (seen >= rank) return binValue(layout, j - offset);
    }
  }
  for (; i < end; i++) {
    seen += counts[i]!;
    if (seen >= rank) return binValue(layout, i - offset);
  }
  return binValue(layout, layout.bins - 1);
}
