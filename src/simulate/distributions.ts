/**
 * Service-time distributions of the simulator and their samplers, from the simulator's own
 * random stream: exponential stages by the ziggurat (Rng.exponential), the rest by inverse
 * transform. Each is given by its mean (seconds) and shape; a sampler is a small monomorphic
 * object the engine calls once per visit, with no allocation.
 */
import type { Rng } from './rng.js';

/** A service-time law, mean in seconds. */
export type ServiceDist =
  | { kind: 'exponential'; meanS: number }
  | { kind: 'deterministic'; meanS: number }
  | { kind: 'lognormal'; meanS: number; cv: number }
  /** Two-moment phase-type fit: hyperexponential (cv > 1), mixed Erlang (cv < 1), exponential (cv = 1). */
  | { kind: 'phase-type'; meanS: number; cv: number }
  /** Measured times, rescaled to `meanS` (shape kept); `source` says where they came from. */
  | { kind: 'empirical'; meanS: number; samplesS: readonly number[]; source: string }
  /** A mixture of Erlang laws (a phase-type law as a plan may carry it): branch i is `phases` exponential phases of `rate`, with `probability`. */
  | { kind: 'erlang-mixture'; meanS: number; branches: readonly { probability: number; phases: number; rate: number }[] };

/** Second moment E[S²] of a law (for Pollaczek–Khinchine and the tests). */
export function secondMoment(d: ServiceDist): number {
  switch (d.kind) {
    case 'exponential':
      return 2 * d.meanS ** 2;
    case 'deterministic':
      return d.meanS ** 2;
    case 'lognormal':
    case 'phase-type':
      return (1 + d.cv ** 2) * d.meanS ** 2;
    case 'empirical': {
      const m = mean(d.samplesS);
      const scale = d.meanS / m;
      return d.samplesS.reduce((s, x) => s + (x * scale) ** 2, 0) / d.samplesS.length;
    }
    case 'erlang-mixture':
      // Erlang(k, r): E[X²] = k(k + 1)/r² (Ross, Introduction to Probability Models, §5.2.3).
      return d.branches.reduce((s, b) => s + (b.probability * b.phases * (b.phases + 1)) / b.rate ** 2, 0);
  }
}

/** Coefficient of variation (sd / mean) of a law. */
export function coefficientOfVariation(d: ServiceDist): number {
  return Math.sqrt(Math.max(0, secondMoment(d) / d.meanS ** 2 - 1));
}

/** A short human name: "exponential", "lognormal cv 1.5", "empirical (times.csv, 1,200 samples)". */
export function describeDist(d: ServiceDist): string {
  switch (d.kind) {
    case 'exponential':
    case 'deterministic':
      return d.kind;
    case 'lognormal':
    case 'phase-type':
      return `${d.kind} cv ${Number(d.cv.toPrecision(3))}`;
    case 'empirical':
      return `empirical (${d.source}, ${d.samplesS.length} samples)`;
    case 'erlang-mixture':
      return d.branches.length === 1 && d.branches[0]!.phases === 1 ? 'exponential' : `phase-type (${d.branches.length} Erlang branch${d.branches.length === 1 ? '' : 'es'})`;
  }
}

