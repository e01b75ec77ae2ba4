// One side of a price-level book, indexed by price in ticks.
//
// Why not a sorted array (what ccxt does): every insert or delete there shifts the tail of two
// arrays, O(levels) per update. Here a level lives at sizes[tick - base] inside a power-of-two
// window, so set/get are O(1); a bitset of non-empty slots finds the next level after the best is
// removed 32 ticks per step (Math.clz32). Levels too far from the action to fit the window (junk
// bids at 1.00 in a full-depth book) go to a small sorted overflow list, which by construction only
// ever holds levels worse than the whole window, so best-first iteration is "window, then overflow".
//
// Sizes are integers in the market's smallest unit, kept in a Float64Array: exact up to 2^53 and
// free of the 2^31 limit an Int32Array would impose on, e.g., satoshi sizes.

const INITIAL_CAP = 1 << 12;
/** Largest window (slots): 2 MiB of sizes per side; levels further out spill to the overflow. */
export const MAX_CAP = 1 << 18;
const EMPTY_F64 = new Float64Array(0);
const EMPTY_U32 = new Uint32Array(0);

export class SideBook {
  /** Bids: best is the highest tick. Asks: best is the lowest. */
  readonly isBid: boolean;
  private base = 0;
  private cap = 0;
  private sizes: Float64Array = EMPTY_F64;
  private bits: Uint32Array = EMPTY_U32;
  private count = 0;
  /** Best tick inside the window, NaN when the window is empty. */
  private best = NaN;
  /** Far levels, sorted best-first; all are worse than every tick the window can hold. */
  private ovTicks: number[] = [];
  private ovSizes: number[] = [];

  constructor(
    isBid: boolean,
    private readonly maxCap = MAX_CAP,
  ) {
    this.isBid = isBid;
  }

  get levels(): number {
    return this.count + this.ovTicks.length;
  }

  bestTick(): number {
    if (this.count > 0) return this.best;
    return this.ovTicks.length > 0 ? this.ovTicks[0]! : NaN;
  }

  get(tick: number): number {
    const idx = tick - this.base;
    if (idx >= 0 && idx < this.cap) return this.sizes[idx]!;
    const k = this.ovIndex(tick);
    return k < this.ovTicks.length && this.ovTicks[k] === tick ? this.ovSizes[k]! : 0;
  }

  /** Sets the absolute size at tick (0 removes the level) and returns the previous size. */
  set(tick: number, size: number): number {
    let idx = tick - this.base;
    if (idx < 0 || idx >= this.cap) {
      if (size === 0 || !this.fit(tick)) return this.setOverflow(tick, size);
      idx = tick - this.base;
    }
    const sizes = this.sizes;
    const old = sizes[idx]!;
    sizes[idx] = size;
    if (old === 0) {
      if (size !== 0) {
        this.bits[idx >>> 5]! |= 1 << (idx & 31);
        this.count++;
        if (this.isBid ? !(tick <= this.best) : !(tick >= this.best)) this.best = tick;
      }
    } else if (size === 0) {
      this.bits[idx >>> 5]! &= ~(1 << (idx & 31));
      this.count--;
      if (tick === this.best) this.best = this.count > 0 ? this.scanWorse(idx) : NaN;
    }
    return old;
  }

  clear(): void {
    if (this.count > 0) {
      // Clearing slot by slot keeps the window: a replacement book usually lands in the same range.
      let t = this.best;
      while (t === t) {
        const idx = t - this.base;
        this.sizes[idx] = 0;
        t = this.nextWorseInWindow(t);
        this.bits[idx >>> 5]! &= ~(1 << (idx & 31));
      }
      this.count = 0;
      this.best = NaN;
    }
    this.ovTicks.length = 0;
    this.ovSizes.length = 0;
  }

  /**
   * The next level strictly worse than tick, NaN when none. tick must be a level of this side or
   * a tick inside the window; the overflow is walked after the window.
   */
  nextWorse(tick: number): number {
    const idx = tick - this.base;
    if (idx >= 0 && idx < this.cap) {
      const t = this.count > 0 ? this.nextWorseInWindow(tick) : NaN;
      if (t === t) return t;
      return this.ovTicks.length > 0 ? this.ovTicks[0]! : NaN;
    }
    const k = this.ovIndex(tick);
    const j = k < this.ovTicks.length && this.ovTicks[k] === tick ? k + 1 : k;
    return j < this.ovTicks.length ? this.ovTicks[j]! : NaN;
  }

