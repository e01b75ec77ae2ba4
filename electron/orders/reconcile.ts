// Reconciliation with a venue after a start, a reconnect or an unknown command outcome. Order of
// work matters: fills first (deduplicated by venue order id and the venue's fill id) so quantities are right, then
// the venue's open orders (known ones updated, unknown ones adopted), then our live orders the
// venue no longer lists, resolved by asking the venue: a place we never heard back about is
// resent under its persisted idempotency key (the venue answers with the order it already has,
// or creates the one and only), anything else is cancelled, and the venue's answer settles it.
import { randomUUID } from 'node:crypto';
import type { VenueId } from '../../shared/domain';
import { createLogger } from '../base/log';
import type { VenueFill, VenueOrderUpdate } from '../venues/common/adapter';
import type { OrderLedger, OrderSending, RiskAlerts, VenueAccess } from './ports';
import { tryScaled } from '../../shared/decimal';
import type { JournalRecord, OrderIntent } from './types';
import { isTerminal } from './types';
import { venueName, withTimeout } from './venue-link';

const log = createLogger('orders.reconcile');

/** How far back fills are re-read before the last one we hold: venue clocks and late reports. */
export const FILL_LOOKBACK_MS = 10 * 60_000;
const ONCE = { retries: 0, fromReconcile: true };
/** What reconciliation works with: the ledger, the sender, the venues and the risk alerts. */
export type ReconcileDeps = OrderLedger &
  OrderSending &
  VenueAccess &
  RiskAlerts & {
    /** Takes an order caught in a cancel-replace on from where it stands (cancel-replace.ts). */
    resumeReplace?(cid: string): Promise<void>;
  };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class Reconciler {
  private readonly running = new Map<VenueId, Promise<void>>();
  private readonly again = new Set<VenueId>();
  /** Venues whose last reconciliation succeeded. */
  readonly reconciled = new Set<VenueId>();

  constructor(private readonly deps: ReconcileDeps) {}

  /** Runs (or queues one more run after the current one) for a venue. */
  run(venue: VenueId): Promise<void> {
    const current = this.running.get(venue);
    if (current) {
      this.again.add(venue);
      return current;
    }
    const p = this.once(venue)
      .catch((error) => {
        this.reconciled.delete(venue);
        log.warn('reconciliation failed; retried when the venue is back', { venue, error });
      })
      .finally(() => {
        this.running.delete(venue);
        if (this.again.delete(venue)) void this.run(venue);
      });
    this.running.set(venue, p);
    return p;
  }

  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running.values()]);
  }

  /** Undefined (and logged) when the venue's numbers do not fit the market's decimals. */
  adoptRecord(u: VenueOrderUpdate): Extract<JournalRecord, { k: 'adopt' }> | undefined {
    const m = this.deps;
    const scales = m.scalesOf(u.venue, u.market);
    const cid =
      u.clientOrderId && UUID.test(u.clientOrderId) && !m.store.orders.has(u.clientOrderId)
        ? u.clientOrderId
        : randomUUID();
    const intent: OrderIntent = {
      clientOrderId: cid,
      idempotencyKey: u.idempotencyKey ?? `adopted:${u.venueOrderId}`,
      venue: u.venue,
      market: u.market,
      canonical: scales.canonical,
      side: u.side,
      type: u.type,
      timeInForce: 'GTC',
      size: u.size,
      priceScale: scales.priceScale,
      sizeScale: scales.sizeScale,
      oneClick: false,
      ...(u.price !== undefined ? { price: u.price } : {}),
    };
    if (
      tryScaled(u.size, scales.sizeScale) === undefined ||
      (u.price !== undefined && tryScaled(u.price, scales.priceScale) === undefined)
    ) {
      log.error('cannot adopt a venue order whose numbers do not fit the market', {
        venue: u.venue,
        venueOrderId: u.venueOrderId,
      });
      return undefined;
    }
    return { k: 'adopt', at: m.now(), intent, update: u };
  }

  private async once(venue: VenueId): Promise<void> {
    const m = this.deps;
    const adapter = m.adapter(venue);
    if (!adapter) return;
    const t = m.timeoutMs;
    const open = await withTimeout(adapter.openOrders(), t, `open orders from ${venueName(venue)}`);
    const fills = await withTimeout(
      adapter.fillsSince(this.fillsFrom(venue)),
      t,
      `fills from ${venueName(venue)}`,
    );

    const seen = new Set<string>();
    const fillRecords: JournalRecord[] = [];
    for (const f of [...fills].sort((a, b) => a.at - b.at) as VenueFill[]) {
      const key = `${f.venueOrderId}\n${f.fillId}`;
      if (f.venue !== venue || seen.has(key) || m.store.hasFill(f)) continue;
      seen.add(key);
      fillRecords.push({ k: 'fill', at: m.now(), fill: f, ...m.scalesOf(venue, f.market) });
    }
    m.commit(fillRecords);

    const openCids = new Set<string>();
    const records: JournalRecord[] = [];
    for (const u of open) {
      if (u.venue !== venue) continue;
      const known = m.store.find(venue, u);
      if (known) {
        openCids.add(known.intent.clientOrderId);
        records.push({ k: 'update', at: m.now(), update: u, reconcile: true });
      } else if (!isTerminal(u.status)) {
        const adopt = this.adoptRecord(u);
        if (!adopt) continue;
        openCids.add(adopt.intent.clientOrderId);
        records.push(adopt);
        m.riskEvent(
          'reconciled',
          'warning',
          `Adopted a working ${u.side} order ${u.size} ${u.market} on ${venueName(venue)} that Crossbook did not know about.`,
          venue,
        );
      }
    }
    m.commit(records);

    const followUps: Promise<unknown>[] = [];
    for (const o of m.store.liveOrders(venue)) {
      const cid = o.intent.clientOrderId;
      if (m.isInFlight(cid)) continue;
      if (o.status === 'modify_pending' && o.pendingModify?.replace && m.resumeReplace) {
        followUps.push(m.resumeReplace(cid));
        continue;
      }
      if (openCids.has(cid)) {
        // Still open: a cancel we had sent may never have arrived; send it again (same key).
        if (o.status === 'cancel_pending') followUps.push(m.send(cid, 'cancel', ONCE));
        continue;
      }
      if (o.filled >= o.size) {
        m.commit([
          {
            k: 'resolve',
            at: m.now(),
            cid,
            status: 'filled',
            reason: 'filled (confirmed on reconciliation)',
          },
        ]);
      } else if (!o.venueOrderId) {
        if (m.store.killed || o.status === 'cancel_pending') {
          // Never resend a place after a kill or a cancel: the order is not open, so it is not live.
          m.commit([
            {
              k: 'resolve',
              at: m.now(),
              cid,
              status: 'cancelled',
              reason: `not open at ${venueName(venue)}; not resent after a cancel`,
            },
          ]);
        } else {
          followUps.push(this.lookUpThenResend(cid));
        }
      } else {
        followUps.push(this.settleMissing(cid));
      }
    }
    await Promise.all(followUps);
    this.reconciled.add(venue);
    log.info('reconciled', { venue, open: open.length, newFills: fillRecords.length });
  }

  /**
   * A place we never heard back about (a crash, a lost reply) and the venue does not list as
   * open: ask the venue for it by its idempotency key first, so it is never sent twice; resend
   * only what the venue has never seen. An adapter without the lookup relies on the venue
   * honouring the idempotency key of the resend.
   */
  private async lookUpThenResend(cid: string): Promise<void> {
    const m = this.deps;
    const o = m.store.orders.get(cid)!;
    const adapter = m.adapter(o.intent.venue);
    if (adapter?.lookupOrder) {
      const { clientOrderId, idempotencyKey, market } = o.intent;
      const found = await withTimeout(
        adapter.lookupOrder({ clientOrderId, idempotencyKey, market }),
        m.timeoutMs,
        `order lookup on ${venueName(o.intent.venue)}`,
      );
      if (found) {
        m.commit([{ k: 'reply', at: m.now(), cid, action: 'place', update: found }]);
        return;
      }
    }
    await m.send(cid, 'place', { fromReconcile: true });
  }

  /** A live local order the venue does not list: cancel it, and let the answer decide. */
  private async settleMissing(cid: string): Promise<void> {
    const m = this.deps;
    const o = m.store.orders.get(cid)!;
    if (o.status !== 'cancel_pending') {
      const key = m.adapter(o.intent.venue)!.idempotencyKeyFor(randomUUID());
      m.commit([{ k: 'cancel', at: m.now(), cid, key }]);
    }
    await m.send(cid, 'cancel', ONCE);
    const after = m.store.orders.get(cid)!;
    if (!isTerminal(after.status) && !m.isInFlight(cid)) {
      m.commit([
        {
          k: 'resolve',
          at: m.now(),
          cid,
          status: 'cancelled',
          reason: `no longer open at ${venueName(o.intent.venue)} (found on reconciliation)`,
        },
      ]);
    }
  }

  private fillsFrom(venue: VenueId): number {
    const m = this.deps;
    let from = m.store.lastFillAt.get(venue) ?? Infinity;
    for (const o of m.store.liveOrders(venue)) from = Math.min(from, o.createdAt);
    if (!Number.isFinite(from)) from = m.store.firstRecordAt ?? m.now();
    return Math.max(0, from - FILL_LOOKBACK_MS);
  }
}
