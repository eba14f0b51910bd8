/**
 * The discrete Fourier transform of a power-of-two length, in place: the iterative radix-2
 * Cooley–Tukey algorithm (Cooley & Tukey, Math. Comp. 19, 1965; Press et al., Numerical Recipes,
 * 3rd ed., §12.2). Real and imaginary parts in two arrays; no objects per element. Pure apart
 * from writing its arguments.
 */

/** X_k = Σ_j x_j·e^{∓2πijk/n} (sign −1 forward, +1 inverse, unscaled), n = re.length a power of two. */
export function fftInPlace(re: Float64Array, im: Float64Array, sign: 1 | -1): void {
  const n = re.length;
  if ((n & (n - 1)) !== 0 || im.length !== n) throw new RangeError(`fft length must be a power of two, got ${n}`);
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!;
      re[i] = re[j]!;
      re[j] = t;
      t = im[i]!;
      im[i] = im[j]!;
      im[j] = t;
    }
  }
  const { cos, sin } = twiddles(n);
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const stride = n / len;
    for (let k = 0; k < half; k++) {
      const wr = cos[k * stride]!;
      const wi = sign * sin[k * stride]!;
      for (let i = k; i < n; i += len) {
        const j = i + half;
        const xr = re[j]! * wr - im[j]! * wi;
        const xi = re[j]! * wi + im[j]! * wr;
        re[j] = re[i]! - xr;
        im[j] = im[i]! - xi;
        re[i] = re[i]! + xr;
        im[i] = im[i]! + xi;
      }
    }
  }
}

/*
 * c_m = Σ_{k=0}^{m} x_k·y_{m−k}, m < x.length (x and y of one length L), by the discrete Fourier
 * transform of length 2L (L a power of two), where the circular convolution is the
 * linear one: O(L log L) instead of the direct sum's O(L²). Its round-off is ~1e-16·log₂(2L) of
 * the largest |c_m| (path-parallel.ts's are ≤ 1: masses times probabilities).
 */
/** The linear convolution c_m = Σ_{k≤m} x_k·y_{m−k}, m < L, of two arrays of one power-of-two length L. */
export function linearConvolution(x: Float64Array, y: Float64Array): Float64Array {
  const len = x.length;
  const n = 2 * len;
  const xRe = new Float64Array(n);
  const xIm = new Float64Array(n);
  const yRe = new Float64Array(n);
  const yIm = new Float64Array(n);
  xRe.set(x);
  yRe.set(y);
  fftInPlace(xRe, xIm, -1);
  fftInPlace(yRe, yIm, -1);
  for (let k = 0; k < n; k++) {
    const re = xRe[k]! * yRe[k]! - xIm[k]! * yIm[k]!;
    xIm[k] = xRe[k]! * yIm[k]! + xIm[k]! * yRe[k]!;
    xRe[k] = re;
  }
  fftInPlace(xRe, xIm, 1);
  const out = new Float64Array(len);
  for (let k = 0; k < len; k++) out[k] = xRe[k]! / n;
  return out;
}

/**
 * cos and sin of 2πk/n, k < n/2, for the last length asked (a grid's FFTs share one length):
 * from the angle directly, not by repeated multiplication, so no round-off accumulates.
 */
let table: { n: number; cos: Float64Array; sin: Float64Array } = { n: 0, cos: new Float64Array(0), sin: new Float64Array(0) };

function twiddles(n: number): { cos: Float64Array; sin: Float64Array } {
  if (table.n !== n) {
    const cos = new Float64Array(n >> 1);
    const sin = new Float64Array(n >> 1);
    for (let k = 0; k < n >> 1; k++) {
      cos[k] = Math.cos((2 * Math.PI * k) / n);
      sin[k] = Math.sin((2 * Math.PI * k) / n);
    }
    table = { n, cos, sin };
  }
  return table;
}
