// The reference packing the bulk packers are held to (test/pricing/binpack.test.ts, first-fit.test.ts).
import type { NodePlacement, PodGroup } from '../../src/pricing/zone-packing.js';

/**
 * The packing as first written, one pod at a time: each pod to the first node with room. The
 * packer places a group's identical pods in bulk and must give exactly this.
 */
export function packPodByPod(groups: PodGroup[], shares: readonly (readonly number[])[], c: { cpuCores: number; memoryBytes: number; gpus: number; pods: number }, zones: number): NodePlacement[] {
  const shareOf = new Map(groups.map((g, i) => [g, shares[i]!]));
  const size = (g: PodGroup) => Math.max(g.cpuCores / c.cpuCores, g.memoryBytes / c.memoryBytes, c.gpus > 0 ? g.gpus / c.gpus : 0, 1 / c.pods);
  const order = [...groups].sort((a, b) => size(b) - size(a) || (a.component < b.component ? -1 : 1));
  const out: NodePlacement[] = [];
  for (let zone = 0; zone < zones; zone++) {
    const bins: NodePlacement[] = [];
    for (const g of order) {
      for (let k = shareOf.get(g)![zone]!; k > 0; k--) {
        let bin = bins.find((b) => b.cpuCores + g.cpuCores <= c.cpuCores + 1e-9 && b.memoryBytes + g.memoryBytes <= c.memoryBytes + 1e-9 && b.gpus + g.gpus <= c.gpus && b.podCount + 1 <= c.pods);
        if (!bin) bins.push((bin = { zone, pods: [], podCount: 0, cpuCores: 0, memoryBytes: 0, gpus: 0 }));
        const entry = bin.pods.find((p) => p.component === g.component);
        if (entry) entry.count++;
        else bin.pods.push({ component: g.component, count: 1 });
        bin.podCount++;
        bin.cpuCores += g.cpuCores;
        bin.memoryBytes += g.memoryBytes;
        bin.gpus += g.gpus;
      }
    }
    out.push(...bins);
  }
  return out;
}
