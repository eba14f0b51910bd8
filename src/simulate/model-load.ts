/** Load a SimModel offers its stations: visits per second per step and each station's ρ. Pure. */
import type { SimModel, VisitStep } from './model.js';

/**
 * What the functions below read of a model, gathered in one pass over its program and kept with
 * the model: each station's visits per second and work (Σ λ·E[S], summed in program order, as a
 * scan per station summed it), whether it has held visits, and where its classes start. A scan of
 * the whole program per station made `simulate` of 1,000 components spend minutes before the run.
 * A model is not changed once built.
 */
interface StationLoads {
  rate: Float64Array;
  work: Float64Array;
  held: Uint8Array;
  classBase: Int32Array;
}

const loadsOf = new WeakMap<SimModel, StationLoads>();

function stationLoads(model: SimModel): StationLoads {
  let loads = loadsOf.get(model);
  if (loads !== undefined) return loads;
  const n = model.stations.length;
  loads = { rate: new Float64Array(n), work: new Float64Array(n), held: new Uint8Array(n), classBase: new Int32Array(n) };
  for (const [r, step] of visitRates(model)) {
    const i = step.station;
    if (!(i >= 0 && i < n)) continue;
    loads.rate[i] = loads.rate[i]! + r;
    loads.work[i] = loads.work[i]! + r * model.dists[step.dist]!.meanS;
  }
  for (const step of model.steps) if (step.op === 'visit' && step.hold && step.station >= 0 && step.station < n) loads.held[step.station] = 1;
  for (let i = 1; i < n; i++) loads.classBase[i] = loads.classBase[i - 1]! + model.stations[i - 1]!.classes.length;
  loadsOf.set(model, loads);
  return loads;
}

/** Index of station i's first class in the per-class statistics. */
export function statBase(model: SimModel, i: number): number {
  return i <= 0 ? 0 : stationLoads(model).classBase[i]!;
}

/** ρ = Σ_visits λ·E[S] / (replicas · servers) of station i, from the program's visit rates and laws. */
export function offeredLoad(model: SimModel, i: number): number {
  const st = model.stations[i]!;
  return stationLoads(model).work[i]! / (st.replicas * st.servers);
}

/**
 * ρ of station i counting the time its servers are held through blocking calls: a held server is
 * busy for its own work and the callees' answers (H, docs/model.md), which offeredLoad leaves
 * out. Where the station has held visits, that is the plan's utilisation of it (λ·E[H] over its
 * servers, at the callees' planned response times), else offeredLoad. What decides whether the
 * station is stable: web at 22 % of own work after a zone loss was 62 % busy.
 */
export function busyLoad(model: SimModel, i: number): number {
  const own = offeredLoad(model, i);
  const held = stationLoads(model).held[i] === 1;
  const planned = model.stations[i]!.analytic[0]?.utilization;
  return held && typeof planned === 'number' && Number.isFinite(planned) ? Math.max(own, planned) : own;
}

/** Each visit step with its visits per second at the peak (spawned work included, branches weighted). */
export function visitRates(model: SimModel): [number, VisitStep][] {
  // Requests per second entering each step: the main program at the peak rate, spawned programs at their spawn rate.
  const entry = new Map<number, number>([[0, model.peakRps]]);
  const out: [number, VisitStep][] = [];
  const order = [...model.steps.keys()];
  for (const pc of order) {
    const rate = entry.get(pc) ?? 0;
    const step = model.steps[pc]!;
    const pass = (to: number, r: number) => entry.set(to, (entry.get(to) ?? 0) + r);
    if (step.op === 'visit') {
      // A failed attempt is retried: Σ_{k<attempts} q^k attempts per visit (timeouts are not foreseen here).
      const q = step.failProbability;
      const attempts = q > 0 ? (1 - q ** step.attempts) / (1 - q) : 1;
      out.push([rate * (step.whole + step.frac) * attempts, step]);
      pass(pc + 1, rate);
    } else if (step.op === 'spawn') {
      pass(step.target, rate * (step.whole + step.frac));
      pass(pc + 1, rate);
    } else if (step.op === 'branch') {
      step.targets.forEach((t, k) => pass(t, rate * step.probabilities[k]!));
    } else if (step.op === 'jump') {
      pass(step.target, rate);
    } else if (step.op === 'fork') {
      // Every member runs: each block at the parent's rate; the parent goes on after them all.
      for (const t of step.targets) pass(t, rate);
      pass(step.after, rate);
    } else if (step.op === 'release') {
      pass(pc + 1, rate);
    }
  }
  return out;
}

/** Mean service time of the visits to station i (weighted by their rates), seconds; 0 when none. */
export function stationServiceS(model: SimModel, i: number): number {
  const loads = stationLoads(model);
  const rate = loads.rate[i]!;
  return rate > 0 ? loads.work[i]! / rate : 0;
}

/** The longest mean service time of any station: the time scale a run must cover. */
export function slowestServiceS(model: SimModel): number {
  let slowest = 0;
  for (let i = 0; i < model.stations.length; i++) slowest = Math.max(slowest, stationServiceS(model, i));
  return slowest;
}
