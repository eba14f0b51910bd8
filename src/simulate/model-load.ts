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
      out.push([rate * (step.whole + step.frac), step]);
      pass(pc + 1, rate);
    } else if (step.op === 'spawn') {
      pass(step.target, rate * (step.whole + step.frac));
      pass(pc + 1, rate);
    } else if (step.op === 'branch') {
      step.targets.forEach((t, k) => pass(t, rate * step.probabilities[k]!));
    } else if (step.op === 'jump') {
      pass(step.target, rate);
    } else if (step.op === 'release') {
      pass(pc + 1, rate);
    }
  }
  return out;
}
