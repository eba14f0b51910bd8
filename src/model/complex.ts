/** Complex arithmetic for the Laplace-transform inversion of path latencies. */

/** A complex number. */
export interface Complex {
  re: number;
  im: number;
}

/** x + y. */
export function add(x: Complex, y: Complex): Complex {
  return { re: x.re + y.re, im: x.im + y.im };
}

/** x × y. */
export function mul(x: Complex, y: Complex): Complex {
  return { re: x.re * y.re - x.im * y.im, im: x.re * y.im + x.im * y.re };
}

/** x × k for a real k. */
export function scale(x: Complex, k: number): Complex {
  return { re: x.re * k, im: x.im * k };
}

/** x ÷ y (Smith's algorithm). */
export function div(x: Complex, y: Complex): Complex {
  // Smith's algorithm, robust to overflow in |y|².
  if (Math.abs(y.re) >= Math.abs(y.im)) {
    const r = y.im / y.re;
    const den = y.re + y.im * r;
    return { re: (x.re + x.im * r) / den, im: (x.im - x.re * r) / den };
  }
  const r = y.re / y.im;
  const den = y.re * r + y.im;
  return { re: (x.re * r + x.im) / den, im: (x.im * r - x.re) / den };
}

/** xⁿ for a whole n ≥ 0, by squaring (each product formed as mul() forms it, in numbers: no object per step). */
export function power(x: Complex, n: number): Complex {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`power needs a whole exponent >= 0, got ${n}`);
  powerInto(x.re, x.im, n, scratch);
  return { re: scratch[0]!, im: scratch[1]! };
}

const scratch = new Float64Array(2);

/** (re + i·im)ⁿ for a whole n ≥ 0 into out[0] (re), out[1] (im), as power() forms it (unchecked: the caller's n is whole). */
export function powerInto(xRe: number, xIm: number, n: number, out: Float64Array): void {
  let re = 1;
  let im = 0;
  let baseRe = xRe;
  let baseIm = xIm;
  let k = n;
  while (k > 0) {
    if (k % 2 === 1) {
      const t = re * baseRe - im * baseIm;
      im = re * baseIm + im * baseRe;
      re = t;
    }
    const t = baseRe * baseRe - baseIm * baseIm;
    baseIm = baseRe * baseIm + baseIm * baseRe;
    baseRe = t;
    k = Math.floor(k / 2);
  }
  out[0] = re;
  out[1] = im;
}
