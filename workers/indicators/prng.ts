// Seeded pseudo-random numbers for the synthetic market and Monte Carlo: xoshiro128** (Blackman & Vigna), seeded through
// splitmix32 so that nearby seeds give unrelated streams. Same seed → same sequence on every platform (32-bit integer
// arithmetic only), which is what makes generated markets and simulations byte-for-byte reproducible.

function splitmix32(state: number): () => number {
  let s = state >>> 0;
  return function nextSplitmix(): number {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;
  #spareNormal = Number.NaN;

  constructor(seed: number) {
    const init = splitmix32(Math.trunc(seed) ^ 0x5bd1e995);
    this.#a = init();
    this.#b = init();
    this.#c = init();
    this.#d = init() | 1; // the state must not be all zero
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.#b, 5), 7), 9) >>> 0;
    const t = this.#b << 9;
    this.#c ^= this.#a;
    this.#d ^= this.#b;
    this.#b ^= this.#c;
    this.#a ^= this.#d;
    this.#c ^= t;
    this.#d = rotl(this.#d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal (Marsaglia's polar method; the second variate of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.#spareNormal)) {
      const spare = this.#spareNormal;
      this.#spareNormal = Number.NaN;
      return spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.#spareNormal = v * factor;
    return u * factor;
  }

  /** Student-t with `dof` degrees of freedom, scaled to unit variance (fat tails for Monte Carlo). */
  studentT(dof: number): number {
    let chi2 = 0;
    for (let i = 0; i < dof; i++) {
      const z = this.normal();
      chi2 += z * z;
    }
    return (this.normal() / Math.sqrt(chi2 / dof)) * Math.sqrt((dof - 2) / dof);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A 32-bit seed derived from a string (FNV-1a), for per-symbol or per-strategy streams. */
export function seedFromString(text: string, base = 0): number {
  let h = (0x811c9dc5 ^ base) >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Seed of the `index`-th independent stream of a computation seeded with `seed` (a block of Monte Carlo paths, one
 * bootstrap resample): work split into chunks then draws the same numbers however the streams are grouped.
 */
export function substreamSeed(seed: number, index: number): number {
  return seedFromString(`#${index}`, seed);
}
