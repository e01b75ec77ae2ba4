// Our portfolio as ALOR's order / stop-order / trade / position streams (and the HTTP lists used
// for reconciliation) describe it. Every record is the full state of one entity, so each is
// upserted and an event goes out only when something changed: a history replay after a
// reconnect re-emits exactly the corrections. Orders carry our clientOrderId in ALOR's `comment`
// (echoed on orders, stop orders and trades), so the link survives a restart of our process.
import type { VenueId } from '../../../../shared/domain';
import type {
  OrderType,
  VenueFill,
  VenueOrderStatus,
  VenueOrderUpdate,
  VenuePosition,
} from '../../common/adapter';
import {
  alorOrderSimpleSchema,
  alorPositionSimpleSchema,
  alorStopOrderSimpleSchema,
  alorTradeSimpleSchema,
} from '../wire/alor-wire';
import { priceText, signedText } from './numbers';

const VENUE: VenueId = 'alor';
const COMMENT_PREFIX = 'cb:';

// Lenient subsets of the wire schemas: the fields we use, so an added or dropped extra field on
// ALOR's side does not make us refuse a record.
export const orderRecordSchema = alorOrderSimpleSchema.pick({
  id: true,
  symbol: true,
  comment: true,
  type: true,
  side: true,
  status: true,
  transTime: true,
  updateTime: true,
  qtyBatch: true,
  filledQtyBatch: true,
  price: true,
  existing: true,
});
export const stopRecordSchema = alorStopOrderSimpleSchema
  .pick({
    id: true,
    symbol: true,
    comment: true,
    side: true,
    status: true,
    transTime: true,
    updateTime: true,
    qtyBatch: true,
    price: true,
    existing: true,
    exchangeOrderId: true,
    type: true,
    condition: true,
    stopPrice: true,
    error: true,
  })
  .partial({ error: true });
export const tradeRecordSchema = alorTradeSimpleSchema.pick({
  id: true,
  orderno: true,
  comment: true,
  symbol: true,
  date: true,
  qtyBatch: true,
  price: true,
  side: true,
  existing: true,
  commission: true,
});
export const positionRecordSchema = alorPositionSimpleSchema.pick({
  symbol: true,
  qty: true,
  avgPrice: true,
  isCurrency: true,
  existing: true,
});

type OrderRecord = ReturnType<typeof orderRecordSchema.parse>;
type StopRecord = ReturnType<typeof stopRecordSchema.parse>;
type TradeRecord = ReturnType<typeof tradeRecordSchema.parse>;
type PositionRecord = ReturnType<typeof positionRecordSchema.parse>;

export interface OrderMeta {
  /** 'stop' for broker-held conditional orders (deleted with delete:stop*). */
  kind: 'order' | 'stop';
  stopPrice?: string;
  condition?: string;
}

export interface PortfolioEvents {
  order(u: VenueOrderUpdate): void;
  fill(f: VenueFill): void;
  position(p: VenuePosition): void;
}

export const commentFor = (clientOrderId: string): string => COMMENT_PREFIX + clientOrderId;

function fromComment(comment: string | null | undefined): string | undefined {
  return comment?.startsWith(COMMENT_PREFIX) ? comment.slice(COMMENT_PREFIX.length) : undefined;
}

function isoMs(text: string | null | undefined, fallback: number): number {
  const ms = text ? Date.parse(text) : NaN;
  return Number.isFinite(ms) ? ms : fallback;
}

export class Portfolio {
  private readonly orders = new Map<string, VenueOrderUpdate>();
  private readonly meta = new Map<string, OrderMeta>();
  private readonly links = new Map<string, { clientOrderId: string; idempotencyKey?: string }>();
  /** Old order number → the one that replaced it (update:* issues a new number) or its trigger. */
  private readonly successor = new Map<string, string>();
  private readonly fillsById = new Map<string, VenueFill>();
  private readonly positions = new Map<string, string>();

  constructor(
    private readonly events: PortfolioEvents,
    private readonly now: () => number = Date.now,
  ) {}

  /** Ties a venue order number (from a /cws reply) to our ids; re-emits its state with them. */
  link(venueOrderId: string, clientOrderId: string, idempotencyKey?: string): void {
    this.links.set(venueOrderId, { clientOrderId, ...(idempotencyKey ? { idempotencyKey } : {}) });
    const known = this.orders.get(venueOrderId);
    if (known && known.clientOrderId !== clientOrderId) this.put({ ...known }, true);
  }

  /** An update:* reply: `from` was replaced by the new order `to`. */
  replaced(from: string, to: string): void {
    this.successor.set(from, to);
    // The old order's cancellation may have arrived (other socket) before the reply did.
    const old = this.orders.get(from);
    if (old?.status === 'cancelled') this.put({ ...old, reason: `replaced by order ${to}` });
  }

  get(venueOrderId: string): VenueOrderUpdate | undefined {
    return this.orders.get(venueOrderId);
  }

  /** Our order by clientOrderId (its comment); after a modify, the live successor. */
  byClientOrderId(clientOrderId: string): VenueOrderUpdate | undefined {
    const mine = [...this.orders.values()].filter((o) => o.clientOrderId === clientOrderId);
    return mine.find((o) => !this.successor.has(o.venueOrderId)) ?? mine.at(-1);
  }

  metaOf(venueOrderId: string): OrderMeta | undefined {
    return this.meta.get(venueOrderId);
  }

  working(market?: string): VenueOrderUpdate[] {
    return [...this.orders.values()].filter(
      (o) =>
        (o.status === 'working' || o.status === 'partially_filled' || o.status === 'pending') &&
        (!market || o.market === market),
    );
  }

