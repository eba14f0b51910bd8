// First fit of one zone's pods onto nodes of one type, for binPack, in the order of
// pack-order.ts: a segment tree finds the first node with room. Pure.
import type { Capacity, PodShape, Run } from './pack-order.js';

const EPS = 1e-9;

/**
 * First fit of one zone's share of each run, in order: `onPlace(node, g, k)` is told of every k
 * pods of g put on a node (a new node is the next index). Returns the number of nodes, or −1 as
 * soon as `tooMany(nodes)` holds of the nodes opened so far. The nodes' use lives in the leaves
 * of a NodeTree, in doubles, summed exactly as a node object's would be.
 */
export function firstFitZone(order: readonly Run[], zone: number, c: Capacity,
  onPlace?: (node: number, g: PodShape, k: number) => void, tooMany?: (nodes: number) => boolean, atLeast = 0): number {
  // Sized at once for the nodes the zone needs at least (`atLeast`): growing by doubling copies
  // and rebuilds the tree each time (most of the packing's time at a million nodes a zone).
  const tree = new NodeTree(atLeast);
  let nodes = 0;
  for (const { g, share } of order) {
    let left = share[zone]!;
    for (let i = -1; left > 0 && (i = tree.firstFit(i + 1, g, c)) >= 0;) {
      const k = Math.min(left, tree.room(i, g, c));
      if (k <= 0) continue;
      tree.add(i, g, k);
      onPlace?.(i, g, k);
      left -= k;
    }
    if (left === 0) continue;
    const perNode = tree.room(-1, g, c);
    // Without a listener, the full new nodes are opened at once: alike, each holding perNode.
    const full = onPlace ? 0 : Math.floor(left / perNode);
    if (full > 0) {
      tree.addNew(nodes, full, g, perNode);
      nodes += full;
      left -= full * perNode;
    }
    while (left > 0) {
      const k = Math.min(left, perNode);
      tree.add(nodes, g, k);
      onPlace?.(nodes, g, k);
      nodes += 1;
      left -= k;
    }
    if (tooMany?.(nodes)) return -1;
  }
  return nodes;
}

/**
 * The nodes of one zone, in order, as a segment tree of the least CPU, memory, GPUs and pods used
 * by any node below each point (leaves: each node's use; past the last node, +Infinity). A node
 * can take a pod of g only if used + request ≤ capacity in every resource, so a subtree whose
 * least use already fails one of those holds no such node and is skipped whole: the search for
 * the first node with room visits one root-to-leaf path per run of skipped nodes.
 */
class NodeTree {
  private size = 0;
  private count = 0;
  private cpu = new Float64Array(0);
  private memory = new Float64Array(0);
  private gpus = new Float64Array(0);
  private pods = new Float64Array(0);

  /** A tree with room for `nodes` nodes before it grows. */
  constructor(nodes = 0) {
    if (nodes > 0) this.grow(nodes);
  }

  /** Puts k pods of g on node i (an existing node, or the next new one). */
  add(i: number, g: PodShape, k: number): void {
    if (i >= this.count) {
      if (i >= this.size) this.grow(i + 1);
      const leaf = this.size + i;
      this.cpu[leaf] = 0;
      this.memory[leaf] = 0;
      this.gpus[leaf] = 0;
      this.pods[leaf] = 0;
      this.count = i + 1;
    }
    let at = this.size + i;
    this.pods[at] = this.pods[at]! + k;
    this.cpu[at] = this.cpu[at]! + k * g.cpuCores;
    this.memory[at] = this.memory[at]! + k * g.memoryBytes;
    this.gpus[at] = this.gpus[at]! + k * g.gpus;
    // A point whose least use did not change leaves every point above it as it was.
    for (at >>= 1; at >= 1 && this.pull(at); at >>= 1);
  }

  /**
   * Opens `count` new nodes from `first` (the next new node), each holding k pods of g: the
   * leaves add() would write one at a time (0 + k·request, the same doubles), then every point
   * above them once, level by level, instead of a path to the root per node.
   */
  addNew(first: number, count: number, g: PodShape, k: number): void {
    const end = first + count;
    if (end > this.size) this.grow(end);
    const cpu = 0 + k * g.cpuCores;
    const memory = 0 + k * g.memoryBytes;
    const gpus = 0 + k * g.gpus;
    const pods = 0 + k;
    this.cpu.fill(cpu, this.size + first, this.size + end);
    this.memory.fill(memory, this.size + first, this.size + end);
    this.gpus.fill(gpus, this.size + first, this.size + end);
    this.pods.fill(pods, this.size + first, this.size + end);
    this.count = end;
    for (let lo = (this.size + first) >> 1, hi = (this.size + end - 1) >> 1; lo >= 1; lo >>= 1, hi >>= 1) {
      for (let at = lo; at <= hi; at++) this.pull(at);
      if (lo === 1) break;
    }
  }

