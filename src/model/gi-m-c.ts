/**
 * The GI/M/c queue with Erlang interarrival times (E_n/M/c): the exact probability of waiting
 * and the exact conditional waiting-time rate. Round-robin balancing over n replicas gives each
 * replica every n-th arrival of a Poisson stream, i.e. Erlang-n interarrival times.
 * Seconds and per-second rates; pure functions.
 */
import { brentRoot } from './root.js';

/** Exact waiting-time law of an E_n/M/c queue: W = 0 w.p. 1 − waitProbability, else Exp(conditionalRate). */
export interface GimcWait {
  /** σ, the root in (0, 1) of σ = A*(cμ(1 − σ)). */
  sigma: number;
  waitProbability: number;
  /** cμ(1 − σ), the rate of the conditional (exponential) wait. */
  conditionalRate: number;
}

/**
 * Laplace–Stieltjes transform of an Erlang-n interarrival time with mean n/λ (every n-th event
 * of a Poisson process of rate λ): A*(s) = (λ/(λ + s))^n.
 */
export function erlangInterarrivalTransform(phases: number, poissonRate: number, s: number): number {
  return (poissonRate / (poissonRate + s)) ** phases;
}

/**
 * E_n/M/c: interarrival times Erlang(n, λ) (mean n/λ, so the queue's arrival rate is λ/n),
 * c servers of rate μ; null when unstable (λ/n ≥ cμ).
 *
 * GI/M/c (Kleinrock, Queueing Systems vol. 1, 1975, §6.4, after Takács 1962; Gross & Harris,
 * Fundamentals of Queueing Theory, §6.3): the number found by an arrival is geometric above
 * c − 1 with ratio σ, the unique root in (0, 1) of
 *   σ = A*(cμ(1 − σ));
 * a waiting customer waits Exp(cμ(1 − σ)); and the probability of waiting is J/(1 − σ), with
 *   J = [1/(1 − σ) + Σ_{k=1..c} C(c, k)/(C_k(1 − g_k)) · (c(1 − g_k) − k)/(c(1 − σ) − k)]^{−1},
 *   g_k = A*(kμ),  C_k = Π_{i=1..k} g_i/(1 − g_i).
 * For Poisson arrivals (n = 1) it is Erlang C; for c = 1 it is σ.
 */
export function erlangArrivalsMmc(phases: number, poissonRate: number, servers: number, serviceRate: number): GimcWait | null {
  if (!Number.isInteger(phases) || phases < 1) throw new RangeError(`phases must be an integer >= 1, got ${phases}`);
  if (!Number.isInteger(servers) || servers < 1) throw new RangeError(`servers must be an integer >= 1, got ${servers}`);
  if (!(serviceRate > 0) || !Number.isFinite(serviceRate)) throw new RangeError(`serviceRate must be a finite number > 0, got ${serviceRate}`);
  if (!(poissonRate >= 0) || !Number.isFinite(poissonRate)) throw new RangeError(`poissonRate must be a finite number >= 0, got ${poissonRate}`);
  const arrivalRate = poissonRate / phases;
  if (arrivalRate >= servers * serviceRate) return null;
  if (poissonRate === 0) return { sigma: 0, waitProbability: 0, conditionalRate: servers * serviceRate };
  const exact = takacs(phases, poissonRate, servers, serviceRate);
  if (exact.singular) {
    /*
     * When c(1 − σ) is a whole k, the k-th term is 0/0 (then σ = g_k too): a removable
     * singularity of a function smooth in μ. The mean of its values at μ(1 ± h) differs from the
     * limit by O(h²), about 1e-10 relative for h = 1e-5.
     */
    const h = 1e-5;
    const up = takacs(phases, poissonRate, servers, serviceRate * (1 + h));
    const down = takacs(phases, poissonRate, servers, serviceRate * (1 - h));
    return { ...exact, waitProbability: (up.waitProbability + down.waitProbability) / 2 };
  }
  return exact;
}

function takacs(phases: number, poissonRate: number, servers: number, serviceRate: number): GimcWait & { singular: boolean } {
  return takacsWith((s: number) => erlangInterarrivalTransform(phases, poissonRate, s), servers, serviceRate, (s: number) => phases * Math.log(poissonRate / (poissonRate + s)));
}

/** Takács' GI/M/c solution for any interarrival law given by its (real) Laplace–Stieltjes transform `a`. */
function takacsWith(a: (s: number) => number, servers: number, serviceRate: number, logA?: (s: number) => number): GimcWait & { singular: boolean } {
  const cmu = servers * serviceRate;
  // f(σ) = A*(cμ(1 − σ)) − σ is positive at 0 and, under stability, negative just below 1 (where
  // its slope is 1/ρ − 1 > 0 towards σ = 1, the trivial root), so the root is bracketed.
  const f = (x: number) => a(cmu * (1 - x)) - x;
  const hi = upperBracket(f);
  const sigma = brentRoot(f, 0, hi, f(0), f(hi));
  // σ below the smallest double: no arrival finds anyone waiting, to machine precision.
  if (!(sigma > 0)) return { sigma: 0, waitProbability: 0, conditionalRate: cmu, singular: false };
  let sum = 1 / (1 - sigma);
  let ck = 1;
  let binomial = 1;
  let singular = false;
  for (let k = 1; k <= servers; k++) {
    const gk = a(k * serviceRate);
    ck *= gk / (1 - gk);
    binomial = (binomial * (servers - k + 1)) / k;
    sum += (binomial / (ck * (1 - gk))) * lastRatio(servers, k, gk, sigma);
    if (k < servers || sigma >= LIGHT) {
      const den = servers * (1 - sigma) - k;
      if (Math.abs(den) < 1e-6 * Math.max(1, k)) singular = true;
    }
  }
  const j = Number.isFinite(sum) ? 1 / sum : scaledJ(a, logA ?? ((x: number) => Math.log(a(x))), servers, serviceRate, sigma);
  return { sigma, waitProbability: Math.min(1, Math.max(0, j / (1 - sigma))), conditionalRate: cmu * (1 - sigma), singular };
}

