/**
 * Arrival processes at the entry: Poisson at the peak rate, a renewal process of another
 * inter-arrival cv (workload.arrivalCv), a two-state Markov-modulated Poisson process (bursts),
 * or a measured list of inter-arrival times; optionally under a linear load ramp. Each keeps the phase's mean rate (the ramp multiplies it). Pure but for the generator.
 */
import type { Rng } from './rng.js';

/** How requests arrive. */
export type ArrivalSpec =
  | { kind: 'poisson' }
  /** A renewal process whose inter-arrival times have this coefficient of variation: H2 with balanced means above 1, gamma below. */
  | { kind: 'renewal'; cv: number }
  /** Bursts: rate × burstFactor for a share of the time, in spells of mean meanBurstS; the rate between bursts keeps the mean. */
  | { kind: 'mmpp'; burstFactor: number; burstShare: number; meanBurstS: number }
  /** Measured inter-arrival times, rescaled to the peak's mean and replayed in order (cyclically). */
  | { kind: 'trace'; interArrivalsS: readonly number[]; source: string };

/** Load multiplier rising linearly from `from` to `to` over `overS` seconds, then held. */
export interface RampSpec {
  from: number;
  to: number;
  overS: number;
}

/** The load multiplier of a ramp at time t. */
export function rampFactor(ramp: RampSpec | null, t: number): number {
  if (ramp === null) return 1;
  if (t >= ramp.overS) return ramp.to;
  return ramp.from + ((ramp.to - ramp.from) * t) / ramp.overS;
}

/**
 * The two rates of a burst MMPP with mean rate λ: the burst state runs at h·λ for a share p of
 * the time, so the quiet state runs at λ(1 − p·h)/(1 − p) (which needs p·h ≤ 1); spells are
 * exponential with means d (burst) and d(1 − p)/p (quiet), so that the burst share is p.
 */
export function mmppRates(rate: number, spec: { burstFactor: number; burstShare: number; meanBurstS: number }): { burst: number; quiet: number; burstSpellS: number; quietSpellS: number } {
  const { burstFactor: h, burstShare: p, meanBurstS: d } = spec;
  return { burst: rate * h, quiet: (rate * (1 - p * h)) / (1 - p), burstSpellS: d, quietSpellS: (d * (1 - p)) / p };
}

/** The next-arrival generator of one replication. */
export class ArrivalProcess {
  private readonly kind: number;
  private readonly rate: number;
  private readonly ramp: RampSpec | null;
  private readonly maxFactor: number;
  // MMPP state.
  private inBurst = false;
  private switchAt = 0;
  private readonly rates: { burst: number; quiet: number; burstSpellS: number; quietSpellS: number } | null;
  // Trace state.
  private readonly gaps: Float64Array;
  private cursor = 0;
  // Renewal state: one inter-arrival time at the peak's mean rate.
  private readonly gap: (() => number) | null = null;

  constructor(spec: ArrivalSpec, peakRps: number, ramp: RampSpec | null, private readonly rng: Rng) {
    this.rate = peakRps;
    this.ramp = ramp;
    this.maxFactor = ramp === null ? 1 : Math.max(ramp.from, ramp.to);
    this.rates = null;
    this.gaps = new Float64Array(0);
    if (spec.kind === 'poisson') {
      this.kind = 0;
    } else if (spec.kind === 'renewal') {
      this.kind = 3;
      this.gap = renewalGap(spec.cv, 1 / peakRps, rng);
    } else if (spec.kind === 'mmpp') {
      this.kind = 1;
      this.rates = mmppRates(peakRps, spec);
      // Start in the stationary state: burst with probability p.
      this.inBurst = rng.uniform() < spec.burstShare;
      this.switchAt = rng.exponential() * (this.inBurst ? this.rates.burstSpellS : this.rates.quietSpellS);
    } else {
      this.kind = 2;
      const mean = spec.interArrivalsS.reduce((s, x) => s + x, 0) / spec.interArrivalsS.length;
      const scale = 1 / (peakRps * mean);
      this.gaps = Float64Array.from(spec.interArrivalsS, (x) => x * scale);
      // Each replication replays the list from its own random starting point.
      this.cursor = rng.below(this.gaps.length);
    }
  }

