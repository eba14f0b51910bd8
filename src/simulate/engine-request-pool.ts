/**
 * The engine's request pool: requests' state over typed arrays (program counter, visits left,
 * generation, flags, held servers, the fast-path visit they wait on), the rate limiters' buckets,
 * the end-to-end statistics, and which stations take the fast path. Over `engine-stations.ts`;
 * `engine-requests.ts` runs the programs.
 */
import { GEN_MASK } from './engine-base.js';
import { EngineStations } from './engine-stations.js';
import { FINE } from './histogram.js';
import type { SimModel } from './model.js';
import { windowStats, type WindowStats } from './result.js';
import { Rng } from './rng.js';
import type { RunSettings } from './settings.js';
import { compileSteps, OP_VISIT, type CompiledSteps } from './steps.js';
import { grow } from './typed.js';

/** Held servers one request may stack (blocking calls within blocking calls). */
export const MAX_HOLD = 8;
/** Request flags. */
export const MAIN = 1;
export const MEASURED = 2;
export const ALIVE = 4;
/** Waiting on a fast-path visit (for the end-of-run sweep). */
export const FAST_WAIT = 8;
/** A call of the request failed (refused, lost, out of retries): it goes on, and counts as failed, not timed. */
export const FAILED = 16;

/** Requests' state over the stations. */
export abstract class EngineRequestPool extends EngineStations {
  protected readonly st: CompiledSteps;
  protected readonly rngBranch: Rng;
  // Request pool.
  protected reqCap = 0;
  protected reqFree = -1;
  protected reqsInUse = 0;
  protected reqPc = new Int32Array(0);
  protected reqLeft = new Int32Array(0);
  protected reqGen = new Int32Array(0);
  protected reqAttempt = new Int32Array(0);
  protected reqFlags = new Uint8Array(0);
  protected reqArrive = new Float64Array(0);
  protected reqHoldTop = new Int32Array(0);
  protected reqHold = new Int32Array(0);
  protected reqCause = new Int32Array(0);
  // Parallel calls: a forked child's parent (−1: none), and a parent's children not yet joined.
  protected reqParent = new Int32Array(0);
  protected reqPending = new Int32Array(0);
  // The fast-path visit a request waits on: station, enqueued, started, service end.
  protected reqStation = new Int32Array(0);
  protected reqEnq = new Float64Array(0);
  protected reqStart = new Float64Array(0);
  protected reqEnd = new Float64Array(0);
  // Rate limiters: token buckets.
  protected readonly tokens: Float64Array;
  protected readonly tokenT: Float64Array;
  // End-to-end statistics of measured requests.
  protected measuredInFlight = 0;
  protected readonly e2eHist = new Uint32Array(FINE.bins);
  protected e2eCount = 0;
  protected e2eSum = 0;
  protected readonly failed = new Float64Array(3);
  protected readonly win: WindowStats | null;
  protected winWidth = 1;


  constructor(model: SimModel, protected readonly run: RunSettings) {
    super(model, run.seed, run.replication);
    this.st = compileSteps(model);
    this.rngBranch = new Rng(run.seed, run.replication, 4);
    this.tokens = Float64Array.from(model.limiters, (l) => l.burst);
    this.tokenT = new Float64Array(model.limiters.length);
    this.win = run.mode === 'transient' ? windowStats(run.windows, model.stations.length) : null;
    this.growRequests(1024);
    this.markFastStations();
  }

  /** The window of a time (transient runs). */
  protected windowOf(t: number): number {
    const w = Math.floor(t / this.winWidth);
    return w < this.run.windows ? w : this.run.windows - 1;
  }

  /** Sweeps the fast-path visits still open at the end into the integrals. */
  protected sweepFastVisits(): void {
    for (let r = 0; r < this.reqCap; r++) {
      if ((this.reqFlags[r]! & FAST_WAIT) === 0) continue;
      const s = this.reqStation[r]!;
      this.addBusy(s, Math.min(this.reqStart[r]!, this.now), Math.min(this.reqEnd[r]!, this.now));
      this.addQueued(s, this.reqEnq[r]!, Math.min(this.reqStart[r]!, this.now));
    }
  }

  /** Stations every visit of which can take the fast path (FCFS, one class, random or round-robin, no holds, limits, retries or faults). */
  protected markFastStations(): void {
    if (this.run.faults.length > 0) return;
    const st = this.st;
    const ok = this.model.stations.map((x, s) => x.classes.length === 1 && !x.sharedQueue && this.stBalancing[s]! <= 1);
    for (let pc = 0; pc < st.op.length; pc++) {
      if (st.op[pc] !== OP_VISIT) continue;
      if (st.hold[pc] === 1 || st.timeout[pc]! > 0 || st.fail[pc]! > 0 || st.limiter[pc]! >= 0) ok[st.station[pc]!] = false;
    }
    ok.forEach((fast, s) => {
      this.stFast[s] = fast ? 1 : 0;
    });
  }

  protected distOf(step: number): number {
    return this.st.dist[step]!;
  }


  protected allocRequest(flags: number): number {
    if (this.reqFree < 0) this.growRequests(this.reqCap * 2);
    const r = this.reqFree;
    this.reqFree = this.reqPc[r]!;
    this.reqPc[r] = 0;
    this.reqLeft[r] = 0;
    this.reqAttempt[r] = 0;
    this.reqHoldTop[r] = 0;
    this.reqParent[r] = -1;
    this.reqPending[r] = 0;
    this.reqFlags[r] = flags | ALIVE;
    this.reqsInUse++;
    if ((flags & MEASURED) !== 0) this.measuredInFlight++;
    return r;
  }

  protected freeRequest(r: number): void {
    if ((this.reqFlags[r]! & MEASURED) !== 0) this.measuredInFlight--;
    this.reqGen[r] = (this.reqGen[r]! + 1) & GEN_MASK;
    this.reqFlags[r] = 0;
    this.reqPc[r] = this.reqFree;
    this.reqFree = r;
    this.reqsInUse--;
  }

  private growRequests(n: number): void {
    const old = this.reqCap;
    this.reqPc = grow(this.reqPc, n);
    this.reqLeft = grow(this.reqLeft, n);
    this.reqGen = grow(this.reqGen, n);
    this.reqAttempt = grow(this.reqAttempt, n);
    this.reqFlags = grow(this.reqFlags, n);
    this.reqArrive = grow(this.reqArrive, n);
    this.reqHoldTop = grow(this.reqHoldTop, n);
    this.reqHold = grow(this.reqHold, n * MAX_HOLD);
    this.reqCause = grow(this.reqCause, n);
    this.reqParent = grow(this.reqParent, n);
    this.reqPending = grow(this.reqPending, n);
    this.reqStation = grow(this.reqStation, n);
    this.reqEnq = grow(this.reqEnq, n);
    this.reqStart = grow(this.reqStart, n);
    this.reqEnd = grow(this.reqEnd, n);
    for (let r = n - 1; r >= old; r--) {
      this.reqPc[r] = this.reqFree;
      this.reqFree = r;
    }
    this.reqCap = n;
  }

}