/**
 * J of takacsWith in logarithms, for light traffic with smooth arrivals: there g_k = A*(kμ)
 * underflows (Erlang-64 interarrivals at ρ = 0.01 give g_1 ≈ 1e-27 and C_c far smaller), so
 * 1/C_k overflows and the direct sum is ∞ or NaN. Each term's log magnitude and sign, summed
 * scaled by the largest: J = e^{−M} / Σ ±e^{log|t_k| − M} (0 when e^{−M} underflows: no wait).
 */
function scaledJ(a: (s: number) => number, logA: (s: number) => number, servers: number, serviceRate: number, sigma: number): number {
  const logs: number[] = [-Math.log1p(-sigma)];
  const signs: number[] = [1];
  let logCk = 0;
  let logBinomial = 0;
  for (let k = 1; k <= servers; k++) {
    const gk = a(k * serviceRate);
    const logGk = gk > 1e-250 ? Math.log(gk) : logA(k * serviceRate);
    logCk += logGk - Math.log1p(-gk);
    logBinomial += Math.log((servers - k + 1) / k);
    if (k === servers && sigma < LIGHT) {
      // The last term's ratio is g_c/σ (lastRatio), both possibly far below the doubles' range in 1 − x.
      logs.push(logBinomial - logCk - Math.log1p(-gk) + logGk - Math.log(sigma));
      signs.push(1);
      continue;
    }
    const num = servers * (1 - gk) - k;
    const den = servers * (1 - sigma) - k;
    logs.push(logBinomial - logCk - Math.log1p(-gk) + Math.log(Math.abs(num)) - Math.log(Math.abs(den)));
    signs.push(Math.sign(num) * Math.sign(den));
  }
  const top = Math.max(...logs);
  let scaled = 0;
  for (let i = 0; i < logs.length; i++) scaled += signs[i]! * Math.exp(logs[i]! - top);
  return Math.exp(-top) / scaled;
}

/** Below this σ, the last term's ratio is taken in its cancelled form (lastRatio). */
const LIGHT = 1e-6;

/**
 * (c(1 − g_k) − k)/(c(1 − σ) − k), the factor of the k-th term of J. For k = c it is
 * (−c·g_c)/(−c·σ) = g_c/σ exactly: in light traffic σ and g_c are both tiny and the difference
 * form loses them to rounding (0/0, which read as the removable singularity gave NaN), so below
 * σ = 1e-6 the cancelled form is used.
 */
function lastRatio(servers: number, k: number, gk: number, sigma: number): number {
  if (k === servers && sigma < LIGHT) return gk / sigma;
  return (servers * (1 - gk) - k) / (servers * (1 - sigma) - k);
}

/** A point in (0, 1) where f < 0, searched towards 1 (the slope at 1 makes f negative just below it). */
function upperBracket(f: (x: number) => number): number {
  let gap = 0.5;
  for (let i = 0; i < 60; i++) {
    const x = 1 - gap;
    if (f(x) < 0) return x;
    gap /= 2;
  }
  return 1 - gap;
}

/**
 * GI/M/c for any renewal arrival stream given by its interarrival transform A*(s) (real s ≥ 0)
 * and its rate λ (1/mean interarrival): the same Takács solution as erlangArrivalsMmc; null when
 * unstable (λ ≥ cμ). Used for bursty arrivals (workload.arrivalCv: an H2 or Erlang-mixture
 * interarrival law, arrival-law.ts) and its round-robin and random splits.
 */
export function renewalArrivalsMmc(transform: (s: number) => number, arrivalRate: number, servers: number, serviceRate: number, logTransform?: (s: number) => number): GimcWait | null {
  if (!Number.isInteger(servers) || servers < 1) throw new RangeError(`servers must be an integer >= 1, got ${servers}`);
  if (!(serviceRate > 0) || !Number.isFinite(serviceRate)) throw new RangeError(`serviceRate must be a finite number > 0, got ${serviceRate}`);
  if (!(arrivalRate >= 0) || !Number.isFinite(arrivalRate)) throw new RangeError(`arrivalRate must be a finite number >= 0, got ${arrivalRate}`);
  if (arrivalRate >= servers * serviceRate) return null;
  if (arrivalRate === 0) return { sigma: 0, waitProbability: 0, conditionalRate: servers * serviceRate };
  const exact = takacsWith(transform, servers, serviceRate, logTransform);
  if (exact.singular) {
    // The removable singularity at c(1 − σ) = k, as in erlangArrivalsMmc.
    const h = 1e-5;
    const up = takacsWith(transform, servers, serviceRate * (1 + h), logTransform);
    const down = takacsWith(transform, servers, serviceRate * (1 - h), logTransform);
    return { sigma: exact.sigma, waitProbability: (up.waitProbability + down.waitProbability) / 2, conditionalRate: exact.conditionalRate };
  }
  return { sigma: exact.sigma, waitProbability: exact.waitProbability, conditionalRate: exact.conditionalRate };
}
