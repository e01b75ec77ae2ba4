// What a ladder does when the trader acts on it: click-to-trade (only while armed), cancel our
// order at a row, drag it to another price, buy/sell at best, cancel all on this instrument.
// Prices come from the frame as scaled integers and leave as decimal strings (formatScaled).
import type { CrossbookApi, OrderView, RequestOf } from '../../../shared/contract';
import { addDecimals, compareDecimals, mulDecimals, negate, parseScaled } from '../../../shared/decimal';
import type { VenueId } from '../../../shared/domain';
import { framePrice, type LadderFrame } from '../../../shared/ladder-frame';
import type { Confirm } from '../common/confirm';
import { describeError } from '../common/describe-error';
import { placeWithConfirm } from '../orders/place-order';
import { checkOnGrid } from '../orders/ticket-form';
import { VENUE_CAPS } from '../orders/venue-caps';
import { rowForPrice, type ClickAction, type Side } from './layout';

export interface LadderTarget {
  /** Venue and market an order from this ladder goes to (a consolidated ladder's routing venue). */
  venue: VenueId;
  market: string;
  canonical: string;
  /** True on a consolidated ladder: own orders are matched by canonical across venues. */
  consolidated: boolean;
  venues: { venue: VenueId; market: string }[];
  lotSize: string;
  sizeDecimals: number;
}

export interface TraderDeps {
  api: CrossbookApi;
  armed: () => boolean;
  target: () => LadderTarget | null;
  quantity: () => string;
  frame: () => LadderFrame | null;
  working: () => OrderView[];
  confirm: Confirm;
  /** A plain-words message for the status line (null clears it). */
  report: (message: string | null, kind?: 'error' | 'info') => void;
  /** Told when a change to one of our orders is sent and when the core has answered it. */
  pending?: { start(clientOrderId: string, kind: PendingKind): void; end(clientOrderId: string): void };
  /** Told about each order this ladder placed (the ladder selects it). */
  placed?: (order: OrderView) => void;
}

export type PendingKind = 'modify' | 'cancel';

export class LadderTrader {
  constructor(private readonly d: TraderDeps) {}

  /** Our working orders on this instrument whose price falls in the given row and side. */
  ordersAt(side: Side, row: number): OrderView[] {
    const frame = this.d.frame();
    return frame ? this.ordersMatching(side, (p) => rowForPrice(frame, p, side) === row) : [];
  }

  /** Our working orders on this instrument in the same row bucket as a frame price (scaled). */
  ordersAtPrice(side: Side, price: number): OrderView[] {
    const step = this.d.frame()?.rowStep ?? 0;
    if (!(step > 0)) return [];
    // Buys are grouped down, sells up, as the engine groups them (rowForPrice).
    const bucket = (p: number) => (side === 'buy' ? Math.floor(p / step) : Math.ceil(p / step));
    return this.ordersMatching(side, (p) => bucket(p) === bucket(price));
  }

  private ordersMatching(side: Side, at: (scaledPrice: number) => boolean): OrderView[] {
    const frame = this.d.frame();
    const t = this.d.target();
    if (!frame || !t) return [];
    return this.d.working().filter((o) => {
      if (o.side !== side || o.price === undefined) return false;
      if (t.consolidated ? o.canonical !== t.canonical : o.venue !== t.venue || o.market !== t.market)
        return false;
      try {
        return at(parseScaled(o.price, frame.priceScale));
      } catch {
        return false;
      }
    });
  }

  async act(action: ClickAction): Promise<void> {
    if (action.kind === 'place') await this.place(action.side, action.price);
    else if (action.kind === 'cancel') await this.cancelRow(action.side, action.row);
  }

  private gate(what: string): LadderTarget | null {
    if (!this.d.armed()) {
      this.d.report(`${what}: one-click trading is disarmed. Arm it first with the Arm button.`, 'error');
      return null;
    }
    const t = this.d.target();
    if (!t) this.d.report(`${what}: no instrument is loaded yet.`, 'error');
    return t;
  }

  /** Limit order at a frame price (scaled), from a click. */
  async place(side: Side, price: number): Promise<void> {
    const t = this.gate(side === 'buy' ? 'Buy' : 'Sell');
    const frame = this.d.frame();
    if (!t || !frame) return;
    const size = this.d.quantity().trim();
    const bad = checkOnGrid(size, t.lotSize, 'Quantity', t.sizeDecimals);
    if (bad) return this.d.report(bad, 'error');
    const request: RequestOf<'orders.place'> = {
      venue: t.venue,
      market: t.market,
      side,
      type: 'limit',
      size,
      price: framePrice(frame, price),
      timeInForce: VENUE_CAPS[t.venue].defaultTif,
      oneClick: true,
    };
    try {
      const order = await placeWithConfirm(this.d.api, request, this.d.confirm);
      if (order) this.d.placed?.(order);
      this.d.report(
        order
          ? `${side === 'buy' ? 'Buy' : 'Sell'} order sent: ${size} @ ${request.price}`
          : 'Order not sent.',
        'info',
      );
    } catch (e) {
      this.d.report(describeError(e, 'Order'), 'error');
    }
  }

