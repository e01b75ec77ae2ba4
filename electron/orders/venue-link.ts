// How the manager talks to one adapter: every call bounded by a timeout (a venue that never
// answers must not hang a command), and errors classified into what to do next.
import { formatScaled, parseScaled } from '../../shared/decimal';
import type { VenueAdapter, VenueMarketInfo, VenueOrderUpdate } from '../venues/common/adapter';
import { VenueError } from '../venues/common/adapter';
import type { CommandAction, MarketSpec, Order } from './types';

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new VenueError('timeout', `${what} got no answer within ${ms} ms`, true)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export type ErrorOutcome =
  /** The venue definitely refused: apply it. */
  | 'final'
  /** Outcome unknown but the same command may be resent with the same key. */
  | 'retry'
  /** Outcome unknown; ask the venue (reconcile). */
  | 'reconcile';

export function classify(error: unknown): { outcome: ErrorOutcome; kind: string; message: string } {
  if (error instanceof VenueError) {
    const message = error.message.slice(0, 300);
    if (error.kind === 'rejected' || error.kind === 'invalid' || error.kind === 'unauthorized') {
      return { outcome: 'final', kind: error.kind, message };
    }
    if (error.kind === 'duplicate' || error.kind === 'not_found')
      return { outcome: 'reconcile', kind: error.kind, message };
    return { outcome: error.retryable ? 'retry' : 'reconcile', kind: error.kind, message };
  }
  // An adapter bug or a dropped connection: we cannot know whether the venue acted.
  return {
    outcome: 'reconcile',
    kind: 'unknown',
    message: error instanceof Error ? error.message.slice(0, 300) : 'unknown error',
  };
}

export function specFromInfo(info: VenueMarketInfo): MarketSpec {
  const spec: MarketSpec = {
    venue: info.venue,
    market: info.market,
    canonical: info.canonical,
    priceScale: info.priceDecimals,
    sizeScale: info.sizeDecimals,
    tick: parseScaled(info.tickSize, info.priceDecimals),
    lot: parseScaled(info.lotSize, info.sizeDecimals),
  };
  if (info.minSize !== undefined) spec.minSize = parseScaled(info.minSize, info.sizeDecimals);
  return spec;
}

export function findSpec(adapter: VenueAdapter | undefined, market: string): MarketSpec | undefined {
  const info = adapter?.markets().find((m) => m.market === market);
  if (!info) return undefined;
  try {
    return specFromInfo(info);
  } catch {
    return undefined;
  }
}

export { UP_STATES, venueName } from '../../shared/domain';

/** The adapter call for the order's current command, or undefined when there is nothing to send. */
export function commandCall(
  adapter: VenueAdapter,
  o: Order,
  action: CommandAction,
): Promise<VenueOrderUpdate> | undefined {
  const i = o.intent;
  if (action === 'place') {
    if ((o.status !== 'pending' && o.status !== 'cancel_pending') || o.venueOrderId) return undefined;
    return adapter.placeOrder({
      clientOrderId: i.clientOrderId,
      idempotencyKey: i.idempotencyKey,
      market: i.market,
      side: i.side,
      type: i.type,
      size: i.size,
      timeInForce: i.timeInForce,
      ...(i.price !== undefined ? { price: i.price } : {}),
      ...(i.stopPrice !== undefined ? { stopPrice: i.stopPrice } : {}),
      ...(i.postOnly !== undefined ? { postOnly: i.postOnly } : {}),
    });
  }
  if (action === 'modify' && o.pendingModify?.replace) return replaceCall(adapter, o);
  if (action === 'modify') {
    if (o.status !== 'modify_pending' || !o.pendingModify || !o.venueOrderId) return undefined;
    return adapter.modifyOrder({
      clientOrderId: i.clientOrderId,
      venueOrderId: o.venueOrderId,
      idempotencyKey: o.pendingModify.key,
      market: i.market,
      side: i.side,
      type: i.type,
      ...(o.pendingModify.price !== undefined ? { price: o.pendingModify.price } : {}),
      ...(o.pendingModify.size !== undefined ? { size: o.pendingModify.size } : {}),
    });
  }
  if (o.status !== 'cancel_pending' || !o.pendingCancel || !o.venueOrderId) return undefined;
  return adapter.cancelOrder({
    clientOrderId: i.clientOrderId,
    venueOrderId: o.venueOrderId,
    idempotencyKey: o.pendingCancel.key,
    market: i.market,
  });
}

/** A cancel-replace's current leg: the cancel of the replaced order, then the replacement. */
function replaceCall(adapter: VenueAdapter, o: Order): Promise<VenueOrderUpdate> | undefined {
  const i = o.intent;
  const pending = o.pendingModify!;
  const leg = pending.replace!;
  if (o.status !== 'modify_pending') return undefined;
  if (leg.phase === 'cancel')
    return adapter.cancelOrder({
      clientOrderId: i.clientOrderId,
      venueOrderId: leg.from,
      idempotencyKey: pending.key,
      market: i.market,
    });
  if (leg.phase !== 'place' || o.venueOrderId) return undefined;
  return adapter.placeOrder({
    clientOrderId: i.clientOrderId,
    idempotencyKey: pending.key,
    market: i.market,
    side: i.side,
    type: i.type,
    size: formatScaled(o.size - (o.legBase ?? 0), i.sizeScale),
    timeInForce: i.timeInForce,
    ...(o.price !== undefined ? { price: formatScaled(o.price, i.priceScale) } : {}),
    ...(i.postOnly !== undefined ? { postOnly: i.postOnly } : {}),
  });
}
