// The order core's state, rebuilt from journal records and nothing else: live operation appends
// a record and then applies it here, and a restart replays the same records through the same
// function, so what the trader saw before a crash is what comes back after it.
import type { RiskLimits } from '../../shared/contract/orders';
import type { VenueId } from '../../shared/domain';
import { parseScaled } from '../../shared/decimal';
import { createLogger } from '../base/log';
import type { VenueFill, VenueOrderUpdate } from '../venues/common/adapter';
import { applyFillToOrder, applyVenueUpdate, liveStatus, transition } from './lifecycle';
import { parseBig } from '../../shared/decimal';
import { crc32 } from './journal';
import { FILL_PRICE_EXTRA, PositionBook } from './positions';
import { applyReplaceRecord, applyReplaceRefused, applyReplaceUpdate, startReplace } from './replace-leg';
import type { FillRecord, JournalRecord, Order, OrderIntent, ParentRecord } from './types';
import { isLive } from './types';

const log = createLogger('orders.store');

export interface Changes {
  orders: Set<string>;
  fills: FillRecord[];
  risk: boolean;
}

export const DEFAULT_LIMITS: RiskLimits = { defaults: {}, instruments: [] };

const vkey = (venue: VenueId, id: string) => `${venue}:${id}`;
const fillKey = (f: Pick<VenueFill, 'venue' | 'venueOrderId' | 'fillId'>) =>
  JSON.stringify([f.venue, f.venueOrderId, f.fillId]);

export class OrderStore {
  readonly orders = new Map<string, Order>();
  readonly fills = new Map<string, FillRecord>();
  readonly positions = new PositionBook();
  readonly parents = new Map<string, ParentRecord>();
  private readonly byVenueOrderId = new Map<string, string>();
  private readonly byKey = new Map<string, string>();
  /** Fills whose order we cannot place yet (fill before the place reply), by venue order id. */
  private readonly orphans = new Map<string, FillRecord[]>();
  readonly lastFillAt = new Map<VenueId, number>();
  killed = false;
  limits: RiskLimits = DEFAULT_LIMITS;
  firstRecordAt: number | undefined;
  /** Records that could not be applied: kept in the journal, reported until acknowledged. */
  readonly setAside: { id: string; kind: string; at: number; error: string }[] = [];
  readonly acknowledged = new Set<string>();

  /**
   * A fill is one venue order's execution: venues reuse fill ids across sessions and orders, so
   * the id alone would merge (and drop) distinct fills.
   */
  hasFill(fill: Pick<VenueFill, 'venue' | 'venueOrderId' | 'fillId'>): boolean {
    return this.fills.has(fillKey(fill));
  }

  /** Finds our order for a venue message by client id, idempotency key or venue order id. */
  find(
    venue: VenueId,
    ids: { clientOrderId?: string; idempotencyKey?: string; venueOrderId?: string },
  ): Order | undefined {
    const byCid = ids.clientOrderId ? this.orders.get(ids.clientOrderId) : undefined;
    if (byCid && byCid.intent.venue === venue) return byCid;
    const cid =
      (ids.idempotencyKey && this.byKey.get(vkey(venue, ids.idempotencyKey))) ||
      (ids.venueOrderId && this.byVenueOrderId.get(vkey(venue, ids.venueOrderId)));
    return cid ? this.orders.get(cid) : undefined;
  }

  liveOrders(venue?: VenueId): Order[] {
    return [...this.orders.values()].filter((o) => isLive(o.status) && (!venue || o.intent.venue === venue));
  }

  apply(r: JournalRecord, changes: Changes = { orders: new Set(), fills: [], risk: false }): Changes {
    this.firstRecordAt ??= r.at;
    try {
      this.applyRecord(r, changes);
    } catch (error) {
      // One record we cannot make sense of must not stop the rest from replaying (or the app
      // from starting); it stays in the journal for inspection.
      log.error('order journal record could not be applied', { kind: r.k, error });
      const id = `aside-${r.at}-${crc32(Buffer.from(JSON.stringify(r))).toString(16)}`;
      this.setAside.push({
        id,
        kind: String(r.k),
        at: Number(r.at) || 0,
        error: (error instanceof Error ? error.message : String(error)).slice(0, 200),
      });
    }
    return changes;
  }

