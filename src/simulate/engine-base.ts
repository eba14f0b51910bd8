/**
 * The simulator's state over typed arrays, the base of the engine's layers: the event heap and
 * random streams, stations and replicas, the job pool, and the per-station statistics (counts,
 * sums, log-binned histograms, time integrals of busy servers and queue lengths). The layers
 * above: `engine-stations.ts` (queues, balancing, service, faults), `engine-requests.ts` (request
 * programs), `engine.ts` (the event loop).
 */
import { Sampler } from './distributions.js';
import { EventHeap } from './event-heap.js';
import { FINE } from './histogram.js';
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
export const JOB_MEASURED = 1;
export const JOB_IN_SERVICE = 2;
export const JOB_HELD = 4;
export const JOB_ALLOCATED = 8;

const BALANCING_CODE = { random: 0, 'round-robin': 1, 'least-request': 2, p2c: 3 } as const;

/** Why a request did not complete. */
export const FAIL_REJECTED = 0;
export const FAIL_LOST = 1;
export const FAIL_EXHAUSTED = 2;

/** Stations, replicas, jobs and their statistics. */
export abstract class EngineBase {
  now = 0;
  readonly heap = new EventHeap();
  readonly rngService: Rng;
  readonly rngRoute: Rng;
  readonly samplers: Sampler[];
  /** Per law: its mean when exponential (sampled inline, the common case), else −1. */
  protected readonly expMean: Float64Array;
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

  /** The part of [a, b] inside the measured span (0 when none). */
  protected clip(a: number, b: number): number {
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
  protected splitAdd(arr: Float64Array, s: number, a: number, b: number): void {
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
      if ((f & JOB_ALLOCATED) === 0) continue;
      if ((f & JOB_IN_SERVICE) !== 0) this.addBusy(this.jobStation[j]!, this.jobStart[j]!, this.now);
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

  protected growJobs(n: number): void {
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



  /** Draws a service time of law d. */
  serviceTime(d: number): number {
    const mean = this.expMean[d]!;
    return mean >= 0 ? this.rngService.exponential() * mean : this.samplers[d]!.sample(this.rngService);
  }













}
