/** Small hand-built simulation models for the closed-form tests. */
import type { ServiceDist } from '../../src/simulate/distributions.js';
import type { Balancing, SimModel, SimStation, Step } from '../../src/simulate/model.js';
import { DEFAULTS, type SimSettings } from '../../src/simulate/runner.js';

/** A station with no analytic figures (the tests compute their own). */
export function station(name: string, replicas: number, servers: number, extra: Partial<SimStation> = {}): SimStation {
  return {
    name, component: name, kind: 'service', role: 'replica', replicas, servers, sharedQueue: false, balancing: 'random',
    classes: ['all'], zonal: true, fallback: null, arrivalRate: 0, analytic: [], inexact: null, service: '', ...extra,
  };
}

/** A visit step with defaults (one visit, no delay, no limit, no retry). */
export function visit(stationIndex: number, dist: number, extra: Partial<Extract<Step, { op: 'visit' }>> = {}): Step {
  return { op: 'visit', station: stationIndex, dist, whole: 1, frac: 0, delayS: 0, limiter: null, classShares: [], hold: false, attempts: 1, failProbability: 0, timeoutS: 0, ...extra };
}

/** A model from stations, laws and a program. */
export function model(peakRps: number, stations: SimStation[], dists: ServiceDist[], steps: Step[], extra: Partial<SimModel> = {}): SimModel {
  return {
    profile: 'test', phase: 'test', peakRps, zones: 1, percentile: 0.95, latencyTargetS: null, stations,
    components: stations.map((s, i) => ({ name: s.name, kind: s.kind, stations: [i], onPath: true, async: false, skipped: null })),
    dists, limiters: [], steps, path: stations.map((s) => s.name), analyticPath: { meanS: null, p95S: null, inexact: null },
    maxRps: Infinity, breakingRps: Infinity, notes: [], ...extra,
  };
}

/** One station of c servers (n replicas) with Poisson arrivals at λ and one service law. */
export function single(lambda: number, dist: ServiceDist, servers = 1, replicas = 1, balancing: Balancing = 'random'): SimModel {
  return model(lambda, [station('q', replicas, servers, { balancing })], [dist], [visit(0, 0), { op: 'end' }]);
}

/** Steady-state settings: `requests` arrivals over `replications` replications. */
export function steady(requests: number, replications = 10, seed = 1): SimSettings {
  return {
    seed, replications, mode: 'steady', requests, warmupFraction: DEFAULTS.warmupFraction, durationS: 0, windows: 1,
    arrivals: { kind: 'poisson' }, ramp: null, faults: [], maxInSystem: DEFAULTS.maxInSystem,
  };
}
