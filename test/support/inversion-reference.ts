/** References for the path inversion's tests (test/model/inversion-*.test.ts): Erlang's closed form, a bisected quantile, a path's shift groups. */
import type { ShiftGroup } from '../../src/model/inversion.js';
import { evaluateGroup, evaluatePath, pathShifts, type PathModel } from '../../src/model/path-tree.js';

/** P(Erlang(k, r) > t) = P(Poisson(rt) ≤ k − 1) (Ross, Introduction to Probability Models, §5.2.3), summed in logs. */
export function erlangSurvival(k: number, r: number, t: number): number {
  if (t <= 0) return 1;
  const x = r * t;
  let log = -x;
  let sum = 0;
  for (let j = 0; j < k; j++) {
    sum += Math.exp(log);
    log += Math.log(x) - Math.log(j + 1);
  }
  return Math.min(1, sum);
}

/** The p-quantile of a survival function by bisection on [lo, hi] (to 1e-14 relative). */
export function bisect(survival: (t: number) => number, p: number, lo: number, hi: number): number {
  for (let i = 0; i < 200 && hi - lo > 1e-14 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (survival(mid) > 1 - p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** The shift groups of a path, as path-latency.ts forms them (to reach the contour and the series directly). */
export function groupsOf(model: PathModel) {
  const keys = pathShifts(model, 32)!;
  const masses = evaluatePath(model, 'zero');
  const atoms = evaluatePath(model, 'infinity');
  const groups: ShiftGroup[] = keys.map((k) => ({ shiftS: k / 1e12, mass: masses.get(k)?.re ?? 0, atom: atoms.get(k)?.re ?? 0 }));
  const transform = (g: number, s: { re: number; im: number }) => evaluateGroup(model, s, keys[g]!);
  return { groups, transform };
}
