// Ladder views: N price rows around a subscriber-controlled centre, over one venue book or over a
// canonical instrument's venue books (consolidated on the fly: the consolidated book is by
// definition the sum of the venue books, so computing it at display rate from them cannot drift).
//
// Rows are keyed by "row keys": a level at canonical tick c lands in key floor(c/g) for bids and
// ceil(c/g) for asks (g = grouping ticks), the usual conservative grouping. A venue tick t maps to
// canonical tick t*num/den (exact rational; finer venue ticks group like bids/asks above).
import type { LadderFrame } from '../../shared/ladder-frame';
import { encodeLadderFrame } from '../../shared/ladder-frame';
import type { Book } from '../book/book';

export interface Source {
  book: Book;
  label: string;
  /** Venue tick → canonical tick ratio. */
  num: number;
  den: number;
  /** Venue lots → instrument size units. */
  sizeMul: number;
  own: readonly OwnOrder[];
  /** The venue's feed, shared with the engine: a non-live venue's levels are left out. */
  feed: { state: 'live' | 'stale' | 'down' };
}

export interface OwnOrder {
  tick: number;
  isBid: boolean;
  size: number;
}

export interface InstrumentGrid {
  priceScale: number;
  sizeScale: number;
  /** One canonical tick in 10^-priceScale units. */
  tickUnits: number;
}

export class LadderView {
  centerKey = NaN;
  seq = 0;
  pending = true;
  /** Earliest time the next frame may go (the clock of flush(now)). */
  nextAt = 0;
  /** The window's animation-frame timing, when it reported one (see pace()). */
  private paceAt = NaN;
  private paceStep = 0;
  /** Earliest receivedAt of the venue changes this view has not emitted yet (Infinity: none). */
  sourceTime = Infinity;
  newestTime = -Infinity;
  sources: Source[] = [];
  private cols: Float64Array[] = [];
  private venueCols: Float64Array[] = [];

  constructor(
    readonly id: number,
    readonly rows: number,
    readonly group: number,
    readonly intervalMs: number,
    public grid: InstrumentGrid,
  ) {
    for (let i = 0; i < 10; i++) this.cols.push(new Float64Array(rows));
  }

  /**
   * Aligns this view's frames with its window's display: `slotAt` is a time (same clock as
   * flush) at which a frame should leave so that it arrives just before one of the window's
   * animation frames, and `displayIntervalMs` the time between those. Frames then go only at
   * such slots, at most at the view's own maxFps, so a frame does not sit in the window waiting
   * for its paint.
   */
  pace(slotAt: number, displayIntervalMs: number): void {
    this.paceAt = slotAt;
    // Slots are whole display intervals; a 60 fps view on a 59.9 Hz display still takes every one.
    const every = Math.max(1, Math.ceil(this.intervalMs / displayIntervalMs - 0.1));
    this.paceStep = every * displayIntervalMs;
    // Any slot names the same grid; one far ahead (a window's clock off, say) must not hold the
    // view back until then: the next frame goes when it was due anyway, and lands on the grid.
    this.nextAt = Math.min(this.nextAt, slotAt);
  }

  /** Has changes to send once due; a view with no centre yet waits for data, not for time. */
  get hasFrame(): boolean {
    return this.pending && this.centerKey === this.centerKey;
  }

  /** Records that a frame went at `now` (a slot may be taken up to `slackMs` early). */
  emitted(now: number, slackMs: number): void {
    this.nextAt = this.paceAt === this.paceAt ? this.slotAfter(now + slackMs) : now + this.intervalMs;
  }

  private slotAfter(t: number): number {
    return this.paceAt + (Math.floor((t - this.paceAt) / this.paceStep) + 1) * this.paceStep;
  }

  setSources(sources: Source[], grid: InstrumentGrid): void {
    this.sources = sources;
    this.grid = grid;
    this.venueCols = [];
    for (let i = 0; i < sources.length * 2; i++) this.venueCols.push(new Float64Array(this.rows));
    this.pending = true;
  }

  get topKey(): number {
    return this.centerKey + (this.rows >> 1);
  }

  bidKey(s: Source, t: number): number {
    return Math.floor((t * s.num) / (s.den * this.group));
  }

  askKey(s: Source, t: number): number {
    return Math.ceil((t * s.num) / (s.den * this.group));
  }

  /** Centre on a canonical tick, or on the mid of the sources when tick is NaN. */
  recenter(tick: number): void {
    if (tick === tick) {
      this.centerKey = Math.round(tick / this.group);
    } else {
      const mid = this.midKey();
      if (mid === mid) this.centerKey = mid;
    }
    this.pending = true;
  }

  private midKey(): number {
    let bb = -Infinity;
    let ba = Infinity;
    for (const s of this.sources) {
      if (s.feed.state !== 'live') continue;
      const b = s.book.bids.bestTick();
      const a = s.book.asks.bestTick();
      if (b === b) bb = Math.max(bb, this.bidKey(s, b));
      if (a === a) ba = Math.min(ba, this.askKey(s, a));
    }
    if (bb === -Infinity && ba === Infinity) return NaN;
    if (bb === -Infinity) return ba;
    if (ba === Infinity) return bb;
    return Math.floor((bb + ba) / 2);
  }

  /** Folds the books' change marks in; true when this view needs a new frame. */
  collect(): boolean {
    if (this.centerKey !== this.centerKey) {
      this.recenter(NaN);
      if (this.centerKey !== this.centerKey) return false;
    }
    const top = this.topKey;
    const low = top - this.rows + 1;
    // No early exit once pending: every change this frame will show must fold its time in.
    for (const s of this.sources) {
      const b = s.book;
      if (
        b.tradeDirty ||
        b.bestDirty ||
        (b.dirty && (this.bidKey(s, b.bidDirtyHi) >= low || this.askKey(s, b.askDirtyLo) <= top))
      ) {
        this.pending = true;
        if (b.changedSince < this.sourceTime) this.sourceTime = b.changedSince;
        if (b.changedLatest > this.newestTime) this.newestTime = b.changedLatest;
      }
    }
    return this.pending;
  }

