/**
 * A seeded discrete-event simulation of FCFS multi-server queues, the independent reference for
 * the queueing models where no closed form exists: n replicas of c servers each behind a load
 * balancer (random, round-robin, join-the-shortest-queue as NGINX least_conn, or Envoy's
 * power-of-two-choices least-request), Poisson arrivals, phase-type service, and requests that
 * come back for several consecutive visits (rejoining at the tail when a visit ends, after an
 * optional exponential gap). Deterministic for a seed.
 */
import { studentTQuantile } from '../../src/fit/student-t.js';
import type { ServiceLaw } from '../../src/model/service-law.js';

/** A uniform generator on (0, 1): mulberry32 (Tommy Ettinger), seeded. */
export function seededUniform(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) + 0.5) / 4294967296;
  };
}

/**
 * M/G/1 FCFS response times W_n + S_n by Lindley's recursion W_{n+1} = max(0, W_n + S_n − A_{n+1})
 * (Asmussen, Applied Probability and Queues, 2003, §III.6): Poisson arrivals at `lambda`, service
 * by `law`, `n` customers after `warm` discarded.
 */
export function lindleyResponses(lambda: number, law: ServiceLaw, n: number, seed: number, warm = 20_000): Float64Array {
  const u = seededUniform(seed);
  const s = lawSampler(law, u);
  const out = new Float64Array(n);
  let w = 0;
  for (let i = -warm; i < n; i++) {
    const x = s();
    if (i >= 0) out[i] = w + x;
    w = Math.max(0, w + x + Math.log(u()) / lambda);
  }
  return out;
}

/** Samples a phase-type law: pick a branch, then sum its exponential phases. */
export function lawSampler(law: ServiceLaw, u: () => number): () => number {
  return () => {
    let x = u();
    let branch = law.branches[law.branches.length - 1]!;
    for (const b of law.branches) {
      if (x < b.probability) {
        branch = b;
        break;
      }
      x -= b.probability;
    }
    let sum = 0;
    for (let i = 0; i < branch.phases; i++) sum -= Math.log(u()) / branch.rate;
    return sum;
  };
}

/** A balancing policy of the simulation. */
export type SimBalancing = 'random' | 'round-robin' | 'least-request' | 'p2c';

/** What to simulate. */
export interface SimConfig {
  /** Poisson arrival rate of requests (per second). */
  arrivalRate: number;
  replicas: number;
  /** Servers per replica. */
  servers: number;
  service: ServiceLaw;
  balancing?: SimBalancing;
  /** Visits per request: count with probability (default one visit). */
  visits?: readonly { count: number; probability: number }[];
  /** Mean of an exponential gap between a request's visits (default 0: back-to-back). */
  gapS?: number;
  /** Requests to record after the warm-up. */
  requests: number;
  warmup: number;
  seed: number;
}

/** What one simulation run records, per request in arrival order (after the warm-up). */
export interface SimResult {
  /** Total time spent at the station over all the request's visits (gaps excluded). */
  totals: Float64Array;
  /** The wait of each request's first visit. */
  firstWaits: Float64Array;
}

interface Job {
  index: number;
  visitsLeft: number;
  total: number;
  joinedAt: number;
  firstWait: number;
}

