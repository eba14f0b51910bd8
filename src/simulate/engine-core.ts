/**
 * The simulator's state over typed arrays: the job pool, replicas and their queues, the
 * load-balancing choice, service start and completion, and the per-station statistics
 * (counts, sums, log-binned histograms, time integrals of busy servers and queue lengths).
 * `engine.ts` drives it with the request programs and the event loop.
 */
import { Sampler } from './distributions.js';
import { EventHeap } from './event-heap.js';
import { binOf, FINE } from './histogram.js';
import type { SimModel } from './model.js';
import { Rng } from './rng.js';
import { grow } from './typed.js';

/** Event types (the low 3 bits of an event's tag; the rest carries a ticket or generation). */
export const EV_ARRIVAL = 0;
export const EV_DEPART = 1;
export const EV_RESUME = 2;
export const EV_TIMEOUT = 3;
export const EV_FAULT = 4;
export const EV_RESTORE = 5;
export const EV_TICK = 6;
export const EV_FAST = 7;
/** Mask for tickets and generations carried in a tag. */
export const GEN_MASK = 0x0fffffff;

/** Job flags. */
const MEASURED = 1;
const IN_SERVICE = 2;
const HELD = 4;
const ALLOCATED = 8;

const BALANCING_CODE = { random: 0, 'round-robin': 1, 'least-request': 2, p2c: 3 } as const;

/** Why a request did not complete. */
export const FAIL_REJECTED = 0;
export const FAIL_LOST = 1;
export const FAIL_EXHAUSTED = 2;

/** Stations, replicas, queues, jobs and their statistics. */
export abstract class EngineCore {
  now = 0;
  readonly heap = new EventHeap();
  readonly rngService: Rng;
  readonly rngRoute: Rng;
  readonly samplers: Sampler[];
  /** Per law: its mean when exponential (sampled inline, the common case), else −1. */
  private readonly expMean: Float64Array;
  readonly stationCount: number;
  // Per station.
  readonly stRepStart: Int32Array;
  readonly stReplicas: Int32Array;
  readonly stServers: Int32Array;
  readonly stShared: Uint8Array;
  readonly stBalancing: Uint8Array;
  readonly stClasses: Int32Array;
  readonly stStatBase: Int32Array;
  readonly stQueueBase: Int32Array;
  readonly stAlive: Int32Array;
  readonly stCursor: Int32Array;
  readonly stFallback: Int32Array;
  /**
   * FCFS stations with state-independent routing (random, round-robin) and no faults take the
   * fast path: a visit's start and end are computed when it arrives, by the Kiefer–Wolfowitz
   * recursion (Kiefer & Wolfowitz 1955: an FCFS c-server queue's arrival starts at
   * max(arrival, the earliest time a server frees), and that server then frees at start + S).
   * Each replica keeps its servers' free times as a small min-heap in `serverFree`.
   */
  readonly stFast: Uint8Array;
  readonly repFreeBase: Int32Array;
  readonly serverFree: Float64Array;
  /** Start time of the last fast visit placed. */
  kwStart = 0;
  // Per replica (global index); aliveList[stRepStart[s] ..] lists station s's live replicas.
  readonly aliveList: Int32Array;
  readonly repStation: Int32Array;
  readonly repBusy: Int32Array;
  readonly repQueued: Int32Array;
  readonly repAlive: Uint8Array;
  // Queues: linked lists of jobs through jobNext.
  readonly qHead: Int32Array;
  readonly qTail: Int32Array;
  /**
   * Time integrals per station over the measured span [winStart, winEnd]: busy servers and waiting
   * jobs are added per job (its service or wait interval, clipped to the span) when the interval
   * ends, so the hot path does no per-event bookkeeping; live servers and queues change only at
   * faults and are integrated piecewise.
   */
  winStart = Infinity;
  winEnd = Infinity;
  readonly queuedNow: Float64Array;
  readonly aliveServersNow: Float64Array;
  readonly aliveQueuesNow: Float64Array;
  readonly lastT: Float64Array;
  readonly busyInt: Float64Array;
  readonly queuedInt: Float64Array;
  readonly aliveServersInt: Float64Array;
  readonly aliveQueuesInt: Float64Array;
  // Per (station, class) statistics of measured visits.
  readonly count: Float64Array;
  readonly sumResp: Float64Array;
  readonly sumWait: Float64Array;
  readonly waited: Float64Array;
  readonly hist: Uint32Array;
  readonly stRejected: Float64Array;
  readonly stLost: Float64Array;
  readonly stRetries: Float64Array;
  // Job pool.
  jobCap = 0;
  jobFree = -1;
  jobsInUse = 0;
  jobReq = new Int32Array(0);
  jobGen = new Int32Array(0);
  jobStep = new Int32Array(0);
  jobStation = new Int32Array(0);
  jobReplica = new Int32Array(0);
  jobClass = new Int32Array(0);
  jobTicket = new Int32Array(0);
  jobNext = new Int32Array(0);
  jobFlags = new Uint8Array(0);
  jobEnq = new Float64Array(0);
  jobStart = new Float64Array(0);

