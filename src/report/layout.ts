/**
 * Layout of the request-path diagram: a layered drawing of the call graph in the manner of
 * Sugiyama, Tagawa and Toda ("Methods for visual understanding of hierarchical system
 * structures", IEEE SMC 1981): cycles broken by reversing the back edges a depth-first search
 * finds, each node put in the layer of its longest path from a source (a source then lowered to
 * just above its nearest callee), an edge that spans several layers routed through a dummy node
 * in each layer between (so that it passes beside the boxes there, not through them), then each
 * layer ordered
 * by the barycentre (mean position) of its callers, a few sweeps down. Pure and deterministic:
 * ties keep the profile's order.
 */

/** A directed edge between two node indices. */
export interface LayoutEdge {
  from: number;
  to: number;
  /** True when the edge closes a cycle (drawn against the flow). */
  back: boolean;
}

/** Nodes by layer, each layer in drawing order. */
export interface Layering {
  /** Layer of each node, the dummies included. */
  layerOf: number[];
  /** Node indices of each layer, in order, the dummies included. */
  layers: number[][];
  edges: LayoutEdge[];
  /** For each edge (in the order of `edges`), the nodes it passes through: from, dummies, to. */
  routes: number[][];
  /** The graph's own nodes are 0 … nodes − 1; the indices from `nodes` up are dummies. */
  nodes: number;
}

/** Sweeps of barycentre ordering; two settle the small graphs profiles have. */
const ORDER_SWEEPS = 4;

/**
 * Layers a graph of `n` nodes with edges `[from, to]` (duplicates and self-loops dropped). Linear
 * in nodes, edges and dummies (each step reads per-node edge lists, never a scan of every edge per
 * node): a generated profile of 5,000 components has ~10,000 nodes with the dummies.
 */
export function layerGraph(n: number, edgeList: readonly (readonly [number, number])[]): Layering {
  const seen = new Set<number>();
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edgeList) {
    if (a === b || a < 0 || b < 0 || a >= n || b >= n) continue;
    const key = a * n + b;
    if (seen.has(key)) continue;
    seen.add(key);
    out[a]!.push(b);
  }
  const back = findBackEdges(n, out);
  const edges: LayoutEdge[] = [];
  // The forward edges leaving each node, in the order of `edges`.
  const forwardOut: number[][] = Array.from({ length: n }, () => []);
  const indegree = new Array<number>(n).fill(0);
  for (let a = 0; a < n; a++) {
    for (const b of out[a]!) {
      const isBack = back.has(a * n + b);
      edges.push({ from: a, to: b, back: isBack });
      if (isBack) continue;
      forwardOut[a]!.push(b);
      indegree[b]!++;
    }
  }
  const called = indegree.map((d) => d > 0);

  // Longest path from a source over the forward edges (a DAG), in topological order (Kahn).
  const layerOf = new Array<number>(n).fill(0);
  const queue: number[] = [];
  for (let i = 0; i < n; i++) if (indegree[i] === 0) queue.push(i);
  for (let head = 0; head < queue.length; head++) {
    const a = queue[head]!;
    for (const b of forwardOut[a]!) {
      layerOf[b] = Math.max(layerOf[b]!, layerOf[a]! + 1);
      if (--indegree[b]! === 0) queue.push(b);
    }
  }
  // A source that calls only deep nodes moves down to just above the first of them, so that
  // its arrows do not cross the layers in between (a queue consumer beside the API it shares a database with).
  for (let a = 0; a < n; a++) {
    if (called[a] || forwardOut[a]!.length === 0) continue;
    let nearest = Infinity;
    for (const b of forwardOut[a]!) nearest = Math.min(nearest, layerOf[b]!);
    layerOf[a] = nearest - 1;
  }
  // Long forward edges pass through a dummy node in each layer between their ends.
  const routes = edges.map((e) => {
    if (e.back) return [e.from, e.to];
    const route = [e.from];
    for (let l = layerOf[e.from]! + 1; l < layerOf[e.to]!; l++) {
      route.push(layerOf.length);
      layerOf.push(l);
    }
    route.push(e.to);
    return route;
  });
  const segments: LayoutEdge[] = [];
  for (let k = 0; k < routes.length; k++) {
    if (edges[k]!.back) continue;
    const r = routes[k]!;
    for (let i = 1; i < r.length; i++) segments.push({ from: r[i - 1]!, to: r[i]!, back: false });
  }
  let depth = 1;
  for (const l of layerOf) depth = Math.max(depth, l + 1);
  const layers: number[][] = Array.from({ length: depth }, () => []);
  layerOf.forEach((l, i) => layers[l]!.push(i));
  orderByBarycentre(layers, segments, layerOf.length);
  // Layers are never empty: each holds a node whose longest path (or a dummy's edge) ends there.
  return { layerOf, layers, edges, routes, nodes: n };
}

/** Edges that close a cycle, found by an iterative depth-first search from each node in order. */
function findBackEdges(n: number, out: readonly number[][]): Set<number> {
  const state = new Array<0 | 1 | 2>(n).fill(0); // 0 new, 1 on the stack, 2 done
  const back = new Set<number>(); // edge a → b as a × n + b
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const [a, i] = top;
      if (i >= out[a]!.length) {
        state[a] = 2;
        stack.pop();
        continue;
      }
      top[1]++;
      const b = out[a]![i]!;
      if (state[b] === 1) back.add(a * n + b);
      else if (state[b] === 0) {
        state[b] = 1;
        stack.push([b, 0]);
      }
    }
  }
  return back;
}

/**
 * Reorders each layer by the mean position of its nodes' callers in the layers above (stable).
 * `count` nodes in all, the dummies included; each node's callers are summed in the order of
 * `edges`.
 */
function orderByBarycentre(layers: number[][], edges: readonly LayoutEdge[], count: number): void {
  const callers: number[][] = Array.from({ length: count }, () => []);
  for (const e of edges) callers[e.to]!.push(e.from);
  const position = new Array<number>(count).fill(0);
  const key = new Array<number>(count).fill(0);
  for (let sweep = 0; sweep < ORDER_SWEEPS; sweep++) {
    layers.forEach((layer) => layer.forEach((node, i) => (position[node] = i)));
    for (let l = 1; l < layers.length; l++) {
      const layer = layers[l]!;
      for (const node of layer) {
        const above = callers[node]!;
        let sum = 0;
        for (const from of above) sum += position[from]!;
        key[node] = above.length ? sum / above.length : position[node]!;
      }
      layer.sort((a, b) => key[a]! - key[b]! || a - b);
      layer.forEach((node, i) => (position[node] = i));
    }
  }
}
