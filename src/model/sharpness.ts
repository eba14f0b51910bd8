/**
 * How sharp a path's law is, for the choice of a numerical inversion (path-latency.ts): the
 * clusters of its transform's poles and its shape. Pure.
 */
import { pathMoments, type PathModel, type PathNode } from './path-tree.js';
import type { ErlangBranch } from './service-law.js';

/** A cluster of the transform's poles: rates within a factor of two of `rateS` (per second) of total order `order`. */
export interface PoleCluster {
  rate: number;
  order: number;
}

/**
 * The path transform's pole clusters: Σ phases × most visits over the service phases (and a
 * Pollaczek–Khinchine wait's service phases) and exponential waits whose rates fall in two
 * neighbouring octaves (so any two rates within a factor of two meet in one cluster; a cluster of
 * poles acts on the contour as one pole of their total order). Keyed by the lower octave 2^o.
 */
export function poleClusters(model: PathModel): readonly PoleCluster[] {
  let known = clustersOf.get(model);
  if (known === undefined) clustersOf.set(model, (known = findClusters(model)));
  return known;
}

/**
 * poleClusters' answer per model (a model is read-only): a sharp path's percentile search asks
 * for it twice, for its sharpness and for the series' fallback (path-latency.ts), 5,000 × 20
 * ~55 ms of the walk each time.
 */
const clustersOf = new WeakMap<PathModel, readonly PoleCluster[]>();

/**
 * A visit's rates and the highest order of each, in the order the rates first come (a Map's
 * order): a law has a few branches, so two arrays searched one by one, kept from one visit to the
 * next, instead of a Map a visit (5,000 × 20: ~18 MB of Maps).
 */
interface RateOrders {
  rates: number[];
  phases: number[];
  size: number;
}

const visitRates: RateOrders = { rates: [], phases: [], size: 0 };

/** Raises each rate's entry in `byRate` to the highest order of the branches of that rate (rates compared as a Map's keys are: SameValueZero). */
function highestPhases(byRate: RateOrders, branches: readonly ErlangBranch[]): void {
  for (let i = 0; i < branches.length; i++) {
    const b = branches[i]!;
    let at = 0;
    while (at < byRate.size && !(byRate.rates[at] === b.rate || (byRate.rates[at] !== byRate.rates[at] && b.rate !== b.rate))) at++;
    if (at === byRate.size) {
      byRate.rates[at] = b.rate;
      byRate.phases[at] = Math.max(0, b.phases);
      byRate.size++;
    } else byRate.phases[at] = Math.max(byRate.phases[at]!, b.phases);
  }
}

function findClusters(model: PathModel): PoleCluster[] {
  const orders = new Map<number, number>();
  const addPole = (rate: number, order: number): void => {
    if (!(rate > 0) || !Number.isFinite(rate)) return;
    const octave = Math.floor(Math.log2(rate));
    orders.set(octave, (orders.get(octave) ?? 0) + order);
  };
  const walk = (node: PathNode): void => {
    // A parallel node as its members' sum (an upper bound on their max: path-parallel.ts gives the max).
    if (node.kind === 'parallel') return walk({ kind: 'sequence', items: node.members });
    if (node.kind === 'visit') {
      let most = 0;
      for (let i = 0; i < node.counts.length; i++) if (node.counts[i]!.probability > 0) most = Math.max(most, node.counts[i]!.count);
      if (most === 0) return;
      const law = model.stages[node.stage]!;
      // A law's branches of one rate share its pole: count each rate's highest order once.
      const byRate = visitRates;
      byRate.size = 0;
      highestPhases(byRate, law.service.branches);
      if (law.wait.kind !== 'exponential') highestPhases(byRate, law.wait.service.branches);
      for (let i = 0; i < byRate.size; i++) addPole(byRate.rates[i]!, byRate.phases[i]! * most);
      if (law.wait.kind === 'exponential' && law.wait.waitProbability > 0) addPole(law.wait.conditionalRate / (law.waitScale ?? 1), most);
      return;
    }
    if (node.kind === 'sequence') node.items.forEach(walk);
    else for (let i = 0; i < node.branches.length; i++) if (node.branches[i]!.probability > 0) walk(node.branches[i]!.node);
  };
  walk(model.root);
  return [...orders].map(([octave, o]) => ({ rate: 2 ** octave, order: o + (orders.get(octave + 1) ?? 0) }));
}

/**
 * How sharp the path's law is, for the Talbot contour (path-latency.ts, talbot.ts): the larger
 * of its shape m²/σ² (of the time beyond the least shift; an Erlang-k has k) and the highest
 * order of a pole cluster (poleClusters). The contour's 18 points resolve a pole of order 16 to
 * ~1e-13, of order 64 only to ~2e-2. `moments`: the path's, where the caller has them.
 */
export function pathSharpness(model: PathModel, moments: { meanS: number; varianceS2: number; minShiftS: number } = pathMoments(model)): number {
  const { meanS, varianceS2, minShiftS } = moments;
  const m = meanS - minShiftS;
  const shape = varianceS2 > 0 ? (m * m) / varianceS2 : m > 0 ? Infinity : 0;
  let order = 0;
  for (const c of poleClusters(model)) order = Math.max(order, c.order);
  return Math.max(shape, order);
}
