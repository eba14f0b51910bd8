// The words of a sizing's constraints, shared by the kinds: the `floor` constraint, counts with
// their labels, availability as typed, and which constraint binds. Pure.
import type { Binding, Constraint } from '../plan/types.js';

/**
 * The `floor` constraint: the fewest units a component runs whatever its load (one replica, one
 * device, three Redis Cluster primaries). It binds when every other constraint asks for no more,
 * so that a component at 1 % utilisation is not said to be bound by its throughput.
 */
export function floorConstraint(units: number, label: string, why = 'no other constraint asks for more'): Constraint {
  return { binding: 'floor', required: units, formula: `n ≥ ${units} (at least ${units} ${units === 1 ? `${singular(label)} runs` : `${label} run`} whatever the load)`, substituted: `${why}: n = ${units}` };
}

/** An availability target as a percentage with the digits it was given: 0.9995 → "99.95%". */
export function availabilityText(availability: number): string {
  // Four decimals, and more where they would round a target below 100 % up to it (99.99999 %, not 100 %).
  let digits = 4;
  while (availability < 1 && digits < 12 && Number((availability * 100).toFixed(digits)) >= 100) digits++;
  return `${Number((availability * 100).toFixed(digits))}%`;
}

/** Marks the last constraint of the given binding as the one that binds (for kinds whose count is not one constraint's). */
export function markBinding(constraints: Constraint[], binding: Binding): void {
  // `delete` only where the key is (a delete of an absent key was a runtime call a constraint), and
  // the last match found by a backward loop, not in a reversed copy of the array.
  for (let i = 0; i < constraints.length; i++) if ('binds' in constraints[i]!) delete constraints[i]!.binds;
  for (let i = constraints.length - 1; i >= 0; i--) {
    if (constraints[i]!.binding === binding) {
      constraints[i]!.binds = true;
      return;
    }
  }
}

/** Counts already worded, by label then count (a component's topology; most counts are small and repeat). */
const countTexts = new Map<string, string[]>();

/** "3 replicas", "1 replica": a count with its label, singular for one. */
export function countText(n: number, label: string): string {
  if (!(Number.isInteger(n) && n >= 0 && n < 1024)) return `${n} ${n === 1 ? singular(label) : label}`;
  let byCount = countTexts.get(label);
  if (byCount === undefined) {
    byCount = [];
    countTexts.set(label, byCount);
  }
  return (byCount[n] ??= `${n} ${n === 1 ? singular(label) : label}`);
}

/** "replicas" → "replica", "GPUs" → "GPU", "read replicas" → "read replica". */
export function singular(label: string): string {
  return label.endsWith('ies') ? `${label.slice(0, -3)}y` : label.endsWith('s') ? label.slice(0, -1) : label;
}
