// First fit of one zone's pods onto nodes of one type, for binPack, in the order of
// pack-order.ts: a cursor per pod shape, then a segment tree, finds the first node with room. Pure.
import type { Capacity, PodShape, Run } from './pack-order.js';

const EPS = 1e-9;
/** Nodes firstFit tries one by one before it searches the tree. */
const SCAN = 32;

/**
 * Each run's shape (its pod's CPU, memory and GPUs) as an index, and how many shapes: the runs'
 * own (runsByType's) or, without them, numbered here; once per order (the zones and the types
 * that rank the shapes alike share one).
 */
const shapesCache = new WeakMap<readonly Run[], { shapeOf: Int32Array; shapes: number }>();
function shapesOf(order: readonly Run[]): { shapeOf: Int32Array; shapes: number } {
  let known = shapesCache.get(order);
  if (known) return known;
  const shapeOf = new Int32Array(order.length);
  let shapes = 0;
  if (order.every((run) => run.shape !== undefined)) {
    order.forEach((run, r) => {
      shapeOf[r] = run.shape!;
      shapes = Math.max(shapes, run.shape! + 1);
    });
  } else {
    const index = new Map<string, number>();
    order.forEach(({ g }, r) => {
      // A double's string is exact (the shortest that reads back as it): equal keys, equal requests.
      const key = `${g.cpuCores} ${g.memoryBytes} ${g.gpus}`;
      let s = index.get(key);
      if (s === undefined) index.set(key, (s = index.size));
      shapeOf[r] = s;
    });
    shapes = index.size;
  }
  shapesCache.set(order, (known = { shapeOf, shapes }));
  return known;
}

/**
 * First fit of one zone's share of each run, in order: `onPlace(node, g, k)` is told of every k
 * pods of g put on a node (a new node is the next index). Returns the number of nodes, or −1 as
 * soon as `tooMany(nodes)` holds of the nodes opened so far. The nodes' use lives in the leaves
 * of a NodeTree, in doubles, summed exactly as a node object's would be.
 *
 * Without a listener, of the full nodes a run opens at once (each holding as many pods of its
 * shape as fit) only those a later pod may enter are kept in the tree; the others are counted. A
 * later pod enters none of them when even the least request of the later runs, resource by
 * resource, does not fit beside what they hold. And the full nodes of one shape, over all its
 * runs, are alike until a pod of another shape enters one (a pod of their shape has no room):
 * first fit puts a pod on the first node with room, so the ones entered are the first of them in
 * order, one pod at least each, and no more of them than Q, the pods of other shapes in the runs
 * after the first that opened such nodes. Only the first Q are kept. First fit
 * never puts a pod on the others, so the nodes it finds and the count are the same. A profile
 * whose thousands of components each hit a 100,000-replica ceiling packs ~10^8 pods a zone: its
 * tree of every node took 2.1 GB.
 */
export function firstFitZone(order: readonly Run[], zone: number, c: Capacity,
  onPlace?: (node: number, g: PodShape, k: number) => void, tooMany?: (nodes: number) => boolean, atLeast = 0): number {
  // Sized at once for the nodes the zone needs at least (`atLeast`): growing by doubling copies
  // and rebuilds the tree each time (most of the packing's time at a million nodes a zone). At
  // most KEPT_AT_ONCE without a listener, which keeps only some nodes of a huge zone (above).
  const tree = new NodeTree(onPlace ? atLeast : Math.min(atLeast, KEPT_AT_ONCE));
  const { shapeOf, shapes } = shapesOf(order);
  const later = onPlace ? null : laterRuns(order, zone);
  const unplaced = onPlace ? new Float64Array(0) : later!.unplaced.slice();
  // Per shape, the first node that may take a pod of it: every node before fails its one-pod test.
  const cursor = new Int32Array(shapes);
  // Nodes opened, and nodes kept in the tree (its leaves; every node with a listener).
  let nodes = 0;
  let kept = 0;
  // Without a listener: the pods of each shape in the runs not yet placed (after the current one),
  // and how many more full nodes of each shape to keep (Q above, less those kept; −1: none yet).
  const budget = new Float64Array(onPlace ? 0 : shapes).fill(-1);
  for (let r = 0; r < order.length; r += 1) {
    const { g, share } = order[r]!;
    let left = share[zone]!;
    if (!onPlace) unplaced[shapeOf[r]!] = unplaced[shapeOf[r]!]! - left;
    for (let i = -1; left > 0 && (i = tree.firstFit(i + 1, g, c, cursor, shapeOf[r]!)) >= 0;) {
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
      const s = shapeOf[r]!;
      const cpu = 0 + perNode * g.cpuCores;
      const memory = 0 + perNode * g.memoryBytes;
      const gpus = 0 + perNode * g.gpus;
      let keep = full;
      if (closedTo(later!, r, cpu, memory, gpus, perNode, c)) keep = 0;
      else if (!fits(cpu, memory, gpus, perNode, g, c)) {
        // (A full node that its own shape's one-pod test passes after rounding is kept, always.)
        if (budget[s]! < 0) budget[s] = later!.pods[r]! - unplaced[s]!;
        keep = Math.min(full, budget[s]!);
        budget[s] = budget[s]! - keep;
      }
      if (keep > 0) tree.addNew(kept, keep, g, perNode);
      kept += keep;
      nodes += full;
      left -= full * perNode;
    }
    while (left > 0) {
      const k = Math.min(left, perNode);
      tree.add(kept, g, k);
      onPlace?.(kept, g, k);
      kept += 1;
      nodes += 1;
      left -= k;
    }
    if (tooMany?.(nodes)) return -1;
  }
  return nodes;
}

