// The one interface every venue adapter implements, so the order manager, the engine wiring and
// the renderer never learn a venue's wire protocol. Values are decimal strings here (the edge);
// the engine and order manager scale them.
import type { ConnectionState, OrderSide, OrderType, TimeInForce, VenueId } from '../../../shared/domain';

export type { OrderSide, OrderType, TimeInForce };

export interface VenueMarketInfo {
  venue: VenueId;
  /** The venue's own symbol (BTCUSD on Paxos, BTC-USD on Finery, SBER on ALOR). */
  market: string;
  /** Canonical instrument for consolidation, e.g. BTC-USD for both crypto venues. */
  canonical: string;
  priceDecimals: number;
  sizeDecimals: number;
  tickSize: string;
  /** Smallest size increment (one lot on ALOR expressed in lots: "1"). */
  lotSize: string;
  minSize?: string;
}

export interface VenueCapabilities {
  orderTypes: OrderType[];
  timeInForce: TimeInForce[];
  postOnly: boolean;
  modify: boolean;
  cancelAll: boolean;
  /** The venue itself cancels our working orders when our session drops (Finery cod). */
  cancelsOnDisconnect: boolean;
  /** The resting time-in-force the venue uses by default; post-only orders need it. */
  defaultTimeInForce?: TimeInForce;
  /** Time-in-force a market order may carry, where narrower than timeInForce (Finery: IOC/FOK). */
  marketTimeInForce?: TimeInForce[];
  /** Plain words a ticket shows beside the venue (limits of this venue's order entry). */
  notes?: string[];
}

export interface PlaceOrderRequest {
  /** Our client order id (UUID). */
  clientOrderId: string;
  /**
   * The venue idempotency key (Paxos ref_id, Finery clientOrderId, ALOR guid), from
   * adapter.idempotencyKeyFor(clientOrderId) and persisted before the first send, so a resend
   * after a reconnect or a restart can never create a second order.
   */
  idempotencyKey: string;
  market: string;
  side: OrderSide;
  type: OrderType;
  size: string;
  price?: string;
  stopPrice?: string;
  timeInForce: TimeInForce;
  postOnly?: boolean;
}

export interface ModifyOrderRequest {
  clientOrderId: string;
  venueOrderId: string;
  /** Key for this modify command where the venue has one (ALOR guid); a fresh key per modify. */
  idempotencyKey: string;
  market: string;
  side: OrderSide;
  type: OrderType;
  price?: string;
  size?: string;
}

export interface CancelOrderRequest {
  clientOrderId: string;
  venueOrderId: string;
  idempotencyKey: string;
  market: string;
}

export type VenueOrderStatus =
  'pending' | 'working' | 'partially_filled' | 'filled' | 'cancelled' | 'rejected' | 'expired';

export interface VenueOrderUpdate {
  venue: VenueId;
  market: string;
  venueOrderId: string;
  clientOrderId?: string;
  idempotencyKey?: string;
  side: OrderSide;
  type: OrderType;
  price?: string;
  size: string;
  filled: string;
  averagePrice?: string;
  status: VenueOrderStatus;
  /** Plain-words reason for rejected/cancelled/expired. */
  reason?: string;
  /** Milliseconds since the epoch, venue time where the venue gives one. */
  at: number;
}

/** What identifies one of our orders before the venue has given it a number. */
export interface OrderRef {
  clientOrderId: string;
  idempotencyKey: string;
  market: string;
}

export interface VenueFill {
  venue: VenueId;
  market: string;
  /** The venue's unique id for this fill/deal: the key that makes fills idempotent. */
  fillId: string;
  venueOrderId: string;
  clientOrderId?: string;
  side: OrderSide;
  price: string;
  size: string;
  fee?: string;
  feeCurrency?: string;
  liquidity?: 'maker' | 'taker';
  at: number;
}

export interface VenuePosition {
  venue: VenueId;
  /** Market symbol or asset, as the venue reports positions. */
  instrument: string;
  size: string;
  averagePrice?: string;
  at: number;
}

