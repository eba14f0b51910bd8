/**
 * The future-event list: a binary min-heap on time over parallel typed arrays (time, id, tag),
 * so scheduling and popping allocate nothing (the arrays double when full, which happens a few
 * times per run at most). Ties pop in an order fixed by the sequence of operations, so a run is
 * deterministic. (A calendar queue, Brown 1988, measured no faster here at simulation-sized queues.)
 */

/**
 * A binary min-heap of (time, id, tag) events, fronted by one register that holds an event
 * earlier than everything in the heap: in a network of stations most new events (the next
 * departure from a fast server) are the very next to happen, and these skip the heap entirely.
 */
export class EventHeap {
  private time: Float64Array;
  private ids: Int32Array;
  private tags: Int32Array;
  /** Events in the heap array (the front register excluded). */
  private count = 0;
  private hasFront = false;
  private frontTime = 0;
  private frontId = 0;
  private frontTag = 0;
  /** Number of events queued. */
  size = 0;

  constructor(capacity = 1024) {
    this.time = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
    this.tags = new Int32Array(capacity);
  }

  /** Queues an event at time t. */
  push(t: number, id: number, tag: number): void {
    this.size++;
    if (!this.hasFront) {
      if (this.count === 0 || t < this.time[0]!) {
        this.hasFront = true;
        this.frontTime = t;
        this.frontId = id;
        this.frontTag = tag;
        return;
      }
    } else if (t < this.frontTime) {
      // The new event goes first: the old front joins the heap.
      this.heapPush(this.frontTime, this.frontId, this.frontTag);
      this.frontTime = t;
      this.frontId = id;
      this.frontTag = tag;
      return;
    }
    this.heapPush(t, id, tag);
  }

  private heapPush(t: number, id: number, tag: number): void {
    if (this.count === this.time.length) this.grow();
    this.siftUp(this.count++, t, id, tag);
  }

  /** Puts (t, id, tag) in the hole at i after moving later parents down into it. */
  private siftUp(i: number, t: number, id: number, tag: number): void {
    const time = this.time;
    const ids = this.ids;
    const tags = this.tags;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = time[parent]!;
      if (pt <= t) break;
      time[i] = pt;
      ids[i] = ids[parent]!;
      tags[i] = tags[parent]!;
      i = parent;
    }
    time[i] = t;
    ids[i] = id;
    tags[i] = tag;
  }

  /** Time of the earliest event (the queue must not be empty). */
  peekTime(): number {
    return this.hasFront ? this.frontTime : this.time[0]!;
  }

  /** Id of the earliest event. */
  peekId(): number {
    return this.hasFront ? this.frontId : this.ids[0]!;
  }

  /** Tag of the earliest event. */
  peekTag(): number {
    return this.hasFront ? this.frontTag : this.tags[0]!;
  }

  /**
   * Removes the earliest event (read it with the peek methods first). Floyd's variant: the hole
   * at the root sinks to a leaf along the smaller children (one comparison per level), then the
   * last element rises from there (rarely far, since it is among the latest).
   */
  pop(): void {
    this.size--;
    if (this.hasFront) {
      this.hasFront = false;
      return;
    }
    const n = --this.count;
    if (n === 0) return;
    const time = this.time;
    const ids = this.ids;
    const tags = this.tags;
    const t = time[n]!;
    const id = ids[n]!;
    const tag = tags[n]!;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n) child += +(time[child + 1]! < time[child]!);
      time[i] = time[child]!;
      ids[i] = ids[child]!;
      tags[i] = tags[child]!;
      i = child;
    }
    this.siftUp(i, t, id, tag);
  }

  private grow(): void {
    const n = this.time.length * 2;
    const time = new Float64Array(n);
    const ids = new Int32Array(n);
    const tags = new Int32Array(n);
    time.set(this.time);
    ids.set(this.ids);
    tags.set(this.tags);
    this.time = time;
    this.ids = ids;
    this.tags = tags;
  }
}
