// Paper trading against a replayed market. History cannot react to our orders, so matching is one
// way: an order entering the book takes the replayed liquidity it crosses, level by level at the
// levels' prices (price priority, as the simulators match a taker), and a resting order fills when
// the replayed market trades through its price (a print strictly beyond it: at our own price our
// place in the queue is unknown, so no fill is claimed) or when the replayed book crosses it (a
// venue without a public trade feed, such as Finery, has only its book to say so). The replayed
// book does not shrink by what we took: the next order sees the recording's book again, and a
// resting order takes from a book that crosses it only what the book offers beyond what it took
// already. Orders and fills leave as a venue's adapter events do, so the order manager, the
// blotter and the ladders cannot tell the difference.
import { formatScaled, parseScaled } from '../../shared/decimal';
import type { VenueId } from '../../shared/domain';
import type {
  OrderSide,
  PlaceOrderRequest,
  VenueFill,
  VenueMarketInfo,
  VenueOrderUpdate,
  VenueTrade,
} from '../venues/common/adapter';
import { VenueError } from '../venues/common/adapter';

/** The replayed book of one venue market, best first, as decimal strings. */
export interface ReplayedDepth {
  levels(venue: VenueId, market: string, side: 'bid' | 'ask'): Promise<{ price: string; size: string }[]>;
}

interface PaperOrder {
  update: VenueOrderUpdate;
  /** Scaled: price (limit), size, filled, and the notional (price × size) filled so far. */
  price: number | undefined;
  size: number;
  filled: number;
  notional: bigint;
  info: VenueMarketInfo;
  /** Filled from a book that crossed it while resting (sweep), so a still book is not taken twice. */
  swept: number;
}

export interface PaperEvents {
  order(update: VenueOrderUpdate): void;
  fill(fill: VenueFill): void;
}

export class PaperMatcher {
  private readonly orders = new Map<string, PaperOrder>();
  private nextOrder = 1;
  private nextFill = 1;

  constructor(
    private readonly venue: VenueId,
    private readonly markets: ReadonlyMap<string, VenueMarketInfo>,
    private readonly depth: ReplayedDepth,
    private readonly events: PaperEvents,
    /** Replay time, so fills carry the replayed market's clock. */
    private readonly now: () => number,
  ) {}

  async place(req: PlaceOrderRequest): Promise<{ update: VenueOrderUpdate; fills: VenueFill[] }> {
    const info = this.markets.get(req.market);
    if (!info) throw new VenueError('invalid', `${req.market} is not in this recording`);
    if (req.type !== 'limit' && req.type !== 'market')
      throw new VenueError('invalid', `paper trading takes limit and market orders, not ${req.type}`);
    const p = info.priceDecimals;
    const s = info.sizeDecimals;
    const size = parseScaled(req.size, s);
    const price = req.type === 'limit' && req.price !== undefined ? parseScaled(req.price, p) : undefined;
    if (size <= 0) throw new VenueError('invalid', 'size must be positive');
    if (req.type === 'limit' && price === undefined)
      throw new VenueError('invalid', 'a limit order needs a price');
    const order: PaperOrder = {
      price,
      size,
      filled: 0,
      notional: 0n,
      info,
      swept: 0,
      update: {
        venue: this.venue,
        market: req.market,
        venueOrderId: `paper-${this.venue}-${this.nextOrder++}`,
        clientOrderId: req.clientOrderId,
        idempotencyKey: req.idempotencyKey,
        side: req.side,
        type: req.type,
        ...(req.price !== undefined && req.type === 'limit' ? { price: req.price } : {}),
        size: req.size,
        filled: formatScaled(0, s),
        status: 'working',
        at: this.now(),
      },
    };
    const takes = await this.crossing(order, size);
    const left = size - takes.reduce((a, t) => a + t.size, 0);
    const fills: VenueFill[] = [];
    if (req.postOnly && takes.length > 0)
      return { update: this.close(order, 'rejected', 'post-only order would take liquidity'), fills };
    if (req.timeInForce === 'FOK' && left > 0)
      return {
        update: this.close(order, 'expired', 'fill-or-kill: the replayed book could not fill it whole'),
        fills,
      };
    for (const t of takes) fills.push(this.fill(order, t.price, t.size, 'taker'));
    if (order.filled === size) order.update.status = 'filled';
    else if (req.type === 'market' || req.timeInForce === 'IOC')
      this.close(order, order.filled > 0 ? 'cancelled' : 'expired', 'the rest found no replayed liquidity');
    else {
      order.update.status = order.filled > 0 ? 'partially_filled' : 'working';
      this.orders.set(order.update.venueOrderId, order);
    }
    return { update: { ...order.update }, fills };
  }

  cancel(venueOrderId: string): VenueOrderUpdate {
    const order = this.orders.get(venueOrderId);
    if (!order) throw new VenueError('not_found', `no working paper order ${venueOrderId}`);
    return this.close(order, 'cancelled', 'cancelled by the trader');
  }