  /** Builds and encodes the frame (columns reused; the ArrayBuffer is fresh for transfer). */
  build(): ArrayBuffer {
    const n = this.rows;
    const top = this.topKey;
    const low = top - n + 1;
    const g = this.group;
    const grid = this.grid;
    const step = g * grid.tickUnits;
    const [price, bid, ask, cumBid, cumAsk, volume, ownBid, ownAsk, ownBidCount, ownAskCount] = this.cols as [
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    for (const c of this.cols) c.fill(0);
    for (const c of this.venueCols) c.fill(0);
    for (let r = 0; r < n; r++) price[r] = (top - r) * step;
    let carryBid = 0;
    let carryAsk = 0;
    let bestBid = -Infinity;
    let bestAsk = Infinity;
    let staleMask = 0;
    let downMask = 0;
    let crossedMask = 0;
    let lockedMask = 0;
    let last: LadderFrame['lastTrade'] = null;
    let sessionVolume = 0;
    for (let si = 0; si < this.sources.length; si++) {
      const s = this.sources[si]!;
      const book = s.book;
      const vb = this.venueCols[2 * si]!;
      const va = this.venueCols[2 * si + 1]!;
      const mul = s.sizeMul;
      if (book.state === 'stale' || s.feed.state === 'stale') staleMask |= 1 << si;
      if (s.feed.state === 'down') downMask |= 1 << si;
      // A venue whose feed is not live shows no levels and no best price: its last book is not
      // the market any more (the window says which venue is left out and since when).
      const live = s.feed.state === 'live';
      // A venue whose book may cross (spec.crossable) is shown as it is; the window marks it.
      if (live && book.crossed) {
        if (book.bids.bestTick() === book.asks.bestTick()) lockedMask |= 1 << si;
        else crossedMask |= 1 << si;
      }
      const bids = book.bids;
      for (let t = live ? bids.bestTick() : NaN; t === t; t = bids.nextWorse(t)) {
        const key = this.bidKey(s, t);
        if (key < low) break;
        const z = bids.get(t) * mul;
        if (key > top) carryBid += z;
        else {
          bid[top - key] += z;
          vb[top - key] += z;
        }
      }
      const asks = book.asks;
      for (let t = live ? asks.bestTick() : NaN; t === t; t = asks.nextWorse(t)) {
        const key = this.askKey(s, t);
        if (key > top) break;
        const z = asks.get(t) * mul;
        if (key < low) carryAsk += z;
        else {
          ask[top - key] += z;
          va[top - key] += z;
        }
      }
      // Best prices are exact canonical ticks, not grouped rows.
      const ab = live ? asks.bestTick() : NaN;
      if (ab === ab) bestAsk = Math.min(bestAsk, Math.ceil((ab * s.num) / s.den));
      const bb = live ? bids.bestTick() : NaN;
      if (bb === bb) bestBid = Math.max(bestBid, Math.floor((bb * s.num) / s.den));
      for (const [t, v] of book.volumeAt) {
        const key = this.bidKey(s, t);
        if (key >= low && key <= top) volume[top - key] += v * mul;
      }
      sessionVolume += book.sessionVolume * mul;
      if (book.lastTradeTick === book.lastTradeTick && (last === null || book.lastTradeTime > last.time)) {
        last = {
          price: Math.floor((book.lastTradeTick * s.num) / s.den) * grid.tickUnits,
          size: book.lastTradeSize * mul,
          time: book.lastTradeTime,
          venue: si,
        };
      }
      for (const o of s.own) {
        const key = o.isBid ? this.bidKey(s, o.tick) : this.askKey(s, o.tick);
        if (key < low || key > top) continue;
        if (o.isBid) {
          ownBid[top - key] += o.size * mul;
          ownBidCount[top - key]++;
        } else {
          ownAsk[top - key] += o.size * mul;
          ownAskCount[top - key]++;
        }
      }
    }
    let run = carryBid;
    for (let r = 0; r < n; r++) cumBid[r] = run += bid[r]!;
    run = carryAsk;
    for (let r = n - 1; r >= 0; r--) cumAsk[r] = run += ask[r]!;
    this.pending = false;
    const sourceTime = this.sourceTime;
    const newestTime = this.newestTime;
    this.sourceTime = Infinity;
    this.newestTime = -Infinity;
    return encodeLadderFrame({
      viewId: this.id,
      seq: ++this.seq,
      priceScale: grid.priceScale,
      sizeScale: grid.sizeScale,
      rowStep: step,
      center: this.centerKey * step,
      bestBid: bestBid === -Infinity ? NaN : bestBid * grid.tickUnits,
      bestAsk: bestAsk === Infinity ? NaN : bestAsk * grid.tickUnits,
      venues: this.sources.map((s) => s.label),
      staleMask,
      downMask,
      crossedMask,
      lockedMask,
      lastTrade: last,
      sessionVolume,
      sourceTime: sourceTime === Infinity ? NaN : sourceTime,
      newestTime: newestTime === -Infinity ? NaN : newestTime,
      price,
      bid,
      ask,
      cumBid,
      cumAsk,
      volume,
      ownBid,
      ownAsk,
      ownBidCount,
      ownAskCount,
      venueBid: this.venueCols.filter((_, i) => i % 2 === 0),
      venueAsk: this.venueCols.filter((_, i) => i % 2 === 1),
    });
  }
}
