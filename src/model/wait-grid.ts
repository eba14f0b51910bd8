/**
 * A queue's waiting time on a grid of step h, bracketed: two discrete laws W↓ ≤ W ≤ W↑ (in the
 * usual stochastic order) on the points jh, whose CDFs enclose W's at every t. The time-domain
 * tail of one visit (visit-tail.ts) convolves them with the exact service law. Seconds; pure.
 */
import { lawMean, type ServiceLaw } from './service-law.js';
import type { WaitLaw } from './wait-law.js';
import { fftInPlace } from './fft.js';

/** Two pmfs on the points 0, h, 2h, …: `down` (W rounded down to the grid) and `up` (rounded up). */
export interface WaitGrid {
  stepS: number;
  down: Float64Array;
  up: Float64Array;
}

/** ln(n!) for n < 1,024 from a table grown on demand; beyond, Stirling's series (error below 1e-16 relative there). */
const logFactorials: number[] = [0];
const TABLE = 1024;

export function logFactorial(n: number): number {
  if (n >= TABLE) {
    // ln n! = n ln n − n + ½ln(2πn) + 1/(12n) − 1/(360n³) (Abramowitz & Stegun 6.1.41).
    return n * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI * n) + 1 / (12 * n) - 1 / (360 * n ** 3);
  }
  for (let i = logFactorials.length; i <= n; i++) logFactorials.push(logFactorials[i - 1]! + Math.log(i));
  return logFactorials[n]!;
}

/**
 * Sums of the Poisson(x) pmf π_i = e^{−x}xⁱ/i! below k: `below` = Σ_{i<k} π_i = P(Erlang(k, r) > x/r)
 * (Ross, Introduction to Probability Models, §5.2.3), `weighted` = Σ_{i<k} (k − i)·π_i, and
 * `top` = π_{k−1} (so r·top is the Erlang density). From the largest term (the mode, or k − 1
 * below it) outwards by π_{i±1} = π_i·x/(i+1), π_i·i/x: every term is a probability, so nothing
 * overflows, the largest never underflows, and there is one exp per call.
 */
export function poissonSums(k: number, x: number): { below: number; weighted: number; top: number } {
  if (x <= 0) return { below: 1, weighted: k, top: k === 1 ? 1 : 0 };
  const start = Math.min(k - 1, Math.floor(x));
  const first = Math.exp(-x + start * Math.log(x) - logFactorial(start));
  let below = 0;
  let weighted = 0;
  let term = first;
  for (let i = start; i >= 0; i--) {
    below += term;
    weighted += (k - i) * term;
    // Below the mode the terms only fall: stop once they no longer count.
    if (term < 1e-18 * below) break;
    term *= i / x;
  }
  term = first;
  for (let i = start + 1; i < k; i++) {
    term *= x / i;
    below += term;
    weighted += (k - i) * term;
    // Above the mode they only fall too: the rest, π_{k−1} among them, no longer counts.
    if (term < 1e-18 * below) return { below: Math.min(1, below), weighted, top: 0 };
  }
  return { below: Math.min(1, below), weighted, top: start === k - 1 ? first : term };
}

/**
 * P(R > x) for the residual (equilibrium) service time R, density P(S > x)/E[S]. For an
 * Erlang(k, r) branch the equilibrium law is the even mixture of Erlang(j, r), j = 1 … k
 * (Tijms, A First Course in Stochastic Models, 2003, §1.3 and appendix on phase-type laws), so
 *   P(R > x) = Σ_b (p_b·k_b/r_b)/E[S] · (1/k_b)·Σ_{i<k_b} (k_b − i)·π_i(r_b·x).
 */
function residualSurvival(service: ServiceLaw, meanS: number, x: number): number {
  let s = 0;
  for (const b of service.branches) s += (b.probability / b.rate / meanS) * poissonSums(b.phases, b.rate * x).weighted;
  return Math.min(1, s);
}

