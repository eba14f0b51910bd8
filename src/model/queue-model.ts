/**
 * One FCFS queue with c servers and a phase-type service law, fed by Poisson or Erlang-n
 * (round-robin) arrivals: which model applies, its waiting-time law, its means. Exact where a
 * closed form exists (M/M/c, M/G/1, E_n/M/c); a stated approximation otherwise (M/G/c,
 * E_n/G/c). Seconds and per-second rates; pure functions.
 */
import { streamLogTransform, streamScv, streamTransform, type RenewalStream } from './arrival-law.js';
import { erlangArrivalsMmc, renewalArrivalsMmc } from './gi-m-c.js';
import { erlangC } from './queueing.js';
import { isExponential, lawMean, lawName, lawScv, scaleLaw, type ServiceLaw } from './service-law.js';
import { waitMean, waitProbabilityOf, type WaitLaw } from './wait-law.js';

/**
 * How requests arrive at one queue: a Poisson stream, every n-th arrival of one (round-robin
 * over n), or a burstier or smoother renewal stream (workload.arrivalCv ≠ 1) as a balancer splits it.
 */
export type Arrivals = { kind: 'poisson' } | { kind: 'erlang'; phases: number } | ({ kind: 'renewal' } & RenewalStream);

/** One queue: c servers sharing a FCFS line. */
export interface QueueInput {
  servers: number;
  /** Arrivals per second at this queue. */
  arrivalRate: number;
  service: ServiceLaw;
  arrivals?: Arrivals;
}

/** The solved queue. */
export interface QueueSolution {
  stable: boolean;
  /** ρ = λE[S]/c. */
  utilization: number;
  /** The waiting-time law; null when unstable. */
  wait: WaitLaw | null;
  /** P(W > 0); 1 when unstable. */
  waitProbability: number;
  /** Infinity when unstable. */
  meanWaitS: number;
  meanResponseS: number;
  /** The model in Kendall's notation with how it is solved: "M/M/4 exact (Erlang C)". */
  method: string;
  /** Whether the waiting-time law is exact for the stated inputs (false: an approximation). */
  exact: boolean;
}

/** M/M/c's Kendall notation and Erlang C method text by c, built once (solveQueue runs thousands of times a plan, mostly in replica searches that drop the text). */
const mmTextsByServers = new Map<number, { kendall: string; erlangC: string }>();

function mmTexts(c: number): { kendall: string; erlangC: string } {
  let t = mmTextsByServers.get(c);
  if (t === undefined) {
    const kendall = `M/M/${c}`;
    t = { kendall, erlangC: `${kendall} exact (Erlang C)` };
    mmTextsByServers.set(c, t);
  }
  return t;
}