/** The most nodes a tree is sized for at once without a listener (firstFitZone). */
const KEPT_AT_ONCE = 1 << 16;

/** What firstFitZone reads of the runs after each run of a zone (laterRuns). */
interface LaterRuns {
  pods: Float64Array;
  cpu: Float64Array;
  memory: Float64Array;
  gpus: Float64Array;
  /** The zone's pods of each shape in all the runs (firstFitZone counts them down). */
  unplaced: Float64Array;
}

/**
 * laterRuns of each order, by zone: a pool's types share a few orders (runsByType), so each zone
 * of one was gone through again for every type counted (with the zone's pods of each shape).
 * 5,000 × 20: laterRuns 25 → 18 ms of profile, countZones' allocation 38 → 32 MB (sampled).
 */
const laterCache = new WeakMap<readonly Run[], LaterRuns[]>();

/**
 * For each run r, what the runs after r put in the zone: their pods, and the least CPU, memory
 * and GPUs one of those pods requests, resource by resource (+Infinity where none follows): a
 * lower bound on any later pod's request. Read, never changed.
 */
function laterRuns(order: readonly Run[], zone: number): LaterRuns {
  let zones = laterCache.get(order);
  if (!zones) laterCache.set(order, (zones = []));
  return (zones[zone] ??= computeLaterRuns(order, zone));
}

function computeLaterRuns(order: readonly Run[], zone: number): LaterRuns {
  const n = order.length;
  const pods = new Float64Array(n);
  const cpu = new Float64Array(n).fill(Infinity);
  const memory = new Float64Array(n).fill(Infinity);
  const gpus = new Float64Array(n).fill(Infinity);
  for (let r = n - 2; r >= 0; r -= 1) {
    const next = order[r + 1]!;
    const count = next.share[zone]!;
    pods[r] = pods[r + 1]! + count;
    cpu[r] = count > 0 ? Math.min(cpu[r + 1]!, next.g.cpuCores) : cpu[r + 1]!;
    memory[r] = count > 0 ? Math.min(memory[r + 1]!, next.g.memoryBytes) : memory[r + 1]!;
    gpus[r] = count > 0 ? Math.min(gpus[r + 1]!, next.g.gpus) : gpus[r + 1]!;
  }
  const { shapeOf, shapes } = shapesOf(order);
  const unplaced = new Float64Array(shapes);
  for (let r = 0; r < n; r += 1) unplaced[shapeOf[r]!] = unplaced[shapeOf[r]!]! + order[r]!.share[zone]!;
  return { pods, cpu, memory, gpus, unplaced };
}

/**
 * Whether a node holding (cpu, memory, gpus, pods) fails NodeTree.firstFit's one-pod test for
 * every pod of the runs after r: it fails it for their least request in some resource, and each
 * later pod asks at least that much of every resource.
 */
function closedTo(later: LaterRuns, r: number, cpu: number, memory: number, gpus: number, pods: number, c: Capacity): boolean {
  return !fits(cpu, memory, gpus, pods, { cpuCores: later.cpu[r]!, memoryBytes: later.memory[r]!, gpus: later.gpus[r]! }, c);
}

/** NodeTree.firstFit's one-pod test, term for term: whether a pod of g passes it on a node holding (cpu, memory, gpus, pods). */
function fits(cpu: number, memory: number, gpus: number, pods: number, g: Pick<PodShape, 'cpuCores' | 'memoryBytes' | 'gpus'>, c: Capacity): boolean {
  return cpu + g.cpuCores <= c.cpuCores + EPS && memory + g.memoryBytes <= c.memoryBytes + EPS && gpus + g.gpus <= c.gpus && pods + 1 <= c.pods;
}

