/**
 * The discrete-event engine: one replication of a SimModel. Requests arrive, run their step
 * program (visit, spawn, branch, hold/release, end), and their jobs move through the stations
 * of `engine-core.ts`; events sit in a binary heap over typed arrays. Pure: a function of the
 * model and the settings (seeded), returning plain typed-array statistics.
 */
import { ArrivalProcess, type ArrivalSpec, type RampSpec } from './arrivals.js';
import {
  EngineCore, EV_ARRIVAL, EV_DEPART, EV_FAST, EV_FAULT, EV_RESTORE, EV_RESUME, EV_TICK, EV_TIMEOUT,
  FAIL_EXHAUSTED, FAIL_LOST, FAIL_REJECTED, GEN_MASK,
} from './engine-core.js';
import { binOf, COARSE, FINE } from './histogram.js';
import type { SimModel } from './model.js';
import { Rng } from './rng.js';
import { compileSteps, OP_BRANCH, OP_END, OP_JUMP, OP_RELEASE, OP_SPAWN, OP_VISIT, type CompiledSteps } from './steps.js';
import { grow } from './typed.js';
import { windowStats, type ReplicationResult, type WindowStats } from './result.js';

/** Replicas a fault removes (station and replica index within it), and when. */
export interface ResolvedFault {
  label: string;
  atS: number;
  /** When the replicas come back, or null. */
  untilS: number | null;
  replicas: { station: number; replica: number }[];
}

/** Settings of a whole simulation (every replication). */
export interface SimSettings {
  seed: number;
  replications: number;
  /** steady: a count of arrivals with a warm-up; transient: a span of time from an empty system, in windows. */
  mode: 'steady' | 'transient';
  /** Steady: arrivals over all replications, warm-up included (per replication in RunSettings). */
  requests: number;
  /** Steady: share of each replication's arrivals discarded as warm-up. */
  warmupFraction: number;
  /** Transient: simulated time per replication, from an empty system. */
  durationS: number;
  windows: number;
  arrivals: ArrivalSpec;
  ramp: RampSpec | null;
  faults: ResolvedFault[];
  /** Stop (overflow) beyond this many jobs or requests in the system: an unstable run. */
  maxInSystem: number;
}

/** One replication's settings: the simulation's, with its index; `requests` counts this replication's arrivals. */
export interface RunSettings extends Omit<SimSettings, 'replications'> {
  replication: number;
}

const MAX_HOLD = 8;
const MAIN = 1;
const MEASURED = 2;
const ALIVE = 4;
/** Waiting on a fast-path visit (for the end-of-run sweep). */
const FAST_WAIT = 8;
/** A call of the request failed (refused, lost, out of retries): it goes on, and counts as failed, not timed. */
const FAILED = 16;

/** One replication of the simulation. */
export class Engine extends EngineCore {
  private readonly st: CompiledSteps;
  private readonly arrivalProcess: ArrivalProcess;
  private readonly rngBranch: Rng;
  // Request pool.
  private reqCap = 0;
  private reqFree = -1;
  private reqsInUse = 0;
  private reqPc = new Int32Array(0);
  private reqLeft = new Int32Array(0);
  private reqGen = new Int32Array(0);
  private reqAttempt = new Int32Array(0);
  private reqFlags = new Uint8Array(0);
  private reqArrive = new Float64Array(0);
  private reqHoldTop = new Int32Array(0);
  private reqHold = new Int32Array(0);
  private reqCause = new Int32Array(0);
  // The fast-path visit a request waits on: station, enqueued, started, service end.
  private reqStation = new Int32Array(0);
  private reqEnq = new Float64Array(0);
  private reqStart = new Float64Array(0);
  private reqEnd = new Float64Array(0);
  // Rate limiters: token buckets.
  private readonly tokens: Float64Array;
  private readonly tokenT: Float64Array;
  // Run state and results.
  private arrivalsSeen = 0;
  private measuredInFlight = 0;
  private closed = false;
  private stopped = false;
  private warmStart = 0;
  private measureEnd = 0;
  private readonly e2eHist = new Uint32Array(FINE.bins);
  private e2eCount = 0;
  private e2eSum = 0;
  private readonly failed = new Float64Array(3);
  private readonly win: WindowStats | null;
  private winWidth = 1;

