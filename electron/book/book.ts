// One venue market's book and the venue rules for feeding it. Every frame is applied with an undo
// log: if the result is impossible (crossed, Finery action on a missing level, too deep) the frame
// is rolled back, the book marked stale and a resync requested; the last consistent state stays
// visible (flagged stale) until the adapter resets the book.
import { formatScaled } from '../../shared/decimal';
import type { MarketSpec } from './market';
import type { OpBuffer } from './ops';
import { ASK, BID, OP_ADD, OP_CLEAR, OP_DEL, OP_MOD, OP_SET, OP_TRIM, UndoLog } from './ops';
import { SideBook } from './side';

export type BookState = 'awaiting' | 'live' | 'stale';

/** Paxos UPDATEs that arrived before the SNAPSHOT; more than this and we resync instead. */
const MAX_PENDING = 10_000;

interface Pending {
  ops: OpBuffer;
  sec: number;
  ns: number;
}

export interface BookStats {
  venue: string;
  market: string;
  state: BookState;
  /** receivedAt of the last frame that changed the book (ms), 0 if none. */
  lastUpdateAt: number;
  /** receivedAt of the last frame seen for this book, applied or not (ms). */
  lastFrameAt: number;
  frames: number;
  levelUpdates: number;
  rejects: number;
  discarded: number;
  resyncs: number;
  bidLevels: number;
  askLevels: number;
  lastReject: string | null;
  /** The book is crossed or locked, which this venue's book may be (shown as crossed). */
  crossed: boolean;
  /** Best prices as decimal strings (null when that side is empty): the mid for P&L and risk bands. */
  bestBid: string | null;
  bestAsk: string | null;
  /** Sizes resting at the best bid and ask as decimal strings (null when that side is empty). */
  bestBidSize: string | null;
  bestAskSize: string | null;
}

export class Book {
  readonly bids: SideBook;
  readonly asks: SideBook;
  state: BookState = 'awaiting';
  /** Best bid >= best ask in a venue whose book may cross (spec.crossable): shown, marked. */
  crossed = false;
  /** Set by an apply that failed in a way only a fresh snapshot can fix. */
  resyncNeeded = false;
  /** Reason of the resync that made the book stale. */
  staleReason: string | null = null;
  private snapSec = 0;
  private snapNs = 0;
  private pending: Pending[] = [];
  private readonly undo = new UndoLog();

  // Change tracking for ladder views: a bid change at t alters rows <= t (cumulative depth runs
  // down from the best bid), an ask change at t alters rows >= t.
  bidDirtyHi = -Infinity;
  askDirtyLo = Infinity;
  dirty = false;
  /** The best bid or ask moved (every view shows them in its header, wherever it is centred). */
  bestDirty = false;
  /**
   * Earliest receivedAt (the core's Date.now() at receipt) of the venue frames that changed the
   * book since the change marks were last cleared; Infinity when none. Views fold it into their
   * frame's sourceTime, which bounds tick-to-pixel latency.
   */
  changedSince = Infinity;
  /** Latest such receivedAt; -Infinity when none. Views fold it into their frame's newestTime. */
  changedLatest = -Infinity;

  // Trades.
  lastTradeTick = NaN;
  lastTradeSize = 0;
  lastTradeTime = -Infinity;
  sessionVolume = 0;
  readonly volumeAt = new Map<number, number>();
  tradeDirty = false;

  readonly stats: BookStats;

  constructor(readonly spec: MarketSpec) {
    this.bids = new SideBook(true);
    this.asks = new SideBook(false);
    this.stats = {
      venue: spec.venue,
      market: spec.market,
      state: 'awaiting',
      lastUpdateAt: 0,
      lastFrameAt: 0,
      frames: 0,
      levelUpdates: 0,
      rejects: 0,
      discarded: 0,
      resyncs: 0,
      bidLevels: 0,
      askLevels: 0,
      lastReject: null,
      crossed: false,
      bestBid: null,
      bestAsk: null,
      bestBidSize: null,
      bestAskSize: null,
    };
  }

  /** Adapter resubscribed: forget everything about the book (trades and session volume stay). */
  reset(): void {
    this.crossed = this.stats.crossed = false;
    this.bids.clear();
    this.asks.clear();
    this.pending = [];
    this.state = 'awaiting';
    this.staleReason = null;
    this.resyncNeeded = false;
    this.markAllDirty();
  }

