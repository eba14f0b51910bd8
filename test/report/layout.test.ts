/** The layered layout of the request-path diagram: layers by longest path, cycles broken, layers ordered by barycentre. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { layerGraph } from '../../src/report/layout.js';

describe('layerGraph', () => {
  it('puts a chain one node per layer', () => {
    expect(layerGraph(4, [[0, 1], [1, 2], [2, 3]]).layers).toEqual([[0], [1], [2], [3]]);
  });
  it('puts a fan-out in two layers, callees in profile order', () => {
    expect(layerGraph(4, [[0, 1], [0, 2], [0, 3]]).layers).toEqual([[0], [1, 2, 3]]);
  });
  it('places a node by its longest path from a source, and routes a long edge through a dummy beside the layer between', () => {
    // 0 → 1 → 2 and 0 → 2: node 2 sits below 1, and the edge 0 → 2 passes dummy 3 beside 1.
    const l = layerGraph(3, [[0, 1], [1, 2], [0, 2]]);
    expect(l.layerOf).toEqual([0, 1, 2, 1]);
    expect(l.layers).toEqual([[0], [1, 3], [2]]);
    expect(l.routes).toEqual([[0, 1], [0, 3, 2], [1, 2]]);
    expect(l.nodes).toBe(3);
  });
  it('lowers a source to just above its nearest callee', () => {
    // 0 → 1 → 2 → 3 and 4 → 3: node 4 sits beside 2, not beside 0.
    expect(layerGraph(5, [[0, 1], [1, 2], [2, 3], [4, 3]]).layerOf).toEqual([0, 1, 2, 3, 2]);
    // 4 → 3 and 4 → 1: the nearest callee is 1, so 4 stays in layer 0 and 4 → 3 passes two dummies.
    const l = layerGraph(5, [[0, 1], [1, 2], [2, 3], [4, 3], [4, 1]]);
    expect(l.layerOf.slice(0, 5)).toEqual([0, 1, 2, 3, 0]);
    expect(l.routes.find((r) => r[0] === 4 && r.at(-1) === 3)).toEqual([4, 5, 6, 3]);
  });
  it('breaks a cycle at the edge that closes it, and keeps every node', () => {
    const l = layerGraph(3, [[0, 1], [1, 2], [2, 0]]);
    expect(l.edges.filter((e) => e.back)).toEqual([{ from: 2, to: 0, back: true }]);
    expect(l.layers).toEqual([[0], [1], [2]]);
  });
  it('drops self-loops, duplicates and edges to unknown nodes', () => {
    const l = layerGraph(2, [[0, 0], [0, 1], [0, 1], [1, 5], [-1, 0]]);
    expect(l.edges).toEqual([{ from: 0, to: 1, back: false }]);
  });
  it('orders a layer by its callers’ positions, which removes a crossing', () => {
    // Layer 0 is [0, 1]; 0 calls 3 and 1 calls 2, so 3 goes first.
    expect(layerGraph(4, [[0, 3], [1, 2]]).layers).toEqual([[0, 1], [3, 2]]);
  });
  it('on any graph: each node in one layer, every forward edge pointing down, the same result twice', () => {
    const graph = fc.integer({ min: 1, max: 12 }).chain((n) => fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 30 })));
    fc.assert(
      fc.property(graph, ([n, edges]) => {
        const l = layerGraph(n, edges);
        expect(l.layers.flat().sort((a, b) => a - b)).toEqual([...Array(l.layerOf.length).keys()]);
        for (const [i, layer] of l.layers.entries()) {
          expect(layer.length).toBeGreaterThan(0);
          for (const node of layer) expect(l.layerOf[node]).toBe(i);
        }
        // Every forward edge runs down one layer a step, through its dummies; dummies belong to one route each.
        l.edges.forEach((e, k) => {
          const r = l.routes[k]!;
          expect([r[0], r.at(-1)]).toEqual([e.from, e.to]);
          if (!e.back) r.slice(1).forEach((node, i) => expect(l.layerOf[node]).toBe(l.layerOf[r[i]!]! + 1));
        });
        expect(l.routes.flatMap((r) => r.slice(1, -1)).sort((a, b) => a - b)).toEqual([...Array(l.layerOf.length - n).keys()].map((i) => n + i));
        expect(l.edges.length).toBe(new Set(edges.filter(([a, b]) => a !== b).map(([a, b]) => `${a}>${b}`)).size);
        expect(layerGraph(n, edges)).toEqual(l);
      }),
      { seed: 16, numRuns: 300 },
    );
  });
  it('lays out a graph whose long edges make a quarter of a million dummies (a 5,000-component profile crashed the report)', () => {
    // A chain of 700 nodes and node 0 calling every one: the edge 0 → k passes k − 1 dummies. The
    // layout took the deepest layer by spreading every node into Math.max (a RangeError past
    // ~120,000 arguments) and scanned every edge for each node.
    const n = 700;
    const edges: [number, number][] = [];
    for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1]);
    for (let k = 2; k < n; k++) edges.push([0, k]);
    const l = layerGraph(n, edges);
    expect(l.layers.length).toBe(n);
    expect(l.layerOf.length).toBe(n + ((n - 1) * (n - 2)) / 2);
    // Each layer below the first holds the chain's node and one dummy of each edge from 0 passing it.
    expect(l.layers[1]!.length).toBe(n - 2 + 1);
    expect(l.layers.at(-1)).toEqual([n - 1]);
  });
});
