// Modify on a venue that cannot modify (Paxos) as cancel-replace, the sending half. The intent is
// journaled first; the cancel of the working venue order goes out; only once the venue confirms
// it (a cancelled update: the cancel's reply, the stream or reconciliation) is the replacement
// journaled, for what is left after every fill the replaced order had (those that came between
// the cancel and its confirmation too), and sent under its own idempotency key. Nothing left: no
// replacement. A refused cancel fails the modify with the venue's reason and the order stays.
// The state half (how those records and updates move the order) is replace-leg.ts; a restart
// resumes from whatever the journal holds through resume(), which reconciliation calls.
import type { VenueId } from '../../shared/domain';
import { formatScaled } from '../../shared/decimal';
import { createLogger } from '../base/log';
import type { VenueAdapter } from '../venues/common/adapter';
import { ContractError } from '../../shared/contract/errors';
import type { OrderLedger, OrderSending, SendResult } from './ports';
import { replacementSize } from './replace-leg';
import type { Changes } from './store';
import { venueName, withTimeout } from './venue-link';

const log = createLogger('orders.replace');

export interface CancelReplaceDeps extends OrderLedger, OrderSending {
  adapter(venue: VenueId): VenueAdapter | undefined;
  timeoutMs: number;
}

export class CancelReplace {
  /** Replacements being journaled and sent, by client order id. */
  private readonly placing = new Map<string, Promise<SendResult | undefined>>();

  constructor(private readonly deps: CancelReplaceDeps) {}

  /**
   * Journals the modify and sends the cancel; resolves once the cancel was answered and, when
   * that answer confirmed it, the replacement was answered too.
   */
  async start(cid: string, key: string, change: { price?: string; size?: string }): Promise<void> {
    const m = this.deps;
    m.commit([{ k: 'modify', at: m.now(), cid, key, ...change, replace: true }]);
    const cancelled = await m.send(cid, 'modify');
    if (!cancelled.ok && cancelled.final) throw new ContractError('REJECTED', cancelled.message);
    const replaced = await this.placing.get(cid);
    if (replaced && !replaced.ok && replaced.final)
      throw new ContractError('REJECTED', `the replacement order was refused: ${replaced.message}`);
  }

  /** After every commit: an order whose replaced venue order is confirmed cancelled gets its replacement. */
  afterCommit(changes: Changes): void {
    for (const cid of changes.orders) {
      const o = this.deps.store.orders.get(cid);
      if (o?.pendingModify?.replace?.phase === 'confirmed' && !this.placing.has(cid)) this.replace(cid);
    }
  }

  /** Reconciliation's step for an order caught mid-way (a restart, an answer that never came). */
  async resume(cid: string): Promise<void> {
    const m = this.deps;
    const o = m.store.orders.get(cid);
    const leg = o?.pendingModify?.replace;
    if (!o || !leg || m.isInFlight(cid)) return;
    if (leg.phase === 'confirmed') this.replace(cid);
    if (leg.phase !== 'place' || o.venueOrderId) {
      // Cancel again (the venue answers a cancelled order with its final state) or wait for the replacement.
      if (leg.phase === 'cancel') await m.send(cid, 'modify', { retries: 0, fromReconcile: true });
      await this.placing.get(cid);
      return;
    }
    if (this.placing.has(cid)) {
      await this.placing.get(cid);
      return;
    }
    // The replacement was journaled but never answered: ask the venue before sending it again.
    const adapter = m.adapter(o.intent.venue);
    if (adapter?.lookupOrder) {
      const ref = { clientOrderId: cid, idempotencyKey: o.pendingModify!.key, market: o.intent.market };
      const found = await withTimeout(
        adapter.lookupOrder(ref),
        m.timeoutMs,
        `order lookup on ${venueName(o.intent.venue)}`,
      );
      if (found) {
        m.commit([{ k: 'reply', at: m.now(), cid, action: 'modify', update: found }]);
        return;
      }
    }
    await m.send(cid, 'modify', { fromReconcile: true });
  }

  private replace(cid: string): void {
    const run = async () => {
      // Out of the commit that confirmed the cancel, so its listeners have all heard it first.
      await Promise.resolve();
      const m = this.deps;
      const o = m.store.orders.get(cid);
      const leg = o?.pendingModify?.replace;
      if (!o || !leg || leg.phase !== 'confirmed' || o.status !== 'modify_pending') return undefined;
      const i = o.intent;
      const size = replacementSize(o);
      const price =
        o.pendingModify!.price ?? (o.price !== undefined ? formatScaled(o.price, i.priceScale) : undefined);
      m.commit([
        {
          k: 'replace',
          at: m.now(),
          cid,
          from: leg.from,
          base: formatScaled(o.filled, i.sizeScale),
          size: formatScaled(size, i.sizeScale),
          ...(price !== undefined ? { price } : {}),
        },
      ]);
      if (size <= 0) return undefined;
      const placed = await m.send(cid, 'modify');
      // The trader cancelled while the replacement was on its way: it goes now that it has an id.
      const after = m.store.orders.get(cid)!;
      if (after.status === 'cancel_pending' && after.venueOrderId) await m.send(cid, 'cancel');
      return placed;
    };
    const p = run()
      .catch((error) => {
        log.error('replacement could not be placed; reconciliation retries', { cid, error });
        return undefined;
      })
      .finally(() => this.placing.delete(cid));
    this.placing.set(cid, p);
  }
}
