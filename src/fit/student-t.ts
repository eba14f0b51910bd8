/**
 * Student t distribution: CDF and quantile, for the confidence intervals of a fit.
 * Self-contained (no statistics library): log-gamma, the regularised incomplete beta
 * function and a bisection inversion, all in double precision (about 1e-12 relative).
 */

/*
 * Lanczos approximation of ln Γ(x), g = 7, nine coefficients
 * (Lanczos 1964; coefficients as tabulated by Godfrey and used in Numerical Recipes, 3rd ed., §6.1):
 *   Γ(x+1) = √(2π) (x + g + ½)^(x+½) e^−(x+g+½) A_g(x),  with the reflection formula for x < ½.
 */
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** Natural logarithm of the gamma function, for x > 0. */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0] as number;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += (LANCZOS[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/*
 * Continued fraction for the incomplete beta function, evaluated by the modified Lentz method
 * (Numerical Recipes, 2nd ed., §6.4, betacf; Abramowitz & Stegun 26.5.8):
 *   I_x(a,b) = x^a (1−x)^b / (a B(a,b)) · 1/(1+ d1/(1+ d2/(1+ …)))
 *   d_{2m+1} = −(a+m)(a+b+m) x / ((a+2m)(a+2m+1)),  d_{2m} = m(b−m) x / ((a+2m−1)(a+2m)).
 */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta function I_x(a, b), for 0 ≤ x ≤ 1 and a, b > 0. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront =
    logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x);
  const front = Math.exp(lnFront);
  // Symmetry I_x(a,b) = 1 − I_{1−x}(b,a) keeps the continued fraction in its fast region.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/*
 * Student t cumulative distribution with ν degrees of freedom
 * (Numerical Recipes, 2nd ed., eq. 6.4.9; Abramowitz & Stegun 26.7.1):
 *   P(T ≤ t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, ½)  for t ≥ 0, and by symmetry for t < 0.
 */
/** P(T ≤ t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 1;
  if (t === Number.NEGATIVE_INFINITY) return 0;
  // Near the median the tail form would take I_x with x = df/(df+t²) ≈ 1, whose complement
  // 1 − x loses digits; there the central probability P(|T| < t) = I_{t²/(df+t²)}(½, df/2) is
  // taken directly (the same identity, I_x(a, b) = 1 − I_{1−x}(b, a): A&S 26.5.2, 26.7.1).
  if (t * t < df) {
    const central = 0.5 * incompleteBeta((t * t) / (df + t * t), 0.5, df / 2);
    return t >= 0 ? 0.5 + central : 0.5 - central;
  }
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * Quantile of Student's t: the t with P(T ≤ t) = p (e.g. p = 0.975 for a two-sided 95 % interval).
 * Inverts the CDF by bracketing and bisection to full double precision.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return Number.NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Number.POSITIVE_INFINITY;
  }
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
