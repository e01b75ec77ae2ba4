// Paxos REST v2 objects ↔ the normalised adapter types. Pure functions, so the mapping rules
// (status, partial fills, market-buy sizing) are tested without a socket.
import type {
  OrderType,
  PlaceOrderRequest,
  VenueFill,
  VenueMarketInfo,
  VenueOrderStatus,
  VenueOrderUpdate,
} from '../../common/adapter';
import type { CreateOrderRequest, Execution, Order } from '../wire/paxos-wire';
import { checkAmount } from './markets';

/** RFC 3339 with any fraction length → epoch ms; 0 when unreadable (never NaN downstream). */
const RFC3339_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** Epoch ms of an RFC3339(Nano) time; 0 when unreadable. Called per print, thousands a second. */
export function timeMs(text: string | undefined): number {
  if (!text) return 0;
  const m = RFC3339_UTC.exec(text);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac] = m;
    const t = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +sec!, frac ? +frac.slice(0, 3).padEnd(3, '0') : 0);
    // Date.UTC rolls 2026-02-30 over into March; a date that does not round-trip is unreadable.
    const month = +mo!;
    const inRange = month >= 1 && month <= 12 && +h! < 24 && +mi! < 60 && +sec! < 60;
    return inRange && new Date(t).getUTCDate() === +d! ? t : 0;
  }
  const t = Date.parse(text.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isFinite(t) ? t : 0;
}

function isZero(text: string | undefined): boolean {
  return text === undefined || !/[1-9]/.test(text);
}

export function statusOf(o: Order, filled = o.amount_filled): VenueOrderStatus {
  switch (o.status) {
    case 'PENDING_SUBMISSION':
    case 'SUBMITTED':
      return 'pending';
    case 'OPEN':
      return isZero(filled) ? 'working' : 'partially_filled';
    case 'FILLED':
      return 'filled';
    case 'CANCELLED':
      return 'cancelled';
    case 'REJECTED':
      return 'rejected';
  }
}

const TYPE_BACK: Record<Order['type'], OrderType> = {
  LIMIT: 'limit',
  POST_ONLY_LIMIT: 'limit',
  MARKET: 'market',
  STOP_MARKET: 'stop',
  STOP_LIMIT: 'stopLimit',
};

export function isFinal(s: VenueOrderStatus): boolean {
  return s === 'filled' || s === 'cancelled' || s === 'rejected' || s === 'expired';
}

/**
 * filledFromExecutions: the executions' sum, for a reply without amount_filled (every Order field
 * is optional in REST v2); without either, a FILLED order filled its base amount, others nothing yet.
 */
export function orderUpdate(
  o: Order,
  clientOrderId?: string,
  filledFromExecutions?: string,
): VenueOrderUpdate {
  const filled =
    o.amount_filled ?? filledFromExecutions ?? (o.status === 'FILLED' ? o.base_amount : undefined) ?? '0';
  const status = statusOf(o, filled);
  const u: VenueOrderUpdate = {
    venue: 'paxos',
    market: o.market,
    venueOrderId: o.id,
    side: o.side === 'BUY' ? 'buy' : 'sell',
    type: TYPE_BACK[o.type],
    size: o.base_amount ?? filled,
    filled,
    status,
    at: timeMs(o.modified_at) || timeMs(o.created_at) || Date.now(),
  };
  const cid = clientOrderId ?? o.metadata?.client_order_id;
  if (cid !== undefined) u.clientOrderId = cid;
  if (o.ref_id !== undefined) u.idempotencyKey = o.ref_id;
  if (o.price !== undefined) u.price = o.price;
  if (!isZero(filled) && !isZero(o.volume_weighted_average_price))
    u.averagePrice = o.volume_weighted_average_price;
  if (status === 'cancelled') u.reason = isZero(filled) ? 'cancelled' : 'remaining amount cancelled';
  if (status === 'rejected') u.reason = 'rejected by Paxos';
  return u;
}

export function fillOf(e: Execution, clientOrderId?: string): VenueFill {
  const f: VenueFill = {
    venue: 'paxos',
    market: e.market,
    fillId: e.execution_id,
    venueOrderId: e.order_id,
    side: e.side === 'BUY' ? 'buy' : 'sell',
    price: e.price,
    size: e.amount,
    at: timeMs(e.executed_at),
  };
  if (clientOrderId !== undefined) f.clientOrderId = clientOrderId;
  if (!isZero(e.commission)) {
    f.fee = e.commission;
    f.feeCurrency = e.commission_asset;
  }
  return f;
}

/**
 * Builds the create-order body, or a plain-words reason why Paxos cannot take this order.
 * Paxos sizes market buys in quote currency (§11.1), which our base-sized request cannot express.
 */
export function createBody(r: PlaceOrderRequest, m: VenueMarketInfo): CreateOrderRequest | string {
  const sizeProblem = checkAmount('size', r.size, m.sizeDecimals, m.lotSize);
  if (sizeProblem) return sizeProblem;
  const body: CreateOrderRequest = {
    ref_id: r.idempotencyKey,
    side: r.side === 'buy' ? 'BUY' : 'SELL',
    market: r.market,
    type: 'LIMIT',
    base_amount: r.size,
    metadata: { client_order_id: r.clientOrderId },
  };
  const priceOk = () => checkAmount('price', r.price, m.priceDecimals, m.tickSize);
  const stopOk = () => checkAmount('stop price', r.stopPrice, m.priceDecimals, m.tickSize);
  if (r.timeInForce === 'DAY') return 'Paxos has no DAY orders; use GTC';
  if (r.postOnly && r.type !== 'limit') return 'post-only applies to limit orders only';
  switch (r.type) {
    case 'limit':
      if (priceOk()) return priceOk()!;
      body.type = r.postOnly ? 'POST_ONLY_LIMIT' : 'LIMIT';
      body.price = r.price;
      body.time_in_force = r.timeInForce;
      if (r.postOnly && r.timeInForce !== 'GTC') return 'post-only orders must be GTC';
      return body;
    case 'market':
      if (r.side === 'buy')
        return 'Paxos sizes market buys in quote currency; send a limit IOC order at the price you accept instead';
      if (r.timeInForce !== 'IOC') return 'Paxos market orders are IOC only';
      if (r.price !== undefined) return 'a market order takes no price';
      body.type = 'MARKET';
      body.time_in_force = 'IOC';
      return body;
    case 'stop':
    case 'stopLimit':
      if (r.side !== 'sell') return 'Paxos supports sell stop orders only';
      if (r.timeInForce !== 'GTC') return 'Paxos stop orders are GTC (or GTT) only';
      if (stopOk()) return stopOk()!;
      body.stop_price = r.stopPrice;
      body.time_in_force = 'GTC';
      if (r.type === 'stop') {
        body.type = 'STOP_MARKET';
        return body;
      }
      if (priceOk()) return priceOk()!;
      body.type = 'STOP_LIMIT';
      body.price = r.price;
      return body;
    default:
      return `unknown order type ${JSON.stringify(String(r.type)).slice(0, 30)}`;
  }
}