/** Solves one queue; see the module comment for which model applies. */
export function solveQueue(q: QueueInput): QueueSolution {
  const { servers: c, arrivalRate: lambda, service } = q;
  if (!Number.isInteger(c) || c < 1) throw new RangeError(`servers must be an integer >= 1, got ${c}`);
  if (!(lambda >= 0)) throw new RangeError(`arrivalRate must be >= 0, got ${lambda}`);
  const meanS = lawMean(service);
  const mu = 1 / meanS;
  const rho = (lambda * meanS) / c;
  const phases = q.arrivals?.kind === 'erlang' ? q.arrivals.phases : 1;
  const renewal = q.arrivals?.kind === 'renewal' ? q.arrivals : null;
  const a = renewal !== null ? 'GI' : phases === 1 ? 'M' : `E${phases}`;
  const name = isExponential(service) ? 'M' : lawName(service);
  const s = name === 'M' ? 'M' : name.startsWith('H') ? name : 'G';
  // c_s² is read only where the service is not exponential (s ≠ 'M'): two moments of the law a queue fewer for the rest.
  const scv = s === 'M' ? 1 : lawScv(service);
  const kendall = a === 'M' && s === 'M' ? mmTexts(c).kendall : `${a}/${s}/${c}`;
  if (!(rho < 1) || !Number.isFinite(lambda)) {
    return { stable: false, utilization: rho, wait: null, waitProbability: 1, meanWaitS: Infinity, meanResponseS: Infinity, method: `${kendall} unstable`, exact: true };
  }
  let wait: WaitLaw;
  let method: string;
  let exact: boolean;
  if (lambda === 0) {
    wait = { kind: 'exponential', waitProbability: 0, conditionalRate: c * mu };
    method = `${kendall} idle`;
    exact = true;
  } else if (renewal !== null) {
    const g = renewalArrivalsMmc(streamTransform(renewal, lambda), lambda, c, mu, streamLogTransform(renewal, lambda));
    if (g === null) throw new Error('internal: stable queue reported unstable by GI/M/c');
    const ca2 = streamScv(renewal);
    const law = `c_a² ${formatScv(ca2)}`;
    if (s === 'M') {
      /* A renewal stream that is not Poisson, exponential service: GI/M/c exact by Takács (gi-m-c.ts) with the stream's interarrival transform (arrival-law.ts). */
      wait = { kind: 'exponential', waitProbability: g.waitProbability, conditionalRate: g.conditionalRate };
      method = `${kendall} exact (GI/M/c, ${law})`;
      exact = true;
    } else if (c === 1) {
      wait = renewalPkWait(lambda, service, scv, ca2, g.sigma);
      method = `${kendall} M/G/1 × (c_a² + c_s²)/(1 + c_s²), GI/M/1-corrected, ${law} (approximation)`;
      exact = false;
    } else {
      /*
       * c > 1, any other law: the M/G/c model of Poisson arrivals (Allen–Cunneen below: Erlang C,
       * mean wait C/(cμ − λ)·(1 + c_s²)/2) scaled to c_a² by (c_a² + c_s²)/(1 + c_s²) and
       * corrected towards the exact GI/M/c as renewalPkWait corrects one server:
       *   E[W] = C/(cμ − λ) · (c_a² + c_s²)/2 · R^w,  R = E[W_GI/M/c] / (C/(cμ − λ) · (c_a² + 1)/2),
       *   P(wait) = C + w·(P_GI/M/c − C), the exponential shape.
       * At c_a² = 1 it is the M/G/c model, at c_s² = 1 the exact GI/M/c.
       */
      const erlang = erlangC(c, lambda / mu);
      const mmcMean = erlang / (c * mu - lambda);
      const w = klbWeight(ca2, scv);
      const r = g.waitProbability / g.conditionalRate / (mmcMean * ((ca2 + 1) / 2));
      const meanWait = mmcMean * ((ca2 + scv) / 2) * r ** w;
      const waitProbability = erlang + w * (g.waitProbability - erlang);
      wait = { kind: 'exponential', waitProbability, conditionalRate: meanWait > 0 ? waitProbability / meanWait : g.conditionalRate };
      method = `${kendall} M/G/c × (c_a² + c_s²)/(1 + c_s²), GI/M/c-corrected, ${law} (approximation)`;
      exact = false;
    }
  } else if (phases === 1 && s === 'M') {
    /* M/M/c (Gross & Harris §2.3): W = 0 w.p. 1 − C(c, λ/μ), else Exp(cμ − λ). */
    wait = { kind: 'exponential', waitProbability: erlangC(c, lambda / mu), conditionalRate: c * mu - lambda };
    method = mmTexts(c).erlangC;
    exact = true;
  } else if (phases === 1 && c === 1) {
    wait = { kind: 'pollaczek-khinchine', arrivalRate: lambda, service };
    method = `${kendall} exact (Pollaczek–Khinchine)`;
    exact = true;
  } else if (phases === 1) {
    /*
     * Allen–Cunneen for GI/G/c (Allen, Probability, Statistics and Queueing Theory, 1990, §6;
     * Tanner, Practical Queueing Analysis, 1995), with Poisson arrivals (c_a² = 1):
     *   W_q ≈ W_q(M/M/c) · (c_a² + c_s²)/2 = C(c, λ/μ)/(cμ − λ) · (1 + c_s²)/2.
     * The wait keeps the M/M/c shape: W = 0 w.p. 1 − C, else exponential with mean W_q/C.
     */
    const waitProbability = erlangC(c, lambda / mu);
    const meanWait = (waitProbability / (c * mu - lambda)) * ((1 + scv) / 2);
    wait = { kind: 'exponential', waitProbability, conditionalRate: waitProbability / meanWait };
    method = `${kendall} Allen–Cunneen (approximation)`;
    exact = false;
  } else {
    /*
     * Round-robin: E_n/M/c is exact (GI/M/c, gi-m-c.ts). With non-exponential service the
     * same two-moment interpolation as Allen–Cunneen, anchored on the exact E_n/M/c instead of
     * M/M/c:  W_q ≈ W_q(E_n/M/c) · (c_a² + c_s²)/(c_a² + 1),  c_a² = 1/n.
     */
    const g = erlangArrivalsMmc(phases, lambda * phases, c, mu);
    if (g === null) throw new Error('internal: stable queue reported unstable by GI/M/c');
    const ca2 = 1 / phases;
    const scale = s === 'M' ? 1 : (ca2 + scv) / (ca2 + 1);
    const meanWait = g.waitProbability === 0 ? 0 : (g.waitProbability / g.conditionalRate) * scale;
    wait = { kind: 'exponential', waitProbability: g.waitProbability, conditionalRate: meanWait > 0 ? g.waitProbability / meanWait : g.conditionalRate };
    method = s === 'M' ? `${kendall} exact (GI/M/c)` : `${kendall} GI/M/c × (c_a² + c_s²)/(c_a² + 1) (approximation)`;
    exact = s === 'M';
  }
  const meanWaitS = waitMean(wait);
  return {
    stable: true,
    utilization: rho,
    wait,
    waitProbability: waitProbabilityOf(wait),
    meanWaitS,
    meanResponseS: meanWaitS + meanS,
    method,
    exact,
  };
}