export interface VenueConnectionStatus {
  venue: VenueId;
  state: ConnectionState;
  reason?: string;
  /** Feed-level detail: which feeds are stale. */
  staleFeeds?: string[];
  at: number;
}

/** Public trade print, normalised. */
export interface VenueTrade {
  venue: VenueId;
  market: string;
  price: string;
  size: string;
  side?: OrderSide;
  time: number;
  /** Replayed history rather than a live print. */
  history?: boolean;
}

/** Where an adapter sends hot market data: straight to the engine worker, as raw frame text. */
export interface MarketDataSink {
  /** A raw book frame exactly as received; the engine's venue scanner parses it off the main thread. */
  frame(venue: VenueId, text: string, receivedAt: number): void;
  /** ALOR-style streams keyed by subscription guid rather than by market inside the frame. */
  bindStream(venue: VenueId, key: string, market: string): void;
  unbindStream(venue: VenueId, key: string): void;
  /** Forget the book: a fresh snapshot is coming (resubscribe, reconnect, detected gap). */
  resetBook(venue: VenueId, market: string): void;
  trade(trade: VenueTrade): void;
}

export class VenueError extends Error {
  override name = 'VenueError';
  constructor(
    readonly kind:
      'rejected' | 'duplicate' | 'not_found' | 'timeout' | 'unavailable' | 'unauthorized' | 'invalid',
    message: string,
    /** Whether resending the same command with the same idempotency key is safe and useful. */
    readonly retryable = false,
    readonly venueCode?: string | number,
  ) {
    super(message);
  }
}

export interface VenueAdapterEvents {
  status: (status: VenueConnectionStatus) => void;
  order: (update: VenueOrderUpdate) => void;
  fill: (fill: VenueFill) => void;
  position: (position: VenuePosition) => void;
}

export interface VenueAdapter {
  readonly venue: VenueId;
  readonly capabilities: VenueCapabilities;
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  markets(): VenueMarketInfo[];
  /** Book (and trades) for a market, kept subscribed across reconnects until unsubscribed. */
  subscribeMarket(market: string): void;
  unsubscribeMarket(market: string): void;
  /** Deterministic, so a restart re-derives the key it persisted for the same order. */
  idempotencyKeyFor(clientOrderId: string): string;
  placeOrder(request: PlaceOrderRequest): Promise<VenueOrderUpdate>;
  modifyOrder(request: ModifyOrderRequest): Promise<VenueOrderUpdate>;
  cancelOrder(request: CancelOrderRequest): Promise<VenueOrderUpdate>;
  /** Cancels every working order (in one market where given); lists what it could not cancel. */
  cancelAll(
    market?: string,
  ): Promise<{ cancelled: string[]; failed: { venueOrderId: string; reason: string }[] }>;
  /** For reconciliation after a reconnect or restart. */
  openOrders(): Promise<VenueOrderUpdate[]>;
  /**
   * An order we sent but never heard back about (a crash, a lost reply), looked up at the venue by
   * its idempotency key with the venue's own query: its state, or undefined when the venue never
   * saw it. Crash recovery asks this before any resend of a place. Optional: an adapter without
   * it relies on the venue honouring the idempotency key of the resend.
   */
  lookupOrder?(ref: OrderRef): Promise<VenueOrderUpdate | undefined>;
  fillsSince(sinceMs: number): Promise<VenueFill[]>;
  /**
   * The engine found a book impossible (crossed, an update for a missing level): forget it and
   * take a fresh snapshot. Adapters without their own path fall back to unsubscribe + subscribe.
   */
  resync?(market: string, reason: string): void;
  /** The latest measured round trip to the venue in milliseconds (smoothed), undefined before the first sample. */
  roundTripMs?(): number | undefined;
  on<E extends keyof VenueAdapterEvents>(event: E, listener: VenueAdapterEvents[E]): () => void;
}
