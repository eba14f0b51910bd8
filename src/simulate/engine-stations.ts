/**
 * The engine's stations: where a visit goes (balancing, or the shared queue of a pool), FCFS and
 * priority queues, service start and completion, the Kiefer–Wolfowitz fast path, and faults
 * (replicas lost and restored). Over the typed arrays of `engine-base.ts`.
 */
import { EngineBase, EV_DEPART, GEN_MASK, JOB_ALLOCATED, JOB_HELD, JOB_IN_SERVICE, JOB_MEASURED } from './engine-base.js';
import { binOf, FINE } from './histogram.js';

/** Stations over the engine's state. */
export abstract class EngineStations extends EngineBase {
  /** Fails the request that owns a job lost with its replica (the request layer decides what that means). */
  protected abstract jobLost(job: number): void;

  /** The service law of the visit at a step. */
  protected abstract distOf(step: number): number;

  /** Places a fast-path visit of `serviceS` at station s: returns when it ends; its start is left in kwStart. */
  kwVisit(s: number, serviceS: number): number {
    const base = this.stRepStart[s]!;
    const n = this.stReplicas[s]!;
    let r: number;
    if (this.stBalancing[s] === 0) r = base + this.rngRoute.below(n);
    else {
      const c = this.stCursor[s]! + 1 >= n ? 0 : this.stCursor[s]! + 1;
      this.stCursor[s] = c;
      r = base + c;
    }
    const fb = this.repFreeBase[r]!;
    const free = this.serverFree;
    const root = free[fb]!;
    const start = root > this.now ? root : this.now;
    const end = start + serviceS;
    this.kwStart = start;
    const c = this.stServers[s]!;
    if (c === 1) {
      free[fb] = end;
      return end;
    }
    // Replace the heap's root (the earliest-free server) with the new free time and sift it down.
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= c) break;
      if (child + 1 < c && free[fb + child + 1]! < free[fb + child]!) child++;
      if (free[fb + child]! >= end) break;
      free[fb + i] = free[fb + child]!;
      i = child;
    }
    free[fb + i] = end;
    return end;
  }

  /** Records a finished fast-path visit (enqueued, started, service ended; now = end + extra delay). */
  kwRecord(s: number, enq: number, start: number, end: number, measured: boolean): void {
    if (measured) {
      const k = this.stStatBase[s]!;
      const resp = this.now - enq;
      this.count[k]!++;
      this.sumResp[k]! += resp;
      this.sumWait[k]! += start - enq;
      if (start > enq) this.waited[k]!++;
      this.hist[k * FINE.bins + binOf(FINE, resp)]!++;
    }
    this.addBusy(s, start, end);
    if (start > enq) this.addQueued(s, enq, start);
  }

  /** Sends job j (station, class, step set) into its station; false when no replica is alive. */
  dispatch(j: number, measured: boolean): boolean {
    const s = this.jobStation[j]!;
    this.jobEnq[j] = this.now;
    this.jobFlags[j] = measured ? JOB_MEASURED | JOB_ALLOCATED : JOB_ALLOCATED;
    const alive = this.stAlive[s]!;
    if (alive === 0) {
      // No replica left: a station with a fallback (read replicas → primary) sends the visit there.
      const to = this.stFallback[s]!;
      if (to < 0 || this.stAlive[to] === 0) return false;
      this.jobStation[j] = to;
      return this.dispatch(j, measured);
    }
    const base = this.stRepStart[s]!;
    const servers = this.stServers[s]!;
    if (this.stShared[s] === 1) {
      // One queue: any live replica with a free server takes it, searched from a rotating start.
      let cursor = this.stCursor[s]!;
      for (let k = 0; k < alive; k++) {
        if (++cursor >= alive) cursor = 0;
        const r = this.aliveList[base + cursor]!;
        if (this.repBusy[r]! < servers) {
          this.stCursor[s] = cursor;
          this.start(j, r);
          return true;
        }
      }
      this.enqueue(j, s, this.stQueueBase[s]! + this.jobClass[j]!);
      return true;
    }
    const r = this.choose(s, base, alive);
    this.jobReplica[j] = r;
    if (this.repBusy[r]! < servers) this.start(j, r);
    else {
      this.repQueued[r]!++;
      this.enqueue(j, s, this.stQueueBase[s]! + (r - base) * this.stClasses[s]! + this.jobClass[j]!);
    }
    return true;
  }

  /** The replica a visit goes to under the station's balancing policy. */
  private choose(s: number, base: number, alive: number): number {
    const list = this.aliveList;
    switch (this.stBalancing[s]) {
      case 0:
        return list[base + this.rngRoute.below(alive)]!;
      case 1: {
        const c = this.stCursor[s]! + 1 >= alive ? 0 : this.stCursor[s]! + 1;
        this.stCursor[s] = c;
        return list[base + c]!;
      }
      case 2: {
        // Fewest in flight (busy + queued); ties go to the first after a rotating start (nginx least_conn).
        const start = this.stCursor[s]! + 1 >= alive ? 0 : this.stCursor[s]! + 1;
        this.stCursor[s] = start;
        let best = list[base + start]!;
        let least = this.repBusy[best]! + this.repQueued[best]!;
        for (let k = 1; k < alive && least > 0; k++) {
          const i = start + k < alive ? start + k : start + k - alive;
          const r = list[base + i]!;
          const n = this.repBusy[r]! + this.repQueued[r]!;
          if (n < least) {
            least = n;
            best = r;
          }
        }
        return best;
      }
      default: {
        // Power of two choices (Mitzenmacher 2001): two distinct replicas at random, the less loaded wins.
        if (alive === 1) return list[base]!;
        const a = this.rngRoute.below(alive);
        let b = this.rngRoute.below(alive - 1);
        if (b >= a) b++;
        const ra = list[base + a]!;
        const rb = list[base + b]!;
        return this.repBusy[rb]! + this.repQueued[rb]! < this.repBusy[ra]! + this.repQueued[ra]! ? rb : ra;
      }
    }
  }

  private enqueue(j: number, s: number, q: number): void {
    this.queuedNow[s]!++;
    const tail = this.qTail[q]!;
    this.jobNext[j] = -1;
    if (tail < 0) this.qHead[q] = j;
    else this.jobNext[tail] = j;
    this.qTail[q] = j;
  }

  /** Starts job j's service on replica r. */
  start(j: number, r: number): void {
    const s = this.jobStation[j]!;
    this.repBusy[r]!++;
    this.jobReplica[j] = r;
    this.jobStart[j] = this.now;
    if (this.now > this.jobEnq[j]!) this.addQueued(s, this.jobEnq[j]!, this.now);
    this.jobFlags[j]! |= JOB_IN_SERVICE;
    const step = this.jobStep[j]!;
    const t = this.now + this.serviceTime(this.distOf(step));
    this.heap.push(t, j, EV_DEPART | (this.jobTicket[j]! << 3));
  }

  /** Marks job j as holding its server past its service (a blocking call). */
  hold(j: number): void {
    this.jobFlags[j]! |= JOB_HELD;
  }

  /** Whether job j is measured. */
  isMeasured(j: number): boolean {
    return (this.jobFlags[j]! & JOB_MEASURED) !== 0;
  }

  /** Records job j's visit (response = now − enqueued + extraS) and frees its server for the next in line. */
  complete(j: number, extraS: number): void {
    const s = this.jobStation[j]!;
    if ((this.jobFlags[j]! & JOB_MEASURED) !== 0) {
      const k = this.stStatBase[s]! + this.jobClass[j]!;
      const wait = this.jobStart[j]! - this.jobEnq[j]!;
      const resp = this.now - this.jobEnq[j]! + extraS;
      this.count[k]!++;
      this.sumResp[k]! += resp;
      this.sumWait[k]! += wait;
      if (wait > 0) this.waited[k]!++;
      this.hist[k * FINE.bins + binOf(FINE, resp)]!++;
    }
    this.addBusy(s, this.jobStart[j]!, this.now);
    this.release(s, this.jobReplica[j]!);
  }

  /** Frees one server of replica r and starts the next waiting job there (highest class first). */
  private release(s: number, r: number): void {
    this.repBusy[r]!--;
    if (this.repAlive[r] === 0) return;
    const classes = this.stClasses[s]!;
    const q0 = this.stShared[s] === 1 ? this.stQueueBase[s]! : this.stQueueBase[s]! + (r - this.stRepStart[s]!) * classes;
    for (let k = 0; k < classes; k++) {
      const next = this.qHead[q0 + k]!;
      if (next < 0) continue;
      this.qHead[q0 + k] = this.jobNext[next]!;
      if (this.jobNext[next]! < 0) this.qTail[q0 + k] = -1;
      this.queuedNow[s]!--;
      if (this.stShared[s] === 0) this.repQueued[r]!--;
      this.start(next, r);
      return;
    }
  }

  /** Takes replica r out of service: its queued and running jobs are lost (or, in a shared pool, redelivered). */
  killReplica(r: number): void {
    if (this.repAlive[r] === 0) return;
    const s = this.repStation[r]!;
    this.flushAlive(s);
    this.repAlive[r] = 0;
    const base = this.stRepStart[s]!;
    const alive = --this.stAlive[s]!;
    this.moveInAliveList(base, r, alive);
    this.aliveServersNow[s]! -= this.stServers[s]!;
    const shared = this.stShared[s] === 1;
    if (!shared) {
      this.aliveQueuesNow[s]!--;
      const classes = this.stClasses[s]!;
      const q0 = this.stQueueBase[s]! + (r - base) * classes;
      for (let q = q0; q < q0 + classes; q++) {
        for (let j = this.qHead[q]!; j >= 0; ) {
          const next = this.jobNext[j]!;
          this.queuedNow[s]!--;
          this.addQueued(s, this.jobEnq[j]!, this.now);
          this.stLost[s]!++;
          this.jobLost(j);
          this.freeJob(j);
          j = next;
        }
        this.qHead[q] = -1;
        this.qTail[q] = -1;
      }
      this.repQueued[r] = 0;
    }
    for (let j = 0; j < this.jobCap; j++) {
      if ((this.jobFlags[j]! & JOB_IN_SERVICE) === 0 || this.jobReplica[j] !== r || this.jobStation[j] !== s) continue;
      this.repBusy[r]!--;
      this.addBusy(s, this.jobStart[j]!, this.now);
      if (shared && (this.jobFlags[j]! & JOB_HELD) === 0) {
        // The broker redelivers an unacknowledged job: back to the head of its class's queue.
        this.jobTicket[j] = (this.jobTicket[j]! + 1) & GEN_MASK;
        this.jobFlags[j]! &= ~JOB_IN_SERVICE;
        this.jobEnq[j] = this.now;
        const q = this.stQueueBase[s]! + this.jobClass[j]!;
        this.jobNext[j] = this.qHead[q]!;
        if (this.qHead[q]! < 0) this.qTail[q] = j;
        this.qHead[q] = j;
        this.queuedNow[s]!++;
      } else {
        this.stLost[s]!++;
        this.jobLost(j);
        this.freeJob(j);
      }
    }
    if (shared) this.drainShared(s);
  }

  /** Swaps replica r into slot `to` of its station's list (live replicas first, then the lost ones). */
  private moveInAliveList(base: number, r: number, to: number): void {
    const list = this.aliveList;
    for (let i = base; i < list.length; i++) {
      if (list[i] !== r) continue;
      list[i] = list[base + to]!;
      list[base + to] = r;
      return;
    }
  }

  /** Puts replica r back in service (empty). */
  restoreReplica(r: number): void {
    if (this.repAlive[r] === 1) return;
    const s = this.repStation[r]!;
    this.flushAlive(s);
    this.repAlive[r] = 1;
    this.moveInAliveList(this.stRepStart[s]!, r, this.stAlive[s]!);
    this.stAlive[s]!++;
    this.aliveServersNow[s]! += this.stServers[s]!;
    if (this.stShared[s] === 1) this.drainShared(s);
    else this.aliveQueuesNow[s]!++;
  }

  /** Starts queued jobs of a shared pool on any free live server. */
  private drainShared(s: number): void {
    const base = this.stRepStart[s]!;
    for (let i = 0; i < this.stAlive[s]!; i++) {
      const r = this.aliveList[base + i]!;
      while (this.repBusy[r]! < this.stServers[s]! && this.queuedNow[s]! > 0) {
        this.repBusy[r]!++;
        this.release(s, r);
      }
    }
  }
}
