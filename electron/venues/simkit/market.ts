// A simulated market: generated liquidity (driven by flow.ts) plus our orders, matched with
// price-time priority under the queue model described in book.ts.
//
// Event delivery: everything an operation (a generator step, place, cancel, modify) causes is
// collected and delivered when the operation ends, with the market consistent: first the level
// changes as one batch, then trades, then order events. Listeners may therefore call back into
// the market safely. Order events report only what happens to an order *outside* a call on it:
// place/modify return their own taker fills and cancel/modify return the new state, so a venue
// simulator that answers from return values never reports anything twice.

import { createLogger } from '../../base/log';
import {
  BookSideImpl,
  addOurs,
  levelsOf,
  removeOurs,
  setGenerated,
  type Level,
  type OrderRecord,
} from './book';
import { applyFill, copyOrder, onGrid, validateRequest } from './orders';
import type {
  BookLevel,
  BookSnapshot,
  LevelChange,
  PlaceResult,
  Side,
  SimFill,
  SimMarket,
  SimMarketSpec,
  SimOrderEvent,
  SimOrderRequest,
  SimOrderState,
  SimRejectReason,
  SimTrade,
} from './types';

export type Clock = () => bigint;

const log = createLogger('simkit');
/** Closed orders stay queryable through order() for a while; beyond this they are forgotten. */
const CLOSED_HISTORY = 10_000;

type ChangeListener = (changes: LevelChange[], timeNs: bigint) => void;

export class SimMarketImpl implements SimMarket {
  readonly spec: SimMarketSpec;
  readonly bids = new BookSideImpl('bid');
  readonly asks = new BookSideImpl('ask');
  private readonly clock: Clock;
  private changes: LevelChange[] = [];
  private trades: SimTrade[] = [];
  private events: SimOrderEvent[] = [];
  private now: bigint | undefined;
  private nextTradeId = 1;
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly tradeListeners = new Set<(trade: SimTrade) => void>();
  private readonly orderListeners = new Set<(event: SimOrderEvent) => void>();
  private readonly live = new Map<string, OrderRecord>();
  private readonly known = new Map<string, OrderRecord>();
  private closedIds: string[] = [];

  constructor(spec: SimMarketSpec, clock: Clock) {
    this.spec = spec;
    this.clock = clock;
  }

  snapshot(depth = this.spec.depth): BookSnapshot {
    return { bids: levelsOf(this.bids, depth), asks: levelsOf(this.asks, depth) };
  }

  top(): { bid?: BookLevel; ask?: BookLevel } {
    const out: { bid?: BookLevel; ask?: BookLevel } = {};
    const b = this.bids.best();
    const a = this.asks.best();
    if (b) out.bid = { price: b.price, size: b.total };
    if (a) out.ask = { price: a.price, size: a.total };
    return out;
  }

