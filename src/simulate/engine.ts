/**
 * The discrete-event engine: one replication of a SimModel. Requests arrive (Poisson, bursts, a
 * trace, under a ramp), run their programs over the stations, faults strike and windows tick;
 * events sit in a binary heap over typed arrays. Pure: a function of the model and the settings
 * (seeded), returning plain typed-array statistics. The layers: `engine-base.ts` (state),
 * `engine-stations.ts` (queues, service, faults), `engine-requests.ts` (request programs).
 */
import { ArrivalProcess } from './arrivals.js';
import { EV_ARRIVAL, EV_DEPART, EV_FAST, EV_FAULT, EV_RESTORE, EV_RESUME, EV_TICK, EV_TIMEOUT, FAIL_EXHAUSTED, FAIL_LOST, FAIL_REJECTED } from './engine-base.js';
import { EngineRequests, MAIN, MEASURED } from './engine-requests.js';
import type { SimModel } from './model.js';
import type { ReplicationResult } from './result.js';
import { Rng } from './rng.js';
import type { RunSettings } from './settings.js';

export type { ResolvedFault, RunSettings, SimSettings } from './settings.js';

/** One replication of the simulation. */
export class Engine extends EngineRequests {
  private readonly arrivalProcess: ArrivalProcess;
  private arrivalsSeen = 0;
  private closed = false;
  private stopped = false;
  private warmStart = 0;
  private measureEnd = 0;

  constructor(model: SimModel, run: RunSettings) {
    super(model, run);
    this.arrivalProcess = new ArrivalProcess(run.arrivals, model.peakRps, run.ramp, new Rng(run.seed, run.replication, 1));
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
    this.sweepFastVisits();
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
}
