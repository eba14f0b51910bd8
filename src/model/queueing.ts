/**
 * M/M/c (FCFS) queueing: Erlang B and C, mean metrics, the exact response-time distribution
 * and its percentiles, and the least replica count that meets a percentile budget.
 *
 * Units: seconds and per-second rates. Everything here is a pure function.
 */

/** Erlang B blocking probability for c servers offered a = λ/μ erlangs (stable recurrence in O(√a + min(c − a, √a)) steps, so any c is fast). */
export function erlangB(servers: number, offeredLoad: number): number {
  checkServers(servers);
  checkNonNegative(offeredLoad, 'offeredLoad');
  if (offeredLoad === Infinity) return 1;
  /*
   * Erlang's B-formula by its recursion (V.B. Iversen, Teletraffic Engineering Handbook,
   * ITU-D/ITC, Erlang's loss system, "recursion formula"):
   *   E_x(A) = A·E_{x−1}(A) / (x + A·E_{x−1}(A)),   E_0(A) = 1.
   * Every step maps [0, 1] into [0, 1] and has no cancellation, so unlike A^n/n! over
   * Σ A^i/i! it neither overflows nor loses precision for large n.
   *
   * It need not start at x = 0. In I_x = 1/E_x the recursion reads I_x = 1 + (x/A)·I_{x−1}, so
   * starting at x₀ with the guess I = 1 leaves an error e_{x₀} = I_{x₀} − 1 that is multiplied by
   * x/A at each step. Relative to I_n (which gains at least the same factors), the error left at
   * n is at most e_{x₀}·Π_{x₀<x≤min(n,A)} x/A ≈ e_{x₀}·exp(−(min(n,A) − x₀)²/(2A)). Starting
   * K = 20 standard deviations √A below min(n, A), where I_{x₀} ≈ A/(A − x₀) = √A/K, leaves
   * (√A/K)·e^{−200}: nothing in double precision. Above A each step multiplies E by less than
   * A/x; E_x falls with x, so once it is below 10⁻³⁰⁰ (within about 37√A steps) the answer
   * is 0 to that absolute precision, and the loop stops before subnormal numbers, on which
   * arithmetic is a hundred times slower. The loop is therefore O(√A) steps whatever n is
   * (n = 10⁹ workers no longer costs 10⁹ steps).
   */
  const start = Math.max(0, Math.floor(Math.min(servers, offeredLoad) - 20 * Math.sqrt(offeredLoad)));
  let b = 1;
  for (let x = start + 1; x <= servers; x++) {
    const ab = offeredLoad * b;
    b = ab / (x + ab);
    if (b < 1e-300) return 0;
  }
  return b;
}

/** Erlang C: probability that an arrival waits in M/M/c; 1 when a >= c. */
export function erlangC(servers: number, offeredLoad: number): number {
  checkServers(servers);
  checkNonNegative(offeredLoad, 'offeredLoad');
  if (offeredLoad >= servers) return 1;
  /*
   * Erlang's C-formula from the B-formula (Iversen, Teletraffic Engineering Handbook, Erlang's
   * delay system):
   *   E_{2,n}(A) = n·E_{1,n}(A) / (n − A·(1 − E_{1,n}(A))),
   * i.e. C = B / (1 − ρ(1 − B)) with ρ = A/n. No factorials, so no overflow at any n.
   */
  const b = erlangB(servers, offeredLoad);
  const rho = offeredLoad / servers;
  return b / (1 - rho * (1 - b));
}

/** Steady-state metrics of an M/M/c FCFS queue. */
export interface MmcMetrics {
  servers: number;
  arrivalRate: number;
  /** μ, the service rate of one server. */
  serviceRate: number;
  /** ρ = λ/(cμ). */
  utilization: number;
  /** ρ < 1. */
  stable: boolean;
  /** Erlang C (1 when unstable). */
  waitProbability: number;
  /** Infinity when unstable. */
  meanWaitS: number;
  /** Infinity when unstable. */
  meanResponseS: number;
  /** Infinity when unstable. */
  meanQueueLength: number;
  /** Infinity when unstable. */
  meanInSystem: number;
}

