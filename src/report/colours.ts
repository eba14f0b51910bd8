/** Component colours: one categorical slot per component name, the same in every chart of a report. Pure. */
import type { Plan } from '../plan/types.js';

/** Categorical colour slots the stylesheet defines (`--k0` … `--k9`, Tableau 10 hues). */
export const COLOUR_SLOTS = 10;

/** Colour slot of each component name, in order of first appearance over the phases. */
export function componentColours(plan: Plan): Map<string, number> {
  const slots = new Map<string, number>();
  for (const p of plan.phases) for (const c of p.components) if (!slots.has(c.name)) slots.set(c.name, slots.size % COLOUR_SLOTS);
  return slots;
}

/** The CSS class of a slot: `k3`. */
export function colourClass(slot: number | undefined): string {
  return `k${slot ?? 0}`;
}
