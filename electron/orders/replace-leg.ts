// Cancel-replace, the state half: how a cancel-replace's journal records and the venue's word on
// its two venue orders move the ONE order the trader sees (same client order id throughout; the
// replaced venue id goes to previousIds, the replacement's id becomes the order's). The sending
// half is cancel-replace.ts. Only orders with pendingModify.replace are touched here.
import { parseScaled, tryScaled } from '../../shared/decimal';
import type { VenueOrderUpdate } from '../venues/common/adapter';
import { transition } from './lifecycle';
import type { JournalRecord, Order } from './types';

type ReplaceRecord = Extract<JournalRecord, { k: 'replace' }>;

function clearPending(order: Order): void {
  order.pendingModify = undefined;
  order.pendingCancel = undefined;
}

/** The 'modify' record of a cancel-replace: the venue order it replaces is the current one. */
export function startReplace(order: Order, key: string, change: { price?: string; size?: string }): void {
  if (!order.venueOrderId) throw new Error('a cancel-replace needs the venue order id of the order');
  order.pendingModify = { key, ...change, replace: { from: order.venueOrderId, phase: 'cancel' } };
}

/**
 * A venue update for an order in a cancel-replace; true when handled here, false when the
 * ordinary lifecycle (applyVenueUpdate) should take it.
 */
export function applyReplaceUpdate(order: Order, update: VenueOrderUpdate, at: number): boolean {
  const leg = order.pendingModify?.replace;
  const id = update.venueOrderId;
  if (!leg || (id && order.previousIds?.includes(id))) return false;
  const onReplaced = leg.phase !== 'place';
  if (onReplaced && id && id !== leg.from) return false;
  const base = order.legBase ?? 0;
  const filled = tryScaled(update.filled, order.intent.sizeScale);
  if (filled !== undefined && base + filled > order.filled) order.filled = base + filled;
  order.updatedAt = at;
  const gone = update.status === 'cancelled' || update.status === 'expired' || update.status === 'rejected';

  if (order.status !== 'modify_pending') {
    // The trader cancelled on top. Before the replacement exists the ordinary lifecycle settles
    // it; a replacement that answers afterwards is taken (id and terms) and stays cancel-pending,
    // for cancel-replace.ts to cancel.
    if (onReplaced || gone || update.status === 'filled') return false;
    if (id && !order.venueOrderId) order.venueOrderId = id;
    const size = tryScaled(update.size, order.intent.sizeScale);
    if (size !== undefined && size > 0) order.size = base + size;
    return true;
  }

  if (onReplaced) {
    if (gone) {
      // The venue confirmed the cancel: the replacement is due (cancel-replace.ts journals it).
      leg.phase = 'confirmed';
      return true;
    }
    if (update.status === 'filled') return false;
    if (order.filled >= order.size && transition(order, 'filled', at, 'filled while being replaced'))
      clearPending(order);
    return true;
  }

  if (!gone) return false;
  if (id && !order.venueOrderId) order.venueOrderId = id;
  const to = update.status === 'expired' ? 'expired' : 'cancelled';
  if (transition(order, to, at, `replacement ${update.status}`)) {
    order.reason =
      update.status === 'rejected'
        ? `the replacement order was refused: ${update.reason ?? 'no reason given'}`
        : (update.reason ?? `the replacement order was ${update.status}`);
    clearPending(order);
  }
  return true;
}

/** The venue definitely refused the replacement: the replaced order is gone, so is the trader's. */
export function applyReplaceRefused(order: Order, message: string, at: number): boolean {
  if (order.status !== 'modify_pending' || order.pendingModify?.replace?.phase !== 'place') return false;
  if (transition(order, 'cancelled', at, 'replacement refused')) {
    order.reason = `the replacement order was refused: ${message}`;
    clearPending(order);
  }
  return true;
}

/** The cancel was confirmed: the replacement's terms, or the end of the order if nothing is left. */
export function applyReplaceRecord(order: Order, r: ReplaceRecord): void {
  const leg = order.pendingModify?.replace;
  if (order.status !== 'modify_pending' || !leg) return;
  const { sizeScale, priceScale } = order.intent;
  if (!order.previousIds?.includes(r.from)) order.previousIds = [...(order.previousIds ?? []), r.from];
  order.venueOrderId = undefined;
  order.legBase = parseScaled(r.base, sizeScale);
  if (order.legBase > order.filled) order.filled = order.legBase;
  if (r.price !== undefined) order.price = parseScaled(r.price, priceScale);
  const size = parseScaled(r.size, sizeScale);
  order.updatedAt = r.at;
  if (size <= 0) {
    // Filled up to (or past) the new size while the cancel was on its way: nothing to replace.
    order.size = order.legBase;
    if (transition(order, 'filled', r.at, 'nothing left to replace')) clearPending(order);
    return;
  }
  order.size = order.legBase + size;
  leg.phase = 'place';
}

/** The replacement's size: what is left of the (new) size once the replaced orders' fills count. */
export function replacementSize(order: Order): number {
  const pending = order.pendingModify;
  const total = pending?.size !== undefined ? parseScaled(pending.size, order.intent.sizeScale) : order.size;
  return Math.max(0, total - order.filled);
}