function mean(xs: readonly number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

/** The most exponential phases a fitted Erlang branch gets (as the plan's laws: cv below 1/8 is fitted as Erlang-64). */
export const MAX_PHASES = 64;

const EXP = 0;
const DET = 1;
const LOGNORMAL = 2;
const H2 = 3;
const ERLANG_MIX = 4;
const EMPIRICAL = 5;
const MIXTURE = 6;

/** Draws service times from one law; construct once per run. */
export class Sampler {
  private readonly code: number;
  private readonly p0: number;
  private readonly p1: number;
  private readonly p2: number;
  private readonly k: number;
  private readonly table: Float64Array;
  /** Erlang mixture: cumulative branch probabilities, phases and mean phase lengths. */
  private readonly cum: Float64Array;
  private readonly phases: Int32Array;
  private readonly phaseMean: Float64Array;

  constructor(d: ServiceDist) {
    this.p0 = d.meanS;
    this.p1 = 0;
    this.p2 = 0;
    this.k = 0;
    this.table = new Float64Array(0);
    this.cum = new Float64Array(0);
    this.phases = new Int32Array(0);
    this.phaseMean = new Float64Array(0);
    switch (d.kind) {
      case 'exponential':
        this.code = EXP;
        break;
      case 'deterministic':
        this.code = DET;
        break;
      case 'lognormal': {
        /* Lognormal with mean m and cv: σ² = ln(1 + cv²), μ = ln m − σ²/2 (Johnson, Kotz & Balakrishnan, Continuous Univariate Distributions vol. 1, ch. 14). */
        const s2 = Math.log(1 + d.cv ** 2);
        this.code = d.cv === 0 ? DET : LOGNORMAL;
        this.p0 = Math.log(d.meanS) - s2 / 2;
        this.p1 = Math.sqrt(s2);
        if (d.cv === 0) this.p0 = d.meanS;
        break;
      }
      case 'phase-type': {
        const c2 = d.cv ** 2;
        if (Math.abs(c2 - 1) < 1e-12) {
          this.code = EXP;
        } else if (c2 > 1) {
          /*
           * Balanced-means H2 (Tijms, A First Course in Stochastic Models, Wiley 2003, two-moment
           * fits of phase-type laws; Whitt 1982): p1 = ½(1 + √((c²−1)/(c²+1))), μ1 = 2p1/m, μ2 = 2(1−p1)/m.
           */
          this.code = H2;
          this.p0 = 0.5 * (1 + Math.sqrt((c2 - 1) / (c2 + 1)));
          this.p1 = d.meanS / (2 * this.p0);
          this.p2 = d.meanS / (2 * (1 - this.p0));
        } else if (c2 < 1e-12) {
          this.code = DET;
        } else {
          /*
           * Mixed Erlang (Tijms 2003, the same two-moment fits, for 1/k ≤ c² ≤ 1/(k−1)): with probability p an
           * Erlang(k−1, μ), else Erlang(k, μ); p = (k c² − √(k(1 + c²) − k² c²)) / (1 + c²), μ = (k − p)/m.
           */
          // At most MAX_PHASES phases: below cv = 1/8 the law is Erlang-64, a little more variable than asked.
          const k = Math.min(MAX_PHASES, Math.ceil(1 / c2 - 1e-12));
          const p = c2 < 1 / k ? 0 : (k * c2 - Math.sqrt(k * (1 + c2) - k * k * c2)) / (1 + c2);
          this.code = ERLANG_MIX;
          this.k = k;
          this.p0 = p;
          this.p1 = d.meanS / (k - p);
        }
        break;
      }
      case 'empirical': {
        const m = mean(d.samplesS);
        this.code = EMPIRICAL;
        this.table = Float64Array.from(d.samplesS, (x) => (x * d.meanS) / m).sort();
        break;
      }
      case 'erlang-mixture': {
        this.code = MIXTURE;
        let sum = 0;
        this.cum = Float64Array.from(d.branches, (b) => (sum += b.probability));
        this.phases = Int32Array.from(d.branches, (b) => b.phases);
        this.phaseMean = Float64Array.from(d.branches, (b) => 1 / b.rate);
        break;
      }
    }
  }

  /** One service time, seconds. */
  sample(rng: Rng): number {
    switch (this.code) {
      case EXP:
        return rng.exponential() * this.p0;
      case DET:
        return this.p0;
      case LOGNORMAL:
        return Math.exp(this.p0 + this.p1 * inverseNormal(rng.uniform()));
      case H2:
        return rng.exponential() * (rng.uniform() < this.p0 ? this.p1 : this.p2);
      case ERLANG_MIX: {
        const stages = rng.uniform() < this.p0 ? this.k - 1 : this.k;
        let t = 0;
        for (let i = 0; i < stages; i++) t += rng.exponential();
        return t * this.p1;
      }
      case EMPIRICAL:
        // Inverse of the empirical distribution function: the ⌈nU⌉-th order statistic.
        return this.table[Math.floor(rng.uniform() * this.table.length)]!;
      default: {
        // A branch by its probability, then the sum of its exponential phases.
        const u = rng.uniform() * this.cum[this.cum.length - 1]!;
        let b = 0;
        while (b < this.cum.length - 1 && u >= this.cum[b]!) b++;
        let t = 0;
        for (let i = 0; i < this.phases[b]!; i++) t += rng.exponential();
        return t * this.phaseMean[b]!;
      }
    }
  }
}

/*
 * Inverse of the standard normal distribution function by P. J. Acklam's rational
 * approximations (2003; relative error below 1.15e-9 over (0, 1)): a central region
 * |p − ½| ≤ 0.47575 and two tails in q = √(−2 ln p).
 */
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** Φ⁻¹(p) for p in (0, 1). */
export function inverseNormal(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  if (p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
}