  fillsSince(sinceMs: number): VenueFill[] {
    return [...this.fillsById.values()].filter((f) => f.at >= sinceMs).sort((a, b) => a.at - b.at);
  }

  applyOrder(r: OrderRecord): void {
    const status: VenueOrderStatus =
      r.status === 'working'
        ? r.filledQtyBatch > 0
          ? 'partially_filled'
          : 'working'
        : r.status === 'canceled'
          ? 'cancelled'
          : r.status;
    this.meta.set(r.id, { kind: 'order' });
    const successor = this.successor.get(r.id);
    this.put({
      venue: VENUE,
      market: r.symbol,
      venueOrderId: r.id,
      side: r.side,
      type: r.type,
      ...(r.type === 'limit' && r.price > 0 ? { price: priceText(r.price) } : {}),
      size: String(r.qtyBatch),
      filled: String(r.filledQtyBatch),
      status,
      ...(status === 'cancelled' && successor ? { reason: `replaced by order ${successor}` } : {}),
      ...(status === 'cancelled' && !successor ? { reason: 'cancelled' } : {}),
      ...(status === 'rejected' ? { reason: 'rejected by the exchange' } : {}),
      at: isoMs(r.updateTime ?? r.transTime, this.now()),
      ...this.ids(r.id, r.comment),
    });
  }

  applyStop(r: StopRecord): void {
    const type: OrderType = r.type === 'stop' ? 'stop' : 'stopLimit';
    const triggered = r.status === 'filled';
    if (triggered && r.exchangeOrderId) this.successor.set(r.id, r.exchangeOrderId);
    this.meta.set(r.id, { kind: 'stop', stopPrice: priceText(r.stopPrice), condition: r.condition });
    // A stop "filled" on ALOR means it triggered and became an exchange order (exchangeOrderId),
    // which carries the same comment; the stop itself ends here without a fill of its own.
    const status: VenueOrderStatus = triggered
      ? 'cancelled'
      : r.status === 'canceled'
        ? 'cancelled'
        : r.status;
    const reason = triggered
      ? `triggered: became order ${r.exchangeOrderId ?? '(unknown)'}`
      : r.status === 'rejected'
        ? (r.error ?? 'rejected by the broker')
        : r.status === 'canceled'
          ? 'cancelled'
          : undefined;
    this.put({
      venue: VENUE,
      market: r.symbol,
      venueOrderId: r.id,
      side: r.side,
      type,
      ...(type === 'stopLimit' && r.price > 0 ? { price: priceText(r.price) } : {}),
      size: String(r.qtyBatch),
      filled: '0',
      status,
      ...(reason ? { reason } : {}),
      at: isoMs(r.updateTime ?? r.transTime, this.now()),
      ...this.ids(r.id, r.comment),
    });
    if (triggered && r.exchangeOrderId) {
      const link = this.links.get(r.id);
      if (link && !this.links.has(r.exchangeOrderId)) this.link(r.exchangeOrderId, link.clientOrderId);
    }
  }

  applyTrade(r: TradeRecord): void {
    // MOEX trade numbers are per market and one trade can fill two of our orders (self-match),
    // so the fill key is market + trade number + our order number.
    const fillId = `${r.symbol}:${r.id}:${r.orderno}`;
    if (this.fillsById.has(fillId)) return;
    const clientOrderId = fromComment(r.comment) ?? this.links.get(r.orderno)?.clientOrderId;
    const fill: VenueFill = {
      venue: VENUE,
      market: r.symbol,
      fillId,
      venueOrderId: r.orderno,
      ...(clientOrderId ? { clientOrderId } : {}),
      side: r.side,
      price: priceText(r.price),
      size: String(r.qtyBatch),
      ...(r.commission !== null ? { fee: signedText(r.commission), feeCurrency: 'RUB' } : {}),
      at: isoMs(r.date, this.now()),
    };
    this.fillsById.set(fillId, fill);
    this.events.fill(fill);
  }

  applyPosition(r: PositionRecord): void {
    const size = signedText(r.qty);
    const avg = signedText(r.avgPrice);
    const key = `${size}|${avg}`;
    if (this.positions.get(r.symbol) === key) return;
    this.positions.set(r.symbol, key);
    this.events.position({
      venue: VENUE,
      instrument: r.symbol,
      size,
      ...(r.isCurrency ? {} : { averagePrice: avg }),
      at: this.now(),
    });
  }

  private ids(
    venueOrderId: string,
    comment: string | null,
  ): { clientOrderId?: string; idempotencyKey?: string } {
    const link = this.links.get(venueOrderId);
    if (link) return link;
    const clientOrderId = fromComment(comment);
    if (clientOrderId) this.links.set(venueOrderId, { clientOrderId });
    return clientOrderId ? { clientOrderId } : {};
  }

  private put(u: VenueOrderUpdate, force = false): void {
    const link = this.links.get(u.venueOrderId);
    if (link) Object.assign(u, link);
    const prev = this.orders.get(u.venueOrderId);
    this.orders.set(u.venueOrderId, u);
    if (!force && prev && sameState(prev, u)) return;
    this.events.order(u);
  }
}

function sameState(a: VenueOrderUpdate, b: VenueOrderUpdate): boolean {
  return (
    a.status === b.status &&
    a.filled === b.filled &&
    a.size === b.size &&
    a.price === b.price &&
    a.clientOrderId === b.clientOrderId &&
    a.reason === b.reason
  );
}
