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
  for (let len = 2; len <= n; len <<= 1) {
    const half = len >> 1;
    const angle = (sign * 2 * Math.PI) / len;
    for (let k = 0; k < half; k++) {
      // Twiddles from the angle directly (not by repeated multiplication): no accumulated round-off.
      const wr = Math.cos(angle * k);
      const wi = Math.sin(angle * k);
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
