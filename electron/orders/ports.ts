// The small interfaces the order manager hands its collaborators (reconciliation, the kill switch,
// routed orders), so each sees only what it needs and none holds the manager itself; and what
// the order core needs from the app (the active manager's holder). Types only.
import type { RiskEvent } from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import type { VenueAdapter } from '../venues/common/adapter';
import type { OrderManager } from './manager';
import type { Changes, OrderStore } from './store';
import type { CommandAction, JournalRecord, MarketSpec } from './types';

/** The journal-first write path and the state it builds. */
export interface OrderLedger {
  /** Read it; change it only through commit. */
  readonly store: OrderStore;
  now(): number;
  /** Journals records durably, then applies them and tells listeners. */
  commit(records: JournalRecord[]): Changes;
}

export type SendResult = { ok: true } | { ok: false; final: boolean; message: string };

export interface SendOptions {
  attempt?: number;
  retries?: number;
  /** Sent by reconciliation itself: a doubtful outcome must not start another reconciliation. */
  fromReconcile?: boolean;
}

export interface OrderSending {
  /** Sends the order's current command; resolves after the first answer (retries continue). */
  send(cid: string, action: CommandAction, opts?: SendOptions): Promise<SendResult>;
  isInFlight(cid: string): boolean;
}

export interface MarketScales {
  canonical: string;
  priceScale: number;
  sizeScale: number;
}

export interface VenueAccess {
  venues(): VenueId[];
  adapter(venue: VenueId): VenueAdapter | undefined;
  specFor(venue: VenueId, market: string): MarketSpec | undefined;
  scalesOf(venue: VenueId, market: string): MarketScales;
  /** Bound on every venue call. */
  readonly timeoutMs: number;
}

/** An adapter that has VenueAdapter.lookupOrder (recovery asks it before any resend of a place). */
export type OrderLookup = { lookupOrder: NonNullable<VenueAdapter['lookupOrder']> };

export interface RiskAlerts {
  riskEvent(
    kind: RiskEvent['kind'],
    severity: RiskEvent['severity'],
    message: string,
    venue?: VenueId,
    ack?: { id: string; needsAck: boolean },
  ): void;
}

/** The order manager of the active profile (the app provides it); it is replaced when the profile changes. */
export interface ActiveOrderManager {
  current(): OrderManager | undefined;
  /** Called after the manager was replaced (or removed). */
  onReplaced(listener: () => void): () => void;
}
