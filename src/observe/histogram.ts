/** Quantiles of Prometheus histograms, with the bucket that bounds the true value. Pure. */

/** One cumulative bucket: observations (or their rate) at or below `le`. */
export interface Bucket {
  le: number;
  count: number;
}

/** A quantile estimate and the interval the true quantile lies in. */
export interface BucketQuantile {
  /** The estimate, as Prometheus's histogram_quantile computes it. */
  value: number;
  /** Lower and upper bound of the bucket holding the quantile (the true value lies between them). */
  low: number;
  high: number;
}

/**
 * The q-quantile of a cumulative histogram, by Prometheus's `histogram_quantile` (promql/
 * quantile.go, bucketQuantile, v2.42): sort by upper bound; the +Inf bucket must exist; buckets
 * with the same bound are merged and counts made monotonic; rank = q × total; the quantile is in
 * the first bucket b whose count ≥ rank and is interpolated linearly inside it:
 *   start + (end − start) × (rank − count(b−1)) / (count(b) − count(b−1)),
 * start being the previous bucket's bound (0 for the first bucket when its bound is positive).
 * A quantile in the +Inf bucket is reported as the highest finite bound. The interpolation
 * assumes observations spread evenly inside a bucket, so the estimate's error can reach the
 * bucket's width; `low` and `high` are that bucket's bounds. Null when the histogram is empty
 * or has fewer than two buckets (no finite bound).
 */
export function bucketQuantile(q: number, input: readonly Bucket[]): BucketQuantile | null {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be in [0, 1], got ${q}`);
  const sorted = [...input].sort((a, b) => a.le - b.le);
  if (sorted.length === 0 || sorted[sorted.length - 1]!.le !== Infinity) return null;
  const buckets: Bucket[] = [];
  for (const b of sorted) {
    const last = buckets[buckets.length - 1];
    if (last && last.le === b.le) last.count += b.count;
    else buckets.push({ ...b });
  }
  for (let i = 1; i < buckets.length; i++) if (buckets[i]!.count < buckets[i - 1]!.count) buckets[i]!.count = buckets[i - 1]!.count;
  if (buckets.length < 2) return null;
  const total = buckets[buckets.length - 1]!.count;
  if (!(total > 0)) return null;
  let rank = q * total;
  let b = buckets.findIndex((x, i) => i < buckets.length - 1 && x.count >= rank);
  if (b === -1) b = buckets.length - 1;
  if (b === buckets.length - 1) {
    const bound = buckets[buckets.length - 2]!.le;
    return { value: bound, low: bound, high: Infinity };
  }
  if (b === 0 && buckets[0]!.le <= 0) return { value: buckets[0]!.le, low: -Infinity, high: buckets[0]!.le };
  const end = buckets[b]!.le;
  let start = 0;
  let count = buckets[b]!.count;
  if (b > 0) {
    start = buckets[b - 1]!.le;
    count -= buckets[b - 1]!.count;
    rank -= buckets[b - 1]!.count;
  }
  return { value: start + (end - start) * (rank / count), low: start, high: end };
}

/** Reads an `le` label: a number, or +Inf. */
export function parseLe(text: string | undefined): number | null {
  if (text === undefined) return null;
  if (text === '+Inf' || text === 'Inf') return Infinity;
  const v = Number(text);
  return Number.isFinite(v) ? v : null;
}