  private applyRecord(r: JournalRecord, changes: Changes): void {
    switch (r.k) {
      case 'place':
      case 'adopt': {
        if (this.orders.has(r.intent.clientOrderId)) break;
        const order = this.create(r.intent, r.at, r.k === 'adopt');
        transition(order, 'pending', r.at, r.k);
        if (r.k === 'adopt') this.venueUpdate(order, r.update, 'reconcile', r.at);
        changes.orders.add(order.intent.clientOrderId);
        break;
      }
      case 'modify':
      case 'cancel': {
        const order = this.orders.get(r.cid);
        if (!order) break;
        if (r.k === 'modify' && transition(order, 'modify_pending', r.at, 'modify sent')) {
          if (r.replace) startReplace(order, r.key, { price: r.price, size: r.size });
          else order.pendingModify = { key: r.key, price: r.price, size: r.size };
        } else if (r.k === 'cancel' && transition(order, 'cancel_pending', r.at, 'cancel sent')) {
          order.pendingCancel = { key: r.key };
        }
        changes.orders.add(r.cid);
        break;
      }
      case 'reply':
      case 'update': {
        const order = r.k === 'reply' ? this.orders.get(r.cid) : this.find(r.update.venue, r.update);
        if (order) {
          this.venueUpdate(
            order,
            r.update,
            r.k === 'reply' ? r.action : r.reconcile ? 'reconcile' : 'stream',
            r.at,
          );
          changes.orders.add(order.intent.clientOrderId);
        }
        break;
      }
      case 'failed': {
        const order = this.orders.get(r.cid);
        if (!order || !r.final) break;
        const reason = `${r.action} refused by the venue: ${r.message}`;
        if (r.action === 'place' && transition(order, 'rejected', r.at, reason)) order.reason = r.message;
        // A refused replacement (cancel-replace) ends the order: the replaced one is gone.
        const replaceRefused = r.action === 'modify' && applyReplaceRefused(order, r.message, r.at);
        if (r.action === 'modify' && !replaceRefused && order.status === 'modify_pending') {
          order.pendingModify = undefined;
          order.reason = reason;
          const cancelled = order.deferredCancel;
          order.deferredCancel = undefined;
          // The venue cancelled the order while refusing the modify: that cancel was real.
          if (cancelled && transition(order, 'cancelled', r.at, reason))
            order.reason = cancelled.reason ?? reason;
          else transition(order, liveStatus(order), r.at, reason);
        }
        if (r.action === 'cancel' && order.status === 'cancel_pending') {
          order.pendingCancel = undefined;
          order.reason = reason;
          transition(order, liveStatus(order), r.at, reason);
        }
        changes.orders.add(r.cid);
        break;
      }
      case 'replace': {
        const order = this.orders.get(r.cid);
        if (!order) break;
        applyReplaceRecord(order, r);
        const key = order.pendingModify?.replace ? order.pendingModify.key : undefined;
        if (key) this.byKey.set(vkey(order.intent.venue, key), r.cid);
        changes.orders.add(r.cid);
        break;
      }
      case 'fill':
        this.fill(
          { fill: r.fill, canonical: r.canonical, priceScale: r.priceScale, sizeScale: r.sizeScale },
          r.at,
          changes,
        );
        break;
      case 'resolve': {
        const order = this.orders.get(r.cid);
        if (order && transition(order, r.status, r.at, r.reason)) {
          order.reason = r.reason;
          order.pendingCancel = undefined;
          order.pendingModify = undefined;
          changes.orders.add(r.cid);
        }
        break;
      }
      case 'parent':
        this.parents.set(r.parent.parentId, r.parent);
        break;
      case 'kill':
        this.killed = r.killed;
        changes.risk = true;
        break;
      case 'limits':
        this.limits = r.limits;
        changes.risk = true;
        break;
      case 'ack':
        this.acknowledged.add(r.id);
        changes.risk = true;
        break;
    }
  }