  constructor(readonly model: SimModel, seed: number, replication: number) {
    this.rngService = new Rng(seed, replication, 2);
    this.rngRoute = new Rng(seed, replication, 3);
    this.samplers = model.dists.map((d) => new Sampler(d));
    this.expMean = Float64Array.from(model.dists, (d) => (d.kind === 'exponential' ? d.meanS : -1));
    const S = (this.stationCount = model.stations.length);
    const i32 = () => new Int32Array(S);
    const f64 = () => new Float64Array(S);
    this.stRepStart = i32();
    this.stReplicas = i32();
    this.stServers = i32();
    this.stShared = new Uint8Array(S);
    this.stBalancing = new Uint8Array(S);
    this.stClasses = i32();
    this.stStatBase = i32();
    this.stQueueBase = i32();
    this.stAlive = i32();
    this.stCursor = i32();
    this.stFallback = Int32Array.from(model.stations, (st) => st.fallback ?? -1);
    let replicas = 0;
    let stats = 0;
    let queues = 0;
    model.stations.forEach((st, s) => {
      this.stRepStart[s] = replicas;
      this.stReplicas[s] = st.replicas;
      this.stServers[s] = st.servers;
      this.stShared[s] = st.sharedQueue ? 1 : 0;
      this.stBalancing[s] = BALANCING_CODE[st.balancing];
      this.stClasses[s] = st.classes.length;
      this.stStatBase[s] = stats;
      this.stQueueBase[s] = queues;
      this.stAlive[s] = st.replicas;
      replicas += st.replicas;
      stats += st.classes.length;
      queues += st.classes.length * (st.sharedQueue ? 1 : st.replicas);
    });
    this.stFast = new Uint8Array(S);
    this.repFreeBase = new Int32Array(replicas);
    let servers = 0;
    model.stations.forEach((st, s) => {
      for (let i = 0; i < st.replicas; i++) {
        this.repFreeBase[this.stRepStart[s]! + i] = servers;
        servers += st.servers;
      }
    });
    this.serverFree = new Float64Array(servers);
    this.aliveList = new Int32Array(replicas);
    this.repStation = new Int32Array(replicas);
    this.repBusy = new Int32Array(replicas);
    this.repQueued = new Int32Array(replicas);
    this.repAlive = new Uint8Array(replicas).fill(1);
    for (let s = 0; s < S; s++) {
      for (let i = 0; i < this.stReplicas[s]!; i++) {
        const r = this.stRepStart[s]! + i;
        this.aliveList[r] = r;
        this.repStation[r] = s;
      }
    }
    this.qHead = new Int32Array(queues).fill(-1);
    this.qTail = new Int32Array(queues).fill(-1);
    this.queuedNow = f64();
    this.aliveServersNow = Float64Array.from(model.stations, (st) => st.replicas * st.servers);
    this.aliveQueuesNow = Float64Array.from(model.stations, (st) => (st.sharedQueue ? 1 : st.replicas));
    this.lastT = f64();
    this.busyInt = f64();
    this.queuedInt = f64();
    this.aliveServersInt = f64();
    this.aliveQueuesInt = f64();
    this.count = new Float64Array(stats);
    this.sumResp = new Float64Array(stats);
    this.sumWait = new Float64Array(stats);
    this.waited = new Float64Array(stats);
    this.hist = new Uint32Array(stats * FINE.bins);
    this.stRejected = f64();
    this.stLost = f64();
    this.stRetries = f64();
    this.growJobs(1024);
  }

  /** Fails the request that owns a job lost with its replica (engine.ts decides what that means). */
  protected abstract jobLost(job: number): void;

  /** The part of [a, b] inside the measured span (0 when none). */
  private clip(a: number, b: number): number {
    const d = Math.min(b, this.winEnd) - Math.max(a, this.winStart);
    return d > 0 ? d : 0;
  }

  /** Adds a busy-server interval [a, b] of station s. */
  protected addBusy(s: number, a: number, b: number): void {
    this.busyInt[s]! += this.clip(a, b);
    if (this.windowed) this.splitAdd(this.winBusy, s, a, b);
  }

  /** Adds a waiting-job interval [a, b] of station s. */
  protected addQueued(s: number, a: number, b: number): void {
    this.queuedInt[s]! += this.clip(a, b);
    if (this.windowed) this.splitAdd(this.winQueued, s, a, b);
  }

  /** Transient runs: per-window integrals ([window × station]) and the window width. */
  windowed = false;
  windowS = 1;
  windowCount = 1;
  winBusy: Float64Array = new Float64Array(0);
  winQueued: Float64Array = new Float64Array(0);

