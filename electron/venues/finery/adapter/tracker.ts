// Our orders and fills as the venue reports them (O feed, request replies, queries), turned into
// normalized updates. Every source is idempotent here: an update is emitted only when the order's
// visible state changes, and a fill only once per deal id.
import type {
  OrderSide,
  OrderType,
  VenueFill,
  VenueOrderStatus,
  VenueOrderUpdate,
} from '../../common/adapter';
import type { DealRec, OrderRec } from './codec';
import { fromWire, minAmount } from './codec';

export interface Tracked {
  venueOrderId: string;
  market: string;
  side: OrderSide;
  type: OrderType;
  /** Wire units (1e-8); 0 for market orders. */
  price: bigint;
  initialSize: bigint;
  sizeLeft: bigint;
  /** Filled on the orders this one replaced (Finery `mod` is cancel/replace). */
  carried: bigint;
  key: string;
  status: VenueOrderStatus;
  reason?: string;
  at: number;
  /** Placed with cancel-on-disconnect: gone when our session drops. */
  cod: boolean;
  lastSig?: string;
}

const CANCEL_REASONS: Record<number, string> = {
  1: 'cancelled by us',
  2: 'IOC/FOK remainder cancelled by the venue',
  3: 'cancelled by self-trade prevention',
  4: 'cancelled by the venue when our connection dropped (cancel on disconnect)',
};

const TERMINAL: ReadonlySet<VenueOrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired']);
const MAX_REMEMBERED = 50_000;

export function normalizedType(code: number): OrderType {
  return code === 4 || code === 5 ? 'market' : 'limit';
}

export class OrderTracker {
  readonly byId = new Map<string, Tracked>();
  /** Venue key (Finery clientOrderId) → our UUID, for orders this process placed. */
  readonly uuidByKey = new Map<string, string>();
  private readonly fills = new Set<string>();
  /** Highest deal id seen, as the high-water mark for catching up after a reconnect. */
  lastDealId = 0n;

  constructor(
    private readonly emitOrder: (u: VenueOrderUpdate) => void,
    private readonly emitFill: (f: VenueFill) => void,
    private readonly codDefault: boolean,
  ) {}

  isTerminal(t: Tracked): boolean {
    return TERMINAL.has(t.status);
  }

  active(market?: string): Tracked[] {
    return [...this.byId.values()].filter((t) => !this.isTerminal(t) && (!market || t.market === market));
  }

  findByKey(key: string): Tracked | undefined {
    let best: Tracked | undefined;
    for (const t of this.byId.values()) {
      if (t.key !== key) continue;
      if (!best || !this.isTerminal(t) || Number(t.venueOrderId) > Number(best.venueOrderId)) best = t;
    }
    return best;
  }

  /** Creates or refreshes an order from a venue record; `removed` for `-` messages. */
  fromRecord(r: OrderRec, removed: boolean, at = Date.now()): Tracked {
    const t = this.ensure(r, at);
    if (this.isTerminal(t)) return t;
    t.sizeLeft = minAmount(t.sizeLeft, r.sizeLeft);
    if (removed) {
      t.at = at;
      if (t.sizeLeft <= 0n) this.finish(t, 'filled');
      else this.finish(t, 'cancelled', CANCEL_REASONS[r.cancelReason] ?? 'removed by the venue');
    } else this.refreshOpen(t);
    this.publish(t);
    return t;
  }

  /** The tracked order for a record, created (unpublished) when first seen. */
  ensure(r: OrderRec, at = Date.now()): Tracked {
    let t = this.byId.get(r.orderId);
    if (!t) {
      t = {
        venueOrderId: r.orderId,
        market: r.instrument,
        side: r.side,
        type: normalizedType(r.type),
        price: r.price,
        initialSize: r.initialSize,
        sizeLeft: r.sizeLeft,
        carried: 0n,
        key: r.clientOrderId,
        status: 'working',
        at: r.createdAt || at,
        cod: this.codDefault,
      };
      this.remember(t);
    }
    return t;
  }

  /** A deal on one of our orders: a fill (once per deal id) and the order's new state. */
  fromDeal(d: DealRec): void {
    const t = this.ensure(d, d.dealMoment);
    this.fill(t, d.dealId, d.dealPrice, d.dealSize, d.dealMoment, d.aggressor === d.side ? 'taker' : 'maker');
    if (this.isTerminal(t)) return;
    t.sizeLeft = minAmount(t.sizeLeft, d.sizeLeft);
    t.at = d.dealMoment;
    if (t.sizeLeft <= 0n) this.finish(t, 'filled');
    else this.refreshOpen(t);
    this.publish(t);
  }

  /** Records a fill once; returns false for a deal already seen. */
  fill(
    t: Tracked,
    dealId: string,
    price: bigint,
    size: bigint,
    at: number,
    liquidity: 'maker' | 'taker',
  ): boolean {
    const id = BigInt(dealId);
    if (id > this.lastDealId) this.lastDealId = id;
    if (this.fills.has(dealId)) return false;
    this.fills.add(dealId);
    if (this.fills.size > MAX_REMEMBERED) this.fills.delete(this.fills.values().next().value!);
    const uuid = this.uuidByKey.get(t.key);
    this.emitFill({
      venue: 'finery',
      market: t.market,
      fillId: dealId,
      venueOrderId: t.venueOrderId,
      ...(uuid ? { clientOrderId: uuid } : {}),
      side: t.side,
      price: fromWire(price),
      size: fromWire(size),
      liquidity,
      at,
    });
    return true;
  }

  finish(t: Tracked, status: VenueOrderStatus, reason?: string): void {
    if (this.isTerminal(t)) return;
    t.status = status;
    if (reason) t.reason = reason;
    else delete t.reason;
  }

  refreshOpen(t: Tracked): void {
    if (this.isTerminal(t)) return;
    t.status = this.filledOf(t) > 0n ? 'partially_filled' : 'working';
  }

  filledOf(t: Tracked): bigint {
    const done = t.initialSize - t.sizeLeft;
    return t.carried + (done > 0n ? done : 0n);
  }

  toUpdate(t: Tracked): VenueOrderUpdate {
    const uuid = this.uuidByKey.get(t.key);
    return {
      venue: 'finery',
      market: t.market,
      venueOrderId: t.venueOrderId,
      ...(uuid ? { clientOrderId: uuid } : {}),
      idempotencyKey: t.key,
      side: t.side,
      type: t.type,
      ...(t.price > 0n ? { price: fromWire(t.price) } : {}),
      size: fromWire(t.initialSize + t.carried),
      filled: fromWire(this.filledOf(t)),
      status: t.status,
      ...(t.reason ? { reason: t.reason } : {}),
      at: t.at,
    };
  }

  /** Emits the order's state if it differs from what was last emitted. */
  publish(t: Tracked): VenueOrderUpdate {
    const u = this.toUpdate(t);
    const sig = `${u.status}|${u.filled}|${u.size}|${u.price ?? ''}`;
    if (sig !== t.lastSig) {
      t.lastSig = sig;
      this.emitOrder(u);
    }
    return u;
  }

  remember(t: Tracked): void {
    this.byId.set(t.venueOrderId, t);
    if (this.byId.size <= MAX_REMEMBERED) return;
    for (const [id, old] of this.byId) {
      if (this.isTerminal(old)) {
        this.byId.delete(id);
        break;
      }
    }
  }
}
