/**
 * Features of a latency-load curve R(X): its knee and where it crosses a target. R is the
 * end-to-end p95, increasing in the load X and unbounded at the saturation load.
 */

/** Golden ratio conjugate, (√5 − 1)/2. */
const INV_PHI = (Math.sqrt(5) - 1) / 2;

/** A point of the curve. */
export interface CurvePoint {
  rps: number;
  latencyS: number;
}

/*
 * The knee is the load that maximises Kleinrock's power P(X) = X / R(X) (L. Kleinrock, "Power
 * and deterministic rules of thumb for probabilistic problems in computer communications",
 * ICC 1979), with the p95 for R. For one M/M/1 queue, R = k/(μ − X) for the mean and any
 * percentile alike (the response time is exponential with rate μ − X), so P = X(μ − X)/k is
 * largest at X = μ/2: utilisation ½, where the response time is twice its unloaded value.
 * Past the knee each extra request per second costs more latency than it adds throughput.
 * R(X)/X first falls then rises when R is convex, so P is unimodal: a coarse scan finds the
 * bracket and golden-section search (Kiefer 1953) narrows it.
 */
/** The load in (0, saturationRps) where X / R(X) is largest; null when the curve has no saturation. */
export function powerKnee(latencyAt: (rps: number) => number, saturationRps: number): CurvePoint | null {
  if (!(saturationRps > 0 && Number.isFinite(saturationRps))) return null;
  const power = (x: number) => {
    const r = latencyAt(x);
    return r > 0 && Number.isFinite(r) ? x / r : 0;
  };
  const n = 64;
  let best = 1;
  let bestPower = -1;
  for (let k = 1; k < n; k++) {
    const p = power((saturationRps * k) / n);
    if (p > bestPower) {
      best = k;
      bestPower = p;
    }
  }
  let a = (saturationRps * (best - 1)) / n;
  let b = (saturationRps * (best + 1)) / n;
  let c = b - INV_PHI * (b - a);
  let d = a + INV_PHI * (b - a);
  let pc = power(c);
  let pd = power(d);
  while (b - a > 1e-9 * saturationRps) {
    if (pc >= pd) {
      b = d;
      d = c;
      pd = pc;
      c = b - INV_PHI * (b - a);
      pc = power(c);
    } else {
      a = c;
      c = d;
      pc = pd;
      d = a + INV_PHI * (b - a);
      pd = power(d);
    }
  }
  const rps = (a + b) / 2;
  return { rps, latencyS: latencyAt(rps) };
}

/** The least load in [0, saturationRps) at which R(X) reaches `targetS` (bisection; R increasing); null when it never does before saturation. */
export function crossing(latencyAt: (rps: number) => number, saturationRps: number, targetS: number): number | null {
  if (latencyAt(0) >= targetS) return 0;
  let lo = 0;
  let hi = saturationRps;
  if (!Number.isFinite(hi)) {
    // Nothing on the path saturates: widen until the target is passed, if it ever is.
    hi = 1;
    while (latencyAt(hi) < targetS) {
      if (hi > 1e15) return null;
      hi *= 2;
    }
  }
  while (hi - lo > 1e-10 * hi) {
    const mid = (lo + hi) / 2;
    if (latencyAt(mid) >= targetS) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The point of largest X / R(X) among sampled points (for curves known only at points); null
 * when that is the last point: X / R still rises at the end of the samples, so no knee lies
 * within them (a re-planned sweep keeps the p95 bounded, and its power grows to the end). With
 * `cut` the points end at a break rather than at the sweep's end: a last point of one is the
 * same boundary (true even for a single point).
 */
export function sampledKnee(points: readonly CurvePoint[], cut = false): CurvePoint | null {
  let best: CurvePoint | null = null;
  for (const p of points) {
    if (!(p.rps > 0 && p.latencyS > 0 && Number.isFinite(p.latencyS))) continue;
    if (best === null || p.rps / p.latencyS > best.rps / best.latencyS) best = p;
  }
  return best !== null && best === points[points.length - 1] && (points.length > 1 || cut) ? null : best;
}