  /** Buy at the best ask / sell at the best bid: crosses the spread at the inside price. */
  async atBest(side: Side): Promise<void> {
    const frame = this.d.frame();
    const best = side === 'buy' ? frame?.bestAsk : frame?.bestBid;
    if (best === undefined || !Number.isFinite(best)) {
      this.d.report(`No ${side === 'buy' ? 'ask' : 'bid'} to trade against.`, 'error');
      return;
    }
    await this.place(side, best);
  }

  async cancelRow(side: Side, row: number): Promise<void> {
    await this.cancelOrders(this.ordersAt(side, row));
  }

  async cancelOrders(orders: OrderView[]): Promise<void> {
    if (orders.length === 0) return;
    const failed = await this.send(orders, 'cancel', (o) =>
      this.d.api.invoke('orders.cancel', { clientOrderId: o.clientOrderId }),
    );
    if (failed) this.d.report(describeError(failed, 'Cancel'), 'error');
    else
      this.d.report(
        `Cancel sent for ${orders.length} order${orders.length > 1 ? 's' : ''}; waiting for the venue.`,
        'info',
      );
  }

  /**
   * Moves every order of ours at a frame price (scaled; where a drag began) to another. By price,
   * not row: the rows may have moved since the drag began.
   */
  async moveOrders(side: Side, fromPrice: number, price: number): Promise<void> {
    const t = this.gate('Move order');
    const frame = this.d.frame();
    if (!t || !frame) return;
    const orders = this.ordersAtPrice(side, fromPrice);
    // Never silent: the trader dragged something and must hear why nothing moved.
    if (orders.length === 0)
      return this.d.report('Move order: none of our orders is at that price any more.', 'error');
    const text = framePrice(frame, price);
    const failed = await this.send(orders, 'modify', (o) =>
      this.d.api.invoke('orders.modify', { clientOrderId: o.clientOrderId, price: text }),
    );
    if (failed) this.d.report(describeError(failed, 'Move order'), 'error');
    else this.d.report(`Moving ${orders.length} order(s) to ${text}; waiting for the venue.`, 'info');
  }

  /** Moves one order by whole ticks (keyboard), while armed. */
  async nudge(order: OrderView, ticks: number, tickSize: string): Promise<void> {
    if (!this.gate('Move order') || order.price === undefined) return;
    const step = mulDecimals(tickSize, String(Math.abs(ticks)));
    const price = addDecimals([order.price, ticks < 0 ? negate(step) : step]);
    if (compareDecimals(price, '0') <= 0)
      return this.d.report('Move order: the price cannot go lower.', 'error');
    const failed = await this.send([order], 'modify', (o) =>
      this.d.api.invoke('orders.modify', { clientOrderId: o.clientOrderId, price }),
    );
    if (failed) this.d.report(describeError(failed, 'Move order'), 'error');
    else this.d.report(`Moving the order to ${price}; waiting for the venue.`, 'info');
  }

  /** Changes one order's size by whole lots (keyboard), while armed; never below what has filled. */
  async resize(order: OrderView, lots: number): Promise<void> {
    const t = this.gate('Change size');
    if (!t) return;
    const step = mulDecimals(t.lotSize, String(Math.abs(lots)));
    const size = addDecimals([order.size, lots < 0 ? negate(step) : step]);
    if (compareDecimals(size, order.filled) <= 0 || compareDecimals(size, '0') <= 0)
      return this.d.report('Change size: the order cannot get smaller than what has filled.', 'error');
    const failed = await this.send([order], 'modify', (o) =>
      this.d.api.invoke('orders.modify', { clientOrderId: o.clientOrderId, size }),
    );
    if (failed) this.d.report(describeError(failed, 'Change size'), 'error');
    else this.d.report(`Changing the order's size to ${size}; waiting for the venue.`, 'info');
  }

  /** Sends one request per order, marking each pending until the core answers; the first failure. */
  private async send(
    orders: OrderView[],
    kind: PendingKind,
    request: (o: OrderView) => Promise<unknown>,
  ): Promise<unknown> {
    for (const o of orders) this.d.pending?.start(o.clientOrderId, kind);
    const results = await Promise.allSettled(
      orders.map((o) => request(o).finally(() => this.d.pending?.end(o.clientOrderId))),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    return failed?.reason;
  }

  async cancelAll(): Promise<void> {
    const t = this.d.target();
    if (!t) return;
    const legs = t.consolidated ? t.venues : [{ venue: t.venue, market: t.market }];
    try {
      const reports = await Promise.all(legs.map((l) => this.d.api.invoke('orders.cancelAll', l)));
      const cancelled = reports.reduce((n, r) => n + r.cancelled.length, 0);
      const failed = reports.flatMap((r) => r.failed);
      this.d.report(
        failed.length > 0
          ? `Cancelled ${cancelled}; ${failed.length} could not be cancelled: ${failed[0]!.reason}`
          : `Cancelled ${cancelled} order${cancelled === 1 ? '' : 's'} on this instrument.`,
        failed.length > 0 ? 'error' : 'info',
      );
    } catch (e) {
      this.d.report(describeError(e, 'Cancel all'), 'error');
    }
  }
}