  /**
   * Applies one scanned book frame under the market's venue rules. Returns null when the frame was
   * applied, buffered or deliberately discarded, else the reason it was refused (see resyncNeeded).
   */
  applyFrame(ops: OpBuffer, snapshot: boolean, sec: number, ns: number, receivedAt: number): string | null {
    this.resyncNeeded = false;
    this.stats.lastFrameAt = receivedAt;
    if (this.state === 'stale')
      return this.refuse(`book is stale (${this.staleReason}); waiting for resetBook`, false);
    const sequencing = this.spec.sequencing;
    if (sequencing === 'buffer-until-snapshot') {
      if (!snapshot) {
        if (this.state === 'awaiting') {
          if (this.pending.length >= MAX_PENDING) return this.fail('too many UPDATEs before the SNAPSHOT');
          this.pending.push({ ops: ops.copy(), sec, ns });
          return null;
        }
        if (sec < this.snapSec || (sec === this.snapSec && ns <= this.snapNs)) {
          this.stats.discarded++;
          return null;
        }
        return this.commit(ops, false, receivedAt);
      }
      const err = this.commit(ops, true, receivedAt);
      if (err !== null) return err;
      this.snapSec = sec;
      this.snapNs = ns;
      const pending = this.pending;
      this.pending = [];
      for (const p of pending) {
        if (p.sec < sec || (p.sec === sec && p.ns <= ns)) {
          this.stats.discarded++;
          continue;
        }
        const e = this.commit(p.ops, false, receivedAt);
        if (e !== null) return e;
      }
      return null;
    }
    if (sequencing === 'snapshot-first' && !snapshot && this.state === 'awaiting') {
      return this.refuse('level update before the snapshot', false);
    }
    return this.commit(ops, snapshot || sequencing === 'full-book-frames', receivedAt);
  }

  /** Records a refusal that leaves the book as it was. */
  refuse(reason: string, resync: boolean): string {
    this.stats.rejects++;
    this.stats.lastReject = reason;
    if (resync) this.markStale(reason);
    return reason;
  }

  private fail(reason: string): string {
    return this.refuse(reason, true);
  }

  markStale(reason: string): void {
    if (this.state === 'stale') return;
    this.state = 'stale';
    this.staleReason = reason;
    this.resyncNeeded = true;
    this.stats.resyncs++;
    this.markAllDirty();
  }

  private commit(ops: OpBuffer, replace: boolean, receivedAt: number): string | null {
    const undo = this.undo;
    undo.n = 0;
    const bids = this.bids;
    const asks = this.asks;
    const bb0 = bids.bestTick();
    const ba0 = asks.bestTick();
    if (replace) {
      this.clearSide(BID);
      this.clearSide(ASK);
    }
    const { kind, side, tick, size } = ops;
    const n = ops.n;
    let bidHi = this.bidDirtyHi;
    let askLo = this.askDirtyLo;
    let problem: string | null = null;
    for (let i = 0; i < n; i++) {
      const s = side[i]!;
      const t = tick[i]!;
      const z = size[i]!;
      const k = kind[i]!;
      const book = s === BID ? bids : asks;
      if (k === OP_SET) {
        // The common case writes the undo entry inline.
        const u = undo.n;
        if (u >= undo.side.length) undo.reserve(u + 1);
        undo.side[u] = s;
        undo.tick[u] = t;
        undo.old[u] = book.set(t, z);
        undo.n = u + 1;
      } else if (k === OP_CLEAR) {
        this.clearSide(s);
        if (s === BID) bidHi = Infinity;
        else askLo = -Infinity;
        continue;
      } else if (k === OP_TRIM) {
        const trimmed = this.trim(s, t);
        if (s === BID ? trimmed > bidHi : trimmed < askLo) {
          if (s === BID) bidHi = trimmed;
          else askLo = trimmed;
        }
        undo.push(s, t, book.set(t, z));
      } else {
        const old = book.set(t, k === OP_DEL ? 0 : z);
        undo.push(s, t, old);
        if (k === OP_ADD && old !== 0) problem = `"+" for existing level at tick ${t}`;
        else if (k !== OP_ADD && old === 0)
          problem = `"${k === OP_MOD ? 'M' : '-'}" for missing level at tick ${t}`;
        if (problem !== null) break;
      }
      if (s === BID) {
        if (t > bidHi) bidHi = t;
      } else if (t < askLo) askLo = t;
    }
    if (problem === null) {
      const bb = bids.bestTick();
      const ba = asks.bestTick();
      // Locked (bid == ask) counts as impossible too: a venue's own book would have matched it —
      // unless the venue's book can cross (aggregated, auction), where it is shown and marked.
      if (bb >= ba && !this.spec.crossable)
        problem = `crossed book: best bid tick ${bb} >= best ask tick ${ba}`;
      else {
        const max = this.spec.maxDepth;
        if (max > 0 && (bids.levels > max || asks.levels > max))
          problem = `more than ${max} levels on a side`;
      }
    }
    if (problem !== null) {
      for (let j = undo.n - 1; j >= 0; j--)
        (undo.side[j] === BID ? bids : asks).set(undo.tick[j]!, undo.old[j]!);
      return this.fail(problem);
    }
    this.bidDirtyHi = bidHi;
    this.askDirtyLo = askLo;
    this.dirty = true;
    this.crossed = this.stats.crossed = bids.bestTick() >= asks.bestTick();
    this.noteChange(receivedAt);
    if (!Object.is(bids.bestTick(), bb0) || !Object.is(asks.bestTick(), ba0)) this.bestDirty = true;
    if (this.state === 'awaiting') this.state = 'live';
    const st = this.stats;
    st.frames++;
    st.levelUpdates += n;
    st.lastUpdateAt = receivedAt;
    return null;
  }