  /** Time of the next arrival after t (Infinity when the rate is zero for good). */
  next(t: number): number {
    if (this.kind === 2) {
      const gap = this.gaps[this.cursor]!;
      this.cursor = this.cursor + 1 === this.gaps.length ? 0 : this.cursor + 1;
      return t + gap;
    }
    /*
     * Thinning (Lewis & Shedler 1979): candidates at the ramp's largest multiplier, each kept with
     * probability factor(t)/max, give the non-homogeneous process exactly. A renewal process is
     * thinned the same way: where a ramp runs below its largest multiplier its gaps are a
     * geometric sum of the renewal's, less variable than the profile's cv (docs/simulate.md).
     */
    for (;;) {
      t = this.kind === 0 ? t + this.rng.exponential() / (this.rate * this.maxFactor) : this.kind === 3 ? t + this.gap!() / this.maxFactor : this.nextMmpp(t);
      if (!Number.isFinite(t)) return Infinity;
      if (this.ramp === null) return t;
      const f = rampFactor(this.ramp, t);
      if (f >= this.maxFactor || this.rng.uniform() * this.maxFactor < f) return t;
      if (this.ramp.to === 0 && t >= this.ramp.overS) return Infinity;
    }
  }

  /** The next MMPP candidate after t: exponential gaps at the current state's rate, restarted at each switch (memoryless). */
  private nextMmpp(t: number): number {
    const r = this.rates!;
    for (;;) {
      const rate = (this.inBurst ? r.burst : r.quiet) * this.maxFactor;
      const candidate = rate > 0 ? t + this.rng.exponential() / rate : Infinity;
      if (candidate < this.switchAt) return candidate;
      t = this.switchAt;
      this.inBurst = !this.inBurst;
      this.switchAt = t + this.rng.exponential() * (this.inBurst ? r.burstSpellS : r.quietSpellS);
    }
  }
}

/**
 * A sampler of inter-arrival times of mean `meanS` and coefficient of variation `cv`:
 * - cv > 1: the hyperexponential H2 with balanced means (p1/μ1 = p2/μ2), the law the plan's
 *   GI/M/c takes (service-law.ts fitLaw; Tijms 2003, §2.3): p1 = ½(1 + √((c² − 1)/(c² + 1)));
 * - cv = 1: the exponential;
 * - cv < 1: the gamma law of shape k = 1/c² and scale meanS/k (Marsaglia & Tsang, "A simple
 *   method for generating gamma variables", ACM TOMS 26(3), 2000), which the plan's Erlang
 *   mixture matches on two moments only: the simulation checks that match, not repeats it.
 */
export function renewalGap(cv: number, meanS: number, rng: Rng): () => number {
  const scv = cv * cv;
  if (Math.abs(scv - 1) < 1e-12) return () => rng.exponential() * meanS;
  if (scv > 1) {
    const p1 = 0.5 * (1 + Math.sqrt((scv - 1) / (scv + 1)));
    const mean1 = meanS / (2 * p1);
    const mean2 = meanS / (2 * (1 - p1));
    return () => rng.exponential() * (rng.uniform() < p1 ? mean1 : mean2);
  }
  const k = 1 / scv;
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const scale = meanS / k;
  return () => {
    for (;;) {
      // A standard normal by Box–Muller (one of the pair).
      const u1 = 1 - rng.uniform();
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.uniform());
      const v = (1 + c * z) ** 3;
      if (v <= 0) continue;
      const u = 1 - rng.uniform();
      if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return d * v * scale;
    }
  };
}