/** Mean metrics of an M/M/c FCFS queue with c servers, arrival rate λ and per-server service rate μ. */
export function mmc(servers: number, arrivalRate: number, serviceRate: number): MmcMetrics {
  const q = prepare(servers, arrivalRate, serviceRate);
  const utilization = arrivalRate / (servers * serviceRate);
  if (!q.stable) {
    return {
      servers, arrivalRate, serviceRate, utilization, stable: false, waitProbability: 1,
      meanWaitS: Infinity, meanResponseS: Infinity, meanQueueLength: Infinity, meanInSystem: Infinity,
    };
  }
  /*
   * M/M/c means (Gross & Harris, Fundamentals of Queueing Theory, §2.3; Little's law L = λW):
   *   W_q = C(c, r) / (cμ − λ),  W = W_q + 1/μ,  L_q = λ·W_q,  L = λ·W,   r = λ/μ.
   */
  const meanWaitS = q.waitProbability / q.theta;
  const meanResponseS = meanWaitS + 1 / serviceRate;
  return {
    servers, arrivalRate, serviceRate, utilization, stable: true,
    waitProbability: q.waitProbability,
    meanWaitS, meanResponseS,
    meanQueueLength: arrivalRate * meanWaitS,
    meanInSystem: arrivalRate * meanResponseS,
  };
}

/** P(T > t) for the M/M/c FCFS response time T = W + S (exact: W is 0 w.p. 1−C, else Exp(cμ−λ); S ~ Exp(μ)); handle θ = cμ−λ equal to μ (the (1+μt)e^{−μt} limit) without cancellation error. */
export function mmcResponseTimeSurvival(t: number, servers: number, arrivalRate: number, serviceRate: number): number {
  if (Number.isNaN(t)) throw new RangeError('t must be a number');
  const q = prepare(servers, arrivalRate, serviceRate);
  if (!q.stable) return 1;
  return responseSurvival(t, q.waitProbability, q.theta, serviceRate);
}

/**
 * p-quantile (e.g. p = 0.95) of the exact response-time distribution above (NOT a sum of percentiles). Infinity when unstable; λ = 0 gives the Exp(μ) quantile. Solve robustly (bracketing + bisection/Newton) to ~1e-10 relative.
 * `guessS`, a value believed near the quantile (e.g. at a neighbouring load), only moves Newton's starting point.
 */
export function mmcResponseTimePercentile(p: number, servers: number, arrivalRate: number, serviceRate: number, guessS?: number): number {
  checkProbability(p);
  const q = prepare(servers, arrivalRate, serviceRate);
  if (!q.stable) return Infinity;
  return responseQuantile(p, q.waitProbability, q.theta, serviceRate, guessS);
}

/** P(W + S > t) with W = 0 w.p. 1 − C, else Exp(waitRate), and S ~ Exp(μ): the M/M/c response time's survival for any conditional-wait rate. */
export function waitPlusServiceSurvival(t: number, waitProbability: number, waitRate: number, serviceRate: number): number {
  return responseSurvival(t, waitRate === Infinity ? 0 : waitProbability, waitRate, serviceRate);
}

/** p-quantile of W + S with W = 0 w.p. 1 − C, else Exp(waitRate) (Infinity: no wait), and S ~ Exp(μ): the M/M/c response time for any conditional-wait rate, e.g. a priority class's C/W_k. */
export function waitPlusServicePercentile(p: number, waitProbability: number, waitRate: number, serviceRate: number): number {
  checkProbability(p);
  if (!(waitProbability >= 0 && waitProbability <= 1)) {
    throw new RangeError(`waitProbability must be in [0, 1], got ${waitProbability}`);
  }
  if (!(waitRate > 0)) throw new RangeError(`waitRate must be > 0, got ${waitRate}`);
  checkPositive(serviceRate, 'serviceRate');
  return responseQuantile(p, waitRate === Infinity ? 0 : waitProbability, waitRate, serviceRate);
}

/** p-quantile of the waiting time alone (0 when C <= 1 − p). */
export function mmcWaitPercentile(p: number, servers: number, arrivalRate: number, serviceRate: number): number {
  checkProbability(p);
  const q = prepare(servers, arrivalRate, serviceRate);
  if (!q.stable) return Infinity;
  return waitQuantile(p, q.waitProbability, q.theta);
}

/** Least n such that n replicas, each an M/M/c with `workersPerReplica` servers of rate μ and receiving λ/n (even split), have p-quantile response time ≤ budgetS; null when no n can (the budget is below the zero-load quantile −ln(1−p)/μ, or needs more than maxReplicas). Must be efficient (exponential/binary search on n, the quantile is monotone in n), since it runs for every component on every plan. */
export function leastReplicasForPercentile(
  arrivalRate: number,
  serviceRate: number,
  workersPerReplica: number,
  p: number,
  budgetS: number,
  maxReplicas = 100_000,
): number | null {
  checkServers(workersPerReplica);
  checkNonNegative(arrivalRate, 'arrivalRate');
  checkPositive(serviceRate, 'serviceRate');
  checkProbability(p);
  if (Number.isNaN(budgetS)) throw new RangeError('budgetS must be a number');
  if (!Number.isInteger(maxReplicas) || maxReplicas < 1) {
    throw new RangeError(`maxReplicas must be an integer >= 1, got ${maxReplicas}`);
  }
  if (!Number.isFinite(arrivalRate)) return null;
  // With no load every replica answers in S alone: Exp(μ), quantile −ln(1−p)/μ. Any load adds to it.
  const zeroLoadQuantileS = -Math.log1p(-p) / serviceRate;
  if (budgetS < zeroLoadQuantileS) return null;
  if (arrivalRate === 0) return 1;

  const meets = (n: number): boolean =>
    mmcResponseTimePercentile(p, workersPerReplica, arrivalRate / n, serviceRate) <= budgetS;

  // The quantile falls as n grows (less load per replica), so search on n. Below nStable the
  // replicas are overloaded.
  return leastCountMeeting(Math.floor(arrivalRate / (workersPerReplica * serviceRate)) + 1, maxReplicas, meets);
}

