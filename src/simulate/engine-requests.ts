/**
 * The engine's request programs: each request runs its steps (visit, spawn, branch, fork/join,
 * hold/release, end); a visit is a job at a station (or a fast-path visit); rate limits, constant delays,
 * retries, timeouts and failed calls; the end-to-end statistics. Over `engine-request-pool.ts`.
 */
import { EV_FAST, EV_RESUME, EV_TIMEOUT, FAIL_EXHAUSTED, FAIL_LOST, FAIL_REJECTED, GEN_MASK } from './engine-base.js';
import { EngineRequestPool, FAILED, FAST_WAIT, MAIN, MAX_HOLD, MEASURED } from './engine-request-pool.js';
import { binOf, COARSE, FINE } from './histogram.js';
import { OP_BRANCH, OP_END, OP_FORK, OP_JOIN, OP_JUMP, OP_RELEASE, OP_SPAWN } from './steps.js';

export { MAIN, MEASURED } from './engine-request-pool.js';

/** Request programs over the stations. */
export abstract class EngineRequests extends EngineRequestPool {
  /** Runs request r's program from its current step until it waits on something or ends. */
  protected advance(r: number): void {
    const st = this.st;
    for (;;) {
      const pc = this.reqPc[r]!;
      switch (st.op[pc]) {
        case OP_RELEASE: {
          const top = --this.reqHoldTop[r]!;
          // Every path to a release passes its held visit's depart (failures skip the block):
          // reading below the stack would free another request's server.
          if (top < 0) throw new Error('internal: simulation released a server it did not hold');
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
        case OP_FORK: {
          // One child per member, each running its block to its join; the parent waits at `after`.
          // One pending count more than children while they start: a child that joins at once cannot resume the parent inside this loop.
          const n = st.branchCount[pc]!;
          const base = st.branchStart[pc]!;
          this.reqPc[r] = st.target[pc]!;
          this.reqPending[r] = n + 1;
          for (let k = 0; k < n; k++) {
            const child = this.allocRequest(this.reqFlags[r]! & MEASURED);
            this.reqParent[child] = r;
            this.reqArrive[child] = this.now;
            this.reqPc[child] = st.branchTarget[base + k]!;
            this.advance(child);
          }
          if (--this.reqPending[r]! > 0) return;
          break;
        }
        case OP_JOIN: {
          // A member answered: its failure is the request's, and the last one resumes the parent.
          const parent = this.reqParent[r]!;
          if ((this.reqFlags[r]! & FAILED) !== 0) this.markFailed(parent, this.reqCause[r]!);
          this.freeRequest(r);
          if (--this.reqPending[parent]! === 0) this.advance(parent);
          return;
        }
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
  protected depart(j: number): void {
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
  protected fastDone(r: number): void {
    this.reqFlags[r]! &= ~FAST_WAIT;
    this.kwRecord(this.reqStation[r]!, this.reqEnq[r]!, this.reqStart[r]!, this.reqEnd[r]!, (this.reqFlags[r]! & MEASURED) !== 0);
    this.visitDone(r);
  }

  protected visitDone(r: number): void {
    if (--this.reqLeft[r]! > 0) {
      this.reqAttempt[r] = 0;
      this.send(r, this.reqPc[r]!);
      return;
    }
    this.reqPc[r]!++;
    this.advance(r);
  }

  protected retryOrFail(r: number, pc: number): void {
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

  /**
   * A call failed: the request is marked and goes on with the rest of its program; past the
   * whole block of a held visit, whose caller never served the request (so makes none of its
   * calls, and holds no server for the release to free).
   */
  private failCall(r: number, cause: number): void {
    this.markFailed(r, cause);
    const pc = this.reqPc[r]!;
    if (this.st.hold[pc] === 1) {
      this.reqPc[r] = this.st.target[pc]!;
      this.advance(r);
      return;
    }
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
    // The call the request waits on is lost: it goes on after this event (not inside the fault's
    // sweep). A held visit lost before it held its server goes on past its block (failCall): as
    // visitDone steps on from the step before, the request is placed there. Going on into its
    // calls instead reached the release with nothing held, which freed another request's server
    // and left the caller's replicas stuck after a zone loss.
    this.markFailed(r, FAIL_LOST);
    const pc = this.jobStep[j]!;
    if (this.st.hold[pc] === 1) this.reqPc[r] = this.st.target[pc]! - 1;
    const gen = (this.reqGen[r] = (this.reqGen[r]! + 1) & GEN_MASK);
    this.heap.push(this.now, r, EV_RESUME | (gen << 3));
  }
}
