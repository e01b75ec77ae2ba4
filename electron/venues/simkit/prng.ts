// Deterministic randomness for the simulators. Math.random is never used: a seed must reproduce a
// market exactly so that a failing test or a bug report can be replayed.

/** FNV-1a over a string, mixed with a numeric seed; gives each market its own independent stream. */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= Math.floor(seed / 0x100000000) >>> 0;
  return h >>> 0;
}

/**
 * mulberry32: one 32-bit state word, a handful of integer ops per draw and no allocation, which
 * matters at 100k updates/s. Its period (2^32) is far beyond any simulator run's draw count per market.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}
