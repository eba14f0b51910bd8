/**
 * A phase none of whose components limits the user rate: each one's max rate n × μ × u / visits
 * is infinite because its visits per request are 0 (analyse.ts then names no bottleneck). The
 * plan is not wrong, but it sizes nothing for the load, so the renderers and a warning say why.
 */
import type { PhasePlan } from './types.js';

/** Why no component limits the phase's user rate, or null when one does (system.bottleneck named). */
export function unboundedReason(phase: Pick<PhasePlan, 'system' | 'components'>): string | null {
  if (phase.system.bottleneck !== null) return null;
  if (phase.components.every((c) => c.demand === 0)) {
    return 'no component is loaded: every demand at peak is 0 (no visits per request: perRequest 0, or no call reaches it)';
  }
  return 'no component limits the rate: none of them is visited per request (perRequest 0, or no call reaches it)';
}