  /** Adds [a, b] to the windows it overlaps (intervals are short beside a window: usually one). */
  private splitAdd(arr: Float64Array, s: number, a: number, b: number): void {
    const S = this.stationCount;
    const last = this.windowCount - 1;
    let w = Math.min(last, Math.floor(a / this.windowS));
    while (a < b) {
      const edge = w === last ? b : Math.min(b, (w + 1) * this.windowS);
      arr[w * S + s]! += edge - a;
      a = edge;
      w++;
    }
  }

  /** Integrates station s's live servers and queues up to now (called when they change and at span edges). */
  flushAlive(s: number): void {
    const dt = this.clip(this.lastT[s]!, this.now);
    this.lastT[s] = this.now;
    this.aliveServersInt[s]! += this.aliveServersNow[s]! * dt;
    this.aliveQueuesInt[s]! += this.aliveQueuesNow[s]! * dt;
  }

  /** Flushes every station's live integrals. */
  flushAll(): void {
    for (let s = 0; s < this.stationCount; s++) this.flushAlive(s);
  }

  /** At the end of a run: adds the open service and wait intervals of jobs still in the system. */
  sweepOpenJobs(): void {
    for (let j = 0; j < this.jobCap; j++) {
      const f = this.jobFlags[j]!;
      if ((f & ALLOCATED) === 0) continue;
      if ((f & IN_SERVICE) !== 0) this.addBusy(this.jobStation[j]!, this.jobStart[j]!, this.now);
      else this.addQueued(this.jobStation[j]!, this.jobEnq[j]!, this.now);
    }
  }

  /** A free job slot. */
  allocJob(): number {
    if (this.jobFree < 0) this.growJobs(this.jobCap * 2);
    const j = this.jobFree;
    this.jobFree = this.jobNext[j]!;
    this.jobNext[j] = -1;
    this.jobsInUse++;
    return j;
  }

  /** Returns a job slot; any event still naming it is void (its ticket moves on). */
  freeJob(j: number): void {
    this.jobTicket[j] = (this.jobTicket[j]! + 1) & GEN_MASK;
    this.jobFlags[j] = 0;
    this.jobNext[j] = this.jobFree;
    this.jobFree = j;
    this.jobsInUse--;
  }

  private growJobs(n: number): void {
    const old = this.jobCap;
    this.jobReq = grow(this.jobReq, n);
    this.jobGen = grow(this.jobGen, n);
    this.jobStep = grow(this.jobStep, n);
    this.jobStation = grow(this.jobStation, n);
    this.jobReplica = grow(this.jobReplica, n);
    this.jobClass = grow(this.jobClass, n);
    this.jobTicket = grow(this.jobTicket, n);
    this.jobNext = grow(this.jobNext, n);
    this.jobFlags = grow(this.jobFlags, n);
    this.jobEnq = grow(this.jobEnq, n);
    this.jobStart = grow(this.jobStart, n);
    for (let j = n - 1; j >= old; j--) {
      this.jobNext[j] = this.jobFree;
      this.jobFree = j;
    }
    this.jobCap = n;
  }

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

  /** Draws a service time of law d. */
  serviceTime(d: number): number {
    const mean = this.expMean[d]!;
    return mean >= 0 ? -Math.log(this.rngService.uniform()) * mean : this.samplers[d]!.sample(this.rngService);
  }

  /** Sends job j (station, class, step set) into its station; false when no replica is alive. */
  dispatch(j: number, measured: boolean): boolean {
    const s = this.jobStation[j]!;
    this.jobEnq[j] = this.now;
    this.jobFlags[j] = measured ? MEASURED | ALLOCATED : ALLOCATED;
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
    this.jobFlags[j]! |= IN_SERVICE;
    const step = this.jobStep[j]!;
    const t = this.now + this.serviceTime(this.distOf(step));
    this.heap.push(t, j, EV_DEPART | (this.jobTicket[j]! << 3));
  }

  /** The service law of the visit at a step. */
  protected abstract distOf(step: number): number;

  /** Marks job j as holding its server past its service (a blocking call). */
  hold(j: number): void {
    this.jobFlags[j]! |= HELD;
  }

  /** Whether job j is measured. */
  isMeasured(j: number): boolean {
    return (this.jobFlags[j]! & MEASURED) !== 0;
  }

  /** Records job j's visit (response = now − enqueued + extraS) and frees its server for the next in line. */
  complete(j: number, extraS: number): void {
    const s = this.jobStation[j]!;
    if ((this.jobFlags[j]! & MEASURED) !== 0) {
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
      if ((this.jobFlags[j]! & IN_SERVICE) === 0 || this.jobReplica[j] !== r || this.jobStation[j] !== s) continue;
      this.repBusy[r]!--;
      this.addBusy(s, this.jobStart[j]!, this.now);
      if (shared && (this.jobFlags[j]! & HELD) === 0) {
        // The broker redelivers an unacknowledged job: back to the head of its class's queue.
        this.jobTicket[j] = (this.jobTicket[j]! + 1) & GEN_MASK;
        this.jobFlags[j]! &= ~IN_SERVICE;
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