  private create(intent: OrderIntent, at: number, adopted: boolean): Order {
    const order: Order = {
      intent,
      size: parseScaled(intent.size, intent.sizeScale),
      price: intent.price !== undefined ? parseScaled(intent.price, intent.priceScale) : undefined,
      status: 'new',
      filled: 0,
      fillSize: 0,
      fillCost: 0n,
      adopted,
      createdAt: at,
      updatedAt: at,
    };
    this.orders.set(intent.clientOrderId, order);
    this.byKey.set(vkey(intent.venue, intent.idempotencyKey), intent.clientOrderId);
    return order;
  }

  private venueUpdate(
    order: Order,
    update: VenueOrderUpdate,
    source: Parameters<typeof applyVenueUpdate>[2],
    at: number,
  ): void {
    const had = order.venueOrderId;
    if (!applyReplaceUpdate(order, update, at)) applyVenueUpdate(order, update, source, at);
    if (order.venueOrderId && order.venueOrderId !== had) {
      const key = vkey(order.intent.venue, order.venueOrderId);
      this.byVenueOrderId.set(key, order.intent.clientOrderId);
      const waiting = this.orphans.get(key);
      if (waiting) {
        this.orphans.delete(key);
        for (const f of waiting) this.attachFill(order, f, at);
      }
    }
  }

  private fill(rec: FillRecord, at: number, changes: Changes): void {
    const { fill } = rec;
    const key = fillKey(fill);
    if (this.fills.has(key)) return;
    const position = {
      venue: fill.venue,
      market: fill.market,
      canonical: rec.canonical,
      side: fill.side,
      price: fill.price,
      size: fill.size,
      marketPriceScale: rec.priceScale,
      sizeScale: rec.sizeScale,
    };
    try {
      try {
        this.positions.apply({ ...position, fee: fill.fee, feeCurrency: fill.feeCurrency });
      } catch (error) {
        // A fee we cannot read must not cost the trader the position itself: it moves without it.
        if (fill.fee === undefined) throw error;
        log.error('fill fee could not be counted', { venue: fill.venue, fillId: fill.fillId, error });
        this.positions.apply(position);
      }
    } catch (error) {
      // Kept for the audit trail; it cannot move a position it does not parse into.
      log.error('fill could not be applied to positions', { venue: fill.venue, fillId: fill.fillId, error });
    }
    this.fills.set(key, rec);
    this.lastFillAt.set(fill.venue, Math.max(this.lastFillAt.get(fill.venue) ?? 0, fill.at));
    changes.fills.push(rec);
    const order = this.find(fill.venue, {
      clientOrderId: fill.clientOrderId,
      venueOrderId: fill.venueOrderId,
    });
    if (!order) {
      const okey = vkey(fill.venue, fill.venueOrderId);
      this.orphans.set(okey, [...(this.orphans.get(okey) ?? []), rec]);
      return;
    }
    if (!order.venueOrderId && fill.venueOrderId) {
      // The fill can be the first we hear of the venue's id (its place reply was lost).
      order.venueOrderId = fill.venueOrderId;
      this.byVenueOrderId.set(vkey(fill.venue, fill.venueOrderId), order.intent.clientOrderId);
    }
    this.attachFill(order, rec, at);
    changes.orders.add(order.intent.clientOrderId);
  }

  private attachFill(order: Order, rec: FillRecord, at: number): void {
    rec.clientOrderId = order.intent.clientOrderId;
    try {
      const size = parseScaled(rec.fill.size, rec.sizeScale);
      const cost = parseBig(rec.fill.price, rec.priceScale + FILL_PRICE_EXTRA) * BigInt(size);
      applyFillToOrder(order, size, cost, at);
    } catch (error) {
      log.error('fill could not be applied to its order', { fillId: rec.fill.fillId, error });
    }
  }
}
