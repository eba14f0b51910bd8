/** Weideman's optimised Talbot contour, for numerical inversion of Laplace transforms. */
import { div, mul, scale, type Complex } from './complex.js';

/*
 * Numerical inversion of the Laplace transform on Weideman's optimized Talbot contour
 * (J.A.C. Weideman, "Optimizing Talbot's contours for the inversion of the Laplace transform",
 * SIAM J. Numer. Anal. 44(6), 2006):
 *   f(t) = (1/2πi) ∫_Γ e^{st} F(s) ds,   s(θ) = (N/t)·(σ + μ·θ·cot(αθ) + iνθ),  −π < θ < π,
 *   σ = −0.6122, μ = 0.5017, α = 0.6407, ν = 0.2645,
 * by the midpoint rule at θ_k = (k + ½)·2π/N; conjugate symmetry halves it to
 *   f(t) ≈ Im Σ_{k<N/2} (h/π)·e^{z_k}·z'_k · F(z_k/t)/t,   z = t·s(θ), h = 2π/N.
 * We invert the survival transform F(s) = (P − G(s))/s, where G is the group's transform and
 * P = G(0) its mass, so the weights fold to ω_k = (h/π)·e^{z_k}·z'_k/z_k and
 *   P(group, T − D > τ) ≈ Im Σ_k ω_k·(P − G(z_k/τ)).
 *
 * Why this and not uniformization of the phase-type sum: uniformization needs a rate q at least
 * the fastest phase, and with θ = cμ − λ for wide pools next to slow stages q·t reaches 10^4–10^6,
 * as many Poisson terms, per evaluation. The contour integral only evaluates the closed-form
 * transform (a product over stages) at N/2 = 18 points, whatever the spread of rates, since the
 * poles −μ_i, −θ_i all lie on the negative real axis, where the contour is built to enclose
 * them. Checked against closed forms, the survival is within ~1e-13 absolute in double
 * precision (N = 36), so the quantile is within ~1e-11 relative for p ≤ 0.999 — for smooth laws:
 * a pole of high order (an Erlang-k, k > 16, or many stages of one rate) within reach of the
 * nodes (r·τ from ~8 to ~1.5k) is missed (Erlang-64: ~2e-2), so path-latency.ts checks such
 * paths on the Fourier series (fourier.ts). More nodes do not help in double precision: the
 * weights grow as e^{0.17·N}.
 */
const contourPoints = 36;
/** One node of a contour: z_k and its weight ω_k. */
export interface ContourNode {
  z: Complex;
  weight: Complex;
}
/** The contour's nodes and quadrature weights (N = 36, folded by conjugate symmetry). */
export const contour = buildContour(contourPoints);

let second: ContourNode[] | null = null;
/** The same contour with N = 48 (24 nodes): an independent second reading, whose error on a law too sharp for either differs from N = 36's. */
export function checkContour(): ContourNode[] {
  second ??= buildContour(48);
  return second;
}

let third: ContourNode[] | null = null;
/** The contour with N = 64 (32 nodes): a third reading, which settles the N = 48 one where N = 36 and 48 differ (path-latency.ts). */
export function thirdContour(): ContourNode[] {
  third ??= buildContour(64);
  return third;
}

function buildContour(n: number): ContourNode[] {
  const sigma = -0.6122;
  const mu = 0.5017;
  const alpha = 0.6407;
  const nu = 0.2645;
  const h = (2 * Math.PI) / n;
  const nodes: ContourNode[] = [];
  for (let k = 0; k < n / 2; k++) {
    const theta = (k + 0.5) * h;
    const a = alpha * theta;
    const cot = Math.cos(a) / Math.sin(a);
    const z = { re: n * (sigma + mu * theta * cot), im: n * nu * theta };
    const dz = { re: n * mu * (cot - a / Math.sin(a) ** 2), im: n * nu };
    const ez = Math.exp(z.re);
    const expZ = { re: ez * Math.cos(z.im), im: ez * Math.sin(z.im) };
    nodes.push({ z, weight: scale(div(mul(expZ, dz), z), h / Math.PI) });
  }
  return nodes;
}
