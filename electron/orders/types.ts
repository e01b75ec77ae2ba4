// The order core's internal model. Quantities are scaled integers (price at the market's price
// scale, size at its size scale); the journal keeps the decimal strings exactly as sent/received.
import type { OrderStatus, RiskLimits } from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import type {
  OrderSide,
  OrderType,
  TimeInForce,
  VenueFill,
  VenueOrderUpdate,
} from '../venues/common/adapter';

export type { OrderStatus };

export interface MarketSpec {
  venue: VenueId;
  market: string;
  canonical: string;
  priceScale: number;
  sizeScale: number;
  /** Tick and lot as scaled integers. */
  tick: number;
  lot: number;
  minSize?: number;
}

/** Everything needed to (re)send a place command; journaled before the first send. */
export interface OrderIntent {
  clientOrderId: string;
  idempotencyKey: string;
  venue: VenueId;
  market: string;
  canonical: string;
  side: OrderSide;
  type: OrderType;
  timeInForce: TimeInForce;
  postOnly?: boolean;
  size: string;
  price?: string;
  stopPrice?: string;
  priceScale: number;
  sizeScale: number;
  parentId?: string;
  oneClick: boolean;
}

export interface PendingCommand {
  key: string;
  price?: string;
  size?: string;
  /** A modify done as cancel-replace (a venue that cannot modify: Paxos); see cancel-replace.ts. */
  replace?: ReplaceLeg;
}

/** Where a cancel-replace stands. The key of the PendingCommand is the replacement's idempotency key. */
export interface ReplaceLeg {
  /** The venue order being replaced. */
  from: string;
  /** cancel: asked to cancel `from`; confirmed: the venue cancelled it, the replacement is due; place: sent. */
  phase: 'cancel' | 'confirmed' | 'place';
}

export interface Order {
  intent: OrderIntent;
  /** Current size/price (a modify changes them), scaled. */
  size: number;
  price?: number;
  status: OrderStatus;
  venueOrderId?: string;
  /** max(sum of our fills, venue-reported cumulative fill). */
  filled: number;
  fillSize: number;
  fillCost: bigint;
  venueAveragePrice?: string;
  reason?: string;
  pendingModify?: PendingCommand;
  pendingCancel?: PendingCommand;
  adopted: boolean;
  /**
   * Filled by the venue orders this order had before a cancel-replace: the current venue order
   * reports its own size and fill, which start from here.
   */
  legBase?: number;
  /** Venue ids this order had before a cancel/replace modify (Finery gives a new id). */
  previousIds?: string[];
  /** A cancel reported while a modify was pending: the replaced leg, or a real cancel if the modify fails. */
  deferredCancel?: { venueOrderId: string; reason?: string };
  createdAt: number;
  updatedAt: number;
}

export interface FillRecord {
  fill: VenueFill;
  clientOrderId?: string;
  canonical: string;
  priceScale: number;
  sizeScale: number;
}

export interface ParentRecord {
  parentId: string;
  canonical: string;
  side: OrderSide;
  size: string;
  sizeScale: number;
  children: string[];
  createdAt: number;
}

export type CommandAction = 'place' | 'modify' | 'cancel';

/** One line of the journal. `at` is local wall time in ms. */
export type JournalRecord =
  | { k: 'place'; at: number; intent: OrderIntent }
  | { k: 'modify'; at: number; cid: string; key: string; price?: string; size?: string; replace?: true }
  /**
   * A cancel-replace's cancel was confirmed: the replacement's terms (size is what is left, "0"
   * when nothing is) and what the replaced venue orders had filled.
   */
  | { k: 'replace'; at: number; cid: string; from: string; base: string; size: string; price?: string }
  | { k: 'cancel'; at: number; cid: string; key: string }
  | { k: 'reply'; at: number; cid: string; action: CommandAction; update: VenueOrderUpdate }
  | {
      k: 'failed';
      at: number;
      cid: string;
      action: CommandAction;
      kind: string;
      message: string;
      /** The venue definitely refused the command (as opposed to: we do not know yet). */
      final: boolean;
    }
  | { k: 'update'; at: number; update: VenueOrderUpdate; reconcile?: boolean }
  | { k: 'fill'; at: number; fill: VenueFill; canonical: string; priceScale: number; sizeScale: number }
  | { k: 'adopt'; at: number; intent: OrderIntent; update: VenueOrderUpdate }
  | {
      k: 'resolve';
      at: number;
      cid: string;
      status: 'filled' | 'cancelled' | 'expired' | 'rejected';
      reason: string;
    }
  | { k: 'parent'; at: number; parent: ParentRecord }
  | { k: 'kill'; at: number; killed: boolean }
  | { k: 'limits'; at: number; limits: RiskLimits }
  /** The trader acknowledged an alert (a journal record set aside at replay). */
  | { k: 'ack'; at: number; id: string };

export const TERMINAL: ReadonlySet<OrderStatus> = new Set(['filled', 'cancelled', 'rejected', 'expired']);
export const isTerminal = (s: OrderStatus): boolean => TERMINAL.has(s);
/** Orders that may still trade at the venue (or might exist there). */
export const isLive = (s: OrderStatus): boolean => !TERMINAL.has(s) && s !== 'new';
