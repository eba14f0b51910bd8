/**
 * Waiting-time laws of one queue: an atom at zero and a continuous part, each with an exact
 * Laplace–Stieltjes transform, mean and second moment. Seconds; pure functions.
 */
import { div, mul, type Complex } from './complex.js';
import { lawMoment, lawTransform, type ServiceLaw } from './service-law.js';

/** The law of the wait before service. */
export type WaitLaw =
  /** W = 0 with probability 1 − waitProbability, else Exp(conditionalRate) (M/M/c, GI/M/c exact; M/G/c approximations). */
  | { kind: 'exponential'; waitProbability: number; conditionalRate: number }
  /** The M/G/1 wait of Pollaczek–Khinchine: exact for Poisson arrivals at rate λ and this service law. */
  | { kind: 'pollaczek-khinchine'; arrivalRate: number; service: ServiceLaw };

/** P(W > 0). */
export function waitProbabilityOf(w: WaitLaw): number {
  if (w.kind === 'exponential') return w.waitProbability;
  return w.arrivalRate * lawMoment(w.service, 1);
}

/** E[W] (seconds). */
export function waitMean(w: WaitLaw): number {
  if (w.kind === 'exponential') return w.waitProbability === 0 ? 0 : w.waitProbability / w.conditionalRate;
  /*
   * Pollaczek–Khinchine mean (Kleinrock, Queueing Systems vol. 1, §5.7, eq. 5.101):
   *   W = λE[S²] / (2(1 − ρ)),  ρ = λE[S].
   */
  const rho = w.arrivalRate * lawMoment(w.service, 1);
  return (w.arrivalRate * lawMoment(w.service, 2)) / (2 * (1 - rho));
}

/** E[W²] (seconds²). */
export function waitSecondMoment(w: WaitLaw): number {
  if (w.kind === 'exponential') return w.waitProbability === 0 ? 0 : (2 * w.waitProbability) / w.conditionalRate ** 2;
  /*
   * Takács' recurrence for the M/G/1 waiting-time moments (Kleinrock vol. 1, §5.7, from the
   * P-K transform): E[W²] = 2E[W]² + λE[S³] / (3(1 − ρ)).
   */
  const rho = w.arrivalRate * lawMoment(w.service, 1);
  const mean = waitMean(w);
  return 2 * mean * mean + (w.arrivalRate * lawMoment(w.service, 3)) / (3 * (1 - rho));
}

/** The transform E[e^{−sW}] at a complex s (s ≠ 0; at s = 0 it is 1). */
export function waitTransform(w: WaitLaw, s: Complex): Complex {
  if (w.kind === 'exponential') {
    waitTransformInto(w, s.re, s.im, scratch, 0);
    return { re: scratch[0]!, im: scratch[1]! };
  }
  /*
   * Pollaczek–Khinchine transform of the M/G/1 FCFS wait (Kleinrock vol. 1, §5.7, eq. 5.106):
   *   W*(s) = (1 − ρ)s / (s − λ + λB*(s)).
   */
  if (s.re === 0 && s.im === 0) return { re: 1, im: 0 };
  const lambda = w.arrivalRate;
  const rho = lambda * lawMoment(w.service, 1);
  const b = lawTransform(w.service, s);
  const den = { re: s.re - lambda + lambda * b.re, im: s.im + lambda * b.im };
  return div({ re: (1 - rho) * s.re, im: (1 - rho) * s.im }, den);
}

const scratch = new Float64Array(2);

/** waitTransform at s = sRe + i·sIm, written to out[at] (real part) and out[at + 1] (imaginary): no object per evaluation for the exponential wait (a path's thousands of stages at each contour point). */
export function waitTransformInto(w: WaitLaw, sRe: number, sIm: number, out: Float64Array, at: number): void {
  if (w.kind !== 'exponential') {
    const t = waitTransform(w, { re: sRe, im: sIm });
    out[at] = t.re;
    out[at + 1] = t.im;
    return;
  }
  /* Atom plus exponential: (1 − C) + C·θ/(θ + s) (Gross & Harris, §2.3). */
  const c = w.waitProbability;
  if (c === 0) {
    out[at] = 1;
    out[at + 1] = 0;
    return;
  }
  const dr = w.conditionalRate + sRe;
  const n = (c * w.conditionalRate) / (dr * dr + sIm * sIm);
  out[at] = 1 - c + n * dr;
  out[at + 1] = -n * sIm;
}

/** The transform of the response time W + S (wait and service independent, as in FCFS). */
export function responseTransform(w: WaitLaw, service: ServiceLaw, s: Complex): Complex {
  return mul(waitTransform(w, s), lawTransform(service, s));
}