  /** Removes every level better than tick on side s, logging them; returns the best removed tick. */
  private trim(s: number, tick: number): number {
    const book = s === BID ? this.bids : this.asks;
    let best = s === BID ? -Infinity : Infinity;
    for (let t = book.bestTick(); t === t && (s === BID ? t > tick : t < tick); t = book.bestTick()) {
      if (best !== best || (s === BID ? t > best : t < best)) best = t;
      this.undo.push(s, t, book.set(t, 0));
    }
    return best;
  }

  private clearSide(s: number): void {
    const book = s === BID ? this.bids : this.asks;
    if (book.levels === 0) return;
    const undo = this.undo;
    book.forEach((t, z) => {
      undo.push(s, t, z);
      return true;
    });
    book.clear();
    if (s === BID) this.bidDirtyHi = Infinity;
    else this.askDirtyLo = -Infinity;
  }

  markAllDirty(): void {
    this.bidDirtyHi = Infinity;
    this.askDirtyLo = -Infinity;
    this.dirty = true;
    this.bestDirty = true;
  }

  clearDirty(): void {
    this.bidDirtyHi = -Infinity;
    this.askDirtyLo = Infinity;
    this.dirty = false;
    this.bestDirty = false;
    this.tradeDirty = false;
    this.changedSince = Infinity;
    this.changedLatest = -Infinity;
  }

  /** A venue frame received at receivedAt changed what views show (a trade print, say). */
  noteChange(receivedAt: number): void {
    if (receivedAt < this.changedSince) this.changedSince = receivedAt;
    if (receivedAt > this.changedLatest) this.changedLatest = receivedAt;
  }

  /** A print: last trade follows the latest time (Paxos prints may arrive out of order). */
  trade(tick: number, size: number, timeMs: number, countVolume: boolean): void {
    if (timeMs >= this.lastTradeTime) {
      this.lastTradeTick = tick;
      this.lastTradeSize = size;
      this.lastTradeTime = timeMs;
    }
    if (countVolume) {
      this.sessionVolume += size;
      this.volumeAt.set(tick, (this.volumeAt.get(tick) ?? 0) + size);
    }
    this.tradeDirty = true;
  }

  resetSession(): void {
    this.sessionVolume = 0;
    this.volumeAt.clear();
    this.tradeDirty = true;
  }

  snapshotStats(): BookStats {
    const st = this.stats;
    st.state = this.state;
    st.bidLevels = this.bids.levels;
    st.askLevels = this.asks.levels;
    const bid = this.bids.bestTick();
    const ask = this.asks.bestTick();
    // NaN marks an empty side (see side.ts).
    st.bestBid = bid === bid ? formatScaled(bid * this.spec.tickUnits, this.spec.priceDecimals) : null;
    st.bestAsk = ask === ask ? formatScaled(ask * this.spec.tickUnits, this.spec.priceDecimals) : null;
    st.bestBidSize = bid === bid ? formatScaled(this.bids.get(bid), this.spec.sizeDecimals) : null;
    st.bestAskSize = ask === ask ? formatScaled(this.asks.get(ask), this.spec.sizeDecimals) : null;
    return { ...st };
  }
}
