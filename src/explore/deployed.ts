/** A deployed topology held against another plan's load and capacities. */
import { deployedMaxRps } from '../gate/rules.js';
import type { PhasePlan } from '../plan/types.js';

/**
 * Headroom of a deployed plan's units under a sample's plan (its load and capacities): per
 * component the gate's deployedMaxRps (capacity-limited replicas scale linearly; other limits are
 * not credited for extra units), the least over components, ÷ the sample's peak.
 */
export function deployedHeadroom(sample: PhasePlan, deployed: PhasePlan): number {
  if (!(sample.peakRps > 0)) return Infinity;
  let least = Infinity;
  for (const c of sample.components) {
    const units = deployed.components.find((d) => d.name === c.name)?.replicas ?? c.replicas;
    least = Math.min(least, deployedMaxRps(c, units));
  }
  return least / sample.peakRps;
}
