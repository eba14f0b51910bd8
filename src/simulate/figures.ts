/**
 * The compared figures of a simulation report, one list for everything that reads them: the
 * table's rows and marks (render-rows.ts) and `--strict`'s exit code (the command). A figure
 * shown ✗ is exactly one `strictFailures` names, so the two cannot disagree.
 */
import type { PathReport, SimReport, StationReport } from './report.js';
import type { Compared } from './stats.js';

/** How a figure is written: a share, a time, or a plain number. */
export type FigureUnit = 'percent' | 'time' | 'number';

/** One compared figure, as a row of the table shows it. */
export interface Figure {
  metric: string;
  unit: FigureUnit;
  value: Compared;
  /** A mean, a percentile or a queue length: an unstable station has none (its row says so instead). */
  steadyOnly: boolean;
}

/** One block of the table: a station's figures, or the end-to-end path's (station null). */
export interface FigureGroup {
  station: StationReport | null;
  figures: Figure[];
  /** The plan's model is exact here: a figure outside its interval is ✗ (else ≈). */
  exact: boolean;
  /** Compared at all: the run was long enough for it (else every figure is shown with ?, unflagged). */
  settled: boolean;
}

/** ✗ outside the interval where the plan's model is exact; ≈ outside where it is not; null inside or not compared. */
export type Mark = 'flagged' | 'inexact' | null;

/** The mark of one figure. */
export function markOf(value: Compared, exact: boolean): Mark {
  return value.flagged ? (exact ? 'flagged' : 'inexact') : null;
}

/** A station's figures: utilisation, per class mean, p95 and P(wait), the queue, and the calls its rate limit refused where the plan gives a share. */
export function stationFigures(s: StationReport): Figure[] {
  const many = s.classes.length > 1;
  return [
    { metric: 'util', unit: 'percent', value: s.utilization, steadyOnly: false },
    ...s.classes.flatMap((k): Figure[] => {
      const prefix = many ? `${k.name} ` : '';
      return [
        { metric: `${prefix}mean`, unit: 'time', value: k.meanResponseS, steadyOnly: true },
        { metric: `${prefix}p95`, unit: 'time', value: k.p95S, steadyOnly: true },
        { metric: `${prefix}P(wait)`, unit: 'number', value: k.waitProbability, steadyOnly: false },
      ];
    }),
    { metric: 'queue', unit: 'number', value: s.queueLength, steadyOnly: true },
    ...(s.refused === null ? [] : [{ metric: 'refused', unit: 'percent' as const, value: s.refused, steadyOnly: false }]),
  ];
}

/** The end-to-end figures: mean and p95 of the synchronous path. */
export function pathFigures(p: PathReport): Figure[] {
  return [
    { metric: 'mean', unit: 'time', value: p.meanS, steadyOnly: true },
    { metric: 'p95', unit: 'time', value: p.p95S, steadyOnly: true },
  ];
}

/** A station's block. */
export function stationGroup(s: StationReport): FigureGroup {
  return { station: s, figures: stationFigures(s), exact: s.inexact === null, settled: s.settled };
}

/** The end-to-end block. */
export function pathGroup(p: PathReport): FigureGroup {
  return { station: null, figures: pathFigures(p), exact: p.inexact === null, settled: p.settled };
}

/** Every block of a report's table: the stations, then the path (none without a synchronous path: every component async). */
export function figureGroups(r: SimReport): FigureGroup[] {
  return [...r.stations.map(stationGroup), ...(r.endToEnd.path.length ? [pathGroup(r.endToEnd)] : [])];
}

/**
 * What `--strict` fails on, in words: each unstable station, and each figure the table marks ✗
 * ("api ×2 p95", "end to end mean"). Empty: the run agrees with the plan where it was compared.
 */
export function strictFailures(r: SimReport): string[] {
  const unstable = r.stations.filter((s) => !s.stable).map((s) => `${s.name} is unstable (ρ ≥ 1)`);
  const flagged = figureGroups(r).flatMap((g) => g.figures.filter((f) => markOf(f.value, g.exact) === 'flagged').map((f) => `${g.station?.name ?? 'end to end'} ${f.metric}`));
  return [...unstable, ...flagged];
}
