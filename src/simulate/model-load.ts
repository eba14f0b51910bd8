/** Load a SimModel offers its stations: visits per second per step and each station's ρ. Pure. */
import type { SimModel, VisitStep } from './model.js';

/** Index of station i's first class in the per-class statistics. */
export function statBase(model: SimModel, i: number): number {
  let n = 0;
  for (let s = 0; s < i; s++) n += model.stations[s]!.classes.length;
  return n;
}

/** ρ = Σ_visits λ·E[S] / (replicas · servers) of station i, from the program's visit rates and laws. */
export function offeredLoad(model: SimModel, i: number): number {
  const st = model.stations[i]!;
  let work = 0;
  for (const [rate, step] of visitRates(model)) {
    if (step.station === i) work += rate * model.dists[step.dist]!.meanS;
  }
  return work / (st.replicas * st.servers);
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
  const held = model.steps.some((s) => s.op === 'visit' && s.hold && s.station === i);
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
  let rate = 0;
  let work = 0;
  for (const [r, step] of visitRates(model)) {
    if (step.station !== i) continue;
    rate += r;
    work += r * model.dists[step.dist]!.meanS;
  }
  return rate > 0 ? work / rate : 0;
}

/** The longest mean service time of any station: the time scale a run must cover. */
export function slowestServiceS(model: SimModel): number {
  return Math.max(0, ...model.stations.map((_, i) => stationServiceS(model, i)));
}
