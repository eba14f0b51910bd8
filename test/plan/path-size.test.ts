/**
 * PathBuilder decides from the call graph's counted tree size (without building the tree) when
 * the end-to-end path and one call's subtree are too large to expand (4,096 nodes: one per
 * component per path through it) and are taken flat instead.
 */
import { describe, expect, it } from 'vitest';
import { PathBuilder } from '../../src/plan/path-model.js';
import { buildRequestGraph } from '../../src/plan/request-graph.js';

/** An entry calling two components per layer, each calling both of the next layer, plus `leaves` leaf calls: 2^(layers+1) − 1 + leaves nodes. */
function layered(layers: number, leaves: number) {
  const service = (calls: string[]) => ({ kind: 'service', perRequest: 1, calls });
  const components = [{ name: 'entry', settings: service(['a1', 'b1', ...Array.from({ length: leaves }, (_, i) => `leaf${i}`)]) }];
  for (let i = 1; i <= layers; i++) {
    const next = i < layers ? [`a${i + 1}`, `b${i + 1}`] : [];
    components.push({ name: `a${i}`, settings: service(next) }, { name: `b${i}`, settings: service(next) });
  }
  for (let i = 0; i < leaves; i++) components.push({ name: `leaf${i}`, settings: service([]) });
  return buildRequestGraph({ components } as never);
}

describe('PathBuilder tree size', () => {
  it('expands a path of exactly 4,096 nodes and takes one of 4,097 flat', () => {
    // 11 layers: 2^12 − 1 = 4,095 nodes, plus one leaf call = 4,096.
    const fits = new PathBuilder(layered(11, 1), new Map(), new Map());
    const model = fits.endToEnd();
    expect(fits.flattened).toBe(false);
    expect(model.root.kind).toBe('sequence');
    const over = new PathBuilder(layered(11, 2), new Map(), new Map());
    over.endToEnd();
    expect(over.flattened).toBe(true);
  });

  it('decides one call’s subtree the same way', () => {
    const graph = layered(12, 0);
    const builder = new PathBuilder(graph, new Map(), new Map());
    // a1's subtree: 2^12 − 1 = 4,095 nodes; the entry's: 8,191.
    builder.oneCall('a1');
    expect(builder.flattened).toBe(false);
    builder.oneCall('entry');
    expect(builder.flattened).toBe(true);
  });
});
