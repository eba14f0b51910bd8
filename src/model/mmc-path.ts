/**
 * Paths of M/M/c stages, each visited a real number of times: the textbook case of the exact path
 * percentile (path-latency.ts), for callers that have only servers, rates and visits (the bench's
 * kernels, tests against published values). Pure functions; seconds and per-second rates.
 */
import { erlangC } from './queueing.js';
import { pathLatency, visitCounts } from './path-latency.js';
import { pathMoments, visitedStages, type PathModel, type PathNode, type PathStageLaw } from './path-tree.js';
import { exponentialLaw } from './service-law.js';

/** One component on the request path as an M/M/c queue visited `visits` times per request (independent visits). */
export interface PathStage {
  servers: number;
  arrivalRate: number;
  /** μ, the service rate of one server. */
  serviceRate: number;
  /** Mean visits per request, a real ≥ 0: n + f means n visits, plus one more with probability f. */
  visits: number;
  /** A constant added to every visit (e.g. a network round trip). */
  constantDelayS?: number;
}

/** p-quantile of the sum over M/M/c stages of visit-count many independent response times (exact; Infinity if a visited stage is unstable; an upper bound beyond MAX_SHIFT_GROUPS delay combinations); `guessS` only narrows the search. */
export function pathResponseTimePercentile(stages: readonly PathStage[], p: number, guessS?: number): number {
  return pathLatency(mmcPath(stages), p, guessS).percentileS;
}

/** Mean end-to-end response time (Σ visits × (mean response + constant delay)). */
export function pathMeanResponseTime(stages: readonly PathStage[]): number {
  const model = mmcPath(stages);
  if ([...visitedStages(model)].some((i) => model.stages[i]!.unstable)) return Infinity;
  return pathMoments(model).meanS;
}

function mmcPath(stages: readonly PathStage[]): PathModel {
  stages.forEach(checkStage);
  const laws: PathStageLaw[] = stages.map((st) => {
    const theta = st.servers * st.serviceRate - st.arrivalRate;
    const stable = theta > 0;
    return {
      wait: { kind: 'exponential', waitProbability: stable ? erlangC(st.servers, st.arrivalRate / st.serviceRate) : 1, conditionalRate: stable ? theta : 1 },
      service: exponentialLaw(1 / st.serviceRate),
      constantDelayS: st.constantDelayS ?? 0,
      ...(stable ? {} : { unstable: true }),
    };
  });
  const items: PathNode[] = stages.map((st, i) => ({ kind: 'visit', stage: i, counts: visitCounts(st.visits) }));
  return { stages: laws, root: { kind: 'sequence', items } };
}

function checkStage(stage: PathStage, index: number): void {
  const where = `stages[${index}]`;
  if (!Number.isInteger(stage.servers) || stage.servers < 1) {
    throw new RangeError(`${where}.servers must be an integer >= 1, got ${stage.servers}`);
  }
  if (!(stage.arrivalRate >= 0) || !Number.isFinite(stage.arrivalRate)) {
    throw new RangeError(`${where}.arrivalRate must be a finite number >= 0, got ${stage.arrivalRate}`);
  }
  if (!(stage.serviceRate > 0) || !Number.isFinite(stage.serviceRate)) {
    throw new RangeError(`${where}.serviceRate must be a finite number > 0, got ${stage.serviceRate}`);
  }
  if (!(stage.visits >= 0) || !Number.isFinite(stage.visits)) {
    throw new RangeError(`${where}.visits must be a finite number >= 0, got ${stage.visits}`);
  }
  const delayS = stage.constantDelayS ?? 0;
  if (!(delayS >= 0) || !Number.isFinite(delayS)) {
    throw new RangeError(`${where}.constantDelayS must be a finite number >= 0, got ${stage.constantDelayS}`);
  }
}
