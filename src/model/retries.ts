/** Retried calls: the number of attempts when each attempt fails (or times out) independently. */

/**
 * Expected attempts of a call retried up to r times when each attempt fails with probability q
 * (independently): Σ_{k=0..r} q^k = (1 − q^{r+1})/(1 − q).
 */
export function expectedAttempts(retries: number, failureProbability: number): number {
  let sum = 0;
  for (let k = 0; k <= retries; k++) sum += failureProbability ** k;
  return sum;
}

/** The distribution of the number of attempts: k (1..r+1) with probability q^{k−1}(1 − q), the last q^r. */
export function attemptCounts(retries: number, failureProbability: number): { count: number; probability: number }[] {
  const out: { count: number; probability: number }[] = [];
  for (let k = 1; k <= retries + 1; k++) {
    const p = k <= retries ? failureProbability ** (k - 1) * (1 - failureProbability) : failureProbability ** retries;
    if (p > 0) out.push({ count: k, probability: p });
  }
  return out;
}

/** E[A²] of the attempts count A (1..r+1, P(A = k) = q^{k−1}(1 − q), the last q^r). */
export function attemptSecondMoment(retries: number, q: number): number {
  let sum = 0;
  for (let k = 1; k <= retries + 1; k++) sum += k * k * (k <= retries ? q ** (k - 1) * (1 - q) : q ** retries);
  return sum;
}