  onChanges(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  onTrade(listener: (trade: SimTrade) => void): () => void {
    this.tradeListeners.add(listener);
    return () => this.tradeListeners.delete(listener);
  }

  onOrderEvent(listener: (event: SimOrderEvent) => void): () => void {
    this.orderListeners.add(listener);
    return () => this.orderListeners.delete(listener);
  }

  order(orderId: string): SimOrderState | undefined {
    const rec = this.known.get(orderId);
    return rec ? copyOrder(rec) : undefined;
  }

  /** Open (resting) orders in arrival order, optionally only one owner's. */
  orders(owner?: string): SimOrderState[] {
    const out: SimOrderState[] = [];
    for (const rec of this.live.values())
      if (owner === undefined || rec.owner === owner) out.push(copyOrder(rec));
    return out;
  }

  place(request: SimOrderRequest): PlaceResult {
    try {
      return this.placeInner(request);
    } finally {
      this.dispatch();
    }
  }

  cancel(orderId: string): SimOrderState | { error: SimRejectReason } {
    const rec = this.known.get(orderId);
    if (!rec) return { error: 'unknown_order' };
    if (!this.live.has(orderId)) return { error: 'order_not_open' };
    this.unrest(rec);
    rec.status = 'cancelled';
    rec.updatedNs = this.opNow();
    this.close(rec);
    this.dispatch();
    return copyOrder(rec);
  }

  modify(
    orderId: string,
    change: { price?: number; size?: number },
  ): PlaceResult | { error: SimRejectReason } {
    try {
      return this.modifyInner(orderId, change);
    } finally {
      this.dispatch();
    }
  }

  // ---- generator-facing operations (flow.ts); the generator calls dispatch() after a step ----

  /** Sets the generated size of the level at `index`; removes the level when nothing is left. */
  genSet(book: BookSideImpl, index: number, gen: number): void {
    const level = book.levels[index]!;
    setGenerated(level, gen);
    this.levelChanged(book, level);
    if (level.total === 0) book.removeAt(index);
  }

  /** Adds a generated level at an absent price (callers keep the book uncrossed). */
  genInsert(book: BookSideImpl, index: number, price: number, gen: number): void {
    const level = book.insertAt(index, price, gen);
    this.levelChanged(book, level);
  }

  /** Generated aggressive flow: takes up to `qty` from the top of the side opposite `takerSide`. */
  genTake(takerSide: Side, qty: number): number {
    const book = takerSide === 'buy' ? this.asks : this.bids;
    let left = qty;
    while (left > 0 && book.levels.length > 0) left -= this.consume(book, left, takerSide);
    return qty - left;
  }

  /** Delivers everything the current operation produced. */
  dispatch(): void {
    if (this.changes.length > 0) {
      const time = this.opNow();
      const batch = this.changes;
      this.changes = [];
      for (const l of this.changeListeners) safely(() => l(batch, time));
    }
    this.now = undefined;
    if (this.trades.length > 0) {
      const trades = this.trades;
      this.trades = [];
      for (const t of trades) for (const l of this.tradeListeners) safely(() => l(t));
    }
    if (this.events.length > 0) {
      const events = this.events;
      this.events = [];
      for (const e of events) for (const l of this.orderListeners) safely(() => l(e));
    }
  }

  // ---- matching ----

  private placeInner(req: SimOrderRequest): PlaceResult {
    validateRequest(req);
    if (this.known.has(req.orderId))
      throw new Error(`duplicate order id ${req.orderId} in ${this.spec.symbol}`);
    const now = this.opNow();
    const rec: OrderRecord = {
      orderId: req.orderId,
      owner: req.owner,
      side: req.side,
      type: req.type,
      size: req.size,
      filled: 0,
      averagePrice: 0,
      status: 'open',
      timeInForce: req.timeInForce,
      createdNs: now,
      updatedNs: now,
      postOnly: req.postOnly === true,
      notional: 0n,
      ahead: 0,
    };
    if (req.type === 'limit' && req.price !== undefined) rec.price = req.price;
    this.known.set(rec.orderId, rec);
    if (!onGrid(req.size, this.spec.lotSize)) return this.reject(rec, 'invalid_size');
    if (req.type === 'limit' && (req.price === undefined || !onGrid(req.price, this.spec.tickSize))) {
      return this.reject(rec, 'invalid_price');
    }
    const opposite = this.opposite(rec.side);
    const top = opposite.best();
    if (rec.postOnly && top && this.crosses(rec, top.price)) return this.reject(rec, 'post_only_would_take');
    if (rec.type === 'market' && !top) return this.reject(rec, 'no_liquidity');
    if (rec.timeInForce === 'FOK' && this.available(rec) < rec.size)
      return this.reject(rec, 'fok_not_fillable');
    const fills: SimFill[] = [];
    this.take(rec, fills);
    this.settle(rec);
    return { order: copyOrder(rec), fills };
  }

  private modifyInner(
    orderId: string,
    change: { price?: number; size?: number },
  ): PlaceResult | { error: SimRejectReason } {
    const rec = this.known.get(orderId);
    if (!rec) return { error: 'unknown_order' };
    if (!this.live.has(orderId)) return { error: 'order_not_open' };
    const price = change.price ?? rec.price!;
    const size = change.size ?? rec.size;
    if (!onGrid(price, this.spec.tickSize)) return { error: 'invalid_price' };
    if (!onGrid(size, this.spec.lotSize) || size < rec.filled) return { error: 'invalid_size' };
    const top = this.opposite(rec.side).best();
    const repriced = price !== rec.price;
    if (repriced && rec.postOnly && top && this.crossesAt(rec.side, price, top.price)) {
      return { error: 'post_only_would_take' };
    }
    rec.updatedNs = this.opNow();
    const fills: SimFill[] = [];
    if (!repriced && size <= rec.size) {
      // A size decrease keeps the order's place in the queue.
      const book = this.own(rec.side);
      const level = book.levels[book.search(price)]!;
      level.total -= rec.size - size;
      rec.size = size;
      this.levelChanged(book, level);
      if (rec.filled === rec.size) {
        this.unrest(rec);
        rec.status = 'filled';
        this.close(rec);
      }
    } else {
      // A new price or a larger size re-enters the queue at the back, possibly taking on the way.
      this.unrest(rec);
      rec.price = price;
      rec.size = size;
      this.take(rec, fills);
      this.settle(rec);
    }
    return { order: copyOrder(rec), fills };
  }

  private reject(rec: OrderRecord, reason: SimRejectReason): PlaceResult {
    rec.status = 'rejected';
    rec.rejectReason = reason;
    this.close(rec);
    return { order: copyOrder(rec), fills: [] };
  }

  /** After taking: rest what a GTC limit order has left, cancel what anything else has left. */
  private settle(rec: OrderRecord): void {
    if (rec.filled === rec.size) {
      rec.status = 'filled';
      this.close(rec);
    } else if (rec.type === 'limit' && rec.timeInForce === 'GTC') {
      const book = this.own(rec.side);
      const { level } = book.obtain(rec.price!);
      addOurs(level, rec);
      this.levelChanged(book, level);
      rec.status = rec.filled > 0 ? 'partially_filled' : 'open';
      this.live.set(rec.orderId, rec);
    } else {
      rec.status = 'cancelled';
      this.close(rec);
    }
  }

  private take(rec: OrderRecord, fills: SimFill[]): void {
    const book = this.opposite(rec.side);
    while (rec.filled < rec.size) {
      const level = book.levels[0];
      if (!level || !this.crosses(rec, level.price)) break;
      this.consume(book, rec.size - rec.filled, rec.side, rec, fills);
    }
  }

  /** Liquidity our order could take right now, stopping once it has seen enough. */
  private available(rec: OrderRecord): number {
    let sum = 0;
    for (const level of this.opposite(rec.side).levels) {
      if (sum >= rec.size || !this.crosses(rec, level.price)) break;
      sum += level.total;
    }
    return sum;
  }

  /** Consumes up to `qty` from the best level of `book`, front of queue first; returns the amount taken. */
  private consume(
    book: BookSideImpl,
    qty: number,
    takerSide: Side,
    taker?: OrderRecord,
    fills?: SimFill[],
  ): number {
    const level = book.levels[0]!;
    let left = qty;
    let genTaken = 0;
    let done = 0;
    const ours = level.ours;
    if (ours) {
      for (const o of ours) {
        const genBefore = o.ahead - genTaken;
        if (genBefore > 0) {
          const t = Math.min(left, genBefore);
          this.trade(level.price, t, takerSide, undefined, taker, fills);
          genTaken += t;
          left -= t;
        }
        if (left === 0) break;
        const t = Math.min(left, o.size - o.filled);
        this.trade(level.price, t, takerSide, o, taker, fills);
        left -= t;
        if (o.filled < o.size) break;
        done++;
      }
    }
    if (left > 0 && level.gen > genTaken) {
      const t = Math.min(left, level.gen - genTaken);
      this.trade(level.price, t, takerSide, undefined, taker, fills);
      genTaken += t;
      left -= t;
    }
    level.gen -= genTaken;
    if (ours) {
      for (const o of ours) o.ahead = Math.max(0, o.ahead - genTaken);
      for (let i = 0; i < done; i++) this.close(ours[i]!);
      if (done === ours.length) level.ours = null;
      else if (done > 0) ours.splice(0, done);
    }
    const taken = qty - left;
    level.total -= taken;
    this.levelChanged(book, level);
    if (level.total === 0) book.removeAt(0);
    return taken;
  }

  private trade(
    price: number,
    size: number,
    takerSide: Side,
    maker?: OrderRecord,
    taker?: OrderRecord,
    fills?: SimFill[],
  ): void {
    const timeNs = this.opNow();
    const trade: SimTrade = { id: this.nextTradeId++, price, size, takerSide, timeNs };
    this.trades.push(trade);
    if (maker) {
      applyFill(maker, price, size, timeNs);
      const fill: SimFill = {
        orderId: maker.orderId,
        tradeId: trade.id,
        price,
        size,
        side: maker.side,
        maker: true,
        timeNs,
      };
      this.events.push({ kind: 'fill', fill, order: copyOrder(maker) });
    }
    if (taker) {
      applyFill(taker, price, size, timeNs);
      fills?.push({
        orderId: taker.orderId,
        tradeId: trade.id,
        price,
        size,
        side: taker.side,
        maker: false,
        timeNs,
      });
    }
  }

  private unrest(rec: OrderRecord): void {
    const book = this.own(rec.side);
    const i = book.search(rec.price!);
    if (i < 0) return;
    const level = book.levels[i]!;
    removeOurs(level, rec);
    this.live.delete(rec.orderId);
    this.levelChanged(book, level);
    if (level.total === 0) book.removeAt(i);
  }

  private close(rec: OrderRecord): void {
    this.live.delete(rec.orderId);
    this.closedIds.push(rec.orderId);
    if (this.closedIds.length > 2 * CLOSED_HISTORY) {
      for (const id of this.closedIds.slice(0, CLOSED_HISTORY)) this.known.delete(id);
      this.closedIds = this.closedIds.slice(CLOSED_HISTORY);
    }
  }

  private levelChanged(book: BookSideImpl, level: Level): void {
    this.changes.push({ side: book.name, price: level.price, size: level.total });
  }

  private opNow(): bigint {
    return (this.now ??= this.clock());
  }

  private crosses(rec: OrderRecord, oppositePrice: number): boolean {
    return rec.type === 'market' || this.crossesAt(rec.side, rec.price!, oppositePrice);
  }

  private crossesAt(side: Side, price: number, oppositePrice: number): boolean {
    return side === 'buy' ? price >= oppositePrice : price <= oppositePrice;
  }

  private own(side: Side): BookSideImpl {
    return side === 'buy' ? this.bids : this.asks;
  }

  private opposite(side: Side): BookSideImpl {
    return side === 'buy' ? this.asks : this.bids;
  }
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    log.warn('simulator listener threw', { error: err instanceof Error ? err : String(err) });
  }
}
