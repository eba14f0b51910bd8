/**
 * The simulator's random numbers: xoshiro128** written out (no Math.random), seeded per
 * replication and stream by a splitmix32-style hash, so that the same seed gives the same bytes
 * on every machine. Only 32-bit integer arithmetic (Math.imul, shifts), which JavaScript
 * defines exactly.
 */

/*
 * A 32-bit finaliser over a Weyl sequence (the splitmix construction of Steele, Lea & Flood,
 * "Fast splittable pseudorandom number generators", OOPSLA 2014, with the 32-bit mixing
 * constants of MurmurHash3's fmix32): turns (seed, replication, stream) into well-spread state
 * words, never all zero.
 */
function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

/** 2^-32: maps a 32-bit word to [0, 1). */
const TWO_POW_MINUS_32 = 2.3283064365386963e-10;

/**
 * xoshiro128** 1.0 (Blackman & Vigna, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4), 2021; reference code at prng.di.unimi.it): 128 bits of state, period 2^128 − 1,
 * passes BigCrush; output = rotl(s1 · 5, 7) · 9.
 */
export class Rng {
  /** The four state words; a typed array, so that 32-bit values never become boxed heap numbers. */
  private readonly s = new Int32Array(4);

  /** A generator for one (seed, replication, stream) triple; distinct triples give independent-looking streams. */
  constructor(seed: number, replication = 0, stream = 0) {
    let w = mix32(Math.imul(seed | 0, 0x9e3779b9) ^ mix32((seed / 4294967296) | 0));
    w = mix32(w + Math.imul(replication + 1, 0x632be5ab));
    w = mix32(w + Math.imul(stream + 1, 0x85157af5));
    const s = this.s;
    s[0] = mix32(w + 0x9e3779b9);
    s[1] = mix32(w + 0x3c6ef372);
    s[2] = mix32(w + 0xdaa66d2b);
    s[3] = mix32(w + 0x78dde6e4);
    if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[3] = 1;
  }

  /** A generator with the given raw state words (for reference vectors). */
  static fromState(a: number, b: number, c: number, d: number): Rng {
    const r = new Rng(0);
    r.s.set([a, b, c, d]);
    return r;
  }

  /** The next 32-bit output as an unsigned integer. */
  nextUint32(): number {
    const s = this.s;
    const s1 = s[1]!;
    const r = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    s[2]! ^= s[0]!;
    s[3]! ^= s1;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return r >>> 0;
  }

  /** Uniform on the open interval (0, 1), at 2^-32 resolution: never 0 or 1, so −ln(U) is finite. */
  uniform(): number {
    return (this.nextUint32() + 0.5) * TWO_POW_MINUS_32;
  }

  /**
   * An exponential variate of mean 1, by the ziggurat (Marsaglia & Tsang, "The Ziggurat Method for
   * Generating Random Variables", J. Stat. Software 5(8), 2000): 256 layers of equal area under
   * e^−x; about 98.9 % of draws take one 32-bit word, a comparison and a product, against a
   * logarithm for −ln U. One word gives the layer (its low 8 bits) and, independently, the
   * position in it (the high 24 bits, at the cell's middle, so never 0), the repair Doornik
   * ("An Improved Ziggurat Method to Generate Normal Random Samples", 2005) makes to the
   * original's shared bits. The tail beyond r is r + Exp(1) (memorylessness).
   */
  exponential(): number {
    for (;;) {
      const j = this.nextUint32();
      const i = j & 255;
      const u = (j >>> 8) + 0.5;
      if (u < ZIG_K[i]!) return u * ZIG_W[i]!;
      if (i === 0) return ZIG_R - Math.log(this.uniform());
      const x = u * ZIG_W[i]!;
      if (ZIG_F[i]! + this.uniform() * (ZIG_F[i - 1]! - ZIG_F[i]!) < Math.exp(-x)) return x;
    }
  }

  /** A uniform integer in [0, n) (n ≤ 2^32; the bias of the multiply-shift map is below n/2^32). */
  below(n: number): number {
    return Math.floor(this.uniform() * n);
  }
}

/**
 * The ziggurat's tables (Marsaglia & Tsang 2000, the exponential set-up `zigset`, scaled to a
 * 24-bit position): r = x_255, the right edge of the widest layer, and v, each layer's area.
 * Layer i spans [0, x_i]; ZIG_K[i] = 2^24 · x_(i−1)/x_i (a draw below it is inside the layer's
 * core), ZIG_W[i] = x_i / 2^24, ZIG_F[i] = e^(−x_i). Layer 0 is the base strip with the tail.
 */
const ZIG_R = 7.697117470131487;
const ZIG_V = 3.949659822581572e-3;
const ZIG_K = new Float64Array(256);
const ZIG_W = new Float64Array(256);
const ZIG_F = new Float64Array(256);
{
  const m = 16777216;
  const q = ZIG_V / Math.exp(-ZIG_R);
  let de = ZIG_R;
  let te = ZIG_R;
  ZIG_K[0] = (de / q) * m;
  ZIG_K[1] = 0;
  ZIG_W[0] = q / m;
  ZIG_W[255] = de / m;
  ZIG_F[0] = 1;
  ZIG_F[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(ZIG_V / de + Math.exp(-de));
    ZIG_K[i + 1] = (de / te) * m;
    te = de;
    ZIG_F[i] = Math.exp(-de);
    ZIG_W[i] = de / m;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
