/**
 * markBinding (src/kinds/constraint-text.ts) clears every constraint's `binds` and sets it on the
 * last constraint of the binding, by loops; the reference is the construction it replaced (a
 * delete on each, then find on a reversed copy). Both must leave the same keys, in the same order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import '../support/fast-check-seed.js';
import { markBinding } from '../../src/kinds/constraint-text.js';
import type { Binding, Constraint } from '../../src/plan/types.js';

function reference(constraints: Constraint[], binding: Binding): void {
  for (const k of constraints) delete k.binds;
  const last = [...constraints].reverse().find((k) => k.binding === binding);
  if (last) last.binds = true;
}

const bindings: Binding[] = ['throughput', 'writes', 'zoneLoss', 'minReplicas', 'floor'];

describe('markBinding', () => {
  it('marks the last constraint of the binding and clears the rest, as delete-then-find did', () => {
    const constraint = fc.record({
      binding: fc.constantFrom(...bindings),
      required: fc.integer({ min: 0, max: 9 }),
      binds: fc.constantFrom('absent', true, false, undefined),
    });
    fc.assert(
      fc.property(fc.array(constraint, { maxLength: 8 }), fc.constantFrom(...bindings), (specs, binding) => {
        const make = (): Constraint[] =>
          specs.map(({ binds, ...k }) => (binds === 'absent' ? { ...k, formula: '', substituted: '' } : { ...k, formula: '', substituted: '', binds: binds as boolean | undefined }));
        const ours = make();
        const theirs = make();
        markBinding(ours, binding);
        reference(theirs, binding);
        expect(ours.map((k) => Object.entries(k))).toEqual(theirs.map((k) => Object.entries(k)));
      }),
      { numRuns: 500 },
    );
  });
});