/**
 * The wait of one server fed by a renewal stream of c_a² ≠ 1 with a service law that is not
 * exponential (GI/G/1): the Pollaczek–Khinchine wait of the same law (Kleinrock vol. 1, §5.7),
 * scaled in mean by the two-moment factor of Kingman and Allen–Cunneen and corrected towards the
 * exact GI/M/1 (Takács: P(wait) = σ, E[W] = σ/(μ(1 − σ))) as Krämer and Langenbach-Belz correct
 * Kingman (Krämer & Langenbach-Belz, "Approximate formulae for the delay in the queueing system
 * GI/G/1", 8th ITC, 1976; Whitt, "Approximations for the GI/G/m queue", 1993, §4):
 *   E[W] = E[W_PK] · (c_a² + c_s²)/(1 + c_s²) · R^w,   R = E[W_GI/M/1] / (ρ/(μ(1 − ρ)) · (c_a² + 1)/2),
 *   w = min(1, (c_a² + 4)/(c_a² + 4c_s²)) for c_a² ≥ 1, min(1, (c_a² + 1)/(c_a² + c_s²)) below
 * (R, exact, stands for KLB's correction g at c_s² = 1; w is KLB's dependence on c_s²). The law is
 * an M/G/1 wait of the same service shape at the utilisation u = ρ + w(σ − ρ) (P(wait) = u: the
 * GI/M/1's geometric number found waiting, each with the M/G/1's residual work), time-scaled by
 * k to that mean: the M/G/1 of arrival rate u/(kE[S]) and service kS, whose wait is k × the wait
 * at u. At c_a² = 1 (σ = ρ, R = 1) it is the exact M/G/1; at c_s² = 1 (w = 1) the exact GI/M/1.
 */
function renewalPkWait(lambda: number, service: ServiceLaw, cs2: number, ca2: number, sigma: number): WaitLaw {
  const meanS = lawMean(service);
  const rho = lambda * meanS;
  const pkMean = (rho * meanS * (1 + cs2)) / (2 * (1 - rho));
  const kingman = ((rho * meanS) / (1 - rho)) * ((ca2 + 1) / 2);
  const r = (sigma / (1 - sigma)) * meanS / kingman;
  const w = klbWeight(ca2, cs2);
  const meanWait = pkMean * ((ca2 + cs2) / (1 + cs2)) * r ** w;
  const u = rho + w * (sigma - rho);
  const k = (meanWait * 2 * (1 - u)) / (u * meanS * (1 + cs2));
  if (!(u > 0 && u < 1) || !(k > 0) || !Number.isFinite(k)) return { kind: 'pollaczek-khinchine', arrivalRate: lambda, service };
  return { kind: 'pollaczek-khinchine', arrivalRate: u / (k * meanS), service: k === 1 ? service : scaleLaw(service, k) };
}

/** The weight w of the exact exponential-service correction at service c² `cs2` (Krämer–Langenbach-Belz's dependence on c_s²), at most 1. */
function klbWeight(ca2: number, cs2: number): number {
  return Math.min(1, ca2 >= 1 ? (ca2 + 4) / (ca2 + 4 * cs2) : (ca2 + 1) / (ca2 + cs2));
}

/** c² as --explain prints it: three significant digits. */
function formatScv(x: number): string {
  return String(Number(x.toPrecision(3)));
}