/**
 * The wait on `cells` + 1 grid points of step `stepS`, for a wait scaled by `scale` (a caller's
 * finite threads: W' = scale·W). Null for a wait it does not cover.
 *
 * Exponential with an atom: P(W = 0) = 1 − c, else Exp(θ); the cell masses are exact differences
 * of e^{−θx}.
 *
 * M/G/1 (Pollaczek–Khinchine): W is the geometric sum of N residual times R_i, P(N = n) = (1 − ρ)ρⁿ
 * (the Pollaczek–Khinchine / Beneš series: Kleinrock, Queueing Systems vol. 1, §5.10, eq. 5.111;
 * Beneš, General Stochastic Processes in the Theory of Queues, 1963). Each R_i rounded down
 * (up) to the grid gives a lower (upper) W; the compound-geometric law of the rounded R is exact
 * on the grid (Panjer's recursion, Panjer, ASTIN Bulletin 12, 1981; geometric N: a = ρ, b = 0,
 *   g_0 = (1 − ρ)/(1 − ρr_0),   g_j = ρ/(1 − ρr_0) · Σ_{i=1..j} r_i·g_{j−i}),
 * here all at once by the FFT (compoundGeometric). The two laws bracket W: the error is the
 * rounding, at most h per residual time in the sum, not a truncated series.
 */
export function waitGrid(wait: WaitLaw, scale: number, stepS: number, cells: number): WaitGrid | null {
  const h = stepS / scale;
  const down = new Float64Array(cells + 1);
  const up = new Float64Array(cells + 1);
  if (wait.kind === 'exponential') {
    const c = wait.waitProbability;
    const theta = wait.conditionalRate;
    if (!(c >= 0 && c <= 1) || (c > 0 && !(theta > 0))) return null;
    down[0] = 1 - c;
    up[0] = 1 - c;
    let prev = 1;
    for (let i = 0; i < cells; i++) {
      const next = Math.exp(-theta * (i + 1) * h);
      const mass = c * (prev - next);
      down[i] = down[i]! + mass;
      up[i + 1] = up[i + 1]! + mass;
      prev = next;
    }
    return { stepS, down, up };
  }
  const meanS = lawMean(wait.service);
  const rho = wait.arrivalRate * meanS;
  if (!(rho >= 0 && rho < 1)) return null;
  // Cell i of R: P(ih ≤ R < (i+1)h) (one more cell than the grid needs: rounded up, it lands on i + 1).
  const cell = new Float64Array(cells + 1);
  let prev = 1;
  for (let i = 0; i <= cells && prev > 1e-18; i++) {
    // Beyond P(R > x) < 1e-18 the cells stay 0: R's remaining mass changes no tail capplan reads.
    const next = residualSurvival(wait.service, meanS, (i + 1) * h);
    cell[i] = Math.max(0, prev - next);
    prev = next;
  }
  compoundGeometric(rho, cell, down);
  const shifted = new Float64Array(cells + 1);
  shifted.set(cell.subarray(0, cells), 1);
  compoundGeometric(rho, shifted, up);
  return { stepS, down, up };
}

/**
 * The compound-geometric law g of a geometric count (P(N = n) = (1 − ρ)ρⁿ) of i.i.d. grid laws r,
 * into out: its generating function is G(z) = (1 − ρ)/(1 − ρR(z)) (Panjer's recursion, a = ρ, b = 0,
 * computed all at once). By the FFT on M ≥ 4·out.length points (a power of two) after an exponential tilt
 * r_i ↦ r_i·aⁱ (Grübel & Hermesmeier, "Computation of compound distributions I: aliasing errors and
 * exponential tilting", ASTIN Bulletin 29, 1999): the DFT gives Σ_m g_{j+mM}·a^{j+mM}, so after
 * untilting the aliased mass from beyond the grid is at most a^M·P(W ≥ Mh). With a^{out.length} =
 * 1e-2 that is below 1e-8·P(W ≥ 4·horizon), while round-off is amplified by at most 1e2.
 * O(M log M) instead of the recursion's O(cells²).
 */
function compoundGeometric(rho: number, r: Float64Array, out: Float64Array): void {
  const n = out.length;
  let m = 1;
  while (m < 4 * n) m <<= 1;
  const a = Math.exp(Math.log(1e-2) / n);
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  let tilt = 1;
  for (let i = 0; i < n; i++) {
    re[i] = r[i]! * tilt;
    tilt *= a;
  }
  fftInPlace(re, im, -1);
  for (let k = 0; k < m; k++) {
    // (1 − ρ)/(1 − ρR̃): |ρR̃| ≤ ρ < 1, so the denominator never vanishes.
    const dr = 1 - rho * re[k]!;
    const di = -rho * im[k]!;
    const d2 = dr * dr + di * di;
    re[k] = ((1 - rho) * dr) / d2;
    im[k] = (-(1 - rho) * di) / d2;
  }
  fftInPlace(re, im, 1);
  let untilt = 1 / m;
  for (let j = 0; j < n; j++) {
    out[j] = Math.max(0, re[j]! * untilt);
    untilt /= a;
  }
}