/** Least n in [start, max] with meets(n), for meets monotone in n and false below start; null when none. Doubling, then bisection. */
export function leastCountMeeting(start: number, max: number, meets: (n: number) => boolean): number | null {
  if (start > max) return null;
  // `lo` always names a count that fails (start − 1: below it every count does).
  let lo = start - 1;
  let hi = start;
  while (!meets(hi)) {
    if (hi >= max) return null;
    lo = hi;
    hi = Math.min(max, hi * 2);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (meets(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}

interface PreparedQueue {
  stable: boolean;
  /** Erlang C. */
  waitProbability: number;
  /** θ = cμ − λ, the rate of the conditional waiting time. */
  theta: number;
}

function prepare(servers: number, arrivalRate: number, serviceRate: number): PreparedQueue {
  checkServers(servers);
  checkNonNegative(arrivalRate, 'arrivalRate');
  checkPositive(serviceRate, 'serviceRate');
  const theta = servers * serviceRate - arrivalRate;
  if (!(theta > 0) || !Number.isFinite(arrivalRate)) return { stable: false, waitProbability: 1, theta: 0 };
  return { stable: true, waitProbability: erlangC(servers, arrivalRate / serviceRate), theta };
}

/*
 * Hypoexponential survival P(X + Y > t), X ~ Exp(a), Y ~ Exp(b) independent (Ross, Introduction
 * to Probability Models, §5.2.4):
 *   P(X + Y > t) = (b·e^{−at} − a·e^{−bt}) / (b − a).
 * Written as it is, this cancels catastrophically when a ≈ b and is 0/0 at a = b. With a ≤ b and
 * d = b − a it equals
 *   e^{−at} · (1 + a·g(d, t)),   g(d, t) = (1 − e^{−dt})/d = −expm1(−dt)/d,   g(0, t) = t,
 * whose every term is positive, so it is accurate for all a, b and tends to the Erlang-2 limit
 * (1 + at)e^{−at} continuously. The density is a·b·e^{−at}·g(d, t).
 */
function hypoexpSurvival(t: number, rate1: number, rate2: number): number {
  const a = Math.min(rate1, rate2);
  const d = Math.abs(rate1 - rate2);
  return Math.exp(-a * t) * (1 + a * gapFactor(d, t));
}

function hypoexpDensity(t: number, rate1: number, rate2: number): number {
  const a = Math.min(rate1, rate2);
  const d = Math.abs(rate1 - rate2);
  return rate1 * rate2 * Math.exp(-a * t) * gapFactor(d, t);
}

function gapFactor(d: number, t: number): number {
  const x = d * t;
  return x === 0 ? t : -Math.expm1(-x) / d;
}

/*
 * M/M/c FCFS response time T = W + S (Gross & Harris, Fundamentals of Queueing Theory, §2.3,
 * distribution of the time in system): W = 0 with probability 1 − C, otherwise W ~ Exp(θ),
 * θ = cμ − λ; S ~ Exp(μ) independent of W. Hence
 *   P(T > t) = (1 − C)·e^{−μt} + C·P(Exp(θ) + Exp(μ) > t),
 * which is Gross & Harris' e^{−μt}·[1 + C·(1 − e^{−μt(c−1−r)})/(c − 1 − r)] (r = λ/μ), but
 * without its division by c − 1 − r = (θ − μ)/μ, which vanishes when θ = μ.
 */
function responseSurvival(t: number, waitProbability: number, theta: number, mu: number): number {
  if (t <= 0) return 1;
  if (t === Infinity) return 0;
  return (1 - waitProbability) * Math.exp(-mu * t) + waitProbability * hypoexpSurvival(t, theta, mu);
}

function responseDensity(t: number, waitProbability: number, theta: number, mu: number): number {
  if (t < 0) return 0;
  return (1 - waitProbability) * mu * Math.exp(-mu * t) + waitProbability * hypoexpDensity(t, theta, mu);
}

/*
 * Waiting-time quantile of M/M/c FCFS (Gross & Harris §2.3): P(W > t) = C·e^{−θt}, so the
 * p-quantile is ln(C/(1 − p))/θ when C > 1 − p, else 0.
 */
function waitQuantile(p: number, waitProbability: number, theta: number): number {
  const tail = 1 - p;
  if (waitProbability <= tail) return 0;
  return Math.log(waitProbability / tail) / theta;
}

/** The level-quantile of an Exp(μ) service time (a plain function: a closure over μ cost an allocation a call). */
function serviceQuantile(level: number, mu: number): number {
  return -Math.log1p(-level) / mu;
}

/**
 * The p-quantile of the M/M/c response time (responseSurvival) by a bracketed Newton search.
 * Written so that TurboFan keeps every double of the loop unboxed (test/model/response-quantile.test.ts
 * holds it bit for bit to the search as it was, one responseSurvival and one responseDensity call
 * a step): t leaves only as `t * 1` and a guess enters as `guessS * 1` (the same numbers; a
 * returned or parameter value made the loop's t a tagged phi, a heap number every step), and no
 * NaN constant marks a missing step (the same). 5,000 × 20, --cpu-prof means of 3: with its
 * callees 194 → 138 ms of profile; its allocation 74 MB → under 1 MB (sampled).
 */
function responseQuantile(p: number, waitProbability: number, theta: number, mu: number, guessS?: number): number {
  if (waitProbability === 0) return serviceQuantile(p, mu);
  const tail = 1 - p;
  // T ≥ S and T ≥ W, so either quantile is a lower bound; by the union bound
  // P(W + S > u + v) ≤ P(W > u) + P(S > v), the two (1 − tail/2)-quantiles add to an upper bound.
  const halfLevel = 1 - tail / 2;
  let lo = Math.max(serviceQuantile(p, mu), waitQuantile(p, waitProbability, theta));
  let hi = serviceQuantile(halfLevel, mu) + waitQuantile(halfLevel, waitProbability, theta);
  // Newton on ln P(T > t) − ln tail, kept inside [lo, hi] and falling back to bisection.
  let t = 0.5 * (lo + hi);
  if (guessS !== undefined && guessS > lo && guessS < hi) t = guessS * 1;
  // hypoexpSurvival's and hypoexpDensity's a and d, which do not change with t.
  const a = Math.min(theta, mu);
  const d = Math.abs(theta - mu);
  for (let i = 0; i < 200; i++) {
    // responseSurvival and responseDensity at t, written out with the same operations in the
    // same order, their edge cases included: e^{−μt}, e^{−at} (e^{−μt} itself when θ ≥ μ) and
    // g(d, t) are computed once, not twice.
    const eMu = Math.exp(-mu * t);
    const eA = a === mu ? eMu : Math.exp(-a * t);
    const g = gapFactor(d, t);
    const survival = t <= 0 ? 1 : t === Infinity ? 0 : (1 - waitProbability) * eMu + waitProbability * (eA * (1 + a * g));
    const excess = survival - tail;
    // An exact zero is the root; without this return the bracket test below sends t to the midpoint.
    if (excess === 0) return t * 1;
    if (excess > 0) lo = t;
    else hi = t;
    const density = t < 0 ? 0 : (1 - waitProbability) * mu * eMu + waitProbability * (theta * mu * eA * g);
    // The step on ln(P(T > t)/tail), whose root is the same: T's tail is a mixture of two
    // exponentials, so its logarithm is near straight and the step lands where Newton's on the
    // tail itself needs more (over 8,000 random M/M/c quantiles, 99,475 -> 56,089 evaluations,
    // the roots the same to 1e-14): h = ln(S/tail), h' = −f/S, t − h/h' = t + h·S/f.
    // Taken when it stays inside the bracket, else the midpoint.
    let next = 0.5 * (lo + hi);
    if (density > 0) {
      const step = t + (Math.log1p(excess / tail) * (excess + tail)) / density;
      if (step > lo && step < hi) next = step;
    }
    if (Math.abs(next - t) <= 1e-14 * next || hi - lo <= 1e-15 * hi) return next;
    t = next;
  }
  return t * 1;
}

function checkServers(servers: number): void {
  if (!Number.isInteger(servers) || servers < 1) {
    throw new RangeError(`servers must be an integer >= 1, got ${servers}`);
  }
}

function checkNonNegative(x: number, name: string): void {
  if (!(x >= 0)) throw new RangeError(`${name} must be >= 0, got ${x}`);
}

function checkPositive(x: number, name: string): void {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be a finite number > 0, got ${x}`);
}

function checkProbability(p: number): void {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must be in (0, 1), got ${p}`);
}