  /**
   * A price or size change: the paper book has no queue, so this is a cancel and a fresh rest; a new
   * price that crosses the replayed book takes what it crosses, as a new order would.
   */
  async modify(
    venueOrderId: string,
    change: { price?: string; size?: string },
  ): Promise<{ update: VenueOrderUpdate; fills: VenueFill[] }> {
    const order = this.orders.get(venueOrderId);
    if (!order) throw new VenueError('not_found', `no working paper order ${venueOrderId}`);
    const { priceDecimals: p, sizeDecimals: s } = order.info;
    if (change.price !== undefined) {
      order.price = parseScaled(change.price, p);
      order.update.price = change.price;
    }
    if (change.size !== undefined) {
      const size = parseScaled(change.size, s);
      if (size <= order.filled) throw new VenueError('rejected', 'the new size is not above what has filled');
      order.size = size;
      order.update.size = change.size;
    }
    order.update.at = this.now();
    const fills: VenueFill[] = [];
    if (change.price !== undefined) {
      for (const t of await this.crossing(order, order.size - order.filled))
        fills.push(this.fill(order, t.price, t.size, 'taker'));
      if (fills.length) this.settle(order);
    }
    return { update: { ...order.update }, fills };
  }

  /**
   * Resting orders the replayed book now crosses fill at their own price (the market came through
   * them), up to what the book offers across them beyond what they took from it before.
   */
  async sweep(): Promise<void> {
    for (const order of [...this.orders.values()]) {
      if (order.price === undefined) continue;
      const crossed = (await this.crossing(order, Number.MAX_SAFE_INTEGER)).reduce((a, t) => a + t.size, 0);
      // The order may have filled or gone while the book was read.
      if (!this.orders.has(order.update.venueOrderId)) continue;
      const take = Math.min(order.size - order.filled, crossed - order.swept);
      if (take <= 0) continue;
      order.swept += take;
      const fill = this.fill(order, order.price, take, 'maker');
      this.settle(order);
      this.events.order({ ...order.update });
      this.events.fill(fill);
    }
  }

  working(market?: string): VenueOrderUpdate[] {
    return [...this.orders.values()]
      .filter((o) => market === undefined || o.update.market === market)
      .map((o) => ({ ...o.update }));
  }

  /** A replayed print: resting orders it trades through fill, up to the print's size. */
  onTrade(trade: VenueTrade): void {
    if (trade.venue !== this.venue || trade.history) return;
    for (const order of [...this.orders.values()]) {
      if (order.update.market !== trade.market || order.price === undefined) continue;
      const { priceDecimals: p, sizeDecimals: s } = order.info;
      const printed = parseScaled(trade.price, p);
      const through = order.update.side === 'buy' ? printed < order.price : printed > order.price;
      if (!through) continue;
      const take = Math.min(order.size - order.filled, parseScaled(trade.size, s));
      if (take <= 0) continue;
      const fill = this.fill(order, order.price, take, 'maker');
      this.settle(order);
      this.events.order({ ...order.update });
      this.events.fill(fill);
    }
  }

  /** The replayed levels an order's price crosses, best first, up to `upTo` (scaled size). */
  private async crossing(order: PaperOrder, upTo: number): Promise<{ price: number; size: number }[]> {
    const { priceDecimals: p, sizeDecimals: s } = order.info;
    const buy = order.update.side === 'buy';
    const levels = await this.depth.levels(this.venue, order.update.market, buy ? 'ask' : 'bid');
    const takes: { price: number; size: number }[] = [];
    let left = upTo;
    for (const level of levels) {
      const lp = parseScaled(level.price, p);
      const crosses = order.price === undefined || (buy ? lp <= order.price : lp >= order.price);
      if (left <= 0 || !crosses) break;
      const take = Math.min(left, parseScaled(level.size, s));
      if (take > 0) takes.push({ price: lp, size: take });
      left -= take;
    }
    return takes;
  }

  /** A resting order after a fill: filled and gone, or partly filled and still working. */
  private settle(order: PaperOrder): void {
    order.update.status = order.filled === order.size ? 'filled' : 'partially_filled';
    if (order.update.status === 'filled') this.orders.delete(order.update.venueOrderId);
  }

  private fill(order: PaperOrder, price: number, size: number, liquidity: 'maker' | 'taker'): VenueFill {
    const { priceDecimals: p, sizeDecimals: s } = order.info;
    order.filled += size;
    order.notional += BigInt(price) * BigInt(size);
    // Round half up, as the simulators' average price does (simkit/orders.ts applyFill).
    const avg = Number((2n * order.notional + BigInt(order.filled)) / (2n * BigInt(order.filled)));
    order.update.filled = formatScaled(order.filled, s);
    order.update.averagePrice = formatScaled(avg, p, p);
    order.update.at = this.now();
    return {
      venue: this.venue,
      market: order.update.market,
      fillId: `paper-fill-${this.venue}-${this.nextFill++}`,
      venueOrderId: order.update.venueOrderId,
      clientOrderId: order.update.clientOrderId,
      side: order.update.side as OrderSide,
      price: formatScaled(price, p, p),
      size: formatScaled(size, s),
      liquidity,
      at: order.update.at,
    };
  }

  private close(
    order: PaperOrder,
    status: 'cancelled' | 'expired' | 'rejected',
    reason: string,
  ): VenueOrderUpdate {
    this.orders.delete(order.update.venueOrderId);
    order.update.status = status;
    order.update.reason = reason;
    order.update.at = this.now();
    return { ...order.update };
  }
}
