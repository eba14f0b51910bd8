/**
 * Calls refused by a provider's rate limit below it: Poisson calls at rate λ meet a token bucket
 * filled at the limit r and holding at most b tokens; a call takes one token and is refused when
 * none is left. Rates per second; pure functions.
 *
 * The bucket's deficit b − tokens, in seconds of the limit (V = deficit / r), is the workload of
 * an M/D/1 queue whose service time is D = 1/r and which admits a call only while V ≤ K =
 * (b − 1)/r. Below K the finite system's level-crossing equations are those of the unlimited
 * M/D/1, so its workload law there is the unlimited one's scaled by a constant c; with PASTA
 * (refused share P = P(V > K)) and the busy fraction ρ(1 − P) = 1 − P(V = 0) that gives
 *   P = (1 − ρ)·T / (1 − ρ·T),   T = P(W > K) of the unlimited M/D/1, ρ = λ/r < 1,
 * the M/G/1 bounded-workload result (a bucket of one token: ρ/(1 + ρ), Erlang's loss for one
 * server). T is Erlang's M/D/1 waiting-time series while K/D is small (it cancels badly beyond),
 * else the Cramér–Lundberg tail C·e^(−θK) with ρ(e^(θD) − 1) = θD and C = (1 − ρ)/(ρe^(θD) − 1),
 * which agrees with the series within 5e-4 (relative) from K = 3D on at ρ ≥ 0.3, 2e-5 at 8D, where
 * it takes over.
 * Checked against a seeded simulation of the bucket in test/model/token-bucket.test.ts.
 */

/** Depth of a provider's token bucket, in seconds of its limit: a per-second limit lets one second's calls through at once. */
export const RATE_LIMIT_BURST_S = 1;

/** Tokens a bucket of the limit `ratePerS` holds (at least one call's). */
export function bucketDepth(ratePerS: number): number {
  return Math.max(1, ratePerS * RATE_LIMIT_BURST_S);
}

/** The longest K/D where Erlang's alternating series keeps its digits (terms up to e^(λK) ≤ e^8 ≈ 3e3). */
const SERIES_STEPS = 8;

/**
 * Share of Poisson calls (λ per second) refused by a token bucket of `depth` tokens filled at
 * `ratePerS`; null when λ ≥ the limit (the refusals then follow the excess, not bursts).
 */
export function refusedShare(lambda: number, ratePerS: number, depth = bucketDepth(ratePerS)): number | null {
  if (!(lambda > 0)) return 0;
  const rho = lambda / ratePerS;
  if (!(rho < 1) || !(depth >= 1)) return null;
  const d = 1 / ratePerS;
  const k = (depth - 1) / ratePerS;
  const tail = k / d <= SERIES_STEPS ? 1 - md1WaitCdf(lambda, d, k) : md1WaitTail(rho, k / d);
  const t = Math.min(1, Math.max(0, tail));
  return ((1 - rho) * t) / (1 - rho * t);
}

/** P(W ≤ x) of the M/D/1 queue (arrivals λ, service D): Erlang's series (1 − ρ)·Σ_{k ≤ x/D} (λ(kD − x))^k / k! · e^(−λ(kD − x)). */
export function md1WaitCdf(lambda: number, d: number, x: number): number {
  if (x < 0) return 0;
  const rho = lambda * d;
  let sum = 0;
  const n = Math.floor(x / d + 1e-12);
  for (let k = 0; k <= n; k++) {
    const a = lambda * (k * d - x);
    let term = Math.exp(-a);
    for (let j = 1; j <= k; j++) term *= a / j;
    sum += term;
  }
  return (1 - rho) * sum;
}

/** P(W > y·D) of the M/D/1 queue at load ρ, by its exponential (Cramér–Lundberg) tail. */
export function md1WaitTail(rho: number, y: number): number {
  const u = md1Decay(rho);
  const c = (1 - rho) / (rho * Math.exp(u) - 1);
  return c * Math.exp(-u * y);
}

/** The positive root u = θD of ρ(e^u − 1) = u (ρ < 1): Newton from the right of the convex function's root. */
export function md1Decay(rho: number): number {
  let u = 2 * Math.log(1 / rho) + 2;
  for (let i = 0; i < 100; i++) {
    const e = Math.exp(u);
    const step = (rho * (e - 1) - u) / (rho * e - 1);
    u -= step;
    if (Math.abs(step) <= 1e-15 * u) break;
  }
  return u;
}

/**
 * The peak rate below which the bucket refuses at most `share` of the calls (bisection on the
 * refused share, which grows with λ); 0 when even a trickle is refused more often.
 */
export function rateForRefusedShare(ratePerS: number, share: number, depth = bucketDepth(ratePerS)): number {
  let lo = 0;
  let hi = ratePerS;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    const p = refusedShare(mid, ratePerS, depth);
    if (p !== null && p <= share) lo = mid;
    else hi = mid;
  }
  return lo;
}
