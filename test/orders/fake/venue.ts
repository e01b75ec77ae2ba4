// A venue's side of the wire, in memory: orders keyed by idempotency key (a resend returns the
// order the venue already has), fills with unique ids, cancel-on-disconnect. Prices and sizes are
// decimal strings at 2 and 4 places (scaled internally as the real venues do).
import { formatScaled, parseScaled } from '../../../shared/decimal';
import type { VenueId } from '../../../shared/domain';
import type {
  CancelOrderRequest,
  ModifyOrderRequest,
  PlaceOrderRequest,
  VenueFill,
  VenueOrderStatus,
  VenueOrderUpdate,
} from '../../../electron/venues/common/adapter';
import { VenueError } from '../../../electron/venues/common/adapter';

export const PS = 2;
export const SS = 4;

export interface VOrder {
  venueOrderId: string;
  clientOrderId: string;
  key: string;
  market: string;
  side: 'buy' | 'sell';
  type: PlaceOrderRequest['type'];
  price?: number;
  size: number;
  filled: number;
  cost: number;
  status: VenueOrderStatus;
  reason?: string;
  at: number;
}

export class FakeVenue {
  readonly orders = new Map<string, VOrder>();
  readonly byKey = new Map<string, string>();
  readonly fills: VenueFill[] = [];
  private seq = 0;
  private fillSeq = 0;
  /** Venue time: wall clock, strictly increasing so every event has its own instant. */
  clock = 0;
  onOrder: (u: VenueOrderUpdate) => void = () => {};
  onFill: (f: VenueFill) => void = () => {};

  constructor(readonly venue: VenueId) {}

  now(): number {
    this.clock = Math.max(Date.now(), this.clock + 1);
    return this.clock;
  }

  view(o: VOrder): VenueOrderUpdate {
    const u: VenueOrderUpdate = {
      venue: this.venue,
      market: o.market,
      venueOrderId: o.venueOrderId,
      clientOrderId: o.clientOrderId,
      idempotencyKey: o.key,
      side: o.side,
      type: o.type,
      size: formatScaled(o.size, SS),
      filled: formatScaled(o.filled, SS),
      status: o.status,
      at: o.at,
    };
    if (o.price !== undefined) u.price = formatScaled(o.price, PS);
    if (o.reason) u.reason = o.reason;
    return u;
  }

  place(r: PlaceOrderRequest): VenueOrderUpdate {
    const existing = this.byKey.get(r.idempotencyKey);
    if (existing) return this.view(this.orders.get(existing)!);
    const size = parseScaled(r.size, SS);
    if (size <= 0) throw new VenueError('invalid', 'size must be positive');
    const o: VOrder = {
      venueOrderId: `${this.venue}-${++this.seq}`,
      clientOrderId: r.clientOrderId,
      key: r.idempotencyKey,
      market: r.market,
      side: r.side,
      type: r.type,
      size,
      filled: 0,
      cost: 0,
      status: 'working',
      at: this.now(),
      ...(r.price !== undefined ? { price: parseScaled(r.price, PS) } : {}),
    };
    this.orders.set(o.venueOrderId, o);
    this.byKey.set(o.key, o.venueOrderId);
    return this.view(o);
  }

  private live(id: string): VOrder {
    const o = this.orders.get(id);
    if (!o) throw new VenueError('not_found', `order ${id} not found`);
    if (o.status !== 'working' && o.status !== 'partially_filled') {
      throw new VenueError('rejected', `order ${id} is ${o.status}`);
    }
    return o;
  }

  /** Finery-style modify: cancel/replace under a new venue order id. */
  replaceOnModify = false;
  /** Finery's partial failure: the old order is removed, the replacement refused. */
  failReplace = false;

  modify(r: ModifyOrderRequest): VenueOrderUpdate {
    const o = this.live(r.venueOrderId);
    const size = r.size !== undefined ? parseScaled(r.size, SS) : o.size;
    if (size <= o.filled) throw new VenueError('rejected', 'new size not above filled');
    if (this.replaceOnModify) {
      o.status = 'cancelled';
      o.reason = this.failReplace ? 'modify failed after the old order was removed' : 'replaced';
      o.at = this.now();
      this.onOrder(this.view(o));
      if (this.failReplace) throw new VenueError('rejected', 'replacement refused');
      const next: VOrder = {
        ...o,
        venueOrderId: `${this.venue}-${++this.seq}`,
        size,
        status: o.filled > 0 ? 'partially_filled' : 'working',
        at: this.now(),
      };
      delete next.reason;
      if (r.price !== undefined) next.price = parseScaled(r.price, PS);
      this.orders.set(next.venueOrderId, next);
      this.byKey.set(next.key, next.venueOrderId);
      this.onOrder(this.view(next));
      return this.view(next);
    }
    o.size = size;
    if (r.price !== undefined) o.price = parseScaled(r.price, PS);
    o.at = this.now();
    return this.view(o);
  }

  /** Paxos's adapter answers a cancel of an order already ended with its final state, not an error. */
  finalOnCancel = false;

  cancel(r: CancelOrderRequest): VenueOrderUpdate {
    const ended = this.orders.get(r.venueOrderId);
    if (this.finalOnCancel && ended && ended.status !== 'working' && ended.status !== 'partially_filled')
      return this.view(ended);
    const o = this.live(r.venueOrderId);
    o.status = 'cancelled';
    o.at = this.now();
    return this.view(o);
  }

  cancelAll(market?: string): string[] {
    const out: string[] = [];
    for (const o of this.orders.values()) {
      if ((o.status === 'working' || o.status === 'partially_filled') && (!market || o.market === market)) {
        o.status = 'cancelled';
        o.at = this.now();
        out.push(o.venueOrderId);
        this.onOrder(this.view(o));
      }
    }
    return out;
  }

  /** Trades `size` (scaled) of a live order at its price (or the given one); emits fill + update. */
  fill(
    venueOrderId: string,
    size: number,
    price?: number,
    fee?: { fee: string; feeCurrency?: string },
  ): VenueFill {
    const o = this.live(venueOrderId);
    const qty = Math.min(size, o.size - o.filled);
    const p = price ?? o.price ?? 10_000;
    o.filled += qty;
    o.cost += qty * p;
    o.status = o.filled >= o.size ? 'filled' : 'partially_filled';
    o.at = this.now();
    const f: VenueFill = {
      venue: this.venue,
      market: o.market,
      fillId: `${this.venue}-f${++this.fillSeq}`,
      venueOrderId: o.venueOrderId,
      clientOrderId: o.clientOrderId,
      side: o.side,
      price: formatScaled(p, PS),
      size: formatScaled(qty, SS),
      at: o.at,
      ...fee,
    };
    this.fills.push(f);
    this.onFill(f);
    this.onOrder(this.view(o));
    return f;
  }

  /** The venue ends orders itself (cancel-on-disconnect, expiry). */
  endAll(status: 'cancelled' | 'expired', reason: string): void {
    for (const o of this.orders.values()) {
      if (o.status === 'working' || o.status === 'partially_filled') {
        o.status = status;
        o.reason = reason;
        o.at = this.now();
      }
    }
  }

  openOrders(): VenueOrderUpdate[] {
    return [...this.orders.values()]
      .filter((o) => o.status === 'working' || o.status === 'partially_filled')
      .map((o) => this.view(o));
  }

  fillsSince(since: number): VenueFill[] {
    return this.fills.filter((f) => f.at >= since);
  }
}
