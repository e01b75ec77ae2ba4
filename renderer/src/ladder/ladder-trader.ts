// What a ladder does when the trader acts on it: click-to-trade (only while armed), cancel our
// order at a row, drag it to another price, buy/sell at best, cancel all on this instrument.
// Prices come from the frame as scaled integers and leave as decimal strings (formatScaled).
import type { CrossbookApi, OrderView, RequestOf } from '../../../shared/contract';
import { parseScaled } from '../../../shared/decimal';
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
}

export class LadderTrader {
  constructor(private readonly d: TraderDeps) {}

  /** Our working orders on this instrument whose price falls in the given row and side. */
  ordersAt(side: Side, row: number): OrderView[] {
    const frame = this.d.frame();
    const t = this.d.target();
    if (!frame || !t) return [];
    return this.d.working().filter((o) => {
      if (o.side !== side || o.price === undefined) return false;
      if (t.consolidated ? o.canonical !== t.canonical : o.venue !== t.venue || o.market !== t.market)
        return false;
      try {
        return rowForPrice(frame, parseScaled(o.price, frame.priceScale), side) === row;
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
    const orders = this.ordersAt(side, row);
    if (orders.length === 0) return;
    const results = await Promise.allSettled(
      orders.map((o) => this.d.api.invoke('orders.cancel', { clientOrderId: o.clientOrderId })),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) this.d.report(describeError(failed[0]!.reason, 'Cancel'), 'error');
    else this.d.report(`Cancel sent for ${orders.length} order${orders.length > 1 ? 's' : ''}.`, 'info');
  }

  /** Moves every order of ours at fromRow to a new frame price (scaled). */
  async modifyRow(side: Side, fromRow: number, price: number): Promise<void> {
    const t = this.gate('Move order');
    const frame = this.d.frame();
    if (!t || !frame) return;
    const orders = this.ordersAt(side, fromRow);
    const text = framePrice(frame, price);
    const results = await Promise.allSettled(
      orders.map((o) => this.d.api.invoke('orders.modify', { clientOrderId: o.clientOrderId, price: text })),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length > 0) this.d.report(describeError(failed[0]!.reason, 'Move order'), 'error');
    else if (orders.length > 0) this.d.report(`Moving ${orders.length} order(s) to ${text}.`, 'info');
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