  /** Writes up to n best levels into the outputs; returns how many were written. */
  readTop(n: number, outTicks: Float64Array, outSizes: Float64Array): number {
    let k = 0;
    let t = this.bestTick();
    while (k < n && t === t) {
      outTicks[k] = t;
      outSizes[k] = this.get(t);
      k++;
      t = this.nextWorse(t);
    }
    return k;
  }

  /** Calls fn for each level best-first until fn returns false. */
  forEach(fn: (tick: number, size: number) => boolean): void {
    for (let t = this.bestTick(); t === t; t = this.nextWorse(t)) if (!fn(t, this.get(t))) return;
  }

  private nextWorseInWindow(tick: number): number {
    const idx = tick - this.base;
    return this.scanWorse(idx);
  }

  /** Nearest set slot strictly worse than idx, as a tick; NaN when none. */
  private scanWorse(idx: number): number {
    const bits = this.bits;
    if (this.isBid) {
      let w = idx >>> 5;
      const b = idx & 31;
      let m = b === 0 ? 0 : bits[w]! & (0xffffffff >>> (32 - b));
      while (m === 0) {
        if (--w < 0) return NaN;
        m = bits[w]!;
      }
      return this.base + (w << 5) + 31 - Math.clz32(m);
    }
    let w = idx >>> 5;
    const b = idx & 31;
    let m = b === 31 ? 0 : bits[w]! & ~((2 << b) - 1);
    const words = bits.length;
    while (m === 0) {
      if (++w >= words) return NaN;
      m = bits[w]!;
    }
    return this.base + (w << 5) + 31 - Math.clz32(m & -m);
  }

  /** Binary search in the overflow (best-first order): first index not better than tick. */
  private ovIndex(tick: number): number {
    const a = this.ovTicks;
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.isBid ? a[mid]! > tick : a[mid]! < tick) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private setOverflow(tick: number, size: number): number {
    const k = this.ovIndex(tick);
    const found = k < this.ovTicks.length && this.ovTicks[k] === tick;
    const old = found ? this.ovSizes[k]! : 0;
    if (size === 0) {
      if (found) {
        this.ovTicks.splice(k, 1);
        this.ovSizes.splice(k, 1);
      }
    } else if (found) {
      this.ovSizes[k] = size;
    } else {
      this.ovTicks.splice(k, 0, tick);
      this.ovSizes.splice(k, 0, size);
    }
    return old;
  }

  /**
   * Re-lays the window so tick fits, if that is sensible; false means tick belongs in the
   * overflow (the window is at its maximum and tick is on the far side of it).
   */
  private fit(tick: number): boolean {
    if (this.cap >= this.maxCap && this.levels > 0) {
      const farSide = this.isBid ? tick < this.base : tick >= this.base + this.cap;
      if (farSide) return false;
    }
    this.rewindow(tick);
    const idx = tick - this.base;
    return idx >= 0 && idx < this.cap;
  }

  private rewindow(extra: number): void {
    const ticks: number[] = [];
    const sizes: number[] = [];
    this.forEach((t, s) => {
      ticks.push(t);
      sizes.push(s);
      return true;
    });
    let lo = extra;
    let hi = extra;
    for (const t of ticks) {
      if (t < lo) lo = t;
      if (t > hi) hi = t;
    }
    const span = hi - lo + 1;
    let cap = Math.max(INITIAL_CAP, this.cap);
    while (cap < span * 2 && cap < this.maxCap) cap *= 2;
    let base: number;
    if (span * 2 <= cap) {
      base = lo - Math.floor((cap - span) / 2);
    } else {
      // Cannot hold everything: centre on the best level so the action stays in the window.
      const best = this.isBid ? Math.max(hi, extra) : Math.min(lo, extra);
      base = best - cap / 2;
    }
    if (cap !== this.cap) {
      this.sizes = new Float64Array(cap);
      this.bits = new Uint32Array(cap >>> 5);
      this.cap = cap;
    } else {
      this.sizes.fill(0);
      this.bits.fill(0);
    }
    this.base = base;
    this.count = 0;
    this.best = NaN;
    this.ovTicks = [];
    this.ovSizes = [];
    // Best-first order keeps the overflow sorted with plain pushes.
    for (let i = 0; i < ticks.length; i++) {
      const t = ticks[i]!;
      const idx = t - base;
      if (idx >= 0 && idx < cap) this.set(t, sizes[i]!);
      else {
        this.ovTicks.push(t);
        this.ovSizes.push(sizes[i]!);
      }
    }
  }
}