/** Runs the simulation. */
export function simulate(config: SimConfig): SimResult {
  const u = seededUniform(config.seed);
  const service = lawSampler(config.service, u);
  const exp = (rate: number) => -Math.log(u()) / rate;
  const n = config.replicas;
  const c = config.servers;
  const queues: Job[][] = Array.from({ length: n }, () => []);
  const heads = new Array<number>(n).fill(0);
  const busy = new Array<number>(n).fill(0);
  const inSystem = new Array<number>(n).fill(0);
  const events = new EventHeap();
  const total = config.warmup + config.requests;
  const totals = new Float64Array(config.requests);
  const firstWaits = new Float64Array(config.requests);
  const counts = config.visits ?? [{ count: 1, probability: 1 }];
  let rr = 0;
  let arrived = 0;
  let done = 0;

  const pick = (): number => {
    switch (config.balancing ?? 'random') {
      case 'random':
        return Math.floor(u() * n);
      case 'round-robin':
        return rr++ % n;
      case 'least-request': {
        let best = 0;
        for (let i = 1; i < n; i++) if (inSystem[i]! < inSystem[best]!) best = i;
        return best;
      }
      case 'p2c': {
        const a = Math.floor(u() * n);
        let b = Math.floor(u() * (n - 1));
        if (b >= a) b += 1;
        return n === 1 ? 0 : inSystem[b]! < inSystem[a]! ? b : a;
      }
    }
  };
  const start = (r: number, job: Job, now: number): void => {
    busy[r]! += 1;
    if (job.firstWait < 0) job.firstWait = now - job.joinedAt;
    events.push(now + service(), r, job);
  };
  const join = (job: Job, now: number): void => {
    const r = pick();
    inSystem[r]! += 1;
    job.joinedAt = now;
    if (busy[r]! < c) start(r, job, now);
    else queues[r]!.push(job);
  };
  const drawVisits = (): number => {
    let x = u();
    for (const v of counts) {
      if (x < v.probability) return v.count;
      x -= v.probability;
    }
    return counts[counts.length - 1]!.count;
  };

  events.push(exp(config.arrivalRate), -1, null);
  while (done < total) {
    const e = events.pop();
    const now = e.time;
    if (e.replica === -1 && e.job === null) {
      // An external arrival.
      if (arrived < total) {
        const job: Job = { index: arrived++, visitsLeft: drawVisits(), total: 0, joinedAt: now, firstWait: -1 };
        if (job.visitsLeft === 0) finish(job);
        else join(job, now);
        events.push(now + exp(config.arrivalRate), -1, null);
      }
      continue;
    }
    if (e.replica === -2) {
      join(e.job!, now);
      continue;
    }
    // A service completion at replica e.replica.
    const r = e.replica;
    const job = e.job!;
    busy[r]! -= 1;
    inSystem[r]! -= 1;
    const queue = queues[r]!;
    if (heads[r]! < queue.length) {
      const next = queue[heads[r]!]!;
      heads[r]! += 1;
      if (heads[r]! > 4096 && heads[r]! * 2 > queue.length) {
        queue.splice(0, heads[r]!);
        heads[r] = 0;
      }
      start(r, next, now);
    }
    job.total += now - job.joinedAt;
    job.visitsLeft -= 1;
    if (job.visitsLeft === 0) finish(job);
    else if ((config.gapS ?? 0) > 0) events.push(now + exp(1 / config.gapS!), -2, job);
    else join(job, now);
  }
  return { totals, firstWaits };

  function finish(job: Job): void {
    done += 1;
    const i = job.index - config.warmup;
    if (i >= 0 && i < config.requests) {
      totals[i] = job.total;
      firstWaits[i] = Math.max(0, job.firstWait);
    }
  }
}

/** A binary min-heap of events by time (ties: insertion order, so runs are reproducible). */
class EventHeap {
  private times: number[] = [];
  private order: number[] = [];
  private payload: { replica: number; job: Job | null }[] = [];
  private counter = 0;

  push(time: number, replica: number, job: Job | null): void {
    this.times.push(time);
    this.order.push(this.counter++);
    this.payload.push({ replica, job });
    let i = this.times.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): { time: number; replica: number; job: Job | null } {
    const time = this.times[0]!;
    const top = this.payload[0]!;
    const last = this.times.length - 1;
    this.swap(0, last);
    this.times.pop();
    this.order.pop();
    this.payload.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.times.length && this.less(l, m)) m = l;
      if (r < this.times.length && this.less(r, m)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
    return { time, replica: top.replica, job: top.job };
  }

  private less(a: number, b: number): boolean {
    return this.times[a]! < this.times[b]! || (this.times[a] === this.times[b] && this.order[a]! < this.order[b]!);
  }

  private swap(a: number, b: number): void {
    [this.times[a], this.times[b]] = [this.times[b]!, this.times[a]!];
    [this.order[a], this.order[b]] = [this.order[b]!, this.order[a]!];
    [this.payload[a], this.payload[b]] = [this.payload[b]!, this.payload[a]!];
  }
}

/** A confidence interval of a statistic estimated from correlated simulation output. */
export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/**
 * The p-quantile of `values` with a 95 % confidence interval by batch means (Law, Simulation
 * Modeling and Analysis, §9.5.3): the run is cut into `batches` consecutive batches, long
 * enough to be nearly independent, the quantile is estimated in each, and the interval is the
 * batches' mean ± t_{0.975, b−1}·s/√b.
 */
export function quantileInterval(values: Float64Array, p: number, batches = 20): Interval {
  return batchInterval(values, batches, (batch) => {
    const sorted = Float64Array.from(batch).sort();
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
  });
}

/** The mean of `values` with a 95 % batch-means confidence interval. */
export function meanInterval(values: Float64Array, batches = 20): Interval {
  return batchInterval(values, batches, (batch) => batch.reduce((s, x) => s + x, 0) / batch.length);
}

/** The fraction of `values` above `threshold` with a 95 % batch-means confidence interval. */
export function fractionInterval(values: Float64Array, threshold: number, batches = 20): Interval {
  return batchInterval(values, batches, (batch) => batch.reduce((s, x) => s + (x > threshold ? 1 : 0), 0) / batch.length);
}

function batchInterval(values: Float64Array, batches: number, statistic: (batch: Float64Array) => number): Interval {
  const size = Math.floor(values.length / batches);
  const estimates: number[] = [];
  for (let b = 0; b < batches; b++) estimates.push(statistic(values.subarray(b * size, (b + 1) * size)));
  const mean = estimates.reduce((s, x) => s + x, 0) / batches;
  const variance = estimates.reduce((s, x) => s + (x - mean) ** 2, 0) / (batches - 1);
  const half = studentTQuantile(0.975, batches - 1) * Math.sqrt(variance / batches);
  return { estimate: mean, low: mean - half, high: mean + half };
}
