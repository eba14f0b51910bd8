/** A deployed topology held against another plan's load and capacities. */
import { deployedMaxRps } from '../gate/rules.js';
import type { ComponentPlan, PhasePlan } from '../plan/types.js';
import { byName } from '../plan/by-name.js';

/** What a component's deployed headroom reads of the plan it is held against. */
export type HeldComponent = Pick<ComponentPlan, 'name' | 'replicas' | 'maxRps' | 'maxRpsBy' | 'unitLabel'>;

/**
 * Headroom of a deployed plan's units under a sample's plan (its load and capacities): per
 * component the gate's deployedMaxRps (capacity-limited replicas scale linearly; other limits are
 * not credited for extra units), the least over components, ÷ the sample's peak.
 */
export function deployedHeadroom(sample: { peakRps: number; components: readonly HeldComponent[] }, deployed: Pick<PhasePlan, 'components'>): number {
  if (!(sample.peakRps > 0)) return Infinity;
  let least = Infinity;
  const plans = byName(deployed.components);
  for (const c of sample.components) {
    const units = plans.get(c.name)?.replicas ?? c.replicas;
    // deployedMaxRps reads only these fields of the component.
    least = Math.min(least, deployedMaxRps(c as ComponentPlan, units));
  }
  return least / sample.peakRps;
}