  /**
   * How many more pods of g node i takes (i = −1: an empty node): the most k with used +
   * k·request ≤ capacity in every resource (with the packing's tolerance), in closed form, checked
   * against the pod-by-pod first-fit test. At least 1 on an empty node, since the pool's types all
   * fit one pod.
   */
  room(i: number, g: PodShape, c: Capacity): number {
    const leaf = this.size + i;
    const cpu = i < 0 ? 0 : this.cpu[leaf]!;
    const memory = i < 0 ? 0 : this.memory[leaf]!;
    const gpus = i < 0 ? 0 : this.gpus[leaf]!;
    const pods = i < 0 ? 0 : this.pods[leaf]!;
    let k = Math.min(limit(cpu, g.cpuCores, c.cpuCores, EPS), limit(memory, g.memoryBytes, c.memoryBytes, EPS), limit(gpus, g.gpus, c.gpus, 0), c.pods - pods);
    // Guard the closed form against rounding: the k-th pod must pass the pod-by-pod test.
    while (k > 0 && !(cpu + k * g.cpuCores <= c.cpuCores + EPS && memory + k * g.memoryBytes <= c.memoryBytes + EPS && gpus + k * g.gpus <= c.gpus && pods + k <= c.pods)) k -= 1;
    return Math.max(0, k === Infinity ? 0 : k);
  }

  /** The first node at or after `from` that passes the one-pod test for g (room may still say 0 after rounding), or −1. */
  firstFit(from: number, g: PodShape, c: Capacity): number {
    if (from >= this.count) return -1;
    // The one-pod test, term for term, on each subtree's least use.
    const cpuCap = c.cpuCores + EPS;
    const memoryCap = c.memoryBytes + EPS;
    // Depth first, left to right, into subtrees that end past `from` and whose least use admits g;
    // `at` walks the tree as a heap (children 2at, 2at + 1) covering leaves [lo, lo + span).
    let at = 1;
    let lo = 0;
    let span = this.size;
    for (;;) {
      const admits = lo + span > from && this.cpu[at]! + g.cpuCores <= cpuCap && this.memory[at]! + g.memoryBytes <= memoryCap &&
        this.gpus[at]! + g.gpus <= c.gpus && this.pods[at]! + 1 <= c.pods;
      if (admits && at >= this.size) return lo;
      if (admits) {
        at *= 2;
        span >>= 1;
        continue;
      }
      // Next subtree to the right: climb while at is a right child, then step to the sibling.
      while (at & 1) {
        if (at === 1) return -1;
        at >>= 1;
        span *= 2;
        lo -= span / 2;
      }
      at += 1;
      lo += span;
    }
  }

  /** Sets point `at` to the least of its two children; whether that changed it. */
  private pull(at: number): boolean {
    const l = 2 * at;
    const r = l + 1;
    const cpu = Math.min(this.cpu[l]!, this.cpu[r]!);
    const memory = Math.min(this.memory[l]!, this.memory[r]!);
    const gpus = Math.min(this.gpus[l]!, this.gpus[r]!);
    const pods = Math.min(this.pods[l]!, this.pods[r]!);
    if (cpu === this.cpu[at] && memory === this.memory[at] && gpus === this.gpus[at] && pods === this.pods[at]) return false;
    this.cpu[at] = cpu;
    this.memory[at] = memory;
    this.gpus[at] = gpus;
    this.pods[at] = pods;
    return true;
  }

  private grow(needed: number): void {
    let size = Math.max(16, this.size);
    while (size < needed) size *= 2;
    const old = { size: this.size, cpu: this.cpu, memory: this.memory, gpus: this.gpus, pods: this.pods };
    this.size = size;
    for (const key of ['cpu', 'memory', 'gpus', 'pods'] as const) {
      const next = new Float64Array(2 * size).fill(Infinity);
      next.set(old[key].subarray(old.size, old.size + this.count), size);
      this[key] = next;
    }
    // Points over no node stay +Infinity, as filled: only those over the nodes are pulled.
    for (let lo = size >> 1, hi = (size + Math.max(this.count, 1) - 1) >> 1; lo >= 1; lo >>= 1, hi >>= 1) {
      for (let at = lo; at <= hi; at++) this.pull(at);
    }
  }
}

/** How many requests of `request` fit in what `used` leaves of `capacity` (with tolerance eps); Infinity when none is asked. */
function limit(used: number, request: number, capacity: number, eps: number): number {
  return request > 0 ? Math.floor((capacity + eps - used) / request + 1e-12) : Infinity;
}

