/**
 * One FCFS queue with c servers and a phase-type service law, fed by Poisson or Erlang-n
 * (round-robin) arrivals: which model applies, its waiting-time law, its means. Exact where a
 * closed form exists (M/M/c, M/G/1, E_n/M/c); a stated approximation otherwise (M/G/c,
 * E_n/G/c). Seconds and per-second rates; pure functions.
 */
import { streamLogTransform, streamScv, streamTransform, type RenewalStream } from './arrival-law.js';
import { erlangArrivalsMmc, renewalArrivalsMmc } from './gi-m-c.js';
import { erlangC } from './queueing.js';
import { isExponential, lawMean, lawName, lawScv, type ServiceLaw } from './service-law.js';
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
    /*
     * A renewal stream that is not Poisson (workload.arrivalCv): GI/M/c exact by Takács
     * (gi-m-c.ts) with the stream's interarrival transform (arrival-law.ts); with non-exponential
     * service the same two-moment scaling as round-robin below (after Allen–Cunneen and Kingman),
     * anchored on the exact GI/M/c:  W_q ≈ W_q(GI/M/c) · (c_a² + c_s²)/(c_a² + 1).
     */
    const g = renewalArrivalsMmc(streamTransform(renewal, lambda), lambda, c, mu, streamLogTransform(renewal, lambda));
    if (g === null) throw new Error('internal: stable queue reported unstable by GI/M/c');
    const ca2 = streamScv(renewal);
    const scale = s === 'M' ? 1 : (ca2 + scv) / (ca2 + 1);
    const meanWait = g.waitProbability === 0 ? 0 : (g.waitProbability / g.conditionalRate) * scale;
    wait = { kind: 'exponential', waitProbability: g.waitProbability, conditionalRate: meanWait > 0 ? g.waitProbability / meanWait : g.conditionalRate };
    const law = `c_a² ${formatScv(ca2)}`;
    method = s === 'M' ? `${kendall} exact (GI/M/c, ${law})` : `${kendall} GI/M/c × (c_a² + c_s²)/(c_a² + 1), ${law} (approximation)`;
    exact = s === 'M';
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

/** c² as --explain prints it: three significant digits. */
function formatScv(x: number): string {
  return String(Number(x.toPrecision(3)));
}
