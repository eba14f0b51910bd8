/**
 * A seeded simulation of two layers: a front pool of c threads (one replica) whose thread is
 * held while its request makes k consecutive calls to a back-end FCFS queue of one server.
 * The reference for the layered (Method of Layers) hold: what the front's queue waits.
 */
import type { ServiceLaw } from '../../src/model/service-law.js';
import { lawSampler, seededUniform } from './queue-sim.js';

/** What to simulate. */
export interface LayeredConfig {
  arrivalRate: number;
  /** Threads of the front. */
  threads: number;
  /** The front's own work per request (it runs first, on the thread). */
  front: ServiceLaw;
  /** Calls each request makes to the back end, one after the other, holding its thread. */
  calls: number;
  back: ServiceLaw;
  /** Other load on the back end (Poisson, per second), from callers that hold nothing. */
  backgroundRate: number;
  requests: number;
  warmup: number;
  seed: number;
}

/** Per request, after the warm-up: the wait for a thread and the time from arrival to done. */
export interface LayeredResult {
  threadWaits: Float64Array;
  totals: Float64Array;
}

interface Job {
  index: number;
  arrived: number;
  callsLeft: number;
  /** -1 for background jobs on the back end. */
  front: boolean;
}

/** Runs the simulation. */
export function simulateLayered(config: LayeredConfig): LayeredResult {
  const u = seededUniform(config.seed);
  const frontTime = lawSampler(config.front, u);
  const backTime = lawSampler(config.back, u);
  const exp = (rate: number) => -Math.log(u()) / rate;
  const total = config.warmup + config.requests;
  const threadWaits = new Float64Array(config.requests);
  const totals = new Float64Array(config.requests);
  const threadQueue: Job[] = [];
  const backQueue: Job[] = [];
  let freeThreads = config.threads;
  let backBusy = false;
  let arrived = 0;
  let done = 0;
  // Events: [time, kind, job]; kinds: 0 arrival, 1 front work done, 2 back done, 3 background arrival.
  const events: [number, number, Job | null][] = [];
  const push = (e: [number, number, Job | null]) => {
    let lo = 0;
    let hi = events.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (events[mid]![0] <= e[0]) lo = mid + 1;
      else hi = mid;
    }
    events.splice(lo, 0, e);
  };
  const record = (job: Job, key: 'wait' | 'total', value: number) => {
    const i = job.index - config.warmup;
    if (i >= 0 && i < config.requests) (key === 'wait' ? threadWaits : totals)[i] = value;
  };
  const startThread = (job: Job, now: number) => {
    freeThreads -= 1;
    record(job, 'wait', now - job.arrived);
    push([now + frontTime(), 1, job]);
  };
  const callBack = (job: Job, now: number) => {
    if (!backBusy) {
      backBusy = true;
      push([now + backTime(), 2, job]);
    } else backQueue.push(job);
  };
  push([exp(config.arrivalRate), 0, null]);
  if (config.backgroundRate > 0) push([exp(config.backgroundRate), 3, null]);
  while (done < total) {
    const [now, kind, job] = events.shift()!;
    if (kind === 0) {
      if (arrived < total) {
        const j: Job = { index: arrived++, arrived: now, callsLeft: config.calls, front: true };
        if (freeThreads > 0) startThread(j, now);
        else threadQueue.push(j);
        push([now + exp(config.arrivalRate), 0, null]);
      }
    } else if (kind === 3) {
      callBack({ index: -1, arrived: now, callsLeft: 1, front: false }, now);
      push([now + exp(config.backgroundRate), 3, null]);
    } else if (kind === 1) {
      if (job!.callsLeft > 0) callBack(job!, now);
      else release(job!, now);
    } else {
      const next = backQueue.shift();
      if (next) push([now + backTime(), 2, next]);
      else backBusy = false;
      if (job!.front) {
        job!.callsLeft -= 1;
        if (job!.callsLeft > 0) callBack(job!, now);
        else release(job!, now);
      }
    }
  }
  return { threadWaits, totals };

  function release(job: Job, now: number): void {
    record(job, 'total', now - job.arrived);
    done += 1;
    freeThreads += 1;
    const next = threadQueue.shift();
    if (next) startThread(next, now);
  }
}