/**
 * The nodes of one zone, in order, as a segment tree of the least CPU, memory, GPUs and pods used
 * by any node below each point (leaves: each node's use; past the last node, +Infinity). A node
 * can take a pod of g only if used + request ≤ capacity in every resource, so a subtree whose
 * least use already fails one of those holds no such node and is skipped whole: the search for
 * the first node with room visits one root-to-leaf path per run of skipped nodes. The points
 * above the leaves are brought up to date only when a search needs them (flush): firstFit finds
 * most nodes by trying a few leaves from a cursor, and a change per pod group placed cost a path
 * to the root each (most of the packing's time on 5,000 components).
 */
class NodeTree {
  private size = 0;
  private count = 0;
  private cpu = new Float64Array(0);
  private memory = new Float64Array(0);
  private gpus = new Float64Array(0);
  private pods = new Float64Array(0);
  /** Nodes whose use changed since the points above them were last brought up to date (flush), each once. */
  private dirty = new Int32Array(0);
  private dirtyCount = 0;
  private marked = new Uint8Array(0);

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
    const at = this.size + i;
    this.pods[at] = this.pods[at]! + k;
    this.cpu[at] = this.cpu[at]! + k * g.cpuCores;
    this.memory[at] = this.memory[at]! + k * g.memoryBytes;
    this.gpus[at] = this.gpus[at]! + k * g.gpus;
    // The points above wait for the next search (most first fits are found without one).
    if (this.marked[i] === 0) {
      this.marked[i] = 1;
      this.dirty[this.dirtyCount++] = i;
    }
  }

  /**
   * Brings the points above the nodes changed since the last flush up to date: each one's path
   * towards the root, up to the first point that does not change. That is enough: a point off
   * every such path was computed from its children as they are, and a point on one that did not
   * change leaves the points above it as they were. The tree is then the one add() would have
   * kept up to date on every change (each point the least of its leaves, whatever the order).
   */
  private flush(): void {
    for (let d = 0; d < this.dirtyCount; d += 1) {
      const i = this.dirty[d]!;
      this.marked[i] = 0;
      for (let at = (this.size + i) >> 1; at >= 1 && this.pull(at); at >>= 1);
    }
    this.dirtyCount = 0;
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

  /**
   * The first node at or after `from` that passes the one-pod test for g (room may still say 0
   * after rounding), or −1. `cursor[s]` (s: g's shape) is a node before which every node fails
   * that test: nodes only fill, so a node that fails it fails it for good. The search starts there
   * when that is past `from`, looks at the next few nodes one by one (the first with room is most
   * often among them), then goes to the tree; when it started at the cursor, the node found (or
   * the end) is the new cursor.
   */
  firstFit(from: number, g: PodShape, c: Capacity, cursor: Int32Array, s: number): number {
    const at = cursor[s]!;
    const start = from > at ? from : at;
    const count = this.count;
    const end = Math.min(count, start + SCAN);
    const cpuCap = c.cpuCores + EPS;
    const memoryCap = c.memoryBytes + EPS;
    let found = -1;
    for (let i = start, leaf = this.size + start; i < end; i += 1, leaf += 1) {
      if (this.cpu[leaf]! + g.cpuCores <= cpuCap && this.memory[leaf]! + g.memoryBytes <= memoryCap && this.gpus[leaf]! + g.gpus <= c.gpus && this.pods[leaf]! + 1 <= c.pods) {
        found = i;
        break;
      }
    }
    if (found < 0 && end < count) found = this.search(end, g, c);
    if (from <= at) cursor[s] = found < 0 ? count : found;
    return found;
  }

  /** The first node at or after `from` that passes the one-pod test for g, or −1, found in the tree. */
  private search(from: number, g: PodShape, c: Capacity): number {
    if (from >= this.count) return -1;
    this.flush();
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
    // Points over no node stay +Infinity, as filled: only those over the nodes are pulled (all of
    // them, so nothing is left to flush).
    for (let lo = size >> 1, hi = (size + Math.max(this.count, 1) - 1) >> 1; lo >= 1; lo >>= 1, hi >>= 1) {
      for (let at = lo; at <= hi; at++) this.pull(at);
    }
    this.dirty = new Int32Array(size);
    this.dirtyCount = 0;
    this.marked = new Uint8Array(size);
  }
}

/** How many requests of `request` fit in what `used` leaves of `capacity` (with tolerance eps); Infinity when none is asked. */
function limit(used: number, request: number, capacity: number, eps: number): number {
  return request > 0 ? Math.floor((capacity + eps - used) / request + 1e-12) : Infinity;
}