  constructor(model: SimModel, private readonly run: RunSettings) {
    super(model, run.seed, run.replication);
    this.st = compileSteps(model);
    this.arrivalProcess = new ArrivalProcess(run.arrivals, model.peakRps, run.ramp, new Rng(run.seed, run.replication, 1));
    this.rngBranch = new Rng(run.seed, run.replication, 4);
    this.tokens = Float64Array.from(model.limiters, (l) => l.burst);
    this.tokenT = new Float64Array(model.limiters.length);
    this.win = run.mode === 'transient' ? windowStats(run.windows, model.stations.length) : null;
    this.growRequests(1024);
    this.markFastStations();
  }

  /** Stations every visit of which can take the fast path (FCFS, one class, random or round-robin, no holds, limits, retries or faults). */
  private markFastStations(): void {
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

  /** Runs to the end; `progress` is called now and then with the fraction done. */
  simulate(progress?: (fraction: number) => void): ReplicationResult {
    const run = this.run;
    const heap = this.heap;
    const transient = run.mode === 'transient';
    const warmCount = transient ? 0 : Math.round(run.requests * run.warmupFraction);
    let capTime = Infinity;
    if (transient) {
      this.winStart = 0;
      this.winEnd = run.durationS;
      this.winWidth = run.durationS / run.windows;
      this.windowed = true;
      this.windowS = this.winWidth;
      this.windowCount = run.windows;
      this.winBusy = this.win!.busyInt;
      this.winQueued = this.win!.queuedInt;
      for (let w = 1; w <= run.windows; w++) heap.push(w === run.windows ? run.durationS : w * this.winWidth, w - 1, EV_TICK);
      run.faults.forEach((f, k) => {
        heap.push(f.atS, k, EV_FAULT);
        if (f.untilS !== null) heap.push(f.untilS, k, EV_RESTORE);
      });
    }
    const first = this.arrivalProcess.next(0);
    if (Number.isFinite(first)) heap.push(first, 0, EV_ARRIVAL);
    let events = 0;
    while (heap.size > 0 && !this.stopped) {
      const t = heap.peekTime();
      if (transient ? t > run.durationS : t > capTime) break;
      const id = heap.peekId();
      const tag = heap.peekTag();
      heap.pop();
      this.now = t;
      switch (tag & 7) {
        case EV_ARRIVAL: {
          const n = ++this.arrivalsSeen;
          if (!transient && n === warmCount + 1) this.openWindow();
          if (!transient && n === run.requests + 1) capTime = this.closeWindow();
          const measured = transient || (n > warmCount && n <= run.requests);
          if (this.win !== null) this.win.arrivals[this.windowOf(t)]!++;
          const next = this.arrivalProcess.next(t);
          if (Number.isFinite(next) && !(transient && next > run.durationS)) heap.push(next, 0, EV_ARRIVAL);
          this.arrive(measured);
          break;
        }
        case EV_DEPART:
          if (tag >>> 3 === this.jobTicket[id]) this.depart(id);
          break;
        case EV_FAST:
          if (tag >>> 3 === this.reqGen[id]) this.fastDone(id);
          break;
        case EV_RESUME:
          if (tag >>> 3 === this.reqGen[id]) this.visitDone(id);
          break;
        case EV_TIMEOUT:
          if (tag >>> 3 === this.reqGen[id]) this.retryOrFail(id, this.reqPc[id]!);
          break;
        case EV_FAULT:
          for (const x of run.faults[id]!.replicas) this.killReplica(this.stRepStart[x.station]! + x.replica);
          break;
        case EV_RESTORE:
          for (const x of run.faults[id]!.replicas) this.restoreReplica(this.stRepStart[x.station]! + x.replica);
          break;
        case EV_TICK:
          this.tick(id);
          break;
      }
      if (this.closed && this.measuredInFlight === 0) break;
      if (this.jobsInUse > run.maxInSystem || this.reqsInUse > run.maxInSystem) {
        this.stopped = true;
        break;
      }
      if ((++events & 0xffff) === 0 && progress) progress(transient ? t / run.durationS : Math.min(1, this.arrivalsSeen / run.requests));
    }
    if (transient) {
      this.now = run.durationS;
      this.warmStart = 0;
      this.measureEnd = run.durationS;
    } else if (!this.closed) {
      this.closeWindow();
    }
    this.sweepOpenJobs();
    for (let r = 0; r < this.reqCap; r++) {
      if ((this.reqFlags[r]! & FAST_WAIT) === 0) continue;
      const s = this.reqStation[r]!;
      this.addBusy(s, Math.min(this.reqStart[r]!, this.now), Math.min(this.reqEnd[r]!, this.now));
      this.addQueued(s, this.reqEnq[r]!, Math.min(this.reqStart[r]!, this.now));
    }
    this.flushAll();
    return {
      measuredS: this.measureEnd - this.warmStart,
      warmupS: this.warmStart,
      busyInt: this.busyInt, queuedInt: this.queuedInt, aliveServersInt: this.aliveServersInt, aliveQueuesInt: this.aliveQueuesInt,
      count: this.count, sumResp: this.sumResp, sumWait: this.sumWait, waited: this.waited, hist: this.hist,
      rejected: this.stRejected, lost: this.stLost, retries: this.stRetries,
      e2eCount: this.e2eCount, e2eSum: this.e2eSum, e2eHist: this.e2eHist,
      failed: { rejected: this.failed[FAIL_REJECTED]!, lost: this.failed[FAIL_LOST]!, exhausted: this.failed[FAIL_EXHAUSTED]! },
      censored: transient ? 0 : this.measuredInFlight,
      overflow: this.stopped,
      events,
      arrivals: this.arrivalsSeen,
      simulatedS: this.now,
      windows: this.win,
    };
  }

  private openWindow(): void {
    this.flushAll();
    this.winStart = this.now;
    this.warmStart = this.now;
  }

  /** Ends the measured time; returns when to stop at the latest (one more measured span to let stragglers finish). */
  private closeWindow(): number {
    this.flushAll();
    this.winEnd = this.now;
    this.closed = true;
    this.measureEnd = this.now;
    return this.now + (this.now - this.warmStart);
  }

  private windowOf(t: number): number {
    const w = Math.floor(t / this.winWidth);
    return w < this.run.windows ? w : this.run.windows - 1;
  }

  private tick(w: number): void {
    this.flushAll();
    const win = this.win!;
    const S = this.stationCount;
    for (let s = 0; s < S; s++) win.aliveServersInt[w * S + s] = this.aliveServersInt[s]!;
  }

  private arrive(measured: boolean): void {
    const r = this.allocRequest(MAIN | (measured ? MEASURED : 0));
    this.reqArrive[r] = this.now;
    this.advance(r);
  }

  private allocRequest(flags: number): number {
    if (this.reqFree < 0) this.growRequests(this.reqCap * 2);
    const r = this.reqFree;
    this.reqFree = this.reqPc[r]!;
    this.reqPc[r] = 0;
    this.reqLeft[r] = 0;
    this.reqAttempt[r] = 0;
    this.reqHoldTop[r] = 0;
    this.reqFlags[r] = flags | ALIVE;
    this.reqsInUse++;
    if ((flags & MEASURED) !== 0) this.measuredInFlight++;
    return r;
  }

  private freeRequest(r: number): void {
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

  /** Runs request r's program from its current step until it waits on something or ends. */
  private advance(r: number): void {
    const st = this.st;
    for (;;) {
      const pc = this.reqPc[r]!;
      switch (st.op[pc]) {
        case OP_RELEASE: {
          const top = --this.reqHoldTop[r]!;
          const j = this.reqHold[r * MAX_HOLD + top]!;
          // −1: the held server was lost with its replica.
          if (j >= 0) {
            this.complete(j, 0);
            this.freeJob(j);
          }
          this.reqPc[r] = pc + 1;
          break;
        }
        case OP_SPAWN: {
          const n = st.whole[pc]! + (st.frac[pc]! > 0 && this.rngBranch.uniform() < st.frac[pc]! ? 1 : 0);
          for (let i = 0; i < n; i++) {
            const child = this.allocRequest(this.reqFlags[r]! & MEASURED);
            this.reqPc[child] = st.target[pc]!;
            this.advance(child);
          }
          this.reqPc[r] = pc + 1;
          break;
        }
        case OP_BRANCH: {
          const u = this.rngBranch.uniform();
          let k = st.branchStart[pc]!;
          const end = k + st.branchCount[pc]! - 1;
          while (k < end && u >= st.branchCum[k]!) k++;
          this.reqPc[r] = st.branchTarget[k]!;
          break;
        }
        case OP_JUMP:
          this.reqPc[r] = st.target[pc]!;
          break;
        case OP_END:
          this.finish(r);
          return;
        default: {
          if (this.reqLeft[r] === 0) {
            const n = st.whole[pc]! + (st.frac[pc]! > 0 && this.rngBranch.uniform() < st.frac[pc]! ? 1 : 0);
            if (n === 0) {
              this.reqPc[r] = pc + 1;
              break;
            }
            this.reqLeft[r] = n;
            this.reqAttempt[r] = 0;
          }
          this.send(r, pc);
          return;
        }
      }
    }
  }

  /** Sends request r's visit at step pc to its station (a new attempt: a new generation). */
  private send(r: number, pc: number): void {
    const st = this.st;
    const gen = (this.reqGen[r] = (this.reqGen[r]! + 1) & GEN_MASK);
    const s = st.station[pc]!;
    if (this.stFast[s] === 1) {
      const end = this.kwVisit(s, this.serviceTime(st.dist[pc]!));
      this.reqStation[r] = s;
      this.reqEnq[r] = this.now;
      this.reqStart[r] = this.kwStart;
      this.reqEnd[r] = end;
      this.reqFlags[r]! |= FAST_WAIT;
      this.heap.push(end + st.delay[pc]!, r, EV_FAST | (gen << 3));
      return;
    }
    const j = this.allocJob();
    this.jobReq[j] = r;
    this.jobGen[j] = gen;
    this.jobStep[j] = pc;
    this.jobStation[j] = s;
    let cls = 0;
    const n = st.classCount[pc]!;
    if (n > 1) {
      const u = this.rngBranch.uniform();
      const base = st.classStart[pc]!;
      while (cls < n - 1 && u >= st.classCum[base + cls]!) cls++;
    }
    this.jobClass[j] = cls;
    if (!this.dispatch(j, (this.reqFlags[r]! & MEASURED) !== 0)) {
      this.freeJob(j);
      this.stLost[s]!++;
      this.failCall(r, FAIL_LOST);
      return;
    }
    if (st.timeout[pc]! > 0) this.heap.push(this.now + st.timeout[pc]!, r, EV_TIMEOUT | (gen << 3));
  }

  /** A job's service ended. */
  private depart(j: number): void {
    const st = this.st;
    const r = this.jobReq[j]!;
    const pc = this.jobStep[j]!;
    const live = this.jobGen[j] === this.reqGen[r];
    if (!live) {
      // Abandoned by a timeout (or its request is gone): the work was done all the same.
      this.complete(j, 0);
      this.freeJob(j);
      return;
    }
    if (st.hold[pc] === 1) {
      this.hold(j);
      this.reqHold[r * MAX_HOLD + this.reqHoldTop[r]!++] = j;
      this.reqLeft[r] = 0;
      this.reqPc[r] = pc + 1;
      this.advance(r);
      return;
    }
    if (st.fail[pc]! > 0 && this.rngBranch.uniform() < st.fail[pc]!) {
      this.complete(j, 0);
      this.freeJob(j);
      this.retryOrFail(r, pc);
      return;
    }
    let extra = st.delay[pc]!;
    const lim = st.limiter[pc]!;
    if (lim >= 0) {
      const wait = this.takeToken(lim);
      if (wait < 0) {
        if (this.isMeasured(j)) this.stRejected[st.station[pc]!]!++;
        this.complete(j, 0);
        this.freeJob(j);
        this.failCall(r, FAIL_REJECTED);
        return;
      }
      extra += wait;
    }
    this.complete(j, extra);
    this.freeJob(j);
    if (extra > 0) this.heap.push(this.now + extra, r, EV_RESUME | (this.reqGen[r]! << 3));
    else this.visitDone(r);
  }

  /**
   * A token bucket of depth b filled at rate ρ (the provider's limit): a call takes one token.
   * reject: none left → −1 (refused); queue: tokens may go negative (calls reserved in order),
   * and the call waits −tokens/ρ for its own.
   */
  private takeToken(k: number): number {
    const l = this.model.limiters[k]!;
    const t = Math.min(l.burst, this.tokens[k]! + (this.now - this.tokenT[k]!) * l.ratePerS);
    this.tokenT[k] = this.now;
    if (l.mode === 'reject') {
      if (t < 1) {
        this.tokens[k] = t;
        return -1;
      }
      this.tokens[k] = t - 1;
      return 0;
    }
    this.tokens[k] = t - 1;
    return t >= 1 ? 0 : (1 - t) / l.ratePerS;
  }

  /** A fast-path visit (and its constant delay) ended. */
  private fastDone(r: number): void {
    this.reqFlags[r]! &= ~FAST_WAIT;
    this.kwRecord(this.reqStation[r]!, this.reqEnq[r]!, this.reqStart[r]!, this.reqEnd[r]!, (this.reqFlags[r]! & MEASURED) !== 0);
    this.visitDone(r);
  }

  private visitDone(r: number): void {
    if (--this.reqLeft[r]! > 0) {
      this.reqAttempt[r] = 0;
      this.send(r, this.reqPc[r]!);
      return;
    }
    this.reqPc[r]!++;
    this.advance(r);
  }

  private retryOrFail(r: number, pc: number): void {
    this.reqGen[r] = (this.reqGen[r]! + 1) & GEN_MASK;
    if (++this.reqAttempt[r]! < this.st.attempts[pc]!) {
      if ((this.reqFlags[r]! & MEASURED) !== 0) this.stRetries[this.st.station[pc]!]!++;
      this.send(r, pc);
    } else {
      this.failCall(r, FAIL_EXHAUSTED);
    }
  }

  private finish(r: number): void {
    const flags = this.reqFlags[r]!;
    if ((flags & (MAIN | MEASURED)) === (MAIN | MEASURED)) {
      if ((flags & FAILED) !== 0) {
        this.failed[this.reqCause[r]!]!++;
        if (this.win !== null) this.win.failed[this.windowOf(this.now)]!++;
      } else {
        const e2e = this.now - this.reqArrive[r]!;
        this.e2eCount++;
        this.e2eSum += e2e;
        this.e2eHist[binOf(FINE, e2e)]!++;
        if (this.win !== null) {
          const w = this.windowOf(this.now);
          this.win.count[w]!++;
          this.win.sum[w]! += e2e;
          this.win.hist[w * COARSE.bins + binOf(COARSE, e2e)]!++;
        }
      }
    }
    this.freeRequest(r);
  }

  /** Marks the request failed (its first cause counts) without ending it. */
  private markFailed(r: number, cause: number): void {
    if ((this.reqFlags[r]! & FAILED) !== 0) return;
    this.reqFlags[r]! |= FAILED;
    this.reqCause[r] = cause;
  }

  /** A call failed: the request is marked and goes on with the rest of its program. */
  private failCall(r: number, cause: number): void {
    this.markFailed(r, cause);
    this.visitDone(r);
  }

  protected jobLost(j: number): void {
    const r = this.jobReq[j]!;
    if (this.reqFlags[r] === 0) return;
    const top = this.reqHoldTop[r]!;
    for (let i = 0; i < top; i++) {
      if (this.reqHold[r * MAX_HOLD + i] !== j) continue;
      // A held server died under a blocking call: the request fails, its release will find nothing to free.
      this.reqHold[r * MAX_HOLD + i] = -1;
      this.markFailed(r, FAIL_LOST);
      return;
    }
    if (this.jobGen[j] !== this.reqGen[r]) return;
    // The call the request waits on is lost: it goes on after this event (not inside the fault's sweep).
    this.markFailed(r, FAIL_LOST);
    const gen = (this.reqGen[r] = (this.reqGen[r]! + 1) & GEN_MASK);
    this.heap.push(this.now, r, EV_RESUME | (gen << 3));
  }
}
