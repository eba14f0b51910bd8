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

/** Layers a graph of `n` nodes with edges `[from, to]` (duplicates and self-loops dropped). */
export function layerGraph(n: number, edgeList: readonly (readonly [number, number])[]): Layering {
  const seen = new Set<string>();
  const out: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edgeList) {
    const key = `${a}>${b}`;
    if (a === b || seen.has(key) || a < 0 || b < 0 || a >= n || b >= n) continue;
    seen.add(key);
    out[a]!.push(b);
  }
  const back = findBackEdges(n, out);
  const edges: LayoutEdge[] = [];
  for (let a = 0; a < n; a++) for (const b of out[a]!) edges.push({ from: a, to: b, back: back.has(`${a}>${b}`) });
  const forward = edges.filter((e) => !e.back);

  // Longest path from a source over the forward edges (a DAG), in topological order (Kahn).
  const indegree = new Array<number>(n).fill(0);
  for (const e of forward) indegree[e.to]!++;
  const layerOf = new Array<number>(n).fill(0);
  const queue = [...Array(n).keys()].filter((i) => indegree[i] === 0);
  for (let head = 0; head < queue.length; head++) {
    const a = queue[head]!;
    for (const e of forward) {
      if (e.from !== a) continue;
      layerOf[e.to] = Math.max(layerOf[e.to]!, layerOf[a]! + 1);
      if (--indegree[e.to]! === 0) queue.push(e.to);
    }
  }
  // A source that calls only deep nodes moves down to just above the first of them, so that
  // its arrows do not cross the layers in between (a queue consumer beside the API it shares a database with).
  for (let a = 0; a < n; a++) {
    const down = forward.filter((e) => e.from === a).map((e) => layerOf[e.to]!);
    if (down.length && !forward.some((e) => e.to === a)) layerOf[a] = Math.min(...down) - 1;
  }
  // Long forward edges pass through a dummy node in each layer between their ends.
  const routes = edges.map((e) => {
    if (e.back) return [e.from, e.to];
    const route = [e.from];
    for (let l = layerOf[e.from]! + 1; l < layerOf[e.to]!; l++) {
      route.push(layerOf.length);
      layerOf.push(l);
    }
    return [...route, e.to];
  });
  const segments: LayoutEdge[] = routes.flatMap((r, k) => (edges[k]!.back ? [] : r.slice(1).map((to, i) => ({ from: r[i]!, to, back: false }))));
  const depth = Math.max(0, ...layerOf) + 1;
  const layers: number[][] = Array.from({ length: depth }, () => []);
  layerOf.forEach((l, i) => layers[l]!.push(i));
  orderByBarycentre(layers, segments);
  // Layers are never empty: each holds a node whose longest path (or a dummy's edge) ends there.
  return { layerOf, layers, edges, routes, nodes: n };
}

/** Edges that close a cycle, found by an iterative depth-first search from each node in order. */
function findBackEdges(n: number, out: readonly number[][]): Set<string> {
  const state = new Array<0 | 1 | 2>(n).fill(0); // 0 new, 1 on the stack, 2 done
  const back = new Set<string>();
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
      if (state[b] === 1) back.add(`${a}>${b}`);
      else if (state[b] === 0) {
        state[b] = 1;
        stack.push([b, 0]);
      }
    }
  }
  return back;
}

/** Reorders each layer by the mean position of its nodes' callers in the layers above (stable). */
function orderByBarycentre(layers: number[][], edges: readonly LayoutEdge[]): void {
  for (let sweep = 0; sweep < ORDER_SWEEPS; sweep++) {
    const position = new Map<number, number>();
    layers.forEach((layer) => layer.forEach((node, i) => position.set(node, i)));
    for (let l = 1; l < layers.length; l++) {
      const layer = layers[l]!;
      const key = new Map<number, number>();
      for (const node of layer) {
        const above = edges.filter((e) => e.to === node).map((e) => position.get(e.from)!);
        key.set(node, above.length ? above.reduce((s, v) => s + v, 0) / above.length : position.get(node)!);
      }
      layer.sort((a, b) => key.get(a)! - key.get(b)! || a - b);
      layer.forEach((node, i) => position.set(node, i));
    }
  }
}
