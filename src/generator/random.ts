/**
 * A small seeded PRNG of our own (sfc32, seeded through splitmix32) so that the same options give
 * byte-identical output on every machine and Node version: Math.random cannot be seeded.
 *
 * Independent streams are derived from (seed, stream, index), so a session's events depend only on
 * its own number and not on how many numbers other parts of the generator happened to draw.
 */

/** splitmix32 finaliser: spreads any 32-bit input over all 32 bits. */
export function mix32(x: number): number {
  x = (x + 0x9e3779b9) | 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Named streams, so that adding a stream never shifts the numbers of another. */
export const Stream = {
  songs: 1,
  unknownSongs: 2,
  users: 3,
  sessions: 4,
  schedule: 5,
  world: 6,
} as const;

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /** seed: any non-negative safe integer; stream and index pick an independent sequence. */
  constructor(seed: number, stream = 0, index = 0) {
    const lo = seed >>> 0;
    const hi = Math.floor(seed / 4294967296) >>> 0;
    let h = mix32(lo ^ mix32(hi ^ mix32(stream ^ mix32(index))));
    this.a = h;
    h = mix32(h);
    this.b = h;
    h = mix32(h);
    this.c = h;
    this.d = 1;
    // sfc32 needs a few rounds to forget a weak seed.
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** Uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Standard normal (Box–Muller; one value per call keeps the stream position simple). */
  normal(): number {
    const u = 1 - this.float(); // (0, 1]: log(0) is never taken
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.float());
  }

  /** Log-normal with the given median: skewed durations and gaps. */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Index in [0, n) skewed towards 0 (popular items first): n * u^power. */
  skewed(n: number, power: number): number {
    return Math.min(n - 1, Math.floor(n * Math.pow(this.float(), power)));
  }

  /** Index drawn with probability proportional to weights (a short table; linear scan). */
  weighted(weights: readonly number[], total: number): number {
    let r = this.float() * total;
    for (let i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0) return i;
    }
    return weights.length - 1;
  }
}
