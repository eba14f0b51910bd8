/**
 * The types of a request path (path-tree.ts evaluates it; path-program.ts compiles its long
 * sequences): apart, so that both read them without importing each other.
 */
import type { VisitLaw } from './repeat-visits.js';

/** A visited stage of the path. */
export interface PathStageLaw extends VisitLaw {
  /** A constant added to every visit (a provider's own latency, a network round trip). */
  constantDelayS: number;
  /** The queue is overloaded: any visit makes the path's time unbounded. */
  unstable?: boolean;
  /** Waits seen on this path are the queue's waits × this factor (≤ 1; a caller's finite threads, see plan/layers.ts). */
  waitScale?: number;
}

/** A node of the path tree. */
export type PathNode =
  /** Visits to `stage`: the count is `count` with probability `probability`. */
  | { kind: 'visit'; stage: number; counts: readonly { count: number; probability: number }[] }
  | { kind: 'sequence'; items: readonly PathNode[] }
  /** One branch with its probability; with the rest of the probability, nothing. */
  | { kind: 'choice'; branches: readonly { probability: number; node: PathNode }[] }
  /** Members started together, independent; the node ends when the last has ended (its time is the max of theirs: path-parallel.ts). */
  | { kind: 'parallel'; members: readonly PathNode[] };

/** A path: the stage laws and the tree over them. */
export interface PathModel {
  stages: readonly PathStageLaw[];
  root: PathNode;
}
