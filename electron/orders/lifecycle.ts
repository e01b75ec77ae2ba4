// One order state machine for every venue. Venue updates arrive late, twice and out of order
// (a stream update overtaking a command reply, a fill racing a modify, a cancel ack after the
// last fill), so every change goes through an explicit table and anything else is refused and
// logged rather than applied. Fills are facts and always count, whatever state the order is in.
import { createLogger } from '../base/log';
import type { VenueOrderUpdate } from '../venues/common/adapter';
import { tryScaled } from '../../shared/decimal';
import type { CommandAction, Order, OrderStatus } from './types';
import { isTerminal } from './types';

const log = createLogger('orders.lifecycle');

export const TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  new: ['pending', 'rejected'],
  pending: ['working', 'partially_filled', 'filled', 'cancelled', 'rejected', 'expired', 'cancel_pending'],
  working: ['partially_filled', 'filled', 'cancelled', 'expired', 'modify_pending', 'cancel_pending'],
  partially_filled: ['filled', 'cancelled', 'expired', 'modify_pending', 'cancel_pending'],
  // Leaving modify-pending: the reply (working / partially filled), a fill completing the order,
  // the venue cancelling or expiring it meanwhile, or the trader cancelling on top.
  modify_pending: ['working', 'partially_filled', 'filled', 'cancelled', 'expired', 'cancel_pending'],
  // A refused cancel returns the order to its live state.
  cancel_pending: ['working', 'partially_filled', 'filled', 'cancelled', 'expired'],
  filled: [],
  // A fill that happened before the cancel but is reported after it can complete the order.
  cancelled: ['filled'],
  expired: ['filled'],
  rejected: [],
};

export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return from === to || TRANSITIONS[from].includes(to);
}

/** Moves the order if the table allows it; refuses and logs otherwise. */
export function transition(order: Order, to: OrderStatus, at: number, why: string): boolean {
  if (order.status === to) return true;
  if (!TRANSITIONS[order.status].includes(to)) {
    log.warn('illegal order transition refused', {
      clientOrderId: order.intent.clientOrderId,
      from: order.status,
      to,
      why,
    });
    return false;
  }
  order.status = to;
  order.updatedAt = at;
  return true;
}

/** working or partially filled, whichever the fill quantity says. */
export function liveStatus(order: Order): OrderStatus {
  return order.filled > 0 ? 'partially_filled' : 'working';
}

function settleLive(order: Order, at: number, why: string): void {
  if (order.filled >= order.size && order.size > 0) transition(order, 'filled', at, why);
  else transition(order, liveStatus(order), at, why);
}

/** Applies a venue's view of the order, from a command reply, the stream or reconciliation. */
export function applyVenueUpdate(
  order: Order,
  update: VenueOrderUpdate,
  source: CommandAction | 'stream' | 'reconcile',
  at: number,
): void {
  const { sizeScale, priceScale } = order.intent;
  const id = update.venueOrderId;
  if (id && order.previousIds?.includes(id)) {
    log.info('update for a replaced venue order ignored', { clientOrderId: order.intent.clientOrderId, id });
    return;
  }
  if (id && order.venueOrderId && id !== order.venueOrderId) {
    if (source !== 'modify' && source !== 'reconcile') {
      log.info('update under an unexpected venue order id ignored', {
        clientOrderId: order.intent.clientOrderId,
        id,
      });
      return;
    }
    // Cancel/replace modify (Finery): the order lives on under a new venue id.
    order.previousIds = [...(order.previousIds ?? []), order.venueOrderId];
    order.venueOrderId = id;
  }
  if (!order.venueOrderId && id) order.venueOrderId = id;
  if (source === 'modify' || source === 'reconcile') {
    const gone = order.deferredCancel?.venueOrderId;
    if (gone && gone !== order.venueOrderId && !order.previousIds?.includes(gone)) {
      order.previousIds = [...(order.previousIds ?? []), gone];
    }
    order.deferredCancel = undefined;
  }
  // After a cancel-replace the venue order reports only its own part of the trader's order.
  const base = order.legBase ?? 0;
  const venueFilled = tryScaled(update.filled, sizeScale);
  if (venueFilled !== undefined && base + venueFilled > order.filled) order.filled = base + venueFilled;
  if (update.averagePrice !== undefined) order.venueAveragePrice = update.averagePrice;
  order.updatedAt = at;

  switch (update.status) {
    case 'filled':
    case 'cancelled':
    case 'expired':
    case 'rejected': {
      if (update.status === 'cancelled' && order.status === 'modify_pending' && source === 'stream') {
        // Possibly the replaced leg of a cancel/replace: the modify's own answer decides.
        order.deferredCancel = { venueOrderId: id, ...(update.reason ? { reason: update.reason } : {}) };
        return;
      }
      if (update.status === 'filled' && order.size > order.filled) order.filled = order.size;
      if (isTerminal(order.status) && !canTransition(order.status, update.status)) {
        log.info('late venue update after a final state ignored', {
          clientOrderId: order.intent.clientOrderId,
          status: order.status,
          venueStatus: update.status,
        });
        return;
      }
      if (transition(order, update.status, at, `venue ${source}`)) {
        if (update.reason) order.reason = update.reason;
        order.pendingModify = undefined;
        order.pendingCancel = undefined;
      }
      return;
    }
    default:
      break;
  }

  // A live status from the venue.
  if (isTerminal(order.status)) {
    log.info('live venue update for a finished order ignored', {
      clientOrderId: order.intent.clientOrderId,
      status: order.status,
      source,
    });
    return;
  }
  const takeVenueTerms = () => {
    const size = tryScaled(update.size, sizeScale);
    const price = tryScaled(update.price, priceScale);
    if (size !== undefined && size > 0) order.size = base + size;
    if (price !== undefined) order.price = price;
  };
  if (source === 'modify' || (source === 'reconcile' && order.status === 'modify_pending')) {
    // The reply to our modify (or, after a restart, the venue's current terms) is the truth.
    takeVenueTerms();
    order.pendingModify = undefined;
    settleLive(order, at, `venue ${source}`);
    return;
  }
  if (order.status === 'modify_pending' || order.status === 'cancel_pending') {
    // Stays pending until the command's own answer; only the fill quantity moves.
    if (order.filled >= order.size) transition(order, 'filled', at, 'filled while a command was pending');
    return;
  }
  if (update.status === 'pending' && order.status === 'pending') return;
  if (source === 'reconcile' || source === 'place') takeVenueTerms();
  settleLive(order, at, `venue ${source}`);
}

/** Fill bookkeeping on the order itself (positions are kept elsewhere). */
export function applyFillToOrder(order: Order, size: number, cost: bigint, at: number): void {
  order.fillSize += size;
  order.fillCost += cost;
  if (order.fillSize > order.filled) order.filled = order.fillSize;
  order.updatedAt = at;
  if (order.filled >= order.size) {
    if (order.status !== 'rejected' && transition(order, 'filled', at, 'fill')) {
      order.pendingModify = undefined;
      order.pendingCancel = undefined;
    }
    return;
  }
  if (order.status === 'pending' || order.status === 'working')
    transition(order, 'partially_filled', at, 'fill');
}
