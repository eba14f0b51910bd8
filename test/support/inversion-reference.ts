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

/** F(x) = P(Erlang(k, r) ≤ x) (1 − erlangSurvival, summed from the other end where it is small). */
function erlangCdf(k: number, r: number, x: number): number {
  return 1 - erlangSurvival(k, r, x);
}

/** The Erlang(k, r) density r^k x^{k−1} e^{−rx}/(k − 1)!, in logs. */
export function erlangDensity(k: number, r: number, x: number): number {
  if (!(x > 0)) return 0;
  let logFactorial = 0;
  for (let j = 2; j < k; j++) logFactorial += Math.log(j);
  return Math.exp(k * Math.log(r) + (k - 1) * Math.log(x) - r * x - logFactorial);
}

/**
 * P(X + Y > t) for independent X ~ Erlang(kx, rx) (narrow: its mass within [a, b]) and Y ~ Erlang(ky, ry), as
 *   P(Y > t) + ∫_0^t f_Y(t − x)·P(X > x) dx = P(Y > t) + [F_Y(t) − F_Y(t − a)] + ∫_a^b f_Y(t − x)·P(X > x) dx
 * (P(X > x) = 1 below a, 0 beyond b), the last integral by Simpson's rule on 4,000 panels: Y's
 * density against X's survival, the other way round from src/model/split-inversion.ts.
 */
export function erlangPairSurvival(kx: number, rx: number, ky: number, ry: number, t: number): number {
  const mean = kx / rx;
  const sd = Math.sqrt(kx) / rx;
  const a = Math.max(0, Math.min(t, mean - 14 * sd));
  const b = Math.min(t, mean + 24 * sd);
  let integral = 0;
  if (b > a) {
    const n = 4000;
    const h = (b - a) / n;
    for (let i = 0; i <= n; i++) {
      const x = a + i * h;
      integral += (i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2) * erlangDensity(ky, ry, t - x) * erlangSurvival(kx, rx, x);
    }
    integral *= h / 3;
  }
  return erlangSurvival(ky, ry, t) + (erlangCdf(ky, ry, t) - erlangCdf(ky, ry, t - a)) + integral;
}
